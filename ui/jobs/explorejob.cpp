// SPDX-License-Identifier: MIT
#include "explorejob.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace interleave {

ExploreJob::ExploreJob(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<interleave::ExploreProgress>("interleave::ExploreProgress");
    qRegisterMetaType<interleave::ExploreResult>("interleave::ExploreResult");
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &ExploreJob::flushProgress);
}

ExploreJob::~ExploreJob()
{
    for (const auto& job : std::as_const(m_jobs))
        job.explorer->cancel();
    for (const auto& job : std::as_const(m_jobs)) {
        job.thread->wait();
        delete job.thread;
    }
}

void ExploreJob::setProgressIntervalMs(int ms)
{
    m_timer->setInterval(ms);
}

quint64 ExploreJob::start(const Scenario& scenario, const ExploreOptions& options)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running != 0) {
        if (auto it = m_jobs.find(m_running); it != m_jobs.end())
            it->explorer->cancel();
    }
    const quint64 id = m_nextId++;
    m_currentId = id;
    m_running = id;

    auto explorer = std::make_shared<Explorer>(scenario, options);
    auto latest = std::make_shared<Latest>();
    QPointer<ExploreJob> self(this);
    // As in RunJob: the destructor waits for this thread, and the QPointer drops a result for a deleted job.
    QThread* worker = QThread::create([this, explorer, latest, id, self] {
        ExploreResult result = explorer->run([latest](const ExploreProgress& p) {
            const std::lock_guard lock(latest->mutex);
            latest->progress = p;
        });
        QMetaObject::invokeMethod(
            this,
            [self, id, result = std::move(result)] {
                if (self)
                    self->deliver(id, result);
            },
            Qt::QueuedConnection);
    });
    worker->setObjectName(u"interleave-explore-"_s + QString::number(id));
    m_jobs.insert(id, Job { explorer, latest, worker });
    connect(worker, &QThread::finished, this, [this, id] {
        if (auto it = m_jobs.find(id); it != m_jobs.end()) {
            it->thread->wait();
            it->thread->deleteLater();
            m_jobs.erase(it);
        }
    });
    m_clock.start();
    worker->start();
    m_timer->start();
    Q_EMIT started(id);
    Q_EMIT runningChanged(true);
    return id;
}

void ExploreJob::flushProgress()
{
    const auto it = m_jobs.constFind(m_running);
    if (it == m_jobs.constEnd())
        return;
    std::optional<ExploreProgress> p;
    {
        const std::lock_guard lock(it->latest->mutex);
        p.swap(it->latest->progress);
    }
    if (p) {
        const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
        Q_EMIT progress(*p, seconds > 0 ? double(p->explored) / seconds : 0.0);
    }
}

void ExploreJob::cancel()
{
    if (m_running == 0)
        return;
    if (auto it = m_jobs.find(m_running); it != m_jobs.end())
        it->explorer->cancel();
}

void ExploreJob::discard()
{
    if (m_running == 0)
        return;
    cancel();
    m_currentId = 0;
    m_running = 0;
    m_timer->stop();
    Q_EMIT runningChanged(false);
}

void ExploreJob::deliver(quint64 id, const ExploreResult& result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (id != m_currentId)
        return; // superseded or discarded: stale
    flushProgress(); // the last report before the result, so a progress bar ends where the result says
    m_timer->stop();
    m_running = 0;
    Q_EMIT runningChanged(false);
    Q_EMIT finished(result);
}

} // namespace interleave
