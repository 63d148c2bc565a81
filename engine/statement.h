// SPDX-License-Identifier: MIT
#pragma once

#include "dberror.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QVariant>
#include <optional>

namespace interleave {

using Row = QVariantList;

// One SQL statement as it is sent: text with `?` placeholders and the bound values.
struct Statement {
    QString sql;
    QVariantList params;
};

struct StatementResult {
    QStringList columns;
    QList<Row> rows;
    qint64 rowsAffected = 0;
    QVariant insertId; // the new row's id after a successful INSERT
    DbError error;

    bool ok() const { return !error.isError(); }
};

// "NULL", 3, 'c53b8b' — values as SQL literals, for people to read (never for execution).
QString formatSqlValue(const QVariant& value);
// "0 rows", "1 row", "2 rows".
QString rowCountText(qint64 count);
// A value as JSON: null, number, true/false or string (scenario files and reports).
QJsonValue sqlValueToJson(const QVariant& value);
// Values, and rows of them, as JSON arrays of sqlValueToJson() (reports and traces).
QJsonArray sqlValuesToJson(const QVariantList& values);
QJsonArray sqlRowsToJson(const QList<Row>& rows);
// The statement's first keyword(s): SELECT, INSERT, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, "ROLLBACK TO".
QString statementVerb(const QString& sql);
// "SET autocommit=0" (how Django opens a transaction on MySQL) as false, "SET autocommit=1" as true; nullopt for
// any other statement.
std::optional<bool> autocommitSetting(const QString& sql);

} // namespace interleave
