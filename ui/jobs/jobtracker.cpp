// SPDX-License-Identifier: MIT
#include "jobtracker.h"

namespace interleave {

JobTracker::JobTracker(QObject* receiver, QString threadName)
    : m_receiver(receiver)
    , m_threadName(std::move(threadName))
{
    m_progressTimer.setInterval(100);
    QObject::connect(&m_progressTimer, &QTimer::timeout, &m_home, [this] {
        if (m_flush)
            m_flush();
    });
}

JobTracker::~JobTracker()
{
    m_current = 0;
    m_running = 0;
    // Every job is asked to stop before any is waited for, so they wind down together.
    for (const Job& job : std::as_const(m_jobs)) {
        if (job.cancel)
            job.cancel();
    }
    for (const Job& job : std::as_const(m_jobs)) {
        job.thread->wait();
        delete job.thread;
    }
    // What the threads queued for m_home before they ended goes with it, undelivered.
}

void JobTracker::setProgressFlush(std::function<void()> flush, int intervalMs)
{
    m_flush = std::move(flush);
    m_progressTimer.setInterval(intervalMs);
}

void JobTracker::setProgressIntervalMs(int ms)
{
    m_progressTimer.setInterval(ms);
}

JobTracker::Post JobTracker::begin()
{
    Q_ASSERT(QThread::currentThread() == m_home.thread());
    if (m_running != 0)
        cancelJob(m_running);
    const quint64 id = m_nextId++;
    m_current = id;
    m_running = id;
    return Post(this, id);
}

void JobTracker::launch(quint64 id, QThread* thread, std::function<void()> cancel)
{
    thread->setObjectName(m_threadName + u'-' + QString::number(id));
    m_jobs.insert(id, Job { thread, std::move(cancel) });
    // Queued to m_home (the thread emits it on its own thread), after everything the job posted before it ended.
    QObject::connect(thread, &QThread::finished, &m_home, [this, id] { reap(id); });
    thread->start();
    if (m_flush)
        m_progressTimer.start();
}

void JobTracker::reap(quint64 id)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return;
    // finished() is emitted just before the thread returns; wait() (immediate by now) makes sure it has, before the
    // QThread object goes. This runs from m_home's event queue, not from inside the thread's signal.
    it->thread->wait();
    delete it->thread;
    m_jobs.erase(it);
}

void JobTracker::cancelJob(quint64 id)
{
    if (const auto it = m_jobs.constFind(id); it != m_jobs.cend() && it->cancel)
        it->cancel();
}

void JobTracker::cancel()
{
    if (m_running != 0)
        cancelJob(m_running);
}

bool JobTracker::discard()
{
    if (m_running == 0)
        return false;
    cancelJob(m_running);
    m_current = 0; // no job has id 0: whatever the discarded job still hands over is stale when it arrives
    m_running = 0;
    m_progressTimer.stop();
    return true;
}

void JobTrackerHome::collect()
{
    m_tracker->collect();
}

void JobTracker::mail(Letter letter)
{
    {
        const std::lock_guard lock(m_mailMutex);
        m_mail.push_back(std::move(letter));
    }
    // One wake-up a letter, each taking one: a delivery that starts a job or deletes the tracker (its receiver's
    // owner reacting to a result) never leaves a loop over the mailbox running on.
    QMetaObject::invokeMethod(&m_home, "collect", Qt::QueuedConnection);
}

void JobTracker::collect()
{
    Q_ASSERT(QThread::currentThread() == m_home.thread());
    Letter letter;
    {
        const std::lock_guard lock(m_mailMutex);
        if (m_mail.empty())
            return;
        letter = std::move(m_mail.front());
        m_mail.pop_front();
    }
    if (!isCurrent(letter.id))
        return; // superseded, discarded, or its receiver is gone
    if (letter.last)
        settle();
    letter.deliver();
}

void JobTracker::settle()
{
    Q_ASSERT(QThread::currentThread() == m_home.thread());
    if (m_flush)
        m_flush();
    m_progressTimer.stop();
    m_running = 0;
}

} // namespace interleave
