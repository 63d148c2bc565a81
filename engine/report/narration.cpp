// SPDX-License-Identifier: MIT
#include "narration.h"

#include "causalorder.h"
#include "isolationlevel.h"
#include "lockwaits.h"
#include "statementkind.h"

#include <QHash>
#include <QPair>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

using Tone = NarrationLine::Tone;

QString possessive(const QString& name)
{
    return name + u"'s"_s;
}

// "A", "A and B", "A, B and C".
QString listed(const QStringList& names)
{
    if (names.size() <= 1)
        return names.value(0);
    return QStringList(names.mid(0, names.size() - 1)).join(u", "_s) + u" and "_s + names.constLast();
}

QString idsText(const QList<qint64>& ids)
{
    QStringList parts;
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    if (ids.size() == 1)
        return u"the row (id "_s + parts.value(0) + u")"_s;
    return QString::number(ids.size()) + u" rows (ids "_s + parts.join(u", "_s) + u")"_s;
}

bool opensTransaction(const QString& sql, const QString& verb)
{
    if (verb == u"BEGIN"_s)
        return true;
    const std::optional<bool> autocommit = autocommitSetting(sql);
    return autocommit.has_value() && !*autocommit;
}

bool endsTransaction(const QString& verb)
{
    return StatementKind::endsTransaction(verb);
}

// The snapshot a transaction reads stays fixed from its first read under REPEATABLE READ (InnoDB's default) and
// SERIALIZABLE on PostgreSQL; SQLite's and PostgreSQL's default read committed data afresh at each statement.
bool keepsSnapshot(const Scenario& scenario)
{
    const IsolationLevel level = isolationOf(scenario);
    if (scenario.backend.kind == BackendSpec::Kind::Mysql)
        return level == IsolationLevel::Default || level == IsolationLevel::RepeatableRead;
    if (scenario.backend.kind == BackendSpec::Kind::Postgresql)
        return level == IsolationLevel::RepeatableRead || level == IsolationLevel::Serializable;
    return false;
}

// The level a snapshot is kept under, as SQL names it: InnoDB's default is REPEATABLE READ.
QString isolationName(const Scenario& scenario)
{
    const IsolationLevel level = isolationOf(scenario);
    return isolationSql(level == IsolationLevel::Default ? IsolationLevel::RepeatableRead : level);
}

// A row another worker inserted: when its INSERT ended and when its transaction committed.
struct Insert {
    int worker = -1;
    int event = -1;
    qint64 endNs = 0;
    qint64 commitNs = -1; // -1: not committed (yet, or ever)
    bool rolledBack = false;
    QList<qint64> ids;
};

class Teller {
public:
    Teller(const Scenario& scenario, const Trace& trace, const Outcome& outcome, const QList<bool>& finished)
        : m_scenario(scenario)
        , m_trace(trace)
        , m_outcome(outcome)
        , m_finished(finished)
    {
        const int workers = int(trace.workers.size());
        m_byWorker.resize(workers);
        for (int i = 0; i < trace.events.size(); ++i) {
            const TraceEvent& e = trace.events.at(i);
            if (e.kind == EventKind::Statement && e.worker >= 0 && e.worker < workers)
                m_byWorker[e.worker].append(i);
            else if (e.kind == EventKind::LockWait)
                m_waitOf.insert({ e.worker, e.step }, i);
        }
        for (QList<int>& events : m_byWorker)
            std::stable_sort(events.begin(), events.end(),
                [&](int a, int b) { return trace.events.at(a).step < trace.events.at(b).step; });
        findInserts();
    }

