// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"

namespace interleave {

// Turns one cell's run into its CellOutcome, by rules that hold for any scenario (issue 18), in this order:
//   Failed             the run could not start, or did not finish (cancelled, a lost connection): `detail` says why;
//   Occurred           the run's anomalies, at the row's level of analysis, include the row's kind (an operation
//                      row also when its rows are duplicated): `detail` is the anomaly's name ("G-single");
//   PreventedByAbort   a statement failed with a serialization failure, a deadlock, or SQLite's busy ("40001",
//                      "deadlock (1213)", "database is locked", "1020");
//   PreventedByBlocking a session waited for another's lock ("T2 waits for T1");
//   Prevented          nobody waited and nobody failed: a snapshot, or reading only committed data.
namespace MatrixJudge {

MatrixCell judge(const MatrixRow& row, const RunResult& run);

// The error a cell is prevented by, as `detail` names it: "40001", "deadlock (1213)", "database is locked"; empty
// for an error that is not a serialization failure, a deadlock or SQLite's busy.
QString abortDetail(const DbError& error);

} // namespace MatrixJudge

} // namespace interleave
