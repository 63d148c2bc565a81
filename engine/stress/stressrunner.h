// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"
#include "stressdistribution.h"

#include <functional>
#include <memory>

namespace interleave {

struct StressOptions {
    qint64 trials = 1000;
    int workers = 0; // 0: the scenario's workers; K: K copies of its first worker, named A, B, ...
    int jitterUs = -1; // random pause before each statement; -1: the scenario's schedule.jitterUs
    int progressIntervalMs = 100; // how often the progress callback runs at most; 0: after every trial
};

// What a live view shows while a stress run goes on: a snapshot, safe to keep (examples are shared, immutable).
struct StressProgress {
    qint64 trialsRequested = 0;
    qint64 elapsedNs = 0;
    StressDistribution distribution;

    qint64 trialsDone() const { return distribution.trials(); }
    double trialsPerSecond() const;
};

struct StressResult {
    Scenario scenario; // as run: free schedule, the workers after StressOptions::workers
    BackendInfo backend;
    qint64 trialsRequested = 0;
    StressDistribution distribution; // the completed trials only
    qint64 wallNs = 0; // the whole run: set-up, every trial and every reset
    bool cancelled = false;
    QString error; // set when the run could not start
    QString unfinished; // set when it started but a later trial could not be read back (the server went away)

    bool ok() const { return error.isEmpty(); }
    qint64 trials() const { return distribution.trials(); }
    double trialsPerSecond() const;
    // Some trial showed a violation of one of `families` (checkfamily.h): by default any, e.g. more than one row for a
    // lookup, a lost update, a worker that failed, or an anomaly that turns its verdict red.
    bool violated(CheckFamilies families = ~CheckFamilies()) const
    {
        return (distribution.failedFamilies() & families).toInt() != 0;
    }
    // Cancelled, stopped after it started, or some trial lost a worker: never a pass.
    bool incomplete() const { return cancelled || !unfinished.isEmpty() || distribution.incompleteTrials() > 0; }
};

// Runs one scenario's free schedule many times ("stress", DESIGN.md): one thread and one connection per worker,
// created once and reused; between trials the table is read and reset on a connection of its own while the
// workers wait at a barrier, which then releases them together. Memory does not grow with the trials: each
// worker's trace holds one trial, and only the first trial of each outcome class is kept whole.
class StressRunner {
public:
    using ProgressCallback = std::function<void(const StressProgress&)>;

    StressRunner(Scenario scenario, StressOptions options);
    ~StressRunner();
    StressRunner(const StressRunner&) = delete;
    StressRunner& operator=(const StressRunner&) = delete;

    // Called on run()'s thread every progressIntervalMs at most, and once at the end. Set before run().
    void setProgressCallback(ProgressCallback callback);
    StressResult run(); // blocks until the trials are done or cancelled
    void cancel(); // from any thread: stops at once; the trial in flight is not counted
    qint64 trialsDone() const; // from any thread

    // `scenario` with `workers` copies of its first worker, named A, B, ..., Z, AA, AB, ...
    static Scenario withWorkers(const Scenario& scenario, int workers);
    static constexpr int maxWorkers = 64; // Scenario's own limit

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace interleave
