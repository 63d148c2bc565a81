// SPDX-License-Identifier: MIT
// A timeout is a schedulable event: in step mode, in a script (timeout(B)) and in explore mode a lock wait ends
// as the database's own timeout would end it, with that database's error, on all three databases.

#include "explorer.h"
#include "racescenario.h"
#include "scriptstep.h"
#include "steprun.h"
#include "testdatabases.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

using State = StepController::State;

// The error a real timeout gives on each database, and how Django reports it (Busy is SQLite's OperationalError
// "database is locked"; LockTimeout the servers').
struct TimeoutError {
    ErrorClass cls;
    int code;
    QString sqlState;
    QString message;
    ResultKind result;
};

TimeoutError timeoutErrorOn(BackendSpec::Kind kind)
{
    switch (kind) {
    case BackendSpec::Kind::Sqlite:
        return { ErrorClass::Busy, 5, {}, u"database is locked"_s, ResultKind::Busy };
    case BackendSpec::Kind::Postgresql:
        return { ErrorClass::LockTimeout, 0, u"55P03"_s, u"canceling statement due to lock timeout"_s,
            ResultKind::LockTimeout };
    case BackendSpec::Kind::Mysql:
        break;
    }
    return { ErrorClass::LockTimeout, 1205, u"HY000"_s, u"Lock wait timeout exceeded; try restarting transaction"_s,
        ResultKind::LockTimeout };
}

void addDatabaseRows(const char* what)
{
    for (const BackendSpec::Kind kind : allDatabases())
        QTest::newRow(qPrintable(u"%1_on_%2"_s.arg(QString::fromLatin1(what), BackendSpec::kindName(kind))))
            << int(kind);
}

// B's INSERT, in the race with a unique constraint: after A's INSERT (uncommitted), B's waits for A's write lock
// (SQLite) or for A's uncommitted key (PostgreSQL, InnoDB).
const QList<int> untilBWaits { 0, 1, 0, 1, 0, 1 };

const TraceEvent* findEvent(const Trace& trace, EventKind kind, int worker, const QString& verb = {})
{
    for (const TraceEvent& e : trace.events)
        if (e.kind == kind && e.worker == worker && (verb.isEmpty() || trace.sql(e).startsWith(verb)))
            return &e;
    return nullptr;
}

} // namespace

class TestTimeouts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepModeGivesUpAWaitWithTheDatabasesTimeoutError_data();
    void stepModeGivesUpAWaitWithTheDatabasesTimeoutError();
    void onlyAWaitingWorkerCanGiveUp();
    void replayRepeatsAGiveUp();
    void scriptTokenParses_data();
    void scriptTokenParses();
    void scriptTokenNamingNoWorkerIsRefused();
    void scriptTokenGivesUpAWait_data();
    void scriptTokenGivesUpAWait();
    void scriptTokenIsRefusedWhenTheWorkerIsNotWaiting();
    void exploreFindsTheTimeoutOutcome_data();
    void exploreFindsTheTimeoutOutcome();
};

void TestTimeouts::stepModeGivesUpAWaitWithTheDatabasesTimeoutError_data()
{
    addDatabaseColumn();
    addDatabaseRows("insert_waiting_for_an_uncommitted_key_times_out");
}

