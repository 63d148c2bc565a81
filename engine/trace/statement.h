// SPDX-License-Identifier: MIT
#pragma once

#include "dberror.h"
#include "rowaccess.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QVariant>
#include <memory>
#include <optional>

namespace interleave {

using Row = QVariantList;

// One SQL statement as it is sent: text with `?` placeholders and the bound values.
struct Statement {
    QString sql;
    QVariantList params;
    // What it reads and writes of the scenario's table, when the one who wrote it knows (null: nobody said).
    std::shared_ptr<const RowAccess> access = {};
};

struct StatementResult {
    QStringList columns;
    QList<Row> rows; // the rows kept (RowCollector's limits), in the order returned
    qint64 rowsDropped = 0; // rows the statement returned beyond those kept
    qint64 rowsAffected = 0;
    QVariant insertId; // the new row's id after a successful INSERT
    DbError error;

    bool ok() const { return !error.isError(); }
    qint64 rowCount() const { return rows.size() + rowsDropped; } // every row the statement returned
};

// What a run keeps of what statements return, so that no statement, however hostile (SELECT zeroblob(1e9), a
// cross join of the table with itself), can grow a trace, a report or a picture without bound: a value is cut
// at valueBytes with a marker that gives its full length, a statement keeps at most maxRows rows and maxBytes of
// values, and the rest is only counted.
class RowCollector {
public:
    static constexpr qsizetype valueBytes = 64 * 1024;
    static constexpr qsizetype statementRows = 1000;
    static constexpr qsizetype statementBytes = 1024 * 1024;
    // The final rows of a run: the outcome is judged on them, so more than this makes the run incomplete.
    static constexpr qsizetype tableRows = 10000;
    static constexpr qsizetype tableBytes = 16 * 1024 * 1024;

    explicit RowCollector(
        StatementResult* result, qsizetype maxRows = statementRows, qsizetype maxBytes = statementBytes);
    // False once the limits are reached: the caller still counts the rows it skips with drop().
    bool wantsMore() const { return m_result->rows.size() < m_maxRows && m_bytes < m_maxBytes; }
    void add(Row row); // keeps it (values capped) if wantsMore(), else counts it
    void drop(qint64 rows = 1) { m_result->rowsDropped += rows; }

    // `value` as kept: text longer than valueBytes (in UTF-8) is cut and marked "… [123456 characters in all]",
    // a longer blob becomes a marked hex prefix; other values unchanged.
    static QVariant capped(const QVariant& value);
    // The same for text a server sent as UTF-8, capped before it is converted (a server's value may be a gigabyte),
    // and for a blob of which only `prefix` was decoded out of `size` bytes.
    static QVariant cappedUtf8(const char* text, qsizetype length);
    static QVariant cappedBlob(const QByteArray& prefix, qint64 size);
    static constexpr qsizetype blobPrefixBytes = valueBytes / 2 - 32; // what a capped blob shows, hex-encoded
    // A cut text keeps up to valueBytes - markerBytes, so with its marker it is within valueBytes: capping is
    // idempotent (a value a server connection capped is kept as it is by add()).
    static constexpr qsizetype markerBytes = 64;
    static qsizetype sizeOf(const QVariant& value); // roughly what keeping it costs, in bytes

private:
    StatementResult* m_result;
    qsizetype m_maxRows;
    qsizetype m_maxBytes;
    qsizetype m_bytes = 0;
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
