// SPDX-License-Identifier: MIT
#include "scenarioreader.h"

#include "expectation.h"
#include "fieldlookup.h"
#include "indexexpression.h"
#include "isolationlevel.h"
#include "literalsql.h"
#include "predicate.h"
#include "recipe.h"
#include "serverurl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

const QRegularExpression& identifierPattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z_][A-Za-z0-9_]{0,62}$"_s);
    return pattern;
}

const QRegularExpression& workerNamePattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z][A-Za-z0-9_]{0,15}$"_s);
    return pattern;
}

const QRegularExpression& typePattern()
{
    static const QRegularExpression pattern(
        u"^[A-Za-z][A-Za-z0-9_]*( [A-Za-z][A-Za-z0-9_]*)*( ?\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?$"_s);
    return pattern;
}

// A column type is a type name, never a clause (REFERENCES, CHECK, DEFAULT ... would reach other objects).
bool knownTypeWords(const QString& type)
{
    static const QSet<QString> words { u"integer"_s, u"int"_s, u"bigint"_s, u"smallint"_s, u"tinyint"_s, u"mediumint"_s,
        u"unsigned"_s, u"signed"_s, u"text"_s, u"varchar"_s, u"char"_s, u"character"_s, u"varying"_s, u"nchar"_s,
        u"nvarchar"_s, u"tinytext"_s, u"mediumtext"_s, u"longtext"_s, u"boolean"_s, u"bool"_s, u"real"_s, u"double"_s,
        u"precision"_s, u"float"_s, u"numeric"_s, u"decimal"_s, u"date"_s, u"time"_s, u"timestamp"_s, u"timestamptz"_s,
        u"datetime"_s, u"with"_s, u"without"_s, u"zone"_s, u"blob"_s, u"bytea"_s, u"binary"_s, u"varbinary"_s,
        u"uuid"_s, u"json"_s, u"jsonb"_s, u"serial"_s, u"bigserial"_s, u"interval"_s };
    QString name = type;
    name.truncate(name.indexOf(u'(') < 0 ? name.size() : name.indexOf(u'('));
    const QStringList parts = name.toLower().split(u' ', Qt::SkipEmptyParts);
    return std::all_of(parts.cbegin(), parts.cend(), [](const QString& w) { return words.contains(w); });
}

