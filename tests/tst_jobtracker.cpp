// SPDX-License-Identifier: MIT
#include "jobtracker.h"
#include "threadnames.h"

#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// A door a job's thread waits at until the test (or the job's cancel) opens it.
class Gate {
public:
    void open()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_opened.notify_all();
    }
    void pass()
    {
        std::unique_lock lock(m_mutex);
        m_opened.wait(lock, [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_opened;
    bool m_open = false;
};

} // namespace

// JobTracker: the one lifetime of the window's background jobs (RunJob, ExploreJob, StressJob, StepJob and the
// connection test are built on it).
class TestJobTracker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resultsArriveOnTheGuiThread();
    void aSupersededJobsResultIsDropped();
    void aDiscardedJobsResultIsDropped();
    void aJobWhoseReceiverDiedDeliversNothing();
    void theDestructorJoinsARunningJob();
    void progressIsFlushedBeforeTheResult();
};

void TestJobTracker::resultsArriveOnTheGuiThread()
{
    QObject receiver;
    JobTracker tracker(&receiver, u"tst-tracker"_s);
    std::atomic<QThread*> workedOn = nullptr; // written on the job's thread
    QThread* postedOn = nullptr;
    QThread* deliveredOn = nullptr;
    QList<int> order;
    const quint64 id = tracker.start(
        [&workedOn, &postedOn, &order](const JobTracker::Post& post) {
            workedOn = QThread::currentThread();
            post([&postedOn, &order] {
                postedOn = QThread::currentThread();
                order.append(1);
            });
            return 2;
        },
        [&deliveredOn, &order](int result) {
            deliveredOn = QThread::currentThread();
            order.append(result);
        });
    QVERIFY(id > 0);
    QCOMPARE(tracker.currentId(), id);
    QVERIFY(tracker.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 10000);
    QVERIFY(!tracker.isRunning());
    QVERIFY(workedOn.load() != nullptr);
    QVERIFY(workedOn.load() != QThread::currentThread());
    QCOMPARE(postedOn, QThread::currentThread());
    QCOMPARE(deliveredOn, QThread::currentThread());
    QCOMPARE(order, (QList<int> { 1, 2 })); // in the order the job handed them over
    QTRY_COMPARE_WITH_TIMEOUT(tracker.threadCount(), 0, 10000);
}

