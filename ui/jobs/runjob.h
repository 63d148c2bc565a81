// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "runner.h"

#include <QMetaType>
#include <QObject>

namespace interleave {

// Runs a Runner on a thread of its own and hands the RunResult back on the GUI thread (the JobTracker's lifetime: a
// job id per start, so the result of a run that was superseded or stopped is dropped instead of shown). cancel() is
// Runner::cancel() on the current run.
class RunJob : public BackgroundJob {
    Q_OBJECT
public:
    explicit RunJob(QObject* parent = nullptr);
    // Starts a run and returns its id; a run still going is cancelled and its result will be dropped.
    quint64 start(const Scenario& scenario);

Q_SIGNALS:
    void finished(const interleave::RunResult& result);
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::RunResult)
