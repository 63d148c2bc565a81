// SPDX-License-Identifier: MIT
#include "stepmode.h"

#include "challenge.h"
#include "narrationview.h"
#include "resultpane.h"
#include "scenariodocument.h"
#include "stepjob.h"
#include "steppanel.h"
#include "timelineview.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QThread>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

StepMode::StepMode(ResultPane* results, const ScenarioDocument* document, QObject* parent)
    : ModeController(results, parent)
    , m_document(document)
    , m_job(new StepJob(this))
    , m_panel(new StepPanel)
{
    connect(m_job, &StepJob::stateChanged, this, &StepMode::showState);
    connect(m_job, &StepJob::activeChanged, this, &ModeController::stateChanged);

    // The step panel goes under the timeline, full width, so a statement reads on one line.
    m_results->addUnderTimeline(m_panel);
    m_panel->hide();
    connect(m_job, &StepJob::busyChanged, m_panel, &StepPanel::setBusy);
    connect(m_panel, &StepPanel::stepRequested, m_job, &StepJob::step);
    connect(m_panel, &StepPanel::backRequested, m_job, &StepJob::back);
    connect(m_panel, &StepPanel::breakDeadlockRequested, m_job, &StepJob::breakDeadlock);
    connect(m_panel, &StepPanel::giveUpRequested, m_job, &StepJob::giveUp);
    connect(m_panel, &StepPanel::nextChallengeRequested, this, [this] {
        const QString next = Challenges::next(Challenges::idOf(m_document->scenario()));
        if (!next.isEmpty())
            Q_EMIT nextChallengeRequested(next);
    });

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

    connect(m_results, &ResultPane::displayed, this, [this] {
        if (!m_job->isActive()) // a step run tells its own story, step by step
            tellFinishedRun();
    });
    connect(m_results, &ResultPane::cleared, m_narrationView, &NarrationView::clearLines);
}

void StepMode::addActions(QMenu* run, QMenu* view, QWidget* shortcuts)
{
    run->addSeparator();
    QMenu* stepMenu = run->addMenu(u"S&tep"_s);
    stepMenu->setObjectName(u"stepMenu"_s);
    for (int w = 0; w < 9; ++w) {
        QAction* action = stepMenu->addAction(u"Run Worker %1's Next Statement"_s.arg(w + 1));
        action->setObjectName(u"stepWorker%1Action"_s.arg(w + 1));
        action->setShortcut(QKeySequence(Qt::Key_1 + w));
        connect(action, &QAction::triggered, this, [this, w] { m_job->step(w); });
        shortcuts->addAction(action);
        m_stepActions.append(action);
    }
    stepMenu->addSeparator();
    QAction* back = stepMenu->addAction(u"Step &Back"_s);
    back->setObjectName(u"stepBackAction"_s);
    back->setShortcut(QKeySequence(Qt::Key_Backspace));
    back->setToolTip(u"Undo the last step by replaying the others on a fresh database (Backspace)"_s);
    connect(back, &QAction::triggered, m_job, &StepJob::back);
    shortcuts->addAction(back);
    QAction* breakDeadlock = stepMenu->addAction(u"Break the &Deadlock"_s);
    breakDeadlock->setObjectName(u"breakDeadlockAction"_s);
    breakDeadlock->setShortcut(QKeySequence(Qt::Key_D));
    breakDeadlock->setToolTip(
        u"When every worker waits, the one that has waited longest gives up, as its lock timeout would make it (D)"_s);
    connect(breakDeadlock, &QAction::triggered, m_job, &StepJob::breakDeadlock);
    shortcuts->addAction(breakDeadlock);
    // A real wait ends when its holder lets go, or when the database's timeout runs out first: here, when asked.
    QAction* timeOut = stepMenu->addAction(u"&Time Out a Wait"_s);
    timeOut->setObjectName(u"timeOutAction"_s);
    timeOut->setShortcut(QKeySequence(Qt::Key_T));
    timeOut->setToolTip(u"End the wait that began first now, as the database's lock timeout would: SQLite answers "
                        "\"database is locked\", PostgreSQL 55P03, MariaDB 1205 (T)"_s);
    connect(timeOut, &QAction::triggered, m_job, [this] { m_job->giveUp(-1); });
    shortcuts->addAction(timeOut);
    m_stepActions.append({ back, breakDeadlock, timeOut });

    view->addSeparator();
    m_narrationAction = view->addAction(u"&Narration"_s);
    m_narrationAction->setObjectName(u"narrationAction"_s);
    m_narrationAction->setCheckable(true);
    m_narrationAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_narrationAction->setToolTip(
        u"Show what happened in plain words next to the log (always shown in step mode) (Ctrl+Shift+N)"_s);
    connect(m_narrationAction, &QAction::toggled, this, &StepMode::update);
}

int StepMode::workers() const
{
    return int(m_document->scenario().workers.size());
}

bool StepMode::isActive() const
{
    return m_job->isActive();
}

