// SPDX-License-Identifier: MIT
// --format isolationtester: runs printed as PostgreSQL's isolationtester prints a permutation. The expected texts of
// the PostgreSQL runs in tests/data/specs/isoformat-*.postgresql.out were written by isolationtester itself
// (PostgreSQL 15) from the reference specs next to them (isoformat-*.reference-spec), the same SQL as the scenarios;
// those of SQLite and MariaDB were reasoned from isolationtester's rules and checked against the runs.
#include "examples.h"
#include "interleaveprocess.h"
#include "isolationtesterformat.h"
#include "runner.h"
#include "testdatabases.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

QString specsDir()
{
    return QStringLiteral(INTERLEAVE_TEST_DATA) + u"/specs/"_s;
}

Scenario scenarioNamed(const QString& name)
{
    ScenarioError error;
    const QString reference = specsDir() + name + u".json"_s;
    const std::optional<Scenario> s = Examples::loadReference(reference, &error);
    if (!s)
        qFatal("%s: %s", qPrintable(reference), qPrintable(error.message));
    return *s;
}

QString fileText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

// Both texts, line by line, with the first line that differs marked: what a failure shows.
QString difference(const QString& actual, const QString& expected)
{
    const QStringList a = actual.split(u'\n');
    const QStringList e = expected.split(u'\n');
    QString out = u"\n--- printed\n"_s;
    for (qsizetype i = 0; i < std::max(a.size(), e.size()); ++i) {
        const bool same = a.value(i) == e.value(i) && i < a.size() && i < e.size();
        out += (same ? u"  "_s : u"! "_s) + a.value(i) + (same ? QString() : u"   [expected: \"%1\"]"_s.arg(e.value(i)))
            + u'\n';
    }
    return out;
}

} // namespace

class TestIsolationTesterFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resultSetsAreAlignedAsLibpqAlignsThem_data();
    void resultSetsAreAlignedAsLibpqAlignsThem();
    void errorsShowThePrimaryMessage_data();
    void errorsShowThePrimaryMessage();
    void runsPrintAsIsolationtesterPrintsThem_data();
    void runsPrintAsIsolationtesterPrintsThem();
    void severalPermutationsShareOneHeader();
    void theCommandLinePrintsTheFormat_data();
    void theCommandLinePrintsTheFormat();
};

void TestIsolationTesterFormat::resultSetsAreAlignedAsLibpqAlignsThem_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QList<Row>>("rows");
    QTest::addColumn<int>("database");
    QTest::addColumn<QString>("expected");
    // Each expected text is what isolationtester (PostgreSQL 15) printed for the same values.
    QTest::newRow("numbers_right_aligned_text_left_null_empty_and_the_last_column_padded")
        << QStringList { u"id"_s, u"value"_s, u"name"_s }
        << QList<Row> { { 1, 12, u"one"_s }, { 2, 20, QVariant() }, { 3, -5, u"a longer name here"_s } }
        << int(BackendSpec::Kind::Postgresql)
        << u"id|value|name              \n"
           "--+-----+------------------\n"
           " 1|   12|one               \n"
           " 2|   20|                  \n"
           " 3|   -5|a longer name here\n"
           "(3 rows)\n\n"_s;
    QTest::newRow("a_numeric_looking_column_right_aligns_its_header_and_e_or_a_dash_alone_is_text")
        << QStringList { u"id"_s, u"t"_s, u"m"_s, u"x"_s, u"y"_s, u"b"_s, u"z"_s }
        << QList<Row> { { 123456, u"e"_s, u"-"_s, u"1e5"_s, u"abc12"_s, true, QVariant() } }
        << int(BackendSpec::Kind::Postgresql)
        << u"    id|t|m|  x|y    |b|z\n"
           "------+-+-+---+-----+-+-\n"
           "123456|e|-|1e5|abc12|t| \n"
           "(1 row)\n\n"_s;
    QTest::newRow("no_rows_print_the_header_alone")
        << QStringList { u"id"_s, u"value"_s, u"name"_s } << QList<Row> {} << int(BackendSpec::Kind::Postgresql)
        << u"id|value|name\n--+-----+----\n(0 rows)\n\n"_s;
    QTest::newRow("a_column_of_nulls_is_as_wide_as_its_header")
        << QStringList { u"value"_s, u"name"_s } << QList<Row> { { 31, QVariant() } }
        << int(BackendSpec::Kind::Postgresql) << u"value|name\n-----+----\n   31|    \n(1 row)\n\n"_s;
    // libpq counts bytes: "é" is two, so the column is one byte wider than it looks.
    QTest::newRow("widths_count_utf8_bytes_as_libpq_does")
        << QStringList { u"n"_s } << QList<Row> { { u"é"_s }, { u"ab"_s } } << int(BackendSpec::Kind::Postgresql)
        << u"n \n--\né\nab\n(2 rows)\n\n"_s;
    QTest::newRow("floating_values_shortest_and_booleans_as_numbers_on_mysql")
        << QStringList { u"f"_s, u"b"_s } << QList<Row> { { 1.5, true }, { 0.1, false } }
        << int(BackendSpec::Kind::Mysql) << u"  f|b\n---+-\n1.5|1\n0.1|0\n(2 rows)\n\n"_s;
}

