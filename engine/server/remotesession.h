// SPDX-License-Identifier: MIT
#pragma once

#include "serverconnection.h"
#include "session.h"

namespace interleave {

class ServerMonitor;

// A worker's connection to a server. Its lock waits happen inside the server, so the run's ServerMonitor
// watches each statement that has not returned and fills in the wait; interrupt() asks the monitor to cancel the
// statement on the server, as Ctrl-C in psql would.
class RemoteSession : public Session {
public:
    struct Setup {
        ServerUrl url;
        QString database; // MySQL: Interleave's own database; PostgreSQL: the URL's
        QStringList statements; // search_path, isolation level, lock timeout: sent once after connecting
        ServerConnection::Bounds bounds; // the reply timeout, and the run's sockets
    };
    // `monitor` may be null (a connection that resets the table between trials): then nothing is watched.
    static std::unique_ptr<RemoteSession> open(
        const Setup& setup, ServerMonitor* monitor, const SessionContext& context, QString* error);
    ~RemoteSession() override;

    StatementResult exec(const Statement& statement, LockWait* wait) override;
    void interrupt() override;
    QString beginSql() const override;

private:
    RemoteSession(ServerMonitor* monitor, const SessionContext& context);
    void postTransactionState(const QString& sql, bool ok);
    // A wait the schedule ended as the lock timeout would (ServerMonitor::timeOut): the timeout's error, and a note.
    void reportAsLockTimeout(DbError* error, LockWait* wait) const;

    ServerConnection m_connection;
    ServerMonitor* m_monitor;
    SessionContext m_context;
    bool m_attached = false;
    ServerUrl::Kind m_kind = ServerUrl::Kind::Postgresql;
    bool m_inTransaction = false;
    bool m_wrote = false;
};

} // namespace interleave
