// SPDX-License-Identifier: MIT
#include "stressrunner.h"

#include "anomalies.h"
#include "backend.h"
#include "execution.h"
#include "freescheduler.h"
#include "invariants.h"
#include "serversockets.h"
#include "trialtable.h"
#include "worker.h"

#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

double perSecond(qint64 trials, qint64 ns)
{
    return ns > 0 ? double(trials) * 1e9 / double(ns) : 0.0;
}

QString workerName(int index)
{
    // A..Z, then AA, AB, ... like spreadsheet columns.
    QString name;
    for (int n = index + 1; n > 0; n = (n - 1) / 26)
        name.prepend(QChar(u'A' + (n - 1) % 26));
    return name;
}

} // namespace

double StressProgress::trialsPerSecond() const
{
    return perSecond(distribution.trials(), elapsedNs);
}

double StressResult::trialsPerSecond() const
{
    return perSecond(distribution.trials(), wallNs);
}

struct StressRunner::Private {
    Scenario scenario;
    StressOptions options;
    ProgressCallback progress;
    std::atomic<qint64> trialsDone { 0 };
    std::atomic<bool> cancelled { false };
    std::mutex mutex; // guards gate and sessions against cancel() from another thread
    Gate* gate = nullptr;
    std::vector<Session*> sessions;
    // The run's server connections, the trial table's included: Stop reaches the set-up and every round trip.
    const std::shared_ptr<SocketGroup> sockets = std::make_shared<SocketGroup>();

    // The first trial of a class, whole: what Runner would have returned for it. `trial`: its workers as
    // Execution::collectWorkers left them.
    std::shared_ptr<const RunResult> example(
        const BackendInfo& backend, RunResult trial, Outcome outcome, qint64 wallNs) const;
};

StressRunner::StressRunner(Scenario scenario, StressOptions options)
    : d(std::make_unique<Private>())
{
    if (options.workers > 0 && options.workers <= maxWorkers && !scenario.workers.isEmpty())
        scenario = withWorkers(scenario, options.workers);
    if (options.jitterUs >= 0)
        scenario.schedule.jitterUs = options.jitterUs;
    scenario.schedule.mode = ScheduleSpec::Mode::Free;
    scenario.schedule.script.clear();
    d->scenario = std::move(scenario);
    d->options = options;
}

StressRunner::~StressRunner() = default;

Scenario StressRunner::withWorkers(const Scenario& scenario, int workers)
{
    Scenario s = scenario;
    s.workers.clear();
    for (int i = 0; i < workers; ++i) {
        WorkerSpec w = scenario.workers.value(0);
        w.name = workerName(i);
        s.workers.append(w);
    }
    return s;
}

void StressRunner::setProgressCallback(ProgressCallback callback)
{
    d->progress = std::move(callback);
}

qint64 StressRunner::trialsDone() const
{
    return d->trialsDone.load();
}

void StressRunner::cancel()
{
    std::lock_guard lock(d->mutex);
    d->cancelled.store(true);
    if (d->gate)
        d->gate->cancel();
    for (Session* session : d->sessions)
        if (session)
            session->interrupt();
    d->sockets->stop();
}

std::shared_ptr<const RunResult> StressRunner::Private::example(
    const BackendInfo& backend, RunResult trial, Outcome outcome, qint64 wallNs) const
{
    auto r = std::make_shared<RunResult>(std::move(trial));
    r->scenario = scenario;
    r->backend = backend;
    r->schedule = scenario.schedule;
    r->wallNs = wallNs;
    r->outcome = std::move(outcome);
    return r;
}

