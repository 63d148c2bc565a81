// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "statement.h"

namespace interleave {

// The SQL Django's ORM sends for a model backed by `table`, written the way Django's SQLite compiler
// writes it (quoted, table-qualified columns, `?` placeholders). Identifiers are validated by Scenario.
class DjangoSql {
public:
    explicit DjangoSql(const TableSpec& table);

    static QString quote(const QString& identifier);
    // QuerySet.get(**lookup): SELECT every field ... WHERE ... LIMIT 21 (Django's MAX_GET_RESULTS).
    Statement get(const QVariantMap& lookup) const;
    // Model.objects.create(**values): every field but the automatic id, in model order.
    Statement insert(const QVariantMap& values) const;
    static Statement savepoint(const QString& name);
    static Statement releaseSavepoint(const QString& name);
    static Statement rollbackToSavepoint(const QString& name);
    // "get() returned more than one Race -- it returned 2!"
    QString multipleObjectsMessage(qsizetype count) const;

    static constexpr int maxGetResults = 21;

private:
    QString column(const QString& name) const;
    const TableSpec& m_table;
};

} // namespace interleave
