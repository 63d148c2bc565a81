// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "session.h"
#include "sqliteauthorizer.h"

#include <memory>

#include <chrono>

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
    // At most maxRows rows and maxBytes of values are kept (RowCollector); the others are counted.
    static StatementResult execOn(sqlite3* db, const Statement& statement,
        qsizetype maxRows = RowCollector::statementRows, qsizetype maxBytes = RowCollector::statementBytes);
    static DbError errorOf(sqlite3* db, int code);

private:
    SqliteSession(sqlite3* db, const BackendSpec& spec, const SessionContext& context);
    static int busyHandler(void* self, int count);
    static int progressHandler(void* self);

    // The longest string or blob a worker's statement may make (SQLITE_LIMIT_LENGTH).
    static constexpr int maxValueBytes = 16 * 1024 * 1024;

    sqlite3* m_db;
    std::unique_ptr<SqliteAuthorizer> m_authorizer; // a worker's connection: asked about every statement
    BackendSpec m_spec;
    SessionContext m_context;
    LockWait* m_wait = nullptr; // the running statement's record, while exec() runs
    std::chrono::steady_clock::time_point m_deadline; // the running statement's reply timeout
    bool m_timedOut = false;
};

} // namespace interleave
