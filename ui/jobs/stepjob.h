// SPDX-License-Identifier: MIT
#pragma once

#include "jobtracker.h"
#include "narration.h"
#include "steprun.h"

#include <QMetaType>
#include <QObject>
#include <memory>

namespace interleave {

// Where a step-by-step run stands after a step, as a value for the window: each worker's next statement, the
// trace and rows so far, and the story told so far.
struct StepState {
    quint64 session = 0;
    QList<StepRun::WorkerView> workers;
    RunResult snapshot; // the trace so far, the committed rows now, the finished workers' results
    QList<int> history; // StepRun::history()
    bool deadlocked = false;
    bool finished = false;
    QList<NarrationLine> narration; // the trace's sentences, then one per worker still waiting for a lock
    int currentFrom = -1; // narration[currentFrom..] is what the last step did; -1 when nothing was stepped
    QString error; // the run could not start or be replayed: there is no run now
    QString refused; // the last request could not be carried out ("A waits for B's lock: it cannot run now")

    QList<bool> finishedWorkers() const;
    bool hasRun() const { return error.isEmpty(); }
};

// Drives a StepRun off the GUI thread: a step on a server can block for milliseconds to seconds. Requests are
// queued in order on one thread of the job's own (keys pressed quickly are all carried out), the one long job of a
// JobTracker, which owns the thread's lifetime and the queued delivery; each result comes back to the GUI thread as
// a StepState value. Every start() opens a new session; results of an earlier session are dropped (hotspot's job-id
// pattern, here per session), so a restart or a stop never shows a stale state. Sessions share the one thread so
// that a stopped session's run is gone (on a server: its table too) before the next session's run starts.
class StepJob : public QObject {
    Q_OBJECT
public:
    explicit StepJob(QObject* parent = nullptr);
    ~StepJob() override; // cancels the run and waits for the thread

    quint64 start(const Scenario& scenario); // a fresh run, every worker parked before its first statement
    void step(int worker);
    void back(); // undo the last step by replaying the history without it on a fresh database
    void breakDeadlock();
    // Ends the worker's lock wait as the database's timeout would; -1: the wait that began first.
    void giveUp(int worker);
    void stop(); // ends the session: the run is cancelled and its results are dropped

    bool isActive() const { return m_current != 0; } // a session has been started and not stopped
    bool isBusy() const { return m_pending > 0; } // requests of the current session not answered yet
    quint64 currentSession() const { return m_current; }
    const StepState& state() const { return m_state; } // the last state delivered

Q_SIGNALS:
    void stateChanged(const interleave::StepState& state);
    void activeChanged(bool active);
    void busyChanged(bool busy);

private:
    struct Session;
    class Queue;
    enum class Request { Start, Step, Back, BreakDeadlock, GiveUp };
    void post(Request request, int worker = -1);
    void deliver(quint64 session, const StepState& state);

    std::shared_ptr<Queue> m_queue; // the thread's requests, run there in order
    JobTracker m_tracker;
    std::shared_ptr<Session> m_session;
    quint64 m_nextId = 1;
    quint64 m_current = 0;
    int m_pending = 0;
    StepState m_state;
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::StepState)
