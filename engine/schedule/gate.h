// SPDX-License-Identifier: MIT
#pragma once

#include "statement.h"

#include <QList>
#include <atomic>
#include <chrono>

namespace interleave {

// On a server, lock waits happen inside the server: a separate monitor connection sees them and tells the gate
// (Gate::onLockWait). A gate that steps workers deterministically asks it for a fresh look, and to cancel.
class LockProbe {
public:
    virtual ~LockProbe() = default;
    // Returns after a look at the server that began after this call; its news have reached the gate.
    virtual void refresh() = 0;
    // Cancels the statement the worker is waiting in (pg_cancel_backend, KILL QUERY); returns at once.
    virtual void cancelStatement(int worker) = 0;
    // Ends the worker's lock wait as the server's lock timeout would: the wait is cancelled (no client can make
    // another connection's lock_timeout or innodb_lock_wait_timeout fire early) and the statement's error is reported
    // as the timeout's (55P03, 1205), with what the server really answered in the wait's note. Returns at once.
    virtual void timeOut(int worker) = 0;
    // The workers the server last said hold what the worker's statement waits for.
    virtual QList<int> blockers(int worker) = 0;
};

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
    // From the server monitor's thread: the worker's statement started (true) or stopped (false) waiting for a
    // lock inside the server. `false` may also come from the worker's thread when its statement returns.
    virtual void onLockWait(int worker, bool waiting);

    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    // Set before the workers start; nullptr on SQLite, where the busy handler reports waits in onBusy().
    void setLockProbe(LockProbe* probe) { m_probe = probe; }

protected:
    std::atomic<bool> m_cancelled { false };
    LockProbe* m_probe = nullptr;
};

} // namespace interleave
