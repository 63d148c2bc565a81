// SPDX-License-Identifier: MIT
#pragma once

#include "explorer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMetaType>
#include <QObject>
#include <memory>
#include <mutex>
#include <optional>

class QThread;
class QTimer;

namespace interleave {

// Runs an Explorer on a thread of its own (RunJob's pattern: a job id per start, a superseded or discarded
// exploration's result is dropped). The explorer reports from its thread; the job keeps only the latest report
// and hands it to the GUI thread on a timer, so a fast exploration cannot flood the event loop.
class ExploreJob : public QObject {
    Q_OBJECT
public:
    explicit ExploreJob(QObject* parent = nullptr);
    ~ExploreJob() override; // cancels and waits: no thread outlives its job

    quint64 start(const Scenario& scenario, const ExploreOptions& options = {});
    void cancel(); // the (partial, cancelled) result is still delivered
    void discard(); // cancels and drops the result
    bool isRunning() const { return m_running != 0; }
    quint64 currentId() const { return m_currentId; }
    int threadCount() const { return int(m_jobs.size()); }
    void setProgressIntervalMs(int ms); // how often progress() may be emitted; 100 ms by default

Q_SIGNALS:
    void started(quint64 id);
    // `perSecond`: complete schedules per second since the start.
    void progress(const interleave::ExploreProgress& progress, double perSecond);
    void finished(const interleave::ExploreResult& result);
    void runningChanged(bool running);

private:
    // Written by the explorer's thread, read by the GUI thread's timer.
    struct Latest {
        std::mutex mutex;
        std::optional<ExploreProgress> progress;
    };
    struct Job {
        std::shared_ptr<Explorer> explorer;
        std::shared_ptr<Latest> latest;
        QThread* thread = nullptr;
    };
    void deliver(quint64 id, const ExploreResult& result);
    void flushProgress();

    QHash<quint64, Job> m_jobs;
    quint64 m_nextId = 1;
    quint64 m_currentId = 0;
    quint64 m_running = 0;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::ExploreProgress)
Q_DECLARE_METATYPE(interleave::ExploreResult)
