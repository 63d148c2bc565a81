// SPDX-License-Identifier: MIT
#pragma once

#include "backend.h"
#include "remotesession.h"
#include "servermonitor.h"

namespace interleave {

// PostgreSQL or MySQL/MariaDB through Qt SQL. Everything lives in Interleave's own schema (PostgreSQL) or
// database (MySQL), `interleave` unless the URL says ?schema=...; its tables carry a comment that marks them as
// Interleave's, and a table of the scenario's name without that mark is refused, never altered or dropped. A run
// holds a lock on its table's name (an advisory lock, GET_LOCK) so two runs on one server take turns instead of
// dropping each other's table. The last run's table stays for inspection; the next run replaces it.
// Every connection of the backend belongs to `group`: stopping the group stops the set-up (a connect, the wait for
// the run lock) and every statement at once.
class RemoteBackend : public Backend {
public:
    RemoteBackend(BackendSpec spec, QString isolation, std::shared_ptr<SocketGroup> group = {});
    ~RemoteBackend() override;

    // How long setUp() waits for another run on the same table to finish (default 60 s).
    void setRunLockWait(std::chrono::milliseconds wait) { m_runLockWait = wait; }
    static constexpr auto defaultRunLockWait = std::chrono::milliseconds(60000);

    bool setUp(const TableSpec& table, QString* error) override;
    std::unique_ptr<Session> open(const SessionContext& context, QString* error) override;
    bool readRows(const TableSpec& table, QStringList* columns, QList<Row>* rows, QString* error) override;
    BackendInfo info() const override;
    BackendSpec::Kind kind() const override { return m_spec.kind; }
    LockProbe* lockProbe() override { return m_monitor.get(); }
    TrialReset trialReset(const Scenario& scenario) const override;

    // The DDL for `table` in `schema` (shown in reports and tests), one statement each; nullopt with *error when a
    // partial index's predicate does not parse (a scenario built in code and never validated).
    static std::optional<QStringList> createStatements(
        BackendSpec::Kind kind, const QString& schema, const TableSpec& table, QString* error);
    // What every worker's connection sends first: the schema, the isolation level (as Django sets it), the lock
    // timeout.
    static QStringList sessionStatements(const BackendSpec& spec, const QString& schema, const QString& isolation);
    static QString marker(); // the comment on Interleave's tables

private:
    bool lockRun(ServerConnection& c, const TableSpec& table, QString* error);
    bool prepareTable(ServerConnection& c, const TableSpec& table, QString* error);

    BackendSpec m_spec;
    QString m_isolation;
    std::shared_ptr<SocketGroup> m_group;
    std::chrono::milliseconds m_runLockWait = defaultRunLockWait;
    ServerUrl m_url;
    std::unique_ptr<ServerMonitor> m_monitor;
    RemoteSession::Setup m_setup;
    QString m_version;
    QStringList m_indexes; // MySQL: "unique race_user_id_uniq: BTREE", as the server built them
};

} // namespace interleave
