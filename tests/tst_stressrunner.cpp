// SPDX-License-Identifier: MIT
// Stress runs on real SQLite: the distribution of outcomes over many trials on reused threads and connections,
// the example kept for each outcome class, progress, cancellation and flat memory.

#include "checkfamily.h"
#include "freescheduler.h"
#include "racescenario.h"
#include "stressrunner.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>
#include <atomic>
#include <future>
#include <malloc.h>
#include <thread>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

StressResult stress(const Scenario& s, qint64 trials, int workers = 0, int jitterUs = -1)
{
    StressOptions options;
    options.trials = trials;
    options.workers = workers;
    options.jitterUs = jitterUs;
    StressRunner runner(s, options);
    StressResult r = runner.run();
    if (!r.ok())
        qWarning("stress run failed: %s", qPrintable(r.error));
    return r;
}

qint64 sum(const QMap<int, qint64>& counts)
{
    qint64 total = 0;
    for (const qint64 n : counts)
        total += n;
    return total;
}

// Every tally of the distribution accounts for each completed trial exactly once.
void verifyCountsAddUp(const StressResult& r)
{
    const StressDistribution& d = r.distribution;
    const qint64 trials = d.trials();
    QCOMPARE(d.rowsPerLookup().size(), d.lookups().size());
    for (const QMap<int, qint64>& counts : d.rowsPerLookup())
        QCOMPARE(sum(counts), trials);
    qint64 results = 0;
    for (const qint64 n : d.resultCounts())
        results += n;
    QCOMPARE(results, trials * r.scenario.workers.size());
    qint64 inClasses = 0;
    qint64 violated = 0;
    for (const StressClass& c : d.classes()) {
        QVERIFY(c.trials > 0);
        QVERIFY(c.firstTrial >= 0 && c.firstTrial < trials);
        inClasses += c.trials;
        violated += c.violated() ? c.trials : 0;
        int workers = 0;
        for (const ResultTally& t : c.results)
            workers += t.workers;
        QCOMPARE(workers, r.scenario.workers.size());
    }
    QCOMPARE(inClasses, trials);
    QCOMPARE(violated, d.violatedTrials());
    // The families: a trial with duplicates is one that violated "duplicates"; a trial counted under any family is a
    // failed trial, and a class shows each family one of its trials did.
    QCOMPARE(d.familyTrials(CheckFamily::Duplicates), d.violatedTrials());
    CheckFamilies inSomeClass;
    for (const StressClass& c : d.classes())
        inSomeClass |= c.failed;
    QCOMPARE(inSomeClass, d.failedFamilies());
    for (const CheckFamily f : CheckFamilyNames::all()) {
        QVERIFY(d.familyTrials(f) <= d.failedTrials());
        QCOMPARE(d.familyTrials(f) > 0, d.failedFamilies().testFlag(f));
    }
    QVERIFY(d.failedTrials() <= trials);
    QCOMPARE(r.violated(), d.failedTrials() > 0);
}

