// SPDX-License-Identifier: MIT
#include "runner.h"

#include "backend.h"
#include "freescheduler.h"
#include "stepcontroller.h"
#include "worker.h"

#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace interleave {

struct Runner::Private {
    Scenario scenario;
    std::atomic<bool> cancelled { false };
    std::mutex mutex; // guards gate and sessions against cancel() from another thread
    Gate* gate = nullptr;
    std::vector<Session*> sessions;
};

Runner::Runner(Scenario scenario)
    : d(std::make_unique<Private>())
{
    d->scenario = std::move(scenario);
}

Runner::~Runner() = default;

void Runner::cancel()
{
    std::lock_guard lock(d->mutex);
    d->cancelled.store(true);
    if (d->gate)
        d->gate->cancel();
    for (Session* session : d->sessions)
        if (session)
            session->interrupt();
}

RunResult Runner::run()
{
    const Scenario& s = d->scenario;
    RunResult result;
    result.scenario = s;
    result.schedule = s.schedule;
    const int n = int(s.workers.size());

    std::unique_ptr<Backend> backend = Backend::create(s.backend);
    if (!backend) {
        result.error = u"the %1 backend is not available in this version"_s.arg(BackendSpec::kindName(s.backend.kind));
        return result;
    }
    QString error;
    if (!backend->setUp(s.table, &error)) {
        result.error = u"setting up table \"%1\" failed: %2"_s.arg(s.table.name, error);
        return result;
    }
    result.backend = backend->info();

    std::unique_ptr<Gate> gate;
    StepController* controller = nullptr;
    if (s.schedule.mode == ScheduleSpec::Mode::Script) {
        auto c = std::make_unique<StepController>(n);
        controller = c.get();
        gate = std::move(c);
    } else {
        gate = std::make_unique<FreeScheduler>(n, s.schedule.jitterUs);
    }
    {
        std::lock_guard lock(d->mutex);
        d->gate = gate.get();
        d->sessions.assign(std::size_t(n), nullptr);
        if (d->cancelled.load())
            gate->cancel();
    }

    const RunClock clock;
    TransactionBoard board(n);
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<std::thread> threads;
    auto watch = [this](int worker, Session* session) {
        std::lock_guard lock(d->mutex);
        d->sessions[std::size_t(worker)] = session;
        if (session && d->cancelled.load())
            session->interrupt();
    };
    for (int i = 0; i < n; ++i) {
        workers.push_back(std::make_unique<Worker>(
            i, s.workers[i], s.table, *backend, SessionContext { i, gate.get(), &clock, &board }, watch));
    }
    // Plain threads rather than QThread: a worker needs no event loop, and every synchronisation the run relies
    // on stays visible to ThreadSanitizer. (Qt SQL drivers accept such threads too; Qt adopts them.)
    for (auto& worker : workers)
        threads.emplace_back([w = worker.get()] { w->run(); });
    if (controller) {
        QList<int> steps;
        for (const QString& name : s.schedule.script)
            steps.append(s.workerIndex(name));
        controller->runScript(steps);
    }
    for (auto& thread : threads)
        thread.join();
    {
        std::lock_guard lock(d->mutex);
        d->gate = nullptr;
    }
    result.wallNs = clock.nowNs();
    result.cancelled = d->cancelled.load();

    QStringList names;
    std::vector<const TraceBuffer*> buffers;
    for (int i = 0; i < n; ++i) {
        names.append(s.workers[i].name);
        buffers.push_back(&workers[std::size_t(i)]->trace());
        result.outcome.results.append(workers[std::size_t(i)]->result());
    }
    result.trace = TraceBuffer::merge(names, buffers);
    if (controller) {
        for (const int w : controller->executed())
            result.executed.append(names.at(w));
    } else {
        for (const TraceEvent& e : std::as_const(result.trace.events))
            if (e.kind == EventKind::Statement)
                result.executed.append(names.at(e.worker));
    }
    for (const TraceEvent& e : std::as_const(result.trace.events))
        if (e.kind == EventKind::Statement && !e.error.isError() && e.insertId.isValid())
            result.outcome.insertedBy.insert(e.insertId.toLongLong(), e.worker);

    if (!backend->readRows(s.table, &result.outcome.columns, &result.outcome.rows, &error)) {
        result.error = u"reading the final rows failed: "_s + error;
        return result;
    }
    result.outcome.groups = Outcome::groupRows(result.outcome.columns, result.outcome.rows, s.workers);
    return result;
}

} // namespace interleave
