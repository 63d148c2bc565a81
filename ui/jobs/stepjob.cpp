// SPDX-License-Identifier: MIT
#include "stepjob.h"

#include <QThread>
#include <atomic>
#include <mutex>

using namespace Qt::StringLiterals;

namespace interleave {

QList<bool> StepState::finishedWorkers() const
{
    QList<bool> finishedFlags;
    for (const StepRun::WorkerView& view : workers)
        finishedFlags.append(view.state == StepController::State::Finished);
    return finishedFlags;
}

// One session's run, used only on the job's thread except for cancel(), which may come from the GUI thread.
struct StepJob::Session {
    quint64 id = 0;
    Scenario scenario;
    std::mutex mutex; // guards `run` being replaced against cancel()
    std::unique_ptr<StepRun> run;
    std::atomic<bool> cancelled { false }; // written by cancel() on the GUI thread, read before each request
    QList<int> lineCounts; // narration lines after 0, 1, 2 ... steps: what the last step added

    void cancel()
    {
        std::lock_guard lock(mutex);
        cancelled = true;
        if (run)
            run->cancel();
    }
    void replace(std::unique_ptr<StepRun> next)
    {
        std::unique_ptr<StepRun> old;
        {
            std::lock_guard lock(mutex);
            old = std::move(run);
            run = std::move(next);
            if (cancelled && run)
                run->cancel();
        }
        // `old` ends here, outside the lock: its destructor joins the worker threads.
    }

    StepState state(const QString& refused = {})
    {
        StepState s;
        s.session = id;
        s.refused = refused;
        if (!run) {
            s.error = u"no run"_s;
            return s;
        }
        s.workers = run->workers();
        s.snapshot = run->snapshot();
        s.history = run->history();
        s.deadlocked = run->isDeadlocked();
        s.finished = run->isFinished();
        s.narration = Narration::tell(s.snapshot, s.finishedWorkers());
        for (int w = 0; w < s.workers.size(); ++w) {
            if (s.workers.at(w).state == StepController::State::Waiting)
                s.narration.append(Narration::waiting(s.snapshot.trace.workers, w, s.workers.at(w).waitingFor));
        }
        const qsizetype steps = s.history.size();
        lineCounts.resize(steps + 1);
        lineCounts[steps] = int(s.narration.size());
        s.currentFrom = steps > 0 ? std::min(lineCounts.at(steps - 1), int(s.narration.size())) : -1;
        return s;
    }
};

StepJob::StepJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<interleave::StepState>("interleave::StepState");
    m_thread = new QThread(this);
    m_thread->setObjectName(u"interleave-step"_s);
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
}

StepJob::~StepJob()
{
    if (m_session)
        m_session->cancel();
    // Requests still queued run against a cancelled run and return at once; the last reference to the session
    // goes with them, on the thread.
    m_session.reset();
    m_thread->quit();
    m_thread->wait();
    delete m_context; // its thread has ended: nothing else can touch it
}

quint64 StepJob::start(const Scenario& scenario)
{
    Q_ASSERT(QThread::currentThread() == thread());
    stop();
    m_session = std::make_shared<Session>();
    m_session->id = m_nextId++;
    m_session->scenario = scenario;
    m_current = m_session->id;
    m_state = {};
    Q_EMIT activeChanged(true);
    post(Request::Start);
    return m_current;
}

void StepJob::step(int worker)
{
    post(Request::Step, worker);
}

void StepJob::back()
{
    post(Request::Back);
}

void StepJob::breakDeadlock()
{
    post(Request::BreakDeadlock);
}

void StepJob::giveUp(int worker)
{
    post(Request::GiveUp, worker);
}

void StepJob::stop()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_session)
        return;
    m_session->cancel();
    // The run is destroyed on the job's thread, after the requests queued before this one.
    QMetaObject::invokeMethod(m_context, [session = std::move(m_session)]() mutable { session->replace(nullptr); });
    m_session.reset();
    m_current = 0;
    const bool wasBusy = m_pending > 0;
    m_pending = 0;
    if (wasBusy)
        Q_EMIT busyChanged(false);
    Q_EMIT activeChanged(false);
}

void StepJob::post(Request request, int worker)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_session)
        return;
    if (m_pending++ == 0)
        Q_EMIT busyChanged(true);
    // `job` outlives every request: the destructor waits for the thread. A result that arrives after the job is
    // gone is dropped by Qt with the job's pending events.
    StepJob* job = this;
    QMetaObject::invokeMethod(m_context, [job, session = m_session, request, worker] {
        if (session->cancelled)
            return;
        QString refused;
        QString error;
        switch (request) {
        case Request::Start: {
            auto run = std::make_unique<StepRun>(session->scenario);
            if (run->start(&error))
                session->replace(std::move(run));
            break;
        }
        case Request::Step:
            if (!session->run)
                break;
            if (!session->run->step(worker)) {
                const QList<StepRun::WorkerView> views = session->run->workers();
                const StepRun::WorkerView view = views.value(worker);
                if (worker < 0 || worker >= views.size())
                    refused = u"There is no worker %1"_s.arg(worker + 1);
                else if (view.state == StepController::State::Waiting)
                    refused = Narration::waiting(session->run->snapshot().trace.workers, worker, view.waitingFor).text
                        + u": it cannot run until the lock is released"_s;
                else if (view.state == StepController::State::Finished)
                    refused = view.name + u" has finished"_s;
                else
                    refused = view.name + u" cannot run now"_s;
            }
            break;
        case Request::Back: {
            if (!session->run)
                break;
            QList<int> history = session->run->history();
            if (history.isEmpty()) {
                refused = u"Nothing to undo: no step has been taken"_s;
                break;
            }
            history.removeLast();
            // The old run goes first: on a server both would use the same table.
            session->replace(nullptr);
            session->replace(StepRun::replay(session->scenario, history, &error));
            break;
        }
        case Request::BreakDeadlock:
            if (session->run && !session->run->breakDeadlock())
                refused = u"No deadlock to break: some worker can still run"_s;
            break;
        case Request::GiveUp: {
            if (!session->run)
                break;
            const int which = worker >= 0 ? worker : session->run->longestWaiting();
            if (which < 0)
                refused = u"No wait to time out: no worker is waiting for a lock"_s;
            else if (!session->run->giveUp(which))
                refused = session->run->workers().value(which).name + u" is not waiting for a lock"_s;
            break;
        }
        }
        StepState state = session->state(refused);
        if (!error.isEmpty())
            state.error = error;
        QMetaObject::invokeMethod(
            job, [job, id = session->id, state = std::move(state)] { job->deliver(id, state); }, Qt::QueuedConnection);
    });
}

void StepJob::deliver(quint64 session, const StepState& state)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (session != m_current)
        return; // a stopped or restarted session: stale
    m_state = state;
    if (m_pending > 0 && --m_pending == 0)
        Q_EMIT busyChanged(false);
    Q_EMIT stateChanged(state);
}

} // namespace interleave
