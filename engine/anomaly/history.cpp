// SPDX-License-Identifier: MIT
#include "history.h"

#include "causalorder.h"
#include "fieldlookup.h"
#include "isolationlevel.h"
#include "predicate.h"
#include "statementkind.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Two values as a database returns and a recipe sends them: numbers compare as numbers whatever their type (a
// server's text "0" and a bound 0), everything else as text.
//
// It is called for every column of every candidate version of every row a statement returned: QVariant::toDouble on
// a text ("hello") costs a locale-aware parse that fails, so text that cannot be a number is told first.
bool mayBeNumber(const QString& text)
{
    for (const QChar c : text) {
        if (c.isSpace())
            continue;
        // What QString::toDouble accepts begins with a digit, a sign (U+2212 too), a point, or "inf" / "nan".
        return c.isDigit() || c == u'+' || c == u'-' || c == u'\u2212' || c == u'.' || c == u'i' || c == u'I'
            || c == u'n' || c == u'N';
    }
    return false;
}
double number(const QVariant& v, bool* ok)
{
    switch (v.typeId()) {
    case QMetaType::Int:
        *ok = true;
        return double(v.toInt());
    case QMetaType::LongLong:
        *ok = true;
        return double(v.toLongLong());
    case QMetaType::Double:
        *ok = true;
        return v.toDouble();
    case QMetaType::QString: {
        const QString* text = static_cast<const QString*>(v.constData());
        if (!mayBeNumber(*text)) {
            *ok = false;
            return 0;
        }
        return text->toDouble(ok);
    }
    default:
        return v.toDouble(ok);
    }
}

bool sameValue(const QVariant& a, const QVariant& b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() && b.isNull();
    bool aNumber = false;
    bool bNumber = false;
    const double x = number(a, &aNumber);
    const double y = number(b, &bNumber);
    if (aNumber && bNumber)
        return x == y;
    return a.toString() == b.toString();
}

// The savepoint a SAVEPOINT, RELEASE or ROLLBACK TO names, folded as SQL folds an unquoted name.
QString savepointName(const QString& sql)
{
    QString name = sql.trimmed();
    while (name.endsWith(u';'))
        name.chop(1);
    static const QRegularExpression whitespace(u"\\s+"_s);
    name = name.section(whitespace, -1);
    if (name.size() >= 2 && (name.startsWith(u'"') || name.startsWith(u'`')))
        return name.mid(1, name.size() - 2);
    return name.toLower();
}

// What the replay needs to know of a statement's text, read once per distinct text: a stress run judges every trial,
// and its trials run the same few statements.
struct StatementFacts {
    QString verb; // StatementKind::verb
    std::optional<bool> autocommit; // autocommitSetting
    bool chains = false; // StatementKind::chains: COMMIT AND CHAIN
};
StatementFacts factsOf(const QString& sql)
{
    thread_local QHash<QString, StatementFacts> known;
    if (const auto it = known.constFind(sql); it != known.cend())
        return *it;
    if (known.size() >= 4096)
        known.clear(); // a run of many distinct texts (literal SQL with a new value each trial) stays bounded
    StatementFacts facts { StatementKind::verb(sql), autocommitSetting(sql), StatementKind::chains(sql) };
    known.insert(sql, facts);
    return facts;
}

class Replay {
public:
    Replay(const Scenario& scenario, const Trace& trace, History* history)
        : m_scenario(scenario)
        , m_trace(trace)
        , m_history(*history)
        , m_workers(int(trace.workers.size()))
    {
        for (const ColumnSpec& c : scenario.table.columns)
            m_columns.append(c.name);
        m_rowColumns = QStringList { u"id"_s } + m_columns;
        m_verbs.reserve(trace.statements.size());
        m_autocommit.reserve(trace.statements.size());
        m_chains.reserve(trace.statements.size());
        for (const QString& sql : trace.statements) {
            const StatementFacts facts = factsOf(sql);
            m_verbs.append(facts.verb);
            m_autocommit.append(facts.autocommit);
            m_chains.append(facts.chains);
        }
        const IsolationLevel level = isolationOf(scenario);
        if (scenario.backend.kind == BackendSpec::Kind::Mysql)
            m_keepsSnapshot = level == IsolationLevel::Default || level == IsolationLevel::RepeatableRead;
        else if (scenario.backend.kind == BackendSpec::Kind::Postgresql)
            m_keepsSnapshot = level == IsolationLevel::RepeatableRead || level == IsolationLevel::Serializable;
    }

