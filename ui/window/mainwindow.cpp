// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "chrometrace.h"
#include "databaseswitch.h"
#include "serverconnection.h"
#include "serverurl.h"

#include "connectiondialog.h"
#include "exploremode.h"
#include "explorepanel.h"
#include "exportdialog.h"
#include "labwindow.h"
#include "lessonplayer.h"
#include "playbackbar.h"
#include "presentermode.h"
#include "prompts.h"
#include "resultpane.h"
#include "runmode.h"
#include "scenariodocument.h"
#include "scenarioeditor.h"
#include "stepmode.h"
#include "steppanel.h"
#include "stressmode.h"
#include "stresspanel.h"
#include "timelineview.h"
#include "windowactions.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace interleave {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    // A dark desktop gets the dark timeline; the theme can still be changed from the View menu.
    const QColor window = QApplication::palette().color(QPalette::Window);
    m_palette = Palette(window.lightness() < 128 ? Palette::Theme::Dark : Palette::Theme::Light);
    m_prompts = std::make_unique<DialogPrompts>(this);

    createScenarioDock();
    createActions();
    createCentralArea();
    createStatusBar();
    // The timeline's axis, zoom and playback: View menu entries and a toolbar row of their own.
    m_actions->addViewActions(m_results->timeline()->viewActions());
    m_actions->addViewActions(m_results->playbackBar()->playbackActions());
    addToolBarBreak();
    addToolBar(m_results->playbackBar());
    createStepMode();
    m_lesson = new LessonPlayer(this);
    m_actions->addLessonActions(m_lesson->openAction(), m_lesson->nextAction(), m_lesson->previousAction());
    connect(m_lesson, &LessonPlayer::itemChanged, this, &MainWindow::updateTitle);
    // PageDown moves on: to the lesson's next item while a lesson plays, else to the next challenge once a goal is
    // reached (the button's shortcut counts only while it shows).
    const auto routePageDown = [this] {
        m_step->panel()->nextChallengeButton()->setShortcut(
            m_lesson->hasLesson() ? QKeySequence() : QKeySequence(Qt::Key_PageDown));
    };
    connect(m_lesson, &LessonPlayer::itemChanged, this, routePageDown);
    routePageDown();
    connect(m_lesson, &LessonPlayer::itemChanged, this, [this] {
        if (isPresenterMode()) // the question takes its place above the timeline
            m_results->fitPresenterPanes(int(m_document->scenario().workers.size()), m_step->narrationPane());
    });
    updateStepMode();
    applyPalette();
    updateTitle();
    updateActions();
    resize(1280, 800);
}

void MainWindow::setPrompts(std::unique_ptr<Prompts> prompts)
{
    m_prompts = std::move(prompts);
    m_editor->setPrompts(m_prompts.get());
    m_document->setPrompts(m_prompts.get());
}

MainWindow::~MainWindow()
{
    // The undo stack announces "clean" while it is destroyed, after this window's members are gone.
    disconnect(m_editor->undoStack(), nullptr, this, nullptr);
    disconnect(m_editor->undoStack(), nullptr, m_document, nullptr);
    disconnect(m_editor, nullptr, m_document, nullptr);
    disconnect(m_document, nullptr, this, nullptr);
}

void MainWindow::createActions()
{
    m_actions = new WindowActions(this, m_document, m_editor, m_scenarioDock, m_palette.theme());
    connect(m_actions, &WindowActions::themeChosen, this, &MainWindow::setTheme);
    connect(m_actions, &WindowActions::databaseRequested, this, &MainWindow::chooseDatabase);
    connect(m_actions->run(), &QAction::triggered, this, &MainWindow::runNow);
    connect(m_actions->stop(), &QAction::triggered, this, &MainWindow::stop);
    connect(m_actions->replay(), &QAction::triggered, this, &MainWindow::replayAsScript);
    connect(m_actions->exportTimeline(), &QAction::triggered, this, &MainWindow::exportTimeline);
    connect(m_actions->exportTrace(), &QAction::triggered, this, &MainWindow::exportTrace);
    connect(m_actions->lab(), &QAction::triggered, this, &MainWindow::openLab);
    connect(m_actions->modeCombo(), &QComboBox::currentIndexChanged, this, &MainWindow::scheduleModeChanged);
    QLineEdit* script = m_actions->scriptEdit();
    // The toolbar's mode and script are view choices, not edits of the scenario: choosing them asks nothing when
    // another example opens, and File → Save writes them into the file (saveViewChoices()).
    connect(script, &QLineEdit::textChanged, this, &MainWindow::validateScript);
    connect(script, &QLineEdit::returnPressed, this, [this] {
        if (m_actions->run()->isEnabled())
            runNow();
    });
}

