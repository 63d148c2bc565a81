// SPDX-License-Identifier: MIT
#pragma once

#include "jobtracker.h"
#include "runner.h"

#include <QMetaType>
#include <QObject>

namespace interleave {

// Runs a Runner on a thread of its own and hands the RunResult back on the GUI thread (the JobTracker's lifetime: a
// job id per start, so the result of a run that was superseded or stopped is dropped instead of shown).
class RunJob : public QObject {
    Q_OBJECT
public:
    explicit RunJob(QObject* parent = nullptr);
    ~RunJob() override; // stops and waits for every run still going: no thread outlives its job

    // Starts a run and returns its id; a run still going is cancelled and its result will be dropped.
    quint64 start(const Scenario& scenario);
    void cancel(); // Runner::cancel() on the current run; its (partial, cancelled) result is still delivered
    void discard(); // cancels the current run and drops its result (the window moved on to another scenario)
    bool isRunning() const { return m_tracker.isRunning(); }
    quint64 currentId() const { return m_tracker.currentId(); }
    int threadCount() const { return m_tracker.threadCount(); } // runs whose thread has not been cleaned up yet

Q_SIGNALS:
    void started(quint64 id);
    void finished(const interleave::RunResult& result);
    void runningChanged(bool running);

private:
    JobTracker m_tracker;
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::RunResult)
