// SPDX-License-Identifier: MIT
#pragma once

#include "statement.h"

#include <QList>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

namespace interleave {

class Gate;

// The run's time base: steady-clock nanoseconds since the run started.
struct RunClock {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    qint64 nowNs() const
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    }
};

// Each session posts its transaction state after every statement; a waiting session reads it to name the
// workers that hold the lock it waits for. Written by its owner only, read by others: atomics, no lock.
class TransactionBoard {
public:
    enum State { None = 0, Read = 1, Write = 2 };
    explicit TransactionBoard(int workers);
    void set(int worker, State state);
    // The workers other than `worker` holding a write transaction, or if none, those holding a read one.
    QList<int> holders(int worker) const;

private:
    std::vector<std::atomic<int>> m_states;
};

// A lock wait inside one statement, as the session observed it.
struct LockWait {
    bool happened = false;
    qint64 startNs = 0;
    qint64 endNs = 0;
    QList<int> blockers;
    QString note;
};

struct SessionContext {
    int worker = 0;
    Gate* gate = nullptr;
    const RunClock* clock = nullptr;
    TransactionBoard* board = nullptr;
};

// One worker's connection. Opened, used and closed on the worker's own thread; only interrupt() may be called
// from another thread.
class Session {
public:
    virtual ~Session();
    virtual StatementResult exec(const Statement& statement, LockWait* wait) = 0;
    virtual void interrupt() = 0;
    virtual QString beginSql() const = 0; // "BEGIN", or "BEGIN IMMEDIATE" when so configured
};

} // namespace interleave
