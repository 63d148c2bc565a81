// SPDX-License-Identifier: MIT
#include "stepcontroller.h"

#include "scriptstep.h"
#include "session.h"

#include <thread>

using namespace Qt::StringLiterals;

namespace interleave {

StepController::StepController(int workers)
    : m_slots(std::size_t(workers))
{
}

void StepController::workerStarted(int)
{
}

bool StepController::beforeStatement(int worker, const Statement& statement)
{
    std::unique_lock lock(m_mutex);
    Slot& slot = m_slots[std::size_t(worker)];
    slot.state = State::Ready;
    slot.next = statement;
    m_changed.notify_all();
    slot.sentNs = -1;
    slot.waitNs = -1;
    m_changed.wait(lock, [&] { return slot.granted || isCancelled(); });
    slot.granted = false;
    slot.state = State::Running;
    slot.sentNs = nowNs();
    return !isCancelled();
}

void StepController::afterStatement(int worker)
{
    std::lock_guard lock(m_mutex);
    Slot& slot = m_slots[std::size_t(worker)];
    slot.sentNs = -1;
    slot.waitNs = -1;
}

qint64 StepController::nowNs() const
{
    return m_clock ? m_clock->nowNs() : 0;
}

void StepController::noteWait(Slot& slot) const
{
    if (slot.waitNs < 0)
        slot.waitNs = nowNs();
}

Gate::BusyDecision StepController::onBusy(int worker, int attempt, std::chrono::steady_clock::time_point)
{
    std::unique_lock lock(m_mutex);
    Slot& slot = m_slots[std::size_t(worker)];
    if (attempt == 0 && slot.waitOrder == 0)
        slot.waitOrder = ++m_waitCounter;
    noteWait(slot);
    slot.state = State::Waiting;
    m_changed.notify_all();
    m_changed.wait(lock, [&] { return slot.retry || slot.giveUp || isCancelled(); });
    slot.state = State::Running;
    if (isCancelled())
        return { false, u"cancelled"_s };
    if (slot.giveUp) {
        slot.giveUp = false;
        slot.waitOrder = 0;
        return { false, std::exchange(slot.giveUpReason, {}) };
    }
    slot.retry = false;
    return { true, {} };
}

void StepController::onLockWait(int worker, bool waiting)
{
    std::lock_guard lock(m_mutex);
    Slot& slot = m_slots[std::size_t(worker)];
    if (waiting && slot.state == State::Running) {
        if (slot.waitOrder == 0)
            slot.waitOrder = ++m_waitCounter;
        noteWait(slot);
        slot.state = State::Waiting;
    } else if (!waiting && slot.state == State::Waiting) {
        slot.state = State::Running;
        slot.waitOrder = 0;
    }
    m_changed.notify_all();
}

void StepController::workerFinished(int worker)
{
    std::lock_guard lock(m_mutex);
    m_slots[std::size_t(worker)].state = State::Finished;
    m_changed.notify_all();
}

void StepController::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_mutex);
    m_changed.notify_all();
}

bool StepController::isParked(int worker) const
{
    const Slot& slot = m_slots[std::size_t(worker)];
    if (slot.granted || slot.retry || slot.giveUp)
        return false;
    return slot.state == State::Ready || slot.state == State::Waiting || slot.state == State::Finished;
}

void StepController::waitParked(std::unique_lock<std::mutex>& lock, int worker)
{
    m_changed.wait(lock, [&] { return isParked(worker) || isCancelled(); });
}

void StepController::waitUntilParked()
{
    std::unique_lock lock(m_mutex);
    for (std::size_t w = 0; w < m_slots.size(); ++w)
        waitParked(lock, int(w));
}

std::vector<StepController::State> StepController::statesLocked() const
{
    std::vector<State> states;
    for (const Slot& slot : m_slots)
        states.push_back(slot.state);
    return states;
}

