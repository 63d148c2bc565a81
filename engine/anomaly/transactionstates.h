// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace interleave {

struct Scenario;
struct Trace;

// What each worker's session was doing between its statements, for the lanes of the timeline (the psql prompt's
// "=#", "=*#", "=!#"): idle (no transaction open: each statement there commits by itself), in a transaction (from
// its BEGIN to its COMMIT or ROLLBACK), or aborted (PostgreSQL after an error inside a transaction: every statement
// but ROLLBACK is refused until the transaction ends). Worked out from the trace alone, so a stress trial has none.
struct TransactionStates {
    enum class State : quint8 { Idle, InTransaction, Aborted };
    // The worker is in `state` from its Statement event `event` on: from the statement's start when it opened or
    // aborted the transaction, from its end when it ended it (Idle).
    struct Change {
        int event = -1;
        State state = State::Idle;
    };

    QList<QList<Change>> workers; // per worker of the trace, in its statements' order; Idle before the first
    QString isolation; // the level its transactions ran at, as a scenario spells it: "read committed"

    bool isEmpty() const { return workers.isEmpty(); }
    // The state `worker` was in after Statement event `event` (Idle for an event of no worker).
    State after(int worker, int event) const;
    static QString name(State state); // "idle", "in transaction", "aborted"

    static TransactionStates of(const Scenario& scenario, const Trace& trace);
};

} // namespace interleave