StressResult StressRunner::run()
{
    const RunClock runClock;
    const Scenario& s = d->scenario;
    const int n = int(s.workers.size());
    StressResult result;
    result.scenario = s;
    result.trialsRequested = d->options.trials;
    const QList<DuplicateGroup> lookups = Outcome::groupRows({}, {}, s.workers);
    QStringList lookupTexts;
    for (const DuplicateGroup& g : lookups)
        lookupTexts.append(g.lookupText);
    StressDistribution distribution(lookupTexts);
    auto finish = [&](QString error) {
        result.error = std::move(error);
        result.distribution = distribution;
        result.wallNs = runClock.nowNs();
        result.cancelled = d->cancelled.load();
        return result;
    };

    if (d->options.workers < 0 || d->options.workers > maxWorkers)
        return finish(
            u"the number of workers must be between 1 and %1, not %2"_s.arg(maxWorkers).arg(d->options.workers));
    if (n == 0)
        return finish(u"the scenario has no workers"_s);
    if (d->options.trials < 0)
        return finish(u"the number of trials cannot be negative"_s);
    QString error;
    std::unique_ptr<Backend> backend = Backend::prepare(s, &error, d->sockets);
    if (!backend)
        return finish(error);
    result.backend = backend->info();
    TrialTable table(s, *backend);
    if (!table.open(&error))
        return finish(error);

    FreeScheduler gate(n, s.schedule.jitterUs);
    {
        std::lock_guard lock(d->mutex);
        d->gate = &gate;
        d->sessions.assign(std::size_t(n), nullptr);
        if (d->cancelled.load())
            gate.cancel();
    }
    // Each trial's clock starts when the workers are released. Only this thread sets it, between trials, when no
    // worker reads it: the workers' last reads come before trialDone(), ordered by the barrier's mutex.
    RunClock trialClock;
    TransactionBoard board(n);
    auto watch = [this](int worker, Session* session) {
        std::lock_guard lock(d->mutex);
        d->sessions[std::size_t(worker)] = session;
        if (session && d->cancelled.load())
            session->interrupt();
    };
    std::vector<std::unique_ptr<Worker>> workers;
    workers.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i)
        workers.push_back(std::make_unique<Worker>(i, s.workers[i], s.table, *backend,
            SessionContext { i, &gate, &trialClock, &board }, watch, s.djangoFor(s.workers[i])));
    // Plain threads, as in Runner: no event loop needed, and TSan sees every synchronisation.
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&gate, i, w = workers[std::size_t(i)].get()] {
            w->open();
            while (gate.awaitTrial(i)) {
                w->runTrial();
                gate.trialDone(i);
            }
            w->close();
        });
    }

    const auto interval = std::chrono::milliseconds(d->options.progressIntervalMs);
    auto lastProgress = std::chrono::steady_clock::now();
    auto report = [&] {
        if (d->progress)
            d->progress(StressProgress { d->options.trials, runClock.nowNs(), distribution });
    };
    gate.waitUntilReady(); // the first trial, too, starts with every connection open
    QString failure;
    QList<WorkerResult> results;
    QList<int> rowsPerLookup;
    for (qint64 t = 0; t < d->options.trials && !d->cancelled.load(); ++t) {
        trialClock.start = std::chrono::steady_clock::now();
        gate.startTrial();
        if (!gate.waitForTrialEnd())
            break; // cancelled: the workers may still be finishing this trial
        const qint64 trialNs = trialClock.nowNs();

        Outcome outcome;
        if (!table.takeRows(&outcome.columns, &outcome.rows, &error)) {
            // After a cancel this trial does not count anyway, and the reset may have been the round trip Stop
            // abandoned: no failure of the run.
            if (!d->cancelled.load())
                failure = u"reading and resetting the table after trial %1 failed: %2"_s.arg(t + 1).arg(error);
            break;
        }
        outcome.initialRows = int(s.table.rows.size());
        outcome.groups = Outcome::groupRows(outcome.columns, outcome.rows, s.workers, s.backend.kind);
        results.clear();
        for (const auto& w : workers)
            results.append(w->result());
        rowsPerLookup.clear();
        for (const DuplicateGroup& g : std::as_const(outcome.groups))
            rowsPerLookup.append(int(g.ids.size()));
        // The trial is judged as a single run is: its anomalies, from its merged trace, and its invariants.
        RunResult trial;
        trial.scenario = s;
        Execution::collectWorkers(workers, {}, &trial);
        outcome.results = results;
        outcome.workers = trial.outcome.workers;
        outcome.insertedBy = trial.outcome.insertedBy;
        // The families need only the kinds and whether each check held; the sentences are written for the trial a
        // new class keeps.
        const History history = History::of(s, trial.trace);
        outcome.anomalies = Anomalies::find(s, trial.trace, history, results, Anomalies::Texts::Omitted);
        outcome.invariants = checkInvariants(s, outcome);
        QList<AnomalyKind> anomalies;
        for (const Anomaly& a : std::as_const(outcome.anomalies))
            if (a.violates())
                anomalies.append(a.kind);
        bool isNew = false;
        const int cls = distribution.add(rowsPerLookup, results, &isNew, anomalies, violations(outcome));
        if (isNew) {
            outcome.anomalies = Anomalies::find(s, trial.trace, history, results);
            outcome.invariants = checkInvariants(s, outcome);
            distribution.setExample(cls, d->example(result.backend, std::move(trial), std::move(outcome), trialNs));
        }
        d->trialsDone.store(t + 1);

        if (d->progress) {
            const auto now = std::chrono::steady_clock::now();
            if (now - lastProgress >= interval) {
                lastProgress = now;
                report();
            }
        }
    }
    gate.endTrials();
    for (auto& thread : threads)
        thread.join();
    {
        std::lock_guard lock(d->mutex);
        d->gate = nullptr;
    }
    report();
    result.unfinished = failure;
    return finish({});
}

} // namespace interleave
