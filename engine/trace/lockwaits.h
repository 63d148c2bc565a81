// SPDX-License-Identifier: MIT
#pragma once

#include "trace.h"

#include <QList>

namespace interleave {

// The lock waits of a trace, one per waiting statement however many LockWait events the backend reported for it,
// each with the statement every holder was running when it let the lock go. The timeline draws them as wait bars
// with arrows; the Chrome trace as flows from the waiter to the holder's statement.
class LockWaits {
public:
    struct Holder {
        int worker = -1;
        int event = -1; // the holder's Statement event that held or released the lock
        qint64 atNs = 0; // where an arrow to it lands: the moment the lock came free, inside that statement
    };

    struct Wait {
        int event = -1; // the first LockWait event of the statement
        int statementEvent = -1; // the Statement event that waited
        int worker = -1;
        qint64 startNs = 0; // when the first wait began
        qint64 endNs = 0; // when the last one ended; the trace's end for a wait a cancelled run left unfinished
        QList<int> blockers; // every worker named as holding the lock, in the order they were first named
        QList<Holder> holders; // the blockers that are other workers of the trace with a statement to point at
        QString note; // how the wait ended (the last LockWait event's note)
    };

    // In the order of their first LockWait event. Statements and waits of workers outside Trace::workers are left
    // out, as the timeline has no lane for them.
    static QList<Wait> of(const Trace& trace);

    // The statement of a holder (its Statement events in start order) that held the lock a wait from `startNs` to
    // `endNs` waited for: the one running when the lock came free (a COMMIT, or a statement whose error ended the
    // transaction); else the first COMMIT or ROLLBACK that ended during the wait (SQLite's busy handler notices a
    // free lock a little later); else the last one that began before the lock came free (the one that took it, when
    // the holder ran nothing during the wait). -1 when the holder began nothing before the wait ended.
    static int holderStatement(const Trace& trace, const QList<int>& holderStatements, qint64 startNs, qint64 endNs);

    // How a wait ended, from the error its statement returned: the one rule for every place a wait is shown (the
    // trace's note, hence the timeline, the log, the report, the Chrome trace). "lock acquired" only when the
    // statement went on; else its error, e.g. "deadlock victim (40P01)", "ended by 40001 serialization failure",
    // "ended by 1205 lock timeout", "cancelled (57014)".
    static QString endedBy(const DbError& error);
    // Whether a wait that ended with `error` ended because its holders let the lock go, so that what the waiter
    // got followed from what they did: the lock (no error), the row they committed (a unique violation), their
    // committed change (a serialization failure). Not a deadlock victim, a timeout, a cancel or a lost connection.
    static bool endedByRelease(const DbError& error);
    // A wait's note: how it ended, then what the server said (or would not say) about the holder, if anything.
    static QString note(const DbError& error, const QString& holderRemark);
    // The remark about the holder in a note written by note(), empty when there is none.
    static QString holderRemark(const QString& note) { return note.section(QStringLiteral("; "), 1); }
    // A wait in one line: "waits for A, B · deadlock victim (40P01)"; "waits for a lock · <note>" when the server
    // named no worker (the note says why).
    static QString label(const QStringList& workers, const QList<int>& blockers, const QString& note);
    // What the wait was for: "A", "A, B", or "a lock" when the server named no worker.
    static QString heldBy(const QStringList& workers, const QList<int>& blockers);
    static QString label(const QStringList& workers, const TraceEvent& wait)
    {
        return label(workers, wait.blockers, wait.note);
    }
};

} // namespace interleave
