// SPDX-License-Identifier: MIT
#pragma once

#include "backend.h"
#include "scenario.h"
#include "statement.h"

#include <memory>

namespace interleave {

class Backend;
class Session;

// The scenario's table between two stress trials, on a connection of its own: reads the rows a trial left and
// puts the table back as the scenario starts it (no rows but the initial ones, ids counting from 1 again), the
// way the backend says (Backend::trialReset). Used from one thread, between trials.
class TrialTable {
public:
    TrialTable(const Scenario& scenario, Backend& backend);
    ~TrialTable();
    TrialTable(const TrialTable&) = delete;
    TrialTable& operator=(const TrialTable&) = delete;

    bool open(QString* error);
    // The rows as the trial left them (ordered by id, id first), then the reset.
    bool takeRows(QStringList* columns, QList<Row>* rows, QString* error);

private:
    bool exec(const Statement& statement, StatementResult* result, QString* error);

    Backend& m_backend;
    std::unique_ptr<Session> m_session;
    Statement m_select;
    TrialReset m_reset;
};

} // namespace interleave
