// SPDX-License-Identifier: MIT
#include "matrixdocumented.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace interleave {

namespace MatrixDocumented {

namespace {

// One letter a column: O occurred, B prevented by blocking, A prevented by abort, P prevented (snapshot or
// committed reads). Columns: SQLite deferred/rollback journal, immediate/rollback journal, deferred/WAL,
// immediate/WAL; PostgreSQL read uncommitted, read committed, repeatable read, serializable; MySQL/MariaDB the same
// four levels.
//
// SQLite (isolation.html, lockingv3.html, wal.html): one writer at a time. With a rollback journal a writer's
// commit waits for the readers' shared locks, and a transaction that has read cannot wait to become the writer
// while another writes (it fails at once with SQLITE_BUSY, "database is locked"); in WAL mode readers read a
// snapshot and never block, and a reader whose snapshot is stale cannot become the writer (SQLITE_BUSY_SNAPSHOT).
// BEGIN IMMEDIATE takes the write lock at BEGIN, so a second immediate transaction waits for the first to end.
// PostgreSQL (manual 13.2; Hermitage postgres.md): no dirty reads at any level (read uncommitted is read
// committed); repeatable read is snapshot isolation with first-updater-wins (40001); serializable is SSI (40001).
// MySQL/MariaDB InnoDB (Hermitage mysql.md; MariaDB's SET TRANSACTION): read uncommitted reads dirty data;
// repeatable read reads a snapshot but writes the newest committed row (no first-updater-wins); serializable turns
// plain reads into shared-lock reads, which wait for writers and deadlock against each other (1213).
struct Published {
    const char* row;
    const char* cells; // "SQLite PostgreSQL MySQL", 4 letters each
    const char* why; // what the sources say, in one sentence
};

const Published published[] = {
    { "g0", "BBBB BBAA BBBB",
        "every level prevents a write cycle: the second writer waits for the first one's row lock (SQLite: the "
        "database's write lock); PostgreSQL's snapshot levels then refuse the write (40001)" },
    { "g1a", "PBPB PPPP OPPB",
        "only read uncommitted on MySQL/MariaDB reads uncommitted data; PostgreSQL's read uncommitted is read "
        "committed; SQLite readers never see another connection's uncommitted writes" },
    { "g1b", "BBPB PPPP OPPB",
        "only read uncommitted on MySQL/MariaDB reads an intermediate version; with a rollback journal SQLite's "
        "writer must wait for the reader's shared lock to commit" },
    { "g1c", "BBBB PPPA OPPA",
        "only read uncommitted on MySQL/MariaDB reads the other's uncommitted write; serializable refuses the "
        "write skew the committed reads leave (PostgreSQL 40001, InnoDB a deadlock on the shared-lock reads)" },
    { "otv", "BBBB BBAA BBBB",
        "Hermitage: prevented at every level from read committed up; the two writers wait for each other's row "
        "lock, and PostgreSQL's snapshot levels refuse the second writer (40001)" },
    { "pmp", "BBPB OOPP OOPB",
        "Hermitage: read committed allows a predicate read to see a row committed since the first; a snapshot "
        "prevents it, and InnoDB's serializable makes the insert wait for the next-key locks (Hermitage marks "
        "MySQL's repeatable read as allowing PMP only with a write predicate)" },
    { "lost-update", "ABAB OOAA OOOA",
        "Hermitage P4: read committed allows it; PostgreSQL's repeatable read refuses the second update (40001); "
        "InnoDB's repeatable read allows it (no first-updater-wins), its serializable deadlocks (1213); SQLite "
        "refuses the second writer (database is locked)" },
    { "g-single", "BBPB OOPP OOPB",
        "Hermitage G-single: read committed allows read skew; a snapshot (repeatable read) prevents it; InnoDB's "
        "serializable makes the writer wait for the shared-lock reads" },
    { "g2-item", "ABAB OOOA OOOA",
        "Hermitage G2-item: only serializable prevents write skew (PostgreSQL 40001, InnoDB a deadlock 1213); "
        "SQLite refuses the second writer" },
    { "g2", "ABAB OOOA OOOA",
        "Hermitage G2: only serializable prevents an anti-dependency cycle through predicates (PostgreSQL 40001, "
        "InnoDB a deadlock 1213); SQLite refuses the second writer" },
    { "g2-doctors", "ABAB OOOA OOOA",
        "Cahill, Roehm and Fekete (2008); PostgreSQL's manual: snapshot isolation allows the doctors' write skew, "
        "serializable refuses it (40001); InnoDB's serializable deadlocks (1213); SQLite refuses the second writer" },
    { "get-or-create", "OOOO OOOO OOOO",
        "no isolation level helps: each statement of get_or_create runs in its own transaction (autocommit), so "
        "only a unique constraint prevents the duplicate (Django's documentation of get_or_create)" },
    { "counter", "OOOO OOOO OOOO",
        "no isolation level helps: the read and the write are two transactions (autocommit), so the database sees "
        "no conflict; an F() expression or select_for_update() prevents it (Django's documentation)" },
};

int columnIndex(const MatrixColumn& column)
{
    static const QStringList sqlite { u"deferred, rollback journal"_s, u"immediate, rollback journal"_s,
        u"deferred, WAL"_s, u"immediate, WAL"_s };
    static const QStringList server { u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s,
        u"serializable"_s };
    switch (column.backend.kind) {
    case BackendSpec::Kind::Sqlite:
        return int(sqlite.indexOf(column.level));
    case BackendSpec::Kind::Postgresql: {
        const qsizetype i = server.indexOf(column.level);
        return i < 0 ? -1 : int(5 + i);
    }
    case BackendSpec::Kind::Mysql: {
        const qsizetype i = server.indexOf(column.level);
        return i < 0 ? -1 : int(10 + i);
    }
    }
    return -1;
}

std::optional<CellOutcome> fromLetter(char letter)
{
    switch (letter) {
    case 'O':
        return CellOutcome::Occurred;
    case 'B':
        return CellOutcome::PreventedByBlocking;
    case 'A':
        return CellOutcome::PreventedByAbort;
    case 'P':
        return CellOutcome::Prevented;
    default:
        return std::nullopt;
    }
}

} // namespace

std::optional<Entry> of(const QString& row, const MatrixColumn& column)
{
    // MariaDB with innodb_snapshot_isolation=ON (the default from 11.6; 10.6.18+, 10.11.8+ and 11.4.2+ have it, OFF):
    // repeatable read refuses to update a row changed since the transaction's snapshot, with error 1020 ("Record has
    // changed since last read"): a lost update is refused.
    if (row == u"lost-update"_s && column.backend.kind == BackendSpec::Kind::Mysql
        && column.level == u"repeatable read"_s && column.settings.contains(u"innodb_snapshot_isolation=ON"_s))
        return Entry { CellOutcome::PreventedByAbort,
            u"MariaDB's manual (innodb_snapshot_isolation: since 10.6.18, 10.11.8 and 11.4.2, OFF by default there; ON "
            "by default from 11.6): with it ON, repeatable read refuses to update a row changed since the snapshot, "
            "with error 1020"_s };
    const int index = columnIndex(column);
    if (index < 0)
        return std::nullopt;
    for (const Published& p : published) {
        if (row != QLatin1StringView(p.row))
            continue;
        const auto outcome = fromLetter(p.cells[index]);
        if (!outcome)
            return std::nullopt;
        return Entry { *outcome, QString::fromUtf8(p.why) };
    }
    return std::nullopt;
}

void apply(MatrixCell& cell, const QString& row, const MatrixColumn& column)
{
    const auto entry = of(row, column);
    cell.documented = entry ? std::optional<CellOutcome>(entry->outcome) : std::nullopt;
    cell.documentedNote = entry ? entry->note : QString();
}

} // namespace MatrixDocumented

} // namespace interleave