bool StepController::settleServer(std::unique_lock<std::mutex>& lock)
{
    // A lock the last step released has already been granted inside the server when the step's statement
    // returned, so the released worker is running (it may even have finished its statement already), or a fresh
    // look shows it running. Either way it then parks with its next statement, or waits again. A worker that is
    // running is always on its way to park: the monitor reports it waiting if it blocks.
    // A server may report a released wait a moment late (MySQL's process-list state is the waiting thread's own),
    // so "nothing moved" counts only when two looks, a few milliseconds apart, agree.
    bool changed = false;
    int agreeing = 0;
    while (!isCancelled()) {
        for (std::size_t w = 0; w < m_slots.size(); ++w)
            waitParked(lock, int(w));
        const bool anyWaiting =
            std::any_of(m_slots.cbegin(), m_slots.cend(), [](const Slot& s) { return s.state == State::Waiting; });
        if (!anyWaiting)
            return changed;
        const std::vector<State> before = statesLocked();
        lock.unlock();
        if (agreeing > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        m_probe->refresh();
        lock.lock();
        for (std::size_t w = 0; w < m_slots.size(); ++w)
            waitParked(lock, int(w));
        if (statesLocked() != before) {
            changed = true;
            agreeing = 0;
        } else if (++agreeing >= 2) {
            return changed;
        }
    }
    return changed;
}

bool StepController::breakServerStall(std::unique_lock<std::mutex>& lock)
{
    // Every worker waits inside the server. The server may resolve it by itself (a deadlock: PostgreSQL after
    // deadlock_timeout, InnoDB at once; a lock timeout): look again for a while before stepping in.
    const auto deadline = std::chrono::steady_clock::now() + serverStallPatience;
    while (std::chrono::steady_clock::now() < deadline && !isCancelled()) {
        if (settleServer(lock))
            return true;
        m_changed.wait_for(lock, std::chrono::milliseconds(5));
    }
    const int oldest = stalledOldest();
    if (oldest < 0 || isCancelled())
        return oldest >= 0;
    // Nothing moved: the oldest wait ends, as its lock timeout would end it first.
    endWait(lock, oldest, {});
    settleServer(lock);
    return true;
}

void StepController::endWait(std::unique_lock<std::mutex>& lock, int worker, const QString& reason)
{
    if (m_probe) {
        lock.unlock();
        m_probe->timeOut(worker);
        lock.lock();
        m_changed.wait(lock, [&] { return m_slots[std::size_t(worker)].state != State::Waiting || isCancelled(); });
    } else {
        Slot& slot = m_slots[std::size_t(worker)];
        slot.giveUp = true;
        slot.giveUpReason = reason;
        m_changed.notify_all();
    }
    waitParked(lock, worker);
}

bool StepController::giveUp(int worker)
{
    std::unique_lock lock(m_mutex);
    if (worker < 0 || std::size_t(worker) >= m_slots.size())
        return false;
    waitParked(lock, worker);
    if (isCancelled() || m_slots[std::size_t(worker)].state != State::Waiting)
        return false;
    m_executed.append(ScriptStep::giveUp(worker));
    endWait(lock, worker, u"busy timeout: given up at this point of the schedule, as busy_timeout_ms would end it"_s);
    settle(lock);
    return true;
}

void StepController::settle(std::unique_lock<std::mutex>& lock)
{
    if (m_probe) {
        settleServer(lock);
        return;
    }
    // Whatever just happened may have released a lock: let each waiting worker try once more, in order, and
    // go round again while anyone gets through.
    bool progressed = true;
    while (progressed && !isCancelled()) {
        progressed = false;
        for (std::size_t w = 0; w < m_slots.size(); ++w) {
            Slot& slot = m_slots[w];
            if (slot.state != State::Waiting)
                continue;
            slot.retry = true;
            m_changed.notify_all();
            waitParked(lock, int(w));
            if (slot.state != State::Waiting) {
                slot.waitOrder = 0;
                progressed = true;
            }
        }
    }
}

bool StepController::step(int worker)
{
    std::unique_lock lock(m_mutex);
    waitParked(lock, worker);
    Slot& slot = m_slots[std::size_t(worker)];
    if (isCancelled() || slot.state != State::Ready)
        return false;
    m_executed.append(worker);
    slot.granted = true;
    m_changed.notify_all();
    waitParked(lock, worker);
    settle(lock);
    return true;
}

int StepController::stalledOldest() const
{
    int oldest = -1;
    for (std::size_t w = 0; w < m_slots.size(); ++w) {
        const Slot& slot = m_slots[w];
        if (slot.state == State::Ready || slot.state == State::Running || slot.state == State::Starting)
            return -1;
        if (slot.state == State::Waiting && (oldest < 0 || slot.waitOrder < m_slots[std::size_t(oldest)].waitOrder))
            oldest = int(w);
    }
    return oldest;
}

int StepController::longestWaiting() const
{
    std::lock_guard lock(m_mutex);
    int oldest = -1;
    for (std::size_t w = 0; w < m_slots.size(); ++w) {
        const Slot& slot = m_slots[w];
        if (slot.state == State::Waiting && (oldest < 0 || slot.waitOrder < m_slots[std::size_t(oldest)].waitOrder))
            oldest = int(w);
    }
    return oldest;
}

bool StepController::isStalled() const
{
    std::lock_guard lock(m_mutex);
    return stalledOldest() >= 0;
}

bool StepController::breakStall()
{
    std::unique_lock lock(m_mutex);
    if (stalledOldest() < 0 || isCancelled())
        return false;
    if (m_probe)
        return breakServerStall(lock);
    // First let every waiting worker try again: what it waits for may have been released by something outside
    // the run's steps (another connection, a worker that has finished and closed its session).
    std::vector<State> before;
    for (const Slot& slot : m_slots)
        before.push_back(slot.state);
    settle(lock);
    for (std::size_t w = 0; w < m_slots.size(); ++w)
        if (m_slots[w].state != before[w])
            return true;
    const int oldest = stalledOldest();
    if (oldest < 0)
        return false;
    endWait(lock, oldest, u"busy timeout: every other worker was waiting too, so this wait would have timed out"_s);
    settle(lock);
    return true;
}

int StepController::runScript(const QList<int>& steps)
{
    waitUntilParked();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (isCancelled())
            return -1;
        if (!ScriptStep::isGiveUp(steps[i]))
            step(steps[i]);
        else if (!giveUp(ScriptStep::worker(steps[i])))
            return isCancelled() ? -1 : int(i);
        while (breakStall()) { }
    }
    while (!allFinished() && !isCancelled()) {
        bool stepped = false;
        for (std::size_t w = 0; w < m_slots.size() && !isCancelled(); ++w) {
            if (step(int(w))) {
                stepped = true;
                while (breakStall()) { }
            }
        }
        if (!stepped && !breakStall())
            break;
    }
    return -1;
}

QList<StepController::WorkerState> StepController::states() const
{
    std::lock_guard lock(m_mutex);
    QList<WorkerState> states;
    for (const Slot& slot : m_slots)
        states.append({ slot.state, slot.state == State::Ready ? slot.next : Statement() });
    return states;
}

bool StepController::allFinished() const
{
    std::lock_guard lock(m_mutex);
    return std::all_of(m_slots.cbegin(), m_slots.cend(), [](const Slot& s) { return s.state == State::Finished; });
}

QList<int> StepController::executed() const
{
    std::lock_guard lock(m_mutex);
    return m_executed;
}

QList<StepController::InFlight> StepController::waiting() const
{
    std::lock_guard lock(m_mutex);
    QList<InFlight> waiting;
    for (std::size_t w = 0; w < m_slots.size(); ++w) {
        const Slot& slot = m_slots[w];
        if (slot.state == State::Waiting && slot.sentNs >= 0)
            waiting.append({ int(w), slot.next, slot.sentNs, std::max(slot.sentNs, slot.waitNs) });
    }
    return waiting;
}

} // namespace interleave
