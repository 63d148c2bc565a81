// SPDX-License-Identifier: MIT
#include "literalaccess.h"

#include "pgquery.h"
#include "predicate.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace interleave::LiteralAccess {

namespace {

// Thrown out of the tree walk with the reason the statement's access cannot be told.
struct Unreadable {
    QString why;
};

class Reader {
public:
    Reader(const QVariantList& params, const TableSpec& table)
        : m_params(params)
        , m_table(table)
    {
    }

    // Whether a RangeVar names the scenario's table (PostgreSQL folds an unquoted name to lower case).
    bool isTable(const QJsonObject& rangeVar) const
    {
        return rangeVar.value("relname"_L1).toString() == m_table.name && !rangeVar.contains("schemaname"_L1);
    }

    // A constant or a bound value: its value.
    QVariant value(const QJsonObject& node) const
    {
        if (node.contains("A_Const"_L1)) {
            const QJsonObject c = node.value("A_Const"_L1).toObject();
            if (c.value("isnull"_L1).toBool())
                return QVariant::fromValue(nullptr);
            if (c.contains("ival"_L1)) // protobuf's JSON leaves out a zero
                return qint64(c.value("ival"_L1).toObject().value("ival"_L1).toDouble());
            if (c.contains("fval"_L1)) {
                bool ok = false;
                const double v = c.value("fval"_L1).toObject().value("fval"_L1).toString().toDouble(&ok);
                if (!ok)
                    throw Unreadable { u"a number it cannot read"_s };
                return v;
            }
            if (c.contains("sval"_L1))
                return c.value("sval"_L1).toObject().value("sval"_L1).toString();
            if (c.contains("boolval"_L1))
                return c.value("boolval"_L1).toObject().value("boolval"_L1).toBool();
            throw Unreadable { u"a constant of a kind it cannot read"_s };
        }
        if (node.contains("ParamRef"_L1)) {
            const int number = node.value("ParamRef"_L1).toObject().value("number"_L1).toInt();
            if (number < 1 || number > m_params.size())
                throw Unreadable { u"a placeholder without a value"_s };
            return m_params.at(number - 1);
        }
        throw Unreadable { u"an expression, not a value"_s };
    }

    // A column of the table: its name (a qualifier must be the table's own name).
    QString column(const QJsonObject& node) const
    {
        const QJsonArray fields = node.value("ColumnRef"_L1).toObject().value("fields"_L1).toArray();
        if (fields.isEmpty() || fields.size() > 2)
            throw Unreadable { u"a column it cannot read"_s };
        if (fields.size() == 2
            && fields.at(0).toObject().value("String"_L1).toObject().value("sval"_L1) != m_table.name)
            throw Unreadable { u"a column of another table"_s };
        const QString name = fields.last().toObject().value("String"_L1).toObject().value("sval"_L1).toString();
        if (name.isEmpty())
            throw Unreadable { u"a column it cannot read"_s };
        return name;
    }

    // A value as Predicate's grammar writes it.
    static QString literal(const QVariant& value)
    {
        if (value.isNull())
            return u"NULL"_s;
        switch (value.typeId()) {
        case QMetaType::Bool:
            return value.toBool() ? u"TRUE"_s : u"FALSE"_s;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
            return value.toString();
        case QMetaType::Double: {
            const QString text = QString::number(value.toDouble(), 'f', 10);
            QString trimmed = text.contains(u'.') ? text : text + u".0"_s;
            while (trimmed.endsWith(u'0') && !trimmed.endsWith(u".0"_s))
                trimmed.chop(1);
            return trimmed;
        }
        case QMetaType::QString:
            return u'\'' + value.toString().replace(u'\'', u"''"_s) + u'\'';
        default:
            throw Unreadable { u"a value of a type it cannot compare"_s };
        }
    }

    QString operand(const QJsonObject& node) const
    {
        if (node.contains("ColumnRef"_L1))
            return u'"' + column(node).replace(u'"', u"\"\""_s) + u'"';
        return literal(value(node));
    }