void MainWindow::createCentralArea()
{
    m_results = new ResultPane(this);
    // One controller per schedule mode; each puts its panel into the result pane.
    auto* run = new RunMode(m_results, this);
    m_step = new StepMode(m_results, m_document, this);
    connect(m_step, &StepMode::nextChallengeRequested, m_document, &ScenarioDocument::openChallenge);
    m_explore = new ExploreMode(m_results, this);
    m_stress = new StressMode(m_results, this);
    m_modes = { run, m_step, m_explore, m_stress };
    for (ModeController* mode : m_modes) {
        connect(mode, &ModeController::message, statusBar(), &QStatusBar::showMessage);
        connect(mode, &ModeController::failed, this, &MainWindow::showError);
        connect(mode, &ModeController::stateChanged, this, &MainWindow::updateActions);
        connect(mode, &ModeController::finished, this, &MainWindow::runFinished);
    }
    connect(m_explore, &ExploreMode::scriptRequested, this, [this](const QString& script) {
        setScheduleMode(ScheduleSpec::Mode::Script);
        setScript(script);
    });
    connect(m_stress, &StressMode::runRequested, this, &MainWindow::runNow);
}

ModeController* MainWindow::controller(ScheduleSpec::Mode mode) const
{
    switch (mode) {
    case ScheduleSpec::Mode::Step:
        return m_step;
    case ScheduleSpec::Mode::Explore:
        return m_explore;
    case ScheduleSpec::Mode::Stress:
        return m_stress;
    case ScheduleSpec::Mode::Free:
    case ScheduleSpec::Mode::Script:
        break;
    }
    return m_modes.constFirst();
}

void MainWindow::showProblem(Problem problem, const QString& text)
{
    statusBar()->showMessage(text);
    m_problemShown = problem;
    m_problemText = text;
}

void MainWindow::createStatusBar()
{
    // A problem stays "shown" until another message (or none) takes its place.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString& text) {
        if (text != m_problemText)
            m_problemShown = Problem::None;
    });
}

bool MainWindow::isBatchRunning() const
{
    return std::any_of(m_modes.cbegin(), m_modes.cend(), [](const ModeController* m) { return m->isBatchRunning(); });
}

bool MainWindow::isRunning() const
{
    return std::any_of(m_modes.cbegin(), m_modes.cend(), [](const ModeController* m) { return m->isActive(); });
}

void MainWindow::setScheduleMode(ScheduleSpec::Mode mode)
{
    const int index = m_actions->modeCombo()->findData(int(mode));
    if (index >= 0)
        m_actions->modeCombo()->setCurrentIndex(index);
}

ScheduleSpec::Mode MainWindow::scheduleMode() const
{
    return ScheduleSpec::Mode(m_actions->modeCombo()->currentData().toInt());
}

void MainWindow::scheduleModeChanged()
{
    // A view choice: it stays when another scenario opens, until another is chosen (see scenarioLoaded()).
    m_chosenMode = scheduleMode();
    showScheduleMode();
}

void MainWindow::saveViewChoices()
{
    // "Unless the user saves it": what the toolbar shows becomes the file's, as one undoable edit of the editor.
    const ScheduleSpec::Mode mode = scheduleMode();
    if (m_editor->scenario().schedule.mode != mode)
        m_editor->setScheduleMode(mode);
    if (mode == ScheduleSpec::Mode::Script && m_scriptValid
        && m_editor->scenario().schedule.script != ScheduleSpec::scriptSteps(m_actions->scriptEdit()->text()))
        m_editor->setScriptSteps(ScheduleSpec::scriptSteps(m_actions->scriptEdit()->text()), u"Edit script"_s);
}

