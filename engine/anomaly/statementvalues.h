// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace interleave {

class History;
struct Scenario;
struct Trace;

// What the timeline says of a run's row versions, worked out once from its History (StatementValues::of): the
// values each statement read or wrote ("read likes = 0", "wrote likes = 1"), and each version a statement wrote,
// with the statement that ended its transaction, for the table lane. Kept compact: one string per statement that
// read or wrote something, one small record per written version; a stress trial never makes one.
struct StatementValues {
    struct Version {
        qint64 row = 0; // the row's id
        int event = -1; // the statement that wrote it
        int endEvent = -1; // the COMMIT (or the write itself, in autocommit) or the rollback; -1 while open
        bool aborted = false; // rolled back: a cross at endEvent
        bool deleted = false;
        QString values; // "likes = 1", "deleted"
    };

    QHash<int, QString> text; // statement event -> "read likes = 0", "wrote likes = 1"
    QList<Version> versions; // the written versions, in the order they were written

    bool isEmpty() const { return text.isEmpty() && versions.isEmpty(); }
    QString textOf(int event) const { return text.value(event); }

    // The values of every statement event of `trace` whose reads or writes `history` knows: what a read returned
    // (a statement that returned no row says nothing new), what a write left (an UPDATE: the columns the run
    // changes; an INSERT: its lookup and default columns and those the run changes; a DELETE: "deleted").
    static StatementValues of(const Scenario& scenario, const Trace& trace, const History& history);
};

} // namespace interleave