    // A WHERE condition as Predicate's grammar writes it.
    QString condition(const QJsonObject& node, int depth = 0) const
    {
        if (depth > Predicate::maxDepth)
            throw Unreadable { u"a condition nested too deeply"_s };
        if (node.contains("BoolExpr"_L1)) {
            const QJsonObject b = node.value("BoolExpr"_L1).toObject();
            const QString op = b.value("boolop"_L1).toString();
            QStringList parts;
            for (const QJsonValue& arg : b.value("args"_L1).toArray())
                parts.append(u'(' + condition(arg.toObject(), depth + 1) + u')');
            if (op == "NOT_EXPR"_L1 && parts.size() == 1)
                return u"NOT "_s + parts.constFirst();
            if (op == "AND_EXPR"_L1)
                return parts.join(u" AND "_s);
            if (op == "OR_EXPR"_L1)
                return parts.join(u" OR "_s);
            throw Unreadable { u"a condition it cannot read"_s };
        }
        if (node.contains("NullTest"_L1)) {
            const QJsonObject t = node.value("NullTest"_L1).toObject();
            const bool isNull = t.value("nulltesttype"_L1).toString() == "IS_NULL"_L1;
            return operand(t.value("arg"_L1).toObject()) + (isNull ? u" IS NULL"_s : u" IS NOT NULL"_s);
        }
        if (node.contains("A_Expr"_L1)) {
            const QJsonObject e = node.value("A_Expr"_L1).toObject();
            const QString kind = e.value("kind"_L1).toString();
            const QString op =
                e.value("name"_L1).toArray().at(0).toObject().value("String"_L1).toObject().value("sval"_L1).toString();
            const QString left = operand(e.value("lexpr"_L1).toObject());
            if (kind == "AEXPR_OP"_L1) {
                static const QStringList compares { u"="_s, u"<>"_s, u"!="_s, u"<"_s, u"<="_s, u">"_s, u">="_s };
                if (!compares.contains(op))
                    throw Unreadable { u"the operator "_s + op };
                return left + u' ' + op + u' ' + operand(e.value("rexpr"_L1).toObject());
            }
            if (kind == "AEXPR_IN"_L1) {
                QStringList items;
                for (const QJsonValue& item :
                    e.value("rexpr"_L1).toObject().value("List"_L1).toObject().value("items"_L1).toArray())
                    items.append(literal(value(item.toObject())));
                if (items.isEmpty())
                    throw Unreadable { u"an IN list it cannot read"_s };
                return left + (op == "="_L1 ? u" IN ("_s : u" NOT IN ("_s) + items.join(u", "_s) + u')';
            }
        }
        throw Unreadable { u"a condition it cannot read"_s };
    }

    // The condition of a statement, checked by Predicate's grammar against the table's columns.
    QString where(const QJsonObject& statement) const
    {
        if (!statement.contains("whereClause"_L1))
            return {};
        const QString text = condition(statement.value("whereClause"_L1).toObject());
        Predicate::Error error;
        if (!Predicate::parse(text, m_table, &error))
            throw Unreadable { u"a condition it cannot read ("_s + error.message + u')' };
        return text;
    }

    std::shared_ptr<const RowAccess> select(const QJsonObject& s) const
    {
        const QJsonArray from = s.value("fromClause"_L1).toArray();
        if (from.isEmpty())
            return nullptr; // SELECT 1, SELECT pg_sleep(1): not about the table
        if (from.size() != 1 || !from.at(0).toObject().contains("RangeVar"_L1))
            throw Unreadable { u"a join or a subquery"_s };
        if (!isTable(from.at(0).toObject().value("RangeVar"_L1).toObject()))
            return nullptr;
        for (const char* clause :
            { "groupClause", "havingClause", "distinctClause", "withClause", "windowClause", "limitOffset", "larg" }) {
            if (s.contains(QLatin1StringView(clause)))
                throw Unreadable { u"a query with more than a WHERE"_s };
        }
        RowAccess access;
        access.kind = RowAccess::Kind::Read;
        access.where = where(s);
        access.locking = s.contains("lockingClause"_L1);
        for (const QJsonValue& target : s.value("targetList"_L1).toArray()) {
            const QJsonObject val = target.toObject().value("ResTarget"_L1).toObject().value("val"_L1).toObject();
            if (!val.contains("ColumnRef"_L1))
                access.computed = true;
        }
        return std::make_shared<const RowAccess>(std::move(access));
    }

    std::shared_ptr<const RowAccess> insert(const QJsonObject& s) const
    {
        if (!isTable(s.value("relation"_L1).toObject()))
            return nullptr;
        if (s.contains("onConflictClause"_L1)
            && s.value("onConflictClause"_L1).toObject().value("action"_L1).toString() != "ONCONFLICT_NOTHING"_L1)
            throw Unreadable { u"an upsert that updates"_s };
        QStringList columns;
        for (const QJsonValue& col : s.value("cols"_L1).toArray())
            columns.append(col.toObject().value("ResTarget"_L1).toObject().value("name"_L1).toString());
        if (columns.isEmpty()) {
            for (const ColumnSpec& c : m_table.columns)
                columns.append(c.name);
        }
        const QJsonObject select = s.value("selectStmt"_L1).toObject().value("SelectStmt"_L1).toObject();
        const QJsonArray lists = select.value("valuesLists"_L1).toArray();
        if (lists.isEmpty())
            throw Unreadable { u"an INSERT from a query"_s };
        RowAccess access;
        access.kind = RowAccess::Kind::Insert;
        access.ignoreConflicts = s.contains("onConflictClause"_L1);
        for (const QJsonValue& list : lists) {
            const QJsonArray items = list.toObject().value("List"_L1).toObject().value("items"_L1).toArray();
            if (items.size() != columns.size())
                throw Unreadable { u"an INSERT whose values do not match its columns"_s };
            QVariantMap row;
            for (const ColumnSpec& c : m_table.columns)
                row.insert(c.name, c.hasDefault ? c.defaultValue : QVariant::fromValue(nullptr));
            for (qsizetype i = 0; i < columns.size(); ++i)
                row.insert(columns.at(i), value(items.at(i).toObject()));
            access.rows.append(row);
        }
        return std::make_shared<const RowAccess>(std::move(access));
    }

