// SPDX-License-Identifier: MIT
#include "dberror.h"

using namespace Qt::StringLiterals;

namespace interleave {

QString DbError::className(ErrorClass cls)
{
    switch (cls) {
    case ErrorClass::None:
        return {};
    case ErrorClass::IntegrityError:
        return QStringLiteral("IntegrityError");
    case ErrorClass::Deadlock:
        return QStringLiteral("Deadlock");
    case ErrorClass::SerializationFailure:
        return QStringLiteral("SerializationFailure");
    case ErrorClass::LockTimeout:
        return QStringLiteral("LockTimeout");
    case ErrorClass::Busy:
        return QStringLiteral("Busy");
    case ErrorClass::ConnectionLost:
        return QStringLiteral("ConnectionLost");
    case ErrorClass::Timeout:
        return QStringLiteral("Timeout");
    case ErrorClass::SchemaError:
        return QStringLiteral("SchemaError");
    case ErrorClass::Interrupted:
        return QStringLiteral("Interrupted");
    case ErrorClass::Other:
        return QStringLiteral("Error");
    }
    return {};
}

QJsonObject DbError::toJson() const
{
    // Each database's own identifier, never a made-up one: SQLite's extended result code and MySQL's error number
    // as "code", PostgreSQL's SQLSTATE (it has no numeric codes, so its "code" would always be 0) as "sqlstate". An
    // error of Interleave's own (a reply timeout, a connection that went away without a word) has neither.
    QJsonObject out { { u"class"_s, className() }, { u"message"_s, message } };
    if (code != 0)
        out.insert(u"code"_s, code);
    if (!sqlState.isEmpty())
        out.insert(u"sqlstate"_s, sqlState);
    return out;
}

} // namespace interleave