void TestJobTracker::aSupersededJobsResultIsDropped()
{
    QObject receiver;
    JobTracker tracker(&receiver, u"tst-tracker"_s);
    auto gate = std::make_shared<Gate>();
    std::atomic<int> cancels = 0;
    QList<int> delivered;
    QList<int> posted;
    const quint64 first = tracker.start(
        [gate](const JobTracker::Post& post) {
            gate->pass();
            post([] {}); // an intermediate hand-over of the superseded job: dropped too
            return 1;
        },
        [&delivered](int result) { delivered.append(result); }, [&cancels] { ++cancels; });
    const quint64 second = tracker.start(
        [](const JobTracker::Post& post) {
            post([] {});
            return 2;
        },
        [&delivered](int result) { delivered.append(result); });
    QVERIFY(second != first);
    QCOMPARE(tracker.currentId(), second);
    QCOMPARE(cancels.load(), 1); // the superseded job was asked to stop
    QCOMPARE(tracker.threadCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
    QVERIFY(!tracker.isRunning());
    gate->open(); // the first job ends only now, after the second delivered: its result comes last
    // A thread is joined only after what it handed over was dealt with, so by 0 threads everything has arrived.
    QTRY_COMPARE_WITH_TIMEOUT(tracker.threadCount(), 0, 10000);
    QCOMPARE(delivered, QList<int> { 2 });
    QVERIFY(!tracker.isRunning());
}

void TestJobTracker::aDiscardedJobsResultIsDropped()
{
    QObject receiver;
    JobTracker tracker(&receiver, u"tst-tracker"_s);
    auto gate = std::make_shared<Gate>();
    QList<int> delivered;
    bool postedRan = false;
    tracker.start(
        [gate, &postedRan](const JobTracker::Post& post) {
            gate->pass();
            post([&postedRan] { postedRan = true; });
            return 1;
        },
        [&delivered](int result) { delivered.append(result); }, [gate] { gate->open(); });
    QVERIFY(tracker.isRunning());
    QVERIFY(tracker.discard()); // cancels: the job's cancel opens its gate
    QVERIFY(!tracker.isRunning());
    QCOMPARE(tracker.currentId(), quint64(0));
    QVERIFY(!tracker.discard()); // nothing running any more
    QTRY_COMPARE_WITH_TIMEOUT(tracker.threadCount(), 0, 10000);
    QVERIFY(delivered.isEmpty());
    QVERIFY(!postedRan);
}

void TestJobTracker::aJobWhoseReceiverDiedDeliversNothing()
{
    auto receiver = std::make_unique<QObject>();
    JobTracker tracker(receiver.get(), u"tst-tracker"_s);
    auto gate = std::make_shared<Gate>();
    QObject* alive = receiver.get();
    int delivered = 0;
    bool postedRan = false;
    // Like the jobs built on the tracker, the delivery uses its receiver: after the receiver died it must not run.
    tracker.start(
        [gate, alive, &postedRan](const JobTracker::Post& post) {
            gate->pass();
            post([alive, &postedRan] {
                postedRan = true;
                alive->setObjectName(u"posted"_s);
            });
            return 1;
        },
        [alive, &delivered](int) {
            ++delivered;
            alive->setObjectName(u"delivered"_s);
        });
    receiver.reset();
    gate->open();
    // The thread is cleaned up all the same: the tracker's own clean-up does not depend on the receiver.
    QTRY_COMPARE_WITH_TIMEOUT(tracker.threadCount(), 0, 10000);
    QCoreApplication::sendPostedEvents();
    QCOMPARE(delivered, 0);
    QVERIFY(!postedRan);
}

void TestJobTracker::theDestructorJoinsARunningJob()
{
    QCOMPARE(threadsNamed("tst-tracker"), 0);
    auto tracker = std::make_unique<JobTracker>(this, u"tst-tracker"_s);
    auto gate = std::make_shared<Gate>();
    auto working = std::make_shared<Gate>();
    auto ended = std::make_shared<std::atomic<bool>>(false);
    int delivered = 0;
    tracker->start(
        [gate, working, ended](const JobTracker::Post&) {
            working->open();
            gate->pass();
            *ended = true;
            return 1;
        },
        [&delivered](int) { ++delivered; }, [gate] { gate->open(); });
    working->pass(); // the job's thread is inside its work
    QCOMPARE(tracker->threadCount(), 1);
    QCOMPARE(threadsNamed("tst-tracker"), 1);
    QVERIFY(!*ended);
    tracker.reset();
    // The destructor cancelled the job and waited for its thread: its work has ended, and the thread is gone (the
    // kernel removes a joined thread's /proc entry a moment after the join returns).
    QVERIFY(*ended);
    QTRY_COMPARE_WITH_TIMEOUT(threadsNamed("tst-tracker"), 0, 1000);
    // The result the thread queued for the deleted tracker is dropped, not delivered into freed memory.
    QCoreApplication::sendPostedEvents();
    QCOMPARE(delivered, 0);
}

void TestJobTracker::progressIsFlushedBeforeTheResult()
{
    QObject receiver;
    JobTracker tracker(&receiver, u"tst-tracker"_s);
    auto latest = std::make_shared<Latest<int>>();
    auto gate = std::make_shared<Gate>();
    QList<int> seen; // progress values as the flush hands them over, then -1 for the result
    tracker.setProgressFlush(
        [latest, &seen] {
            if (const std::optional<int> value = latest->take())
                seen.append(*value);
        },
        10);
    tracker.start(
        [latest, gate](const JobTracker::Post&) {
            latest->put(1);
            gate->pass();
            latest->put(2);
            latest->put(3); // overwrites 2: only the latest is kept
            return 0;
        },
        [&seen](int) { seen.append(-1); });
    QTRY_COMPARE_WITH_TIMEOUT(seen, QList<int> { 1 }, 10000); // the timer's flush while the job runs
    tracker.setProgressIntervalMs(3600 * 1000); // from now on only the flush before the result
    gate->open();
    QTRY_COMPARE_WITH_TIMEOUT(tracker.threadCount(), 0, 10000);
    QCOMPARE(seen, (QList<int> { 1, 3, -1 })); // the last report came just before the result
}

QTEST_GUILESS_MAIN(TestJobTracker)
#include "tst_jobtracker.moc"
