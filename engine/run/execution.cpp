// SPDX-License-Identifier: MIT
#include "execution.h"

#include "anomalies.h"
#include "backend.h"
#include "gate.h"
#include "invariants.h"
#include "scriptstep.h"
#include "serversockets.h"
#include "worker.h"

using namespace Qt::StringLiterals;

namespace interleave {

Execution::Execution(const Scenario& scenario, std::unique_ptr<Gate> gate)
    : m_scenario(scenario)
    , m_gate(std::move(gate))
    , m_sockets(std::make_shared<SocketGroup>())
    , m_board(int(scenario.workers.size()))
    , m_sessions(std::size_t(scenario.workers.size()), nullptr)
{
}

Execution::~Execution()
{
    if (!m_threads.empty()) {
        cancel();
        join();
    }
}

bool Execution::setUp(QString* error)
{
    m_backend = Backend::prepare(m_scenario, error, m_sockets);
    if (!m_backend)
        return false;
    m_gate->setLockProbe(m_backend->lockProbe());
    m_info = m_backend->info();
    return true;
}

void Execution::start()
{
    auto watch = [this](int worker, Session* session) {
        std::lock_guard lock(m_mutex);
        m_sessions[std::size_t(worker)] = session;
        if (session && m_cancelled)
            session->interrupt();
    };
    // The clock starts with the threads.
    m_clock = RunClock();
    for (int i = 0; i < int(m_scenario.workers.size()); ++i)
        m_workers.push_back(std::make_unique<Worker>(i, m_scenario.workers[i], m_scenario.table, *m_backend,
            SessionContext { i, m_gate.get(), &m_clock, &m_board }, watch,
            m_scenario.djangoFor(m_scenario.workers[i])));
    // Plain threads rather than QThread: a worker needs no event loop, and every synchronisation a run relies
    // on stays visible to ThreadSanitizer. (Qt SQL drivers accept such threads too; Qt adopts them.)
    for (auto& worker : m_workers)
        m_threads.emplace_back([w = worker.get()] { w->run(); });
}

void Execution::join()
{
    for (auto& thread : m_threads)
        thread.join();
    m_threads.clear();
}

void Execution::cancel()
{
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_gate->cancel();
    for (Session* session : m_sessions)
        if (session)
            session->interrupt();
    m_sockets->stop();
}

QList<int> Execution::holders(int worker) const
{
    if (LockProbe* probe = m_backend ? m_backend->lockProbe() : nullptr)
        return probe->blockers(worker);
    return m_board.holders(worker);
}

bool Execution::isCancelled() const
{
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

void Execution::collectWorkers(
    const std::vector<std::unique_ptr<Worker>>& workers, const QList<int>& granted, RunResult* result)
{
    QStringList names;
    std::vector<const TraceBuffer*> buffers;
    result->outcome.results.clear();
    for (std::size_t i = 0; i < workers.size(); ++i) {
        names.append(result->scenario.workers[qsizetype(i)].name);
        buffers.push_back(&workers[i]->trace());
        result->outcome.results.append(workers[i]->result());
    }
    result->outcome.workers = names;
    result->trace = TraceBuffer::merge(names, buffers);
    result->executed.clear();
    for (const int step : granted)
        result->executed.append(ScriptStep::text(step, names));
    for (const TraceEvent& e : std::as_const(result->trace.events)) {
        if (e.kind != EventKind::Statement)
            continue;
        if (granted.isEmpty())
            result->executed.append(names.at(e.worker));
        if (e.error.isError() || statementVerb(result->trace.sql(e)) != u"INSERT"_s)
            continue;
        for (const qint64 id : e.insertedIds())
            result->outcome.insertedBy.insert(id, e.worker);
    }
}

RunResult Execution::collect(const QList<int>& executed) const
{
    RunResult result;
    result.scenario = m_scenario;
    result.schedule = m_scenario.schedule;
    result.backend = m_info;
    result.wallNs = m_clock.nowNs();
    result.cancelled = isCancelled();
    collectWorkers(m_workers, executed, &result);
    if (result.cancelled)
        result.outcome.unfinished = u"the run was stopped before its end"_s;
    QString error;
    if (!m_backend || !m_backend->readRows(m_scenario.table, &result.outcome.columns, &result.outcome.rows, &error)) {
        // What ran is kept: the trace and the results say how far the run got.
        const QString failed = u"reading the final rows failed: "_s + error;
        result.outcome.unfinished =
            result.outcome.unfinished.isEmpty() ? failed : result.outcome.unfinished + u"; "_s + failed;
        return result;
    }
    result.outcome.initialRows = int(m_scenario.table.rows.size());
    result.outcome.groups =
        Outcome::groupRows(result.outcome.columns, result.outcome.rows, m_scenario.workers, m_scenario.backend.kind);
    // One History for the anomalies and the timeline's values (a stress trial makes neither values nor this one).
    const History history = History::of(m_scenario, result.trace);
    result.outcome.anomalies = Anomalies::find(m_scenario, result.trace, history, result.outcome.results);
    result.outcome.values = StatementValues::of(m_scenario, result.trace, history);
    result.outcome.transactions = TransactionStates::of(m_scenario, result.trace);
    result.outcome.invariants = checkInvariants(m_scenario, result.outcome);
    return result;
}

} // namespace interleave
