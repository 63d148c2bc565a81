// SPDX-License-Identifier: MIT
#pragma once

#include "anomaly.h"
#include "invariantcheck.h"
#include "scenario.h"
#include "statement.h"
#include "statementvalues.h"
#include "transactionstates.h"

#include <QHash>
#include <QList>

namespace interleave {

// DESIGN.md's result names, in its order.
enum class ResultKind : quint8 {
    Created,
    Got,
    Updated, // update_or_create and the counters changed an existing row
    Completed, // the sql recipe ran every statement and every expectation held
    IntegrityError,
    MultipleObjectsReturned,
    DoesNotExist,
    Deadlock,
    SerializationFailure,
    LockTimeout,
    Busy,
    ConnectionLost,
    Timeout, // the server did not answer in time: the worker gave up its connection
    Unexpected, // the sql recipe: a statement returned other rows than its "expect"
    Error,
};

struct WorkerResult {
    ResultKind kind = ResultKind::Error;
    QString detail; // Django's message, or how the result came about ("after IntegrityError 2067, re-get")
    QVariant rowId; // the row created or got
    bool afterIntegrityError = false;

    static QString kindName(ResultKind kind); // "created", "got", "IntegrityError", ...
    QString kindName() const { return kindName(kind); }
    // "created", "got (after IntegrityError)", "MultipleObjectsReturned": what the timeline's badge says.
    QString text() const;
    bool isFailure() const
    {
        return kind != ResultKind::Created && kind != ResultKind::Got && kind != ResultKind::Updated
            && kind != ResultKind::Completed;
    }
    // The worker never got to finish its recipe: it could not connect, lost its connection or the server stopped
    // answering. A run with such a worker is incomplete, whatever its rows say.
    static bool isIncomplete(ResultKind kind)
    {
        return kind == ResultKind::ConnectionLost || kind == ResultKind::Timeout;
    }
    bool isIncomplete() const { return isIncomplete(kind); }
    friend bool operator==(const WorkerResult&, const WorkerResult&) = default;
};

// Rows that share the lookup values of a worker. More than one row in a group is a duplicate.
struct DuplicateGroup {
    QVariantMap lookup;
    QString lookupText; // user_id='c53b8b'
    QList<QVariant> ids;
    bool isDuplicate() const { return ids.size() > 1; }
};

struct Outcome {
    QStringList columns; // id first
    QList<Row> rows; // final rows ordered by id
    QHash<qint64, int> insertedBy; // row id -> worker index
    int initialRows = 0; // the scenario's initial rows, ids 1..initialRows on the fresh table
    // The worker that inserted the row, "(initial)" for an initial row, "(unknown)" when the database did not say
    // (PostgreSQL's INSERT ... ON CONFLICT DO NOTHING returns no id).
    QString insertedByText(qint64 id, const QStringList& names) const;
    QList<WorkerResult> results; // one per worker
    QStringList workers; // the workers' names, in the order of results
    QList<DuplicateGroup> groups; // one per distinct lookup
    // Set when the run started but could not finish: it was cancelled, or the final rows could not be read (the
    // server went away).
    QString unfinished;
    // The anomalies of the run (Anomalies::find): every one found, at the level it was found; the verdict counts
    // those that violate (Anomaly::violates).
    QList<Anomaly> anomalies;
    // What the run must show (checkInvariants): a row per lookup, each counter's sum, each worker's result, the
    // scenario's "expect"; the verdict counts those that did not hold.
    QList<InvariantCheck> invariants;
    // What each statement read and wrote, and each row version, for the timeline (StatementValues::of): filled by a
    // run the window or the CLI shows, never by a stress trial.
    StatementValues values;
    // Each worker's transaction state along the run and the isolation level (TransactionStates::of), for the
    // lanes of the timeline: filled where `values` is.
    TransactionStates transactions;

    bool violated() const; // the invariant "at most one row per lookup" does not hold
    // A worker could not connect, lost its connection or timed out, or the final rows could not be read: whatever
    // the rows say, the run did not show what the scenario asks, so it never counts as a pass.
    bool incomplete() const;
    // Why, in one sentence: "B lost its connection (ConnectionLost: cannot connect: ...)". Empty when complete.
    QString incompleteText() const;
    bool anomalous() const; // an anomaly that violates what the level or the application promised
    // The failed check whose sentence already tells `anomaly` (a counter's lost update), or nullptr: the verdict
    // and the window then say it once, by the check.
    const InvariantCheck* checkTelling(const Anomaly& anomaly) const;
    bool invariantsHeld() const; // every check held
    // Green: complete, no duplicate, every invariant held and no anomaly violates.
    bool passed() const { return !violated() && !incomplete() && invariantsHeld() && !anomalous(); }
    QList<int> duplicateRowIndexes() const; // indexes into rows
    // "2 rows for user_id='c53b8b': duplicate"; an incomplete run's verdict starts with "incomplete: <why>"; each
    // violating anomaly's sentence follows.
    QString verdict() const;
    // The verdict on the rows alone: rows per lookup, or the table's rows and how each worker ended (what
    // "The table ends with ..." tells); verdict() adds the incomplete run's reason and each violation.
    QString rowsVerdict() const;

    // Groups final rows by each worker's lookup (workers without one, bulk_create and sql, form no group): a row is
    // in the group when every field lookup of it holds as `dialect` decides it (FieldLookup::matches: iexact folds
    // case, NULL matches only a None exact and isnull, ...), the rows the worker's get() would find.
    static QList<DuplicateGroup> groupRows(const QStringList& columns, const QList<Row>& rows,
        const QList<WorkerSpec>& workers, BackendSpec::Kind dialect = BackendSpec::Kind::Sqlite);
};

} // namespace interleave
