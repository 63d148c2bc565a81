// SPDX-License-Identifier: MIT
// MainWindow's step mode (the class mode), its narration pane and presenter mode. Kept apart from
// mainwindow.cpp so the window's other modes can grow there without touching this.
#include "mainwindow.h"

#include "descriptionlabel.h"

#include "logmodel.h"
#include "narrationview.h"
#include "presentermode.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "stepjob.h"
#include "steppanel.h"
#include "timelineview.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QMenu* menuNamed(QMenuBar* bar, const QString& title)
{
    for (QAction* action : bar->actions()) {
        if (action->menu() && action->text() == title)
            return action->menu();
    }
    return bar->addMenu(title);
}

} // namespace

void MainWindow::createStepMode()
{
    m_stepJob = new StepJob(this);
    connect(m_stepJob, &StepJob::stateChanged, this, &MainWindow::showStepState);
    connect(m_stepJob, &StepJob::activeChanged, this, &MainWindow::updateActions);

    // The step panel goes under the timeline, full width, so a statement reads on one line.
    m_stepPanel = new StepPanel;
    m_results->addUnderTimeline(m_stepPanel);
    m_stepPanel->hide();
    connect(m_stepJob, &StepJob::busyChanged, m_stepPanel, &StepPanel::setBusy);
    connect(m_stepPanel, &StepPanel::stepRequested, m_stepJob, &StepJob::step);
    connect(m_stepPanel, &StepPanel::backRequested, m_stepJob, &StepJob::back);
    connect(m_stepPanel, &StepPanel::breakDeadlockRequested, m_stepJob, &StepJob::breakDeadlock);
    connect(m_stepPanel, &StepPanel::giveUpRequested, m_stepJob, &StepJob::giveUp);

    // The narration: a third pane of the bottom splitter, after the rows and the log.
    m_narrationPane = new QWidget;
    m_narrationPane->setObjectName(u"narrationPane"_s);
    auto* paneLayout = new QVBoxLayout(m_narrationPane);
    paneLayout->setContentsMargins(0, 0, 8, 4);
    paneLayout->setSpacing(0);
    auto* title = new QLabel(u"What happened"_s, m_narrationPane);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setContentsMargins(4, 4, 4, 2);
    m_narrationView = new NarrationView(m_narrationPane);
    paneLayout->addWidget(title);
    paneLayout->addWidget(m_narrationView);
    m_results->addBesideLog(m_narrationPane, 3);
    m_narrationPane->hide();
    connect(m_narrationView, &NarrationView::eventActivated, m_results, &ResultPane::selectEvent);

    // Keys 1-9 and Backspace belong to the window, not to the panel: they work wherever the focus is, except in a
    // text field, which keeps its digits and Backspace.
    QMenu* run = menuNamed(menuBar(), u"&Run"_s);
    run->addSeparator();
    QMenu* stepMenu = run->addMenu(u"S&tep"_s);
    stepMenu->setObjectName(u"stepMenu"_s);
    for (int w = 0; w < 9; ++w) {
        QAction* action = stepMenu->addAction(u"Run Worker %1's Next Statement"_s.arg(w + 1));
        action->setObjectName(u"stepWorker%1Action"_s.arg(w + 1));
        action->setShortcut(QKeySequence(Qt::Key_1 + w));
        connect(action, &QAction::triggered, this, [this, w] { m_stepJob->step(w); });
        addAction(action);
        m_stepActions.append(action);
    }
    stepMenu->addSeparator();
    m_stepBackAction = stepMenu->addAction(u"Step &Back"_s);
    m_stepBackAction->setObjectName(u"stepBackAction"_s);
    m_stepBackAction->setShortcut(QKeySequence(Qt::Key_Backspace));
    m_stepBackAction->setToolTip(u"Undo the last step by replaying the others on a fresh database (Backspace)"_s);
    connect(m_stepBackAction, &QAction::triggered, m_stepJob, &StepJob::back);
    addAction(m_stepBackAction);
    m_breakDeadlockAction = stepMenu->addAction(u"Break the &Deadlock"_s);
    m_breakDeadlockAction->setObjectName(u"breakDeadlockAction"_s);
    m_breakDeadlockAction->setShortcut(QKeySequence(Qt::Key_D));
    m_breakDeadlockAction->setToolTip(
        u"When every worker waits, the one that has waited longest gives up, as its lock timeout would make it (D)"_s);
    connect(m_breakDeadlockAction, &QAction::triggered, m_stepJob, &StepJob::breakDeadlock);
    addAction(m_breakDeadlockAction);
    // A real wait ends when its holder lets go, or when the database's timeout runs out first: here, when asked.
    QAction* timeOut = stepMenu->addAction(u"&Time Out a Wait"_s);
    timeOut->setObjectName(u"timeOutAction"_s);
    timeOut->setShortcut(QKeySequence(Qt::Key_T));
    timeOut->setToolTip(u"End the wait that began first now, as the database's lock timeout would: SQLite answers "
                        "\"database is locked\", PostgreSQL 55P03, MariaDB 1205 (T)"_s);
    connect(timeOut, &QAction::triggered, m_stepJob, [this] { m_stepJob->giveUp(-1); });
    addAction(timeOut);

    QMenu* view = menuNamed(menuBar(), u"&View"_s);
    view->addSeparator();
    m_narrationAction = view->addAction(u"&Narration"_s);
    m_narrationAction->setObjectName(u"narrationAction"_s);
    m_narrationAction->setCheckable(true);
    m_narrationAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_narrationAction->setToolTip(
        u"Show what happened in plain words next to the log (always shown in step mode) (Ctrl+Shift+N)"_s);
    connect(m_narrationAction, &QAction::toggled, this, &MainWindow::updateStepMode);
    m_presenterAction = view->addAction(u"&Presenter Mode"_s);
    m_presenterAction->setObjectName(u"presenterAction"_s);
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_presenterAction->setToolTip(
        u"Full screen, large fonts, high contrast: only the timeline, the rows and the narration (F11; Esc "
        "leaves)"_s);
    connect(m_presenterAction, &QAction::toggled, this, &MainWindow::setPresenterMode);
    // The menu bar hides in presenter mode: the window keeps the keys that matter there.
    addAction(m_presenterAction);
    addAction(m_runAction);
    addAction(m_stopAction);

    m_presenter = new PresenterMode(this);
    connect(m_presenter, &PresenterMode::resized, this, [this] {
        // The whole screen for the class: the timeline and the step panel get what they need, the rows and the
        // narration the rest, the narration more of it.
        if (!isPresenterMode())
            return;
        m_results->fitPresenterPanes(int(m_document->scenario().workers.size()), m_narrationPane);
    });
    updateStepMode();
}

