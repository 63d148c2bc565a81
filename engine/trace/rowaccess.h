// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QVariantMap>

namespace interleave {

// What one statement reads or writes of the scenario's table, as far as it can be known before it runs: a recipe
// says it for the SQL it writes (DjangoSql), a literal statement's simple forms are read from its text
// (LiteralAccess). What the statement then returned (the rows, the new id) is in its TraceEvent; the anomaly
// analysis (History) puts the two together into the row versions it read and wrote.
struct RowAccess {
    enum class Kind : quint8 {
        Read, // SELECT: the rows `which` selects
        Insert, // INSERT: `rows`
        Update, // UPDATE: the rows `which` selects get `set` and `add`
        Delete, // DELETE: the rows `which` selects
        Unknown, // it touches the table in a way not read here: `unknown` says how
    };
    Kind kind = Kind::Unknown;

    // Which rows a read, update or delete is for: the row with this id; else Django field lookups (FieldLookup);
    // else a condition in Predicate's grammar; every row when all three are empty.
    QVariant id;
    QVariantMap lookup;
    QString where;
    bool locking = false; // Read: FOR UPDATE / FOR SHARE
    // Read: it returns values computed from the rows (count(*), sum(likes)), not the rows: it read every row its
    // condition selects in the version it could see.
    bool computed = false;

    QVariantMap set; // Update: column -> new value
    QVariantMap add; // Update: column -> the amount added to its current value (c = c + 1)
    QList<QVariantMap> rows; // Insert: each new row's values, without its id
    bool ignoreConflicts = false; // Insert: a row that would violate a constraint is skipped

    QString unknown; // Unknown: why the statement's reads and writes cannot be told ("a join", "a subquery")

    static RowAccess unknownBecause(const QString& why)
    {
        RowAccess access;
        access.unknown = why;
        return access;
    }
    bool selectsAll() const { return id.isNull() && lookup.isEmpty() && where.isEmpty(); }
    friend bool operator==(const RowAccess&, const RowAccess&) = default;
};

} // namespace interleave
