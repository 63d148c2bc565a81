// SPDX-License-Identifier: MIT
#include "statement.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace interleave {

QString formatSqlValue(const QVariant& value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toString();
    default: {
        QString text = value.toString();
        text.replace(QLatin1Char('\''), QLatin1String("''"));
        return QLatin1Char('\'') + text + QLatin1Char('\'');
    }
    }
}

RowCollector::RowCollector(StatementResult* result, qsizetype maxRows, qsizetype maxBytes)
    : m_result(result)
    , m_maxRows(maxRows)
    , m_maxBytes(maxBytes)
{
}

void RowCollector::add(Row row)
{
    if (!wantsMore()) {
        drop();
        return;
    }
    for (QVariant& value : row) {
        value = capped(value);
        m_bytes += sizeOf(value);
    }
    m_result->rows.append(std::move(row));
}

qsizetype RowCollector::sizeOf(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return 16 + value.toString().size() * 2;
    case QMetaType::QByteArray:
        return 16 + value.toByteArray().size();
    default:
        return 16;
    }
}

QVariant RowCollector::capped(const QVariant& value)
{
    if (value.typeId() == QMetaType::QString) {
        const QString text = value.toString();
        // The longest prefix that fits in valueBytes of UTF-8, found without converting the whole text (which may
        // be a gigabyte).
        qsizetype bytes = 0;
        qsizetype keep = 0;
        while (keep < text.size()) {
            const char16_t c = text.at(keep).unicode();
            const bool pair = QChar::isHighSurrogate(c) && keep + 1 < text.size();
            const qsizetype width = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (bytes + width > valueBytes)
                break;
            bytes += width;
            keep += pair ? 2 : 1;
        }
        if (keep == text.size())
            return value;
        return QVariant(text.left(keep) + QStringLiteral("… [%1 characters in all]").arg(text.size()));
    }
    if (value.typeId() == QMetaType::QByteArray) {
        const QByteArray bytes = value.toByteArray();
        if (bytes.size() <= valueBytes)
            return value;
        return QVariant(QStringLiteral("x'%1…' [%2 bytes in all]")
                            .arg(QString::fromLatin1(bytes.left(valueBytes / 2 - 32).toHex()))
                            .arg(bytes.size()));
    }
    return value;
}

QString rowCountText(qint64 count)
{
    return count == 1 ? QStringLiteral("1 row") : QString::number(count) + QStringLiteral(" rows");
}

QJsonValue sqlValueToJson(const QVariant& value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
        return value.toDouble();
    default:
        return value.toString();
    }
}

QJsonArray sqlValuesToJson(const QVariantList& values)
{
    QJsonArray out;
    for (const QVariant& v : values)
        out.append(sqlValueToJson(v));
    return out;
}

QJsonArray sqlRowsToJson(const QList<Row>& rows)
{
    QJsonArray out;
    for (const Row& row : rows)
        out.append(sqlValuesToJson(row));
    return out;
}

std::optional<bool> autocommitSetting(const QString& sql)
{
    const QString compact = sql.simplified().remove(QLatin1Char(' ')).toLower();
    if (compact == QLatin1String("setautocommit=0"))
        return false;
    if (compact == QLatin1String("setautocommit=1"))
        return true;
    return std::nullopt;
}

QString statementVerb(const QString& sql)
{
    const QString upper = sql.trimmed().left(24).toUpper();
    if (upper.startsWith(QLatin1String("ROLLBACK TO")))
        return QStringLiteral("ROLLBACK TO");
    // A literal statement may end in ';' as typed in psql or mysql: "begin;" is a BEGIN.
    static const QRegularExpression end(QStringLiteral("[\\s;]"));
    const qsizetype space = upper.indexOf(end);
    return space < 0 ? upper : upper.left(space);
}

} // namespace interleave