// The example of each class is a whole run: every worker's statements numbered 0..n-1 without a gap, its last
// statement fitting its result, and results and rows that are the class's.
void verifyExamples(const StressResult& r)
{
    for (const StressClass& c : r.distribution.classes()) {
        QVERIFY2(c.example, qPrintable(c.label()));
        const RunResult& e = *c.example;
        QVERIFY(e.ok());
        QCOMPARE(e.schedule.mode, ScheduleSpec::Mode::Free);
        QCOMPARE(e.trace.workers.size(), r.scenario.workers.size());
        QCOMPARE(e.outcome.results.size(), r.scenario.workers.size());
        // The example was judged as a single run is: a result check per worker, and what it violates is what its
        // class shows.
        const auto resultChecks = std::count_if(e.outcome.invariants.cbegin(), e.outcome.invariants.cend(),
            [](const InvariantCheck& check) { return check.kind == InvariantCheck::Kind::WorkerResult; });
        QCOMPARE(resultChecks, r.scenario.workers.size());
        QCOMPARE(violations(e.outcome) & ~c.failed, CheckFamilies());
        QHash<int, QList<int>> steps;
        QHash<int, QString> lastVerb;
        QHash<int, bool> lastFailed;
        for (const TraceEvent& ev : e.trace.events) {
            QVERIFY(ev.startNs >= 0 && ev.startNs <= ev.endNs);
            if (ev.kind != EventKind::Statement)
                continue;
            steps[ev.worker].append(ev.step);
            lastVerb[ev.worker] = statementVerb(e.trace.sql(ev));
            lastFailed[ev.worker] = ev.error.isError();
        }
        for (int w = 0; w < r.scenario.workers.size(); ++w) {
            QList<int> s = steps.value(w);
            std::sort(s.begin(), s.end());
            QVERIFY2(!s.isEmpty(), qPrintable(u"%1: worker %2 has no statements"_s.arg(c.label()).arg(w)));
            for (int i = 0; i < s.size(); ++i)
                QCOMPARE(s.at(i), i);
            const WorkerResult& result = e.outcome.results.at(w);
            if (result.kind == ResultKind::Created)
                QCOMPARE(lastVerb.value(w), u"COMMIT"_s);
            else if (result.kind == ResultKind::Got || result.kind == ResultKind::MultipleObjectsReturned)
                QCOMPARE(lastVerb.value(w), u"SELECT"_s);
            else
                QVERIFY2(lastFailed.value(w) || lastVerb.value(w) == u"ROLLBACK"_s, qPrintable(result.detail));
        }
        QList<int> rows;
        for (const DuplicateGroup& g : e.outcome.groups)
            rows.append(int(g.ids.size()));
        QCOMPARE(rows, c.rowsPerLookup);
        QCOMPARE(e.outcome.violated(), c.violated());
        // The table was reset before the trial: ids start at 1 again, and each row was inserted by a worker in
        // this very trace or is an initial row.
        const qsizetype initial = r.scenario.table.rows.size();
        for (qsizetype i = 0; i < e.outcome.rows.size(); ++i) {
            const qint64 id = e.outcome.rows[i].value(0).toLongLong();
            QCOMPARE(id, qint64(i + 1));
            QVERIFY2(i < initial || e.outcome.insertedBy.contains(id), qPrintable(c.label()));
        }
    }
}

// Bytes in use from glibc's malloc (its arenas and its mmapped blocks); -1 when something else (a sanitizer)
// serves malloc and glibc cannot see it.
qint64 heapInUse()
{
    auto inUse = [] {
        const struct mallinfo2 info = mallinfo2();
        return qint64(info.uordblks + info.hblkhd);
    };
    static const bool visible = [&] {
        const qint64 before = inUse();
        void* volatile block = malloc(4 << 20);
        const qint64 during = inUse();
        free(block);
        return during >= before + (4 << 20);
    }();
    return visible ? inUse() : -1;
}

} // namespace

class TestStressRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classesIgnoreWhichWorkerGotWhat();
    void workersOverrideClonesTheFirstWorker();
    void uniqueConstraintNeverLeavesTwoRows_data();
    void uniqueConstraintNeverLeavesTwoRows();
    void eightWorkersWithoutUniqueShowSeveralOutcomes();
    void initialRowsAreRestoredBetweenTrials();
    void progressIsReportedAndMonotonic();
    void cancelStopsALongRun_data();
    void cancelStopsALongRun();
    void cancelBeforeRunReturnsAtOnce();
    void memoryStaysFlat();
    void badInputIsReported();
};

void TestStressRunner::classesIgnoreWhichWorkerGotWhat()
{
    StressDistribution d({ u"user_id='x'"_s });
    const WorkerResult created { ResultKind::Created, {}, 1, false };
    const WorkerResult got { ResultKind::Got, {}, 1, false };
    const WorkerResult reGot { ResultKind::Got, {}, 1, true };
    bool isNew = false;
    QCOMPARE(d.add({ 1 }, { created, got }, &isNew), 0);
    QVERIFY(isNew);
    QCOMPARE(d.add({ 1 }, { got, created }, &isNew), 0);
    QVERIFY(!isNew);
    // A got reached through the IntegrityError path is another outcome.
    QCOMPARE(d.add({ 1 }, { reGot, created }, &isNew), 1);
    QVERIFY(isNew);
    QCOMPARE(d.add({ 2 }, { created, created }, &isNew), 2);
    QVERIFY(isNew);
    QCOMPARE(d.trials(), 4);
    QCOMPARE(d.violatedTrials(), 1);
    QCOMPARE(d.rowsPerLookup().value(0), (QMap<int, qint64> { { 1, 3 }, { 2, 1 } }));
    QCOMPARE(d.results(ResultKind::Created), 5);
    QCOMPARE(d.results(ResultKind::Got), 3);
    QCOMPARE(d.afterIntegrityError(), 1);
    QCOMPARE(d.classes().size(), 3);
    QCOMPARE(d.classes().at(0).trials, 2);
    QCOMPARE(d.classes().at(0).label(), u"1 row; 1 created, 1 got"_s);
    QCOMPARE(d.classes().at(1).label(), u"1 row; 1 created, 1 got after IntegrityError"_s);
    QCOMPARE(d.classes().at(2).label(), u"2 rows; 2 created"_s);
    QCOMPARE(d.classes().at(2).firstTrial, 3);
    QVERIFY(d.classes().at(2).violated());
}

