// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"
#include "stepcontroller.h"

#include <memory>

namespace interleave {

class Execution;

// A run driven one statement at a time: by a person ("let B run its next statement"), by a script, or by the
// explorer. Between steps every worker is parked and can be inspected. A step that blocks leaves its worker
// waiting and returns; when every unfinished worker waits, the run reports a deadlock instead of hanging.
class StepRun {
public:
    struct WorkerView {
        QString name;
        StepController::State state = StepController::State::Starting;
        Statement next; // Ready: the statement as it will be sent, parameters included
        QList<int> waitingFor; // Waiting: the workers holding what it waits for
        WorkerResult result; // Finished: the worker's result
    };
    static constexpr int breakDeadlockStep = -1; // in history(): a deadlock broken by breakDeadlock()

    explicit StepRun(Scenario scenario);
    ~StepRun();
    StepRun(const StepRun&) = delete;
    StepRun& operator=(const StepRun&) = delete;

    bool start(QString* error); // a fresh database, the workers' threads, each parked before its first statement
    QList<WorkerView> workers() const;
    bool step(int worker); // false when the worker is not ready (waiting or finished)
    // Ends the worker's lock wait now, as the database's timeout would (StepController::giveUp); false when it is
    // not waiting. In history() it is ScriptStep::giveUp(worker).
    bool giveUp(int worker);
    int longestWaiting() const; // the waiting worker a timeout would end first; -1 when none waits
    bool isDeadlocked() const; // every unfinished worker waits for a lock
    // Ends a deadlock the way its busy timeout would: the worker that has waited longest gives up with
    // "database is locked".
    bool breakDeadlock();
    bool isFinished() const;
    // Worker indexes stepped, breakDeadlockStep where a deadlock was broken, ScriptStep::giveUp(w) where a wait was
    // given up.
    QList<int> history() const;
    QList<int> granted() const; // the steps (ScriptStep): the same run as a --schedule script
    // The trace so far, the committed rows now, and the results of the workers that have finished. `error` is
    // set when the rows cannot be read at this moment (a worker is in the middle of committing).
    // A worker waiting for a lock adds an open Statement event (its statement in flight, endNs == openEndNs) and
    // an open LockWait event (blockers: whom it waits for) at the end of the trace, so that its wait can be drawn
    // while it lasts; a finished run has none.
    RunResult snapshot() const;
    static constexpr qint64 openEndNs = 0; // the end of an event still going on: before its start
    RunResult finish(); // the remaining statements round-robin, then the final result
    void cancel(); // any thread

    // Undo by replay: a new run on a fresh database that repeats `history`. Scheduled runs are deterministic,
    // so it lands in the same state as the run `history` was taken from.
    static std::unique_ptr<StepRun> replay(const Scenario& scenario, const QList<int>& history, QString* error);

private:
    void addOpenWaits(RunResult* result) const;

    Scenario m_scenario;
    StepController* m_controller = nullptr;
    std::unique_ptr<Execution> m_execution;
    QList<int> m_history;
};

} // namespace interleave
