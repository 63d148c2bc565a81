// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "trace.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace interleave {

// One version of one row: the values a statement left in it.
struct RowVersion {
    qint64 row = 0; // the row's id (a negative id: an inserted row whose id the database did not say)
    int transaction = -1; // index into History::transactions; -1 for an initial row
    int event = -1; // the statement that wrote it; -1 for an initial row
    QVariantMap values; // every column and "id", after the write
    bool deleted = false; // a DELETE's version: the row is gone
    bool installed = false; // committed, and its transaction's last write of the row (Adya's installed version)
    bool aborted = false; // its transaction, or the savepoint it was written after, rolled back
    bool fromBase = false; // the database computed it from the version it replaced (c = c + 1), losing nothing
};

// One database transaction of one worker: BEGIN ... COMMIT, or one statement in autocommit.
struct HistoryTransaction {
    enum class End : quint8 { Committed, RolledBack, Open };
    int worker = -1;
    QList<int> events; // its statement events, in the worker's order
    End end = End::Open;
    bool autocommit = false; // one statement outside BEGIN ... COMMIT
};

// What one statement observed of one row.
struct RowRead {
    int event = -1;
    qint64 row = 0;
    int version = -1; // index into History::versions; -1: the row did not exist for it (not yet inserted)
    bool returned = false; // the row was in the statement's result; false: its condition missed the row
    // The write that replaced what it observed changed whether its condition selects the row: a predicate
    // anti-dependency (a row inserted into or moved out of what a condition selected), not an item one.
    bool predicate = false;
    // The version that replaced what it observed, as far as the read is concerned: the next installed version for a
    // row it returned; for a row its condition missed, the first later installed version its condition selects
    // (an INSERT or UPDATE that would have put the row in its result). -1 when none did.
    int overwrittenBy = -1;
};

// The row versions each statement of a run read and wrote, worked out from what each statement was for
// (RowAccess) and what it returned, replayed in the order the events took effect (CausalOrder): an UPDATE writes
// on the version it finds (its transaction's own, else the latest committed: it waited for the lock of anyone
// else's), a read observed the version whose values it returned (its own, a committed one, or another's
// uncommitted: a dirty read). The version order of a row is the order its writers committed. What cannot be known
// (a statement of a form LiteralAccess does not read, rows a run did not keep) is said in `unknowns`.
class History {
public:
    static History of(const Scenario& scenario, const Trace& trace);

    QList<RowVersion> versions;
    QHash<qint64, QList<int>> versionOrder; // row -> its installed versions, first to last (the initial one first)
    QList<HistoryTransaction> transactions;
    QList<RowRead> reads;
    QHash<int, QList<int>> writesOf; // statement event -> the versions it wrote
    QHash<int, QList<int>> readsOf; // statement event -> indexes into `reads` of the rows it returned
    QHash<int, int> transactionOf; // statement event -> its transaction
    // statement event -> the worker's attempt it belongs to: a recipe's new attempt begins after each error its code
    // went on from (get_or_create's re-get after the IntegrityError), even inside one transaction
    QHash<int, int> attemptOf;
    QStringList unknowns; // "B's statement 3 (UPDATE post SET ... ): a join", one per statement

    // The version that followed `version` in its row's version order, or -1.
    int nextInstalled(int version) const;
    // "likes = 0": the columns `columns` names, in its order (or every column but id when empty), for sentences and
    // boxes; empty when the row has none of them.
    QString valuesText(int version, const QStringList& columns = {}) const;
};

} // namespace interleave
