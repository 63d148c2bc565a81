// SPDX-License-Identifier: MIT
#include "examples.h"
#include "freescheduler.h"
#include "runjob.h"
#include "threadnames.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// Threads of this process that belong to a RunJob's run: its thread (named interleave-run-<id>) and the worker
// threads the run starts (on Linux a new thread starts with its creator's name).
int runThreads()
{
    return threadsNamed("interleave-run");
}

} // namespace

// RunJob runs the real engine on a background thread and hands results back on the GUI thread.
class TestRunJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliversOnTheGuiThread();
    void aSupersededRunIsDropped();
    void cancelStillDelivers();
    void destroyingAJobWaitsForItsThread();

private:
    static Scenario scenario(ScheduleSpec::Mode mode)
    {
        ScenarioError error;
        std::optional<Scenario> loaded = Examples::load(u"race-unique"_s, &error);
        if (!loaded)
            qFatal("race-unique: %s", qPrintable(error.toString()));
        loaded->schedule.mode = mode;
        if (mode == ScheduleSpec::Mode::Script)
            loaded->schedule.script = QStringList { u"A"_s, u"B"_s, u"A"_s, u"B"_s, u"A"_s, u"B"_s, u"A"_s, u"B"_s };
        return *loaded;
    }
};

void TestRunJob::deliversOnTheGuiThread()
{
    RunJob job;
    QSignalSpy finished(&job, &RunJob::finished);
    QThread* deliveredOn = nullptr;
    connect(&job, &RunJob::finished, this, [&deliveredOn] { deliveredOn = QThread::currentThread(); });
    const quint64 id = job.start(scenario(ScheduleSpec::Mode::Script));
    QVERIFY(id > 0);
    QVERIFY(job.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(!job.isRunning());
    QCOMPARE(deliveredOn, QThread::currentThread());
    const auto result = finished.first().first().value<RunResult>();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.outcome.rows.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 10000);
}

void TestRunJob::aSupersededRunIsDropped()
{
    RunJob job;
    QSignalSpy finished(&job, &RunJob::finished);
    const quint64 first = job.start(scenario(ScheduleSpec::Mode::Free));
    const quint64 second = job.start(scenario(ScheduleSpec::Mode::Script));
    QVERIFY(second != first);
    QCOMPARE(job.currentId(), second);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    // Both threads end; only the second run's result arrives.
    QTRY_COMPARE_WITH_TIMEOUT(job.threadCount(), 0, 60000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<RunResult>().schedule.mode, ScheduleSpec::Mode::Script);
}

void TestRunJob::cancelStillDelivers()
{
    RunJob job;
    QSignalSpy finished(&job, &RunJob::finished);
    QSignalSpy running(&job, &RunJob::runningChanged);
    job.start(scenario(ScheduleSpec::Mode::Free));
    job.cancel();
    // The run may have finished before the cancel reached it; either way its result comes back once.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(!job.isRunning());
    QCOMPARE(running.size(), 2);
    QCOMPARE(running.last().first().toBool(), false);
}

void TestRunJob::destroyingAJobWaitsForItsThread()
{
    QCOMPARE(runThreads(), 0);
    auto job = std::make_unique<RunJob>();
    Scenario s = scenario(ScheduleSpec::Mode::Free);
    s.schedule.jitterUs = 120'000'000; // pauses of up to two minutes: the run is still going when the job goes
    job->start(s);
    // The job's thread is alive and its run is under way: both workers inside their first pause.
    QTRY_COMPARE_WITH_TIMEOUT(FreeScheduler::workersPausing(), 2, boundMs(20000));
    QCOMPARE(runThreads(), 3); // the job's thread and the run's two workers
    QCOMPARE(job->threadCount(), 1);
    QVERIFY(job->isRunning());
    QElapsedTimer timer;
    timer.start();
    job.reset();
    // The destructor stopped the run and waited for the thread: nothing of the run is left running, and it did not
    // wait out the pauses.
    const qint64 ms = timer.elapsed();
    qInfo("the job was gone %lld ms after its destructor began", ms);
    // Every thread was joined; the kernel removes a joined thread's /proc entry a moment after the join returns.
    QTRY_COMPARE_WITH_TIMEOUT(runThreads(), 0, 1000);
    QCOMPARE(FreeScheduler::workersPausing(), 0);
    QVERIFY2(ms < boundMs(5000), qPrintable(QString::number(ms)));
    // The result the thread queued for the deleted job is dropped, not delivered to freed memory.
    QCoreApplication::sendPostedEvents();
}

QTEST_GUILESS_MAIN(TestRunJob)
#include "tst_runjob.moc"
