// SPDX-License-Identifier: MIT
#include "lockwaits.h"

#include "statementkind.h"

#include <QHash>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Statements after which a transaction's locks (or those taken since a savepoint) are gone.
bool releasesLocks(const QString& sql)
{
    const QString verb = statementVerb(sql);
    return StatementKind::endsTransaction(verb) || verb == u"ROLLBACK TO"_s;
}

} // namespace

QString LockWaits::endedBy(const DbError& error)
{
    // The SQLSTATE where the server gives one that says more than the class (PostgreSQL's 40P01, 55P03), else the
    // native number (MySQL's 1213, 1205); SQLite's extended code.
    const QString code = error.codeText();
    switch (error.cls) {
    case ErrorClass::None:
        return u"lock acquired"_s;
    case ErrorClass::Deadlock:
        return u"deadlock victim (%1)"_s.arg(code);
    case ErrorClass::SerializationFailure:
        return u"ended by %1 serialization failure"_s.arg(code);
    case ErrorClass::LockTimeout:
        return u"ended by %1 lock timeout"_s.arg(code);
    case ErrorClass::Busy:
        return u"gave up: database is locked"_s;
    case ErrorClass::Interrupted:
        return u"cancelled (%1)"_s.arg(code);
    case ErrorClass::Timeout:
        return u"ended: the server did not answer in time"_s;
    case ErrorClass::ConnectionLost:
        return u"ended by a lost connection"_s;
    case ErrorClass::IntegrityError:
        return u"ended by %1 integrity error"_s.arg(code);
    case ErrorClass::SchemaError:
    case ErrorClass::Other:
        break;
    }
    return u"ended by error %1"_s.arg(code);
}

bool LockWaits::endedByRelease(const DbError& error)
{
    return error.cls == ErrorClass::None || error.cls == ErrorClass::IntegrityError
        || error.cls == ErrorClass::SerializationFailure;
}

QString LockWaits::note(const DbError& error, const QString& holderRemark)
{
    return holderRemark.isEmpty() ? endedBy(error) : endedBy(error) + u"; "_s + holderRemark;
}

QString LockWaits::heldBy(const QStringList& workers, const QList<int>& blockers)
{
    QStringList names;
    for (const int blocker : blockers)
        names.append(workers.value(blocker, u"worker %1"_s.arg(blocker)));
    return names.isEmpty() ? u"a lock"_s : names.join(u", "_s);
}

QString LockWaits::label(const QStringList& workers, const QList<int>& blockers, const QString& note)
{
    const QString what = u"waits for "_s + heldBy(workers, blockers);
    return note.isEmpty() ? what : what + u" \u00b7 "_s + note;
}

int LockWaits::holderStatement(const Trace& trace, const QList<int>& holderStatements, qint64 startNs, qint64 endNs)
{
    const auto began = std::upper_bound(holderStatements.cbegin(), holderStatements.cend(), endNs,
        [&trace](qint64 ns, int event) { return ns < trace.events.at(event).startNs; });
    if (began == holderStatements.cbegin())
        return -1;
    const int latest = *(began - 1);
    const TraceEvent& running = trace.events.at(latest);
    // A worker runs one statement at a time, so only the latest to begin can still have been running.
    if (running.endNs <= running.startNs || running.endNs >= endNs)
        return latest;
    int releaser = -1;
    for (auto it = began; it != holderStatements.cbegin();) {
        const int event = *--it;
        const TraceEvent& statement = trace.events.at(event);
        if (statement.endNs < startNs)
            break;
        if (releasesLocks(trace.sql(statement)))
            releaser = event; // walking back: the first one during the wait is kept
    }
    return releaser >= 0 ? releaser : latest;
}

QList<LockWaits::Wait> LockWaits::of(const Trace& trace)
{
    QList<Wait> waits;
    const int workerCount = int(trace.workers.size());
    const auto isWorker = [workerCount](int worker) { return worker >= 0 && worker < workerCount; };
    // Most runs wait for nothing: they pay for one pass, not for the indexes below.
    if (std::none_of(trace.events.cbegin(), trace.events.cend(),
            [&](const TraceEvent& e) { return e.kind == EventKind::LockWait && isWorker(e.worker); }))
        return waits;

    QList<QList<int>> statementsOf(workerCount);
    QHash<QPair<int, int>, int> statementByStep;
    qint64 traceEnd = 0;
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& event = trace.events.at(i);
        traceEnd = std::max({ traceEnd, event.startNs, event.endNs });
        if (event.kind == EventKind::Statement && isWorker(event.worker)) {
            statementsOf[event.worker].append(i);
            statementByStep.insert({ event.worker, event.step }, i);
        }
    }
    // The engine merges events by start time, so this is usually a check.
    const auto byStart = [&trace](int a, int b) { return trace.events.at(a).startNs < trace.events.at(b).startNs; };
    for (QList<int>& statements : statementsOf) {
        if (!std::is_sorted(statements.cbegin(), statements.cend(), byStart))
            std::stable_sort(statements.begin(), statements.end(), byStart);
    }

    QHash<int, int> waitOfStatement;
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& event = trace.events.at(i);
        if (event.kind != EventKind::LockWait || !isWorker(event.worker))
            continue;
        const int statement = statementByStep.value({ event.worker, event.step }, -1);
        if (statement < 0)
            continue;
        const qint64 end = event.endNs >= event.startNs ? event.endNs : traceEnd;
        const auto found = waitOfStatement.constFind(statement);
        if (found != waitOfStatement.constEnd()) {
            Wait& wait = waits[*found];
            wait.endNs = std::max(wait.endNs, end);
            if (!event.note.isEmpty())
                wait.note = event.note;
            for (const int blocker : event.blockers) {
                if (!wait.blockers.contains(blocker))
                    wait.blockers.append(blocker);
            }
            continue;
        }
        Wait wait;
        wait.event = i;
        wait.statementEvent = statement;
        wait.worker = event.worker;
        wait.startNs = event.startNs;
        wait.endNs = end;
        wait.blockers = event.blockers;
        wait.note = event.note;
        waitOfStatement.insert(statement, int(waits.size()));
        waits.append(wait);
    }

    for (Wait& wait : waits) {
        for (const int blocker : std::as_const(wait.blockers)) {
            if (!isWorker(blocker) || blocker == wait.worker)
                continue;
            const int event = holderStatement(trace, statementsOf.at(blocker), wait.startNs, wait.endNs);
            if (event < 0)
                continue;
            const TraceEvent& held = trace.events.at(event);
            const qint64 end = held.endNs > held.startNs ? held.endNs : std::max(traceEnd, held.startNs);
            qint64 at = std::clamp(wait.endNs, held.startNs, end);
            // A statement that had ended before the waiter noticed: the arrow lands just inside its end, where a
            // viewer still finds the statement under it.
            if (at >= end && end > held.startNs)
                at = end - std::min<qint64>(1000, (end - held.startNs) / 2);
            wait.holders.append({ blocker, event, at });
        }
    }
    return waits;
}

} // namespace interleave