void MainWindow::showScheduleMode()
{
    m_actions->scriptEdit()->setEnabled(scheduleMode() == ScheduleSpec::Mode::Script);
    showModePanel();
    validateScript();
    updateStepMode();
}

void MainWindow::setScript(const QString& script)
{
    m_actions->scriptEdit()->setText(script);
}

void MainWindow::setTheme(Palette::Theme theme)
{
    m_palette = Palette(theme);
    applyPalette();
}

void MainWindow::applyPalette()
{
    setPalette(m_palette.widgetPalette(QApplication::palette()));
    m_editor->setColors(m_palette);
    for (ModeController* mode : m_modes)
        mode->setColors(m_palette);
    validateScript(); // the red frame's colour
    m_results->setColors(m_palette);
}

void MainWindow::scenarioLoaded()
{
    for (ModeController* mode : m_modes)
        mode->discard(); // a result for the previous scenario must not land on this one
    const Scenario& scenario = m_document->scenario();
    const QString exampleId = m_document->exampleId();
    const QSignalBlocker blockExamples(m_actions->exampleCombo());
    m_actions->exampleCombo()->setCurrentIndex(
        exampleId.isEmpty() ? -1 : m_actions->exampleCombo()->findData(exampleId));
    m_results->showScenario(scenario, true);
    m_fileSchedule = scenario.schedule;
    {
        // The mode chosen in the toolbar (or by a lesson) stays; a scenario opened before any choice shows its own.
        const QSignalBlocker blockMode(m_actions->modeCombo());
        setScheduleMode(m_chosenMode.value_or(scenario.schedule.mode));
    }
    m_actions->scriptEdit()->setEnabled(scheduleMode() == ScheduleSpec::Mode::Script);
    m_stress->setScenario(scenario);
    showModePanel();
    {
        const QSignalBlocker blockScript(m_actions->scriptEdit());
        m_actions->scriptEdit()->setText(scenario.schedule.scriptText());
    }
    const QStringList names = scenario.workerNames();
    m_actions->scriptEdit()->setPlaceholderText(names.size() >= 2
            ? names.at(0) + u","_s + names.at(1) + u","_s + names.at(0) + u","_s + names.at(1)
            : u"A,B,A,B"_s);
    m_results->clear(u"Press Run (F5) to run this scenario"_s);
    updateStepMode();
    fitPanes();
    validateScript();
    updateTitle();
}

void MainWindow::validateScript()
{
    m_scriptValid = true;
    m_scriptError.clear();
    m_parsedScript.clear();
    if (m_document->hasScenario() && scheduleMode() == ScheduleSpec::Mode::Script) {
        ScenarioError error;
        const std::optional<QStringList> parsed =
            Scenario::parseScript(m_actions->scriptEdit()->text(), m_document->scenario(), &error);
        if (parsed && parsed->isEmpty()) {
            m_scriptValid = false;
            m_scriptError = u"Script: type the order of the workers' statements, such as "_s
                + m_actions->scriptEdit()->placeholderText();
        } else if (parsed) {
            m_parsedScript = *parsed;
        } else {
            m_scriptValid = false;
            m_scriptError = u"Script: "_s + error.message;
        }
    }
    if (m_scriptValid) {
        m_actions->scriptEdit()->setStyleSheet(QString());
        m_actions->scriptEdit()->setToolTip(
            u"Worker names, one statement each; after the script the workers take turns"_s);
        if (m_problemShown == Problem::Script)
            statusBar()->clearMessage();
    } else {
        m_actions->scriptEdit()->setStyleSheet(
            u"QLineEdit { border: 2px solid %1; border-radius: 3px; padding: 1px 2px; }"_s.arg(
                m_palette.color(Palette::Role::Error).name()));
        m_actions->scriptEdit()->setToolTip(m_scriptError);
        showProblem(Problem::Script, m_scriptError);
    }
    updateActions();
}

