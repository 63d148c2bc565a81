// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "scenario.h"
#include "trace.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace interleave {

struct RunResult;

// One thing a finished run must show, checked on its final rows, its workers' results and (for the words) its
// trace: whether it held, and why in one sentence a teacher can read aloud.
struct InvariantCheck {
    // The families, named as --check names them: duplicates, lost-updates, errors, expectations.
    enum class Kind { Duplicates, Counter, WorkerResult, Expectation };

    Kind kind = Kind::Duplicates;
    QString name; // what is checked: "at most one row for user_id='u1'", "B finishes as its recipe intends"
    bool held = true;
    QString sentence; // "lost update: A and B both read likes = 0 and both wrote likes = 1; ..."
    int worker = -1; // WorkerResult: the worker's index
    QVariantList rowIds; // the rows it is about: a duplicate group, the counter's row, an expectation's rows

    static QString kindName(Kind kind); // "duplicates", "lost-updates", "errors", "expectations"
    QString kindName() const { return kindName(kind); }
};

// Every check that applies to the run, in this order: at most one row per lookup (Outcome::groups, one check a
// group); each counter row (counter_read_modify_write, counter_atomic: the initial value plus the increments that
// reported success); each worker's result (a failure is a violation unless the worker's "expected_errors" lists it);
// each of the scenario's "expect". The expectations are judged as the run's database (scenario.backend.kind) judges
// a WHERE. `trace` only adds what the counters' workers read and wrote to their sentences; an empty one will do.
QList<InvariantCheck> checkInvariants(const Scenario& scenario, const Outcome& outcome, const Trace& trace = {});
QList<InvariantCheck> checkInvariants(const RunResult& run);
// Green: every check held (true for no checks).
bool invariantsHeld(const QList<InvariantCheck>& checks);

} // namespace interleave
