// SPDX-License-Identifier: MIT
// Step control on real SQLite: what each worker is about to do, a blocked worker that does not freeze the run,
// a deadlock reported instead of hanging, and undo by replay.

#include "racescenario.h"
#include "steprun.h"
#include "testdatabases.h"

#include <QTest>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

using State = StepController::State;

const QString get =
    uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE "race"."user_id" = ? LIMIT 21)"_s;

std::unique_ptr<StepRun> started(const Scenario& s)
{
    auto run = std::make_unique<StepRun>(s);
    QString error;
    if (!run->start(&error))
        qFatal("start: %s", qPrintable(error));
    return run;
}

QList<State> states(const StepRun& run)
{
    QList<State> out;
    for (const StepRun::WorkerView& w : run.workers())
        out.append(w.state);
    return out;
}

} // namespace

class TestStepRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsEachWorkersNextStatement();
    void blockedWorkerLeavesTheOthersSteppable();
    void notReadyWorkerCannotBeStepped();
    void everyWorkerWaitingIsReportedAsDeadlock();
    void backOneStepByReplayLandsInTheSameState_data();
    void backOneStepByReplayLandsInTheSameState();
    void finishRunsTheRestRoundRobin();
    void waitingWorkerShowsAnOpenWait_data();
    void waitingWorkerShowsAnOpenWait();
};

void TestStepRun::reportsEachWorkersNextStatement()
{
    auto run = started(example(u"race-unique"_s));
    const QList<StepRun::WorkerView> workers = run->workers();
    QCOMPARE(workers.size(), 2);
    for (const StepRun::WorkerView& w : workers) {
        QCOMPARE(w.state, State::Ready);
        QCOMPARE(w.next.sql, get);
        QCOMPARE(w.next.params, QVariantList { u"u1"_s });
    }
    QVERIFY(run->step(0));
    QCOMPARE(run->workers().at(0).next.sql, u"BEGIN"_s);
    QVERIFY(run->step(0));
    QVERIFY(run->workers().at(0).next.sql.startsWith(u"INSERT INTO \"race\""_s));
    QCOMPARE(run->workers().at(0).next.params, (QVariantList { u"u1"_s, u"foo"_s }));
    QCOMPARE(run->workers().at(1).next.sql, get); // B has not moved
}

void TestStepRun::blockedWorkerLeavesTheOthersSteppable()
{
    auto run = started(example(u"race-unique"_s));
    for (const int w : { 0, 1, 0, 1, 0 }) // SELECT, SELECT, BEGIN, BEGIN, A's INSERT
        QVERIFY(run->step(w));
    QVERIFY(run->step(1)); // B's INSERT waits for A's write lock: step() returns anyway
    QList<StepRun::WorkerView> workers = run->workers();
    QCOMPARE(workers.at(1).state, State::Waiting);
    QCOMPARE(workers.at(1).waitingFor, QList<int> { 0 });
    QCOMPARE(workers.at(0).state, State::Ready);
    QCOMPARE(workers.at(0).next.sql, u"COMMIT"_s);
    QVERIFY(!run->isDeadlocked());

    QVERIFY(run->step(0)); // A commits; B's INSERT gets through and fails on the unique index
    workers = run->workers();
    QCOMPARE(workers.at(1).state, State::Ready);
    QCOMPARE(workers.at(1).next.sql, u"ROLLBACK"_s);
    QCOMPARE(workers.at(0).state, State::Finished);
    QCOMPARE(workers.at(0).result.kind, ResultKind::Created);

    const RunResult now = run->snapshot();
    QCOMPARE(now.outcome.rows.size(), 1); // A's row is committed
    const auto wait = std::find_if(now.trace.events.cbegin(), now.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::LockWait; });
    QVERIFY(wait != now.trace.events.cend());
    QCOMPARE(wait->worker, 1);
    QCOMPARE(wait->blockers, QList<int> { 0 });
    QCOMPARE(wait->note, u"ended by 2067 integrity error"_s);
    QCOMPARE(run->history(), (QList<int> { 0, 1, 0, 1, 0, 1, 0 }));
}

