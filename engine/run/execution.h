// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"
#include "session.h"

#include <QStringList>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace interleave {

class Backend;
class Gate;
class SocketGroup;
class Worker;

// One run's moving parts: a fresh database with the scenario's table, one thread and one session per worker,
// the gate every statement passes, the clock and the transaction board. Runner drives it to the end in one go;
// StepRun drives it a statement at a time.
class Execution {
public:
    Execution(const Scenario& scenario, std::unique_ptr<Gate> gate);
    ~Execution(); // cancels what still runs and joins the threads
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    bool setUp(QString* error); // the database and its table
    void start(); // the worker threads
    void join();
    // Any thread, also during setUp(); returns at once. Interrupts the gate and every statement (on a server through
    // the monitor: pg_cancel_backend, KILL QUERY); a server that does not answer within SocketGroup::defaultGrace
    // loses the run's connections, so that join() and the destructor return soon even then.
    void cancel();
    bool isCancelled() const;

    Gate& gate() { return *m_gate; }
    const Scenario& scenario() const { return m_scenario; }
    const TransactionBoard& board() const { return m_board; }
    const RunClock& clock() const { return m_clock; } // the run's time base; restarts in start()
    // The workers holding what `worker` waits for: the server's word on a server, the transaction board on SQLite.
    QList<int> holders(int worker) const;
    // Safe while the worker is parked at the gate or finished: the gate's mutex orders its writes before.
    const Worker& worker(int index) const { return *m_workers[std::size_t(index)]; }

    // The trace so far, the current committed rows and each finished worker's result. `executed` names the
    // workers in the order their statements were granted (empty: the order statements started).
    RunResult collect(const QList<int>& executed) const;
    // The workers' part of a result, for every way of driving workers (a run, a step run, a stress trial): their
    // merged trace and results, the executed order (`granted`, or the order statements started when empty) and
    // which worker inserted each row. result->scenario names the workers.
    static void collectWorkers(
        const std::vector<std::unique_ptr<Worker>>& workers, const QList<int>& granted, RunResult* result);

private:
    Scenario m_scenario;
    std::unique_ptr<Gate> m_gate;
    std::shared_ptr<SocketGroup> m_sockets; // the run's server connections
    std::unique_ptr<Backend> m_backend;
    RunClock m_clock;
    TransactionBoard m_board;
    BackendInfo m_info;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<std::thread> m_threads;
    mutable std::mutex m_mutex; // guards m_sessions and m_cancelled against cancel() from another thread
    std::vector<Session*> m_sessions;
    bool m_cancelled = false;
};

} // namespace interleave
