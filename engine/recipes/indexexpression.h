// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QString>
#include <functional>
#include <optional>

namespace interleave {

// One expression of a functional unique constraint, UniqueConstraint(Lower("name")), written "lower(name)" in a
// scenario. Only LOWER and UPPER of one column: what case-insensitive uniqueness needs, and nothing a scenario
// could turn into other SQL (the column is checked against the table and quoted; the function is one of two words).
struct IndexExpression {
    QString function; // "LOWER" or "UPPER"
    QString column;

    // "lower(name)", "UPPER( name )": nullopt with *error when it is anything else or names no column of `table`.
    static std::optional<IndexExpression> parse(const QString& text, const TableSpec& table, QString* error);
    // "lower(name)": how toJson writes it back.
    QString text() const { return function.toLower() + u'(' + column + u')'; }
    // LOWER("name") with `quote` quoting the column: the index expression Django's schema editor writes (columns
    // unqualified, as Query(alias_cols=False) compiles them).
    QString sql(const std::function<QString(const QString&)>& quote) const
    {
        return function + u'(' + quote(column) + u')';
    }
};

} // namespace interleave
