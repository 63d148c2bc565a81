// SPDX-License-Identifier: MIT
#pragma once

#include "explorer.h"
#include "jobtracker.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <memory>

namespace interleave {

// Runs an Explorer on a thread of its own (the JobTracker's lifetime: a job id per start, a superseded or discarded
// exploration's result is dropped). The explorer reports from its thread; the job keeps only the latest report and
// hands it to the GUI thread on a timer, so a fast exploration cannot flood the event loop.
class ExploreJob : public QObject {
    Q_OBJECT
public:
    explicit ExploreJob(QObject* parent = nullptr);
    ~ExploreJob() override; // cancels and waits: no thread outlives its job

    quint64 start(const Scenario& scenario, const ExploreOptions& options = {});
    void cancel(); // the (partial, cancelled) result is still delivered
    void discard(); // cancels and drops the result
    bool isRunning() const { return m_tracker.isRunning(); }
    quint64 currentId() const { return m_tracker.currentId(); }
    int threadCount() const { return m_tracker.threadCount(); }
    void setProgressIntervalMs(int ms); // how often progress() may be emitted; 100 ms by default

Q_SIGNALS:
    void started(quint64 id);
    // `perSecond`: complete schedules per second since the start.
    void progress(const interleave::ExploreProgress& progress, double perSecond);
    void finished(const interleave::ExploreResult& result);
    void runningChanged(bool running);

private:
    void flushProgress();

    JobTracker m_tracker;
    std::shared_ptr<Latest<ExploreProgress>> m_latest; // the current exploration's latest report
    QElapsedTimer m_clock;
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::ExploreProgress)
Q_DECLARE_METATYPE(interleave::ExploreResult)
