// SPDX-License-Identifier: MIT
#pragma once

#include "attempt.h"
#include "palette.h"
#include "runner.h"
#include "scenario.h"

#include <QMainWindow>
#include <memory>
#include <optional>

class QDockWidget;

namespace interleave {

class ConnectionDialog;
class ExploreMode;
class LabWindow;
class LessonPlayer;
class ModeController;
class PresenterMode;
class ResultPane;
class Prompts;
class ScenarioDocument;
class ScenarioEditor;
class StepMode;
class StressMode;
class WindowActions;

// The laboratory's first window: choose a scenario, run it freely or by a typed script, and read what happened in
// the timeline, the final rows and the statement log.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The parts: the scenario as a document (open, save, recent files, consent), and its editor.
    ScenarioDocument* document() const { return m_document; }
    bool isRunning() const; // any run: a single run, a step run, an exploration or a stress run
    bool isBatchRunning() const; // a run that Run (F5) must wait for: single, explore or stress
    // The timeline, the rows and the log, and the result they show; the schedule modes' controllers.
    ResultPane* resultPane() const { return m_results; }
    StepMode* stepMode() const { return m_step; }
    ExploreMode* exploreMode() const { return m_explore; }
    StressMode* stressMode() const { return m_stress; }

    // The menus, the toolbar and the window-wide shortcuts.
    WindowActions* actions() const { return m_actions; }
    LessonPlayer* lessonPlayer() const { return m_lesson; }
    PresenterMode* presenterMode() const { return m_presenter; }
    bool isPresenterMode() const;

    void setScheduleMode(ScheduleSpec::Mode mode);
    ScheduleSpec::Mode scheduleMode() const;
    void setScript(const QString& script);
    void setTheme(Palette::Theme theme);
    Palette::Theme theme() const { return m_palette.theme(); }
    // The database the open scenario runs on: "sqlite", a server URL, or empty for the scenario's own. A server of
    // the scenario's own kind goes into the editor (its URL); another database is the document's until another
    // scenario is loaded. false with *error when `text` is neither.
    bool setDatabase(const QString& text, QString* error);
    QString database() const; // what runs use now: "sqlite" or the server URL
    // Every question the window and its parts ask; tests replace it (tests/scriptedprompts.h).
    Prompts& prompts() const { return *m_prompts; }
    void setPrompts(std::unique_ptr<Prompts> prompts);
    ScenarioEditor* editor() const { return m_editor; }
    QDockWidget* scenarioDock() const { return m_scenarioDock; }
    ConnectionDialog* connectionDialog() const { return m_connectionDialog; } // while Ctrl+D's dialog is open
    // Writes what the timeline shows (the last run, or the explored class or stress trial chosen) as a Chrome trace;
    // false with *error, which names the file.
    bool exportTraceTo(const QString& path, QString* error);
    LabWindow* labWindow() const { return m_lab; } // null until Tools → Isolation Lab… first opened it

public Q_SLOTS:
    Attempt runNow(); // starts a run in the chosen mode, or says (and returns) why not
    void stop();
    void replayAsScript(); // the last run's executed order, as a script
    void chooseDatabase(); // Run → Database… (Ctrl+D): the ConnectionDialog
    void exportTimeline(); // File → Export Timeline… (the ExportDialog, not modal)
    void exportTrace(); // File → Export Trace…: asks for a .json file, then exportTraceTo()
    void setPresenterMode(bool on); // F11: full screen, large fonts, high contrast, only what a class needs
    LabWindow* openLab(); // Tools → Isolation Lab… (Ctrl+L): the lab's window, made on first use, shown and raised

protected:
    void closeEvent(QCloseEvent* event) override;

Q_SIGNALS:
    void runFinished(); // the window shows the new result (or the error)
    void presenterModeChanged(bool on); // the lab window follows its fonts and theme

private:
    void createActions();
    void createCentralArea();
    void createStatusBar();
    void validateScript();
    void scheduleModeChanged();
    void saveViewChoices(); // File → Save: the toolbar's mode and script into the editor's scenario
    void showScheduleMode(); // the script field, the mode's panel and step mode follow the toolbar's mode box
    ModeController* controller(ScheduleSpec::Mode mode) const;
    void updateActions();
    void updateTitle();
    void showError(const QString& title, const QString& text);
    // A problem that stays in the status bar until it is fixed (and is cleared then, unless another message has
    // taken its place meanwhile).
    enum class Problem { None, Script, Scenario };
    void showProblem(Problem problem, const QString& text);
    void applyPalette();
    // Step mode's actions and presenter mode.
    void createStepMode();
    void updateStepMode(); // the step panel and narration pane for the chosen mode; leaving Step ends a step run
    void fitPanes(int workers = -1); // -1: the scenario's workers
    void showModePanel();
    void createScenarioDock();
    void scenarioLoaded(); // the document's new scenario: the toolbar, the panels and an empty result follow
    void scenarioEdited(const Scenario& scenario, bool changed);

    std::unique_ptr<Prompts> m_prompts;
    // The schedule mode chosen in the toolbar or by a lesson item: it survives another scenario's loading.
    std::optional<ScheduleSpec::Mode> m_chosenMode;
    ScheduleSpec m_fileSchedule; // the editor's schedule as last seen: its edits move the toolbar
    bool m_scriptValid = true;
    QString m_scriptError;
    QStringList m_parsedScript;
    Problem m_problemShown = Problem::None;
    QString m_problemText;
    Palette m_palette;

    QString m_traceFolder; // where the last trace was exported in this session
    WindowActions* m_actions = nullptr;
    LessonPlayer* m_lesson = nullptr;
    ConnectionDialog* m_connectionDialog = nullptr;
    ResultPane* m_results = nullptr;

    PresenterMode* m_presenter = nullptr;
    Palette::Theme m_themeBeforePresenter = Palette::Theme::Light;
    QList<ModeController*> m_modes; // run (free and script), step, explore, stress
    StepMode* m_step = nullptr;
    ExploreMode* m_explore = nullptr;
    StressMode* m_stress = nullptr;
    ScenarioEditor* m_editor = nullptr;
    QDockWidget* m_scenarioDock = nullptr;
    ScenarioDocument* m_document = nullptr;
    LabWindow* m_lab = nullptr; // a child window: deleted with this one
};

} // namespace interleave
