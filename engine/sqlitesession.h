// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "session.h"
#include "sqliteauthorizer.h"

#include <memory>

struct sqlite3;

namespace interleave {

// A connection through the sqlite3 C library, with a busy handler of our own: it records the lock wait and
// asks the schedule whether to try again, so a waiting worker wakes when another finishes a statement.
class SqliteSession : public Session {
public:
    // `guardedTable`: the scenario's table, for a worker's connection, which then runs under SqliteAuthorizer;
    // nullopt for Interleave's own connections.
    static std::unique_ptr<SqliteSession> open(const QString& path, const BackendSpec& spec,
        const SessionContext& context, const std::optional<QString>& guardedTable, QString* error);
    ~SqliteSession() override;

    StatementResult exec(const Statement& statement, LockWait* wait) override;
    void interrupt() override;
    QString beginSql() const override;

    // Prepares, binds, steps and classifies one statement on any connection (setup and final reads too).
    static StatementResult execOn(sqlite3* db, const Statement& statement);
    static DbError errorOf(sqlite3* db, int code);

private:
    SqliteSession(sqlite3* db, const BackendSpec& spec, const SessionContext& context);
    static int busyHandler(void* self, int count);

    sqlite3* m_db;
    std::unique_ptr<SqliteAuthorizer> m_authorizer; // a worker's connection: asked about every statement
    BackendSpec m_spec;
    SessionContext m_context;
    LockWait* m_wait = nullptr; // the running statement's record, while exec() runs
};

} // namespace interleave
