// SPDX-License-Identifier: MIT
#include "stepjob.h"

#include <atomic>
#include <condition_variable>
#include <deque>
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

// The requests for the job's thread, run there one after the other in the order they were made.
class StepJob::Queue {
public:
    using Task = std::function<void(const JobTracker::Post&)>;

    void push(Task task)
    {
        {
            const std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(task));
        }
        m_ready.notify_one();
    }
    void close()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_ready.notify_one();
    }
    // The next request, waiting for one; empty once the queue is closed and every request made before has run.
    Task take()
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return m_closed || !m_tasks.empty(); });
        if (m_tasks.empty())
            return {};
        Task task = std::move(m_tasks.front());
        m_tasks.pop_front();
        return task;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Task> m_tasks;
    bool m_closed = false;
};

StepJob::StepJob(QObject* parent)
    : QObject(parent)
    , m_queue(std::make_shared<Queue>())
    , m_tracker(this, u"interleave-step"_s)
{
    qRegisterMetaType<interleave::StepState>("interleave::StepState");
    // One job for the StepJob's whole life; closing the queue is what ends it.
    m_tracker.start(
        [queue = m_queue](const JobTracker::Post& post) {
            while (const Queue::Task task = queue->take())
                task(post);
            return true;
        },
        [](bool) {}, [queue = m_queue] { queue->close(); });
}

StepJob::~StepJob()
{
    if (m_session)
        m_session->cancel();
    // The tracker closes the queue and joins the thread. Requests still queued run first: against a cancelled run
    // they return at once, and a stopped session's run is destroyed there, on the thread, as always.
    m_session.reset();
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
    m_queue->push([session = std::move(m_session)](const JobTracker::Post&) { session->replace(nullptr); });
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
    // `job` is used only on the GUI thread, where the tracker hands the state over while the job is alive.
    StepJob* job = this;
    m_queue->push([job, session = m_session, request, worker](const JobTracker::Post& post) {
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
        post([job, id = session->id, state = std::move(state)] { job->deliver(id, state); });
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
