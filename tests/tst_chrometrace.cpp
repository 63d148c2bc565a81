// SPDX-License-Identifier: MIT
#include "chrometrace.h"
#include "lockwaits.h"
#include "racescenario.h"
#include "runner.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMultiHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

qint64 ns(const QJsonValue& micros)
{
    return qRound64(micros.toDouble() * 1000.0);
}

// What a viewer makes of a trace file: its events by phase and category.
struct Parsed {
    QJsonObject root;
    QList<QJsonObject> metadata;
    QList<QJsonObject> statements; // X, cat "statement", in file order
    QList<QJsonObject> waits; // X, cat "lock wait"
    QList<QJsonObject> errors; // i, cat "error"
    QList<QJsonObject> results; // i, cat "result"
    QList<QJsonObject> flowStarts;
    QList<QJsonObject> flowEnds;
    QList<QJsonObject> other;
};

Parsed parse(const QByteArray& json)
{
    Parsed p;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s at %d", qPrintable(error.errorString()), error.offset);
    p.root = doc.object();
    for (const QJsonValue& value : p.root.value(u"traceEvents"_s).toArray()) {
        const QJsonObject e = value.toObject();
        const QString ph = e.value(u"ph"_s).toString();
        const QString cat = e.value(u"cat"_s).toString();
        if (ph == u"M"_s)
            p.metadata.append(e);
        else if (ph == u"X"_s && cat == u"statement"_s)
            p.statements.append(e);
        else if (ph == u"X"_s && cat == u"lock wait"_s)
            p.waits.append(e);
        else if (ph == u"i"_s && cat == u"error"_s)
            p.errors.append(e);
        else if (ph == u"i"_s && cat == u"result"_s)
            p.results.append(e);
        else if (ph == u"s"_s)
            p.flowStarts.append(e);
        else if (ph == u"f"_s)
            p.flowEnds.append(e);
        else
            p.other.append(e);
    }
    return p;
}

// Writes the trace as the command line and the window do, says how long that took and how big it is (for people
// comparing, not a timed test), and reads it back.
QByteArray writeAndRead(const RunResult& r, const QString& path)
{
    QString error;
    QElapsedTimer timer;
    timer.start();
    if (!ChromeTrace::write(r, path, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const qint64 elapsed = timer.nsecsElapsed();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray json = file.readAll();
    qInfo("%s on %s: %lld trace events, %lld bytes, written in %.2f ms", qPrintable(r.scenario.name),
        qPrintable(r.backend.kind), qlonglong(r.trace.events.size()), qlonglong(json.size()), double(elapsed) / 1e6);
    return json;
}

bool contains(const QJsonObject& x, qint64 atNs)
{
    const qint64 start = ns(x.value(u"ts"_s));
    return atNs >= start && atNs <= start + ns(x.value(u"dur"_s));
}

} // namespace

// Real runs on real databases, written to a file and read back as a viewer would: the structure Perfetto and
// chrome://tracing rely on, checked against the run's own trace.
class TestChromeTrace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void raceUniqueHasAWaitWithAnArrowToTheCommit_data();
    void raceUniqueHasAWaitWithAnArrowToTheCommit();
    void deadlockVictimLetsTheLockGo();
    void tenThreadsFreeRun();
    void passwordNeverReachesTheTrace_data();
    void passwordNeverReachesTheTrace();
    void aHolderIdleDuringTheWaitGetsNoArrowBackInTime();
    void anUnwritableFileIsNamed();
    void labelIsTheVerbAndTheTable_data();
    void labelIsTheVerbAndTheTable();

private:
    // Everything a trace of `r` must hold; the parsed file for further checks.
    static void checkStructure(const RunResult& r, const Parsed& p);
    QTemporaryDir m_dir;
};

