// SPDX-License-Identifier: MIT
#pragma once

#include "djangosql.h"
#include "outcome.h"
#include "scenario.h"
#include "statement.h"

#include <QList>
#include <functional>

namespace interleave {

// What a recipe sees: its worker's spec, the table, and a way to send one statement through the schedule.
class RecipeContext {
public:
    virtual ~RecipeContext() = default;
    virtual const WorkerSpec& worker() const = 0;
    virtual const TableSpec& table() const = 0;
    virtual int workerNumber() const = 0; // 1-based; stands in for Django's thread id in savepoint names
    virtual QString beginSql() const = 0; // "BEGIN", or "BEGIN IMMEDIATE" with that SQLite option
    virtual BackendSpec::Kind dialect() const = 0; // whose SQL to write
    // The worker's Django release on this database (its server's version decides RETURNING).
    virtual DjangoTarget django() const = 0;
    virtual StatementResult exec(const Statement& statement) = 0;
};

// A worker's program, written as plain sequential code against the context, like the code it imitates.
struct Recipe {
    QString name;
    QString summary;
    using Run = std::function<WorkerResult(RecipeContext&)>;
    Run run;

    static const Recipe* find(const QString& name);
    static const QList<Recipe>& all();

    // advisory_lock's key for a lookup on a table: the first 8 bytes (big-endian) of the SHA-256 of
    // "race:user_id='c53b8b'", as PostgreSQL's bigint advisory key.
    static qint64 advisoryKey(const TableSpec& table, const QVariantMap& lookup);
    // MySQL's GET_LOCK name for that key: "interleave:<key>".
    static QString advisoryLockName(qint64 key);
};

} // namespace interleave