void MainWindow::updateActions()
{
    // A step run is not "running" here: F5 starts it over, and the editor stays open between steps.
    const bool running = !m_modes.isEmpty() && isBatchRunning();
    const bool scriptOk = scheduleMode() != ScheduleSpec::Mode::Script || m_scriptValid;
    m_actions->run()->setEnabled(m_document->hasScenario() && !running && scriptOk && m_document->isValid());
    m_actions->run()->setToolTip(m_document->isValid() ? u"Run the scenario with the chosen schedule (F5)"_s
                                                       : u"Cannot run: "_s + m_editor->errorText());
    m_actions->stop()->setEnabled(running || (m_step && m_step->isActive()));
    m_actions->open()->setEnabled(!running);
    const RunResult& result = m_results->result();
    m_actions->replay()->setEnabled(!running && m_results->hasResult() && !result.executed.isEmpty());
    const bool exportable = !running && m_results->hasResult() && result.ok() && !result.trace.events.isEmpty();
    m_actions->exportTimeline()->setEnabled(exportable);
    m_actions->exportTrace()->setEnabled(exportable);
    m_actions->exampleCombo()->setEnabled(!running);
    if (m_step)
        m_step->updateActions();
    m_editor->setEnabled(!running);
    m_document->setLocked(isRunning());
    m_actions->modeCombo()->setEnabled(
        !running); // leaving a mode while its exploration or stress run goes on would hide it
    m_actions->updateUndo(running);
}

void MainWindow::updateTitle()
{
    const QString where = database() == u"sqlite"_s ? QString() : u" — "_s + database();
    // The * by hand rather than [*]: windowTitle() would keep the placeholder in what tests and scripts read.
    const QString modified = m_document->isModified() ? u"*"_s : QString();
    const QString lesson = m_lesson && m_lesson->hasLesson() ? u" — lesson "_s + m_lesson->position() : QString();
    setWindowTitle(m_document->hasScenario()
            ? u"Interleave — "_s + m_document->scenario().name + modified + where + lesson
            : u"Interleave"_s);
}

Attempt MainWindow::runNow()
{
    // Said in the status bar and returned: the caller learns why nothing started without reading the bar.
    const auto refuse = [this](const QString& why, int timeout = 0) {
        statusBar()->showMessage(why, timeout);
        return Attempt::failed(why);
    };
    if (!m_document->hasScenario())
        return refuse(u"Pick an example or open a scenario first"_s, 5000);
    if (m_step->isActive())
        m_step->discard(); // F5 during a step run starts over
    if (isRunning())
        return Attempt::failed(u"a run is going on"_s);
    validateScript();
    if (!m_scriptValid)
        return refuse(m_scriptError);
    if (!m_document->isValid())
        return refuse(u"Cannot run: "_s + m_editor->errorText());
    const std::optional<BackendSpec>& runOn = m_document->runOn();
    if (!runOn && m_document->scenario().backend.isServer() && m_document->scenario().backend.url.isEmpty()) {
        chooseDatabase(); // a URL for the scenario's kind goes into the editor, another database to the document
        const BackendSpec& chosen = runOn ? *runOn : m_document->scenario().backend;
        if (!chosen.isServer() || chosen.url.isEmpty())
            return refuse(u"This scenario runs on a %1 server: choose one with Run → Database… (Ctrl+D)"_s.arg(
                BackendSpec::kindName(m_document->scenario().backend.kind)));
    }
    Scenario scenario = m_document->scenario();
    QStringList notes; // what the database chosen with Database… has no counterpart for, and runs instead
    if (runOn) {
        DatabaseSwitch moved = DatabaseSwitch::apply(scenario, *runOn, scenario.name);
        if (moved.error)
            return refuse(u"Cannot run on %1: %2: %3"_s.arg(database(), moved.error->field, moved.error->message));
        scenario = std::move(moved.scenario);
        notes = moved.notes;
    }
    const bool userNamed = runOn && runOn->isServer();
    if (Attempt consent = m_document->consentToRun(scenario, userNamed); !consent)
        return consent;
    if (scenario.backend.isServer()) {
        const auto url = ServerUrl::parse(scenario.backend.url, nullptr);
        if (url && !ServerConnection::hasPassword(*url)) {
            const auto password = m_prompts->password(url->toString());
            if (!password)
                return refuse(u"Not run: no password for "_s + url->toString(), 5000);
            ServerConnection::setPassword(*url, *password); // kept in this process's memory only
        }
    }
    scenario.schedule.mode = scheduleMode();
    scenario.schedule.script = scenario.schedule.mode == ScheduleSpec::Mode::Script ? m_parsedScript : QStringList();
    if (!notes.isEmpty())
        statusBar()->showMessage(u"Note: "_s + notes.join(u"; "_s), 10000);
    controller(scenario.schedule.mode)->start(scenario, notes);
    return Attempt::done();
}