void TestChromeTrace::checkStructure(const RunResult& r, const Parsed& p)
{
    const Trace& t = r.trace;
    QCOMPARE(p.root.value(u"displayTimeUnit"_s).toString(), u"ns"_s);
    QVERIFY(p.other.isEmpty());

    // Metadata: the process is the scenario, every worker a named thread in the scenario's order.
    QHash<int, QString> threadNames;
    QHash<int, int> sortIndexes;
    QString processName;
    for (const QJsonObject& m : p.metadata) {
        QCOMPARE(m.value(u"pid"_s).toInt(), 1);
        const QString name = m.value(u"name"_s).toString();
        const QJsonObject args = m.value(u"args"_s).toObject();
        if (name == u"process_name"_s)
            processName = args.value(u"name"_s).toString();
        else if (name == u"thread_name"_s)
            threadNames.insert(m.value(u"tid"_s).toInt(), args.value(u"name"_s).toString());
        else if (name == u"thread_sort_index"_s)
            sortIndexes.insert(m.value(u"tid"_s).toInt(), args.value(u"sort_index"_s).toInt());
    }
    QCOMPARE(processName, r.scenario.name);
    QCOMPARE(threadNames.size(), t.workers.size());
    for (int w = 0; w < t.workers.size(); ++w) {
        QCOMPARE(threadNames.value(w + 1), t.workers.at(w));
        QCOMPARE(sortIndexes.value(w + 1, -1), w);
    }

    // One complete event per statement, in the trace's order, with its times and SQL.
    QList<int> statements;
    QList<int> failed;
    for (int i = 0; i < t.events.size(); ++i) {
        if (t.events.at(i).kind == EventKind::Statement) {
            statements.append(i);
            if (t.events.at(i).error.isError())
                failed.append(i);
        }
    }
    QCOMPARE(p.statements.size(), statements.size());
    QMultiHash<int, QJsonObject> statementsOfThread;
    for (int k = 0; k < statements.size(); ++k) {
        const TraceEvent& e = t.events.at(statements.at(k));
        const QJsonObject& x = p.statements.at(k);
        QCOMPARE(x.value(u"pid"_s).toInt(), 1);
        QCOMPARE(x.value(u"tid"_s).toInt(), e.worker + 1);
        QVERIFY(x.value(u"ts"_s).toDouble() >= 0);
        QVERIFY(x.value(u"dur"_s).toDouble() >= 0);
        QCOMPARE(ns(x.value(u"ts"_s)), e.startNs);
        QCOMPARE(ns(x.value(u"dur"_s)), e.endNs - e.startNs);
        QCOMPARE(x.value(u"name"_s).toString(), ChromeTrace::label(t.sql(e)));
        const QJsonObject args = x.value(u"args"_s).toObject();
        QCOMPARE(args.value(u"sql"_s).toString(), t.sql(e));
        QCOMPARE(args.value(u"params"_s).toArray().size(), e.params.size());
        QCOMPARE(args.value(u"rows_affected"_s).toInteger(), e.rowsAffected);
        if (!e.columns.isEmpty())
            QCOMPARE(args.value(u"rows"_s).toArray().size(), e.rows.size());
        QCOMPARE(args.contains(u"error"_s), e.error.isError());
        if (e.error.isError())
            QCOMPARE(args.value(u"error"_s).toObject().value(u"class"_s).toString(), e.error.className());
        statementsOfThread.insert(e.worker + 1, x);
    }

    // An instant event exactly for each failed statement, on its thread, when it failed, named by the class.
    QCOMPARE(p.errors.size(), failed.size());
    for (int k = 0; k < failed.size(); ++k) {
        const TraceEvent& e = t.events.at(failed.at(k));
        const QJsonObject& i = p.errors.at(k);
        QCOMPARE(i.value(u"s"_s).toString(), u"t"_s);
        QCOMPARE(i.value(u"tid"_s).toInt(), e.worker + 1);
        QCOMPARE(ns(i.value(u"ts"_s)), e.endNs);
        QCOMPARE(i.value(u"name"_s).toString(), e.error.className());
        QCOMPARE(i.value(u"args"_s).toObject().value(u"code"_s).toInt(), e.error.code);
        QCOMPARE(i.value(u"args"_s).toObject().value(u"message"_s).toString(), e.error.message);
    }

    // A lock wait per waiting statement, inside it (in the file, after its statement).
    const QList<LockWaits::Wait> waits = LockWaits::of(t);
    QCOMPARE(p.waits.size(), waits.size());
    for (const LockWaits::Wait& wait : waits) {
        const TraceEvent& statement = t.events.at(wait.statementEvent);
        const qint64 start = std::clamp(wait.startNs, statement.startNs, statement.endNs);
        const auto x = std::find_if(p.waits.cbegin(), p.waits.cend(), [&](const QJsonObject& w) {
            return w.value(u"tid"_s).toInt() == statement.worker + 1 && ns(w.value(u"ts"_s)) == start;
        });
        QVERIFY2(x != p.waits.cend(), "the wait is on the waiter's thread when it began");
        QVERIFY(ns(x->value(u"ts"_s)) + ns(x->value(u"dur"_s)) <= statement.endNs + 1);
    }

    // Every flow begins on a waiter at its wait's start and ends once, on a holder, inside one of its statements.
    QHash<int, QJsonObject> ends;
    for (const QJsonObject& f : p.flowEnds) {
        const int id = f.value(u"id"_s).toInt();
        QVERIFY2(!ends.contains(id), "one end per flow");
        QCOMPARE(f.value(u"bp"_s).toString(), u"e"_s);
        ends.insert(id, f);
    }
    QCOMPARE(p.flowStarts.size(), p.flowEnds.size());
    QSet<int> starts;
    for (const QJsonObject& s : p.flowStarts) {
        const int id = s.value(u"id"_s).toInt();
        QVERIFY2(!starts.contains(id), "one start per flow");
        starts.insert(id);
        QVERIFY2(ends.contains(id), "every flow start has its end");
        const QJsonObject f = ends.value(id);
        QCOMPARE(f.value(u"cat"_s).toString(), s.value(u"cat"_s).toString());
        QCOMPARE(f.value(u"name"_s).toString(), s.value(u"name"_s).toString());
        const auto wait = std::find_if(p.waits.cbegin(), p.waits.cend(), [&](const QJsonObject& x) {
            return x.value(u"tid"_s) == s.value(u"tid"_s) && ns(x.value(u"ts"_s)) == ns(s.value(u"ts"_s));
        });
        QVERIFY2(wait != p.waits.cend(), "a flow starts where a lock wait starts");
        const int holder = f.value(u"tid"_s).toInt();
        QVERIFY(holder != s.value(u"tid"_s).toInt());
        QVERIFY(wait->value(u"args"_s).toObject().value(u"blockers"_s).toArray().contains(t.workers.value(holder - 1)));
        QVERIFY2(ns(f.value(u"ts"_s)) >= ns(s.value(u"ts"_s)), "arrows go forward in time");
        const QList<QJsonObject> held = statementsOfThread.values(holder);
        QVERIFY2(std::any_of(held.cbegin(), held.cend(),
                     [&](const QJsonObject& x) { return contains(x, ns(f.value(u"ts"_s))); }),
            "the flow ends inside one of the holder's statements");
    }

    // Each worker's result where its lane ends.
    QCOMPARE(p.results.size(), r.outcome.results.size());
    for (int w = 0; w < p.results.size(); ++w) {
        const QJsonObject& i = p.results.at(w);
        QCOMPARE(i.value(u"tid"_s).toInt(), w + 1);
        QCOMPARE(i.value(u"name"_s).toString(), r.outcome.results.at(w).text());
        qint64 laneEnd = 0;
        for (const TraceEvent& e : t.events)
            if (e.worker == w)
                laneEnd = std::max(laneEnd, e.endNs);
        QCOMPARE(ns(i.value(u"ts"_s)), laneEnd);
    }

    const QJsonObject other = p.root.value(u"otherData"_s).toObject();
    QCOMPARE(other.value(u"scenario"_s).toString(), r.scenario.name);
    QCOMPARE(other.value(u"backend"_s).toString(), r.backend.kind);
    QCOMPARE(other.value(u"interleave"_s).toString(), QStringLiteral(INTERLEAVE_VERSION));
    QCOMPARE(other.value(u"schedule"_s).toString(), ScheduleSpec::modeName(r.schedule.mode));
    QCOMPARE(other.value(u"executed"_s).toString(), r.executed.join(u','));
}

