// SPDX-License-Identifier: MIT
#pragma once

#include "modecontroller.h"

#include <QList>

class QAction;
class QMenu;
class QWidget;

namespace interleave {

class NarrationView;
class ScenarioDocument;
class StepJob;
class StepPanel;
struct StepState;

// Step, the class mode: you choose who runs next (keys 1–9), step back, break a deadlock or time out a wait, and
// the story is told as it happens. Owns the StepJob, the step panel under the timeline, the narration pane beside
// the log (shown in step mode, in presenter mode or when View → Narration asks) and the Step menu's shortcuts.
class StepMode : public ModeController {
    Q_OBJECT
public:
    StepMode(ResultPane* results, const ScenarioDocument* document, QObject* parent);

    StepJob* job() const { return m_job; }
    StepPanel* panel() const { return m_panel; }
    NarrationView* narrationView() const { return m_narrationView; }
    QWidget* narrationPane() const { return m_narrationPane; }

    // The Run menu's Step submenu and the View menu's Narration; the keys are `shortcuts`' (the window's), so they
    // work wherever the focus is, except in a text field, and in presenter mode, where the menu bar is hidden.
    void addActions(QMenu* run, QMenu* view, QWidget* shortcuts);

    void start(const Scenario& scenario, const QStringList& notes) override;
    void stop() override;
    void discard() override;
    bool isBatchRunning() const override { return false; } // F5 starts a step run over
    bool isActive() const override;
    void setColors(const Palette& palette) override;

    // The panel and the narration for the window's mode and presenter mode; leaving Step ends a step run.
    void show(bool stepMode, bool presenter);
    void updateActions(); // the step keys are enabled during a step run, up to the scenario's workers
    void tellFinishedRun(); // the narration of the shown result, when the narration pane is shown

Q_SIGNALS:
    // Challenge mode: the student asks for the challenge after this one (Challenges::next); the window opens it.
    void nextChallengeRequested(const QString& id);

private:
    void update();
    void showState(const StepState& state);
    int workers() const;

    const ScenarioDocument* m_document;
    StepJob* m_job;
    StepPanel* m_panel;
    NarrationView* m_narrationView;
    QWidget* m_narrationPane;
    bool m_stepMode = false;
    bool m_presenter = false;
    QList<QAction*> m_stepActions; // keys 1-9: worker 1-9's next statement, then back, deadlock, time out
    QAction* m_narrationAction = nullptr;
};

} // namespace interleave
