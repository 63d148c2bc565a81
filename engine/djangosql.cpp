// SPDX-License-Identifier: MIT
#include "djangosql.h"

using namespace Qt::StringLiterals;

namespace interleave {

DjangoSql::DjangoSql(const TableSpec& table)
    : m_table(table)
{
}

QString DjangoSql::quote(const QString& identifier)
{
    QString escaped = identifier;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

QString DjangoSql::column(const QString& name) const
{
    return quote(m_table.name) + u'.' + quote(name);
}

Statement DjangoSql::get(const QVariantMap& lookup) const
{
    QStringList fields { column(u"id"_s) };
    for (const ColumnSpec& c : m_table.columns)
        fields.append(column(c.name));
    Statement s;
    QStringList conditions;
    // QVariantMap iterates in key order, which is also the order Q(**kwargs) sorts its children into.
    for (auto it = lookup.begin(); it != lookup.end(); ++it) {
        if (it.value().isNull()) {
            conditions.append(column(it.key()) + u" IS NULL"_s);
        } else {
            conditions.append(column(it.key()) + u" = ?"_s);
            s.params.append(it.value());
        }
    }
    QString where = conditions.join(u" AND "_s);
    if (conditions.size() > 1)
        where = u'(' + where + u')';
    s.sql = u"SELECT "_s + fields.join(u", "_s) + u" FROM "_s + quote(m_table.name) + u" WHERE "_s + where
        + u" LIMIT "_s + QString::number(maxGetResults);
    return s;
}

Statement DjangoSql::insert(const QVariantMap& values) const
{
    QStringList names;
    QStringList marks;
    Statement s;
    for (const ColumnSpec& c : m_table.columns) {
        names.append(quote(c.name));
        marks.append(u"?"_s);
        if (values.contains(c.name)) {
            s.params.append(values.value(c.name));
            continue;
        }
        // Field.get_default(): a NOT NULL text field without a default gets '' (empty_strings_allowed);
        // anything else gets None, which a NOT NULL column then refuses.
        const QString type = c.type.toLower();
        const bool text = type.contains(u"char"_s) || type.contains(u"text"_s);
        s.params.append(!c.nullable && text ? QVariant(QString(u""_s)) : QVariant());
    }
    s.sql = u"INSERT INTO "_s + quote(m_table.name) + u" ("_s + names.join(u", "_s) + u") VALUES ("_s
        + marks.join(u", "_s) + u')';
    return s;
}

Statement DjangoSql::savepoint(const QString& name)
{
    return { u"SAVEPOINT "_s + quote(name), {} };
}

Statement DjangoSql::releaseSavepoint(const QString& name)
{
    return { u"RELEASE SAVEPOINT "_s + quote(name), {} };
}

Statement DjangoSql::rollbackToSavepoint(const QString& name)
{
    return { u"ROLLBACK TO SAVEPOINT "_s + quote(name), {} };
}

QString DjangoSql::multipleObjectsMessage(qsizetype count) const
{
    const QString num = count < maxGetResults ? QString::number(count) : u"more than %1"_s.arg(maxGetResults - 1);
    return u"get() returned more than one %1 -- it returned %2!"_s.arg(m_table.model, num);
}

} // namespace interleave
