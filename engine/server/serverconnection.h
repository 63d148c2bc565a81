// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "serversockets.h"
#include "serverurl.h"
#include "statement.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <chrono>
#include <memory>
#include <optional>

struct pg_conn; // libpq's PGconn
struct st_mysql; // MariaDB's MYSQL

namespace interleave {

// One connection to a PostgreSQL or MySQL/MariaDB server. Qt's drivers (QPSQL, QMYSQL) make the connection (options,
// TLS, passwords); statements then go to the client library under them, through the driver's handle, so that one
// string is always one statement: on PostgreSQL through the extended protocol (PQexecParams, PQprepare), which
// refuses a second statement, and on MySQL/MariaDB with multi-statements turned off after connecting (Qt turns them
// on). Every round trip is bounded (Bounds::replyTimeoutMs, ServerSocket), and a run can stop the connection at
// once through its SocketGroup, even while it is still being opened.
//
// Qt requires a connection to be used only by the thread that opened it: open, use and destroy it on one thread.
// (The driver connects on a short-lived thread of its own, so that a stopped run need not wait for a connect to a
// server that does not answer; the connection is handed to the calling thread before open() returns.)
// How long a connection may wait, and who may stop it.
struct ConnectionBounds {
    int replyTimeoutMs = BackendSpec::defaultReplyTimeoutMs; // one round trip at most; the connect too
    std::shared_ptr<SocketGroup> group; // the run's: stopping it stops this connection; may be null
};

class ServerConnection {
public:
    using Bounds = ConnectionBounds;

    ServerConnection() = default;
    ~ServerConnection(); // closes the connection and removes it from Qt's registry
    ServerConnection(const ServerConnection&) = delete;
    ServerConnection& operator=(const ServerConnection&) = delete;

    // `database` overrides the URL's database (MySQL: Interleave's own database). The password comes from
    // PGPASSWORD / MYSQL_PWD, or from ServerConnection::setPassword (the app's prompt), never from a file.
    bool open(const ServerUrl& url, const QString& database, QString* error, const Bounds& bounds = Bounds());
    // On the thread that opened it; the destructor calls it too.
    void close();
    // Sends one statement (one: a string holding two is refused by the server); statements with values are prepared
    // once per connection and bound, others sent as they are.
    // The rows it returns are kept up to the limits (values capped, RowCollector); the rest are only counted.
    StatementResult exec(const Statement& statement, qsizetype maxRows = RowCollector::statementRows,
        qsizetype maxBytes = RowCollector::statementBytes);
    // For administrative statements: the first column of the first row, or an error message.
    bool query(const Statement& statement, StatementResult* result, QString* error,
        qsizetype maxRows = RowCollector::statementRows, qsizetype maxBytes = RowCollector::statementBytes);
    // The final rows of a run: up to RowCollector::tableRows; more is an error (the outcome cannot be judged).
    bool readTable(const Statement& select, StatementResult* result, QString* error);
    ServerUrl::Kind kind() const { return m_kind; }
    const Bounds& bounds() const { return m_bounds; }

    static DbError classify(ServerUrl::Kind kind, const QString& nativeCode, const QString& message, bool connection);
    // The password the app's prompt collected for a server (kept in this process's memory only).
    // Waits, at most `bound`, for the threads still making connections to end, those a stopped run no longer waits for
    // included (each ends by itself, within its connect timeout). A program calls it before it returns from main():
    // such a thread may still be inside the client library (libpq's SCRAM exchange in OpenSSL) when the exit handlers
    // tear that library down, which crashed the program after Ctrl-C. False when some are still going.
    static bool waitForConnectingThreads(std::chrono::milliseconds bound);
    static void setPassword(const ServerUrl& url, const QString& password);
    static bool hasPassword(const ServerUrl& url);
    static QString driverName(ServerUrl::Kind kind); // QPSQL, QMYSQL
    // Connects (on the calling thread) to the URL's own database and asks for the server's version, for the
    // editor's "Test connection": "15.4 (Debian 15.4-1)", or nullopt with *error saying why it failed.
    static std::optional<QString> serverVersion(const ServerUrl& url, QString* error);
    // The driver options for `url` (connect timeout, keepalives, read timeouts, TLS), as Qt's driver takes them.
    static QString connectOptions(const ServerUrl& url, int replyTimeoutMs);

private:
    StatementResult execPostgres(const Statement& statement, qsizetype maxRows, qsizetype maxBytes);
    StatementResult execMysql(const Statement& statement, qsizetype maxRows, qsizetype maxBytes);
    // Registers the driver's socket, again when the driver replaced or dropped it.
    void watchSocket();
    int driverSocket() const;
    std::chrono::milliseconds replyTimeout() const { return std::chrono::milliseconds(m_bounds.replyTimeoutMs); }
    // The error of a round trip the registry cut, or nullopt.
    std::optional<DbError> cutError(ServerSocket::Cut cut) const;

    QString m_name;
    Bounds m_bounds;
    ServerUrl::Kind m_kind = ServerUrl::Kind::Postgresql;
    pg_conn* m_pg = nullptr; // the driver's, valid while the connection is open
    st_mysql* m_mysql = nullptr;
    std::unique_ptr<ServerSocket> m_socket;
    int m_socketFd = -1;
    ServerSocket::Cut m_cut = ServerSocket::Cut::None; // the socket was shut down: nothing more can be sent
    // Prepared statements by SQL text, kept for the connection's life: PostgreSQL cannot deallocate one inside a
    // failed transaction, and a race's statements repeat anyway. PostgreSQL: the statement's name.
    QHash<QString, QByteArray> m_pgPrepared;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_prepared; // MySQL
};

} // namespace interleave