    void run()
    {
        addInitialRows();
        findTransactions();
        for (const int event : CausalOrder::of(m_trace)) {
            const TraceEvent& e = m_trace.events.at(event);
            if (e.kind == EventKind::Statement && e.worker >= 0 && e.worker < m_workers)
                replay(event);
        }
        findPredicateMisses();
    }

    // Where a read's snapshot was taken, in replay order: at its transaction's first statement where the level
    // keeps one (REPEATABLE READ and SERIALIZABLE on PostgreSQL, InnoDB's default and REPEATABLE READ), else at the
    // statement itself.
    int snapshotAt(int event) const
    {
        const int transaction = m_history.transactionOf.value(event, -1);
        if (m_keepsSnapshot && transaction >= 0) {
            for (const int first : m_history.transactions.at(transaction).events) {
                const TraceEvent& e = m_trace.events.at(first);
                if (!StatementKind::isTransactionVerb(verbOf(e)) && !autocommitOf(e))
                    return m_position.value(first, m_position.value(event));
            }
        }
        return m_position.value(event);
    }

    // Whether a statement whose snapshot is at `at` of `transaction` could see `version`.
    bool visible(const RowVersion& v, int transaction, int at) const
    {
        if (v.transaction < 0)
            return true;
        if (v.transaction == transaction)
            return !v.aborted && m_position.value(v.event) < at + 1;
        return !v.aborted && m_commitPosition.value(v.transaction, m_next) < at;
    }

private:
    const QString& verbOf(const TraceEvent& e) const { return m_verbs.at(e.statement); }
    std::optional<bool> autocommitOf(const TraceEvent& e) const { return m_autocommit.at(e.statement); }

    void addInitialRows()
    {
        for (qsizetype i = 0; i < m_scenario.table.rows.size(); ++i) {
            RowVersion v;
            v.row = i + 1;
            v.values = m_scenario.table.rows.at(i);
            for (const QString& c : std::as_const(m_columns)) {
                if (!v.values.contains(c))
                    v.values.insert(c, QVariant::fromValue(nullptr));
            }
            v.values.insert(u"id"_s, v.row);
            v.installed = true;
            install(int(m_history.versions.size()), v);
        }
    }

    void install(int index, const RowVersion& v)
    {
        if (index == m_history.versions.size())
            m_history.versions.append(v);
        m_history.versions[index].installed = true;
        m_history.versionOrder[v.row].append(index);
    }

