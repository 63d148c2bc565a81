// SPDX-License-Identifier: MIT
#include "djangosql.h"

#include "fieldlookup.h"
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

DjangoTarget DjangoTarget::forDatabase(BackendSpec::Kind kind, DjangoVersion version, const QString& serverVersion)
{
    static const QRegularExpression numbers(u"^(\\d+)\\.(\\d+)(?:\\.(\\d+))?"_s);
    const QRegularExpressionMatch m = numbers.match(serverVersion.trimmed());
    const QList<int> server { m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt() };
    DjangoTarget t;
    t.version = version;
    switch (kind) {
    case BackendSpec::Kind::Postgresql:
        t.returningInsert = true;
        break;
    case BackendSpec::Kind::Mysql:
        // mysql/features.py: can_return_columns_from_insert is mysql_is_mariadb and mysql_version >= (10, 5, 0),
        // the same in 3.2, 4.2 and 5.2.
        t.returningInsert =
            serverVersion.contains(u"mariadb"_s, Qt::CaseInsensitive) && server >= QList<int> { 10, 5, 0 };
        break;
    case BackendSpec::Kind::Sqlite:
        // sqlite3/features.py: can_return_columns_from_insert is sqlite_version_info >= (3, 35) from 4.0 on; 3.2
        // reads cursor.lastrowid. The UNION ALL form of a bulk INSERT went in 4.1.
        t.returningInsert = version >= DjangoVersion { 4, 0 } && server >= QList<int> { 3, 35, 0 };
        t.unionAllBulkInsert = version < DjangoVersion { 4, 1 };
        break;
    }
    return t;
}

DjangoSql::DjangoSql(const TableSpec& table, Dialect dialect)
    : m_table(table)
    , m_dialect(dialect)
{
    m_target.returningInsert = dialect == Dialect::Postgresql;
}

DjangoSql::DjangoSql(const TableSpec& table, Dialect dialect, const DjangoTarget& target)
    : m_table(table)
    , m_dialect(dialect)
    , m_target(target)
{
}

QString DjangoSql::quote(Dialect dialect, const QString& identifier)
{
    if (dialect != Dialect::Mysql)
        return quote(identifier);
    QString escaped = identifier;
    escaped.replace(u'`', u"``"_s);
    return u'`' + escaped + u'`';
}

QString DjangoSql::quote(const QString& identifier)
{
    QString escaped = identifier;
    escaped.replace(u'"', u"\"\""_s);
    return u'"' + escaped + u'"';
}

QString DjangoSql::column(const QString& name) const
{
    return quoted(m_table.name) + u'.' + quoted(name);
}

Statement DjangoSql::get(const QVariantMap& lookup, bool forUpdate) const
{
    QStringList fields { column(u"id"_s) };
    for (const ColumnSpec& c : m_table.columns)
        fields.append(column(c.name));
    Statement s;
    s.sql = u"SELECT "_s + fields.join(u", "_s) + u" FROM "_s + tableName() + u" WHERE "_s + where(lookup, &s.params)
        + u" LIMIT "_s + QString::number(maxGetResults);
    // SQLCompiler.as_sql appends the for-update part after LIMIT (features.for_update_after_from is False on
    // PostgreSQL and MySQL); SQLite's has_select_for_update is False, so select_for_update() adds nothing there.
    if (forUpdate && m_dialect != Dialect::Sqlite)
        s.sql += u" FOR UPDATE"_s;
    RowAccess access;
    access.kind = RowAccess::Kind::Read;
    access.lookup = lookup;
    access.locking = forUpdate && m_dialect != Dialect::Sqlite;
    s.access = std::make_shared<const RowAccess>(std::move(access));
    return s;
}

QString DjangoSql::where(const QVariantMap& lookup, QVariantList* params) const
{
    QStringList conditions;
    // QVariantMap iterates in key order, which is also the order Q(**kwargs) sorts its children into.
    // Each keyword is a field lookup ("name__iexact"), validated by Scenario; each backend writes its own SQL.
    for (auto it = lookup.begin(); it != lookup.end(); ++it) {
        const auto field = FieldLookup::parse(it.key());
        if (field)
            conditions.append(field->sql(m_dialect, column(field->column()), it.value(), params));
    }
    QString where = conditions.join(u" AND "_s);
    if (conditions.size() > 1)
        where = u'(' + where + u')';
    return where;
}

Statement DjangoSql::all() const
{
    QStringList fields { column(u"id"_s) };
    for (const ColumnSpec& c : m_table.columns)
        fields.append(column(c.name));
    Statement s { u"SELECT "_s + fields.join(u", "_s) + u" FROM "_s + tableName(), {} };
    RowAccess access;
    access.kind = RowAccess::Kind::Read; // no id, lookup or condition: every row
    s.access = std::make_shared<const RowAccess>(std::move(access));
    return s;
}

Statement DjangoSql::allRows() const
{
    QStringList names { quoted(u"id"_s) };
    for (const ColumnSpec& c : m_table.columns)
        names.append(quoted(c.name));
    return { u"SELECT "_s + names.join(u", "_s) + u" FROM "_s + tableName() + u" ORDER BY "_s + quoted(u"id"_s), {} };
}

QVariantList DjangoSql::insertValues(const QVariantMap& values) const
{
    QVariantList params;
    for (const ColumnSpec& c : m_table.columns) {
        if (values.contains(c.name)) {
            params.append(values.value(c.name));
            continue;
        }
        if (c.hasDefault) {
            params.append(c.defaultValue);
            continue;
        }
        // Field.get_default(): a NOT NULL text field without a default gets '' (empty_strings_allowed);
        // anything else gets None, which a NOT NULL column then refuses.
        const QString type = c.type.toLower();
        const bool text = type.contains(u"char"_s) || type.contains(u"text"_s);
        params.append(!c.nullable && text ? QVariant(QString(u""_s)) : QVariant());
    }
    return params;
}

