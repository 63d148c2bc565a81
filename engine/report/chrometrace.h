// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"

#include <QJsonObject>
#include <QString>

namespace interleave {

// One run in Chrome's Trace Event Format (its JSON object form), which Perfetto (ui.perfetto.dev) and chrome://tracing
// open: the scenario is process 1 and worker i its thread i + 1, in the scenario's order; every statement is a
// complete event with its SQL, parameters, rows and error; an error is also an instant event at the moment the
// statement failed; a lock wait is a complete event inside its statement with a flow arrow to the statement of each
// holder that let the lock go (LockWaits); each worker's result is an instant event where its lane ends. Times are
// microseconds from the run's start, with the nanoseconds kept as fractions.
class ChromeTrace {
public:
    static QJsonObject toJson(const RunResult& result);
    // Writes toJson(result) to `path`, replacing the file only once all of it is written. false with *error, which
    // names the file.
    static bool write(const RunResult& result, const QString& path, QString* error);
    // A statement's name on the trace: its verb and table ("SELECT race", "INSERT race"), or the verb alone
    // ("BEGIN", "COMMIT") when it names no table.
    static QString label(const QString& sql);
};

} // namespace interleave