void TestTimeouts::stepModeGivesUpAWaitWithTheDatabasesTimeoutError()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, example(u"race-unique"_s), kind);
    StepRun run(s);
    QString error;
    QVERIFY2(run.start(&error), qPrintable(error));
    for (const int w : untilBWaits)
        QVERIFY(run.step(w));
    QCOMPARE(run.workers().at(1).state, State::Waiting);
    QCOMPARE(run.workers().at(0).state, State::Ready); // A is about to COMMIT: the holder has not let go

    QVERIFY(run.giveUp(1));
    QCOMPARE(run.workers().at(1).state, State::Ready); // B's INSERT has returned with the error
    QCOMPARE(run.workers().at(1).next.sql, u"ROLLBACK"_s); // Django's atomic() leaves on the error
    QCOMPARE(run.history().constLast(), ScriptStep::giveUp(1));

    const RunResult r = run.finish();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const TimeoutError expected = timeoutErrorOn(kind);
    const TraceEvent* insert = findEvent(r.trace, EventKind::Statement, 1, u"INSERT"_s);
    QVERIFY(insert);
    QCOMPARE(insert->error.cls, expected.cls);
    QCOMPARE(insert->error.code & 0xff, expected.code & 0xff); // SQLite: SQLITE_BUSY, whatever its extended code
    QCOMPARE(insert->error.sqlState, expected.sqlState);
    QCOMPARE(insert->error.message, expected.message);
    const TraceEvent* wait = findEvent(r.trace, EventKind::LockWait, 1);
    QVERIFY(wait);
    QCOMPARE(wait->blockers, QList<int> { 0 });
    QVERIFY2(wait->note.contains(u"at this point of the schedule"_s), qPrintable(wait->note));
    QCOMPARE(r.outcome.results.at(1).kind, expected.result);
    QCOMPARE(r.outcome.results.at(0).kind, ResultKind::Created);
    QCOMPARE(r.outcome.rows.size(), 1);
    // What follows depends on the database (on MySQL, Django's atomic() ends with SET autocommit=1).
    QVERIFY2(r.executed.join(u',').startsWith(u"A,B,A,B,A,B,timeout(B),A,"_s), qPrintable(r.executed.join(u',')));
}

void TestTimeouts::onlyAWaitingWorkerCanGiveUp()
{
    StepRun run(example(u"race-unique"_s));
    QString error;
    QVERIFY2(run.start(&error), qPrintable(error));
    QVERIFY(!run.giveUp(0)); // ready
    QVERIFY(!run.giveUp(5)); // no such worker
    QVERIFY(run.history().isEmpty());
    QVERIFY(run.step(0));
    QCOMPARE(run.workers().at(0).state, State::Ready);
}

void TestTimeouts::replayRepeatsAGiveUp()
{
    const Scenario s = example(u"race-unique"_s);
    QList<int> history = untilBWaits;
    history.append(ScriptStep::giveUp(1));
    history.append(0); // A commits
    QString error;
    auto replayed = StepRun::replay(s, history, &error);
    QVERIFY2(replayed, qPrintable(error));
    QCOMPARE(replayed->history(), history);
    QCOMPARE(replayed->workers().at(0).state, State::Finished);
    QCOMPARE(replayed->workers().at(1).next.sql, u"ROLLBACK"_s);
    const RunResult r = replayed->finish();
    QCOMPARE(r.outcome.results.at(1).kind, ResultKind::Busy);
}

void TestTimeouts::scriptTokenParses_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("step");
    QTest::newRow("a_name_is_a_step") << u"B"_s << 1;
    QTest::newRow("timeout_of_a_worker_is_a_give_up") << u"timeout(B)"_s << ScriptStep::giveUp(1);
    QTest::newRow("timeout_of_the_first_worker") << u"timeout(A)"_s << ScriptStep::giveUp(0);
    QTest::newRow("timeout_of_no_worker_is_refused") << u"timeout(C)"_s << -1;
    QTest::newRow("an_unclosed_timeout_is_refused") << u"timeout(B"_s << -1;
    QTest::newRow("timeout_is_lower_case") << u"TIMEOUT(B)"_s << -1;
}

void TestTimeouts::scriptTokenParses()
{
    QFETCH(QString, token);
    QFETCH(int, step);
    const QStringList names { u"A"_s, u"B"_s };
    const std::optional<int> parsed = ScriptStep::parse(token, names);
    QCOMPARE(parsed.value_or(-1), step);
    if (parsed)
        QCOMPARE(ScriptStep::text(*parsed, names), token);
    ScenarioError error;
    const auto script = Scenario::parseScript(u"A, "_s + token, example(u"race-unique"_s), &error);
    QCOMPARE(bool(script), step != -1);
    if (!script)
        QVERIFY2(error.message.startsWith(u"step 2 "_s), qPrintable(error.message));
}

