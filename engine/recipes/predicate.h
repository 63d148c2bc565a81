// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "statement.h"

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

    // Whether `row` (its values in the order of `columns`, as Outcome and the trace hold them: numbers as numbers,
    // text as QString, NULL as a null QVariant) satisfies the condition as `dialect` decides it, so that a condition
    // judged here finds the rows `WHERE <sql(dialect)>` finds there. SQL's three-valued logic: a comparison with NULL
    // is unknown, NOT unknown is unknown, x IN (..., NULL) is unknown where no value equals x, and a row matches only
    // when the condition is true. Numbers and text meet as each database has them meet: SQLite applies the column's
    // affinity to the other side ('5' = 5 in an integer column, 5 = '5' in a text one), MySQL compares them as
    // doubles ('5x' = 5), PostgreSQL converts a string literal to the column's type and refuses the rest (an error
    // there, so no row matches here, whatever else the condition says). Text compares as FieldLookup::compareText: by
    // code point on SQLite and PostgreSQL, ignoring case, accents and trailing spaces on MariaDB. A column `columns`
    // lacks is NULL.
    bool matches(const QStringList& columns, const Row& row, BackendSpec::Kind dialect) const;
    // The columns the condition names, each once, in the order they first appear ("id" included when named).
    QStringList columns() const;

private:
    enum class Kind { Or, And, Not, Compare, IsNull, IsNotNull, In, NotIn, Column, Number, String, True, False, Null };
    // A column's affinity, SQLite's rules on its declared type (section 3.1 of its "Datatypes" page).
    enum class Affinity : quint8 { None, Integer, Real, Numeric, Text, Blob };
    struct Node {
        Kind kind;
        QString text; // the column's name, the canonical number, the string's value, the comparison operator
        QList<int> children; // indexes into m_nodes
        Affinity affinity = Affinity::None; // a column's; None for the rest
    };
    enum class Truth : quint8 { False, True, Unknown, Refused }; // Refused: the database would raise an error
    struct Value;
    class Parser;

    QString sql(int index, BackendSpec::Kind dialect) const;
    Truth evaluate(int index, const QStringList& columns, const Row& row, BackendSpec::Kind dialect) const;
    Value operand(int index, const QStringList& columns, const Row& row) const;
    static std::optional<int> compare(Value a, Value b, BackendSpec::Kind dialect);
    static Truth truthOf(const Value& v, BackendSpec::Kind dialect);

    QList<Node> m_nodes;
    int m_root = -1;
};

} // namespace interleave