QString camelCase(const QString& name)
{
    QString out;
    bool upper = true;
    for (const QChar c : name) {
        if (c == u'_') {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    return out;
}

using Failure = ReadFailure;

// Why a backend cannot run at an isolation level, if it cannot.
std::optional<QString> isolationProblem(BackendSpec::Kind kind, IsolationLevel level)
{
    // SQLite transactions are always serializable; it has no other level to choose.
    if (!isolationAvailable(level, kind))
        return u"SQLite has only serializable transactions; use \"default\" (or run on a server)"_s;
    return std::nullopt;
}

std::optional<QVariant> jsonToValue(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QVariant();
    case QJsonValue::Bool:
        return QVariant(value.toBool());
    case QJsonValue::Double: {
        const double d = value.toDouble();
        // Whole numbers become integers, within the range where the cast is defined (|d| < 2^63).
        if (std::abs(d) < 9.2e18 && d == static_cast<double>(static_cast<qint64>(d)))
            return QVariant(static_cast<qint64>(d));
        return QVariant(d);
    }
    case QJsonValue::String:
        return QVariant(value.toString());
    default:
        return std::nullopt;
    }
}

class Reader {
public:
    explicit Reader(Scenario& scenario)
        : s(scenario)
    {
    }

    std::optional<Failure> read(const QJsonObject& root)
    {
        static const QStringList topKeys { u"version"_s, u"name"_s, u"description"_s, u"databases"_s, u"backend"_s,
            u"isolation"_s, u"table"_s, u"workers"_s, u"schedule"_s, u"django"_s, u"expect"_s, u"goal"_s };
        if (auto f = unknownKeys(root, topKeys, QString()))
            return f;
        if (!root.contains(u"version"_s))
            return Failure { u"version"_s, u"missing; this Interleave reads version 1"_s, {} };
        if (root.value(u"version"_s).toInt(-1) != 1)
            return Failure { u"version"_s,
                u"unsupported version %1; this Interleave reads version 1"_s.arg(QString::fromUtf8(
                    QJsonDocument(QJsonArray { root.value(u"version"_s) }).toJson(QJsonDocument::Compact))
                                                                                     .mid(1)
                                                                                     .chopped(1)),
                {} };
        if (auto f = string(root, u"name"_s, QString(), s.name, true))
            return f;
        if (auto f = string(root, u"description"_s, QString(), s.description, false))
            return f;
        if (auto f = string(root, u"isolation"_s, QString(), s.isolation, false))
            return f;
        s.isolation = s.isolation.toLower();
        const auto level = isolationFromName(s.isolation);
        if (!level)
            return Failure { u"isolation"_s,
                u"unknown isolation level \"%1\"; expected one of: %2"_s.arg(
                    s.isolation, isolationNames().join(u", "_s)),
                {} };
        if (root.contains(u"databases"_s))
            if (auto f = readDatabases(root.value(u"databases"_s)))
                return f;
        if (root.contains(u"backend"_s))
            if (auto f = readBackend(root.value(u"backend"_s)))
                return f;
        if (auto why = isolationProblem(s.backend.kind, *level))
            return Failure { u"isolation"_s, *why, {} };
        if (auto f = readDjango(root, QString(), s.django)) // before the workers, whose fields depend on it
            return f;
        if (!root.value(u"table"_s).isObject())
            return Failure { u"table"_s, root.contains(u"table"_s) ? u"must be an object"_s : u"missing"_s, {} };
        if (auto f = readTable(root.value(u"table"_s).toObject()))
            return f;
        if (!root.value(u"workers"_s).isArray())
            return Failure { u"workers"_s, root.contains(u"workers"_s) ? u"must be a list"_s : u"missing"_s, {} };
        if (auto f = readWorkers(root.value(u"workers"_s).toArray()))
            return f;
        if (root.contains(u"schedule"_s))
            if (auto f = readSchedule(root.value(u"schedule"_s)))
                return f;
        if (root.contains(u"expect"_s))
            if (auto f = readExpect(root.value(u"expect"_s)))
                return f;
        if (root.contains(u"goal"_s))
            if (auto f = readGoal(root.value(u"goal"_s)))
                return f;
        return std::nullopt;
    }

private:
    // "django": "4.2" at the top or in a worker (a number, 4.2, is read the same way).
    static std::optional<Failure> readDjango(
        const QJsonObject& object, const QString& path, std::optional<DjangoVersion>& out)
    {
        if (!object.contains(u"django"_s))
            return std::nullopt;
        const QString field = path.isEmpty() ? u"django"_s : path + u".django"_s;
        const QJsonValue v = object.value(u"django"_s);
        const QString text = v.isDouble() ? QString::number(v.toDouble()) : v.toString();
        QStringList accepted;
        for (const DjangoVersion& d : DjangoVersion::supported())
            accepted.append(d.toString());
        out = DjangoVersion::fromString(text);
        if (out)
            return std::nullopt;
        const QString what = v.isString() || v.isDouble() ? u"unsupported Django version \"%1\""_s.arg(text)
                                                          : u"must be a Django version such as \"5.2\""_s;
        return Failure { field,
            u"%1; accepted: %2 (the long-term-support releases; the default is %3)"_s.arg(
                what, accepted.join(u", "_s), DjangoVersion::newestLts().toString()),
            {} };
    }

    static std::optional<Failure> unknownKeys(const QJsonObject& object, const QStringList& known, const QString& path)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key())) {
                const QString field = path.isEmpty() ? it.key() : path + u'.' + it.key();
                return Failure { field, u"unknown field; expected one of: %1"_s.arg(known.join(u", "_s)), {} };
            }
        }
        return std::nullopt;
    }

    static std::optional<Failure> string(
        const QJsonObject& object, const QString& key, const QString& path, QString& out, bool required)
    {
        const QString field = path.isEmpty() ? key : path + u'.' + key;
        if (!object.contains(key))
            return required ? std::optional(Failure { field, u"missing"_s, {} }) : std::nullopt;
        if (!object.value(key).isString())
            return Failure { field, u"must be a string"_s, {} };
        out = object.value(key).toString();
        if (required && out.trimmed().isEmpty())
            return Failure { field, u"must not be empty"_s, {} };
        return std::nullopt;
    }

    std::optional<Failure> readDatabases(const QJsonValue& value)
    {
        static const QStringList kinds { u"sqlite"_s, u"postgresql"_s, u"mysql"_s };
        if (!value.isArray())
            return Failure { u"databases"_s, u"must be a list such as [\"postgresql\", \"mysql\"]"_s, {} };
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString kind = list.at(i).toString();
            if (!kinds.contains(kind))
                return Failure { u"databases[%1]"_s.arg(i),
                    u"unknown database \"%1\"; expected sqlite, postgresql or mysql"_s.arg(kind), {} };
            if (!s.databases.contains(kind))
                s.databases.append(kind);
        }
        return std::nullopt;
    }

    std::optional<Failure> readBackend(const QJsonValue& value)
    {
        if (!value.isObject())
            return Failure { u"backend"_s, u"must be an object such as {\"kind\": \"sqlite\"}"_s, {} };
        const QJsonObject o = value.toObject();
        if (auto f = unknownKeys(o,
                { u"kind"_s, u"journal_mode"_s, u"begin"_s, u"busy_timeout_ms"_s, u"url"_s, u"lock_timeout_ms"_s,
                    u"reply_timeout_ms"_s },
                u"backend"_s))
            return f;
        QString kind = u"sqlite"_s;
        if (auto f = string(o, u"kind"_s, u"backend"_s, kind, false))
            return f;
        if (kind == u"sqlite"_s)
            s.backend.kind = BackendSpec::Kind::Sqlite;
        else if (kind == u"postgresql"_s)
            s.backend.kind = BackendSpec::Kind::Postgresql;
        else if (kind == u"mysql"_s)
            s.backend.kind = BackendSpec::Kind::Mysql;
        else
            return Failure { u"backend.kind"_s,
                u"unknown backend \"%1\"; expected sqlite, postgresql or mysql"_s.arg(kind), {} };
        if (s.backend.isServer())
            return readServer(o);
        for (const QString& key : { u"url"_s, u"lock_timeout_ms"_s })
            if (o.contains(key))
                return Failure { u"backend."_s + key, u"applies to postgresql and mysql servers, not to sqlite"_s, {} };
        if (auto f = string(o, u"journal_mode"_s, u"backend"_s, s.backend.journalMode, false))
            return f;
        s.backend.journalMode = s.backend.journalMode.toLower();
        if (s.backend.journalMode != u"delete"_s && s.backend.journalMode != u"wal"_s)
            return Failure { u"backend.journal_mode"_s, u"must be \"delete\" or \"wal\""_s, {} };
        if (auto f = string(o, u"begin"_s, u"backend"_s, s.backend.beginMode, false))
            return f;
        s.backend.beginMode = s.backend.beginMode.toLower();
        if (s.backend.beginMode != u"deferred"_s && s.backend.beginMode != u"immediate"_s)
            return Failure { u"backend.begin"_s, u"must be \"deferred\" or \"immediate\""_s, {} };
        if (auto f = milliseconds(o, u"busy_timeout_ms"_s, s.backend.busyTimeoutMs))
            return f;
        return replyTimeout(o);
    }

    std::optional<Failure> readServer(const QJsonObject& o)
    {
        for (const QString& key : { u"journal_mode"_s, u"begin"_s, u"busy_timeout_ms"_s })
            if (o.contains(key))
                return Failure { u"backend."_s + key, u"applies to sqlite only"_s, {} };
        // The URL may be left out (a built-in example for a server): --backend or the app supplies it.
        if (auto f = string(o, u"url"_s, u"backend"_s, s.backend.url, false))
            return f;
        if (!s.backend.url.isEmpty()) {
            QString why;
            const auto url = ServerUrl::parse(s.backend.url, &why);
            if (!url)
                return Failure { u"backend.url"_s, why, {} };
            const bool pg = url->kind == ServerUrl::Kind::Postgresql;
            if (pg != (s.backend.kind == BackendSpec::Kind::Postgresql))
                return Failure { u"backend.url"_s,
                    u"is a %1 URL but backend.kind is \"%2\""_s.arg(
                        pg ? u"postgresql"_s : u"mysql"_s, BackendSpec::kindName(s.backend.kind)),
                    {} };
        }
        if (auto f = milliseconds(o, u"lock_timeout_ms"_s, s.backend.lockTimeoutMs))
            return f;
        return replyTimeout(o);
    }

    std::optional<Failure> replyTimeout(const QJsonObject& o)
    {
        if (auto f = milliseconds(o, u"reply_timeout_ms"_s, s.backend.replyTimeoutMs))
            return f;
        if (s.backend.replyTimeoutMs < 1000)
            return Failure { u"backend.reply_timeout_ms"_s,
                u"must be at least 1000 ms: one statement, or one round trip to a server, takes time"_s, {} };
        return std::nullopt;
    }

    static std::optional<Failure> milliseconds(const QJsonObject& o, const QString& key, int& out)
    {
        if (!o.contains(key))
            return std::nullopt;
        const QJsonValue t = o.value(key);
        if (!t.isDouble() || t.toDouble() < 0 || t.toDouble() > 600000 || t.toDouble() != double(t.toInt()))
            return Failure { u"backend."_s + key, u"must be a whole number of milliseconds from 0 to 600000"_s, {} };
        out = t.toInt();
        return std::nullopt;
    }

    std::optional<Failure> readTable(const QJsonObject& o)
    {
        if (auto f = unknownKeys(o, { u"name"_s, u"model"_s, u"columns"_s, u"constraints"_s, u"rows"_s }, u"table"_s))
            return f;
        TableSpec& t = s.table;
        if (auto f = string(o, u"name"_s, u"table"_s, t.name, true))
            return f;
        if (!identifierPattern().match(t.name).hasMatch())
            return Failure { u"table.name"_s,
                u"\"%1\" is not a valid table name (letters, digits and _, not starting with a digit)"_s.arg(t.name),
                {} };
        if (t.name.startsWith(u"sqlite_"_s, Qt::CaseInsensitive))
            return Failure { u"table.name"_s, u"names starting with sqlite_ are reserved by SQLite"_s, {} };
        if (auto f = string(o, u"model"_s, u"table"_s, t.model, false))
            return f;
        if (t.model.isEmpty())
            t.model = camelCase(t.name);
        const QJsonValue columns = o.value(u"columns"_s);
        if (!columns.isArray() || columns.toArray().isEmpty())
            return Failure { u"table.columns"_s, u"must be a non-empty list of columns"_s, {} };
        QSet<QString> seen;
        const QJsonArray columnArray = columns.toArray();
        for (qsizetype i = 0; i < columnArray.size(); ++i) {
            const QString path = u"table.columns[%1]"_s.arg(i);
            if (!columnArray[i].isObject())
                return Failure { path,
                    u"must be an object such as {\"name\": \"user_id\", \"type\": \"varchar(32)\"}"_s, {} };
            const QJsonObject c = columnArray[i].toObject();
            if (auto f = unknownKeys(c, { u"name"_s, u"type"_s, u"nullable"_s, u"default"_s }, path))
                return f;
            ColumnSpec column;
            if (auto f = string(c, u"name"_s, path, column.name, true))
                return f;
            if (!identifierPattern().match(column.name).hasMatch())
                return Failure { path + u".name"_s, u"\"%1\" is not a valid column name"_s.arg(column.name), {} };
            if (column.name.compare(u"id"_s, Qt::CaseInsensitive) == 0)
                return Failure { path + u".name"_s,
                    u"\"id\" is the implicit primary key every table has; choose another name"_s, {} };
            if (seen.contains(column.name.toLower()))
                return Failure { path + u".name"_s, u"duplicate column \"%1\""_s.arg(column.name), {} };
            seen.insert(column.name.toLower());
            if (auto f = string(c, u"type"_s, path, column.type, true))
                return f;
            if (!typePattern().match(column.type.trimmed()).hasMatch() || !knownTypeWords(column.type.trimmed()))
                return Failure { path + u".type"_s,
                    u"\"%1\" is not a column type (examples: varchar(32), text, integer)"_s.arg(column.type), {} };
            column.type = column.type.trimmed();
            if (c.contains(u"nullable"_s)) {
                if (!c.value(u"nullable"_s).isBool())
                    return Failure { path + u".nullable"_s, u"must be true or false"_s, {} };
                column.nullable = c.value(u"nullable"_s).toBool();
            }
            if (c.contains(u"default"_s)) {
                const auto value = jsonToValue(c.value(u"default"_s));
                if (!value)
                    return Failure { path + u".default"_s, u"must be a string, number, true/false or null"_s, {} };
                if (value->isNull() && !column.nullable)
                    return Failure { path + u".default"_s,
                        u"\"%1\" is NOT NULL, so it cannot default to NULL; give a value or make it nullable"_s.arg(
                            column.name),
                        {} };
                column.hasDefault = true;
                column.defaultValue = *value;
            }
            t.columns.append(column);
        }
        const QJsonArray constraints = o.value(u"constraints"_s).toArray();
        if (o.contains(u"constraints"_s) && !o.value(u"constraints"_s).isArray())
            return Failure { u"table.constraints"_s, u"must be a list"_s, {} };
        for (qsizetype i = 0; i < constraints.size(); ++i) {
            const QString path = u"table.constraints[%1]"_s.arg(i);
            if (!constraints[i].isObject())
                return Failure { path,
                    u"must be an object such as {\"kind\": \"unique\", \"columns\": [\"user_id\"]}"_s, {} };
            const QJsonObject c = constraints[i].toObject();
            if (auto f = unknownKeys(c, { u"kind"_s, u"columns"_s, u"expressions"_s, u"where"_s, u"name"_s }, path))
                return f;
            ConstraintSpec constraint;
            if (auto f = string(c, u"kind"_s, path, constraint.kind, false))
                return f;
            if (constraint.kind != u"unique"_s)
                return Failure { path + u".kind"_s,
                    u"unknown constraint kind \"%1\"; expected \"unique\""_s.arg(constraint.kind), {} };
            if (c.contains(u"expressions"_s)) {
                if (auto f = readExpressions(c, path, constraint))
                    return f;
            }
            const QJsonArray cols = c.value(u"columns"_s).toArray();
            if (cols.isEmpty() && constraint.expressions.isEmpty())
                return Failure { path + u".columns"_s, u"must list at least one column"_s, {} };
            for (qsizetype k = 0; k < cols.size(); ++k) {
                const QString name = cols[k].toString();
                if (!t.column(name))
                    return Failure { path + u".columns"_s,
                        u"unknown column \"%1\""_s.arg(cols[k].isString() ? name : u"?"_s),
                        path + u".columns[%1]"_s.arg(k) };
                constraint.columns.append(name);
            }
            if (auto f = string(c, u"where"_s, path, constraint.where, false))
                return f;
            // The predicate is parsed here, with the columns it may name, so that a bad one is refused at its
            // character instead of at set-up; the backends parse it again and write SQL from the tree.
            Predicate::Error problem;
            if (!constraint.where.isEmpty() && !Predicate::parse(constraint.where, t, &problem))
                return Failure { path + u".where"_s, problem.message, {}, problem.offset };
            if (auto f = string(c, u"name"_s, path, constraint.name, false))
                return f;
            if (!constraint.name.isEmpty() && !identifierPattern().match(constraint.name).hasMatch())
                return Failure { path + u".name"_s, u"\"%1\" is not a valid index name"_s.arg(constraint.name), {} };
            t.constraints.append(constraint);
        }
        if (o.contains(u"rows"_s) && !o.value(u"rows"_s).isArray())
            return Failure { u"table.rows"_s, u"must be a list of objects"_s, {} };
        const QJsonArray rows = o.value(u"rows"_s).toArray();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QString path = u"table.rows[%1]"_s.arg(i);
            if (!rows[i].isObject())
                return Failure { path, u"must be an object of column values"_s, {} };
            QVariantMap row;
            if (auto f = readValues(rows[i].toObject(), path, row))
                return f;
            for (const ColumnSpec& column : std::as_const(t.columns)) {
                const bool defaulted = !row.contains(column.name) && column.hasDefault;
                if (!column.nullable && !defaulted && row.value(column.name).isNull())
                    return Failure { path, u"column \"%1\" is not nullable and has no value"_s.arg(column.name), {} };
            }
            t.rows.append(row);
        }
        return std::nullopt;
    }

    // UniqueConstraint(Lower("name"), name=...): expressions instead of columns, as Django allows one or the other.
    std::optional<Failure> readExpressions(const QJsonObject& c, const QString& path, ConstraintSpec& constraint) const
    {
        const QJsonValue value = c.value(u"expressions"_s);
        if (!value.isArray() || value.toArray().isEmpty())
            return Failure { path + u".expressions"_s, u"must be a non-empty list such as [\"lower(name)\"]"_s, {} };
        if (c.contains(u"columns"_s))
            return Failure { path + u".expressions"_s,
                u"a constraint has columns or expressions, not both (Django: \"UniqueConstraint.fields and "
                "expressions are mutually exclusive.\")"_s,
                {} };
        const QJsonArray list = value.toArray();
        if (list.size() > 16)
            return Failure { path + u".expressions"_s, u"at most 16 expressions, found %1"_s.arg(list.size()), {} };
        for (qsizetype k = 0; k < list.size(); ++k) {
            const QString at = path + u".expressions[%1]"_s.arg(k);
            if (!list.at(k).isString())
                return Failure { at, u"must be a string such as \"lower(name)\""_s, {} };
            QString why;
            const auto e = IndexExpression::parse(list.at(k).toString(), s.table, &why);
            if (!e)
                return Failure { at, why, {} };
            constraint.expressions.append(e->text());
        }
        return std::nullopt;
    }

    std::optional<Failure> readValues(const QJsonObject& o, const QString& path, QVariantMap& out) const
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!s.table.column(it.key()))
                return Failure { path, u"unknown column \"%1\"; the table has %2"_s.arg(it.key(), columnList()),
                    path + u'.' + it.key() };
            const auto value = jsonToValue(it.value());
            if (!value)
                return Failure { path + u'.' + it.key(), u"must be a string, number, true/false or null"_s, {} };
            out.insert(it.key(), *value);
        }
        return std::nullopt;
    }

    // get_or_create(**lookup): each key a column with an optional field lookup ("name__iexact"), each value what
    // that lookup takes (a list for __in, true/false for __isnull).
    std::optional<Failure> readLookup(const QJsonObject& o, const QString& path, QVariantMap& out) const
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString at = path + u'.' + it.key();
            QString why;
            const auto field = FieldLookup::parse(it.key(), &why);
            if (!field)
                return Failure { path, why, at };
            if (!s.table.column(field->column()))
                return Failure { path, u"unknown column \"%1\"; the table has %2"_s.arg(field->column(), columnList()),
                    at };
            QVariant value;
            if (it.value().isArray()) {
                if (it.value().toArray().size() > 1000)
                    return Failure { at, u"at most 1000 values, found %1"_s.arg(it.value().toArray().size()), {} };
                QVariantList list;
                if (auto f = readScalars(it.value(), at, list))
                    return f;
                value = list;
            } else {
                const auto scalar = jsonToValue(it.value());
                if (!scalar)
                    return Failure { at, u"must be a string, number, true/false or null"_s, {} };
                value = *scalar;
            }
            if (const auto problem = field->valueProblem(value))
                return Failure { at, *problem, {} };
            out.insert(it.key(), value);
        }
        return std::nullopt;
    }

    QString columnList() const
    {
        QStringList names;
        for (const ColumnSpec& c : std::as_const(s.table.columns))
            names.append(c.name);
        return names.join(u", "_s);
    }

    std::optional<Failure> readWorkers(const QJsonArray& workers)
    {
        if (workers.isEmpty())
            return Failure { u"workers"_s, u"needs at least one worker"_s, {} };
        if (workers.size() > 64)
            return Failure { u"workers"_s, u"at most 64 workers, found %1"_s.arg(workers.size()), {} };
        QSet<QString> names;
        for (qsizetype i = 0; i < workers.size(); ++i) {
            const QString path = u"workers[%1]"_s.arg(i);
            if (!workers[i].isObject())
                return Failure { path,
                    u"must be an object such as {\"name\": \"A\", \"recipe\": \"django_get_or_create\", ...}"_s, {} };
            const QJsonObject o = workers[i].toObject();
            if (auto f = unknownKeys(o,
                    { u"name"_s, u"recipe"_s, u"lookup"_s, u"defaults"_s, u"atomic"_s, u"lock"_s, u"column"_s,
                        u"batch"_s, u"retries"_s, u"statements"_s, u"before"_s, u"django"_s, u"create_defaults"_s,
                        u"expected_errors"_s },
                    path))
                return f;
            WorkerSpec w;
            if (auto f = string(o, u"name"_s, path, w.name, true))
                return f;
            if (!workerNamePattern().match(w.name).hasMatch())
                return Failure { path + u".name"_s,
                    u"\"%1\" is not a worker name (a letter, then up to 15 letters, digits or _)"_s.arg(w.name), {} };
            if (names.contains(w.name))
                return Failure { path + u".name"_s, u"duplicate worker name \"%1\""_s.arg(w.name), {} };
            names.insert(w.name);
            if (auto f = string(o, u"recipe"_s, path, w.recipe, true))
                return f;
            if (!Recipe::find(w.recipe)) {
                QStringList known;
                for (const Recipe& r : Recipe::all())
                    known.append(r.name);
                return Failure { path + u".recipe"_s,
                    u"unknown recipe \"%1\"; expected one of: %2"_s.arg(w.recipe, known.join(u", "_s)), {} };
            }
            // bulk_create and sql find no row; a lookup there only names the rows the verdict counts.
            const bool needsLookup = !recipeTakes(u"statements"_s, w.recipe) && !recipeTakes(u"batch"_s, w.recipe);
            if (!o.value(u"lookup"_s).isObject() && (needsLookup || o.contains(u"lookup"_s)))
                return Failure { path + u".lookup"_s,
                    o.contains(u"lookup"_s) ? u"must be an object of column values"_s : u"missing"_s, {} };
            if (auto f = readLookup(o.value(u"lookup"_s).toObject(), path + u".lookup"_s, w.lookup))
                return f;
            if (w.lookup.isEmpty() && needsLookup)
                return Failure { path + u".lookup"_s, u"get_or_create() must be passed at least one keyword argument"_s,
                    {} };
            if (o.contains(u"defaults"_s) && !o.value(u"defaults"_s).isObject())
                return Failure { path + u".defaults"_s, u"must be an object of column values"_s, {} };
            if (auto f = readValues(o.value(u"defaults"_s).toObject(), path + u".defaults"_s, w.defaults))
                return f;
            if (o.contains(u"atomic"_s)) {
                if (!o.value(u"atomic"_s).isBool())
                    return Failure { path + u".atomic"_s, u"must be true or false"_s, {} };
                w.atomic = o.value(u"atomic"_s).toBool();
            }
            if (auto f = readDjango(o, path, w.django))
                return f;
            if (auto f = readRecipeFields(o, path, w))
                return f;
            if (auto f = readCreateDefaults(o, path, w))
                return f;
            if (auto f = readExpectedErrors(o, path, w))
                return f;
            s.workers.append(w);
        }
        return std::nullopt;
    }

    // update_or_create(create_defaults=...): new in Django 5.0, and only update_or_create takes it.
    std::optional<Failure> readCreateDefaults(const QJsonObject& o, const QString& path, WorkerSpec& w) const
    {
        if (!o.contains(u"create_defaults"_s))
            return std::nullopt;
        const QString field = path + u".create_defaults"_s;
        if (w.recipe != u"update_or_create"_s)
            return Failure { field,
                u"the recipe %1 does not take \"create_defaults\"; only update_or_create does"_s.arg(w.recipe), {} };
        const DjangoVersion version = s.djangoFor(w);
        if (version < DjangoVersion { 5, 0 })
            return Failure { field,
                u"update_or_create() takes create_defaults from Django 5.0 on; this worker runs Django %1 (set "
                "\"django\": \"5.2\", or leave create_defaults out)"_s.arg(version.toString()),
                {} };
        if (!o.value(u"create_defaults"_s).isObject())
            return Failure { field, u"must be an object of column values"_s, {} };
        QVariantMap values;
        if (auto f = readValues(o.value(u"create_defaults"_s).toObject(), field, values))
            return f;
        w.createDefaults = values;
        return std::nullopt;
    }

    // "expected_errors": ["Busy"]: the failures a worker may end with while the run still holds.
    static std::optional<Failure> readExpectedErrors(const QJsonObject& o, const QString& path, WorkerSpec& w)
    {
        if (!o.contains(u"expected_errors"_s))
            return std::nullopt;
        const QString field = path + u".expected_errors"_s;
        if (!o.value(u"expected_errors"_s).isArray())
            return Failure { field, u"must be a list of results such as [\"IntegrityError\"]"_s, {} };
        const QJsonArray list = o.value(u"expected_errors"_s).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = u"%1[%2]"_s.arg(field).arg(i);
            if (!list.at(i).isString())
                return Failure { at, u"must be a string such as \"IntegrityError\""_s, {} };
            QString why;
            const auto kind = expectedErrorKind(list.at(i).toString(), &why);
            if (!kind)
                return Failure { at, why, {} };
            const QString name = WorkerResult::kindName(*kind);
            if (w.expectedErrors.contains(name))
                return Failure { at, u"%1 is listed twice"_s.arg(name), {} };
            w.expectedErrors.append(name);
        }
        return std::nullopt;
    }

    // "expect": ["likes = 2", "exactly one row where user_id = 'u1'"]: what the final rows must show.
    std::optional<Failure> readExpect(const QJsonValue& value)
    {
        static constexpr qsizetype maxExpectations = 100;
        if (!value.isArray())
            return Failure { u"expect"_s,
                u"must be a list of expectations such as [\"likes = 2\", \"no row where flag = 1\"]"_s, {} };
        const QJsonArray list = value.toArray();
        if (list.size() > maxExpectations)
            return Failure { u"expect"_s, u"at most %1 expectations, found %2"_s.arg(maxExpectations).arg(list.size()),
                {} };
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = u"expect[%1]"_s.arg(i);
            if (!list.at(i).isString())
                return Failure { at,
                    u"must be a string such as \"likes = 2\" or \"exactly one row where user_id = 'u1'\""_s, {} };
            Expectation::Error problem;
            if (!Expectation::parse(list.at(i).toString(), s.table, &problem))
                return Failure { at, problem.message, {}, problem.offset };
            s.expect.append(list.at(i).toString());
        }
        return std::nullopt;
    }

    // "goal": {"text": "Make the table end with 2 rows", "rows": 2}: a challenge's (challenge mode). Besides the text,
    // one or more of: "rows", the table's final row count; "worker" and "result", how that worker ends (a result's
    // name as its badge says it, or a list of them, any of which will do); "expect", one expectation on the final
    // rows, as the top-level "expect" writes it.
    std::optional<Failure> readGoal(const QJsonValue& value)
    {
        if (!value.isObject())
            return Failure { u"goal"_s, u"must be an object such as {\"text\": \"...\", \"rows\": 2}"_s, {} };
        const QJsonObject o = value.toObject();
        if (auto f = unknownKeys(o, { u"text"_s, u"rows"_s, u"worker"_s, u"result"_s, u"expect"_s }, u"goal"_s))
            return f;
        GoalSpec goal;
        if (auto f = string(o, u"text"_s, u"goal"_s, goal.text, true))
            return f;
        if (!o.contains(u"rows"_s) && !o.contains(u"result"_s) && !o.contains(u"expect"_s))
            return Failure { u"goal"_s,
                u"says nothing to reach: give \"rows\", \"worker\" and \"result\", or \"expect\""_s, {} };
        if (o.contains(u"rows"_s)) {
            const QJsonValue rows = o.value(u"rows"_s);
            if (!rows.isDouble() || rows.toDouble() != std::floor(rows.toDouble()) || rows.toDouble() < 0
                || rows.toDouble() > 1'000'000)
                return Failure { u"goal.rows"_s, u"must be a whole number of rows, 0 or more"_s, {} };
            goal.rows = rows.toInt();
        }
        if (o.contains(u"worker"_s) != o.contains(u"result"_s))
            return Failure { o.contains(u"worker"_s) ? u"goal.worker"_s : u"goal.result"_s,
                u"\"worker\" and \"result\" go together: whose result, and which"_s, {} };
        if (o.contains(u"worker"_s)) {
            if (auto f = string(o, u"worker"_s, u"goal"_s, goal.worker, true))
                return f;
            if (s.workerIndex(goal.worker) < 0)
                return Failure { u"goal.worker"_s,
                    u"no worker \"%1\"; the workers are %2"_s.arg(goal.worker, s.workerNames().join(u", "_s)), {} };
            const QJsonValue result = o.value(u"result"_s);
            const QJsonArray list = result.isArray() ? result.toArray() : QJsonArray { result };
            if (list.isEmpty())
                return Failure { u"goal.result"_s, u"must name a result"_s, {} };
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QString at = result.isArray() ? u"goal.result[%1]"_s.arg(i) : u"goal.result"_s;
                if (!list.at(i).isString())
                    return Failure { at, u"must be a result such as \"got\" or \"Deadlock\""_s, {} };
                const QString name = list.at(i).toString();
                QStringList known;
                for (int k = 0; k <= int(ResultKind::Error); ++k) {
                    const WorkerResult r { ResultKind(k), {}, {}, true };
                    known.append(WorkerResult::kindName(ResultKind(k)));
                    if (!r.isFailure())
                        known.append(r.text());
                }
                if (!known.contains(name))
                    return Failure { at, u"unknown result \"%1\"; expected one of: %2"_s.arg(name, known.join(u", "_s)),
                        {} };
                goal.results.append(name);
            }
        }
        if (o.contains(u"expect"_s)) {
            if (auto f = string(o, u"expect"_s, u"goal"_s, goal.expect, true))
                return f;
            Expectation::Error problem;
            if (!Expectation::parse(goal.expect, s.table, &problem))
                return Failure { u"goal.expect"_s, problem.message, {}, problem.offset };
        }
        s.goal = goal;
        return std::nullopt;
    }

    // The recipes that read each recipe-specific field.
    static QStringList recipesTaking(const QString& field)
    {
        if (field == u"lock"_s)
            return { u"lock_table"_s };
        if (field == u"column"_s)
            return { u"counter_read_modify_write"_s, u"counter_atomic"_s };
        if (field == u"batch"_s)
            return { u"bulk_create"_s, u"bulk_create_missing"_s };
        if (field == u"retries"_s)
            return { u"serializable_retry"_s };
        if (field == u"statements"_s)
            return { u"sql"_s };
        if (field == u"before"_s)
            return { u"django_get_or_create"_s, u"naive_get_or_create"_s, u"select_for_update"_s, u"update_or_create"_s,
                u"serializable_retry"_s, u"upsert"_s, u"counter_read_modify_write"_s, u"counter_atomic"_s };
        return {};
    }

    static bool recipeTakes(const QString& field, const QString& recipe)
    {
        return recipesTaking(field).contains(recipe);
    }

    static bool isIntegerType(const QString& type)
    {
        static const QRegularExpression pattern(
            u"^(tiny|small|medium|big)?int(eger)?( unsigned)?(\\s*\\(\\s*\\d+\\s*\\))?$|^(numeric|decimal)\\s*\\(\\s*\\d+\\s*(,\\s*0\\s*)?\\)$"_s,
            QRegularExpression::CaseInsensitiveOption);
        return pattern.match(type.trimmed()).hasMatch();
    }

    // A JSON list of scalars (a statement's params, one expected row).
    static std::optional<Failure> readScalars(const QJsonValue& value, const QString& path, QVariantList& out)
    {
        if (!value.isArray())
            return Failure { path, u"must be a list of values"_s, {} };
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const auto v = jsonToValue(list.at(i));
            if (!v)
                return Failure { u"%1[%2]"_s.arg(path).arg(i), u"must be a string, number, true/false or null"_s, {} };
            out.append(*v);
        }
        return std::nullopt;
    }

    // A list of literal statements (the sql recipe's, a worker's "before"): each a string of SQL or an object with
    // sql, params and expect, checked by LiteralSql for the scenario's own database.
    std::optional<Failure> readStatements(
        const QJsonArray& statements, const QString& path, QList<SqlStatementSpec>& out) const
    {
        for (qsizetype i = 0; i < statements.size(); ++i) {
            const QString sPath = u"%1[%2]"_s.arg(path).arg(i);
            const QJsonValue v = statements.at(i);
            SqlStatementSpec st;
            if (v.isString()) {
                st.sql = v.toString();
            } else if (v.isObject()) {
                const QJsonObject so = v.toObject();
                if (auto f = unknownKeys(so,
                        { u"sql"_s, u"params"_s, u"expect"_s, u"expect_ordered"_s, u"expect_error"_s, u"step"_s,
                            u"step_blockers"_s },
                        sPath))
                    return f;
                if (auto f = string(so, u"sql"_s, sPath, st.sql, true))
                    return f;
                if (auto f = string(so, u"step"_s, sPath, st.step, false))
                    return f;
                if (so.contains(u"step_blockers"_s)) {
                    const QJsonValue b = so.value(u"step_blockers"_s);
                    const QString field = sPath + u".step_blockers"_s;
                    if (!b.isArray())
                        return Failure { field, u"must be a list of markers such as [\"*\"] or [\"s1c\"]"_s, {} };
                    for (const QJsonValue& marker : b.toArray()) {
                        if (!marker.isString() || marker.toString().trimmed().isEmpty())
                            return Failure { field,
                                u"each marker must be a non-empty string: \"*\", a step's name, or "
                                "\"<step> notices <n>\""_s,
                                {} };
                        st.stepBlockers.append(marker.toString().trimmed());
                    }
                    if (st.step.isEmpty())
                        return Failure { field, u"needs the statement's \"step\" name to mark"_s, {} };
                }
                if (so.contains(u"params"_s))
                    if (auto f = readScalars(so.value(u"params"_s), sPath + u".params"_s, st.params))
                        return f;
                if (so.contains(u"expect"_s)) {
                    if (!so.value(u"expect"_s).isArray())
                        return Failure { sPath + u".expect"_s,
                            u"must be a list of rows, each a list of values, such as [[1, \"foo\"]]"_s, {} };
                    const QJsonArray rows = so.value(u"expect"_s).toArray();
                    QList<QVariantList> expect;
                    for (qsizetype r = 0; r < rows.size(); ++r) {
                        QVariantList row;
                        if (auto f = readScalars(rows.at(r), u"%1.expect[%2]"_s.arg(sPath).arg(r), row))
                            return f;
                        expect.append(row);
                    }
                    st.expect = expect;
                }
                if (so.contains(u"expect_ordered"_s)) {
                    if (!so.value(u"expect_ordered"_s).isBool())
                        return Failure { sPath + u".expect_ordered"_s, u"must be true or false"_s, {} };
                    if (!so.contains(u"expect"_s))
                        return Failure { sPath + u".expect_ordered"_s, u"needs \"expect\" rows to order"_s, {} };
                    st.expectOrdered = so.value(u"expect_ordered"_s).toBool();
                }
                if (so.contains(u"expect_error"_s)) {
                    const QJsonValue e = so.value(u"expect_error"_s);
                    static const QRegularExpression code(u"^[A-Za-z0-9]{1,32}$"_s);
                    if (!e.isString() || !code.match(e.toString()).hasMatch())
                        return Failure { sPath + u".expect_error"_s,
                            u"must be a SQLSTATE (\"40001\"), a native error code (\"1213\") or an error class "
                            "(\"SerializationFailure\", \"Deadlock\")"_s,
                            {} };
                    if (so.contains(u"expect"_s))
                        return Failure { sPath + u".expect_error"_s,
                            u"a statement expects either rows (\"expect\") or an error, not both"_s, {} };
                    st.expectError = e.toString();
                }
            } else {
                return Failure { sPath,
                    u"must be a string of SQL or an object such as {\"sql\": \"...\", \"params\": [...], "
                    "\"expect\": [[...]]}"_s,
                    {} };
            }
            // Checked for the scenario's own database; validate() checks again when a run switches it.
            const QString sqlPath = v.isString() ? sPath : sPath + u".sql"_s;
            if (st.sql.trimmed().isEmpty())
                return Failure { sqlPath, u"must not be empty"_s, {} };
            if (const auto problem = LiteralSql::check(s.backend.kind, st.sql, s.table))
                return Failure { sqlPath, problem->message, {}, problem->offset };
            out.append(st);
        }
        return std::nullopt;
    }

    std::optional<Failure> readRecipeFields(const QJsonObject& o, const QString& path, WorkerSpec& w) const
    {
        for (const QString& field :
            { u"lock"_s, u"column"_s, u"batch"_s, u"retries"_s, u"statements"_s, u"before"_s }) {
            const QStringList takers = recipesTaking(field);
            if (o.contains(field) && !takers.contains(w.recipe))
                return Failure { path + u'.' + field,
                    u"the recipe %1 does not take \"%2\"; only %3 %4"_s.arg(
                        w.recipe, field, takers.join(u" and "_s), takers.size() > 1 ? u"do"_s : u"does"_s),
                    {} };
        }
        if (o.contains(u"lock"_s)) {
            static const QStringList modes { u"ACCESS SHARE"_s, u"ROW SHARE"_s, u"ROW EXCLUSIVE"_s,
                u"SHARE UPDATE EXCLUSIVE"_s, u"SHARE"_s, u"SHARE ROW EXCLUSIVE"_s, u"EXCLUSIVE"_s,
                u"ACCESS EXCLUSIVE"_s };
            if (auto f = string(o, u"lock"_s, path, w.lock, true))
                return f;
            // The mode is written into the LOCK statement (it cannot be a parameter), so only PostgreSQL's own.
            const QString written = w.lock;
            w.lock = w.lock.simplified().toUpper();
            if (!modes.contains(w.lock))
                return Failure { path + u".lock"_s,
                    u"unknown lock mode \"%1\"; expected one of: %2"_s.arg(written, modes.join(u", "_s)), {} };
        }
        if (recipeTakes(u"column"_s, w.recipe)) {
            if (auto f = string(o, u"column"_s, path, w.column, true))
                return f;
            const ColumnSpec* c = s.table.column(w.column);
            if (!c)
                return Failure { path + u".column"_s,
                    u"unknown column \"%1\"; the table has %2"_s.arg(w.column, columnList()), {} };
            if (!isIntegerType(c->type))
                return Failure { path + u".column"_s,
                    u"column \"%1\" is %2, not an integer column a counter can count in"_s.arg(w.column, c->type), {} };
        }
        if (recipeTakes(u"batch"_s, w.recipe)) {
            const QJsonValue batch = o.value(u"batch"_s);
            if (!batch.isArray() || batch.toArray().isEmpty())
                return Failure { path + u".batch"_s,
                    o.contains(u"batch"_s) ? u"must be a non-empty list of row objects"_s : u"missing"_s, {} };
            const QJsonArray rows = batch.toArray();
            if (rows.size() > 1000)
                return Failure { path + u".batch"_s, u"at most 1000 rows, found %1"_s.arg(rows.size()), {} };
            for (qsizetype i = 0; i < rows.size(); ++i) {
                const QString rowPath = u"%1.batch[%2]"_s.arg(path).arg(i);
                if (!rows.at(i).isObject())
                    return Failure { rowPath, u"must be an object of column values"_s, {} };
                QVariantMap row;
                if (auto f = readValues(rows.at(i).toObject(), rowPath, row))
                    return f;
                w.batch.append(row);
            }
        }
        if (o.contains(u"retries"_s)) {
            const QJsonValue r = o.value(u"retries"_s);
            if (!r.isDouble() || r.toDouble() != double(r.toInt()) || r.toInt() < 1 || r.toInt() > 100)
                return Failure { path + u".retries"_s, u"must be a whole number of attempts from 1 to 100"_s, {} };
            w.retries = r.toInt();
        }
        if (recipeTakes(u"statements"_s, w.recipe)) {
            const QJsonValue list = o.value(u"statements"_s);
            if (!list.isArray() || list.toArray().isEmpty())
                return Failure { path + u".statements"_s,
                    o.contains(u"statements"_s) ? u"must be a non-empty list of statements"_s : u"missing"_s, {} };
            if (auto f = readStatements(list.toArray(), path + u".statements"_s, w.statements))
                return f;
        }
        if (o.contains(u"before"_s)) {
            const QJsonValue list = o.value(u"before"_s);
            if (!list.isArray() || list.toArray().isEmpty())
                return Failure { path + u".before"_s, u"must be a non-empty list of statements"_s, {} };
            if (auto f = readStatements(list.toArray(), path + u".before"_s, w.before))
                return f;
            // Inside the block only where the recipe's first statement opens the outer atomic block the view's code
            // runs in; the others are autocommit code, or open only an inner block of their own.
            static const QStringList outer { u"django_get_or_create"_s, u"select_for_update"_s, u"update_or_create"_s,
                u"serializable_retry"_s };
            if (w.atomic && !outer.contains(w.recipe))
                return Failure { path + u".atomic"_s,
                    u"the recipe %1 runs no outer atomic block for \"before\" to run in; with \"atomic\": true, "
                    "\"before\" is taken by %2"_s.arg(w.recipe, outer.join(u", "_s)),
                    {} };
        }
        return std::nullopt;
    }

    std::optional<Failure> readSchedule(const QJsonValue& value)
    {
        if (!value.isObject())
            return Failure { u"schedule"_s, u"must be an object such as {\"mode\": \"free\"}"_s, {} };
        const QJsonObject o = value.toObject();
        if (auto f = unknownKeys(o, { u"mode"_s, u"script"_s, u"jitter_us"_s, u"trials"_s }, u"schedule"_s))
            return f;
        QString mode = u"free"_s;
        if (auto f = string(o, u"mode"_s, u"schedule"_s, mode, false))
            return f;
        const std::optional<ScheduleSpec::Mode> parsedMode = ScheduleSpec::modeFromName(mode);
        if (!parsedMode)
            return Failure { u"schedule.mode"_s,
                u"unknown mode \"%1\"; expected \"free\", \"script\", \"step\", \"explore\" or \"stress\""_s.arg(mode),
                {} };
        s.schedule.mode = *parsedMode;
        if (o.contains(u"trials"_s)) {
            const QJsonValue t = o.value(u"trials"_s);
            if (!t.isDouble() || t.toDouble() < 1 || t.toDouble() > double(ScheduleSpec::maxTrials)
                || t.toDouble() != double(qint64(t.toDouble())))
                return Failure { u"schedule.trials"_s,
                    u"must be a whole number of trials from 1 to %1"_s.arg(ScheduleSpec::maxTrials), {} };
            if (s.schedule.mode != ScheduleSpec::Mode::Stress)
                return Failure { u"schedule.trials"_s, u"only the stress mode runs trials"_s, {} };
            s.schedule.trials = qint64(t.toDouble());
        }
        if (o.contains(u"jitter_us"_s)) {
            const QJsonValue j = o.value(u"jitter_us"_s);
            if (!j.isDouble() || j.toDouble() < 0 || j.toDouble() > 1e7 || j.toDouble() != double(j.toInt()))
                return Failure { u"schedule.jitter_us"_s,
                    u"must be a whole number of microseconds from 0 to 10000000"_s, {} };
            // As with trials: a field the mode would ignore is refused, not carried silently (0 is "no pause" in
            // every mode).
            if (j.toInt() > 0 && s.schedule.mode != ScheduleSpec::Mode::Free
                && s.schedule.mode != ScheduleSpec::Mode::Stress)
                return Failure { u"schedule.jitter_us"_s,
                    u"only the free and stress modes pause at random; script, step and explore run the statements in "
                    "an order of their own"_s,
                    {} };
            s.schedule.jitterUs = j.toInt();
        }
        if (o.contains(u"script"_s) && !o.value(u"script"_s).isString())
            return Failure { u"schedule.script"_s, u"must be a string such as \"A,B,A,B\""_s, {} };
        ScenarioError error;
        const auto script = Scenario::parseScript(o.value(u"script"_s).toString(), s, &error);
        if (!script)
            return Failure { error.field, error.message, {} };
        s.schedule.script = *script;
        if (s.schedule.mode == ScheduleSpec::Mode::Script && s.schedule.script.isEmpty())
            return Failure { u"schedule.script"_s, u"script mode needs a script such as \"A,B,A,B\""_s, {} };
        return std::nullopt;
    }

    Scenario& s;
};

} // namespace

std::optional<ReadFailure> readScenario(const QJsonObject& root, Scenario& scenario)
{
    return Reader(scenario).read(root);
}

} // namespace interleave