void MainWindow::updateStepMode()
{
    if (!m_stepPanel)
        return;
    const bool step = scheduleMode() == ScheduleSpec::Mode::Step;
    if (!step && m_stepJob->isActive()) {
        m_stepJob->stop();
        m_results->clear();
    }
    if (!m_stepJob->isActive()) {
        QStringList names;
        for (const WorkerSpec& worker : m_document->scenario().workers)
            names.append(worker.name);
        m_stepPanel->setWorkers(names);
    }
    const bool panelWasHidden = m_stepPanel->isHidden();
    m_stepPanel->setVisible(step && m_document->hasScenario());
    const bool narrationWasHidden = m_narrationPane->isHidden();
    m_narrationPane->setVisible(step || isPresenterMode() || m_narrationAction->isChecked());
    if (narrationWasHidden && !m_narrationPane->isHidden() && !m_stepJob->isActive())
        tellFinishedRun();
    if (panelWasHidden != m_stepPanel->isHidden())
        fitPanes();
    updateActions(); // leaving step mode may have cleared the result: Export and Replay follow
}

void MainWindow::updateStepActions()
{
    if (!m_stepJob)
        return;
    const bool active = m_stepJob->isActive();
    const int workers = int(m_document->scenario().workers.size());
    for (int w = 0; w < m_stepActions.size(); ++w)
        m_stepActions[w]->setEnabled(active && w < workers);
    m_stepBackAction->setEnabled(active);
    m_breakDeadlockAction->setEnabled(active);
    if (auto* timeOut = findChild<QAction*>(u"timeOutAction"_s))
        timeOut->setEnabled(active);
}

