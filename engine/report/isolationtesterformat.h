// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"

#include <QString>

namespace interleave {

// A run printed the way PostgreSQL's isolationtester prints a permutation in its expected output files (.out), so
// that a run can be diffed against one: "Parsed test spec with 2 sessions", "starting permutation: s1u s2u s1c",
// then a "step NAME: SQL" line per step, " <waiting ...>" on a step that waited for a lock and a later
// "step NAME: <... completed>" where isolationtester would have seen it finish, result sets as libpq's PQprint
// aligns them ("id|value", "--+-----", "(1 row)") and errors as "ERROR:  message".
//
// The steps are the scenario's: consecutive statements of one worker with the same `step` name are one step, its
// SQL their texts joined by a space, and `stepBlockers` ("*", "s1c") change when its completion is reported, as the
// permutation line's markers do. Statements without a step (a session's setup and teardown) print only their
// result sets and errors, as isolationtester prints those of its setup. A scenario that was not imported (no
// statement has a step) prints every statement as a step of its own, named by worker and number ("A1", "A2").
//
// When a waiting step is reported complete is decided from the trace the way isolationtester decides it live:
// after each step it looks at the waiting steps in the order they began to wait, and one counts as finished when
// its statement ended before the run moved on (a script run waits until every unblocked worker has parked).
class IsolationTesterFormat {
public:
    static QString print(const RunResult& result); // the header, then the permutation
    // Several runs of one spec (one per permutation): the header once, then each permutation.
    static QString print(const QList<RunResult>& results);
    static QString permutation(const RunResult& result); // "\nstarting permutation: ...\n" and the steps
    static QString sessionsLine(const Scenario& scenario); // "Parsed test spec with 2 sessions\n"

    // A result set as isolationtester prints it (libpq's PQprint with "|" between fields, aligned, a header): a
    // column of values that all look like numbers is right-aligned, widths are counted in bytes as libpq counts
    // them, NULL is empty, and "(N rows)" and an empty line follow.
    static QString resultSet(const QStringList& columns, const QList<Row>& rows, BackendSpec::Kind kind);
    // A value as the database's text output writes it: PostgreSQL's booleans as t/f, floating values shortest,
    // bytes as \x hex, NULL empty.
    static QString valueText(const QVariant& value, BackendSpec::Kind kind);
    // "ERROR:  message": only the primary message (isolationtester leaves out DETAIL and HINT, which may carry
    // transaction ids), the database's own text on MySQL and SQLite.
    static QString errorLine(const DbError& error);
};

} // namespace interleave