void StepMode::setColors(const Palette& palette)
{
    m_panel->setColors(palette);
    m_narrationView->setColors(palette);
}

void StepMode::show(bool stepMode, bool presenter)
{
    m_stepMode = stepMode;
    m_presenter = presenter;
    update();
}

void StepMode::update()
{
    if (!m_stepMode && m_job->isActive()) {
        m_job->stop();
        m_results->clear();
    }
    if (!m_job->isActive()) {
        m_panel->setWorkers(m_document->scenario().workerNames());
        // Challenge mode is step mode on a scenario with a goal.
        const std::optional<GoalSpec>& goal = m_document->scenario().goal;
        m_panel->setGoal(goal ? goal->text : QString());
    }
    const bool panelWasHidden = m_panel->isHidden();
    m_panel->setVisible(m_stepMode && m_document->hasScenario());
    const bool narrationWasHidden = m_narrationPane->isHidden();
    m_narrationPane->setVisible(m_stepMode || m_presenter || (m_narrationAction && m_narrationAction->isChecked()));
    if (narrationWasHidden && !m_narrationPane->isHidden() && !m_job->isActive())
        tellFinishedRun();
    if (panelWasHidden != m_panel->isHidden())
        m_results->fitPanes(workers());
    Q_EMIT stateChanged(); // leaving step mode may have cleared the result: Export and Replay follow
}

void StepMode::updateActions()
{
    const bool active = m_job->isActive();
    const int count = workers();
    for (int i = 0; i < m_stepActions.size(); ++i)
        m_stepActions[i]->setEnabled(active && (i >= 9 || i < count));
}

void StepMode::start(const Scenario& scenario, const QStringList&)
{
    m_results->clear();
    update();
    m_results->timeline()->setEmptyText(u"Press 1–9 to run a worker's next statement"_s);
    m_panel->setStopped(u"Starting: a fresh database, every worker before its first statement…"_s);
    m_job->start(scenario);
    Q_EMIT message(u"Step mode: press 1–9 to run a worker's next statement, Backspace to go back"_s, 0);
    Q_EMIT stateChanged();
}

void StepMode::stop()
{
    if (!m_job->isActive())
        return;
    m_job->stop();
    m_panel->setStopped(u"Stopped. Press Run (F5) to step through the scenario again"_s);
    Q_EMIT message(u"Step run stopped"_s, 4000);
    Q_EMIT stateChanged();
}

void StepMode::discard()
{
    m_job->stop();
}

void StepMode::showState(const StepState& state)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!state.hasRun()) {
        m_job->stop();
        m_results->clear(u"Step mode could not go on: "_s + state.error);
        m_panel->setStopped(u"Could not go on: "_s + state.error);
        Q_EMIT message(u"Step mode: "_s + state.error, 0);
        Q_EMIT failed(u"Step mode"_s, state.error);
        Q_EMIT stateChanged();
        return;
    }
    // The timeline draws a result badge for every worker it has a result for: give it those of the workers
    // that have finished, up to the first that has not (the panel shows the others).
    RunResult shown = state.snapshot;
    qsizetype known = 0;
    while (known < state.workers.size() && state.workers.at(known).state == StepController::State::Finished)
        ++known;
    shown.outcome.results = shown.outcome.results.mid(0, known);
    const bool finished = known == state.workers.size();
    if (!finished) {
        // Nor does the timeline's table badge judge what only the end can tell (how each worker ends, a counter's
        // sum, the expectations); duplicate rows and an anomaly's closed cycle are facts already.
        shown.outcome.invariants.removeIf(
            [](const InvariantCheck& c) { return c.kind != InvariantCheck::Kind::Duplicates; });
    }
    m_results->display(shown, finished);
    m_results->timeline()->followPlayhead(); // the step just taken, and the race before it when it fits
    m_narrationView->setLines(state.narration, state.currentFrom);
    m_panel->setState(state);
    bool reached = false;
    if (const std::optional<GoalSpec>& goal = m_document->scenario().goal) {
        QList<WorkerResult> results;
        for (const StepRun::WorkerView& w : state.workers)
            results.append(w.result);
        reached =
            Challenges::check(*goal, m_document->scenario(), state.snapshot.outcome, results, state.finishedWorkers())
                .reached;
        m_panel->setGoalProgress(
            int(state.history.size()), reached, !Challenges::next(Challenges::idOf(m_document->scenario())).isEmpty());
    }
    if (reached)
        Q_EMIT message(u"Goal reached in %1 steps"_s.arg(state.history.size()), 0);
    else if (!state.refused.isEmpty())
        Q_EMIT message(state.refused, 5000);
    else if (state.finished)
        Q_EMIT message(u"Every worker has finished"_s, 0);
    else if (state.deadlocked)
        Q_EMIT message(u"Deadlock: every worker waits for another. Press D to break it"_s, 0);
    else
        Q_EMIT message(QString(), 0);
    Q_EMIT stateChanged();
}

void StepMode::tellFinishedRun()
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

} // namespace interleave
