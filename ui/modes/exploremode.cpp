// SPDX-License-Identifier: MIT
#include "exploremode.h"

#include "explorepanel.h"
#include "resultpane.h"

using namespace Qt::StringLiterals;

namespace interleave {

ExploreMode::ExploreMode(ResultPane* results, QObject* parent)
    : ModeController(results, parent)
    , m_panel(new ExplorePanel)
{
    m_panel->setObjectName(u"explorePanel"_s);
    m_results->addPage(m_panel);
    connect(m_panel, &ExplorePanel::runningChanged, this, &ModeController::stateChanged);
    connect(m_panel, &ExplorePanel::finished, this, [this](const ExploreResult& result) {
        Q_EMIT message(!result.error.isEmpty() ? u"Exploration failed: "_s + result.error
                : result.cancelled             ? u"Stopped: the outcome classes found so far"_s
                                               : u"Explored: click a class to see its schedule"_s,
            5000);
        if (!result.error.isEmpty())
            Q_EMIT failed(u"Exploration failed"_s, result.error);
        // As after a stress run, the timeline shows a class at once.
        if (result.error.isEmpty())
            m_panel->chooseTellingClass();
        Q_EMIT stateChanged();
        Q_EMIT finished();
    });
    // A click shows the class's run; its schedule becomes the scenario's script only by the Replay button, an
    // edit the user asks for (and can undo).
    connect(m_panel, &ExplorePanel::classChosen, this,
        [this](const OutcomeClass& c) { showChosenRun(c.exampleResult, c.summary); });
    connect(m_panel, &ExplorePanel::replayRequested, this, [this](const QStringList& schedule) {
        Q_EMIT scriptRequested(schedule.join(QLatin1Char(',')));
        Q_EMIT message(u"The class's schedule is now the script: Run (F5) replays it"_s, 5000);
    });
}

void ExploreMode::start(const Scenario& scenario, const QStringList&)
{
    m_results->clear(u"Exploring every schedule… then click an outcome class below to see one"_s);
    m_panel->start(scenario);
    Q_EMIT message(u"Exploring…"_s, 0);
    Q_EMIT stateChanged();
}

void ExploreMode::stop()
{
    m_panel->cancel();
}

void ExploreMode::discard()
{
    m_panel->discard();
}

bool ExploreMode::isBatchRunning() const
{
    return m_panel->isRunning();
}

void ExploreMode::setColors(const Palette& palette)
{
    m_panel->setColors(palette);
}

} // namespace interleave