void TestTimeouts::scriptTokenNamingNoWorkerIsRefused()
{
    ScenarioError error;
    QVERIFY(!Scenario::parseScript(u"A,timeout(C)"_s, example(u"race-unique"_s), &error));
    QCOMPARE(error.field, u"schedule.script"_s);
    QCOMPARE(error.message, u"step 2 (timeout(C)) times out the wait of worker \"C\", but the workers are A, B"_s);
}

void TestTimeouts::scriptTokenGivesUpAWait_data()
{
    addDatabaseColumn();
    addDatabaseRows("script_gives_up_b_before_a_commits");
}

void TestTimeouts::scriptTokenGivesUpAWait()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    Scenario scripted = example(u"race-unique"_s);
    scripted.schedule.mode = ScheduleSpec::Mode::Script;
    ScenarioError error;
    const auto script = Scenario::parseScript(u"A,B,A,B,A,B,timeout(B),A"_s, scripted, &error);
    QVERIFY2(script, qPrintable(error.message));
    scripted.schedule.script = *script;
    REQUIRE_DATABASE(s, scripted, kind);
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY2(r.executed.join(u',').startsWith(u"A,B,A,B,A,B,timeout(B),A,"_s), qPrintable(r.executed.join(u',')));
    QCOMPARE(r.outcome.results.at(1).kind, timeoutErrorOn(kind).result);
    const TraceEvent* insert = findEvent(r.trace, EventKind::Statement, 1, u"INSERT"_s);
    QVERIFY(insert);
    QCOMPARE(insert->error.cls, timeoutErrorOn(kind).cls);
    QCOMPARE(insert->error.message, timeoutErrorOn(kind).message);
}

void TestTimeouts::scriptTokenIsRefusedWhenTheWorkerIsNotWaiting()
{
    Scenario s = example(u"race-unique"_s);
    s.schedule.mode = ScheduleSpec::Mode::Script;
    s.schedule.script = QStringList { u"A"_s, u"timeout(B)"_s };
    Runner runner(s);
    const RunResult r = runner.run();
    QVERIFY(!r.ok());
    QCOMPARE(r.error,
        u"schedule.script: step 2 (timeout(B)): B is not waiting for a lock at this point of the run (it is ready to "
        "send its next statement), so there is no wait to time out"_s);
    QCOMPARE(ScriptStep::refusedStep(r.error).value_or(-1), 2);
    QCOMPARE(ScriptStep::offsetOf(u"A, timeout(B)"_s, 2), 3);
}

void TestTimeouts::exploreFindsTheTimeoutOutcome_data()
{
    addDatabaseColumn();
    addDatabaseRows("race_unique_with_a_finite_timeout");
}

void TestTimeouts::exploreFindsTheTimeoutOutcome()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    Scenario finite = example(u"race-unique"_s);
    finite.backend.busyTimeoutMs = 5000;
    finite.backend.lockTimeoutMs = 60000; // servers: finite, and far longer than any step takes here
    REQUIRE_DATABASE(s, finite, kind);
    Explorer explorer(s, ExploreOptions());
    const ExploreResult r = explorer.run();
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.complete);
    const QString timedOut = kind == BackendSpec::Kind::Sqlite ? u"Busy"_s : u"LockTimeout"_s;
    QStringList summaries;
    for (const OutcomeClass& c : r.classes)
        summaries.append(c.summary);
    summaries.sort();
    QCOMPARE(summaries,
        (QStringList { u"1 row; "_s + timedOut + u", created"_s, u"1 row; created, got"_s,
            u"1 row; created, got (after IntegrityError)"_s }));
    const auto it = std::find_if(
        r.classes.cbegin(), r.classes.cend(), [&](const OutcomeClass& c) { return c.summary.contains(timedOut); });
    QVERIFY(it->example.join(u',').contains(u"timeout("_s));
    qInfo("%s: %lld schedules (+%lld abandoned) in %.1f s", qPrintable(BackendSpec::kindName(kind)), r.explored,
        r.pruned, r.seconds);
}

QTEST_GUILESS_MAIN(TestTimeouts)
#include "tst_timeouts.moc"
