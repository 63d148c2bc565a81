// SPDX-License-Identifier: MIT
#include "fieldlookup.h"

#include <array>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

using Kind = FieldLookup::Kind;
using Dialect = FieldLookup::Dialect;

struct Known {
    Kind kind;
    const char16_t* name;
};

constexpr std::array<Known, 12> known { {
    { Kind::Exact, u"exact" },
    { Kind::IExact, u"iexact" },
    { Kind::Contains, u"contains" },
    { Kind::IContains, u"icontains" },
    { Kind::StartsWith, u"startswith" },
    { Kind::IStartsWith, u"istartswith" },
    { Kind::Gt, u"gt" },
    { Kind::Gte, u"gte" },
    { Kind::Lt, u"lt" },
    { Kind::Lte, u"lte" },
    { Kind::In, u"in" },
    { Kind::IsNull, u"isnull" },
} };

bool isNumber(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

bool isPattern(Kind kind)
{
    return kind == Kind::Contains || kind == Kind::IContains || kind == Kind::StartsWith || kind == Kind::IStartsWith;
}

bool isCaseInsensitive(Kind kind)
{
    return kind == Kind::IExact || kind == Kind::IContains || kind == Kind::IStartsWith;
}

// SQLite's LIKE folds only the 26 ASCII letters ("case-insensitive for ASCII characters by default").
QString foldAscii(const QString& text)
{
    QString out = text;
    for (QChar& c : out)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return out;
}

// How `dialect` compares the text of a row with the lookup's text for `kind`: Collation is MariaDB's _ci one.
enum class Folding { None, Ascii, Upper, Collation };

Folding foldingFor(Dialect dialect, Kind kind)
{
    switch (dialect) {
    case Dialect::Sqlite:
        // Every pattern lookup and iexact is a LIKE there, and SQLite's LIKE ignores ASCII case.
        return kind == Kind::IExact || isPattern(kind) ? Folding::Ascii : Folding::None;
    case Dialect::Postgresql:
        return isCaseInsensitive(kind) ? Folding::Upper : Folding::None;
    case Dialect::Mysql:
        // The default collations (utf8mb4_unicode_ci, utf8mb4_general_ci, latin1_swedish_ci, ...) ignore case; Django
        // writes LIKE BINARY for contains and startswith to compare bytes instead.
        return kind == Kind::Contains || kind == Kind::StartsWith ? Folding::None : Folding::Collation;
    }
    return Folding::None;
}

// A _ci collation's weights, near enough: the letters without their accents, in upper case ('é' = 'E', 'ß' = 'SS').
QString collationKey(const QString& text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed)
        if (c.category() != QChar::Mark_NonSpacing)
            out += c;
    return out.toUpper();
}

QString folded(const QString& text, Folding folding)
{
    switch (folding) {
    case Folding::None:
        return text;
    case Folding::Ascii:
        return foldAscii(text);
    case Folding::Upper:
        return text.toUpper(); // UPPER() on PostgreSQL
    case Folding::Collation:
        return collationKey(text);
    }
    return text;
}

// UTF-16 compared unit by unit orders the code points above U+FFFF (surrogate pairs) before U+E000..U+FFFF; moving
// the surrogates above the rest gives code point order, which is what SQLite's memcmp of UTF-8 gives.
int compareCodePoints(QStringView a, QStringView b)
{
    const auto key = [](char16_t c) -> int { return c >= 0xE000 ? c - 0x800 : (c >= 0xD800 ? c + 0x2000 : c); };
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (a[i] != b[i])
            return key(a[i].unicode()) < key(b[i].unicode()) ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// PAD SPACE: = and < compare as if the shorter text were padded with spaces (LIKE does not, so only here).
QStringView withoutTrailingSpaces(QStringView text)
{
    while (!text.isEmpty() && text.back() == u' ')
        text.chop(1);
    return text;
}

int compareFolded(const QString& a, const QString& b, Folding folding)
{
    if (folding == Folding::Collation)
        return compareCodePoints(withoutTrailingSpaces(collationKey(a)), withoutTrailingSpaces(collationKey(b)));
    return compareCodePoints(folded(a, folding), folded(b, folding));
}

// <0, 0, >0 as the database orders the two non-null values; numbers by value, text by (folded) code point.
int compareValues(const QVariant& row, const QVariant& lookup, Folding folding)
{
    if (isNumber(row) && isNumber(lookup)) {
        const double a = row.toDouble();
        const double b = lookup.toDouble();
        return a < b ? -1 : (a > b ? 1 : 0);
    }
    return compareFolded(FieldLookup::pythonText(row), FieldLookup::pythonText(lookup), folding);
}

} // namespace

