// SPDX-License-Identifier: MIT
#include "examples.h"
#include "runjob.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

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
    auto job = std::make_unique<RunJob>();
    job->start(scenario(ScheduleSpec::Mode::Free));
    job.reset(); // must neither crash nor leave a thread running into a deleted object
    QVERIFY(!job);
}

QTEST_GUILESS_MAIN(TestRunJob)
#include "tst_runjob.moc"