void TestIsolationTesterFormat::resultSetsAreAlignedAsLibpqAlignsThem()
{
    QFETCH(QStringList, columns);
    QFETCH(QList<Row>, rows);
    QFETCH(int, database);
    QFETCH(QString, expected);
    const QString printed = IsolationTesterFormat::resultSet(columns, rows, BackendSpec::Kind(database));
    QVERIFY2(printed == expected, qPrintable(difference(printed, expected)));
}

void TestIsolationTesterFormat::errorsShowThePrimaryMessage_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a_deadlock_without_its_detail_of_process_ids")
        << u"deadlock detected DETAIL: Process 123 waits for ShareLock on transaction 456; blocked by process 789. "
           "HINT: See server log for query details. CONTEXT: while updating tuple (0,1) in relation \"test\""_s
        << u"ERROR:  deadlock detected"_s;
    QTest::newRow("a_syntax_error_without_its_line")
        << u"syntax error at or near \"selec\" LINE 1: selec 1; ^"_s << u"ERROR:  syntax error at or near \"selec\""_s;
    QTest::newRow("a_mysql_message_as_it_is")
        << u"Deadlock found when trying to get lock; try restarting transaction"_s
        << u"ERROR:  Deadlock found when trying to get lock; try restarting transaction"_s;
}

void TestIsolationTesterFormat::errorsShowThePrimaryMessage()
{
    QFETCH(QString, message);
    QFETCH(QString, expected);
    DbError error;
    error.cls = ErrorClass::Other;
    error.message = message;
    QCOMPARE(IsolationTesterFormat::errorLine(error), expected);
}

void TestIsolationTesterFormat::runsPrintAsIsolationtesterPrintsThem_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("expected"); // the file in tests/data/specs
    addDatabaseColumn();
    const struct {
        const char* row;
        const char* scenario;
        const char* expected;
        BackendSpec::Kind kind;
    } rows[] = {
        { "a_blocked_update_waits_and_completes_on_sqlite", "isoformat-blocking", "isoformat-blocking.sqlite.out",
            BackendSpec::Kind::Sqlite },
        { "a_blocked_update_waits_and_completes_on_postgresql", "isoformat-blocking",
            "isoformat-blocking.postgresql.out", BackendSpec::Kind::Postgresql },
        { "a_blocked_update_waits_and_completes_on_mysql", "isoformat-blocking", "isoformat-blocking.mysql.out",
            BackendSpec::Kind::Mysql },
        { "a_serialization_failure_after_a_wait_on_postgresql", "isoformat-serialization",
            "isoformat-serialization.postgresql.out", BackendSpec::Kind::Postgresql },
        { "the_same_steps_without_a_failure_on_mysql", "isoformat-serialization", "isoformat-serialization.mysql.out",
            BackendSpec::Kind::Mysql },
        { "a_deadlock_fails_the_first_waiter_on_postgresql", "isoformat-deadlock", "isoformat-deadlock.postgresql.out",
            BackendSpec::Kind::Postgresql },
        { "a_deadlock_fails_the_last_step_on_mysql", "isoformat-deadlock", "isoformat-deadlock.mysql.out",
            BackendSpec::Kind::Mysql },
        { "star_and_other_step_markers_on_postgresql", "isoformat-markers", "isoformat-markers.postgresql.out",
            BackendSpec::Kind::Postgresql },
        { "star_and_other_step_markers_on_mysql", "isoformat-markers", "isoformat-markers.mysql.out",
            BackendSpec::Kind::Mysql },
        // The same text on every database: isolationtester's own from PostgreSQL.
        { "a_step_of_two_statements_waits_as_one_on_sqlite", "isoformat-waitingstep",
            "isoformat-waitingstep.postgresql.out", BackendSpec::Kind::Sqlite },
        { "a_step_of_two_statements_waits_as_one_on_postgresql", "isoformat-waitingstep",
            "isoformat-waitingstep.postgresql.out", BackendSpec::Kind::Postgresql },
        { "a_step_of_two_statements_waits_as_one_on_mysql", "isoformat-waitingstep",
            "isoformat-waitingstep.postgresql.out", BackendSpec::Kind::Mysql },
        { "a_failed_setup_statement_and_a_step_that_stops_at_its_error_on_postgresql", "isoformat-errors",
            "isoformat-errors.postgresql.out", BackendSpec::Kind::Postgresql },
        { "a_scenario_without_steps_names_them_by_worker_on_sqlite", "isoformat-plain", "isoformat-plain.sqlite.out",
            BackendSpec::Kind::Sqlite },
        { "a_scenario_without_steps_names_them_by_worker_on_postgresql", "isoformat-plain",
            "isoformat-plain.postgresql.out", BackendSpec::Kind::Postgresql },
    };
    for (const auto& r : rows)
        QTest::newRow(r.row) << QString::fromLatin1(r.scenario) << QString::fromLatin1(r.expected) << int(r.kind);
}

