// SPDX-License-Identifier: MIT
#pragma once

#include "gate.h"

#include <condition_variable>
#include <mutex>
#include <vector>

namespace interleave {

// Production-like: every worker opens its connection, waits at a barrier, then all run at once with an
// optional random pause before each statement. A worker waiting for a lock sleeps until some other
// statement finishes (or the busy timeout passes), instead of polling.
class FreeScheduler : public Gate {
public:
    FreeScheduler(int workers, int jitterUs);

    void workerStarted(int worker) override;
    bool beforeStatement(int worker, const Statement& statement) override;
    void afterStatement(int worker) override;
    BusyDecision onBusy(int worker, int attempt, std::chrono::steady_clock::time_point deadline) override;
    void workerFinished(int worker) override;
    void cancel() override;

    // Workers of every FreeScheduler in the process inside their random pause right now (entered, not yet left). A
    // test waits for it to cancel a run whose workers are really pausing, and sees them leave, without sleeping.
    static int workersPausing();

    // Stress runs: many trials on the same threads and connections, so the start barrier is passed once per
    // trial. Between trials every worker waits in awaitTrial() while the controlling thread resets the table;
    // startTrial() releases them at once; each calls trialDone() after its recipe, and waitForTrialEnd() returns
    // to the controller when all have. A worker touches its trace and result only between release and
    // trialDone(), the controller only between waitForTrialEnd() and the next startTrial(): the mutex orders the
    // two sides.
    bool awaitTrial(int worker); // false: no further trial (endTrials() or cancel())
    void trialDone(int worker);
    bool waitUntilReady(); // controller, before the first trial: every worker is connected and parked
    void startTrial(); // controller
    bool waitForTrialEnd(); // controller; false when cancelled: the workers may still be running then
    void endTrials(); // controller: every awaitTrial() returns false from now on

private:
    const int m_workers;
    const int m_jitterUs;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_arrived = 0;
    std::atomic<quint64> m_generation { 0 }; // statements finished so far
    std::atomic<int> m_sleepers { 0 };
    std::vector<quint64> m_seenGeneration; // per worker, touched only by that worker's thread
    // Trials, all guarded by m_mutex.
    std::condition_variable m_workersWait; // workers between trials
    std::condition_variable m_controllerWait; // the controlling thread, for "all parked" and "all done"
    quint64 m_trial = 0; // trials started so far
    std::vector<quint64> m_workerTrial; // per worker: the last trial it was released into
    int m_parked = 0; // workers waiting in awaitTrial()
    int m_trialDone = 0; // workers done with the current trial
    bool m_trialsEnded = false;
};

} // namespace interleave
