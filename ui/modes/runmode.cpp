// SPDX-License-Identifier: MIT
#include "runmode.h"

#include "resultpane.h"
#include "runjob.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace interleave {

RunMode::RunMode(ResultPane* results, QObject* parent)
    : ModeController(results, parent)
    , m_job(new RunJob(this))
{
    connect(m_job, &RunJob::finished, this, &RunMode::showRunResult);
    connect(m_job, &RunJob::runningChanged, this, &ModeController::stateChanged);
}

void RunMode::start(const Scenario& scenario, const QStringList& notes)
{
    m_job->start(scenario);
    Q_EMIT message(u"Running "_s + ScheduleSpec::modeName(scenario.schedule.mode)
            + (scenario.schedule.script.isEmpty() ? QString() : u" "_s + scenario.schedule.scriptText()) + u"…"_s
            + (notes.isEmpty() ? QString() : u" Note: "_s + notes.join(u"; "_s)),
        0);
    Q_EMIT stateChanged();
}

void RunMode::stop()
{
    m_job->cancel();
}

void RunMode::discard()
{
    m_job->discard();
}

bool RunMode::isBatchRunning() const
{
    return m_job->isRunning();
}

void RunMode::showRunResult(const RunResult& result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!result.ok()) {
        m_results->clear(u"The run failed: "_s + result.error);
        Q_EMIT message(u"Run failed: "_s + result.error, 0);
        Q_EMIT failed(u"Run failed"_s, result.error);
    } else {
        m_results->display(result);
        Q_EMIT message(result.cancelled ? u"Stopped"_s : u"Done"_s, 4000);
    }
    Q_EMIT stateChanged();
    Q_EMIT finished();
}

} // namespace interleave
