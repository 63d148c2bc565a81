// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// The transaction isolation levels a scenario may ask for. One table (isolationlevel.cpp) says how a file spells
// each, which databases have it and the words that set it; everything else asks these functions. Scenario::isolation
// keeps the file's spelling, so that a scenario reads and writes as it always did.
enum class IsolationLevel { Default, ReadUncommitted, ReadCommitted, RepeatableRead, Serializable };

// Every level, in the order a file's error message, --help and the editor list them.
QList<IsolationLevel> isolationLevels();
// "repeatable read": as a scenario file, --isolation and the editor spell it.
QString isolationName(IsolationLevel level);
// The level a file's spelling names (lower case, as the reader leaves it); nullopt for any other text.
std::optional<IsolationLevel> isolationFromName(const QString& name);
// "default, read uncommitted, read committed, repeatable read, serializable".
QStringList isolationNames();
// The scenario's level; Default for a spelling no file can hold (a scenario built in code, not yet validated).
IsolationLevel isolationOf(const Scenario& scenario);
// "REPEATABLE READ": the words after SET ... TRANSACTION ISOLATION LEVEL; empty for Default, which sets nothing.
QString isolationSql(IsolationLevel level);
// Whether `kind` lets a scenario choose `level`: SQLite runs every transaction serializable, so it has only
// default and serializable; the servers have them all.
bool isolationAvailable(IsolationLevel level, BackendSpec::Kind kind);
// The level the scenario's transactions run at: its own, or for Default the database's (PostgreSQL's READ COMMITTED,
// InnoDB's REPEATABLE READ); SERIALIZABLE on SQLite, which runs every transaction so. What the anomalies are judged
// against and every view names.
IsolationLevel isolationRun(const Scenario& scenario);
// The level a scenario asks for when it moves to `kind`: its own where `kind` has it, else the one `kind` runs
// (serializable on SQLite).
IsolationLevel isolationOn(IsolationLevel level, BackendSpec::Kind kind);

} // namespace interleave