void MainWindow::showModePanel()
{
    const ScheduleSpec::Mode mode = scheduleMode();
    m_results->showPage(mode == ScheduleSpec::Mode::Explore ? static_cast<QWidget*>(m_explore->panel())
            : mode == ScheduleSpec::Mode::Stress            ? static_cast<QWidget*>(m_stress->panel())
                                                            : nullptr);
}

void MainWindow::replayAsScript()
{
    if (!m_results->hasResult())
        return;
    // Read before the mode changes: leaving step mode clears the result.
    const QString executed = m_results->result().executed.join(QLatin1Char(','));
    setScheduleMode(ScheduleSpec::Mode::Script);
    setScript(executed);
    statusBar()->showMessage(u"The last run's order is now the script: Run replays it"_s, 5000);
}

bool MainWindow::setDatabase(const QString& text, QString* error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        m_document->setRunOn(std::nullopt);
        updateTitle();
        return true;
    }
    const auto spec = BackendSpec::fromCommandLine(trimmed, error);
    if (!spec)
        return false;
    const BackendSpec& own = m_document->scenario().backend;
    if (spec->isServer() && spec->kind == own.kind) {
        // Only where the scenario's server is: the editor shows it (and a run needs nothing else).
        m_document->setRunOn(std::nullopt);
        if (spec->url != own.url) {
            const QString url = spec->url;
            m_editor->edit(u"Server"_s, [url](Scenario& s) { s.backend.url = url; });
        }
    } else {
        m_document->setRunOn(spec);
    }
    updateTitle();
    return true;
}

QString MainWindow::database() const
{
    const BackendSpec& spec = m_document->runOn() ? *m_document->runOn() : m_document->scenario().backend;
    return spec.isServer() ? (spec.url.isEmpty() ? BackendSpec::kindName(spec.kind) : spec.url) : u"sqlite"_s;
}

void MainWindow::chooseDatabase()
{
    // Where runs go now: the database chosen for this document, else the scenario's own.
    const BackendSpec current = m_document->runOn() ? *m_document->runOn() : m_document->scenario().backend;
    ConnectionDialog dialog(current, m_prompts.get(), this);
    m_connectionDialog = &dialog;
    const int answer = dialog.exec();
    m_connectionDialog = nullptr;
    if (answer != QDialog::Accepted)
        return;
    QString error;
    const std::optional<BackendSpec> chosen = dialog.backend(&error);
    if (!chosen || !setDatabase(chosen->isServer() ? chosen->url : u"sqlite"_s, &error)) {
        showError(u"Database"_s, error);
        return;
    }
    if (chosen->isServer()) {
        m_document->trustServer(chosen->url); // typed by the user: no "a file names this server" question
        if (m_document->runOn()) {
            BackendSpec runOn = *m_document->runOn();
            runOn.lockTimeoutMs = chosen->lockTimeoutMs;
            m_document->setRunOn(runOn);
        } else if (m_document->scenario().backend.lockTimeoutMs != chosen->lockTimeoutMs) {
            const int timeout = chosen->lockTimeoutMs;
            m_editor->edit(
                u"Lock timeout %1 ms"_s.arg(timeout), [timeout](Scenario& s) { s.backend.lockTimeoutMs = timeout; });
        }
    }
    statusBar()->showMessage(u"Runs now use "_s + database(), 5000);
}

void MainWindow::stop()
{
    if (m_step->isActive()) {
        m_step->stop();
        return;
    }
    if (!isRunning())
        return;
    for (ModeController* mode : m_modes)
        mode->stop();
    statusBar()->showMessage(u"Stopping…"_s);
}