void MainWindow::startStep(const Scenario& scenario)
{
    m_results->clear();
    updateStepMode();
    m_results->timeline()->setEmptyText(u"Press 1–9 to run a worker's next statement"_s);
    m_stepPanel->setStopped(u"Starting: a fresh database, every worker before its first statement…"_s);
    m_stepJob->start(scenario);
    statusBar()->showMessage(u"Step mode: press 1–9 to run a worker's next statement, Backspace to go back"_s);
    updateActions();
}

void MainWindow::showStepState(const StepState& state)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!state.hasRun()) {
        m_stepJob->stop();
        m_results->clear(u"Step mode could not go on: "_s + state.error);
        m_stepPanel->setStopped(u"Could not go on: "_s + state.error);
        statusBar()->showMessage(u"Step mode: "_s + state.error);
        showError(u"Step mode"_s, state.error);
        updateActions();
        return;
    }
    // The timeline draws a result badge for every worker it has a result for: give it those of the workers
    // that have finished, up to the first that has not (the panel shows the others).
    RunResult shown = state.snapshot;
    qsizetype known = 0;
    while (known < state.workers.size() && state.workers.at(known).state == StepController::State::Finished)
        ++known;
    shown.outcome.results = shown.outcome.results.mid(0, known);
    m_results->display(shown);
    m_results->timeline()->scrollToEnd(); // the step just taken is the one to see
    m_narrationView->setLines(state.narration, state.currentFrom);
    m_stepPanel->setState(state);
    if (!state.refused.isEmpty())
        statusBar()->showMessage(state.refused, 5000);
    else if (state.finished)
        statusBar()->showMessage(u"Every worker has finished"_s);
    else if (state.deadlocked)
        statusBar()->showMessage(u"Deadlock: every worker waits for another. Press D to break it"_s);
    else
        statusBar()->clearMessage();
    updateActions();
}

void MainWindow::tellFinishedRun()
{
    // Told only when someone reads it: a stress trial's trace can be long. Past a size the story is no story.
    constexpr qsizetype longest = 5000;
    const RunResult& result = m_results->result();
    if (!m_results->hasResult() || m_narrationPane->isHidden()) {
        m_narrationView->clearLines();
    } else if (result.trace.events.size() > longest) {
        m_narrationView->setLines(
            { NarrationLine { u"This run has %1 events: too many to tell one by one. Step "
                              "through a smaller run to follow the story."_s.arg(result.trace.events.size()),
                -1, -1, NarrationLine::Tone::Plain } });
    } else {
        m_narrationView->setLines(Narration::tell(result));
    }
}

bool MainWindow::isPresenterMode() const
{
    return m_presenter && m_presenter->isActive();
}

void MainWindow::setPresenterMode(bool on)
{
    if (on == isPresenterMode())
        return;
    const QSignalBlocker block(m_presenterAction);
    m_presenterAction->setChecked(on);
    if (on) {
        m_themeBeforePresenter = m_palette.theme();
        QList<QWidget*> hide { m_results->logPane(), m_results->descriptionLabel() };
        QList<QWidget*> show { m_narrationPane };
        m_presenter->enter(hide, show);
        setTheme(Palette::Theme::HighContrast);
        if (!m_stepJob->isActive())
            tellFinishedRun(); // the pane may have been hidden until now
        // Esc leaves presenter mode (a second Esc then stops a run, as always).
        m_stopAction->setShortcut(QKeySequence());
        m_presenterAction->setShortcuts({ QKeySequence(Qt::Key_F11), QKeySequence(Qt::Key_Escape) });
    } else {
        m_presenterAction->setShortcut(QKeySequence(Qt::Key_F11));
        m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
        m_presenter->leave();
        setTheme(m_themeBeforePresenter);
        updateStepMode(); // the schedule mode may have changed meanwhile: its panes, not the old ones
    }
    if (!on)
        fitPanes(); // setTheme() has laid the timeline out again, at the new font size
}

} // namespace interleave
