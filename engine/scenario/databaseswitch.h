// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <optional>

namespace interleave {

// A scenario run on another database than the one it was written for (the command line's --backend, the window's
// Database…). What the target has no counterpart for falls back to what it has, and a note says so: a server's
// isolation level on SQLite (which runs every transaction serializable), a server's lock_timeout_ms on SQLite, SQLite's
// journal_mode, begin and busy_timeout_ms on a server. What cannot run there at all is refused, naming the field: a
// worker's literal SQL that the target's dialect does not accept. The file's reply timeout stays.
struct DatabaseSwitch {
    Scenario scenario; // what runs; meaningful only without `error`
    // One sentence each: "isolation \"repeatable read\" is a server's; SQLite runs every transaction serializable".
    QStringList notes;
    std::optional<ScenarioError> error; // it cannot run there: field and why

    // `target` is what --backend or the window names; `reference` names the scenario in notes ("example:NAME").
    static DatabaseSwitch apply(const Scenario& scenario, const BackendSpec& target, const QString& reference);
    // The note for a scenario that names the databases it is written for, run on another: empty when it is not.
    static QString writtenForNote(const Scenario& scenario, const QString& reference);
    // The scenario as it is when its own database is switched to `kind` (the editor's Database choice): on SQLite it
    // has no server URL and no lock_timeout_ms, and a level SQLite lacks becomes serializable (isolationOn); another
    // server keeps the URL's host, user and database with that server's default port. A URL that no longer parses,
    // and a server's without one, is left empty for the user to fill in. apply() starts from it.
    static Scenario switchedTo(const Scenario& scenario, BackendSpec::Kind kind);
    // Why a scenario cannot run on `kind` at all, in one sentence; empty when it can. The one rule the backends'
    // refusal, the examples gallery and the examples' "databases" lists follow: a partial unique constraint ("where")
    // on MySQL or MariaDB, which have no partial indexes; and for a whole scenario, what apply() would refuse there
    // (a worker's literal SQL in another dialect).
    static QString unsupportedReason(const TableSpec& table, BackendSpec::Kind kind);
    static QString unsupportedReason(const Scenario& scenario, BackendSpec::Kind kind);
};

} // namespace interleave