void TestStressRunner::workersOverrideClonesTheFirstWorker()
{
    const Scenario s = StressRunner::withWorkers(example(u"race-unique"_s), 28);
    QCOMPARE(s.workers.size(), 28);
    QCOMPARE(s.workers.at(0).name, u"A"_s);
    QCOMPARE(s.workers.at(25).name, u"Z"_s);
    QCOMPARE(s.workers.at(26).name, u"AA"_s);
    QCOMPARE(s.workers.at(27).name, u"AB"_s);
    for (const WorkerSpec& w : s.workers) {
        QCOMPARE(w.lookup, s.workers.at(0).lookup);
        QCOMPARE(w.recipe, u"django_get_or_create"_s);
    }
    QVERIFY(!s.validate());

    const StressResult r = stress(example(u"race-unique"_s), 20, 3);
    QVERIFY(r.ok());
    QCOMPARE(r.scenario.workers.size(), 3);
    QCOMPARE(r.scenario.workers.at(2).name, u"C"_s);
    QCOMPARE(r.scenario.schedule.mode, ScheduleSpec::Mode::Free);
    QCOMPARE(r.trials(), 20);
    verifyCountsAddUp(r);
}

void TestStressRunner::uniqueConstraintNeverLeavesTwoRows_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("trials");
    QTest::addColumn<int>("jitterUs");
    QTest::newRow("two_workers_ten_thousand_trials") << 2 << 10'000 << 0;
    QTest::newRow("eight_workers") << 8 << 2'000 << 0;
    QTest::newRow("two_workers_with_jitter") << 2 << 500 << 200;
}

void TestStressRunner::uniqueConstraintNeverLeavesTwoRows()
{
    QFETCH(int, workers);
    QFETCH(int, trials);
    QFETCH(int, jitterUs);
    const StressResult r = stress(example(u"race-unique"_s), trials, workers, jitterUs);
    QVERIFY(r.ok());
    QVERIFY(!r.cancelled);
    QCOMPARE(r.trials(), trials);
    QCOMPARE(r.scenario.schedule.jitterUs, jitterUs);
    QVERIFY2(!r.violated(), qPrintable(u"%1 trials with two rows"_s.arg(r.distribution.violatedTrials())));
    QCOMPARE(r.distribution.rowsPerLookup().value(0), (QMap<int, qint64> { { 1, trials } }));
    // Exactly one worker creates the row in each trial; every other one gets it, plainly or by the re-get.
    QCOMPARE(r.distribution.results(ResultKind::Created), trials);
    QCOMPARE(r.distribution.results(ResultKind::Got), qint64(trials) * (workers - 1));
    verifyCountsAddUp(r);
    verifyExamples(r);
    QVERIFY(r.trialsPerSecond() > 0);
    qInfo("%d workers: %lld classes, %lld results after an IntegrityError, %.0f trials/s", workers,
        qint64(r.distribution.classes().size()), r.distribution.afterIntegrityError(), r.trialsPerSecond());
}

void TestStressRunner::eightWorkersWithoutUniqueShowSeveralOutcomes()
{
    // Races are a matter of luck: run until a duplicate and a second class have shown up, within a bound.
    StressOptions options;
    options.trials = 20'000;
    options.workers = 8;
    options.progressIntervalMs = 0;
    StressRunner runner(example(u"race-no-unique"_s), options);
    runner.setProgressCallback([&](const StressProgress& p) {
        if (p.distribution.classes().size() >= 2 && p.distribution.violatedTrials() > 0)
            runner.cancel();
    });
    const StressResult r = runner.run();
    QVERIFY(r.ok());
    QVERIFY2(r.distribution.classes().size() >= 2, "one outcome in 20,000 trials of eight free workers");
    QVERIFY(r.violated());
    verifyCountsAddUp(r);
    verifyExamples(r);
    qInfo("%lld trials until two classes and a duplicate", r.trials());
}

