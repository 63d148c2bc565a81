// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QString>
#include <QStringList>
#include <QVariant>
#include <optional>

namespace interleave {

// One keyword of a lookup, `name__iexact='bob'`: the column and the field lookup Django applies to it. A key
// without "__" is Django's default, exact. Only the lookups below are known; a model field cannot contain "__"
// (Django's fields.E002), so the split is never ambiguous.
class FieldLookup {
public:
    enum class Kind { Exact, IExact, Contains, IContains, StartsWith, IStartsWith, Gt, Gte, Lt, Lte, In, IsNull };
    using Dialect = BackendSpec::Kind;

    // "name__iexact" -> column "name", IExact. nullopt, with *error naming the lookup and listing the known ones,
    // for any other suffix. Whether the column exists is the caller's question.
    static std::optional<FieldLookup> parse(const QString& key, QString* error = nullptr);
    // Why `value` cannot be this lookup's value, as Django would refuse it (None for contains, a non-bool for
    // isnull, a scalar for in); nullopt when it can.
    std::optional<QString> valueProblem(const QVariant& value) const;
    static QStringList names(); // exact, iexact, contains, ... in Django's documentation order
    static QString name(Kind kind);

    const QString& column() const { return m_column; }
    Kind kind() const { return m_kind; }
    // QuerySet._extract_model_params keeps only the keywords without "__" for create(): "name" goes into the
    // INSERT, "name__exact" and "name__iexact" do not.
    static bool goesIntoCreate(const QString& key) { return !key.contains(QStringLiteral("__")); }

    // The condition Django's compiler writes on `dialect` for this lookup on `qualifiedColumn` ("race"."name"),
    // appending the bound values (escaped and wrapped in % for the pattern lookups) to `params`.
    QString sql(Dialect dialect, const QString& qualifiedColumn, const QVariant& value, QVariantList* params) const;
    // Whether a row's value satisfies the lookup as `dialect` decides it: SQLite's LIKE folds ASCII case only (so
    // contains is case-insensitive there), PostgreSQL's UPPER() folds every letter, MySQL's default collations
    // compare text case-insensitively except where Django writes LIKE BINARY. NULL matches only isnull and a None
    // exact/iexact. Text is ordered by code point (SQLite's BINARY collation; a server's collation may differ).
    bool matches(Dialect dialect, const QVariant& lookupValue, const QVariant& rowValue) const;

    // How `dialect` orders two texts with = and <, as its default collation does: SQLite's BINARY and PostgreSQL's C
    // collation by code point; MariaDB's utf8mb4 _ci collations ignoring case, accents and trailing spaces (PAD
    // SPACE), near enough. <0, 0, >0. Predicate::matches compares text with it too.
    static int compareText(Dialect dialect, const QString& a, const QString& b);

    // Python's str() of a value, as Django's pattern lookups turn it into text ("True", "4", "1.5").
    static QString pythonText(const QVariant& value);
    // BaseDatabaseOperations.prep_for_like_query: \, % and _ escaped with a backslash.
    static QString likeEscaped(const QString& text);

private:
    QString m_column;
    Kind m_kind = Kind::Exact;
};

} // namespace interleave