void TestChromeTrace::raceUniqueHasAWaitWithAnArrowToTheCommit_data()
{
    addDatabaseColumn();
    QTest::newRow("sqlite") << int(BackendSpec::Kind::Sqlite);
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mariadb") << int(BackendSpec::Kind::Mysql);
}

void TestChromeTrace::raceUniqueHasAWaitWithAnArrowToTheCommit()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, scripted(example(u"race-unique"_s), u"A,B,A,B,A,B,A,B"_s), BackendSpec::Kind(database));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Parsed p = parse(writeAndRead(r, m_dir.filePath(QString::number(database) + u"-race-unique.json"_s)));
    checkStructure(r, p);
    if (QTest::currentTestFailed())
        return;

    // B's INSERT waits for A and fails with the IntegrityError once A's COMMIT lets the lock go.
    QCOMPARE(p.errors.size(), 1);
    QCOMPARE(p.errors.first().value(u"name"_s).toString(), u"IntegrityError"_s);
    QCOMPARE(p.errors.first().value(u"tid"_s).toInt(), 2);
    QCOMPARE(p.waits.size(), 1);
    // Labelled by the error that ended it, not "lock acquired": each database's own unique-violation code.
    const QString code = BackendSpec::Kind(database) == BackendSpec::Kind::Sqlite ? u"2067"_s
        : BackendSpec::Kind(database) == BackendSpec::Kind::Postgresql            ? u"23505"_s
                                                                                  : u"1062"_s;
    QCOMPARE(p.waits.first().value(u"name"_s).toString(), u"waits for A · ended by %1 integrity error"_s.arg(code));
    QCOMPARE(p.flowStarts.size(), 1);
    const QJsonObject f = p.flowEnds.first();
    QCOMPARE(f.value(u"tid"_s).toInt(), 1);
    const auto commit = std::find_if(p.statements.cbegin(), p.statements.cend(),
        [&](const QJsonObject& x) { return x.value(u"tid"_s).toInt() == 1 && contains(x, ns(f.value(u"ts"_s))); });
    QVERIFY(commit != p.statements.cend());
    QCOMPARE(commit->value(u"name"_s).toString(), u"COMMIT"_s);
    QCOMPARE(p.results.at(0).value(u"name"_s).toString(), u"created"_s);
    QCOMPARE(p.results.at(1).value(u"name"_s).toString(), u"got (after IntegrityError)"_s);
    const QJsonObject insert = p.statements.at(5);
    QCOMPARE(insert.value(u"name"_s).toString(), u"INSERT race"_s);
    QCOMPARE(insert.value(u"args"_s).toObject().value(u"error"_s).toObject().value(u"class"_s).toString(),
        u"IntegrityError"_s);
}

