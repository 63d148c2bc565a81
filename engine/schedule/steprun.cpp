// SPDX-License-Identifier: MIT
#include "steprun.h"

#include "execution.h"
#include "scriptstep.h"
#include "worker.h"

using namespace Qt::StringLiterals;

namespace interleave {

StepRun::StepRun(Scenario scenario)
    : m_scenario(std::move(scenario))
{
    m_scenario.schedule.mode = ScheduleSpec::Mode::Script;
    m_scenario.schedule.script.clear();
    auto controller = std::make_unique<StepController>(int(m_scenario.workers.size()));
    m_controller = controller.get();
    m_execution = std::make_unique<Execution>(m_scenario, std::move(controller));
    m_controller->setClock(&m_execution->clock());
}

StepRun::~StepRun() = default;

bool StepRun::start(QString* error)
{
    if (!m_execution->setUp(error))
        return false;
    m_execution->start();
    m_controller->waitUntilParked();
    return true;
}

QList<StepRun::WorkerView> StepRun::workers() const
{
    const QList<StepController::WorkerState> states = m_controller->states();
    QList<WorkerView> views;
    for (qsizetype i = 0; i < states.size(); ++i) {
        WorkerView view { m_scenario.workers[i].name, states[i].state, states[i].next, {}, {} };
        if (view.state == StepController::State::Waiting)
            view.waitingFor = m_execution->holders(int(i));
        if (view.state == StepController::State::Finished)
            view.result = m_execution->worker(int(i)).result();
        views.append(view);
    }
    return views;
}

bool StepRun::step(int worker)
{
    if (worker < 0 || worker >= m_scenario.workers.size() || !m_controller->step(worker))
        return false;
    m_history.append(worker);
    return true;
}

bool StepRun::giveUp(int worker)
{
    if (worker < 0 || worker >= m_scenario.workers.size() || !m_controller->giveUp(worker))
        return false;
    m_history.append(ScriptStep::giveUp(worker));
    return true;
}

int StepRun::longestWaiting() const
{
    return m_controller->longestWaiting();
}

bool StepRun::isDeadlocked() const
{
    return m_controller->isStalled();
}

bool StepRun::breakDeadlock()
{
    if (!m_controller->breakStall())
        return false;
    m_history.append(breakDeadlockStep);
    return true;
}

bool StepRun::isFinished() const
{
    return m_controller->allFinished();
}

QList<int> StepRun::history() const
{
    return m_history;
}

QList<int> StepRun::granted() const
{
    return m_controller->executed();
}

RunResult StepRun::snapshot() const
{
    RunResult result = m_execution->collect(m_controller->executed());
    addOpenWaits(&result);
    return result;
}

void StepRun::addOpenWaits(RunResult* result) const
{
    // A waiting worker's statement has no event yet (its worker records it when the reply comes): without these,
    // its lane would be empty for as long as it waits. They go after the recorded events, so the indexes the
    // outcome keeps (values, anomalies) stay valid; they are not part of the outcome's analysis.
    Trace& trace = result->trace;
    for (const StepController::InFlight& inFlight : m_controller->waiting()) {
        int step = 0;
        for (const TraceEvent& e : std::as_const(trace.events))
            if (e.kind == EventKind::Statement && e.worker == inFlight.worker)
                ++step;
        int sql = int(trace.statements.indexOf(inFlight.statement.sql));
        if (sql < 0) {
            sql = int(trace.statements.size());
            trace.statements.append(inFlight.statement.sql);
        }
        TraceEvent statement;
        statement.worker = inFlight.worker;
        statement.step = step;
        statement.startNs = inFlight.sentNs;
        statement.endNs = openEndNs;
        statement.statement = sql;
        statement.params = inFlight.statement.params;
        statement.access = inFlight.statement.access;
        TraceEvent wait;
        wait.kind = EventKind::LockWait;
        wait.worker = inFlight.worker;
        wait.step = step;
        wait.startNs = inFlight.waitNs;
        wait.endNs = openEndNs;
        wait.statement = sql;
        wait.blockers = m_execution->holders(inFlight.worker);
        trace.events.append(statement);
        trace.events.append(wait);
    }
}

RunResult StepRun::finish()
{
    m_controller->runScript({});
    m_execution->join();
    return m_execution->collect(m_controller->executed());
}

void StepRun::cancel()
{
    m_execution->cancel();
}

std::unique_ptr<StepRun> StepRun::replay(const Scenario& scenario, const QList<int>& history, QString* error)
{
    auto run = std::make_unique<StepRun>(scenario);
    if (!run->start(error))
        return nullptr;
    for (qsizetype i = 0; i < history.size(); ++i) {
        const bool ok = history[i] == breakDeadlockStep ? run->breakDeadlock()
            : ScriptStep::isGiveUp(history[i])          ? run->giveUp(ScriptStep::worker(history[i]))
                                                        : run->step(history[i]);
        if (!ok) {
            *error = u"replay diverged at step %1: the run is not in the state it was"_s.arg(i + 1);
            return nullptr;
        }
    }
    return run;
}

} // namespace interleave