    QList<NarrationLine> tell()
    {
        // A wait is told when it begins, a statement when it has returned (its rows and errors are known then), but
        // never before what caused it.
        const QList<int> order = CausalOrder::of(m_trace);

        m_state.resize(m_trace.workers.size());
        // Each anomaly is told after the statement that closes its cycle: the last of its statements to take effect.
        QHash<int, QList<int>> anomaliesAfter;
        for (qsizetype a = 0; a < m_outcome.anomalies.size(); ++a) {
            qsizetype last = -1;
            for (const Dependency& d : m_outcome.anomalies.at(a).cycle)
                last = std::max({ last, order.indexOf(d.fromEvent), order.indexOf(d.toEvent) });
            if (last >= 0)
                anomaliesAfter[order.at(last)].append(int(a));
        }
        for (const int i : std::as_const(order)) {
            const TraceEvent& e = m_trace.events.at(i);
            if (e.worker < 0 || e.worker >= m_trace.workers.size())
                continue;
            // A live step run's statement still waiting (and its wait) is no part of the story yet: the step job
            // tells the wait from the run's state, and the statement is told when it returns.
            if (e.endNs < e.startNs)
                continue;
            if (e.kind == EventKind::LockWait)
                add(Narration::waiting(m_trace.workers, e.worker, e.blockers, LockWaits::holderRemark(e.note)).text,
                    e.worker, i, Tone::Wait);
            else
                tellStatement(i);
            if (e.kind == EventKind::Statement && isLastOfWorker(i))
                tellResult(e.worker);
            for (const int a : anomaliesAfter.value(i)) {
                const Anomaly& anomaly = m_outcome.anomalies.at(a);
                add(anomaly.violates() ? anomaly.text() : anomaly.text() + u" (the isolation level allows it)"_s, -1, i,
                    anomaly.violates() ? Tone::Bad : Tone::Plain);
            }
        }
        // Workers that finished without a statement (a failed connection) still have a result to tell.
        for (int w = 0; w < m_trace.workers.size(); ++w) {
            if (m_byWorker.at(w).isEmpty())
                tellResult(w);
        }
        if (allFinished() && !m_outcome.groups.isEmpty())
            add(u"The table ends with "_s + m_outcome.rowsVerdict(), -1, -1,
                m_outcome.violated() ? Tone::Bad : Tone::Good);
        return m_lines;
    }

private:
    struct WorkerState {
        bool inTransaction = false;
        qint64 firstReadNs = -1; // the transaction's first read: where a kept snapshot begins
        int savepoints = 0;
        bool afterIntegrityError = false; // the next SELECT is get_or_create's re-get
        bool failed = false; // the transaction had an error: its ROLLBACK is the failure's
        ErrorClass lastError = ErrorClass::None;
        bool wrote = false; // an UPDATE in the open transaction
        QList<qint64> inserted; // ids inserted in the open transaction
    };

    const QString& name(int worker) const { return m_trace.workers.at(worker); }
    const WorkerSpec* spec(int worker) const
    {
        return worker < m_scenario.workers.size() ? &m_scenario.workers.at(worker) : nullptr;
    }
    QString recipe(int worker) const { return spec(worker) ? spec(worker)->recipe : QString(); }
    bool isFinished(int worker) const { return m_finished.isEmpty() || m_finished.value(worker); }
    bool allFinished() const
    {
        return m_finished.isEmpty() || std::all_of(m_finished.cbegin(), m_finished.cend(), [](bool f) { return f; });
    }
    bool isLastOfWorker(int event) const
    {
        const QList<int>& events = m_byWorker.at(m_trace.events.at(event).worker);
        return !events.isEmpty() && events.constLast() == event;
    }
    void add(const QString& text, int worker, int event, Tone tone)
    {
        m_lines.append(NarrationLine { text, worker, event, tone });
    }

    // Every successful INSERT with the moment its transaction committed, read from each worker's own order.
    void findInserts()
    {
        for (int w = 0; w < m_byWorker.size(); ++w) {
            bool inTransaction = false;
            QList<int> pending; // indexes into m_inserts, not committed yet
            for (const int i : m_byWorker.at(w)) {
                const TraceEvent& e = m_trace.events.at(i);
                const QString& sql = m_trace.sql(e);
                const QString verb = statementVerb(sql);
                if (opensTransaction(sql, verb) && !e.error.isError()) {
                    inTransaction = true;
                } else if (endsTransaction(verb)) {
                    const bool committed = verb == u"COMMIT"_s && !e.error.isError();
                    for (const int p : std::as_const(pending)) {
                        m_inserts[p].commitNs = committed ? e.endNs : -1;
                        m_inserts[p].rolledBack = !committed;
                    }
                    pending.clear();
                    inTransaction = StatementKind::chains(sql) && !e.error.isError();
                } else if (verb == u"ROLLBACK TO"_s) {
                    // The savepoint's INSERTs are undone; the ones before it stay pending.
                    for (const int p : std::as_const(pending))
                        m_inserts[p].rolledBack = m_inserts[p].event > savepointBefore(w, i);
                } else if (verb == u"INSERT"_s && !e.error.isError() && e.rowsAffected > 0) {
                    Insert insert { w, i, e.endNs, inTransaction ? -1 : e.endNs, false, e.insertedIds() };
                    m_inserts.append(insert);
                    if (inTransaction)
                        pending.append(int(m_inserts.size()) - 1);
                }
            }
        }
    }