    // Which transaction each statement belongs to, worker by worker in the worker's own order: BEGIN (or MySQL's
    // SET autocommit=0) to COMMIT or ROLLBACK; each other statement outside one is a transaction of its own
    // (autocommit), except after SET autocommit=0, where it opens one.
    void findTransactions()
    {
        QList<QList<int>> byWorker(m_workers);
        for (int i = 0; i < m_trace.events.size(); ++i) {
            const TraceEvent& e = m_trace.events.at(i);
            if (e.kind == EventKind::Statement && e.worker >= 0 && e.worker < m_workers)
                byWorker[e.worker].append(i);
        }
        for (int w = 0; w < byWorker.size(); ++w) {
            QList<int>& events = byWorker[w];
            std::stable_sort(events.begin(), events.end(),
                [&](int a, int b) { return m_trace.events.at(a).step < m_trace.events.at(b).step; });
            const bool recipeRetries = m_scenario.workers.value(w).recipe != u"sql"_s;
            int attempt = 0;
            int open = -1;
            bool autocommitOff = false;
            const auto begin = [&](bool autocommit) {
                HistoryTransaction t;
                t.worker = w;
                t.autocommit = autocommit;
                m_history.transactions.append(t);
                return int(m_history.transactions.size()) - 1;
            };
            for (qsizetype k = 0; k < events.size(); ++k) {
                const int i = events.at(k);
                const TraceEvent& e = m_trace.events.at(i);
                const QString& verb = verbOf(e);
                const std::optional<bool> autocommit = autocommitOf(e);
                const bool ok = !e.error.isError();
                const bool transactional = StatementKind::isTransactionVerb(verb) || autocommit.has_value();
                if (open < 0) {
                    if ((verb == u"BEGIN"_s || (autocommit && !*autocommit)) && ok)
                        open = begin(false);
                    else if (autocommitOff && !transactional)
                        open = begin(false);
                    else if (!transactional)
                        m_history.transactionOf.insert(i, begin(true));
                }
                if (open >= 0) {
                    m_history.transactions[open].events.append(i);
                    m_history.transactionOf.insert(i, open);
                } else if (m_history.transactionOf.contains(i)) {
                    m_history.transactions[m_history.transactionOf.value(i)].events.append(i);
                }
                if (autocommit && ok)
                    autocommitOff = !*autocommit;
                // A COMMIT or ROLLBACK ends it (AND CHAIN opens the next at the following statement); so do
                // SET autocommit=1 (MySQL commits) and a deadlock or serialization failure on a server.
                const bool rolledBackByServer =
                    (e.error.cls == ErrorClass::Deadlock || e.error.cls == ErrorClass::SerializationFailure)
                    && m_scenario.backend.isServer();
                if (StatementKind::endsTransaction(verb) || (autocommit && *autocommit && ok) || rolledBackByServer)
                    open = -1;
                if (m_chains.at(e.statement) && ok)
                    open = begin(false);
                m_history.attemptOf.insert(i, attempt);
                // The code went on after an error: what it did before belongs to an attempt that failed.
                if (recipeRetries && !ok && k + 1 < events.size())
                    ++attempt;
            }
        }
    }

    void replay(int event)
    {
        const TraceEvent& e = m_trace.events.at(event);
        m_position.insert(event, m_next++);
        const QString& sql = m_trace.sql(e);
        const QString& verb = verbOf(e);
        const int transaction = m_history.transactionOf.value(event, -1);
        if (transaction < 0)
            return;
        const bool autocommit = m_history.transactions.at(transaction).autocommit;
        const bool server = m_scenario.backend.isServer();

        if (verb == u"SAVEPOINT"_s && !e.error.isError()) {
            m_savepoints[transaction].append({ savepointName(sql), m_pending.value(transaction).size() });
        } else if (verb == u"ROLLBACK TO"_s && !e.error.isError()) {
            const QString name = savepointName(sql);
            QList<QPair<QString, qsizetype>>& savepoints = m_savepoints[transaction];
            for (qsizetype s = savepoints.size() - 1; s >= 0; --s) {
                if (savepoints.at(s).first != name)
                    continue;
                QList<int>& pending = m_pending[transaction];
                while (pending.size() > savepoints.at(s).second)
                    m_history.versions[pending.takeLast()].aborted = true;
                savepoints.resize(s + 1);
                break;
            }
            m_failed.remove(transaction);
        } else if (StatementKind::endsTransaction(verb)) {
            end(transaction, verb == u"COMMIT"_s && !e.error.isError() && !m_failed.contains(transaction));
            return;
        }

        if (e.error.isError()) {
            // PostgreSQL aborts the whole transaction on an error (its COMMIT then rolls back); a deadlock or a
            // serialization failure rolls it back on every server.
            if (m_scenario.backend.kind == BackendSpec::Kind::Postgresql)
                m_failed.insert(transaction);
            if (autocommit
                || (server && (e.error.cls == ErrorClass::Deadlock || e.error.cls == ErrorClass::SerializationFailure)))
                end(transaction, false);
            return;
        }
        if (e.access)
            apply(event, transaction, *e.access);
        if (autocommit)
            end(transaction, true);
        else if (const std::optional<bool> setting = autocommitOf(e); setting && *setting)
            end(transaction, true);
    }

