// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "explorer.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <memory>

namespace interleave {

// Runs an Explorer on a thread of its own (the JobTracker's lifetime: a job id per start, a superseded or discarded
// exploration's result is dropped). The explorer reports from its thread; the job keeps only the latest report and
// hands it to the GUI thread on a timer, so a fast exploration cannot flood the event loop.
class ExploreJob : public BackgroundJob {
    Q_OBJECT
public:
    explicit ExploreJob(QObject* parent = nullptr);
    quint64 start(const Scenario& scenario, const ExploreOptions& options = {});
    void setProgressIntervalMs(int ms); // how often progress() may be emitted; 100 ms by default

Q_SIGNALS:
    // `perSecond`: complete schedules per second since the start.
    void progress(const interleave::ExploreProgress& progress, double perSecond);
    void finished(const interleave::ExploreResult& result);

private:
    void flushProgress();

    std::shared_ptr<Latest<ExploreProgress>> m_latest; // the current exploration's latest report
    QElapsedTimer m_clock;
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::ExploreProgress)
Q_DECLARE_METATYPE(interleave::ExploreResult)
