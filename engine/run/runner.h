// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "scenario.h"
#include "trace.h"

#include <QStringList>
#include <atomic>
#include <memory>

namespace interleave {

struct BackendInfo {
    QString kind; // "sqlite"
    QString version; // "3.40.1"
    QStringList options; // "journal_mode=delete", "begin=deferred", "busy_timeout=5000ms"
    QString location; // SQLite: the database file, which exists while the run does
};

struct RunResult {
    Scenario scenario;
    BackendInfo backend;
    ScheduleSpec schedule; // as requested
    QStringList executed; // worker names in the order their statements were started: a script that replays it
    Trace trace;
    Outcome outcome;
    QString error; // set when the run could not start (setup failed); trace/outcome are then empty
    bool cancelled = false;
    qint64 wallNs = 0;

    bool ok() const { return error.isEmpty(); }
    // The run started but did not finish as the scenario asks: cancelled, or a worker or the final read lost the
    // server (Outcome::incomplete says why). Its trace holds what happened; it is never a pass.
    bool incomplete() const { return outcome.incomplete(); }
};

// Runs one scenario: sets up a fresh database, one thread and one connection per worker, the schedule's
// gate in front of every statement, then reads the final rows.
class Runner {
public:
    explicit Runner(Scenario scenario);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    RunResult run(); // blocks until every worker has finished
    void cancel(); // from any thread: interrupts running statements and lock waits; run() returns soon

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace interleave