    int savepointBefore(int worker, int event) const
    {
        int last = -1;
        for (const int i : m_byWorker.at(worker)) {
            if (i == event)
                break;
            if (statementVerb(m_trace.sql(m_trace.events.at(i))) == u"SAVEPOINT"_s)
                last = i;
        }
        return last;
    }

    // Another worker's INSERT that a statement of `worker` running from `startNs` could not see because it was
    // not committed yet.
    const Insert* uncommittedBefore(int worker, qint64 startNs) const
    {
        for (const Insert& insert : m_inserts) {
            if (insert.worker != worker && insert.endNs <= startNs && !insert.rolledBack
                && (insert.commitNs < 0 || insert.commitNs > startNs))
                return &insert;
        }
        for (const Insert& insert : m_inserts) { // rolled back later, but not committed when this ran
            if (insert.worker != worker && insert.endNs <= startNs
                && (insert.commitNs < 0 || insert.commitNs > startNs))
                return &insert;
        }
        return nullptr;
    }

    // Another worker's INSERT committed before `startNs` but after `snapshotNs`: invisible to a kept snapshot.
    const Insert* committedAfterSnapshot(int worker, qint64 snapshotNs, qint64 startNs) const
    {
        for (const Insert& insert : m_inserts) {
            if (insert.worker != worker && insert.commitNs >= 0 && insert.commitNs <= startNs
                && insert.commitNs > snapshotNs)
                return &insert;
        }
        return nullptr;
    }

    // The worker that inserted the row that `worker` collided with: the first other worker that inserted one.
    QString otherCreator(int worker) const
    {
        for (const Insert& insert : m_inserts) {
            if (insert.worker != worker)
                return name(insert.worker);
        }
        return {};
    }

    QString insertedByText(qint64 id) const
    {
        const auto it = m_outcome.insertedBy.constFind(id);
        if (it != m_outcome.insertedBy.cend() && *it >= 0 && *it < m_trace.workers.size())
            return name(*it);
        for (const Insert& insert : m_inserts) {
            if (insert.ids.contains(id))
                return name(insert.worker);
        }
        return {};
    }

    // "race_user_id_uniq": the constraint a unique violation names, found in the database's message (PostgreSQL
    // and MySQL name the index, SQLite lists its columns).
    QString constraintOf(const DbError& error) const
    {
        const TableSpec& table = m_scenario.table;
        for (int c = 0; c < table.constraints.size(); ++c) {
            if (error.message.contains(table.constraintName(c)))
                return table.constraintName(c);
        }
        const qsizetype colon = error.message.lastIndexOf(u':');
        if (colon >= 0) {
            QStringList columns;
            for (const QString& part : error.message.mid(colon + 1).split(u',', Qt::SkipEmptyParts)) {
                const QString column = part.trimmed();
                columns.append(column.mid(column.lastIndexOf(u'.') + 1));
            }
            for (int c = 0; c < table.constraints.size(); ++c) {
                if (table.constraints.at(c).columns == columns)
                    return table.constraintName(c);
            }
        }
        return table.constraints.size() == 1 ? table.constraintName(0) : QString();
    }

    // The worker's next SELECT after `event` in its own order, or -1.
    int nextSelect(int worker, int event) const
    {
        const QList<int>& events = m_byWorker.at(worker);
        const qsizetype at = events.indexOf(event);
        for (qsizetype k = at + 1; k < events.size(); ++k) {
            if (statementVerb(m_trace.sql(m_trace.events.at(events.at(k)))) == u"SELECT"_s)
                return events.at(k);
        }
        return -1;
    }

    bool isGetOrCreate(int worker) const
    {
        const QString r = recipe(worker);
        return r == u"django_get_or_create"_s || r == u"select_for_update"_s || r == u"lock_table"_s
            || r == u"advisory_lock"_s || r == u"update_or_create"_s;
    }

