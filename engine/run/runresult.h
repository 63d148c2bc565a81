// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "scenario.h"
#include "trace.h"

#include <QStringList>

namespace interleave {

struct BackendInfo {
    QString kind; // "sqlite"
    QString version; // "3.40.1"
    QStringList options; // "journal_mode=delete", "begin=deferred", "busy_timeout=5000ms"
    QString location; // SQLite: the database file, which exists while the run does

    // "sqlite 3.40.1": the run's database as the report, the trace and the window name it; the kind alone when the
    // version is unknown.
    QString label() const { return label(kind); }
    // The same with another name for the database: "SQLite 3.40.1" (BackendSpec::displayName) for people.
    QString label(const QString& name) const { return version.isEmpty() ? name : name + u' ' + version; }
};

// One run as it happened: what ran (the scenario, the database, the schedule), its trace and its outcome. Runner,
// StepRun, the explorer and the stress runner produce it; the report, the trace export and the window read it.
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

} // namespace interleave
