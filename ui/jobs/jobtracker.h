// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <QTimer>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

namespace interleave {

// The latest of the values a job's thread reports (progress), kept until the GUI thread takes it: a fast job
// overwrites instead of queueing, so it cannot flood the event loop.
template<typename T>
class Latest {
public:
    void put(T value)
    {
        const std::lock_guard lock(m_mutex);
        m_value = std::move(value);
    }
    std::optional<T> take()
    {
        std::optional<T> value;
        const std::lock_guard lock(m_mutex);
        value.swap(m_value);
        return value;
    }

private:
    std::mutex m_mutex;
    std::optional<T> m_value;
};

class JobTracker;

// A tracker's anchor on the GUI thread. A job's thread puts what it hands over into the tracker's mailbox (a
// std::mutex) and wakes the anchor by the name of collect(): Qt builds that queued call inside its own library, and
// the letter itself crosses under the mutex, so ThreadSanitizer sees the whole hand-over (a functor posted with
// invokeMethod would be written on the job's thread and read on the GUI thread with only Qt's uninstrumented event
// queue between them).
class JobTrackerHome : public QObject {
    Q_OBJECT
public:
    explicit JobTrackerHome(JobTracker* tracker)
        : m_tracker(tracker)
    {
    }
    Q_INVOKABLE void collect();

private:
    JobTracker* m_tracker;
};

// The one lifetime every background job of the window goes through (hotspot's JobTracker: an id per job, a QPointer
// to whom the results go, a queued delivery). start() gives the work a thread of its own under a new id and
// supersedes the job still running: that one is cancelled and whatever it still hands over is dropped. A job's
// results reach the GUI thread queued, and only while its id is still the current one and the receiver is alive.
// The tracker owns its threads: each is joined and deleted when it ends, and the destructor cancels and joins those
// still going, so no thread outlives the tracker and nothing is delivered to a tracker or a receiver that is gone.
// Optionally the tracker also drives a throttled progress flush: a callback on a timer while a job runs, and once
// more just before its result, so whatever shows progress ends where the result says.
class JobTracker {
public:
    // Results go to `receiver`'s thread (the GUI thread, where the tracker lives too); a job's thread is named
    // `threadName`-<id> (Linux keeps the first 15 characters).
    JobTracker(QObject* receiver, QString threadName);
    ~JobTracker();
    Q_DISABLE_COPY_MOVE(JobTracker)

    // A job's way to the GUI thread, handed to its work: post(f) runs f there, in order, if the job is still current
    // and the receiver alive by then; otherwise f is dropped unrun.
    class Post {
    public:
        quint64 id() const { return m_id; }
        template<typename F>
        void operator()(F f) const
        {
            send(std::move(f), false);
        }

    private:
        friend class JobTracker;
        Post(JobTracker* tracker, quint64 id)
            : m_tracker(tracker)
            , m_id(id)
        {
        }
        // `last`: the job's result. The progress is flushed first and the job stops running before f runs.
        template<typename F>
        void send(F f, bool last) const
        {
            m_tracker->mail(Letter { m_id, last, std::function<void()>(std::move(f)) });
        }

        JobTracker* m_tracker;
        quint64 m_id;
    };

    // Runs `work(post)` on a thread of its own and `deliver(result)` with what it returns, on the GUI thread, unless
    // the job was superseded or discarded by then. `cancel` asks the work to stop early (it is called on the GUI
    // thread while the work runs on its own, so it must be thread-safe); a cancelled job's result is still delivered.
    // Returns the job's id.
    template<typename Work, typename Deliver>
    quint64 start(Work work, Deliver deliver, std::function<void()> cancel = {})
    {
        const Post post = begin();
        QThread* thread = QThread::create([post, work = std::move(work), deliver = std::move(deliver)]() mutable {
            auto result = work(post);
            post.send([deliver = std::move(deliver), result = std::move(result)]() mutable { deliver(result); }, true);
        });
        launch(post.id(), thread, std::move(cancel));
        return post.id();
    }

    void cancel(); // asks the current job to stop; its (partial) result is still delivered
    // Cancels the current job and drops everything it still hands over. Returns whether a job was running.
    bool discard();
    bool isRunning() const { return m_running != 0; } // the current job's result has not been delivered yet
    quint64 currentId() const { return m_current; } // 0 after discard()
    int threadCount() const { return int(m_jobs.size()); } // jobs whose thread has not been joined yet

    // `flush` runs every `intervalMs` while a job runs, and just before its result is delivered.
    void setProgressFlush(std::function<void()> flush, int intervalMs = 100);
    void setProgressIntervalMs(int ms);

private:
    friend class JobTrackerHome;
    struct Job {
        QThread* thread = nullptr;
        std::function<void()> cancel;
    };
    struct Letter {
        quint64 id = 0;
        bool last = false; // the job's result
        std::function<void()> deliver;
    };
    Post begin();
    void launch(quint64 id, QThread* thread, std::function<void()> cancel);
    void cancelJob(quint64 id);
    void reap(quint64 id);
    bool isCurrent(quint64 id) const { return id == m_current && m_receiver; }
    void settle();
    void mail(Letter letter); // on a job's thread
    void collect(); // on the GUI thread: delivers the oldest letter, if it is still wanted

    // Lives on the GUI thread: every wake-up and every thread's clean-up is posted to it, so whatever is still
    // queued when the tracker goes is dropped with it (QObject's destructor removes its posted events).
    JobTrackerHome m_home { this };
    std::mutex m_mailMutex;
    std::deque<Letter> m_mail; // guarded by m_mailMutex
    QPointer<QObject> m_receiver;
    QString m_threadName;
    QHash<quint64, Job> m_jobs; // every job whose thread has not been joined yet
    quint64 m_nextId = 1;
    quint64 m_current = 0; // the job whose results are delivered; 0 when none
    quint64 m_running = 0; // the current job while its result is still to come, else 0
    QTimer m_progressTimer;
    std::function<void()> m_flush;
};

} // namespace interleave