Statement DjangoSql::insert(const QVariantMap& values) const
{
    QStringList names;
    QStringList marks;
    for (const ColumnSpec& c : m_table.columns) {
        names.append(quoted(c.name));
        marks.append(u"?"_s);
    }
    Statement s { u"INSERT INTO "_s + tableName() + u" ("_s + names.join(u", "_s) + u") VALUES ("_s
            + marks.join(u", "_s) + u')',
        insertValues(values) };
    if (m_target.returningInsert)
        s.sql += u" RETURNING "_s + column(u"id"_s);
    s.access = insertAccess({ values }, false);
    return s;
}

std::shared_ptr<const RowAccess> DjangoSql::insertAccess(const QList<QVariantMap>& rows, bool ignoreConflicts) const
{
    RowAccess access;
    access.kind = RowAccess::Kind::Insert;
    access.ignoreConflicts = ignoreConflicts;
    for (const QVariantMap& row : rows) {
        const QVariantList values = insertValues(row);
        QVariantMap inserted;
        for (qsizetype c = 0; c < m_table.columns.size(); ++c)
            inserted.insert(m_table.columns.at(c).name, values.value(c));
        access.rows.append(inserted);
    }
    return std::make_shared<const RowAccess>(std::move(access));
}

Statement DjangoSql::bulkInsert(const QList<QVariantMap>& rows, bool ignoreConflicts) const
{
    QStringList names;
    QStringList marks;
    for (const ColumnSpec& c : m_table.columns) {
        names.append(quoted(c.name));
        marks.append(u"?"_s);
    }
    const QString tuple = u'(' + marks.join(u", "_s) + u')';
    const QString select = u"SELECT "_s + marks.join(u", "_s);
    QStringList tuples;
    Statement s;
    for (const QVariantMap& row : rows) {
        tuples.append(m_target.unionAllBulkInsert ? select : tuple);
        s.params.append(insertValues(row));
    }
    // DatabaseOperations.insert_statement(on_conflict) and on_conflict_suffix_sql() of each backend.
    QString verb = u"INSERT INTO "_s;
    if (ignoreConflicts && m_dialect == Dialect::Sqlite)
        verb = u"INSERT OR IGNORE INTO "_s;
    else if (ignoreConflicts && m_dialect == Dialect::Mysql)
        verb = u"INSERT IGNORE INTO "_s;
    s.sql = verb + tableName() + u" ("_s + names.join(u", "_s) + u") "_s
        + (m_target.unionAllBulkInsert ? tuples.join(u" UNION ALL "_s) : u"VALUES "_s + tuples.join(u", "_s));
    if (ignoreConflicts && m_dialect == Dialect::Postgresql)
        s.sql += u" ON CONFLICT DO NOTHING"_s;
    // _batched_insert asks for the ids (can_return_rows_from_bulk_insert) only without ignore_conflicts.
    else if (!ignoreConflicts && m_target.returningInsert)
        s.sql += u" RETURNING "_s + column(u"id"_s);
    s.access = insertAccess(rows, ignoreConflicts);
    return s;
}

Statement DjangoSql::saveUpdate(const QVariant& id, const QVariantMap& values, const QStringList& fields) const
{
    QStringList sets;
    Statement s;
    for (const ColumnSpec& c : m_table.columns) {
        if (!fields.contains(c.name))
            continue;
        sets.append(quoted(c.name) + u" = ?"_s);
        s.params.append(values.value(c.name));
    }
    s.params.append(id);
    s.sql = u"UPDATE "_s + tableName() + u" SET "_s + sets.join(u", "_s) + u" WHERE "_s + column(u"id"_s) + u" = ?"_s;
    RowAccess access;
    access.kind = RowAccess::Kind::Update;
    access.id = id;
    for (const ColumnSpec& c : m_table.columns) {
        if (fields.contains(c.name))
            access.set.insert(c.name, values.value(c.name));
    }
    s.access = std::make_shared<const RowAccess>(std::move(access));
    return s;
}

Statement DjangoSql::incrementWhere(const QString& name, qint64 amount, const QVariantMap& lookup) const
{
    // F(name) + amount compiles to a CombinedExpression, which Django wraps in parentheses.
    Statement s;
    s.params.append(amount);
    s.sql = u"UPDATE "_s + tableName() + u" SET "_s + quoted(name) + u" = ("_s + column(name) + u" + ?) WHERE "_s
        + where(lookup, &s.params);
    RowAccess access;
    access.kind = RowAccess::Kind::Update;
    access.lookup = lookup;
    access.add.insert(name, amount);
    s.access = std::make_shared<const RowAccess>(std::move(access));
    return s;
}

Statement DjangoSql::savepoint(const QString& name) const
{
    return { u"SAVEPOINT "_s + quoted(name), {} };
}

Statement DjangoSql::releaseSavepoint(const QString& name) const
{
    return { u"RELEASE SAVEPOINT "_s + quoted(name), {} };
}

Statement DjangoSql::rollbackToSavepoint(const QString& name) const
{
    return { u"ROLLBACK TO SAVEPOINT "_s + quoted(name), {} };
}

QString DjangoSql::multipleObjectsMessage(qsizetype count) const
{
    const QString num = count < maxGetResults ? QString::number(count) : u"more than %1"_s.arg(maxGetResults - 1);
    return u"get() returned more than one %1 -- it returned %2!"_s.arg(m_table.model, num);
}

} // namespace interleave
