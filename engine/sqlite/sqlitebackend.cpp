// SPDX-License-Identifier: MIT
#include "sqlitebackend.h"

#include "djangosql.h"
#include "indexexpression.h"
#include "oneline.h"
#include "predicate.h"
#include "sqlitesession.h"

#include <QFileInfo>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

struct Connection {
    sqlite3* db = nullptr;
    ~Connection() { sqlite3_close_v2(db); }
};

// Where each run's database lives. On tmpfs (/dev/shm) SQLite takes the same POSIX locks and runs the same code
// paths, but an fsync costs nothing, which is what makes thousands of trials or schedules affordable.
// INTERLEAVE_DB_DIR chooses another place (a disk, to include fsync in the timing).
QString databaseRoot()
{
    static const QString root = [] {
        QString chosen = qEnvironmentVariable("INTERLEAVE_DB_DIR");
        if (!chosen.isEmpty())
            return chosen;
        const QFileInfo shm(u"/dev/shm"_s);
        return shm.isDir() && shm.isWritable() ? shm.filePath() : QDir::tempPath();
    }();
    return root;
}

} // namespace

SqliteBackend::SqliteBackend(BackendSpec spec)
    : m_spec(std::move(spec))
    , m_dir(databaseRoot() + u"/interleave-XXXXXX"_s)
    , m_path(m_dir.filePath(u"interleave.sqlite3"_s))
{
}

std::optional<QStringList> SqliteBackend::createStatements(const TableSpec& table, QString* error)
{
    // Django's SQLite schema editor: quoted names, an automatic integer primary key, explicit NULL/NOT NULL.
    QStringList columns { u"\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT"_s };
    for (const ColumnSpec& c : table.columns)
        columns.append(DjangoSql::quote(c.name) + u' ' + c.type + (c.nullable ? u" NULL"_s : u" NOT NULL"_s));
    QStringList statements { u"CREATE TABLE "_s + DjangoSql::quote(table.name) + u" ("_s + columns.join(u", "_s)
        + u')' };
    for (qsizetype i = 0; i < table.constraints.size(); ++i) {
        const ConstraintSpec& c = table.constraints[i];
        QStringList cols;
        for (const QString& name : c.columns)
            cols.append(DjangoSql::quote(name));
        // A functional constraint's expressions, each in parentheses as Django's IndexExpression writes them.
        for (const QString& text : c.expressions)
            if (const auto e = IndexExpression::parse(text, table, error))
                cols.append(u'(' + e->sql([](const QString& n) { return DjangoSql::quote(n); }) + u')');
            else
                return std::nullopt;
        QString where;
        if (!c.where.isEmpty()) {
            // The predicate's text never reaches SQLite: SQL written from its parse tree does.
            Predicate::Error problem;
            const auto predicate = Predicate::parse(c.where, table, &problem);
            if (!predicate) {
                *error = oneLine(u"the predicate of %1 (\"%2\"), at character %3: %4"_s.arg(
                    table.constraintName(int(i)), c.where, QString::number(problem.offset + 1), problem.message));
                return std::nullopt;
            }
            where = u" WHERE "_s + predicate->sql(BackendSpec::Kind::Sqlite);
        }
        statements.append(u"CREATE UNIQUE INDEX "_s + DjangoSql::quote(table.constraintName(int(i))) + u" ON "_s
            + DjangoSql::quote(table.name) + u" ("_s + cols.join(u", "_s) + u')' + where);
    }
    return statements;
}

