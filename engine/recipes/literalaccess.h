// SPDX-License-Identifier: MIT
#pragma once

#include "rowaccess.h"
#include "scenario.h"

#include <memory>

namespace interleave {

// What a literal statement reads and writes of the scenario's table, read from PostgreSQL's parse tree of it
// (libpg_query) for the simple forms people type in psql or mysql:
//   SELECT ... FROM table [WHERE condition] [FOR UPDATE | FOR SHARE ...]
//   INSERT INTO table [(columns)] VALUES (literals), ... [ON CONFLICT DO NOTHING]
//   UPDATE table SET column = literal | column ± literal, ... [WHERE condition]
//   DELETE FROM table [WHERE condition]
// where a condition is what Predicate's grammar reads (columns, literals and bound values compared, IN, IS NULL,
// AND, OR, NOT). Anything else that names the table is RowAccess::Kind::Unknown with the reason; a statement that
// does not touch the table (BEGIN, SET, SAVEPOINT, SELECT 1) has no access: null.
namespace LiteralAccess {

std::shared_ptr<const RowAccess> of(const QString& sql, const QVariantList& params, const TableSpec& table);

} // namespace LiteralAccess

} // namespace interleave