int FieldLookup::compareText(Dialect dialect, const QString& a, const QString& b)
{
    return compareFolded(a, b, dialect == Dialect::Mysql ? Folding::Collation : Folding::None);
}

QStringList FieldLookup::names()
{
    QStringList out;
    for (const Known& k : known)
        out.append(QString::fromUtf16(k.name));
    return out;
}

QString FieldLookup::name(Kind kind)
{
    for (const Known& k : known)
        if (k.kind == kind)
            return QString::fromUtf16(k.name);
    return {};
}

std::optional<FieldLookup> FieldLookup::parse(const QString& key, QString* error)
{
    FieldLookup lookup;
    const qsizetype split = key.indexOf(u"__"_s);
    if (split < 0) {
        lookup.m_column = key;
        return lookup;
    }
    lookup.m_column = key.left(split);
    const QString suffix = key.mid(split + 2);
    for (const Known& k : known) {
        if (suffix == QStringView(k.name)) {
            lookup.m_kind = k.kind;
            return lookup;
        }
    }
    if (error)
        *error =
            u"unknown field lookup \"%1\" in \"%2\"; Interleave knows: %3"_s.arg(suffix, key, names().join(u", "_s));
    return std::nullopt;
}

std::optional<QString> FieldLookup::valueProblem(const QVariant& value) const
{
    const bool list = value.typeId() == QMetaType::QVariantList;
    if (m_kind == Kind::In) {
        if (!list)
            return u"__in takes a list of values, such as [\"bob\", \"alice\"]"_s;
        const QVariantList values = value.toList();
        if (std::none_of(values.cbegin(), values.cend(), [](const QVariant& v) { return !v.isNull(); }))
            return u"__in needs at least one value that is not null: Django drops the nulls and, with nothing left, "
                   "sends no query at all (EmptyResultSet)"_s;
        return std::nullopt;
    }
    if (list)
        return u"__%1 takes one value, not a list"_s.arg(name(m_kind));
    if (m_kind == Kind::IsNull) {
        if (value.typeId() != QMetaType::Bool)
            return u"__isnull takes true or false (Django: \"The QuerySet value for an isnull lookup must be True or "
                   "False.\")"_s;
        return std::nullopt;
    }
    if (value.isNull() && m_kind != Kind::Exact && m_kind != Kind::IExact)
        return u"__%1 cannot take null (Django: \"Cannot use None as a query value\"); use __isnull"_s.arg(
            name(m_kind));
    return std::nullopt;
}

QString FieldLookup::pythonText(const QVariant& value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? u"True"_s : u"False"_s;
    if (value.isNull())
        return u"None"_s;
    return value.toString();
}

QString FieldLookup::likeEscaped(const QString& text)
{
    QString out = text;
    out.replace(u"\\"_s, u"\\\\"_s);
    out.replace(u"%"_s, u"\\%"_s);
    out.replace(u"_"_s, u"\\_"_s);
    return out;
}

