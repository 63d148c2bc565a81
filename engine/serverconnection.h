// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "serverurl.h"
#include "statement.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <memory>
#include <optional>

namespace interleave {

// One connection to a PostgreSQL or MySQL/MariaDB server through Qt SQL (QPSQL, QMYSQL). Qt requires a
// connection to be used only by the thread that opened it: open, use and destroy it on one thread.
class ServerConnection {
public:
    ServerConnection() = default;
    ~ServerConnection(); // closes the connection and removes it from Qt's registry
    ServerConnection(const ServerConnection&) = delete;
    ServerConnection& operator=(const ServerConnection&) = delete;

    // `database` overrides the URL's database (MySQL: Interleave's own database). The password comes from
    // PGPASSWORD / MYSQL_PWD, or from ServerConnection::setPassword (the app's prompt), never from a file.
    bool open(const ServerUrl& url, const QString& database, QString* error);
    // On the thread that opened it; the destructor calls it too.
    void close();
    // Sends one statement; statements with values are prepared and bound, others sent as they are (MySQL cannot
    // prepare LOCK TABLES or SAVEPOINT).
    StatementResult exec(const Statement& statement);
    // For administrative statements: the first column of the first row, or an error message.
    bool query(const Statement& statement, StatementResult* result, QString* error);
    ServerUrl::Kind kind() const { return m_kind; }

    static DbError classify(ServerUrl::Kind kind, const QString& nativeCode, const QString& message, bool connection);
    // The password the app's prompt collected for a server (kept in this process's memory only).
    static void setPassword(const ServerUrl& url, const QString& password);
    static bool hasPassword(const ServerUrl& url);
    static QString driverName(ServerUrl::Kind kind); // QPSQL, QMYSQL
    // Connects (on the calling thread) to the URL's own database and asks for the server's version, for the
    // editor's "Test connection": "15.4 (Debian 15.4-1)", or nullopt with *error saying why it failed.
    static std::optional<QString> serverVersion(const ServerUrl& url, QString* error);

private:
    QString m_name;
    // Prepared statements by SQL text, kept for the connection's life: PostgreSQL cannot deallocate one inside a
    // failed transaction, and a race's statements repeat anyway.
    QHash<QString, std::shared_ptr<QSqlQuery>> m_prepared;
    ServerUrl::Kind m_kind = ServerUrl::Kind::Postgresql;
};

} // namespace interleave