    std::shared_ptr<const RowAccess> update(const QJsonObject& s) const
    {
        if (!isTable(s.value("relation"_L1).toObject()))
            return nullptr;
        if (s.contains("fromClause"_L1))
            throw Unreadable { u"an UPDATE with FROM"_s };
        RowAccess access;
        access.kind = RowAccess::Kind::Update;
        for (const QJsonValue& target : s.value("targetList"_L1).toArray()) {
            const QJsonObject t = target.toObject().value("ResTarget"_L1).toObject();
            const QString name = t.value("name"_L1).toString();
            const QJsonObject val = t.value("val"_L1).toObject();
            if (!val.contains("A_Expr"_L1)) {
                access.set.insert(name, value(val));
                continue;
            }
            // column = column + literal, column = column - literal
            const QJsonObject e = val.value("A_Expr"_L1).toObject();
            const QString op =
                e.value("name"_L1).toArray().at(0).toObject().value("String"_L1).toObject().value("sval"_L1).toString();
            const QVariant amount = value(e.value("rexpr"_L1).toObject());
            if (e.value("kind"_L1).toString() != "AEXPR_OP"_L1 || (op != "+"_L1 && op != "-"_L1)
                || column(e.value("lexpr"_L1).toObject()) != name || amount.typeId() != QMetaType::LongLong)
                throw Unreadable { u"a SET other than column = value or column \u00b1 number"_s };
            access.add.insert(name, op == "+"_L1 ? amount.toLongLong() : -amount.toLongLong());
        }
        access.where = where(s);
        return std::make_shared<const RowAccess>(std::move(access));
    }

    std::shared_ptr<const RowAccess> remove(const QJsonObject& s) const
    {
        if (!isTable(s.value("relation"_L1).toObject()))
            return nullptr;
        if (s.contains("usingClause"_L1))
            throw Unreadable { u"a DELETE with USING"_s };
        RowAccess access;
        access.kind = RowAccess::Kind::Delete;
        access.where = where(s);
        return std::make_shared<const RowAccess>(std::move(access));
    }

private:
    const QVariantList& m_params;
    const TableSpec& m_table;
};

} // namespace

std::shared_ptr<const RowAccess> of(const QString& sql, const QVariantList& params, const TableSpec& table)
{
    const bool namesTable = sql.contains(table.name, Qt::CaseInsensitive);
    PgQuery::Error error;
    const std::optional<QJsonObject> tree = PgQuery::parse(PgQuery::numberPlaceholders(sql), &error);
    if (!tree) {
        // MySQL's own spellings (backticks, INSERT IGNORE, LOCK IN SHARE MODE) are not PostgreSQL's.
        return namesTable ? std::make_shared<const RowAccess>(
                   RowAccess::unknownBecause(u"a form PostgreSQL's parser does not read ("_s + error.message + u')'))
                          : nullptr;
    }
    const QJsonArray statements = tree->value("stmts"_L1).toArray();
    if (statements.size() != 1)
        return namesTable ? std::make_shared<const RowAccess>(RowAccess::unknownBecause(u"several statements"_s))
                          : nullptr;
    const QJsonObject statement = statements.at(0).toObject().value("stmt"_L1).toObject();
    const Reader reader(params, table);
    try {
        if (statement.contains("SelectStmt"_L1))
            return reader.select(statement.value("SelectStmt"_L1).toObject());
        if (statement.contains("InsertStmt"_L1))
            return reader.insert(statement.value("InsertStmt"_L1).toObject());
        if (statement.contains("UpdateStmt"_L1))
            return reader.update(statement.value("UpdateStmt"_L1).toObject());
        if (statement.contains("DeleteStmt"_L1))
            return reader.remove(statement.value("DeleteStmt"_L1).toObject());
    } catch (const Unreadable& unreadable) {
        return std::make_shared<const RowAccess>(RowAccess::unknownBecause(unreadable.why));
    }
    return nullptr;
}

} // namespace interleave::LiteralAccess
