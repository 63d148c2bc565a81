// SPDX-License-Identifier: MIT
#include "worker.h"

#include "backend.h"
#include "gate.h"

using namespace Qt::StringLiterals;

namespace interleave {

Worker::Worker(int index, const WorkerSpec& spec, const TableSpec& table, Backend& backend, SessionContext context,
    SessionWatch watch, DjangoVersion django)
    : m_index(index)
    , m_spec(spec)
    , m_table(table)
    , m_backend(backend)
    , m_context(context)
    , m_watch(std::move(watch))
    , m_django(django)
{
}

QString Worker::beginSql() const
{
    return m_session ? m_session->beginSql() : u"BEGIN"_s;
}

BackendSpec::Kind Worker::dialect() const
{
    return m_backend.kind();
}

DjangoTarget Worker::django() const
{
    return DjangoTarget::forDatabase(m_backend.kind(), m_django, m_backend.info().version);
}

void Worker::run()
{
    QString error;
    m_session = m_backend.open(m_context, &error);
    m_context.gate->workerStarted(m_index);
    if (!m_session) {
        m_result = { ResultKind::ConnectionLost, u"cannot connect: "_s + error, {}, false };
    } else {
        m_watch(m_index, m_session.get());
        m_result = runRecipe();
        m_watch(m_index, nullptr);
        m_session.reset(); // closing the connection releases whatever it still held
    }
    m_context.gate->workerFinished(m_index);
}

WorkerResult Worker::runRecipe()
{
    const Recipe* recipe = Recipe::find(m_spec.recipe);
    WorkerResult result = recipe ? recipe->run(*this)
                                 : WorkerResult { ResultKind::Error, u"unknown recipe "_s + m_spec.recipe, {}, false };
    // A failure in a cancelled run is the cancel's doing, unless the worker lost its connection: a server that did
    // not answer even the cancel (Timeout) is named as such.
    if (m_context.gate->isCancelled() && result.isFailure() && !result.isIncomplete())
        result = { ResultKind::Error, u"cancelled"_s, {}, false };
    return result;
}

bool Worker::open()
{
    m_session = m_backend.open(m_context, &m_openError);
    if (m_session)
        m_watch(m_index, m_session.get());
    return bool(m_session);
}

void Worker::runTrial()
{
    // Only this trial's events: the buffer is emptied (its vector keeps its capacity), so memory stays flat.
    m_trace.clear();
    m_step = 0;
    m_keptBytes = 0;
    m_result = m_session ? runRecipe()
                         : WorkerResult { ResultKind::ConnectionLost, u"cannot connect: "_s + m_openError, {}, false };
}

void Worker::close()
{
    if (!m_session)
        return;
    m_watch(m_index, nullptr);
    m_session.reset();
}

StatementResult Worker::exec(const Statement& statement)
{
    StatementResult result;
    if (!m_context.gate->beforeStatement(m_index, statement)) {
        result.error = { ErrorClass::Interrupted, 0, {}, u"cancelled"_s };
        return result;
    }
    LockWait wait;
    const qint64 start = m_context.clock->nowNs();
    result = m_session->exec(statement, &wait);
    const qint64 end = m_context.clock->nowNs();

    TraceEvent event;
    event.worker = m_index;
    event.step = m_step++;
    event.startNs = start;
    event.endNs = end;
    event.params = statement.params;
    event.access = statement.access;
    event.columns = result.columns;
    event.rows = result.rows;
    event.rowsDropped = result.rowsDropped;
    // The worker's whole trace keeps at most traceBytes of returned values: past that, events keep only counts.
    for (const Row& row : std::as_const(event.rows))
        for (const QVariant& value : row)
            m_keptBytes += RowCollector::sizeOf(value);
    if (m_keptBytes > traceBytes) {
        event.rowsDropped += event.rows.size();
        event.rows.clear();
    }
    event.rowsAffected = result.rowsAffected;
    event.insertId = result.insertId;
    event.error = result.error;
    const int step = event.step;
    m_trace.append(std::move(event), statement.sql);
    if (wait.happened) {
        TraceEvent waitEvent;
        waitEvent.kind = EventKind::LockWait;
        waitEvent.worker = m_index;
        waitEvent.step = step;
        waitEvent.startNs = wait.startNs;
        waitEvent.endNs = wait.endNs;
        waitEvent.blockers = wait.blockers;
        waitEvent.note = wait.note;
        m_trace.append(std::move(waitEvent), statement.sql);
    }
    m_context.gate->afterStatement(m_index);
    return result;
}

} // namespace interleave