    // The lock wait inside a statement event, or nullptr.
    const TraceEvent* waitIn(int event) const
    {
        const TraceEvent& statement = m_trace.events.at(event);
        const auto it = m_waitOf.constFind({ statement.worker, statement.step });
        return it == m_waitOf.cend() ? nullptr : &m_trace.events.at(*it);
    }

    bool waitedWithTimeout(int event) const
    {
        const TraceEvent* wait = waitIn(event);
        return wait && wait->note.contains(u"timeout"_s);
    }

    QStringList blockersOf(int event) const
    {
        QStringList names;
        if (const TraceEvent* wait = waitIn(event)) {
            for (const int b : wait->blockers)
                if (b >= 0 && b < m_trace.workers.size() && !names.contains(name(b)))
                    names.append(name(b));
        }
        return names;
    }

    // The workers whose lock wait, going on while `statement` ran, was for `worker`.
    QStringList waitingFor(int worker, const TraceEvent& statement) const
    {
        QStringList names;
        for (const TraceEvent& e : m_trace.events) {
            if (e.kind == EventKind::LockWait && e.worker != worker && e.blockers.contains(worker)
                && e.startNs <= statement.endNs && e.endNs >= statement.startNs && !names.contains(name(e.worker)))
                names.append(name(e.worker));
        }
        return names;
    }

