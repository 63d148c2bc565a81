// SPDX-License-Identifier: MIT
#include "stressmode.h"

#include "resultpane.h"
#include "stresspanel.h"

using namespace Qt::StringLiterals;

namespace interleave {

StressMode::StressMode(ResultPane* results, QObject* parent)
    : ModeController(results, parent)
    , m_panel(new StressPanel)
{
    m_panel->setObjectName(u"stressPanel"_s);
    m_results->addPage(m_panel);
    connect(m_panel, &StressPanel::runningChanged, this, &ModeController::stateChanged);
    connect(m_panel, &StressPanel::runRequested, this, &StressMode::runRequested);
    connect(m_panel, &StressPanel::finished, this, [this] {
        const StressResult& result = m_panel->result();
        // The timeline shows a trial at once: what the run found is there to see and to export without a click.
        if (result.ok())
            m_panel->chooseTellingTrial();
        Q_EMIT message(!result.ok() ? u"Stress run failed: "_s + result.error
                : result.cancelled  ? u"Stopped: the trials done so far are in the charts"_s
                                    : u"Stress run done: click a bar to see another trial"_s,
            5000);
        if (!result.ok())
            Q_EMIT failed(u"Stress run failed"_s, result.error);
        Q_EMIT stateChanged();
        Q_EMIT finished();
    });
    connect(m_panel, &StressPanel::traceChosen, this, &StressMode::showChosenRun);
}

void StressMode::setScenario(const Scenario& scenario)
{
    m_panel->setScenario(scenario);
}

void StressMode::start(const Scenario& scenario, const QStringList&)
{
    m_results->clear(u"Stress: click a bar below to see a trial that ended that way"_s);
    m_panel->start(scenario);
    Q_EMIT message(u"Stress run…"_s, 0);
    Q_EMIT stateChanged();
}

void StressMode::stop()
{
    m_panel->cancel();
}

void StressMode::discard()
{
    m_panel->discard();
}

bool StressMode::isBatchRunning() const
{
    return m_panel->isRunning();
}

void StressMode::setColors(const Palette& palette)
{
    m_panel->setColors(palette);
}

} // namespace interleave
