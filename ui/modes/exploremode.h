// SPDX-License-Identifier: MIT
#pragma once

#include "modecontroller.h"

namespace interleave {

class ExplorePanel;

// Explore: every distinct interleaving (ExplorePanel and its job); a chosen class's run goes to the ResultPane.
class ExploreMode : public ModeController {
    Q_OBJECT
public:
    ExploreMode(ResultPane* results, QObject* parent); // the panel becomes one of the ResultPane's pages

    ExplorePanel* panel() const { return m_panel; }
    void start(const Scenario& scenario, const QStringList& notes) override;
    void stop() override;
    void discard() override;
    bool isBatchRunning() const override;
    void setColors(const Palette& palette) override;

Q_SIGNALS:
    void scriptRequested(const QString& script); // Replay: the class's schedule as the script

private:
    ExplorePanel* m_panel;
};

} // namespace interleave