void TestStressRunner::initialRowsAreRestoredBetweenTrials()
{
    // flag-per-parent starts with two rows; a partial unique index allows one flag=1 row per parent.
    const Scenario s = example(u"flag-per-parent"_s);
    QCOMPARE(s.table.rows.size(), 2);
    const StressResult r = stress(s, 300);
    QVERIFY(r.ok());
    QCOMPARE(r.trials(), 300);
    QVERIFY(!r.violated());
    verifyCountsAddUp(r);
    verifyExamples(r);
    for (const StressClass& c : r.distribution.classes()) {
        // The two initial rows, then the one flagged row a worker created: never more, never fewer.
        QCOMPARE(c.example->outcome.rows.size(), 3);
        QCOMPARE(c.example->outcome.insertedBy.size(), 1);
    }
}

void TestStressRunner::progressIsReportedAndMonotonic()
{
    StressOptions options;
    options.trials = 200;
    options.progressIntervalMs = 0; // after every trial
    StressRunner runner(example(u"race-no-unique"_s), options);
    QList<StressProgress> reports;
    runner.setProgressCallback([&](const StressProgress& p) {
        QCOMPARE(runner.trialsDone(), p.trialsDone());
        reports.append(p);
    });
    const StressResult r = runner.run();
    QVERIFY(r.ok());
    // One after each trial and one at the end.
    QCOMPARE(reports.size(), 201);
    for (qsizetype i = 0; i < reports.size(); ++i) {
        const StressProgress& p = reports[i];
        QCOMPARE(p.trialsRequested, 200);
        QCOMPARE(p.trialsDone(), qMin<qint64>(i + 1, 200));
        if (i > 0) {
            QVERIFY(p.elapsedNs >= reports[i - 1].elapsedNs);
            QVERIFY(p.distribution.classes().size() >= reports[i - 1].distribution.classes().size());
            QVERIFY(p.distribution.violatedTrials() >= reports[i - 1].distribution.violatedTrials());
        }
        // A snapshot is consistent in itself and stays as it was when it was taken.
        QCOMPARE(sum(p.distribution.rowsPerLookup().value(0)), p.trialsDone());
    }
    QCOMPARE(reports.back().distribution.classes().size(), r.distribution.classes().size());
    QCOMPARE(runner.trialsDone(), 200);
    QCOMPARE(r.trials(), 200);
}

void TestStressRunner::cancelStopsALongRun_data()
{
    QTest::addColumn<int>("jitterUs");
    QTest::addColumn<qint64>("cancelAfter"); // trials seen done before the cancel; 0: when both workers pause
    QTest::newRow("between_fast_trials") << 0 << qint64(50);
    // Pauses of up to 120 s before each statement: cancelled while both workers are inside one, the run must cut
    // it short, not sit it out.
    QTest::newRow("during_long_pauses") << 120'000'000 << qint64(0);
}

void TestStressRunner::cancelStopsALongRun()
{
    QFETCH(int, jitterUs);
    QFETCH(qint64, cancelAfter);
    QCOMPARE(FreeScheduler::workersPausing(), 0);
    StressOptions options;
    options.trials = 100'000'000;
    options.jitterUs = jitterUs;
    options.progressIntervalMs = 0;
    StressRunner runner(example(u"race-no-unique"_s), options);
    std::promise<void> reached;
    bool signalled = false;
    runner.setProgressCallback([&](const StressProgress& p) {
        if (!signalled && cancelAfter > 0 && p.trialsDone() >= cancelAfter) {
            signalled = true;
            reached.set_value();
        }
    });
    StressResult result;
    std::atomic<bool> returned { false };
    std::thread thread([&] {
        result = runner.run();
        returned.store(true);
    });
    const auto join = qScopeGuard([&] {
        runner.cancel();
        thread.join();
    });
    // The run is really going: trials done, or both workers inside a pause of the first trial.
    if (cancelAfter > 0)
        QVERIFY(reached.get_future().wait_for(bound(std::chrono::milliseconds(60000))) == std::future_status::ready);
    else
        QTRY_COMPARE_WITH_TIMEOUT(FreeScheduler::workersPausing(), 2, boundMs(20000));
    QVERIFY(!returned.load());
    const qint64 before = runner.trialsDone();
    QVERIFY(before >= cancelAfter);
    QElapsedTimer timer;
    timer.start();
    runner.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(returned.load(), boundMs(5000));
    qInfo("stopped %lld ms after the cancel, after %lld trials", timer.elapsed(), result.trials());
    QCOMPARE(FreeScheduler::workersPausing(), 0);
    QVERIFY(result.ok());
    QVERIFY(result.cancelled);
    QVERIFY(result.incomplete());
    QVERIFY(result.trials() >= before);
    QVERIFY(result.trials() < options.trials);
    if (cancelAfter == 0)
        QCOMPARE(result.trials(), 0); // the trial in flight, cut short in its first pauses, does not count
    QCOMPARE(runner.trialsDone(), result.trials());
    // The trial in flight is not counted, so the distribution is what the finished trials found.
    verifyCountsAddUp(result);
    verifyExamples(result);
}

