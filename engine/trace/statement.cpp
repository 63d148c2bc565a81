// SPDX-License-Identifier: MIT
#include "statement.h"

#include "oneline.h"
#include "statementkind.h"

#include <QJsonArray>

namespace interleave {

QString formatSqlValue(const QVariant& value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::QVariantList: { // an __in lookup's values: ('bob', 'alice')
        QStringList items;
        for (const QVariant& item : value.toList())
            items.append(formatSqlValue(item));
        return QLatin1Char('(') + items.join(QLatin1String(", ")) + QLatin1Char(')');
    }
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
        // Whether it fits in valueBytes of UTF-8, and if not the longest prefix within valueBytes - markerBytes,
        // found without converting the whole text (which may be a gigabyte).
        qsizetype bytes = 0;
        qsizetype keep = -1;
        qsizetype i = 0;
        while (i < text.size() && bytes <= valueBytes) {
            const char16_t c = text.at(i).unicode();
            const bool pair = QChar::isHighSurrogate(c) && i + 1 < text.size();
            const qsizetype width = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (keep < 0 && bytes + width > valueBytes - markerBytes)
                keep = i;
            bytes += width;
            i += pair ? 2 : 1;
        }
        if (bytes <= valueBytes)
            return value;
        return QVariant(cutText(QStringView(text).left(keep), text.size()));
    }
    if (value.typeId() == QMetaType::QByteArray) {
        const QByteArray bytes = value.toByteArray();
        if (bytes.size() <= valueBytes)
            return value;
        return cappedBlob(bytes.left(blobPrefixBytes), bytes.size());
    }
    return value;
}

QVariant RowCollector::cappedUtf8(const char* text, qsizetype length)
{
    if (length <= valueBytes)
        return QString::fromUtf8(text, length);
    // The longest prefix of whole characters within valueBytes, and the length in UTF-16 units capped() counts.
    qsizetype keep = valueBytes - markerBytes;
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80)
        --keep;
    qint64 units = 0;
    for (qsizetype i = 0; i < length; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return QVariant(cutText(QString::fromUtf8(text, keep), units));
}

QVariant RowCollector::cappedBlob(const QByteArray& prefix, qint64 size)
{
    return QVariant(QStringLiteral("x'%1…' [%2 bytes in all]")
                        .arg(QString::fromLatin1(prefix.left(blobPrefixBytes).toHex()))
                        .arg(size));
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
    case QMetaType::QVariantList:
        return sqlValuesToJson(value.toList()); // an __in lookup's values
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
    return StatementKind::verb(sql);
}

} // namespace interleave
