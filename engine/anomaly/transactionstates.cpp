// SPDX-License-Identifier: MIT
#include "transactionstates.h"

#include "isolationlevel.h"
#include "scenario.h"
#include "statement.h"
#include "statementkind.h"
#include "trace.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

TransactionStates::State TransactionStates::after(int worker, int event) const
{
    if (worker < 0 || worker >= workers.size())
        return State::Idle;
    const QList<Change>& changes = workers.at(worker);
    const auto next = std::upper_bound(
        changes.cbegin(), changes.cend(), event, [](int e, const Change& change) { return e < change.event; });
    return next == changes.cbegin() ? State::Idle : (next - 1)->state;
}

QString TransactionStates::name(State state)
{
    switch (state) {
    case State::Idle:
        return u"idle"_s;
    case State::InTransaction:
        return u"in transaction"_s;
    case State::Aborted:
        return u"aborted"_s;
    }
    return {};
}

TransactionStates TransactionStates::of(const Scenario& scenario, const Trace& trace)
{
    using Kind = BackendSpec::Kind;
    TransactionStates states;
    states.isolation = isolationName(isolationRun(scenario));
    states.workers.resize(trace.workers.size());
    const Kind kind = scenario.backend.kind;
    QList<State> now(trace.workers.size(), State::Idle);
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& e = trace.events.at(i);
        if (e.kind != EventKind::Statement || e.worker < 0 || e.worker >= trace.workers.size()
            || e.endNs < e.startNs) // still waiting for its reply: it has changed nothing yet
            continue;
        const QString& sql = trace.sql(e);
        const QString verb = StatementKind::verb(sql);
        const bool failed = e.error.isError();
        // Django on MySQL opens a transaction with "SET autocommit=0" and leaves it with "SET autocommit=1".
        const std::optional<bool> autocommit = autocommitSetting(sql);
        const State before = now.at(e.worker);
        State state = before;
        if (StatementKind::endsTransaction(verb)) {
            // A COMMIT SQLite found locked leaves the transaction open; any other end ends it, even a failed one (a
            // server's COMMIT that fails rolls back).
            if (StatementKind::chains(sql) && !failed)
                state = State::InTransaction;
            else if (!(failed && kind == Kind::Sqlite && verb == u"COMMIT"_s && before == State::InTransaction))
                state = State::Idle;
        } else if (failed) {
            // An error inside a transaction: PostgreSQL refuses everything after it until ROLLBACK; InnoDB rolls a
            // deadlock victim's whole transaction back; elsewhere only the statement failed.
            if (before == State::InTransaction && kind == Kind::Postgresql)
                state = State::Aborted;
            else if (before == State::InTransaction && kind == Kind::Mysql && e.error.cls == ErrorClass::Deadlock)
                state = State::Idle;
        } else if (verb == u"BEGIN"_s || (autocommit && !*autocommit)
            || (verb == u"SAVEPOINT"_s && kind == Kind::Sqlite && before == State::Idle)) {
            state = State::InTransaction; // SQLite's SAVEPOINT outside a transaction opens one
        } else if (autocommit && *autocommit) {
            state = State::Idle; // turning autocommit on commits what was open
        } else if (verb == u"ROLLBACK TO"_s && before == State::Aborted) {
            state = State::InTransaction;
        }
        if (state != before) {
            states.workers[e.worker].append({ i, state });
            now[e.worker] = state;
        }
    }
    return states;
}

} // namespace interleave