void MainWindow::fitPanes(int workers)
{
    m_results->fitPanes(workers >= 0 ? workers : int(m_document->scenario().workers.size()));
}

void MainWindow::showError(const QString& title, const QString& text)
{
    showWarning(this, title, text);
}

void MainWindow::exportTimeline()
{
    if (!m_actions->exportTimeline()->isEnabled())
        return;
    auto* dialog = new ExportDialog(m_results->result(), this);
    dialog->setPrompts(m_prompts.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setVisibleRange(*m_results->timeline());
    connect(dialog, &ExportDialog::exported, this, [this](const QString& path) {
        statusBar()->showMessage(u"Timeline exported to "_s + QDir::toNativeSeparators(path), 8000);
    });
    // Not exec(), as in showWarning().
    dialog->open();
}

void MainWindow::exportTrace()
{
    if (!m_actions->exportTrace()->isEnabled())
        return;
    const QString folder = !m_traceFolder.isEmpty() && QDir(m_traceFolder).exists() ? m_traceFolder : QDir::homePath();
    // ".trace.json": a scenario file is .json too, and the two should not be mistaken for each other.
    const QString path = m_prompts->tracePath(
        QDir(folder).filePath(ExportDialog::baseNameFor(m_results->result().scenario.name) + u".trace.json"_s));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTraceTo(path, &error)) {
        showError(u"Export Trace"_s, error);
        return;
    }
    m_traceFolder = QFileInfo(path).absolutePath();
}

bool MainWindow::exportTraceTo(const QString& path, QString* error)
{
    if (!m_results->hasResult() || !m_results->result().ok()) {
        if (error)
            *error = path + u": nothing to export; run the scenario first"_s;
        return false;
    }
    if (!ChromeTrace::write(m_results->result(), path, error))
        return false;
    statusBar()->showMessage(u"Trace exported to "_s + QDir::toNativeSeparators(path), 8000);
    return true;
}

void MainWindow::createScenarioDock()
{
    m_editor = new ScenarioEditor(this);
    m_editor->setObjectName(u"scenarioEditor"_s);
    m_editor->setPrompts(m_prompts.get());
    m_scenarioDock = new QDockWidget(u"Scenario"_s, this);
    m_scenarioDock->setObjectName(u"scenarioDock"_s);
    m_scenarioDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_scenarioDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_scenarioDock->setWidget(m_editor);
    addDockWidget(Qt::LeftDockWidgetArea, m_scenarioDock);
    resizeDocks({ m_scenarioDock }, { 400 }, Qt::Horizontal);
    m_document = new ScenarioDocument(m_editor, this);
    m_document->setPrompts(m_prompts.get());
    connect(m_document, &ScenarioDocument::scenarioLoaded, this, &MainWindow::scenarioLoaded);
    connect(m_document, &ScenarioDocument::scenarioEdited, this, &MainWindow::scenarioEdited);
    connect(m_document, &ScenarioDocument::titleChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ScenarioDocument::message, statusBar(), &QStatusBar::showMessage);
    connect(m_document, &ScenarioDocument::aboutToSave, this, &MainWindow::saveViewChoices);
}

