// SPDX-License-Identifier: MIT
#pragma once

#include "gate.h"

#include <QtGlobal>

#include <QList>
#include <QString>
#include <QStringList>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace interleave {

struct RunClock;

// Runs workers one statement at a time. Between statements every worker is parked: ready with its next
// statement, waiting for a lock, or finished. step() lets one worker send its next statement; if that
// statement blocks on a lock the worker is left waiting and step() returns. After each step the waiting
// workers retry, in worker order, until none makes progress, so the same sequence of steps always gives the
// same trace. A script is this controller driven by a list; the GUI will drive it by keys.
class StepController : public Gate {
public:
    enum class State { Starting, Ready, Running, Waiting, Finished };
    struct WorkerState {
        State state = State::Starting;
        Statement next; // Ready: the statement as it will be sent
    };

    // A statement a worker has sent and that waits for a lock: what a live view draws as an open wait.
    struct InFlight {
        int worker = -1;
        Statement statement;
        qint64 sentNs = 0; // when the worker was let through to send it, on the run's clock
        qint64 waitNs = 0; // when its first lock wait began
    };

    explicit StepController(int workers);
    // The run's clock (its nanoseconds from the run's start), for InFlight's times. Set before the workers start.
    void setClock(const RunClock* clock) { m_clock = clock; }

    // Gate, called by the worker threads.
    void workerStarted(int worker) override;
    bool beforeStatement(int worker, const Statement& statement) override;
    void afterStatement(int worker) override;
    BusyDecision onBusy(int worker, int attempt, std::chrono::steady_clock::time_point deadline) override;
    void workerFinished(int worker) override;
    void cancel() override;
    void onLockWait(int worker, bool waiting) override;

    // The controller's side, called from one controlling thread.
    void waitUntilParked();
    bool step(int worker); // false when the worker is not ready (waiting or finished)
    // Ends the worker's lock wait now, as the database's timeout would end it: SQLite's busy handler gives up
    // ("database is locked"), a server's wait is cancelled and reported as its lock timeout (LockProbe::timeOut).
    // False when the worker is not waiting for a lock.
    bool giveUp(int worker);
    // When every unfinished worker waits for a lock, nothing can move: the one that has waited longest gives
    // up, as its timeout would make it (SQLite: "database is locked"; a server: its lock timeout, after the server
    // has had serverStallPatience to break a deadlock itself). Returns false if not stalled.
    bool breakStall();
    bool isStalled() const; // every unfinished worker waits for a lock
    // The worker whose wait began first (with equal timeouts, the first to time out), or -1 when none waits.
    int longestWaiting() const;
    // The script's steps in order (ScriptStep: a worker's index, or ScriptStep::giveUp(worker)), then round-robin.
    // A step naming a waiting or finished worker is skipped; a give-up naming a worker that is not waiting for a lock
    // stops the script there. Returns the index of that give-up in `steps`, or -1 when the script ran to its end.
    int runScript(const QList<int>& steps);
    QList<WorkerState> states() const;
    bool allFinished() const;
    QList<int> executed() const; // the steps taken, in order: workers granted a statement, and give-ups
    // The statements in flight of the workers waiting for a lock now, in worker order.
    QList<InFlight> waiting() const;

    // On a server, how long a stall may last before the oldest wait is cancelled: longer than PostgreSQL's
    // default deadlock_timeout (1 s), so the server's own deadlock detection speaks first.
    static constexpr auto serverStallPatience = std::chrono::milliseconds(3000);

private:
    struct Slot {
        State state = State::Starting;
        Statement next;
        bool granted = false;
        bool retry = false;
        bool giveUp = false;
        QString giveUpReason; // with giveUp: why the wait ends, for the wait's note
        quint64 waitOrder = 0;
        qint64 sentNs = -1; // Running or Waiting: when `next` was let through; -1 between statements
        qint64 waitNs = -1; // when the statement's first lock wait began; -1 before it waits
    };
    qint64 nowNs() const;
    void noteWait(Slot& slot) const; // with the mutex held: the statement's wait began now, unless it already had
    void waitParked(std::unique_lock<std::mutex>& lock, int worker);
    void settle(std::unique_lock<std::mutex>& lock);
    // On a server: asks the monitor for a fresh look (without holding the mutex) and waits for the workers it
    // found released to park again. Returns whether any worker's state changed.
    bool settleServer(std::unique_lock<std::mutex>& lock);
    bool breakServerStall(std::unique_lock<std::mutex>& lock);
    // Ends a waiting worker's wait and waits for it to park again (with its next statement, a new wait, or finished).
    void endWait(std::unique_lock<std::mutex>& lock, int worker, const QString& reason);
    std::vector<State> statesLocked() const;
    bool isParked(int worker) const;
    int stalledOldest() const; // with the mutex held: the worker that waited longest, or -1 when not stalled

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Slot> m_slots;
    quint64 m_waitCounter = 0;
    QList<int> m_executed;
    const RunClock* m_clock = nullptr;
};

} // namespace interleave
