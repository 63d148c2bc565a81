// SPDX-License-Identifier: MIT
#pragma once

#include "runner.h"
#include "scenario.h"
#include "session.h"

#include <memory>

namespace interleave {

// A database a run can use: creates the scenario's table fresh, opens one session per worker, reads the
// final rows. Remote servers will implement the same interface.
class Backend {
public:
    static std::unique_ptr<Backend> create(const BackendSpec& spec);
    // A backend whose database holds the scenario's table, ready for sessions; nullptr with *error set otherwise.
    static std::unique_ptr<Backend> prepare(const BackendSpec& spec, const TableSpec& table, QString* error);
    virtual ~Backend();

    virtual bool setUp(const TableSpec& table, QString* error) = 0;
    // Called on the worker's own thread.
    virtual std::unique_ptr<Session> open(const SessionContext& context, QString* error) = 0;
    virtual bool readRows(const TableSpec& table, QStringList* columns, QList<Row>* rows, QString* error) = 0;
    virtual BackendInfo info() const = 0;
};

} // namespace interleave