void TestIsolationTesterFormat::runsPrintAsIsolationtesterPrintsThem()
{
    QFETCH(QString, scenario);
    QFETCH(QString, expected);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    Scenario story = scenarioNamed(scenario);
    if (kind == BackendSpec::Kind::Sqlite)
        story.isolation = u"default"_s;
    REQUIRE_DATABASE(s, story, kind);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QString printed = IsolationTesterFormat::print(r);
    const QString wanted = fileText(specsDir() + expected);
    QVERIFY2(printed == wanted, qPrintable(difference(printed, wanted)));
}

// A spec with several permutations is several runs: isolationtester prints its header once, then each
// permutation, as `interleave run FILE.spec` can.
void TestIsolationTesterFormat::severalPermutationsShareOneHeader()
{
    Scenario s = scenarioNamed(u"isoformat-plain"_s);
    s.isolation = u"default"_s;
    s.backend = BackendSpec();
    QList<RunResult> runs;
    for (const QString& script : { u"A,A,B,A"_s, u"B,A,A,A"_s }) {
        s.schedule.script = ScheduleSpec::scriptSteps(script);
        Runner runner(s);
        runs.append(runner.run());
        QVERIFY2(runs.constLast().ok(), qPrintable(runs.constLast().error));
    }
    const QString expected = u"Parsed test spec with 2 sessions\n"
                             "\n"
                             "starting permutation: A1 A2 B1 A3\n"
                             "step A1: begin;\n"
                             "step A2: update test set value = 11 where id = 1;\n"
                             "step B1: select value, name from test where id = 1;\n"
                             "value|name\n"
                             "-----+----\n"
                             "   10|one \n"
                             "(1 row)\n"
                             "\n"
                             "step A3: commit;\n"
                             "\n"
                             "starting permutation: B1 A1 A2 A3\n"
                             "step B1: select value, name from test where id = 1;\n"
                             "value|name\n"
                             "-----+----\n"
                             "   10|one \n"
                             "(1 row)\n"
                             "\n"
                             "step A1: begin;\n"
                             "step A2: update test set value = 11 where id = 1;\n"
                             "step A3: commit;\n"_s;
    const QString printed = IsolationTesterFormat::print(runs);
    QVERIFY2(printed == expected, qPrintable(difference(printed, expected)));
}

void TestIsolationTesterFormat::theCommandLinePrintsTheFormat_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected"); // stdout's file in tests/data/specs, or the start of stderr
    QTest::newRow("format_isolationtester_prints_the_run")
        << QStringList { u"--format"_s, u"isolationtester"_s } << 0 << u"isoformat-blocking.sqlite.out"_s;
    QTest::newRow("the_last_of_json_and_format_counts")
        << QStringList { u"--json"_s, u"--format=isolationtester"_s } << 0 << u"isoformat-blocking.sqlite.out"_s;
    QTest::newRow("an_unknown_format_is_refused") << QStringList { u"--format"_s,
        u"tap"_s } << 2 << u"interleave run: --format is text, json or isolationtester, not \"tap\""_s;
    QTest::newRow("an_exploration_is_refused")
        << QStringList { u"--format"_s, u"isolationtester"_s, u"--explore"_s } << 2
        << u"interleave run: --format isolationtester prints one run, and --explore runs every schedule; print one "
           "with --schedule"_s;
    QTest::newRow("stress_trials_are_refused")
        << QStringList { u"--format"_s, u"isolationtester"_s, u"--trials"_s, u"10"_s } << 2
        << u"interleave run: --format isolationtester prints one run, and --trials runs many; print one with "
           "--schedule"_s;
}

void TestIsolationTesterFormat::theCommandLinePrintsTheFormat()
{
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const InterleaveRun run = runInterleave(QStringList { u"run"_s, specsDir() + u"isoformat-blocking.json"_s,
                                                u"--backend"_s, u"sqlite"_s, u"--isolation"_s, u"default"_s }
        + options);
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QVERIFY2(run.exitCode == exitCode, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
    if (exitCode == 0) {
        const QString wanted = fileText(specsDir() + expected);
        QVERIFY2(run.out == wanted, qPrintable(difference(run.out, wanted)));
    } else {
        QVERIFY2(run.err.startsWith(expected), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestIsolationTesterFormat)
#include "tst_isolationtesterformat.moc"
