// SPDX-License-Identifier: MIT
#pragma once

#include "history.h"
#include "isolationlevel.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace interleave {

// One row of the table as one session sees it at a point of the run, or a newer version of it the session cannot see.
struct SessionRow {
    enum class Visibility : quint8 {
        Committed, // committed where the session's snapshot allows it (or an initial row)
        Own, // the session's own write, not committed yet
        Dirty, // another session's uncommitted write, read as READ UNCOMMITTED reads (MySQL only)
        Uncommitted, // hidden: another session's write, not committed yet
        AfterSnapshot, // hidden: committed after the session's snapshot was taken
    };
    qint64 row = 0;
    int version = -1; // index into History::versions
    Visibility visibility = Visibility::Committed;
    int writer = -1; // the worker whose write it is; -1 for an initial row

    bool visible() const { return visibility <= Visibility::Dirty; }
};

// A SELECT whose rows are not the rows the session could see, as SessionView works them out: a finding, shown.
struct SessionMismatch {
    int event = -1;
    int worker = -1;
    QStringList expected; // "id 1: user_id = 'u1', name = 'foo'", the view's rows its condition selects
    QStringList returned; // the same for the rows it returned
    QString sentence; // "B's statement 4 (SELECT ...) returned 0 rows, but what B could see holds 1: id 1 (...)"
};

// What each session of a run sees of the table, worked out from the trace, its History and the isolation level the
// run ran at: at a point of the run (a position in CausalOrder), the rows a SELECT of that session would return.
//
// - Its own writes, not yet committed: visible to it alone.
// - Another session's uncommitted writes: hidden (kept, marked "not visible to A"); READ UNCOMMITTED on MySQL reads
//   them (PostgreSQL's READ UNCOMMITTED is READ COMMITTED).
// - Committed writes as its snapshot allows. READ COMMITTED: committed before the statement. PostgreSQL's
//   REPEATABLE READ and SERIALIZABLE: committed before the transaction's first statement other than BEGIN ("All
//   statements of the current transaction can only see rows committed before the first query or data-modification
//   statement was executed in this transaction", https://www.postgresql.org/docs/current/sql-set-transaction.html).
//   InnoDB's REPEATABLE READ: committed before the transaction's first consistent (non-locking) read ("all
//   consistent reads within the same transaction read the snapshot established by the first such read",
//   https://dev.mysql.com/doc/refman/8.4/en/innodb-consistent-read.html; MariaDB creates the read view "lazily only
//   when the first read operation is performed", https://mariadb.com/docs/server/ha-and-performance/
//   standard-replication/enhancements-for-start-transaction-with-consistent-snapshot/), while a locking read (FOR
//   UPDATE, FOR SHARE) reads the latest committed rows (https://dev.mysql.com/doc/refman/8.4/en/
//   innodb-locking-reads.html), as every read of InnoDB's SERIALIZABLE does. SQLite, serializable: a deferred
//   transaction's snapshot is taken when it first reads the database, BEGIN IMMEDIATE's at BEGIN, and "changes ...
//   committed by other connections are not visible" to it until it ends (https://sqlite.org/isolation.html); with
//   one writer at a time both come to its first statement after BEGIN.
class SessionView {
public:
    SessionView(const Scenario& scenario, const Trace& trace, const History& history);

    // The events in the order they took effect (CausalOrder); a position p means the first p of them have.
    const QList<int>& order() const { return m_order; }
    // How many statements have taken effect at `ns` of the run: those that ended by then, in causal order.
    int positionAt(qint64 ns) const;
    // What `worker` would see if it read the whole table at `position`, row by row (ordered by row id): the version
    // it sees, then any newer version hidden from it. A row it sees deleted is left out.
    QList<SessionRow> at(int worker, int position) const;
    // Every committed row at `position`: what a new transaction would see.
    QList<SessionRow> committedAt(int position) const;

    // "not visible to A: B has not committed it" for a hidden row; "A's own write, not committed yet"; empty for a
    // committed row.
    QString reason(const SessionRow& row, int viewer) const;

    // Every SELECT of every worker whose rows can be told (a read of known form, no error, every row kept, not an
    // aggregate): the view at that SELECT filtered by its condition, against the rows it returned.
    struct Check {
        int checked = 0; // SELECTs compared
        QList<SessionMismatch> mismatches;
    };
    Check check() const;

    IsolationLevel level() const { return m_level; }

private:
    struct Snapshot {
        int transaction = -1; // the session's open transaction; -1: none (between transactions)
        int at = 0; // committed before this position is visible
        int ownBefore = 0; // its own writes before this position are visible
    };
    QList<SessionRow> rows(int worker, const Snapshot& snapshot, int position) const;
    Snapshot snapshotFor(int worker, int transaction, int event, int position) const;
    int endPosition(int transaction) const; // where it ended, or a position after every event while open
    bool liveAt(const RowVersion& v, int position) const; // written and not rolled back at `position`
    bool consistentRead(int event) const;
    bool selects(const RowAccess& access, const RowVersion& v) const;

    const Scenario& m_scenario;
    const Trace& m_trace;
    const History& m_history;
    IsolationLevel m_level;
    QList<int> m_order;
    QHash<int, int> m_position; // event -> its index in m_order
};

} // namespace interleave