void TestStressRunner::cancelBeforeRunReturnsAtOnce()
{
    StressOptions options;
    options.trials = 1'000'000;
    StressRunner runner(example(u"race-unique"_s), options);
    runner.cancel();
    const StressResult r = runner.run();
    QVERIFY(r.ok());
    QVERIFY(r.cancelled);
    QCOMPARE(r.trials(), 0);
}

void TestStressRunner::memoryStaysFlat()
{
    // Sample the heap in use at trial 1,000 and at trial 6,000 of one run. Everything a trial allocates is freed
    // or reused by the next; only a new outcome class keeps something (its example run). A run that kept as
    // little as 50 bytes per trial would exceed the allowance below.
    const qint64 first = 1'000;
    const qint64 last = 6'000;
    StressOptions options;
    options.trials = last;
    options.progressIntervalMs = 0;
    StressRunner runner(example(u"race-unique"_s), options);
    qint64 heapAtFirst = -1;
    qint64 heapAtLast = -1;
    qsizetype classesAtFirst = 0;
    runner.setProgressCallback([&](const StressProgress& p) {
        if (p.trialsDone() == first && heapAtFirst < 0) {
            malloc_trim(0);
            heapAtFirst = heapInUse();
            classesAtFirst = p.distribution.classes().size();
        } else if (p.trialsDone() == last && heapAtLast < 0) {
            malloc_trim(0);
            heapAtLast = heapInUse();
        }
    });
    const StressResult r = runner.run();
    QVERIFY(r.ok());
    QCOMPARE(r.trials(), last);
    // What is retained: one example per class, and classes are few, however many trials run.
    QVERIFY2(r.distribution.classes().size() <= 4, qPrintable(u"%1 classes"_s.arg(r.distribution.classes().size())));
    for (const StressClass& c : r.distribution.classes()) {
        QVERIFY(c.example);
        QCOMPARE(c.example.use_count(), 1); // owned by the result alone: nothing else holds on to it
        QVERIFY(c.example->trace.events.size() < 40); // one trial's events, not an accumulation
    }
    if (heapAtFirst < 0 || heapAtLast < 0) {
        qInfo("the heap is not glibc's (a sanitizer build): only the retained objects were checked");
        return;
    }
    const qint64 newClasses = r.distribution.classes().size() - classesAtFirst;
    const qint64 allowance = 250'000 + newClasses * 100'000;
    const qint64 growth = heapAtLast - heapAtFirst;
    qInfo("heap in use: %lld bytes after %lld trials, %lld after %lld (%+lld, %lld new classes)", heapAtFirst, first,
        heapAtLast, last, growth, newClasses);
    QVERIFY2(growth < allowance, qPrintable(u"the heap grew by %1 bytes in %2 trials"_s.arg(growth).arg(last - first)));
}

void TestStressRunner::badInputIsReported()
{
    StressOptions options;
    options.trials = 10;
    options.workers = 65;
    const StressResult tooMany = StressRunner(example(u"race-unique"_s), options).run();
    QVERIFY(!tooMany.ok());
    QCOMPARE(tooMany.error, u"the number of workers must be between 1 and 64, not 65"_s);
    QCOMPARE(tooMany.trials(), 0);

    Scenario s = raceScenario(2, false);
    s.table.columns[0].type = u"varchar(32) references"_s; // valid to the scenario's grammar, not to SQLite
    const StressResult failed = stress(s, 10);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error.startsWith(u"setting up table \"race\" failed: CREATE TABLE"_s), qPrintable(failed.error));
    QCOMPARE(failed.trials(), 0);
}

QTEST_GUILESS_MAIN(TestStressRunner)
#include "tst_stressrunner.moc"
