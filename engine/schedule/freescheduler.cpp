// SPDX-License-Identifier: MIT
#include "freescheduler.h"

#include <random>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {
std::atomic<int> pausing { 0 };
}

int FreeScheduler::workersPausing()
{
    return pausing.load(std::memory_order_acquire);
}

FreeScheduler::FreeScheduler(int workers, int jitterUs)
    : m_workers(workers)
    , m_jitterUs(jitterUs)
    , m_seenGeneration(std::size_t(workers), 0)
    , m_workerTrial(std::size_t(workers), 0)
{
}

void FreeScheduler::workerStarted(int)
{
    std::unique_lock lock(m_mutex);
    if (++m_arrived == m_workers)
        m_changed.notify_all();
    m_changed.wait(lock, [this] { return m_arrived == m_workers || isCancelled(); });
}

bool FreeScheduler::beforeStatement(int, const Statement&)
{
    if (isCancelled())
        return false;
    if (m_jitterUs > 0) {
        thread_local std::mt19937 random(std::random_device {}());
        std::uniform_int_distribution<int> pause(0, m_jitterUs);
        // A wait rather than a sleep, so that Stop does not wait out a long pause.
        std::unique_lock lock(m_mutex);
        pausing.fetch_add(1, std::memory_order_release);
        m_changed.wait_for(lock, std::chrono::microseconds(pause(random)), [this] { return isCancelled(); });
        pausing.fetch_sub(1, std::memory_order_release);
    }
    return !isCancelled();
}

void FreeScheduler::afterStatement(int)
{
    m_generation.fetch_add(1);
    if (m_sleepers.load() > 0) {
        // Taking the mutex orders this wake-up after a sleeper's predicate check (no lost wake-up).
        {
            std::lock_guard lock(m_mutex);
        }
        m_changed.notify_all();
    }
}

Gate::BusyDecision FreeScheduler::onBusy(int worker, int attempt, std::chrono::steady_clock::time_point deadline)
{
    // SQLite's own busy handler (sqliteDefaultBusyCallback) sleeps 1, 2, 5, 10, ... 100 ms between tries. A
    // waiter here wakes at once when another statement finishes, which is when most locks are released; the
    // schedule stays as the upper bound because a lock can also be freed without any statement finishing:
    // each waiter's own retry takes and drops a SHARED lock, and a COMMIT waiting for EXCLUSIVE must not sleep
    // through that.
    static constexpr int backoffMs[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
    quint64& seen = m_seenGeneration[std::size_t(worker)];
    if (isCancelled())
        return { false, u"cancelled"_s };
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline)
        return { false, u"busy timeout elapsed"_s };
    // First call for this lock: remember how far the others are and try again at once, because a statement
    // that finished between our failed attempt and now would otherwise go unnoticed.
    if (attempt == 0 || m_generation.load() != seen) {
        seen = m_generation.load();
        return { true, {} };
    }
    const int step = std::min<int>(attempt - 1, int(std::size(backoffMs)) - 1);
    const auto until = std::min(deadline, now + std::chrono::milliseconds(backoffMs[step]));
    std::unique_lock lock(m_mutex);
    ++m_sleepers;
    m_changed.wait_until(lock, until, [&] { return m_generation.load() != seen || isCancelled(); });
    --m_sleepers;
    if (isCancelled())
        return { false, u"cancelled"_s };
    seen = m_generation.load();
    return { true, {} };
}

void FreeScheduler::workerFinished(int)
{
    afterStatement(0);
}

void FreeScheduler::cancel()
{
    m_cancelled.store(true);
    {
        std::lock_guard lock(m_mutex);
    }
    m_changed.notify_all();
    m_workersWait.notify_all();
    m_controllerWait.notify_all();
}

// The trial barrier keeps all its state under m_mutex and every wait on a predicate over that state, so a notify
// cannot fall between a waiter's check and its sleep (no lost wake-up) and a spurious wake-up only checks again.
// A worker compares the trial counter with the last trial it ran instead of waiting for a flag, so one that is
// slow to wake still runs each trial exactly once, and cannot run one twice.
bool FreeScheduler::awaitTrial(int worker)
{
    std::unique_lock lock(m_mutex);
    quint64& last = m_workerTrial[std::size_t(worker)];
    if (++m_parked == m_workers)
        m_controllerWait.notify_one();
    m_workersWait.wait(lock, [&] { return m_trial != last || m_trialsEnded || isCancelled(); });
    --m_parked;
    if (m_trialsEnded || isCancelled())
        return false;
    last = m_trial;
    return true;
}

void FreeScheduler::trialDone(int worker)
{
    // Like workerFinished(): whoever still sleeps in a lock wait should look again.
    afterStatement(worker);
    std::lock_guard lock(m_mutex);
    if (++m_trialDone == m_workers)
        m_controllerWait.notify_one();
}

bool FreeScheduler::waitUntilReady()
{
    std::unique_lock lock(m_mutex);
    m_controllerWait.wait(lock, [this] { return m_parked == m_workers || isCancelled(); });
    return !isCancelled();
}

void FreeScheduler::startTrial()
{
    // No waiting for every worker to be parked again: one that has not come back from trialDone() yet is already
    // on its way and starts the trial the moment it arrives, which is as together as waking it would be. Waiting
    // would cost a wake-up of this thread per trial.
    {
        std::lock_guard lock(m_mutex);
        m_trialDone = 0;
        ++m_trial;
    }
    m_workersWait.notify_all();
}

bool FreeScheduler::waitForTrialEnd()
{
    std::unique_lock lock(m_mutex);
    // On cancel a worker may never have been released into this trial, so nobody waits for stragglers.
    m_controllerWait.wait(lock, [this] { return m_trialDone == m_workers || isCancelled(); });
    return !isCancelled();
}

void FreeScheduler::endTrials()
{
    {
        std::lock_guard lock(m_mutex);
        m_trialsEnded = true;
    }
    m_workersWait.notify_all();
}

} // namespace interleave