void TestChromeTrace::deadlockVictimLetsTheLockGo()
{
    // MariaDB: A's INSERT waits for B's gap lock; B's INSERT would wait for A's, InnoDB finds the cycle at once and
    // makes B the victim. B's failing INSERT ends its transaction's locks, so A's arrow lands in it.
    REQUIRE_DATABASE(s, example(u"select-for-update-deadlock"_s), BackendSpec::Kind::Mysql);
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Parsed p = parse(writeAndRead(r, m_dir.filePath(u"deadlock.json"_s)));
    checkStructure(r, p);
    if (QTest::currentTestFailed())
        return;
    const auto deadlock = std::find_if(p.errors.cbegin(), p.errors.cend(),
        [](const QJsonObject& i) { return i.value(u"name"_s).toString() == u"Deadlock"_s; });
    QVERIFY(deadlock != p.errors.cend());
    QCOMPARE(p.flowStarts.size(), 1);
    const int victim = deadlock->value(u"tid"_s).toInt();
    QVERIFY(p.flowStarts.first().value(u"tid"_s).toInt() != victim);
    const QJsonObject f = p.flowEnds.first();
    QCOMPARE(f.value(u"tid"_s).toInt(), victim);
    const auto held = std::find_if(p.statements.cbegin(), p.statements.cend(),
        [&](const QJsonObject& x) { return x.value(u"tid"_s).toInt() == victim && contains(x, ns(f.value(u"ts"_s))); });
    QVERIFY(held != p.statements.cend());
    QCOMPARE(
        held->value(u"args"_s).toObject().value(u"error"_s).toObject().value(u"class"_s).toString(), u"Deadlock"_s);
}

