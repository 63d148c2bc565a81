// SPDX-License-Identifier: MIT
// The isolation lab's matrix (issue 18): every anomaly test at every level of SQLite, the test PostgreSQL and the test
// MariaDB, as the matrix runs it (one run of the whole matrix, its database groups in parallel), cell by cell against
// what this file states; the judge's rules on real runs; the documented table and its version rule; cancel; an
// unreachable server; and `interleave matrix` in its four forms.

#include "examples.h"
#include "interleaveprocess.h"
#include "matrixcommand.h"
#include "matrixdocumented.h"
#include "matrixjudge.h"
#include "matrixrunner.h"
#include "runner.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;
using Kind = BackendSpec::Kind;

namespace {

// One row's expected cells, four per database in the matrix's column order: SQLite deferred/rollback journal,
// immediate/rollback journal, deferred/WAL, immediate/WAL; PostgreSQL and MariaDB read uncommitted, read committed,
// repeatable read, serializable. A cell is "O:<anomaly>" occurred, "A:<detail>" prevented by abort, "B:<detail>"
// prevented by blocking, "P" prevented.
struct Expected {
    const char* row;
    QStringList sqlite;
    QStringList postgresql;
    QStringList mysql;
};

// Measured on SQLite 3.40, PostgreSQL 15 and MariaDB 10.11: no cell departs from MatrixDocumented's table (the
// test onlyARunCellDeparts checks every cell has an entry; cell() prints it when one fails). PostgreSQL's read
// uncommitted is its read committed: the two columns are the same everywhere.
const QList<Expected>& expectedCells()
{
    static const QList<Expected> all {
        { "g0", { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s },
            { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"A:40001"_s, u"A:40001"_s },
            { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s } },
        { "g1a", { u"P"_s, u"B:T2 waits for T1"_s, u"P"_s, u"B:T2 waits for T1"_s }, { u"P"_s, u"P"_s, u"P"_s, u"P"_s },
            { u"O:G1a"_s, u"P"_s, u"P"_s, u"B:T2 waits for T1"_s } },
        // SQLite, rollback journal: T1's commit needs the exclusive lock and waits for T2's shared lock (T2 has
        // read); in WAL mode the reader never blocks the writer.
        { "g1b", { u"B:T1 waits for T2"_s, u"B:T2 waits for T1"_s, u"P"_s, u"B:T2 waits for T1"_s },
            { u"P"_s, u"P"_s, u"P"_s, u"P"_s }, { u"O:G1b"_s, u"P"_s, u"P"_s, u"B:T2 waits for T1"_s } },
        { "g1c", { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s },
            { u"P"_s, u"P"_s, u"P"_s, u"A:40001"_s }, { u"O:G1c"_s, u"P"_s, u"P"_s, u"A:deadlock (1213)"_s } },
        // OTV: the wait is the second writer's (T2 for T1's row lock); T3 reads only committed data at every level
        // from read committed up, and on MariaDB's read uncommitted it reads T2's writes as they happen, never a mix:
        // the blocking is what the two writers show. MariaDB's serializable also makes T3 wait (T2's lock comes first).
        { "otv", { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s },
            { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"A:40001"_s, u"A:40001"_s },
            { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s } },
        // PMP with a read predicate: MariaDB's repeatable read reads its snapshot, so prevented (Hermitage marks
        // MySQL's repeatable read as allowing PMP only for its write-predicate variant).
        { "pmp", { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"P"_s, u"B:T2 waits for T1"_s },
            { u"O:G-single"_s, u"O:G-single"_s, u"P"_s, u"P"_s },
            { u"O:G-single"_s, u"O:G-single"_s, u"P"_s, u"B:T2 waits for T1"_s } },
        // InnoDB's repeatable read loses the update: the test server's innodb_snapshot_isolation is OFF, its default
        // on 10.11 (ON, the default from 11.6, refuses it with 1020:
        // mariadbWithSnapshotIsolationOnRefusesTheLostUpdateWith1020).
        { "lost-update",
            { u"A:database is locked"_s, u"B:T2 waits for T1"_s, u"A:database is locked"_s, u"B:T2 waits for T1"_s },
            { u"O:lost update"_s, u"O:lost update"_s, u"A:40001"_s, u"A:40001"_s },
            { u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s, u"A:deadlock (1213)"_s } },
        { "g-single", { u"B:T2 waits for T1"_s, u"B:T2 waits for T1"_s, u"P"_s, u"B:T2 waits for T1"_s },
            { u"O:G-single"_s, u"O:G-single"_s, u"P"_s, u"P"_s },
            { u"O:G-single"_s, u"O:G-single"_s, u"P"_s, u"B:T2 waits for T1"_s } },
        { "g2-item",
            { u"A:database is locked"_s, u"B:T2 waits for T1"_s, u"A:database is locked"_s, u"B:T2 waits for T1"_s },
            { u"O:G2-item"_s, u"O:G2-item"_s, u"O:G2-item"_s, u"A:40001"_s },
            { u"O:G2-item"_s, u"O:G2-item"_s, u"O:G2-item"_s, u"A:deadlock (1213)"_s } },
        { "g2",
            { u"A:database is locked"_s, u"B:T2 waits for T1"_s, u"A:database is locked"_s, u"B:T2 waits for T1"_s },
            { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"A:40001"_s },
            { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"A:deadlock (1213)"_s } },
        { "g2-doctors",
            { u"A:database is locked"_s, u"B:T2 waits for T1"_s, u"A:database is locked"_s, u"B:T2 waits for T1"_s },
            { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"A:40001"_s },
            { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"A:deadlock (1213)"_s } },
        // The two operation-level rows occur everywhere: each statement is its own transaction.
        { "get-or-create", { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"O:G2"_s },
            { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"O:G2"_s }, { u"O:G2"_s, u"O:G2"_s, u"O:G2"_s, u"O:G2"_s } },
        { "counter", { u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s },
            { u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s },
            { u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s, u"O:lost update"_s } },
    };
    return all;
}

CellOutcome outcomeOf(const QString& code)
{
    switch (code.at(0).toLatin1()) {
    case 'O':
        return CellOutcome::Occurred;
    case 'A':
        return CellOutcome::PreventedByAbort;
    case 'B':
        return CellOutcome::PreventedByBlocking;
    default:
        return CellOutcome::Prevented;
    }
}

QString sentenceOf(const QString& code)
{
    switch (code.at(0).toLatin1()) {
    case 'O':
        return u"occurs"_s;
    case 'A':
        return u"is_prevented_by_abort"_s;
    case 'B':
        return u"is_prevented_by_blocking"_s;
    default:
        return u"is_prevented"_s;
    }
}

// "deferred, rollback journal" -> "deferred_rollback_journal".
QString identifier(const QString& text)
{
    QString id;
    for (const QChar c : text)
        if (c.isLetterOrNumber())
            id += c.toLower();
        else if (!id.endsWith(u'_'))
            id += u'_';
    return id;
}

QList<BackendSpec> testServers()
{
    QList<BackendSpec> servers;
    for (const Kind kind : { Kind::Postgresql, Kind::Mysql }) {
        const QString url = serverUrl(kind);
        if (url.isEmpty())
            continue;
        QString error;
        const auto spec = BackendSpec::fromCommandLine(url, &error);
        if (!spec)
            qFatal("bad test server URL %s: %s", qPrintable(url), qPrintable(error));
        servers.append(*spec);
    }
    return servers;
}

struct CommandRun {
    int exitCode = -1;
    QString out;
    QString err;
};

CommandRun matrixCommand(const QStringList& arguments)
{
    CommandRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = MatrixCommand::run(arguments, out, err);
    out.flush();
    err.flush();
    return run;
}

} // namespace

class TestMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cell_data();
    void cell();
    void theWholeMatrixRunsInUnder30Seconds();
    void everyColumnNamesItsExactVersion();
    void everyAnomalyTestIsARowsScenario();
    void judge_data();
    void judge();
    void aRunThatCouldNotStartFails();
    void abortDetails_data();
    void abortDetails();
    void mariadbSnapshotIsolationDocumentsLostUpdateAsRefused();
    void mariadbWithSnapshotIsolationOnRefusesTheLostUpdateWith1020();
    void onlyARunCellDeparts();
    void cancelAfterTheFirstCellsLeavesTheRestNotRun();
    void anUnreachableServerFailsItsColumnsOnly();
    void commandTextIsOneAlignedTablePerDatabase();
    void commandJsonHasEveryCell();
    void commandMarkdownAndHtmlAreCoursePages_data();
    void commandMarkdownAndHtmlAreCoursePages();
    void commandRefusesBadInput_data();
    void commandRefusesBadInput();
    void commandDrawsTheMatrixPicture();

private:
    MatrixResult m_matrix;
    QList<BackendSpec> m_servers;
};

void TestMatrix::initTestCase()
{
    m_servers = testServers();
    if (m_servers.size() < 2 && qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
        QFAIL("INTERLEAVE_REQUIRE_SERVERS is set and a test server is missing (scripts/test-servers.sh)");
    MatrixRunner runner({ m_servers, {} });
    int calls = 0;
    int last = 0;
    m_matrix = runner.run([&](int, int, const MatrixCell&, int done, int total) {
        ++calls;
        last = done;
        QCOMPARE_LE(done, total);
    });
    const int cells = int(m_matrix.rows.size() * m_matrix.columns.size());
    QCOMPARE(m_matrix.rows.size(), MatrixRunner::allRows().size());
    QCOMPARE(m_matrix.columns.size(), 4 + 4 * m_servers.size());
    QCOMPARE(calls, cells); // progress after each cell
    QCOMPARE(last, cells);
    QVERIFY(!m_matrix.cancelled);
    qInfo("the whole matrix: %d cells in %.1f s", cells, double(m_matrix.wallNs) / 1e9);
}

void TestMatrix::cell_data()
{
    QTest::addColumn<QString>("row");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("level");
    QTest::addColumn<QString>("expected");
    const QStringList sqliteLevels { u"deferred, rollback journal"_s, u"immediate, rollback journal"_s,
        u"deferred, WAL"_s, u"immediate, WAL"_s };
    const QStringList serverLevels { u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s,
        u"serializable"_s };
    for (const Expected& e : expectedCells()) {
        const QList<std::tuple<Kind, QString, QStringList, QStringList>> groups {
            { Kind::Sqlite, u"sqlite"_s, sqliteLevels, e.sqlite },
            { Kind::Postgresql, u"postgresql"_s, serverLevels, e.postgresql },
            { Kind::Mysql, u"mariadb"_s, serverLevels, e.mysql },
        };
        for (const auto& [kind, db, levels, cells] : groups)
            for (qsizetype i = 0; i < levels.size(); ++i) {
                const QString code = cells.at(i);
                QTest::newRow(qPrintable(identifier(QString::fromLatin1(e.row)) + u'_' + sentenceOf(code) + u"_on_"_s
                    + db + u'_' + identifier(levels.at(i))))
                    << QString::fromLatin1(e.row) << int(kind) << levels.at(i) << code;
            }
    }
}

void TestMatrix::cell()
{
    QFETCH(QString, row);
    QFETCH(int, kind);
    QFETCH(QString, level);
    QFETCH(QString, expected);
    int r = -1;
    for (int i = 0; i < m_matrix.rows.size(); ++i)
        if (m_matrix.rows.at(i).id == row)
            r = i;
    QVERIFY2(r >= 0, qPrintable(row));
    int c = -1;
    for (int i = 0; i < m_matrix.columns.size(); ++i)
        if (int(m_matrix.columns.at(i).backend.kind) == kind && m_matrix.columns.at(i).level == level)
            c = i;
    if (c < 0)
        QSKIP("no test server for this column: run `make test`, or see scripts/test-servers.sh");
    const MatrixCell& cell = m_matrix.cell(r, c);
    const QString context = u"\n  measured: %1 (%2)\n  sentence: %3\n  documented: %4 (%5)"_s.arg(
        cellOutcomeName(cell.outcome), cell.detail, cell.sentence,
        cell.documented ? cellOutcomeName(*cell.documented) : u"-"_s, cell.documentedNote);
    QVERIFY2(cell.run, qPrintable(context));
    QVERIFY2(cell.outcome == outcomeOf(expected), qPrintable(u"expected "_s + expected + context));
    QCOMPARE(cell.detail, expected.mid(2));
    QVERIFY2(!cell.sentence.isEmpty(), qPrintable(context));
}

void TestMatrix::theWholeMatrixRunsInUnder30Seconds()
{
    if (m_servers.size() < 2)
        QSKIP("the figure is for SQLite and both test servers");
    // Issue 18: under 30 s on this machine; the real figure is bench_matrix's. Twice that here, for a machine shared
    // with parallel builds.
    QVERIFY2(m_matrix.wallNs < qint64(boundMs(60'000)) * 1'000'000,
        qPrintable(u"%1 s"_s.arg(double(m_matrix.wallNs) / 1e9)));
}

void TestMatrix::everyColumnNamesItsExactVersion()
{
    for (const MatrixColumn& c : std::as_const(m_matrix.columns)) {
        QVERIFY2(!c.version.isEmpty(), qPrintable(c.title()));
        QVERIFY2(m_matrix.versionsLine().contains(c.database + u' ' + c.version), qPrintable(m_matrix.versionsLine()));
        if (c.backend.kind == Kind::Mysql)
            QCOMPARE(c.database, c.version.contains(u"MariaDB"_s) ? u"MariaDB"_s : u"MySQL"_s);
    }
    // PostgreSQL's read uncommitted says what it runs as.
    for (const MatrixColumn& c : std::as_const(m_matrix.columns))
        if (c.backend.kind == Kind::Postgresql && c.level == u"read uncommitted"_s)
            QVERIFY2(c.note.contains(u"as read committed"_s), qPrintable(c.note));
}

void TestMatrix::everyAnomalyTestIsARowsScenario()
{
    QStringList used;
    for (const MatrixRow& row : MatrixRunner::allRows())
        for (const QString& reference : row.examples) {
            ScenarioError error;
            QVERIFY2(Examples::loadReference(reference, &error), qPrintable(reference + u": "_s + error.message));
            used.append(Examples::referenceId(reference));
        }
    for (const Examples::Entry& e : Examples::list())
        if (e.id.startsWith(u"anomaly-"_s))
            QVERIFY2(used.contains(e.id), qPrintable(e.id + u" is no row's scenario"_s));
    // Every row has its cells stated here.
    QStringList stated;
    for (const Expected& e : expectedCells())
        stated.append(QString::fromLatin1(e.row));
    for (const MatrixRow& row : MatrixRunner::allRows())
        QVERIFY2(stated.contains(row.id), qPrintable(row.id));
}

// The judge's rules on real SQLite runs, each scenario written so that one rule decides.
void TestMatrix::judge_data()
{
    QTest::addColumn<QString>("row");
    QTest::addColumn<QString>("level");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("sentence");
    // SQLite refuses the second writer: SQLITE_BUSY (5, or an extended code of it), "database is locked".
    QTest::newRow("a_busy_writer_is_prevented_by_abort")
        << u"g2-item"_s << u"deferred, rollback journal"_s << int(CellOutcome::PreventedByAbort)
        << u"database is locked"_s << u"failed with 5"_s;
    // The anomaly at the row's level: for get_or_create the workers' operations (the database's transactions have
    // no cycle); the cells test the database level (G-single on PostgreSQL's read committed, ...).
    QTest::newRow("an_operation_rows_anomaly_is_found_between_operations")
        << u"get-or-create"_s << u"deferred, WAL"_s << int(CellOutcome::Occurred) << u"G2"_s << u"G2"_s;
    QTest::newRow("a_lock_wait_is_prevented_by_blocking")
        << u"g0"_s << u"deferred, rollback journal"_s << int(CellOutcome::PreventedByBlocking) << u"T2 waits for T1"_s
        << u"waited for T1's lock"_s;
    QTest::newRow("no_wait_and_no_error_is_prevented")
        << u"g1a"_s << u"deferred, WAL"_s << int(CellOutcome::Prevented) << QString() << u"Nobody waited"_s;
}

void TestMatrix::judge()
{
    QFETCH(QString, row);
    QFETCH(QString, level);
    QFETCH(int, outcome);
    QFETCH(QString, detail);
    QFETCH(QString, sentence);
    MatrixRow matrixRow;
    for (const MatrixRow& r : MatrixRunner::allRows())
        if (r.id == row)
            matrixRow = r;
    MatrixColumn column;
    for (const MatrixColumn& c : MatrixRunner::columnsOf(BackendSpec()))
        if (c.level == level)
            column = c;
    QString error;
    const auto scenario = MatrixRunner::cellScenario(matrixRow, column, &error);
    QVERIFY2(scenario, qPrintable(error));
    const RunResult run = Runner(*scenario).run();
    QVERIFY2(run.ok(), qPrintable(run.error));
    const MatrixCell cell = MatrixJudge::judge(matrixRow, run);
    QCOMPARE(cellOutcomeName(cell.outcome), cellOutcomeName(CellOutcome(outcome)));
    QCOMPARE(cell.detail, detail);
    QVERIFY2(cell.sentence.contains(sentence), qPrintable(cell.sentence));
    QVERIFY(cell.run);
    // The same run judged between the database's transactions: no anomaly there (each statement was its own
    // transaction, and the database kept its promise), so not occurred: the level of analysis decides.
    if (matrixRow.analysis == AnalysisLevel::Operation) {
        MatrixRow database = matrixRow;
        database.analysis = AnalysisLevel::Database;
        QVERIFY(MatrixJudge::judge(database, run).outcome != CellOutcome::Occurred);
    }
}

void TestMatrix::aRunThatCouldNotStartFails()
{
    MatrixRow row = MatrixRunner::allRows().first();
    MatrixColumn column = MatrixRunner::columnsOf(BackendSpec()).first();
    QString error;
    auto scenario = MatrixRunner::cellScenario(row, column, &error);
    QVERIFY2(scenario, qPrintable(error));
    // A server nobody listens on: port 1.
    QString why;
    scenario->backend = *BackendSpec::fromCommandLine(u"postgresql://interleave@127.0.0.1:1/interleave"_s, &why);
    const RunResult run = Runner(*scenario).run();
    QVERIFY(!run.ok());
    const MatrixCell cell = MatrixJudge::judge(row, run);
    QCOMPARE(cell.outcome, CellOutcome::Failed);
    QVERIFY2(cell.detail.startsWith(u"could not start: "_s), qPrintable(cell.detail));
}

void TestMatrix::abortDetails_data()
{
    QTest::addColumn<int>("cls");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("sqlState");
    QTest::addColumn<QString>("detail");
    QTest::newRow("postgresql_serialization_failure_is_its_sqlstate")
        << int(ErrorClass::SerializationFailure) << 0 << u"40001"_s << u"40001"_s;
    QTest::newRow("mariadb_snapshot_isolation_refusal_is_1020")
        << int(ErrorClass::SerializationFailure) << 1020 << u"HY000"_s << u"1020"_s;
    QTest::newRow("innodb_deadlock_is_named")
        << int(ErrorClass::Deadlock) << 1213 << u"40001"_s << u"deadlock (1213)"_s;
    QTest::newRow("sqlite_busy_is_database_is_locked")
        << int(ErrorClass::Busy) << 5 << QString() << u"database is locked"_s;
    QTest::newRow("an_integrity_error_prevents_nothing")
        << int(ErrorClass::IntegrityError) << 1062 << u"23000"_s << QString();
}

void TestMatrix::abortDetails()
{
    QFETCH(int, cls);
    QFETCH(int, code);
    QFETCH(QString, sqlState);
    QFETCH(QString, detail);
    DbError error;
    error.cls = ErrorClass(cls);
    error.code = code;
    error.sqlState = sqlState;
    QCOMPARE(MatrixJudge::abortDetail(error), detail);
}

void TestMatrix::mariadbSnapshotIsolationDocumentsLostUpdateAsRefused()
{
    BackendSpec maria;
    maria.kind = Kind::Mysql;
    maria.url = u"mysql://interleave@127.0.0.1:3306/interleave"_s;
    MatrixColumn rr;
    for (const MatrixColumn& c : MatrixRunner::columnsOf(maria))
        if (c.level == u"repeatable read"_s)
            rr = c;
    // Without the variable (before 10.11.8), and with it OFF: InnoDB's repeatable read loses the update.
    auto entry = MatrixDocumented::of(u"lost-update"_s, rr);
    QVERIFY(entry);
    QCOMPARE(entry->outcome, CellOutcome::Occurred);
    rr.settings = { u"innodb_snapshot_isolation=OFF"_s };
    QCOMPARE(MatrixDocumented::of(u"lost-update"_s, rr)->outcome, CellOutcome::Occurred);
    // With innodb_snapshot_isolation=ON (the default from 11.6): refused with 1020.
    rr.settings = { u"innodb_snapshot_isolation=ON"_s };
    entry = MatrixDocumented::of(u"lost-update"_s, rr);
    QCOMPARE(entry->outcome, CellOutcome::PreventedByAbort);
    QVERIFY2(entry->note.contains(u"1020"_s), qPrintable(entry->note));
    // A measured lost update there departs, with the reason.
    MatrixCell cell;
    cell.outcome = CellOutcome::Occurred;
    MatrixDocumented::apply(cell, u"lost-update"_s, rr);
    QVERIFY(cell.departs());
    QVERIFY(cell.documentedNote.contains(u"innodb_snapshot_isolation"_s));
    // Other levels keep their entry.
    MatrixColumn rc = rr;
    rc.level = u"read committed"_s;
    QCOMPARE(MatrixDocumented::of(u"lost-update"_s, rc)->outcome, CellOutcome::Occurred);
}

// The rule on a real server: MariaDB 10.11.8+ has innodb_snapshot_isolation too (OFF by default); turned ON for
// the server (the test login may SET GLOBAL; put back OFF at the end), repeatable read refuses the second update.
void TestMatrix::mariadbWithSnapshotIsolationOnRefusesTheLostUpdateWith1020()
{
    const QString url = serverUrl(Kind::Mysql);
    if (url.isEmpty()) {
        if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
            QFAIL("no MariaDB test server");
        QSKIP("no MariaDB test server: see scripts/test-servers.sh");
    }
    QString error;
    const auto server = ServerUrl::parse(url, &error);
    QVERIFY2(server, qPrintable(error));
    ServerConnection connection;
    QVERIFY2(connection.open(*server, server->database, &error), qPrintable(error));
    StatementResult r;
    QVERIFY2(
        connection.query({ u"SHOW VARIABLES LIKE 'innodb_snapshot_isolation'"_s, {} }, &r, &error), qPrintable(error));
    if (r.rows.isEmpty())
        QSKIP("this MariaDB has no innodb_snapshot_isolation (before 10.6.18 / 10.11.8)");
    const QString was = r.rows.first().value(1).toString();
    QVERIFY2(connection.query({ u"SET GLOBAL innodb_snapshot_isolation = ON"_s, {} }, &r, &error), qPrintable(error));
    const auto restore = qScopeGuard([&] {
        QString ignored;
        connection.query(
            { u"SET GLOBAL innodb_snapshot_isolation = "_s + (was == u"ON"_s ? u"ON"_s : u"OFF"_s), {} }, &r, &ignored);
    });
    MatrixRunner runner({ { *BackendSpec::fromCommandLine(url, &error) }, { u"lost-update"_s } });
    const MatrixResult m = runner.run();
    int rr = -1;
    for (int c = 0; c < m.columns.size(); ++c)
        if (m.columns.at(c).backend.kind == Kind::Mysql && m.columns.at(c).level == u"repeatable read"_s)
            rr = c;
    QVERIFY(rr >= 0);
    QVERIFY2(m.columns.at(rr).settings.contains(u"innodb_snapshot_isolation=ON"_s),
        qPrintable(m.columns.at(rr).settings.join(u", "_s)));
    const MatrixCell& cell = m.cell(0, rr);
    QVERIFY2(cell.outcome == CellOutcome::PreventedByAbort, qPrintable(cell.sentence));
    QCOMPARE(cell.detail, u"1020"_s);
    QCOMPARE(cell.documented, std::optional<CellOutcome>(CellOutcome::PreventedByAbort));
    QVERIFY(!cell.departs());
}

void TestMatrix::onlyARunCellDeparts()
{
    MatrixCell cell;
    cell.documented = CellOutcome::Prevented;
    QVERIFY(!cell.departs()); // not run
    cell.outcome = CellOutcome::Prevented;
    QVERIFY(!cell.departs());
    cell.outcome = CellOutcome::Occurred;
    QVERIFY(cell.departs());
    cell.documented.reset();
    QVERIFY(!cell.departs()); // nothing documented
    // Every cell of the whole matrix has its documented outcome.
    for (int r = 0; r < m_matrix.rows.size(); ++r)
        for (int c = 0; c < m_matrix.columns.size(); ++c)
            QVERIFY2(m_matrix.cell(r, c).documented,
                qPrintable(m_matrix.rows.at(r).id + u" on "_s + m_matrix.columns.at(c).title()));
}

void TestMatrix::cancelAfterTheFirstCellsLeavesTheRestNotRun()
{
    MatrixRunner runner({ m_servers, {} });
    int seen = 0;
    QElapsedTimer timer;
    timer.start();
    const MatrixResult r = runner.run([&](int, int, const MatrixCell&, int, int) {
        if (++seen == 3)
            runner.cancel(); // from the callback, on a running thread
    });
    QVERIFY2(timer.elapsed() < boundMs(20'000), qPrintable(QString::number(timer.elapsed())));
    QVERIFY(r.cancelled);
    int ran = 0;
    int notRun = 0;
    for (const QList<MatrixCell>& row : r.cells)
        for (const MatrixCell& cell : row) {
            QVERIFY2(cell.outcome != CellOutcome::Failed, qPrintable(cell.detail));
            (cell.outcome == CellOutcome::NotRun ? notRun : ran) += 1;
        }
    // The cells that finished before the groups saw the cancel, one per group at most besides the first three.
    QVERIFY2(ran >= 3 && ran <= 3 + 1 + int(m_servers.size()), qPrintable(QString::number(ran)));
    QCOMPARE(ran + notRun, int(r.rows.size() * r.columns.size()));
}

void TestMatrix::anUnreachableServerFailsItsColumnsOnly()
{
    QString why;
    const auto nobody = BackendSpec::fromCommandLine(u"postgresql://interleave@127.0.0.1:1/interleave"_s, &why);
    QVERIFY2(nobody, qPrintable(why));
    MatrixRunner runner({ { *nobody }, { u"g0"_s, u"g1a"_s } });
    const MatrixResult r = runner.run();
    QCOMPARE(r.columns.size(), 8);
    for (int row = 0; row < r.rows.size(); ++row)
        for (int c = 0; c < r.columns.size(); ++c) {
            const MatrixCell& cell = r.cell(row, c);
            if (r.columns.at(c).backend.isServer()) {
                QCOMPARE(cell.outcome, CellOutcome::Failed);
                QVERIFY2(cell.detail.startsWith(u"could not connect: "_s), qPrintable(cell.detail));
            } else {
                QVERIFY2(cell.outcome != CellOutcome::Failed && cell.outcome != CellOutcome::NotRun,
                    qPrintable(cell.detail));
            }
        }
    // The command says so with exit status 3.
    const CommandRun run =
        matrixCommand({ u"--backend"_s, u"postgresql://interleave@127.0.0.1:1/interleave"_s, u"--rows"_s, u"g0"_s });
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.out.contains(u"FAILED"_s), qPrintable(run.out));
}

void TestMatrix::commandTextIsOneAlignedTablePerDatabase()
{
    QStringList arguments;
    for (const BackendSpec& s : std::as_const(m_servers))
        arguments << u"--backend"_s << s.url;
    const CommandRun run = matrixCommand(arguments);
    QCOMPARE(run.exitCode, 0);
    if (qEnvironmentVariableIsSet("INTERLEAVE_PRINT_MATRIX"))
        qInfo().noquote() << run.out;
    const QStringList lines = run.out.split(u'\n');
    QVERIFY2(lines.first().startsWith(u"Isolation matrix: SQLite 3."_s), qPrintable(lines.first()));
    // Each database's table: its name and version, the levels' line, then one line per row, every cell starting
    // where its level does.
    for (const QString& database : { u"SQLite"_s, u"PostgreSQL"_s, u"MariaDB"_s }) {
        qsizetype at = -1;
        for (qsizetype i = 0; i < lines.size(); ++i)
            if (lines.at(i).startsWith(database + u' '))
                at = i;
        if (at < 0 && database != u"SQLite"_s && m_servers.size() < 2)
            continue;
        QVERIFY2(at >= 0, qPrintable(database + u" has no table:\n"_s + run.out));
        const QString levels = lines.at(at + 1);
        const QStringList names = database == u"SQLite"_s
            ? QStringList { u"deferred, rollback journal"_s, u"immediate, rollback journal"_s, u"deferred, WAL"_s,
                  u"immediate, WAL"_s }
            : QStringList { u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s, u"serializable"_s };
        for (const QString& name : names) {
            const qsizetype column = levels.indexOf(name);
            QVERIFY2(column > 0, qPrintable(levels));
            for (int r = 0; r < MatrixRunner::allRows().size(); ++r) {
                const QString line = lines.at(at + 2 + r);
                QVERIFY2(line.startsWith(MatrixRunner::allRows().at(r).anomaly), qPrintable(line));
                QVERIFY2(line.at(column - 1) == u' ' && line.at(column) != u' ', qPrintable(levels + u'\n' + line));
            }
        }
    }
}

void TestMatrix::commandJsonHasEveryCell()
{
    QStringList arguments { u"--json"_s, u"--rows"_s, u"g1a,lost-update,counter"_s };
    for (const BackendSpec& s : std::as_const(m_servers))
        arguments << u"--backend"_s << s.url;
    const CommandRun run = matrixCommand(arguments);
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray rows = o.value(u"rows"_s).toArray();
    const QJsonArray columns = o.value(u"columns"_s).toArray();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(1).toObject().value(u"id"_s).toString(), u"lost-update"_s);
    QCOMPARE(columns.size(), 4 + 4 * m_servers.size());
    const QJsonArray cells = o.value(u"cells"_s).toArray();
    QCOMPARE(cells.size(), rows.size() * columns.size());
    const QStringList outcomes { u"occurred"_s, u"prevented by blocking"_s, u"prevented by abort"_s, u"prevented"_s };
    for (const QJsonValue& v : cells) {
        const QJsonObject cell = v.toObject();
        QVERIFY2(
            outcomes.contains(cell.value(u"outcome"_s).toString()), qPrintable(cell.value(u"outcome"_s).toString()));
        QVERIFY(!cell.value(u"sentence"_s).toString().isEmpty());
        QVERIFY(!cell.value(u"version"_s).toString().isEmpty());
        QVERIFY(outcomes.contains(cell.value(u"documented"_s).toString()));
        QVERIFY(cell.value(u"departs"_s).isBool());
    }
    // The counter loses its like on SQLite (deferred, rollback journal: the first column).
    const QJsonObject counter = cells.at(2 * columns.size()).toObject();
    QCOMPARE(counter.value(u"row"_s).toString(), u"counter"_s);
    QCOMPARE(counter.value(u"outcome"_s).toString(), u"occurred"_s);
    QCOMPARE(counter.value(u"detail"_s).toString(), u"lost update"_s);
    QVERIFY(o.value(u"versions"_s).toString().startsWith(u"SQLite 3."_s));
}

void TestMatrix::commandMarkdownAndHtmlAreCoursePages_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("markdown") << u"--markdown"_s;
    QTest::newRow("html") << u"--html"_s;
}

void TestMatrix::commandMarkdownAndHtmlAreCoursePages()
{
    QFETCH(QString, format);
    QStringList arguments { format };
    for (const BackendSpec& s : std::as_const(m_servers))
        arguments << u"--backend"_s << s.url;
    const CommandRun run = matrixCommand(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err)); // progress only on a terminal
    // The header's exact versions, every row with its explanation, every column.
    QVERIFY(m_matrix.columns.size() > 0);
    for (const MatrixColumn& c : std::as_const(m_matrix.columns))
        QVERIFY2(run.out.contains(c.version), qPrintable(c.version));
    for (const MatrixRow& row : MatrixRunner::allRows()) {
        QVERIFY2(run.out.contains(row.anomaly.toHtmlEscaped()), qPrintable(row.anomaly));
        QVERIFY2(run.out.contains(row.explanation.left(40).toHtmlEscaped()), qPrintable(row.id));
    }
    // SQLite refuses the second writer; read skew happens on a server's read committed, and between operations the
    // counter loses its like everywhere.
    QVERIFY(run.out.contains(u"occurred: lost update"_s));
    if (!m_servers.isEmpty())
        QVERIFY(run.out.contains(u"occurred: G-single"_s));
    QVERIFY(run.out.contains(u"prevented by abort (database is locked)"_s));
    if (format == u"--html"_s)
        QVERIFY(run.out.startsWith(u"<!DOCTYPE html>"_s) && run.out.trimmed().endsWith(u"</html>"_s));
    else
        QVERIFY(run.out.startsWith(u"# Isolation matrix"_s));
}

void TestMatrix::commandRefusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("an_unknown_row") << QStringList { u"--rows"_s, u"g3"_s } << u"no row \"g3\""_s;
    QTest::newRow("two_formats") << QStringList { u"--json"_s, u"--html"_s } << u"choose one"_s;
    QTest::newRow("a_backend_without_url") << QStringList { u"--backend"_s } << u"--backend needs a URL"_s;
    QTest::newRow("a_bad_backend") << QStringList { u"--backend"_s, u"oracle://x"_s } << u"--backend: "_s;
    QTest::newRow("an_unknown_option") << QStringList { u"--csv"_s } << u"unknown argument \"--csv\""_s;
}

void TestMatrix::commandRefusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CommandRun run = matrixCommand(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestMatrix)
// `interleave matrix --image-out` through the real program (drawing needs its QGuiApplication): the picture is
// written at the width asked, after the printed table; a file that is no picture is refused before anything runs.
void TestMatrix::commandDrawsTheMatrixPicture()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(u"matrix.png"_s);
    InterleaveRun run = runInterleave(
        { u"matrix"_s, u"--rows"_s, u"g0,lost-update"_s, u"--image-out"_s, png, u"--image-width"_s, u"1000"_s });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(u"P4 lost update"_s), qPrintable(run.out));
    const QImage image(png);
    QVERIFY2(!image.isNull(), qPrintable(run.err));
    QCOMPARE(image.width(), 1000);
    QVERIFY(image.height() > 200);
    const QString bmp = dir.filePath(u"matrix.bmp"_s);
    run = runInterleave({ u"matrix"_s, u"--rows"_s, u"g0"_s, u"--image-out"_s, bmp });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"is not a .png, .svg or .pdf file"_s), qPrintable(run.err));
    QVERIFY(!QFile::exists(bmp));
}

#include "tst_matrix.moc"
