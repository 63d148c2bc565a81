// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace interleave {

// DESIGN.md's error classes. The native code and message are always kept next to the class.
enum class ErrorClass : quint8 {
    None,
    IntegrityError,
    Deadlock,
    SerializationFailure,
    LockTimeout,
    Busy,
    ConnectionLost,
    Timeout, // the server did not answer one round trip in time (BackendSpec::replyTimeoutMs); the connection is
             // dropped
    SchemaError,
    Interrupted,
    Other,
};

struct DbError {
    ErrorClass cls = ErrorClass::None;
    int code = 0; // SQLite extended result code, or the server's native error number
    QString sqlState; // five-character SQLSTATE where the server reports one
    QString message; // the database's own message, verbatim

    bool isError() const { return cls != ErrorClass::None; }
    // "2067", "1062", or PostgreSQL's SQLSTATE "23505" (it has no numeric codes).
    QString codeText() const { return code != 0 || sqlState.isEmpty() ? QString::number(code) : sqlState; }
    static QString className(ErrorClass cls); // "IntegrityError", "Busy", ...
    QString className() const { return className(cls); }
    // {"class", "message", "code" unless 0, "sqlstate" when given}: the --json report's and the trace's form.
    QJsonObject toJson() const;
    friend bool operator==(const DbError&, const DbError&) = default;
};

} // namespace interleave
