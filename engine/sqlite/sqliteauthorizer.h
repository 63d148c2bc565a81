// SPDX-License-Identifier: MIT
#pragma once

#include "literalsql.h"

#include <QString>
#include <optional>

struct sqlite3;

namespace interleave {

// SQLite's authorizer (sqlite3_set_authorizer) for a connection that runs a race: SQLite asks it about every
// action a statement would take while preparing it, so it sees what the statement does rather than how it is
// spelled. It allows reading and writing the scenario's table, transactions and savepoints, and the functions
// on the allow-list, and denies everything else: DDL, ATTACH/DETACH (and VACUUM, which attaches), PRAGMA, any
// other table (sqlite_master and sqlite_sequence too), recursive queries and unlisted functions. The same rules
// check a literal statement when a scenario is loaded and guard every worker's connection while it runs.
class SqliteAuthorizer {
public:
    explicit SqliteAuthorizer(QString table);
    SqliteAuthorizer(const SqliteAuthorizer&) = delete;
    SqliteAuthorizer& operator=(const SqliteAuthorizer&) = delete;

    // Asks this authorizer about every statement `db` prepares from now on; it must outlive that use.
    void install(sqlite3* db);
    // The first action denied since clear(), as a sentence ("calls zeroblob(), which is not on the allow-list
    // ..."); empty when nothing was denied.
    const QString& refusal() const { return m_refusal; }
    // The name the refusal is about (a table, a function, a pragma), to find it in the statement's text.
    const QString& refusedName() const { return m_refusedName; }
    // What SQLite said the last prepared statement does to the transaction, in StatementKind's words (BEGIN,
    // COMMIT, ROLLBACK, SAVEPOINT, RELEASE, "ROLLBACK TO"); empty for any other statement.
    const QString& transactionVerb() const { return m_transactionVerb; }
    void clear();

    // Prepares `sql` on an in-memory database holding `table` (as SqliteBackend creates it) with the authorizer
    // on, and insists that nothing but comments follows the first statement. A statement SQLite cannot prepare
    // at all passes (it fails the same way when it runs, and does nothing), except a transaction statement spelt
    // as another database spells it (ABORT, START TRANSACTION, SET TRANSACTION, BEGIN ISOLATION LEVEL ...), which
    // is refused with SQLite's own spellings.
    static std::optional<LiteralSql::Problem> check(const QString& sql, const TableSpec& table);

private:
    static int callback(void* self, int action, const char* a, const char* b, const char* database, const char*);
    int decide(int action, const char* a, const char* b, const char* database);
    int deny(const QString& name, const QString& sentence);

    QString m_table;
    QString m_refusal;
    QString m_refusedName;
    QString m_transactionVerb;
};

} // namespace interleave
