// SPDX-License-Identifier: MIT
#pragma once

#include "modecontroller.h"

namespace interleave {

class StressPanel;

// Stress: thousands of free runs (StressPanel and its job); a chosen trial's run goes to the ResultPane.
class StressMode : public ModeController {
    Q_OBJECT
public:
    StressMode(ResultPane* results, QObject* parent); // the panel becomes one of the ResultPane's pages

    StressPanel* panel() const { return m_panel; }
    void setScenario(const Scenario& scenario); // the panel's trials, jitter and workers follow the editor's
    void start(const Scenario& scenario, const QStringList& notes) override;
    void stop() override;
    void discard() override;
    bool isBatchRunning() const override;
    void setColors(const Palette& palette) override;

Q_SIGNALS:
    void runRequested(); // the panel's own Run (a sweep): the window settles the scenario and calls start()

private:
    StressPanel* m_panel;
};

} // namespace interleave
