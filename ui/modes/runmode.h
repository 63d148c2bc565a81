// SPDX-License-Identifier: MIT
#pragma once

#include "modecontroller.h"

namespace interleave {

class RunJob;
struct RunResult;

// Free threads and Script: one run (RunJob), shown when it ends.
class RunMode : public ModeController {
    Q_OBJECT
public:
    RunMode(ResultPane* results, QObject* parent);

    void start(const Scenario& scenario, const QStringList& notes) override;
    void stop() override;
    void discard() override;
    bool isBatchRunning() const override;

private:
    void showRunResult(const RunResult& result);

    RunJob* m_job;
};

} // namespace interleave