bool SqliteBackend::setUp(const TableSpec& table, QString* error)
{
    auto fail = [&](const QString& what, const DbError& e) {
        if (error)
            *error = u"%1: %2 (SQLite %3)"_s.arg(what, e.message).arg(e.code);
        return false;
    };
    if (!m_dir.isValid()) {
        if (error)
            *error = u"cannot create a temporary directory: "_s + m_dir.errorString();
        return false;
    }
    m_table = table.name;
    Connection c;
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &c.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK)
        return fail(u"cannot create "_s + m_path, SqliteSession::errorOf(c.db, SQLITE_CANTOPEN));
    sqlite3_extended_result_codes(c.db, 1);
    // journal_mode=wal is a property of the file, so it is set once here for every later connection.
    const StatementResult mode = SqliteSession::execOn(c.db, { u"PRAGMA journal_mode = "_s + m_spec.journalMode, {} });
    if (!mode.ok())
        return fail(u"PRAGMA journal_mode"_s, mode.error);
    QString why;
    const auto ddls = createStatements(table, &why);
    if (!ddls) {
        if (error)
            *error = why;
        return false;
    }
    for (const QString& ddl : *ddls) {
        const StatementResult r = SqliteSession::execOn(c.db, { ddl, {} });
        if (!r.ok())
            return fail(ddl, r.error);
    }
    const DjangoSql sql(table);
    for (qsizetype i = 0; i < table.rows.size(); ++i) {
        const StatementResult r = SqliteSession::execOn(c.db, sql.insert(table.rows[i]));
        if (!r.ok())
            return fail(u"initial row %1"_s.arg(i + 1), r.error);
    }
    return true;
}

std::unique_ptr<Session> SqliteBackend::open(const SessionContext& context, QString* error)
{
    return SqliteSession::open(m_path, m_spec, context, m_table, error);
}

std::unique_ptr<Session> SqliteBackend::openHarness(QString* error)
{
    // The trial reset sets PRAGMAs and empties sqlite_sequence, which no worker may do.
    return SqliteSession::open(m_path, m_spec, SessionContext {}, std::nullopt, error);
}

bool SqliteBackend::readRows(const TableSpec& table, QStringList* columns, QList<Row>* rows, QString* error)
{
    Connection c;
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &c.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        if (error)
            *error = u"cannot open "_s + m_path;
        return false;
    }
    const StatementResult r =
        SqliteSession::execOn(c.db, DjangoSql(table).allRows(), RowCollector::tableRows, RowCollector::tableBytes);
    if (!r.ok()) {
        if (error)
            *error = r.error.message;
        return false;
    }
    if (r.rowsDropped > 0) {
        if (error)
            *error = Backend::tableTooLarge(r);
        return false;
    }
    *columns = r.columns;
    *rows = r.rows;
    return true;
}

TrialReset SqliteBackend::trialReset(const Scenario& scenario) const
{
    TrialReset r;
    // The reset is the harness's work, not part of the race: it need not survive a crash, so it skips fsync and,
    // with a rollback journal, keeps its journal in memory (a per-connection setting; WAL, by contrast, belongs
    // to the file and is left alone). The workers keep the scenario's settings.
    r.setup.append(u"PRAGMA synchronous = OFF"_s);
    if (scenario.backend.journalMode != u"wal"_s)
        r.setup.append(u"PRAGMA journal_mode = MEMORY"_s);
    // IMMEDIATE: the read and the reset are one write transaction, so nothing can come between them.
    r.begin = u"BEGIN IMMEDIATE"_s;
    // Deleting the table's sqlite_sequence entry makes AUTOINCREMENT start from 1 again, so every trial's ids
    // (and its example trace) look like a fresh run's.
    const TableSpec& table = scenario.table;
    r.reset = { { u"DELETE FROM "_s + DjangoSql::quote(table.name), {} },
        { u"DELETE FROM sqlite_sequence WHERE name = ?"_s, { table.name } } };
    const DjangoSql sql(table);
    for (const QVariantMap& row : table.rows)
        r.reset.append(sql.insert(row));
    return r;
}

BackendInfo SqliteBackend::info() const
{
    return { u"sqlite"_s, QString::fromLatin1(sqlite3_libversion()),
        { u"journal_mode="_s + m_spec.journalMode, u"begin="_s + m_spec.beginMode,
            u"busy_timeout=%1ms"_s.arg(m_spec.busyTimeoutMs) },
        m_path };
}

} // namespace interleave
