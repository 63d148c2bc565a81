// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"

#include <QList>
#include <QString>

namespace interleave {

// One sentence of the story of a run.
struct NarrationLine {
    enum class Tone : quint8 {
        Plain, // a statement that did what it was meant to
        Good, // a row created or got, a commit that makes a row visible
        Bad, // an error, a failed request, a duplicate
        Wait, // a lock wait
    };
    QString text;
    int worker = -1; // -1: the whole run (the outcome)
    int event = -1; // index into Trace::events; -1 for a worker's result, the outcome, or a live wait
    Tone tone = Tone::Plain;
    friend bool operator==(const NarrationLine&, const NarrationLine&) = default;
};

// Tells a run in plain words, one sentence per meaningful event: "B's SELECT found no row: A has not committed its
// INSERT yet". It knows what each statement means in its worker's recipe (the get of get_or_create and the re-get
// after an IntegrityError, the savepoints of an atomic block, table and advisory locks) and reads what a
// statement could not see from the trace itself: an INSERT that ended before a SELECT began but whose COMMIT came
// after it was not committed yet. A function of the trace, so a finished run and a run stepped by hand are told
// the same way.
class Narration {
public:
    // `finished`: which workers have finished (their result is told); empty means all of them, and the outcome is
    // told at the end.
    static QList<NarrationLine> tell(const RunResult& run, const QList<bool>& finished = {});
    static QList<NarrationLine> tell(
        const Scenario& scenario, const Trace& trace, const Outcome& outcome, const QList<bool>& finished = {});
    // A wait that has not ended yet, as a step-by-step run sees it: "B waits for A's lock".
    // `why`: when no holder is named, what the server said instead (LockWaits::holderRemark of the wait's note).
    static NarrationLine waiting(
        const QStringList& workers, int worker, const QList<int>& holders, const QString& why = QString());
};

} // namespace interleave
