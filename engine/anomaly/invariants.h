// SPDX-License-Identifier: MIT
#pragma once

#include "invariantcheck.h"
#include "outcome.h"
#include "scenario.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace interleave {

struct RunResult;

// Every check that applies to the run, in this order: at most one row per lookup (Outcome::groups, one check a
// group); each counter row (counter_read_modify_write, counter_atomic: the initial value plus the increments that
// reported success); each worker's result (a failure is a violation unless the worker's "expected_errors" lists it);
// each of the scenario's "expect". The expectations are judged as the run's database (scenario.backend.kind) judges
// a WHERE. A counter that lost an update tells it with the lost update among outcome.anomalies, when there is one.
QList<InvariantCheck> checkInvariants(const Scenario& scenario, const Outcome& outcome);
QList<InvariantCheck> checkInvariants(const RunResult& run);
// Green: every check held (true for no checks).
bool invariantsHeld(const QList<InvariantCheck>& checks);

} // namespace interleave
