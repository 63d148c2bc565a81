// SPDX-License-Identifier: MIT
#include "runjob.h"

#include <QPointer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace interleave {

RunJob::RunJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<interleave::RunResult>("interleave::RunResult");
}

RunJob::~RunJob()
{
    for (const auto& job : std::as_const(m_jobs))
        job.runner->cancel();
    for (const auto& job : std::as_const(m_jobs)) {
        job.thread->wait();
        delete job.thread;
    }
}

quint64 RunJob::start(const Scenario& scenario)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running != 0) {
        if (auto it = m_jobs.find(m_running); it != m_jobs.end())
            it->runner->cancel();
    }
    const quint64 id = m_nextId++;
    m_currentId = id;
    m_running = id;

    auto runner = std::make_shared<Runner>(scenario);
    QPointer<RunJob> self(this);
    // The destructor waits for this thread, so `this` outlives the lambda; the queued call is dropped by Qt if the
    // job is gone by the time the GUI thread gets to it, and the QPointer catches a job deleted in between.
    QThread* worker = QThread::create([this, runner, id, self] {
        RunResult result = runner->run();
        QMetaObject::invokeMethod(
            this,
            [self, id, result = std::move(result)] {
                if (self)
                    self->deliver(id, result);
            },
            Qt::QueuedConnection);
    });
    worker->setObjectName(u"interleave-run-"_s + QString::number(id));
    m_jobs.insert(id, Job { runner, worker });
    connect(worker, &QThread::finished, this, [this, id] {
        // By now the result (queued before the thread finished) has been delivered or is on its way.
        if (auto it = m_jobs.find(id); it != m_jobs.end()) {
            // finished() is emitted before the thread has quite returned; wait() (immediate by now) makes sure
            // it has, before the QThread object goes.
            it->thread->wait();
            it->thread->deleteLater();
            m_jobs.erase(it);
        }
    });
    worker->start();
    Q_EMIT started(id);
    Q_EMIT runningChanged(true);
    return id;
}

void RunJob::cancel()
{
    if (m_running == 0)
        return;
    if (auto it = m_jobs.find(m_running); it != m_jobs.end())
        it->runner->cancel();
}

void RunJob::discard()
{
    if (m_running == 0)
        return;
    cancel();
    m_currentId = 0; // no id is 0: the result will be stale when it arrives
    m_running = 0;
    Q_EMIT runningChanged(false);
}

void RunJob::deliver(quint64 id, const RunResult& result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (id != m_currentId)
        return; // superseded by a later start(): stale
    m_running = 0;
    Q_EMIT runningChanged(false);
    Q_EMIT finished(result);
}

} // namespace interleave
