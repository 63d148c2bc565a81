// SPDX-License-Identifier: MIT
#pragma once

#include "backend.h"

#include <QDir>
#include <QTemporaryDir>

namespace interleave {

// The embedded default: a database file in a fresh temporary directory, so every worker's connection
// opens the same database, and nothing outlives the run.
class SqliteBackend : public Backend {
public:
    explicit SqliteBackend(BackendSpec spec);

    bool setUp(const TableSpec& table, QString* error) override;
    // A worker's connection runs under SqliteAuthorizer: only the scenario's table, the allowed functions, no DDL.
    std::unique_ptr<Session> open(const SessionContext& context, QString* error) override;
    std::unique_ptr<Session> openHarness(QString* error) override;
    bool readRows(const TableSpec& table, QStringList* columns, QList<Row>* rows, QString* error) override;
    BackendInfo info() const override;
    BackendSpec::Kind kind() const override { return BackendSpec::Kind::Sqlite; }
    TrialReset trialReset(const Scenario& scenario) const override;

    QString path() const { return m_path; }
    // The DDL setUp() runs, one statement each (shown in reports and tests); nullopt with *error when a partial
    // index's predicate does not parse (a scenario built in code and never validated).
    static std::optional<QStringList> createStatements(const TableSpec& table, QString* error);

private:
    BackendSpec m_spec;
    QTemporaryDir m_dir;
    QString m_path;
    QString m_table; // set up by setUp(); the only table a worker's connection may name
};

} // namespace interleave