    // The version of `row` a statement of `transaction` finds when it writes: its own latest, else the latest
    // committed (it waited for the lock of any other writer). -1: no such row (yet).
    int current(qint64 row, int transaction) const
    {
        const QList<int> own = m_pending.value(transaction);
        for (qsizetype k = own.size() - 1; k >= 0; --k) {
            if (m_history.versions.at(own.at(k)).row == row)
                return own.at(k);
        }
        const QList<int> order = m_history.versionOrder.value(row);
        return order.isEmpty() ? -1 : order.constLast();
    }

    // Every row a statement of `transaction` could find when it writes, with the version it finds.
    QList<int> currentVersions(int transaction) const
    {
        QList<int> found;
        QList<qint64> rows = m_history.versionOrder.keys();
        for (const int v : m_pending.value(transaction)) {
            if (!rows.contains(m_history.versions.at(v).row))
                rows.append(m_history.versions.at(v).row);
        }
        std::sort(rows.begin(), rows.end());
        for (const qint64 row : std::as_const(rows)) {
            const int v = current(row, transaction);
            if (v >= 0 && !m_history.versions.at(v).deleted)
                found.append(v);
        }
        return found;
    }

    // A statement's condition, parsed once however many row versions it is tried on.
    struct Condition {
        QList<QPair<FieldLookup, QVariant>> lookups;
        std::optional<Predicate> where;
        bool unreadable = false; // a lookup or WHERE that does not parse selects nothing
    };
    const Condition& conditionOf(const RowAccess& access) const
    {
        const auto known = m_conditions.constFind(&access);
        if (known != m_conditions.cend())
            return *known;
        Condition c;
        for (auto it = access.lookup.begin(); it != access.lookup.end(); ++it) {
            if (const auto field = FieldLookup::parse(it.key()))
                c.lookups.append({ *field, it.value() });
            else
                c.unreadable = true;
        }
        if (!access.where.isEmpty()) {
            c.where = Predicate::parse(access.where, m_scenario.table, nullptr);
            c.unreadable |= !c.where.has_value();
        }
        return *m_conditions.insert(&access, c);
    }

    bool selects(const RowAccess& access, const RowVersion& v) const
    {
        if (v.deleted)
            return false;
        if (!access.id.isNull())
            return sameValue(access.id, v.row);
        const Condition& condition = conditionOf(access);
        if (condition.unreadable)
            return false;
        for (const auto& [field, value] : condition.lookups) {
            if (!field.matches(m_scenario.backend.kind, value, v.values.value(field.column())))
                return false;
        }
        if (condition.where) {
            Row row { v.values.value(u"id"_s) };
            for (const QString& c : m_columns)
                row.append(v.values.value(c));
            return condition.where->matches(m_rowColumns, row, m_scenario.backend.kind);
        }
        return true;
    }

    int write(int event, int transaction, RowVersion v)
    {
        v.transaction = transaction;
        v.event = event;
        const int index = int(m_history.versions.size());
        m_history.versions.append(v);
        m_pending[transaction].append(index);
        m_history.writesOf[event].append(index);
        return index;
    }

    void unknown(int event, const QString& why)
    {
        const TraceEvent& e = m_trace.events.at(event);
        m_history.unknowns.append(u"%1's statement %2 (%3): %4"_s.arg(m_trace.workers.value(e.worker))
                                      .arg(e.step + 1)
                                      .arg(m_trace.sql(e).simplified().left(60), why));
    }

