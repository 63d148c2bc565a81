// SPDX-License-Identifier: MIT
#pragma once

#include <QMap>
#include <QString>
#include <optional>

namespace interleave {

// A server address as a scenario or --backend writes it: postgresql://user@host:port/db?sslmode=require or
// mysql://user@host:port/db (mariadb:// too). A password in the URL is refused, so it can never reach a
// scenario file, a report or a screenshot: it comes from PGPASSWORD / MYSQL_PWD or a prompt.
struct ServerUrl {
    enum class Kind { Postgresql, Mysql };
    Kind kind = Kind::Postgresql;
    QString user;
    QString host;
    int port = 0;
    QString database;
    QString schema = QStringLiteral("interleave"); // where Interleave's tables live (?schema=)
    QMap<QString, QString> options; // passed through to the driver: sslmode, sslrootcert, connect_timeout ...

    // nullopt with a message naming the part that is wrong.
    static std::optional<ServerUrl> parse(const QString& text, QString* error);
    static bool isServerUrl(const QString& text);
    // The text with whatever stands between "//" and "@" left out: for messages that quote what the user typed.
    static QString redacted(const QString& text); // starts with postgresql://, postgres://, mysql:// or mariadb://
    QString toString() const; // canonical, never with a password
    int effectivePort() const; // the default port when none was given
    QString effectiveUser() const; // the user, or the login name
    // The variable a password is read from.
    QString passwordVariable() const;
};

} // namespace interleave
