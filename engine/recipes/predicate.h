// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QList>
#include <QString>
#include <QStringView>
#include <optional>

namespace interleave {

// The condition of a partial unique index ("flag = 1", "deleted_at IS NULL AND kind IN ('a', 'b')") as a scenario
// file writes it. It is SQL that cannot be a bound parameter, and a file is untrusted input, so its text never
// reaches a server: it is parsed into a tree by the small grammar below, checked against the table's columns, and
// each database gets SQL written from the tree in its own dialect.
//
//   predicate := or
//   or        := and { OR and }
//   and       := not { AND not }
//   not       := NOT not | primary
//   primary   := '(' or ')'
//              | operand [ compare operand | IS [NOT] NULL | [NOT] IN '(' literal { ',' literal } ')' ]
//   operand   := column | literal
//   column    := name | "quoted name"                  a column of the table, or its implicit id
//   literal   := [-]digits[.digits] | 'string' | TRUE | FALSE | NULL
//   compare   := = | <> | != | < | <= | > | >=
//
// Keywords and bare names are ASCII and case-insensitive (a bare name is the column of that name in any case, as
// SQL folds it); a quoted name matches exactly and doubles its '"'; a string doubles its '\'' and knows no other
// escape (a backslash is an ordinary character). Anything else is refused with the offset of the offending
// character and a message that names it: comments, ';', escape and dollar-quoted strings, casts, functions,
// subqueries, arithmetic, control and invisible characters, look-alikes of ASCII punctuation.
class Predicate {
public:
    static constexpr qsizetype maxLength = 2000; // characters (UTF-16 code units)
    static constexpr int maxDepth = 32; // parentheses and NOTs inside one another

    struct Error {
        qsizetype offset = 0; // UTF-16 code units into the text: the offending character (the length for its end)
        QString message; // one line, text from the predicate escaped
    };

    // nullopt with *error (when given) set for text the grammar refuses or that names a column `table` lacks.
    static std::optional<Predicate> parse(const QString& text, const TableSpec& table, Error* error);

    // The condition as `dialect` reads it, whatever the server's settings: identifiers quoted as DjangoSql::quote
    // does, numbers canonical, strings that stay one string on PostgreSQL with standard_conforming_strings off
    // (E'...' when they hold a backslash) and on MySQL with or without NO_BACKSLASH_ESCAPES (hexadecimal then).
    // AND/OR groups and NOT are parenthesized, so no dialect's precedence rules (MySQL's HIGH_NOT_PRECEDENCE)
    // can regroup it. The SQLite form is also the canonical text in this grammar: parse() accepts it again.
    QString sql(BackendSpec::Kind dialect) const;

private:
    enum class Kind { Or, And, Not, Compare, IsNull, IsNotNull, In, NotIn, Column, Number, String, True, False, Null };
    struct Node {
        Kind kind;
        QString text; // the column's name, the canonical number, the string's value, the comparison operator
        QList<int> children; // indexes into m_nodes
    };
    class Parser;

    QString sql(int index, BackendSpec::Kind dialect) const;

    QList<Node> m_nodes;
    int m_root = -1;
};

} // namespace interleave
