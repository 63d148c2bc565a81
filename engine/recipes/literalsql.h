// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// The one place that decides whether a literal statement of the `sql` recipe may run on a database. A scenario
// file is untrusted input, so a literal statement may only read or write the scenario's own table, manage its
// own transaction, set its own session's settings and call functions from an allow-list; everything else is
// refused before anything reaches a server. The decision is made on what the database itself would read:
// PostgreSQL's own parse tree (libpg_query), SQLite's authorizer on a prepared statement, and for MySQL and
// MariaDB the tokens of a lexer that reads text as their servers do (MysqlLexer). Never on the raw text.
namespace LiteralSql {

struct Problem {
    int offset = -1; // UTF-16 offset into the statement of what was refused; -1 for the statement as a whole
    QString message; // one line, naming the kind, table, function or setting refused
};

// Why `sql` may not run on `kind` as a statement of a scenario whose table is `table`; nullopt when it may.
std::optional<Problem> check(BackendSpec::Kind kind, const QString& sql, const TableSpec& table);

struct ScenarioProblem {
    QString field; // workers[0].statements[2]
    Problem problem;
};

// The first literal statement of `scenario` that may not run on `kind` (the scenario's own kind or the one a
// run switches it to), with the field that holds it.
std::optional<ScenarioProblem> checkScenario(const Scenario& scenario, BackendSpec::Kind kind);

// Whether `sql` orders the rows it returns, as `kind` reads it: a top-level ORDER BY on PostgreSQL's parse tree,
// an ORDER BY outside every parenthesis among MySQL's (and, for SQLite, the same lexer's) tokens. An ORDER BY in a
// subquery, a window or an aggregate does not order the statement's rows. `expect` compares the rows of a statement
// that does not order them as a multiset.
bool ordersRows(BackendSpec::Kind kind, const QString& sql);

// The functions a literal statement may call on `kind`, lower case (the guide lists the same).
const QStringList& allowedFunctions(BackendSpec::Kind kind);

// A literal statement is at most this many characters.
constexpr int maxLength = 65536;

} // namespace LiteralSql

} // namespace interleave
