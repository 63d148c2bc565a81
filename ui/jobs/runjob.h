// SPDX-License-Identifier: MIT
#pragma once

#include "runner.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <memory>

class QThread;

namespace interleave {

// Runs a Runner on a thread of its own and hands the RunResult back on the GUI thread (hotspot's pattern: a job
// id per start, so the result of a run that was superseded or stopped is dropped instead of shown).
class RunJob : public QObject {
    Q_OBJECT
public:
    explicit RunJob(QObject* parent = nullptr);
    ~RunJob() override; // stops and waits for every run still going: no thread outlives its job

    // Starts a run and returns its id; a run still going is cancelled and its result will be dropped.
    quint64 start(const Scenario& scenario);
    void cancel(); // Runner::cancel() on the current run; its (partial, cancelled) result is still delivered
    void discard(); // cancels the current run and drops its result (the window moved on to another scenario)
    bool isRunning() const { return m_running != 0; }
    quint64 currentId() const { return m_currentId; }
    int threadCount() const { return int(m_jobs.size()); } // runs whose thread has not been cleaned up yet

Q_SIGNALS:
    void started(quint64 id);
    void finished(const interleave::RunResult& result);
    void runningChanged(bool running);

private:
    void deliver(quint64 id, const RunResult& result);

    struct Job {
        std::shared_ptr<Runner> runner;
        QThread* thread = nullptr;
    };
    QHash<quint64, Job> m_jobs; // every run whose thread has not finished yet
    quint64 m_nextId = 1;
    quint64 m_currentId = 0;
    quint64 m_running = 0; // the id of the run whose result will be shown, 0 when none
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::RunResult)