    void tellStatement(int i)
    {
        const TraceEvent& e = m_trace.events.at(i);
        const int w = e.worker;
        WorkerState& state = m_state[w];
        const QString& sql = m_trace.sql(e);
        const QString verb = statementVerb(sql);
        const QString upper = sql.toUpper();
        const QString who = name(w);
        const QString whose = possessive(who);

        if (e.error.isError()) {
            tellError(i, verb);
            state.failed = true;
            state.lastError = e.error.cls;
            if (endsTransaction(verb))
                state = WorkerState {};
            return;
        }

        if (upper.contains(u"ADVISORY"_s) || upper.contains(u"GET_LOCK("_s)) {
            add(who + u" takes the advisory lock for its lookup: whoever comes second waits"_s, w, i, Tone::Plain);
            return;
        }
        if (upper.contains(u"RELEASE_LOCK("_s)) {
            add(who + u" releases the advisory lock"_s, w, i, Tone::Plain);
            return;
        }
        if (verb == u"LOCK"_s) {
            add(who + u" locks the table "_s + m_scenario.table.name + u": every other request must wait for it"_s, w,
                i, Tone::Plain);
            return;
        }
        if (verb == u"UNLOCK"_s) {
            add(who + u" unlocks the tables"_s, w, i, Tone::Plain);
            return;
        }
        if (opensTransaction(sql, verb)) {
            state = WorkerState {};
            state.inTransaction = true;
            if (StatementKind::leadingWords(sql, 2).contains(u"IMMEDIATE"_s))
                add(who + u" takes SQLite's write lock up front (BEGIN IMMEDIATE)"_s, w, i, Tone::Plain);
            else if (spec(w) && spec(w)->atomic && m_byWorker.at(w).value(0) == i)
                add(whose + u" request opens its transaction (ATOMIC_REQUESTS)"_s, w, i, Tone::Plain);
            else
                add(who + u" opens a transaction"_s, w, i, Tone::Plain);
            return;
        }
        if (autocommitSetting(sql).value_or(false)) {
            add(who + u" turns autocommit back on"_s, w, i, Tone::Plain);
            return;
        }
        if (verb == u"SAVEPOINT"_s) {
            ++state.savepoints;
            add(who + u" sets a savepoint before creating the row (the inner atomic block)"_s, w, i, Tone::Plain);
            return;
        }
        if (verb == u"RELEASE"_s) {
            state.savepoints = std::max(0, state.savepoints - 1);
            if (state.inserted.isEmpty())
                add(who + u" releases its savepoint"_s, w, i, Tone::Plain);
            else
                add(who + u" releases its savepoint: the new row stays in "_s + whose + u" open transaction"_s, w, i,
                    Tone::Plain);
            return;
        }
        if (verb == u"ROLLBACK TO"_s) {
            state.inserted.clear();
            add(who + u" rolls back to its savepoint: the failed INSERT is undone, the transaction stays open"_s, w, i,
                Tone::Plain);
            return;
        }
        // AND CHAIN opens the next transaction in the same statement: the worker is in a transaction after it.
        const bool chained = StatementKind::chains(sql);
        const QString chain = chained ? u", and opens its next transaction at once (AND CHAIN)"_s : QString();
        if (verb == u"ROLLBACK"_s) {
            add((state.failed ? who + u" rolls back its failed transaction"_s : who + u" rolls back its transaction"_s)
                    + chain,
                w, i, Tone::Plain);
            const bool afterIntegrityError = state.afterIntegrityError;
            state = WorkerState {};
            state.afterIntegrityError = afterIntegrityError;
            state.inTransaction = chained;
            return;
        }
        if (verb == u"COMMIT"_s) {
            if (!state.inserted.isEmpty())
                add(who + u" inserted "_s + idsText(state.inserted) + u" and committed"_s + chain, w, i, Tone::Good);
            else if (state.wrote)
                add(who + u" committed its update"_s + chain, w, i, Tone::Good);
            else
                add(who + u" commits"_s + chain, w, i, Tone::Plain);
            const bool afterIntegrityError = state.afterIntegrityError;
            state = WorkerState {};
            state.afterIntegrityError = afterIntegrityError;
            state.inTransaction = chained;
            return;
        }
        if (verb == u"SELECT"_s) {
            tellSelect(i, upper.contains(u"FOR UPDATE"_s));
            return;
        }
        if (verb == u"INSERT"_s) {
            const QList<qint64> ids = e.insertedIds();
            if (e.rowsAffected == 0 && ids.isEmpty()) {
                add(whose + u" INSERT was ignored: the row is already there"_s, w, i, Tone::Plain);
            } else if (!state.inTransaction) {
                add(who + u" inserted "_s + (ids.isEmpty() ? rowCountText(e.rowsAffected) : idsText(ids))
                        + u" and committed"_s,
                    w, i, Tone::Good);
            } else {
                state.inserted.append(ids);
                add(whose + u" INSERT adds "_s + (ids.isEmpty() ? rowCountText(e.rowsAffected) : idsText(ids))
                        + u": nobody else sees it until "_s + who + u" commits"_s,
                    w, i, Tone::Plain);
            }
            return;
        }
        if (verb == u"UPDATE"_s) {
            state.wrote = true;
            const QString column = spec(w) ? spec(w)->column : QString();
            if (recipe(w) == u"counter_read_modify_write"_s && !column.isEmpty())
                add(whose + u" UPDATE writes back the "_s + column + u" it computed from what it read"
                        + (state.inTransaction ? u""_s : u" (and commits)"_s),
                    w, i, Tone::Plain);
            else if (recipe(w) == u"counter_atomic"_s && !column.isEmpty())
                add(whose + u" UPDATE adds 1 to "_s + column + u" in the database (an F() expression)"_s, w, i,
                    Tone::Plain);
            else
                add(whose + u" UPDATE changed "_s + rowCountText(e.rowsAffected), w, i, Tone::Plain);
            return;
        }
        if (verb == u"DELETE"_s) {
            state.wrote = true;
            add(whose + u" DELETE removed "_s + rowCountText(e.rowsAffected), w, i, Tone::Plain);
            return;
        }
        if (verb == u"SET"_s) {
            add(who + u" sets up its session ("_s + sql.simplified() + u")"_s, w, i, Tone::Plain);
            return;
        }
        add(whose + u" "_s + verb + u" ran"_s, w, i, Tone::Plain);
    }

