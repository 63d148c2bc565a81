// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "stressrunner.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <memory>

namespace interleave {

// Runs stress runs on a thread of its own: one run, or a sweep, i.e. one run per point (worker count or jitter)
// one after the other. The JobTracker's lifetime: a job id per start, and the results of a superseded or discarded
// job are dropped. The runner reports on its thread; the job keeps only the latest snapshot and hands it to the GUI
// thread on a timer, so the charts redraw a few times a second whatever the trial rate. A cancel() ends the sweep:
// the completed runs and the partial one are still delivered; a discard() drops every result still to come.
class StressJob : public BackgroundJob {
    Q_OBJECT
public:
    explicit StressJob(QObject* parent = nullptr);
    quint64 start(const Scenario& scenario, const StressOptions& options);
    // One stress run per entry of `points`, in order; a cancel ends the sweep after the run in flight stops.
    quint64 startSweep(const Scenario& scenario, const QList<StressOptions>& points);
    void setProgressIntervalMs(int ms); // how often progress() may be emitted; 100 ms by default

Q_SIGNALS:
    // The latest snapshot of run `point` (0 for a single run) of `points`.
    void progress(int point, int points, const interleave::StressProgress& progress);
    void pointFinished(int point, const interleave::StressResult& result);
    void finished(const QList<interleave::StressResult>& results); // one per run that started

private:
    struct Sweep;
    struct Snapshot {
        int point = 0;
        StressProgress progress;
    };
    void flushProgress();

    std::shared_ptr<Latest<Snapshot>> m_latest; // the current sweep's latest snapshot
    int m_points = 0; // the current sweep's number of runs
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::StressProgress)
Q_DECLARE_METATYPE(interleave::StressResult)