    void apply(int event, int transaction, const RowAccess& access)
    {
        const TraceEvent& e = m_trace.events.at(event);
        switch (access.kind) {
        case RowAccess::Kind::Unknown:
            unknown(event, access.unknown);
            return;
        case RowAccess::Kind::Insert: {
            const QList<qint64> ids = e.insertedIds();
            const qsizetype made = e.rowsAffected > 0 ? e.rowsAffected : ids.size();
            if (access.ignoreConflicts && made != access.rows.size() && made > 0) {
                unknown(event, u"which of its rows were skipped as conflicts"_s);
                return;
            }
            if (made == 0)
                return;
            for (qsizetype r = 0; r < access.rows.size(); ++r) {
                RowVersion v;
                // The id the database reported; else the one the statement wrote itself (PostgreSQL reports none
                // for an INSERT without RETURNING); else unknown.
                const QVariant written = access.rows.at(r).value(u"id"_s);
                v.row = r < ids.size() ? ids.at(r) : written.isValid() ? written.toLongLong() : --m_unknownIds;
                v.values = access.rows.at(r);
                v.values.insert(u"id"_s, v.row);
                write(event, transaction, v);
            }
            return;
        }
        case RowAccess::Kind::Update:
        case RowAccess::Kind::Delete: {
            for (const int base : currentVersions(transaction)) {
                if (!selects(access, m_history.versions.at(base)))
                    continue;
                RowVersion v = m_history.versions.at(base);
                v.installed = false;
                v.aborted = false;
                v.fromBase = !access.add.isEmpty();
                if (access.kind == RowAccess::Kind::Delete) {
                    v.deleted = true;
                } else {
                    for (auto it = access.set.begin(); it != access.set.end(); ++it)
                        v.values.insert(it.key(), it.value());
                    for (auto it = access.add.begin(); it != access.add.end(); ++it) {
                        const QVariant before = v.values.value(it.key());
                        v.values.insert(it.key(),
                            before.isNull() ? QVariant::fromValue(nullptr)
                                            : QVariant(before.toLongLong() + it.value().toLongLong()));
                    }
                }
                // The write read the version it replaced.
                addRead(event, base, true);
                write(event, transaction, v);
            }
            return;
        }
        case RowAccess::Kind::Read:
            observe(event, transaction, access);
            return;
        }
    }

    void addRead(int event, int version, bool returned)
    {
        RowRead read;
        read.event = event;
        read.row = m_history.versions.at(version).row;
        read.version = version;
        read.returned = returned;
        m_history.readsOf[event].append(int(m_history.reads.size()));
        m_history.reads.append(read);
    }

    // The versions a read could have returned for `row`, most likely first: its transaction's own latest, the
    // committed ones newest first, then others' uncommitted (and rolled-back) ones: a dirty read.
    QList<int> candidates(qint64 row, int transaction) const
    {
        QList<int> found;
        const QList<int> own = m_pending.value(transaction);
        for (qsizetype k = own.size() - 1; k >= 0; --k) {
            if (m_history.versions.at(own.at(k)).row == row) {
                found.append(own.at(k));
                break;
            }
        }
        const QList<int> order = m_history.versionOrder.value(row);
        for (qsizetype k = order.size() - 1; k >= 0; --k)
            found.append(order.at(k));
        for (int v = int(m_history.versions.size()) - 1; v >= 0; --v) {
            const RowVersion& version = m_history.versions.at(v);
            if (version.row == row && version.transaction != transaction && !version.installed && !found.contains(v))
                found.append(v);
        }
        return found;
    }

    // A result's column name as a version's key: "p.\"likes\"" -> likes.
    static QString bareColumn(const QString& column)
    {
        if (!column.contains(u'.') && !column.contains(u'"') && !column.contains(u'`'))
            return column; // most are bare already: no section() and its split
        return column.section(u'.', -1).remove(u'"').remove(u'`');
    }

    // Whether a returned row has a version's values, in the columns (bareColumn) of its result.
    bool sameValues(const QStringList& columns, const Row& row, const RowVersion& v) const
    {
        if (v.deleted)
            return false;
        for (qsizetype c = 0; c < columns.size() && c < row.size(); ++c) {
            const QString& column = columns.at(c);
            const auto known = std::find_if(v.values.keyBegin(), v.values.keyEnd(),
                [&](const QString& key) { return key.compare(column, Qt::CaseInsensitive) == 0; });
            if (known != v.values.keyEnd() && !sameValue(v.values.value(*known), row.at(c)))
                return false;
        }
        return true;
    }

