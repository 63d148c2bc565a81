// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "recipe.h"
#include "session.h"
#include "trace.h"

#include <functional>
#include <memory>

namespace interleave {

class Backend;

// One worker's thread body: opens its own session, runs its recipe with every statement passing the gate,
// and records its statements in its own trace buffer.
class Worker : public RecipeContext {
public:
    // Called with the session after it opens (nullptr before it closes), so the run can interrupt it.
    using SessionWatch = std::function<void(int worker, Session* session)>;

    Worker(int index, const WorkerSpec& spec, const TableSpec& table, Backend& backend, SessionContext context,
        SessionWatch watch, DjangoVersion django);

    void run(); // on the worker's own thread

    // Stress runs reuse one worker and one connection for many trials, all on the worker's own thread: open()
    // once, runTrial() once per trial (each starts with an empty trace), close() at the end. A worker whose
    // session did not open still takes part in every trial, with ConnectionLost as its result, as in run().
    bool open();
    void runTrial();
    void close();

    const TraceBuffer& trace() const { return m_trace; }
    // How much of what its statements returned one worker's trace keeps (a run's report is bounded by it).
    static constexpr qsizetype traceBytes = 2 * 1024 * 1024;
    const WorkerResult& result() const { return m_result; }

    // RecipeContext
    const WorkerSpec& worker() const override { return m_spec; }
    const TableSpec& table() const override { return m_table; }
    int workerNumber() const override { return m_index + 1; }
    QString beginSql() const override;
    BackendSpec::Kind dialect() const override;
    DjangoTarget django() const override;
    StatementResult exec(const Statement& statement) override;

private:
    WorkerResult runRecipe();

    const int m_index;
    const WorkerSpec& m_spec;
    const TableSpec& m_table;
    Backend& m_backend;
    SessionContext m_context;
    SessionWatch m_watch;
    const DjangoVersion m_django;
    std::unique_ptr<Session> m_session;
    TraceBuffer m_trace;
    WorkerResult m_result;
    int m_step = 0;
    qsizetype m_keptBytes = 0;
    QString m_openError; // why open() failed
};

} // namespace interleave
