// SPDX-License-Identifier: MIT
#pragma once

#include "isolationspec.h"
#include "scenario.h"

#include <QList>
#include <QStringList>
#include <optional>

namespace interleave {

// An isolation spec turned into scenarios (docs/guide/isolation-specs.md): one per permutation line, a script run
// of exactly that order; with no permutation line, one in explore mode (every interleaving).
//  - The test-level setup is read with PostgreSQL's parser and becomes the scenario's table: one CREATE TABLE
//    (columns, types, NOT NULL, DEFAULT literals, PRIMARY KEY, UNIQUE, UNIQUE (a, b)), CREATE UNIQUE INDEX [WHERE],
//    INSERT ... VALUES as its initial rows. It is never sent anywhere as written: Interleave creates the table in
//    its own schema, as it does every scenario's. The test-level teardown may only drop that table (Interleave
//    drops it anyway). Anything else is refused at its line and column.
//  - Each session is a worker of the sql recipe: its setup's statements first, then the statements of its steps
//    in the order the permutation runs them (a step of several statements is several statements with the step's
//    name and markers), then its teardown's. The script runs every session's setup, the permutation, every
//    session's teardown, naming the worker once per statement.
//  - The statements are checked by LiteralSql on each database: the scenario runs on SQLite when they read there,
//    else on PostgreSQL, else on MySQL, and lists the databases they read on in "databases".
namespace IsolationImport {

struct Imported {
    Scenario scenario;
    QString permutation; // the permutation line as written: "s1a s2a(s1a) s1c"; empty for the explore scenario
};

struct Result {
    QList<Imported> scenarios;
    QStringList notes; // how the spec was mapped where it could not be taken as it is: one line each
};

// nullopt with *error (file, line and column of what is refused) when the spec cannot be imported.
std::optional<Result> toScenarios(const IsolationSpec& spec, ScenarioError* error);

// The worker name a session gets: its own when it is one ("s1"), else its letters, digits and _ ("session 1" is
// session_1), made unique and to start with a letter.
QString workerName(const QString& sessionName, const QStringList& taken);

} // namespace IsolationImport

} // namespace interleave