    void observe(int event, int transaction, const RowAccess& access)
    {
        const TraceEvent& e = m_trace.events.at(event);
        if (access.computed) {
            // count(*) and the like: it read, in the version it could see, every row its condition selects.
            const int at = snapshotAt(event);
            QList<qint64> seen;
            for (auto it = m_history.versionOrder.cbegin(); it != m_history.versionOrder.cend(); ++it) {
                int saw = -1;
                for (const int v : candidates(it.key(), transaction)) {
                    if (visible(m_history.versions.at(v), transaction, at)) {
                        saw = v;
                        break;
                    }
                }
                if (saw >= 0 && selects(access, m_history.versions.at(saw))) {
                    addRead(event, saw, true);
                    seen.append(it.key());
                }
            }
            m_predicateReads.append({ event, transaction, &access, seen });
            return;
        }
        if (e.rowsDropped > 0) {
            unknown(event, u"it returned more rows than a run keeps"_s);
            return;
        }
        qsizetype idColumn = -1;
        QStringList columns;
        columns.reserve(e.columns.size());
        for (qsizetype c = 0; c < e.columns.size(); ++c) {
            columns.append(bareColumn(e.columns.at(c)));
            if (columns.constLast().compare(u"id"_s, Qt::CaseInsensitive) == 0)
                idColumn = c;
        }
        QList<qint64> seen;
        for (const Row& row : e.rows) {
            QList<qint64> rows;
            if (idColumn >= 0) {
                rows.append(row.value(idColumn).toLongLong());
            } else {
                rows = m_history.versionOrder.keys();
                for (const RowVersion& v : std::as_const(m_history.versions))
                    if (!rows.contains(v.row))
                        rows.append(v.row);
            }
            int observed = -1;
            for (const qint64 id : std::as_const(rows)) {
                if (seen.contains(id))
                    continue;
                for (const int v : candidates(id, transaction)) {
                    if (sameValues(columns, row, m_history.versions.at(v))
                        && (idColumn >= 0 || selects(access, m_history.versions.at(v)))) {
                        observed = v;
                        break;
                    }
                }
                if (observed >= 0)
                    break;
            }
            if (observed < 0) {
                unknown(event, u"a row it returned matches no version known here"_s);
                continue;
            }
            seen.append(m_history.versions.at(observed).row);
            addRead(event, observed, true);
        }
        m_predicateReads.append({ event, transaction, &access, seen });
    }

    void end(int transaction, bool commits)
    {
        if (transaction < 0)
            return;
        HistoryTransaction& t = m_history.transactions[transaction];
        if (t.end != HistoryTransaction::End::Open)
            return;
        t.end = commits ? HistoryTransaction::End::Committed : HistoryTransaction::End::RolledBack;
        m_commitPosition.insert(transaction, m_next++);
        const QList<int> pending = m_pending.take(transaction);
        if (!commits) {
            for (const int v : pending)
                m_history.versions[v].aborted = true;
            return;
        }
        // The transaction's last write of each row is the version it installs; the others are intermediate.
        for (qsizetype k = 0; k < pending.size(); ++k) {
            const RowVersion& v = m_history.versions.at(pending.at(k));
            if (v.aborted)
                continue;
            const bool last = std::none_of(pending.cbegin() + k + 1, pending.cend(), [&](int later) {
                return m_history.versions.at(later).row == v.row && !m_history.versions.at(later).aborted;
            });
            if (last)
                install(pending.at(k), v);
        }
    }

