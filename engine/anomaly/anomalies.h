// SPDX-License-Identifier: MIT
#pragma once

#include "anomaly.h"
#include "history.h"
#include "isolationlevel.h"
#include "outcome.h"

namespace interleave {

// Finds and names the anomalies of a run: the direct serialization graph of its History (ww edges in each row's
// version order, wr edges from a version's writer to its readers, rw edges from a reader to the writer of the
// version that replaced what it read, predicate rw edges from a condition to the writer of a row it missed), its
// cycles classified as Adya does, the aborted and intermediate reads, and the lost updates. Twice: between the
// database's transactions, and between the workers' whole operations (the reads of an attempt the code gave up on
// after an error, and of an operation that failed, do not count there; a rolled-back write never does).
namespace Anomalies {

// Whether find() writes what a person reads (Anomaly::sentence and levelNote, Dependency::text), or only what a
// verdict counts (every other member, the same either way): a stress run judges every trial and reads the sentences
// of a few.
enum class Texts : quint8 { Written, Omitted };

QList<Anomaly> find(
    const Scenario& scenario, const Trace& trace, const QList<WorkerResult>& results, Texts texts = Texts::Written);
QList<Anomaly> find(const Scenario& scenario, const Trace& trace, const History& history,
    const QList<WorkerResult>& results, Texts texts = Texts::Written);

// Whether `level` on `kind`, as its definition promises (Adya's PL-1, PL-2, PL-2.99, PL-3; PostgreSQL's
// REPEATABLE READ is snapshot isolation; SQLite serializes), allows `anomaly`.
bool allowedBy(IsolationLevel level, BackendSpec::Kind kind, AnomalyKind anomaly);

} // namespace Anomalies

} // namespace interleave