void MainWindow::scenarioEdited(const Scenario& scenario, bool changed)
{
    const bool valid = m_document->isValid();
    if (valid) {
        if (changed) {
            // The last run was of another scenario: the timeline must not show it as this one's, and a step run,
            // an exploration or a stress run of the old one must not go on under the new one's name.
            for (ModeController* mode : m_modes)
                mode->discard();
            m_results->clear(u"The scenario changed: press Run (F5) to run it"_s);
        }
        m_results->showScenario(scenario, false);
    }
    // An edit of the Schedule section is the user's choice too: the toolbar follows the mode and the script the
    // editor changed (and keeps its own choice when another part of the scenario changed).
    if (scenario.schedule.mode != m_fileSchedule.mode) {
        const QSignalBlocker blockMode(m_actions->modeCombo());
        setScheduleMode(scenario.schedule.mode);
        m_chosenMode = scenario.schedule.mode;
    }
    if (valid)
        m_stress->setScenario(m_document->scenario());
    if (scenario.schedule.script != m_fileSchedule.script
        && ScheduleSpec::scriptSteps(m_actions->scriptEdit()->text()) != scenario.schedule.script) {
        const QSignalBlocker blockScript(m_actions->scriptEdit());
        m_actions->scriptEdit()->setText(scenario.schedule.scriptText());
    }
    m_fileSchedule = scenario.schedule;
    showScheduleMode();
    const std::optional<ScenarioError>& error = m_editor->error();
    if (error && !error->field.startsWith(u"schedule.script"_s))
        showProblem(Problem::Scenario, u"Cannot run: "_s + m_editor->errorText());
    else if (!error && m_problemShown == Problem::Scenario)
        statusBar()->clearMessage();
    updateTitle();
    updateActions();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_document->maybeSave())
        event->accept();
    else
        event->ignore();
}

void MainWindow::createStepMode()
{
    m_step->addActions(m_actions->runMenu(), m_actions->viewMenu(), this);
    m_actions->addPresenterAction(this);
    connect(m_actions->presenter(), &QAction::toggled, this, &MainWindow::setPresenterMode);

    m_presenter = new PresenterMode(this);
    const auto fitPresenter = [this] {
        // The whole screen for the class: the timeline and the step panel get what they need, the rows and the
        // narration the rest, the narration more of it.
        if (isPresenterMode())
            m_results->fitPresenterPanes(int(m_document->scenario().workers.size()), m_step->narrationPane());
    };
    connect(m_presenter, &PresenterMode::resized, this, fitPresenter);
    // A first run's verdict takes its lines from the splitter: the timeline gets its share again.
    connect(this, &MainWindow::runFinished, this, fitPresenter);
}

void MainWindow::updateStepMode()
{
    m_step->show(scheduleMode() == ScheduleSpec::Mode::Step, isPresenterMode());
}

bool MainWindow::isPresenterMode() const
{
    return m_presenter && m_presenter->isActive();
}

void MainWindow::setPresenterMode(bool on)
{
    if (on == isPresenterMode())
        return;
    const QSignalBlocker block(m_actions->presenter());
    m_actions->presenter()->setChecked(on);
    if (on) {
        m_themeBeforePresenter = m_palette.theme();
        QList<QWidget*> hide { m_results->logPane(), m_results->descriptionLabel() };
        QList<QWidget*> show { m_step->narrationPane() };
        m_presenter->enter(hide, show);
        m_results->showQuestion(true); // a lesson item's question, for the class
        setTheme(Palette::Theme::HighContrast);
        updateStepMode(); // the narration stays shown whatever the mode
        if (!m_step->isActive())
            m_step->tellFinishedRun(); // the pane may have been hidden until now
        // Esc leaves presenter mode (a second Esc then stops a run, as always).
        m_actions->stop()->setShortcut(QKeySequence());
        m_actions->presenter()->setShortcuts({ QKeySequence(Qt::Key_F11), QKeySequence(Qt::Key_Escape) });
    } else {
        m_actions->presenter()->setShortcut(QKeySequence(Qt::Key_F11));
        m_actions->stop()->setShortcut(QKeySequence(Qt::Key_Escape));
        m_presenter->leave();
        m_results->showQuestion(false);
        setTheme(m_themeBeforePresenter);
        updateStepMode(); // the schedule mode may have changed meanwhile: its panes, not the old ones
        fitPanes(); // setTheme() has laid the timeline out again, at the new font size
    }
    Q_EMIT presenterModeChanged(on);
}

LabWindow* MainWindow::openLab()
{
    if (!m_lab) {
        m_lab = new LabWindow(this);
        // The database the main window runs on is the lab's first server.
        QString ignored; // "sqlite", or a URL without a server yet: no server for the lab
        if (const auto runOn = BackendSpec::fromCommandLine(database(), &ignored); runOn && runOn->isServer())
            m_lab->setServers({ *runOn });
    }
    m_lab->show();
    m_lab->raise();
    m_lab->activateWindow();
    return m_lab;
}

} // namespace interleave