    // A read's condition missed every row it did not return. For each such row, the version it saw is taken to be
    // the latest one it could have seen (initial, its own earlier write, or committed before it) that its condition
    // does not select, or none (the row was not there yet); the first installed version after that one which its
    // condition selects is the write that would have changed its result.
    void findPredicateMisses()
    {
        for (const PredicateRead& p : std::as_const(m_predicateReads)) {
            const int at = snapshotAt(p.event);
            for (auto it = m_history.versionOrder.cbegin(); it != m_history.versionOrder.cend(); ++it) {
                if (p.returned.contains(it.key()))
                    continue;
                const QList<int>& order = it.value();
                qsizetype sawAt = -1;
                for (qsizetype k = 0; k < order.size(); ++k) {
                    const RowVersion& v = m_history.versions.at(order.at(k));
                    if (visible(v, p.transaction, at) && !selects(*p.access, v))
                        sawAt = k;
                }
                for (qsizetype k = sawAt + 1; k < order.size(); ++k) {
                    if (!selects(*p.access, m_history.versions.at(order.at(k))))
                        continue;
                    RowRead read;
                    read.event = p.event;
                    read.row = it.key();
                    read.version = sawAt >= 0 ? order.at(sawAt) : -1;
                    read.overwrittenBy = order.at(k);
                    read.predicate = true;
                    m_history.reads.append(read);
                    break;
                }
            }
        }
        for (RowRead& read : m_history.reads) {
            if (!read.returned)
                continue;
            read.overwrittenBy = m_history.nextInstalled(read.version);
            // A row read through a condition and moved out of it by the next write: a predicate anti-dependency.
            const RowAccess* access = m_trace.events.at(read.event).access.get();
            if (read.overwrittenBy >= 0 && access && access->kind == RowAccess::Kind::Read && access->id.isNull()
                && !access->selectsAll())
                read.predicate = !selects(*access, m_history.versions.at(read.overwrittenBy));
        }
    }

    struct PredicateRead {
        int event = -1;
        int transaction = -1;
        const RowAccess* access = nullptr;
        QList<qint64> returned;
    };

    const Scenario& m_scenario;
    const Trace& m_trace;
    History& m_history;
    int m_workers = 0;
    QStringList m_columns;
    QHash<int, QList<int>> m_pending; // transaction -> the versions it wrote and has not ended yet
    QHash<int, QList<QPair<QString, qsizetype>>> m_savepoints; // transaction -> name, versions written before it
    QSet<int> m_failed; // PostgreSQL transactions an error aborted
    QHash<int, int> m_commitPosition; // transaction -> when it ended, in replay order
    QHash<int, int> m_position; // statement event -> when it took effect, in replay order
    int m_next = 0;
    bool m_keepsSnapshot = false;
    // Trace::statements' verbs (StatementKind::verb), autocommit settings and AND CHAINs, read once each
    QStringList m_verbs;
    QList<std::optional<bool>> m_autocommit;
    QList<bool> m_chains;
    QStringList m_rowColumns; // "id" and the table's columns: a version as a row for Predicate::matches
    mutable QHash<const RowAccess*, Condition> m_conditions; // the trace's accesses outlive the replay
    qint64 m_unknownIds = 0;
    QList<PredicateRead> m_predicateReads;
};

} // namespace

History History::of(const Scenario& scenario, const Trace& trace)
{
    History history;
    Replay(scenario, trace, &history).run();
    return history;
}

int History::nextInstalled(int version) const
{
    if (version < 0 || version >= versions.size())
        return -1;
    const QList<int> order = versionOrder.value(versions.at(version).row);
    const qsizetype at = order.indexOf(version);
    if (at >= 0)
        return at + 1 < order.size() ? order.at(at + 1) : -1;
    // An uncommitted or intermediate version: the next installed one written after it.
    for (const int v : order) {
        if (v > version)
            return v;
    }
    return -1;
}

QString History::valuesText(int version, const QStringList& columns) const
{
    if (version < 0 || version >= versions.size())
        return u"no row"_s;
    const RowVersion& v = versions.at(version);
    if (v.deleted)
        return u"deleted"_s;
    QStringList parts;
    if (columns.isEmpty()) {
        for (auto it = v.values.begin(); it != v.values.end(); ++it) {
            if (it.key() != u"id"_s)
                parts.append(it.key() + u" = "_s + formatSqlValue(it.value()));
        }
    }
    for (const QString& column : columns) {
        const auto it = v.values.constFind(column);
        if (it != v.values.cend())
            parts.append(column + u" = "_s + formatSqlValue(*it));
    }
    return parts.join(u", "_s);
}

} // namespace interleave