    void tellSelect(int i, bool forUpdate)
    {
        const TraceEvent& e = m_trace.events.at(i);
        const int w = e.worker;
        WorkerState& state = m_state[w];
        const QString who = name(w);
        const QString whose = possessive(who);
        const bool reget = state.afterIntegrityError;
        state.afterIntegrityError = false;
        const qint64 snapshotNs = state.firstReadNs;
        if (state.inTransaction && state.firstReadNs < 0)
            state.firstReadNs = e.startNs;
        const QString what =
            reget ? whose + u" re-get"_s : whose + (forUpdate ? u" SELECT … FOR UPDATE"_s : u" SELECT"_s);

        if (e.rowCount() == 0) {
            QString text = what + (reget ? u" found nothing"_s : u" found no row"_s);
            const Insert* hidden = nullptr;
            if (state.inTransaction && snapshotNs >= 0 && keepsSnapshot(m_scenario))
                hidden = committedAfterSnapshot(w, snapshotNs, e.startNs);
            if (hidden) {
                text += u": under "_s + isolationName(m_scenario) + u" it still sees the snapshot from before "_s
                    + possessive(name(hidden->worker)) + u" commit"_s;
            } else if (const Insert* pending = uncommittedBefore(w, e.startNs)) {
                text += u": "_s + name(pending->worker) + u" has not committed its INSERT yet"_s;
            } else if (reget) {
                text += u": Django re-raises the IntegrityError"_s;
            } else if (isGetOrCreate(w) || recipe(w) == u"naive_get_or_create"_s) {
                text += u", so "_s + who + u" will create it"_s;
            }
            add(text, w, i, reget ? Tone::Bad : Tone::Plain);
            return;
        }
        QList<qint64> ids;
        for (const Row& row : e.rows)
            ids.append(row.value(0).toLongLong());
        if (e.rowCount() > 1) {
            add(what + u" found "_s + rowCountText(e.rowCount()) + u" where there should be one"_s, w, i, Tone::Bad);
            return;
        }
        const QString creator = insertedByText(ids.constFirst());
        QString text = what + u" found "_s
            + (creator.isEmpty() || creator == who
                    ? idsText(ids)
                    : u"the row "_s + creator + u" created (id "_s + QString::number(ids.constFirst()) + u")"_s);
        if (forUpdate)
            text += u" and locks it"_s;
        add(text, w, i, reget ? Tone::Good : Tone::Plain);
    }

    void tellError(int i, const QString& verb)
    {
        const TraceEvent& e = m_trace.events.at(i);
        const int w = e.worker;
        WorkerState& state = m_state[w];
        const QString who = name(w);
        const QString what = possessive(who) + u" "_s + verb;
        switch (e.error.cls) {
        case ErrorClass::IntegrityError: {
            state.afterIntegrityError = true;
            const QString constraint = constraintOf(e.error);
            QString text =
                what + u" violates unique constraint "_s + (constraint.isEmpty() ? e.error.message : constraint);
            if (recipe(w) == u"naive_get_or_create"_s) {
                text += u": nothing catches the IntegrityError, "_s + possessive(who) + u" request fails"_s;
            } else if (isGetOrCreate(w)) {
                const QString creator = otherCreator(w);
                const int reget = nextSelect(w, i);
                const bool regetFailed = reget >= 0 && m_trace.events.at(reget).rows.isEmpty();
                text += u": Django rolls back"_s + (state.savepoints > 0 ? u" to its savepoint"_s : QString())
                    + (regetFailed ? u" and tries to get "_s : u" and gets "_s)
                    + (creator.isEmpty() ? u"the existing row"_s : u"the row "_s + creator + u" created"_s);
            }
            add(text, w, i, Tone::Bad);
            return;
        }
        case ErrorClass::Busy:
            if (waitedWithTimeout(i))
                add(what + u" gave up waiting: database is locked (the busy timeout elapsed)"_s, w, i, Tone::Bad);
            else
                add(what + u" fails at once with \u201cdatabase is locked\u201d: SQLite will not let "_s + who
                        + u" wait for the write lock while it holds a read lock (that could deadlock)"_s,
                    w, i, Tone::Bad);
            return;
        case ErrorClass::Deadlock: {
            QStringList others = blockersOf(i);
            if (others.isEmpty())
                others = waitingFor(w, e); // the victim was chosen before it had to wait: who waited for it
            add(what + u" is the deadlock victim: the database rolls back "_s + possessive(who) + u" transaction"_s
                    + (others.isEmpty() ? QString() : u" so "_s + listed(others) + u" can go on"_s),
                w, i, Tone::Bad);
            return;
        }
        case ErrorClass::SerializationFailure:
            add(what + u" fails with a serialization failure: another transaction changed what "_s + who
                    + u" read, so the database refuses it"_s,
                w, i, Tone::Bad);
            return;
        case ErrorClass::LockTimeout:
            add(what + u" gave up waiting for a lock (lock timeout)"_s, w, i, Tone::Bad);
            return;
        case ErrorClass::Interrupted:
            add(what + u" was interrupted"_s, w, i, Tone::Bad);
            return;
        case ErrorClass::ConnectionLost:
            add(who + u" lost its connection: "_s + e.error.message, w, i, Tone::Bad);
            return;
        case ErrorClass::Timeout:
            add(who + u" gave up on the server: "_s + e.error.message, w, i, Tone::Bad);
            return;
        case ErrorClass::None:
        case ErrorClass::SchemaError:
        case ErrorClass::Other:
            break;
        }
        if (verb == u"ROLLBACK TO"_s && state.lastError == ErrorClass::Deadlock) {
            add(possessive(who) + u" ROLLBACK TO SAVEPOINT fails: the deadlock already rolled back "_s + possessive(who)
                    + u" whole transaction, savepoint included"_s,
                w, i, Tone::Bad);
            return;
        }
        add(what + u" failed: "_s + e.error.message, w, i, Tone::Bad);
    }