void TestChromeTrace::tenThreadsFreeRun()
{
    const RunResult r = Runner(example(u"ten-threads"_s)).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QByteArray json = writeAndRead(r, m_dir.filePath(u"ten-threads.json"_s));
    const Parsed p = parse(json);
    checkStructure(r, p);
    QCOMPARE(p.results.size(), 10);
}

void TestChromeTrace::passwordNeverReachesTheTrace_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mariadb") << int(BackendSpec::Kind::Mysql);
}

void TestChromeTrace::passwordNeverReachesTheTrace()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, scripted(raceScenario(2, true), u"A,B,A,B,A,B,A,B"_s), kind);
    QVERIFY2(s.backend.url.contains(u'@'), "the test server's URL names a user");
    const QString password = qEnvironmentVariable(kind == BackendSpec::Kind::Postgresql ? "PGPASSWORD" : "MYSQL_PWD");
    QVERIFY(!password.isEmpty());
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QByteArray json = writeAndRead(r, m_dir.filePath(u"password.json"_s));
    const Parsed p = parse(json);
    QCOMPARE(p.root.value(u"otherData"_s).toObject().value(u"server"_s).toString(), s.backend.url);
    // The test servers' password is made up at each start (scripts/test-servers.sh), unlike any word of a trace.
    QVERIFY2(!s.backend.url.contains(password), "the test login needs the distinctive password test-servers.sh makes");
    QVERIFY(!json.contains(password.toUtf8()));
}

