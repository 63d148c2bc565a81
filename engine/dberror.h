// SPDX-License-Identifier: MIT
#pragma once

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
    static QString className(ErrorClass cls); // "IntegrityError", "Busy", ...
    QString className() const { return className(cls); }
    friend bool operator==(const DbError&, const DbError&) = default;
};

} // namespace interleave
