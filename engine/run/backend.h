// SPDX-License-Identifier: MIT
#pragma once

#include "gate.h"
#include "runresult.h"
#include "scenario.h"
#include "session.h"

#include <memory>

namespace interleave {

// A database a run can use: creates the scenario's table fresh, opens one session per worker, reads the
// final rows. SqliteBackend (embedded) and RemoteBackend (PostgreSQL, MySQL/MariaDB) implement it.
// How a stress run puts the table back between two trials, on a connection of its own (see TrialTable).
struct TrialReset {
    QStringList setup; // once, after connecting
    QString begin; // around the read and the reset; empty where the reset cannot be in a transaction
    QList<Statement> reset; // empties the table, restarts the ids at 1, inserts the initial rows
};

class SocketGroup;

class Backend {
public:
    // `group`: on a server, the run's sockets, which Stop shuts down (serversockets.h); a backend of its own if null.
    static std::unique_ptr<Backend> create(
        const BackendSpec& spec, const QString& isolation, const std::shared_ptr<SocketGroup>& group = {});
    // A backend whose database holds the scenario's table, ready for sessions; nullptr with *error set otherwise.
    // Every literal statement is checked for the database first: a refused one stops the run before anything
    // reaches the server.
    static std::unique_ptr<Backend> prepare(
        const Scenario& scenario, QString* error, const std::shared_ptr<SocketGroup>& group = {});
    virtual ~Backend();

    virtual bool setUp(const TableSpec& table, QString* error) = 0;
    // Called on the worker's own thread.
    virtual std::unique_ptr<Session> open(const SessionContext& context, QString* error) = 0;
    // A connection of Interleave's own, outside the race (the reset between stress trials): the limits a worker's
    // connection puts on literal SQL do not apply to it.
    virtual std::unique_ptr<Session> openHarness(QString* error) { return open(SessionContext {}, error); }
    // The final rows, at most RowCollector::tableRows of them: a larger table is refused with tableTooLarge(),
    // since an outcome judged on part of the rows would not be a verdict.
    virtual bool readRows(const TableSpec& table, QStringList* columns, QList<Row>* rows, QString* error) = 0;
    static QString tableTooLarge(const StatementResult& read);
    virtual BackendInfo info() const = 0;
    virtual BackendSpec::Kind kind() const = 0;
    virtual TrialReset trialReset(const Scenario& scenario) const = 0;
    // Servers: the monitor that sees lock waits inside the server; nullptr on SQLite.
    virtual LockProbe* lockProbe() { return nullptr; }
};

} // namespace interleave