void TestChromeTrace::aHolderIdleDuringTheWaitGetsNoArrowBackInTime()
{
    // A takes the lock with its INSERT and runs nothing while B waits, until B's busy timeout: the statement that
    // held the lock ended before the wait began. The wait names A; no flow points back in time. Then a second wait,
    // of A for B, released by B's COMMIT while it ran: an arrow into the COMMIT.
    RunResult r;
    r.scenario = raceScenario(2, true);
    r.scenario.name = u"hand-made"_s;
    r.backend.kind = u"sqlite"_s;
    Trace& t = r.trace;
    t.workers = { u"A"_s, u"B"_s };
    t.statements = { u"INSERT INTO \"race\" (\"user_id\") VALUES (?)"_s, u"COMMIT"_s };
    const auto statement = [](int worker, int step, qint64 start, qint64 end, int sql) {
        TraceEvent e;
        e.worker = worker;
        e.step = step;
        e.startNs = start;
        e.endNs = end;
        e.statement = sql;
        return e;
    };
    const auto wait = [](int worker, int step, qint64 start, qint64 end, int blocker) {
        TraceEvent e;
        e.kind = EventKind::LockWait;
        e.worker = worker;
        e.step = step;
        e.startNs = start;
        e.endNs = end;
        e.statement = 0;
        e.blockers = { blocker };
        return e;
    };
    TraceEvent busy = statement(1, 0, 20'000, 5'000'000, 0);
    busy.error = { ErrorClass::Busy, 5, {}, u"database is locked"_s };
    t.events = { statement(0, 0, 10'000, 15'000, 0), busy, wait(1, 0, 21'000, 4'990'000, 0),
        statement(1, 1, 6'000'000, 6'010'000, 1), statement(0, 1, 6'100'000, 6'500'000, 0),
        wait(0, 1, 6'101'000, 6'450'000, 1), statement(1, 2, 6'200'000, 6'300'000, 1) };
    r.outcome.results = { { ResultKind::Created, {}, 1, false }, { ResultKind::Busy, {}, {}, false } };

    const QList<LockWaits::Wait> waits = LockWaits::of(t);
    QCOMPARE(waits.size(), 2);
    QCOMPARE(waits.at(0).holders.size(), 1);
    QCOMPARE(waits.at(0).holders.first().event, 0); // the INSERT that took the lock
    QCOMPARE(waits.at(1).holders.first().event, 6); // the COMMIT during the wait
    QVERIFY(waits.at(1).holders.first().atNs >= 6'200'000 && waits.at(1).holders.first().atNs <= 6'300'000);

    const Parsed p = parse(QJsonDocument(ChromeTrace::toJson(r)).toJson());
    checkStructure(r, p);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(p.waits.size(), 2);
    QCOMPARE(p.waits.at(0).value(u"args"_s).toObject().value(u"holders"_s).toArray().size(), 1);
    QCOMPARE(p.flowStarts.size(), 1);
    QCOMPARE(p.flowStarts.first().value(u"tid"_s).toInt(), 1);
    QCOMPARE(p.flowEnds.first().value(u"tid"_s).toInt(), 2);
    QCOMPARE(p.errors.size(), 1);
    QCOMPARE(p.errors.first().value(u"name"_s).toString(), u"Busy"_s);
}

void TestChromeTrace::anUnwritableFileIsNamed()
{
    const RunResult r = Runner(scripted(example(u"race-unique"_s), u"A,B,A,B"_s)).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QString path = m_dir.filePath(u"no-such-folder/trace.json"_s);
    QString error;
    QVERIFY(!ChromeTrace::write(r, path, &error));
    QVERIFY2(error.startsWith(path + u": cannot write the trace"_s), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestChromeTrace::labelIsTheVerbAndTheTable_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("label");
    QTest::newRow("select_from_a_quoted_table")
        << u"SELECT \"race\".\"id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s << u"SELECT race"_s;
    QTest::newRow("select_from_a_schema_qualified_table")
        << u"SELECT \"id\" FROM \"interleave\".\"race\" WHERE \"id\" = ?"_s << u"SELECT race"_s;
    QTest::newRow("mysql_backticks") << u"INSERT INTO `interleave`.`race` (`user_id`) VALUES (?)"_s << u"INSERT race"_s;
    QTest::newRow("select_for_update_names_the_table")
        << u"SELECT id FROM race WHERE id = 1 FOR UPDATE"_s << u"SELECT race"_s;
    QTest::newRow("update") << u"UPDATE \"counter\" SET \"value\" = \"value\" + 1"_s << u"UPDATE counter"_s;
    QTest::newRow("lock_tables") << u"LOCK TABLES race WRITE"_s << u"LOCK race"_s;
    QTest::newRow("begin") << u"BEGIN"_s << u"BEGIN"_s;
    QTest::newRow("savepoint") << u"SAVEPOINT \"s1_x1\""_s << u"SAVEPOINT"_s;
    QTest::newRow("rollback_to") << u"ROLLBACK TO SAVEPOINT \"s1_x1\""_s << u"ROLLBACK TO"_s;
    QTest::newRow("select_without_a_table") << u"SELECT pg_advisory_lock(1)"_s << u"SELECT"_s;
}

void TestChromeTrace::labelIsTheVerbAndTheTable()
{
    QFETCH(QString, sql);
    QFETCH(QString, label);
    QCOMPARE(ChromeTrace::label(sql), label);
}

QTEST_GUILESS_MAIN(TestChromeTrace)
#include "tst_chrometrace.moc"