QString FieldLookup::sql(Dialect dialect, const QString& column, const QVariant& value, QVariantList* params) const
{
    const bool pg = dialect == Dialect::Postgresql;
    const bool mysql = dialect == Dialect::Mysql;
    // Query.build_lookup: exact and iexact with None become isnull=True.
    if ((m_kind == Kind::Exact || m_kind == Kind::IExact) && value.isNull())
        return column + u" IS NULL"_s;
    // DatabaseOperations.lookup_cast: PostgreSQL casts the column to text for the text lookups and wraps the
    // case-insensitive ones in UPPER(); the operators are each backend's DatabaseWrapper.operators.
    const QString text = pg ? column + u"::text"_s : column;
    const QString sqliteLike = u" LIKE ? ESCAPE '\\'"_s;
    switch (m_kind) {
    case Kind::Exact:
        params->append(value);
        return column + u" = ?"_s;
    case Kind::IExact:
        // prep_for_iexact_query: escaped for LIKE, except on PostgreSQL, whose iexact is = UPPER(%s).
        params->append(pg ? QVariant(pythonText(value)) : QVariant(likeEscaped(pythonText(value))));
        if (pg)
            return u"UPPER("_s + text + u") = UPPER(?)"_s;
        return column + (mysql ? u" LIKE ?"_s : sqliteLike);
    case Kind::Contains:
    case Kind::IContains:
    case Kind::StartsWith:
    case Kind::IStartsWith: {
        // PatternLookup.process_rhs: "%%%s%%" (contains) or "%s%%" (startswith) around prep_for_like_query.
        const bool contains = m_kind == Kind::Contains || m_kind == Kind::IContains;
        const QString escaped = likeEscaped(pythonText(value));
        params->append(contains ? QString(u'%' + escaped + u'%') : QString(escaped + u'%'));
        const bool insensitive = isCaseInsensitive(m_kind);
        if (pg)
            return insensitive ? QString(u"UPPER("_s + text + u") LIKE UPPER(?)"_s) : QString(text + u" LIKE ?"_s);
        if (mysql)
            return column + (insensitive ? u" LIKE ?"_s : u" LIKE BINARY ?"_s);
        return column + sqliteLike;
    }
    case Kind::Gt:
        params->append(value);
        return column + u" > ?"_s;
    case Kind::Gte:
        params->append(value);
        return column + u" >= ?"_s;
    case Kind::Lt:
        params->append(value);
        return column + u" < ?"_s;
    case Kind::Lte:
        params->append(value);
        return column + u" <= ?"_s;
    case Kind::In: {
        // In.process_rhs: an ordered set of the values without None, one placeholder each.
        QVariantList values;
        for (const QVariant& v : value.toList())
            if (!v.isNull() && !values.contains(v))
                values.append(v);
        QStringList marks;
        for (const QVariant& v : std::as_const(values)) {
            marks.append(u"?"_s);
            params->append(v);
        }
        return column + u" IN ("_s + marks.join(u", "_s) + u')';
    }
    case Kind::IsNull:
        return column + (value.toBool() ? u" IS NULL"_s : u" IS NOT NULL"_s);
    }
    return {};
}

bool FieldLookup::matches(Dialect dialect, const QVariant& lookupValue, const QVariant& rowValue) const
{
    if (m_kind == Kind::IsNull)
        return rowValue.isNull() == lookupValue.toBool();
    if ((m_kind == Kind::Exact || m_kind == Kind::IExact) && lookupValue.isNull())
        return rowValue.isNull();
    if (rowValue.isNull() || lookupValue.isNull())
        return false; // NULL is never equal to, like or ordered against anything
    const Folding folding = foldingFor(dialect, m_kind);
    switch (m_kind) {
    case Kind::Exact:
    case Kind::IExact:
        return compareValues(rowValue, lookupValue, folding) == 0;
    case Kind::Contains:
    case Kind::IContains:
        return folded(pythonText(rowValue), folding).contains(folded(pythonText(lookupValue), folding));
    case Kind::StartsWith:
    case Kind::IStartsWith:
        return folded(pythonText(rowValue), folding).startsWith(folded(pythonText(lookupValue), folding));
    case Kind::Gt:
        return compareValues(rowValue, lookupValue, folding) > 0;
    case Kind::Gte:
        return compareValues(rowValue, lookupValue, folding) >= 0;
    case Kind::Lt:
        return compareValues(rowValue, lookupValue, folding) < 0;
    case Kind::Lte:
        return compareValues(rowValue, lookupValue, folding) <= 0;
    case Kind::In: {
        const QVariantList values = lookupValue.toList();
        return std::any_of(values.cbegin(), values.cend(),
            [&](const QVariant& v) { return !v.isNull() && compareValues(rowValue, v, folding) == 0; });
    }
    case Kind::IsNull:
        break;
    }
    return false;
}

} // namespace interleave