void TestStepRun::notReadyWorkerCannotBeStepped()
{
    auto run = started(example(u"race-unique"_s));
    for (const int w : { 0, 1, 0, 1, 0, 1 })
        QVERIFY(run->step(w));
    QVERIFY(!run->step(1)); // waiting
    QVERIFY(!run->step(7)); // no such worker
    for (const int w : { 0, 1, 1 })
        QVERIFY(run->step(w));
    QVERIFY(run->isFinished());
    QVERIFY(!run->step(0)); // finished
    QCOMPARE(run->history().size(), 9);
}

void TestStepRun::everyWorkerWaitingIsReportedAsDeadlock()
{
    // A connection outside the run holds the write lock: both workers' INSERTs wait for it and nothing in the
    // run can release it. The run must say so rather than hang.
    auto run = started(example(u"race-no-unique"_s));
    const QString path = run->snapshot().backend.location;
    QVERIFY(QFile::exists(path));
    sqlite3* outsider = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &outsider), SQLITE_OK);
    QCOMPARE(sqlite3_exec(outsider, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

    for (const int w : { 0, 1, 0, 1, 0, 1 })
        QVERIFY(run->step(w));
    QCOMPARE(states(*run), (QList<State> { State::Waiting, State::Waiting }));
    QVERIFY(run->isDeadlocked());

    QVERIFY(run->breakDeadlock()); // A waited longest: its busy timeout ends the wait
    QCOMPARE(states(*run), (QList<State> { State::Ready, State::Waiting }));
    QCOMPARE(run->workers().at(0).next.sql, u"ROLLBACK"_s);
    QVERIFY(!run->isDeadlocked());
    QVERIFY(run->step(0));
    QCOMPARE(run->workers().at(0).result.kind, ResultKind::Busy);
    QVERIFY(run->isDeadlocked()); // B alone, still waiting for the outsider
    QCOMPARE(run->history().constLast(), 0);

    QCOMPARE(sqlite3_exec(outsider, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(outsider);
    const RunResult r = run->finish(); // B's wait ends now that the lock is free
    QCOMPARE(r.outcome.results.at(1).kind, ResultKind::Created);
    QCOMPARE(r.outcome.rows.size(), 1);
    const auto gaveUp = std::find_if(r.trace.events.cbegin(), r.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::LockWait && e.worker == 0; });
    QVERIFY(gaveUp != r.trace.events.cend());
    QVERIFY2(gaveUp->note.contains(u"busy timeout"_s), qPrintable(gaveUp->note));
}

void TestStepRun::backOneStepByReplayLandsInTheSameState_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QList<int>>("steps");
    QTest::newRow("race_unique_after_the_integrity_error") << u"race-unique"_s << QList<int> { 0, 1, 0, 1, 0, 1, 0, 1 };
    QTest::newRow("race_no_unique_with_a_waiting_worker") << u"race-no-unique"_s << QList<int> { 0, 1, 0, 1, 0, 1, 0 };
    QTest::newRow("atomic_request_after_busy") << u"atomic-request"_s << QList<int> { 0, 1, 0, 1, 0, 1, 0, 1, 0 };
}

void TestStepRun::backOneStepByReplayLandsInTheSameState()
{
    QFETCH(QString, example);
    QFETCH(QList<int>, steps);
    const Scenario s = test::example(example);
    auto run = started(s);
    for (const int w : steps)
        QVERIFY(run->step(w));
    QList<int> back = run->history();
    back.removeLast();

    // The state one step earlier, reached directly ...
    auto direct = started(s);
    for (const int w : back)
        QVERIFY(direct->step(w));
    // ... and by replaying the shortened history on a fresh database.
    QString error;
    auto replayed = StepRun::replay(s, back, &error);
    QVERIFY2(replayed, qPrintable(error));
    QCOMPARE(replayed->history(), back);
    QCOMPARE(states(*replayed), states(*direct));
    for (qsizetype i = 0; i < s.workers.size(); ++i)
        QCOMPARE(replayed->workers().at(i).next.sql, direct->workers().at(i).next.sql);
    const RunResult a = replayed->snapshot();
    const RunResult b = direct->snapshot();
    QCOMPARE(a.trace.sequence(), b.trace.sequence());
    QCOMPARE(a.outcome.rows, b.outcome.rows);
    // Finishing both gives the same run too.
    QCOMPARE(replayed->finish().trace.sequence(), direct->finish().trace.sequence());
}

void TestStepRun::finishRunsTheRestRoundRobin()
{
    auto run = started(example(u"race-no-unique"_s));
    QVERIFY(run->step(1));
    const RunResult r = run->finish();
    QVERIFY(r.ok());
    QCOMPARE(r.executed.join(u','), u"B,A,B,A,B,A,B,A"_s);
    QCOMPARE(r.outcome.rows.size(), 2);
}

void TestStepRun::waitingWorkerShowsAnOpenWait_data()
{
    test::addDatabaseColumn();
    for (const BackendSpec::Kind kind : test::allDatabases())
        QTest::newRow(qPrintable(u"b_waits_for_a_on_"_s + BackendSpec::kindName(kind).toLower())) << int(kind);
}

void TestStepRun::waitingWorkerShowsAnOpenWait()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, example(u"race-unique"_s), BackendSpec::Kind(database));
    auto run = started(s);
    for (const int w : { 0, 1, 0, 1, 0, 1 }) // SELECT, SELECT, BEGIN, BEGIN, A's INSERT, B's INSERT that waits
        QVERIFY(run->step(w));
    QCOMPARE(run->workers().at(1).state, State::Waiting);

    const auto openOf = [](const Trace& trace, EventKind kind) {
        QList<TraceEvent> open;
        for (const TraceEvent& e : trace.events)
            if (e.kind == kind && e.endNs < e.startNs)
                open.append(e);
        return open;
    };
    // While B waits, its INSERT is in its lane, open, with a wait for A that is open too.
    const RunResult waiting = run->snapshot();
    const QList<TraceEvent> statements = openOf(waiting.trace, EventKind::Statement);
    QCOMPARE(statements.size(), 1);
    QCOMPARE(statements.first().worker, 1);
    QVERIFY(waiting.trace.sql(statements.first()).startsWith(u"INSERT INTO"_s));
    QCOMPARE(statements.first().step, 2);
    QVERIFY(statements.first().error.cls == ErrorClass::None);
    const QList<TraceEvent> waits = openOf(waiting.trace, EventKind::LockWait);
    QCOMPARE(waits.size(), 1);
    QCOMPARE(waits.first().worker, 1);
    QCOMPARE(waits.first().blockers, QList<int> { 0 });
    QVERIFY(waits.first().startNs >= statements.first().startNs);
    // It began after A's INSERT was let through, and a finished statement never says it is open.
    const auto insertA = std::find_if(waiting.trace.events.cbegin(), waiting.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::Statement && e.worker == 0 && e.step == 2; });
    QVERIFY(insertA != waiting.trace.events.cend());
    QVERIFY(statements.first().startNs > insertA->startNs);

    // A's COMMIT releases B: nothing is open any more, and B's INSERT ended with its wait closed.
    QVERIFY(run->step(0));
    const RunResult released = run->snapshot();
    QVERIFY(openOf(released.trace, EventKind::Statement).isEmpty());
    QVERIFY(openOf(released.trace, EventKind::LockWait).isEmpty());
    const auto insertB = std::find_if(released.trace.events.cbegin(), released.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::Statement && e.worker == 1 && e.step == 2; });
    QVERIFY(insertB != released.trace.events.cend());
    QCOMPARE(insertB->error.cls, ErrorClass::IntegrityError);
    QVERIFY(std::any_of(released.trace.events.cbegin(), released.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::LockWait && e.worker == 1 && e.endNs >= e.startNs; }));
    // A finished run has no open events either.
    const RunResult finished = run->finish();
    QVERIFY(openOf(finished.trace, EventKind::Statement).isEmpty());
    QVERIFY(openOf(finished.trace, EventKind::LockWait).isEmpty());
}

QTEST_GUILESS_MAIN(TestStepRun)
#include "tst_steprun.moc"
