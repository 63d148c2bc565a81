// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "statement.h"

namespace interleave {

// What a Django release on one database sends differently, from each backend's DatabaseFeatures and operations.
struct DjangoTarget {
    DjangoVersion version = DjangoVersion::newestLts();
    // features.can_return_columns_from_insert (and can_return_rows_from_bulk_insert, which follows it): create()
    // and bulk_create() end in RETURNING "race"."id" and read the new ids from it. PostgreSQL in every release;
    // MariaDB 10.5+ from Django 3.1 on (``RETURNING `race`.`id` ``; Oracle MySQL never); SQLite 3.35+ from Django 4.0
    // on.
    bool returningInsert = false;
    // SQLite's bulk_insert_sql before Django 4.1 (ticket 33460): INSERT ... SELECT ?, ? UNION ALL SELECT ?, ?
    // instead of VALUES (?, ?), (?, ?).
    bool unionAllBulkInsert = false;
    // Django 4.2+: update_or_create() saves only the defaults' fields (update_fields); 3.2 saves every field.
    bool updateOrCreateSavesOnlyDefaults() const { return version >= DjangoVersion { 4, 2 }; }

    // `serverVersion` as the server reports it ("10.11.6-MariaDB-0+deb12u1", "8.0.36", "3.40.1"), the way Django
    // reads it (mysql_is_mariadb: "mariadb" in the server's version string; mysql_version: its first numbers).
    static DjangoTarget forDatabase(BackendSpec::Kind kind, DjangoVersion version, const QString& serverVersion);
};

// The SQL Django's ORM sends for a model backed by `table`, written the way Django's compiler for each database
// writes it: quoted, table-qualified columns ("race"."id" on SQLite and PostgreSQL, `race`.`id` on MySQL) and
// `?` placeholders (Django's %s). Identifiers are validated by Scenario.
class DjangoSql {
public:
    using Dialect = BackendSpec::Kind;
    // Without a target: RETURNING only on PostgreSQL (Interleave's own inserts of the initial rows).
    explicit DjangoSql(const TableSpec& table, Dialect dialect = Dialect::Sqlite);
    DjangoSql(const TableSpec& table, Dialect dialect, const DjangoTarget& target);

    static QString quote(const QString& identifier); // "name": SQLite and PostgreSQL
    static QString quote(Dialect dialect, const QString& identifier); // `name` on MySQL
    QString quoted(const QString& identifier) const { return quote(m_dialect, identifier); }
    QString tableName() const { return quoted(m_table.name); }
    QString column(const QString& name) const; // "race"."user_id"
    Dialect dialect() const { return m_dialect; }
    // The WHERE condition of a filter(**lookup), appending its values to `params`.
    QString where(const QVariantMap& lookup, QVariantList* params) const;
    // QuerySet.get(**lookup): SELECT every field ... WHERE ... LIMIT 21 (Django's MAX_GET_RESULTS). With
    // forUpdate, select_for_update().get(): " FOR UPDATE" after the LIMIT, except on SQLite, which has no
    // FOR UPDATE and where Django leaves it out.
    Statement get(const QVariantMap& lookup, bool forUpdate = false) const;
    // list(Model.objects.all()): SELECT every field FROM the table, in no order (the model has no Meta.ordering); a
    // read of every row.
    Statement all() const;
    // Every row, every column, by id: what the table holds after a run (not SQL Django sends).
    Statement allRows() const;
    // Model.objects.create(**values): every field but the automatic id, in model order; with RETURNING "race"."id"
    // where the target can return columns from an INSERT (PostgreSQL; MariaDB 10.5+; SQLite 3.35+ from Django 4.0).
    Statement insert(const QVariantMap& values) const;
    // The values create() sends for `values`, one per column, with Django's defaults for the missing ones.
    QVariantList insertValues(const QVariantMap& values) const;
    // bulk_create(rows): one INSERT with a VALUES tuple per row (SQLite before Django 4.1: SELECT ... UNION ALL
    // SELECT ...); RETURNING "race"."id" where create() returns it, but never with ignore_conflicts. With
    // ignoreConflicts, bulk_create(..., ignore_conflicts=True): INSERT OR IGNORE (SQLite), INSERT IGNORE (MySQL),
    // ... ON CONFLICT DO NOTHING (PostgreSQL, which then returns nothing).
    Statement bulkInsert(const QList<QVariantMap>& rows, bool ignoreConflicts = false) const;
    // Model.save() of a fetched row, or save(update_fields=...) when `fields` names only some columns:
    // UPDATE "race" SET "user_id" = ?, "name" = ? WHERE "race"."id" = ?, columns in model order.
    Statement saveUpdate(const QVariant& id, const QVariantMap& values, const QStringList& fields) const;
    // filter(**lookup).update(name=F(name) + amount): UPDATE "race" SET "n" = ("race"."n" + ?) WHERE ...
    Statement incrementWhere(const QString& name, qint64 amount, const QVariantMap& lookup) const;
    Statement savepoint(const QString& name) const;
    Statement releaseSavepoint(const QString& name) const;
    Statement rollbackToSavepoint(const QString& name) const;
    // "get() returned more than one Race -- it returned 2!"
    QString multipleObjectsMessage(qsizetype count) const;

    static constexpr int maxGetResults = 21;

private:
    // What an INSERT of `rows` writes: every column's value, Django's defaults included.
    std::shared_ptr<const RowAccess> insertAccess(const QList<QVariantMap>& rows, bool ignoreConflicts) const;

    const TableSpec& m_table;
    Dialect m_dialect;
    DjangoTarget m_target;
};

} // namespace interleave
