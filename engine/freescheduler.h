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

private:
    const int m_workers;
    const int m_jitterUs;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_arrived = 0;
    std::atomic<quint64> m_generation { 0 }; // statements finished so far
    std::atomic<int> m_sleepers { 0 };
    std::vector<quint64> m_seenGeneration; // per worker, touched only by that worker's thread
};

} // namespace interleave
