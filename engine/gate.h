// SPDX-License-Identifier: MIT
#pragma once

#include "statement.h"

#include <atomic>
#include <chrono>

namespace interleave {

// What stands between a worker and its next statement: the schedule. Worker threads call it; a free run lets
// them through (after a barrier), a scripted run grants one statement at a time.
class Gate {
public:
    virtual ~Gate();

    struct BusyDecision {
        bool retry = false;
        QString reason; // why the wait was given up
    };

    // After the worker's connection is open (or failed to open): every worker calls it exactly once.
    virtual void workerStarted(int worker) = 0;
    // Blocks until the worker may send `statement`; false when the run was cancelled.
    virtual bool beforeStatement(int worker, const Statement& statement) = 0;
    virtual void afterStatement(int worker) = 0;
    // From a lock wait inside a statement (SQLite's busy handler), on the worker's thread. `attempt` counts the
    // calls for one lock from 0. Retry, or give up so the statement fails with "database is locked".
    virtual BusyDecision onBusy(int worker, int attempt, std::chrono::steady_clock::time_point deadline) = 0;
    virtual void workerFinished(int worker) = 0;
    virtual void cancel() = 0;

    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

protected:
    std::atomic<bool> m_cancelled { false };
};

} // namespace interleave
