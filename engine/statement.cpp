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
