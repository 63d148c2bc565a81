// SPDX-License-Identifier: MIT
#include "stressjob.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace interleave {

void StressJob::Shared::cancel()
{
    const std::lock_guard lock(mutex);
    cancelled = true;
    if (runner)
        runner->cancel();
}

StressJob::StressJob(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<interleave::StressProgress>("interleave::StressProgress");
    qRegisterMetaType<interleave::StressResult>("interleave::StressResult");
    qRegisterMetaType<QList<interleave::StressResult>>("QList<interleave::StressResult>");
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &StressJob::flushProgress);
}

StressJob::~StressJob()
{
    for (const auto& job : std::as_const(m_jobs))
        job.shared->cancel();
    for (const auto& job : std::as_const(m_jobs)) {
        job.thread->wait();
        delete job.thread;
    }
}

void StressJob::setProgressIntervalMs(int ms)
{
    m_timer->setInterval(ms);
}

quint64 StressJob::start(const Scenario& scenario, const StressOptions& options)
{
    return startSweep(scenario, { options });
}

quint64 StressJob::startSweep(const Scenario& scenario, const QList<StressOptions>& points)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running != 0) {
        if (auto it = m_jobs.find(m_running); it != m_jobs.end())
            it->shared->cancel();
    }
    const quint64 id = m_nextId++;
    m_currentId = id;
    m_running = id;

    auto shared = std::make_shared<Shared>();
    QPointer<StressJob> self(this);
    // As in RunJob: the destructor waits for this thread, and the QPointer drops results for a deleted job.
    QThread* worker = QThread::create([this, scenario, points, shared, id, self] {
        QList<StressResult> results;
        for (int i = 0; i < points.size(); ++i) {
            StressRunner runner(scenario, points[i]);
            runner.setProgressCallback([shared, i](const StressProgress& p) {
                const std::lock_guard lock(shared->mutex);
                shared->progress = p;
                shared->point = i;
            });
            {
                const std::lock_guard lock(shared->mutex);
                if (shared->cancelled)
                    break;
                shared->runner = &runner;
            }
            StressResult result = runner.run();
            {
                const std::lock_guard lock(shared->mutex);
                shared->runner = nullptr;
            }
            QMetaObject::invokeMethod(
                this,
                [self, id, i, result] {
                    if (self)
                        self->deliverPoint(id, i, result);
                },
                Qt::QueuedConnection);
            const bool stop = result.cancelled || !result.ok();
            results.append(std::move(result));
            if (stop)
                break;
        }
        QMetaObject::invokeMethod(
            this,
            [self, id, results = std::move(results)] {
                if (self)
                    self->deliver(id, results);
            },
            Qt::QueuedConnection);
    });
    worker->setObjectName(u"interleave-stress-"_s + QString::number(id));
    m_jobs.insert(id, Job { shared, worker, int(points.size()) });
    connect(worker, &QThread::finished, this, [this, id] {
        if (auto it = m_jobs.find(id); it != m_jobs.end()) {
            it->thread->wait();
            it->thread->deleteLater();
            m_jobs.erase(it);
        }
    });
    worker->start();
    m_timer->start();
    Q_EMIT started(id);
    Q_EMIT runningChanged(true);
    return id;
}

void StressJob::flushProgress()
{
    const auto it = m_jobs.constFind(m_running);
    if (it == m_jobs.constEnd())
        return;
    std::optional<StressProgress> p;
    int point = 0;
    {
        const std::lock_guard lock(it->shared->mutex);
        p.swap(it->shared->progress);
        point = it->shared->point;
    }
    if (p)
        Q_EMIT progress(point, it->points, *p);
}

void StressJob::cancel()
{
    if (m_running == 0)
        return;
    if (auto it = m_jobs.find(m_running); it != m_jobs.end())
        it->shared->cancel();
}

void StressJob::discard()
{
    if (m_running == 0)
        return;
    cancel();
    m_currentId = 0;
    m_running = 0;
    m_timer->stop();
    Q_EMIT runningChanged(false);
}

void StressJob::deliverPoint(quint64 id, int point, const StressResult& result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (id != m_currentId)
        return;
    flushProgress(); // the point's last snapshot first, so the charts never go back from its result
    Q_EMIT pointFinished(point, result);
}

void StressJob::deliver(quint64 id, const QList<StressResult>& results)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (id != m_currentId)
        return;
    m_timer->stop();
    m_running = 0;
    Q_EMIT runningChanged(false);
    Q_EMIT finished(results);
}

} // namespace interleave
