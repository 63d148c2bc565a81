// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"

#include <QFlags>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// The families of violations a run can show, as `--check=LIST` names them. One rule (violations()) says which a
// run shows; a single run, each stress trial and each explored schedule are judged by it.
enum class CheckFamily : quint8 {
    Duplicates = 1, // a lookup ended with more than one row
    LostUpdates = 2, // a counter lost an increment, or a violating lost update
    Anomalies = 4, // an anomaly the level or the code did not allow (Anomaly::violates)
    Errors = 8, // a worker did not finish as its recipe intends, and its expected_errors does not list why
    Expectations = 16, // one of the scenario's "expect" did not hold
};
Q_DECLARE_FLAGS(CheckFamilies, CheckFamily)
Q_DECLARE_OPERATORS_FOR_FLAGS(CheckFamilies)

namespace CheckFamilyNames {
const QList<CheckFamily>& all(); // in the order above
QString name(CheckFamily family); // "duplicates", "lost-updates", "anomalies", "errors", "expectations"
QStringList names(CheckFamilies families = ~CheckFamilies()); // those of `families`, in the order above
std::optional<CheckFamily> fromName(const QString& name);
// "a lookup ended with duplicates", "a counter lost an update", ...: what one trial or schedule showed.
QString sentence(CheckFamily family);
} // namespace CheckFamilyNames

// The families `outcome` violates: its failed invariants (InvariantCheck::kindName's family), its violating
// anomalies (and a violating lost update is a lost update too). A worker that could not finish (ConnectionLost,
// Timeout) makes the run incomplete, not a violation: its failed result check counts in no family.
CheckFamilies violations(const Outcome& outcome);

} // namespace interleave
