// SPDX-License-Identifier: MIT
#pragma once

#include "jobtracker.h"

#include <QObject>

namespace interleave {

// What RunJob, ExploreJob and StressJob share: one job at a time on a JobTracker (a new start supersedes the job still
// going, whose results are then dropped), the started and running signals, cancel and discard. Each adds its own
// start() and the signals that carry its results.
class BackgroundJob : public QObject {
    Q_OBJECT
public:
    ~BackgroundJob() override; // cancels and waits: no thread outlives its job

    void cancel(); // asks the current job to stop early; its (partial, cancelled) result is still delivered
    void discard(); // cancels the current job and drops its result (the window moved on to another scenario)
    bool isRunning() const { return m_tracker.isRunning(); }
    quint64 currentId() const { return m_tracker.currentId(); }
    int threadCount() const { return m_tracker.threadCount(); } // jobs whose thread has not been cleaned up yet

Q_SIGNALS:
    void started(quint64 id);
    void runningChanged(bool running);

protected:
    BackgroundJob(QObject* parent, QString threadName);

    // JobTracker::start, with the signals: started and runningChanged(true) now, runningChanged(false) just before
    // `deliver` gets the result.
    template<typename Work, typename Deliver>
    quint64 launch(Work work, Deliver deliver, std::function<void()> cancel)
    {
        const quint64 id = m_tracker.start(
            std::move(work),
            [this, deliver = std::move(deliver)](const auto& result) {
                Q_EMIT runningChanged(false);
                deliver(result);
            },
            std::move(cancel));
        Q_EMIT started(id);
        Q_EMIT runningChanged(true);
        return id;
    }

    JobTracker m_tracker;
};

} // namespace interleave