    void tellResult(int w)
    {
        if (!isFinished(w) || w >= m_outcome.results.size())
            return;
        const WorkerResult& r = m_outcome.results.at(w);
        const QString who = name(w);
        const QString id = r.rowId.isValid() ? u" (id "_s + r.rowId.toString() + u")"_s : QString();
        switch (r.kind) {
        case ResultKind::Created:
            add(who + u" returns its new row"_s + id + u": created=True"_s, w, -1, Tone::Good);
            return;
        case ResultKind::Got: {
            const QString creator = r.rowId.isValid() ? insertedByText(r.rowId.toLongLong()) : QString();
            const QString row =
                creator.isEmpty() || creator == who ? u"the row"_s : u"the row "_s + creator + u" created"_s;
            add(who + u" returns "_s + row + id + u": created=False"_s
                    + (r.afterIntegrityError ? u", after the IntegrityError"_s : QString()),
                w, -1, Tone::Good);
            return;
        }
        case ResultKind::Updated:
            add(who + u" updated the row"_s + id + (r.detail.isEmpty() ? QString() : u": "_s + r.detail), w, -1,
                Tone::Good);
            return;
        case ResultKind::Completed:
            add(who + u" ran all its statements as expected"_s, w, -1, Tone::Good);
            return;
        case ResultKind::MultipleObjectsReturned: {
            QString message = r.detail;
            message.replace(u" -- "_s, u" \u2014 "_s);
            add(who + u" fails with MultipleObjectsReturned: "_s + message, w, -1, Tone::Bad);
            return;
        }
        case ResultKind::IntegrityError:
            if (r.afterIntegrityError) {
                add(who + u" fails: the re-get found nothing, so Django re-raises the IntegrityError"_s, w, -1,
                    Tone::Bad);
                return;
            }
            break;
        default:
            break;
        }
        add(who + u" fails with "_s + r.kindName() + (r.detail.isEmpty() ? QString() : u": "_s + r.detail), w, -1,
            Tone::Bad);
    }

    const Scenario& m_scenario;
    const Trace& m_trace;
    const Outcome& m_outcome;
    const QList<bool>& m_finished;
    QList<QList<int>> m_byWorker; // statement events of each worker, in its own order
    QHash<QPair<int, int>, int> m_waitOf; // (worker, step) -> the LockWait event inside that statement
    QList<Insert> m_inserts;
    QList<WorkerState> m_state;
    QList<NarrationLine> m_lines;
};

} // namespace

QList<NarrationLine> Narration::tell(const RunResult& run, const QList<bool>& finished)
{
    return tell(run.scenario, run.trace, run.outcome, finished);
}

QList<NarrationLine> Narration::tell(
    const Scenario& scenario, const Trace& trace, const Outcome& outcome, const QList<bool>& finished)
{
    return Teller(scenario, trace, outcome, finished).tell();
}

NarrationLine Narration::waiting(const QStringList& workers, int worker, const QList<int>& holders, const QString& why)
{
    QStringList names;
    for (const int h : holders) {
        if (h >= 0 && h < workers.size() && !names.contains(workers.at(h)))
            names.append(workers.at(h));
    }
    const QString who = workers.value(worker);
    QString text;
    if (names.isEmpty() && !why.isEmpty())
        text = who + u" waits for a lock: "_s + why;
    else if (names.isEmpty())
        text = who + u" waits for a lock held outside the run"_s;
    else if (names.size() == 1)
        text = who + u" waits for "_s + possessive(names.constFirst()) + u" lock"_s;
    else {
        QStringList owners;
        for (const QString& n : std::as_const(names))
            owners.append(possessive(n));
        text = who + u" waits for "_s + listed(owners) + u" locks"_s;
    }
    return NarrationLine { text, worker, -1, NarrationLine::Tone::Wait };
}

} // namespace interleave
