// SPDX-License-Identifier: MIT
#include "servermonitor.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Between two unrequested looks while a statement runs long. MySQL's look (InnoDB's status report) takes InnoDB's
// locks to build, so it is taken less often there, to disturb less the race being watched; a step that waits for
// an answer asks for one at once (refresh()).
constexpr auto pollInterval = std::chrono::microseconds(1000);
constexpr auto mysqlPollInterval = std::chrono::microseconds(5000);
constexpr auto innodbCacheIdle = std::chrono::milliseconds(110);
// A MySQL login without the PROCESS privilege cannot read InnoDB's lock waits; then a statement that has not
// returned after this long is taken to be waiting (the report says so).
constexpr auto blindWait = std::chrono::milliseconds(250);

QList<qint64> parseIdArray(const QString& text) // "{123,456}" from PostgreSQL
{
    QList<qint64> ids;
    QString body = text.trimmed();
    if (body.startsWith(u'{'))
        body = body.mid(1);
    if (body.endsWith(u'}'))
        body.chop(1);
    for (const QString& part : body.split(u',', Qt::SkipEmptyParts))
        ids.append(part.trimmed().toLongLong());
    return ids;
}

QString idList(const QList<qint64>& ids)
{
    QStringList parts;
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(u',');
}

} // namespace

QList<qint64> ServerMonitor::innodbLockWaits(const QString& report)
{
    // Only the live list: the report's LATEST DETECTED DEADLOCK section, kept until the next deadlock, shows both
    // transactions of the last deadlock "LOCK WAIT" with their thread ids, and read as live it made every later slow
    // statement of those connections a wait for nobody. A transaction of the list ("---TRANSACTION 29, ACTIVE ...")
    // waits when a "LOCK WAIT" line comes before its thread id line; what follows that line is its statement's text,
    // which is the scenario's to choose and is never read.
    static const QRegularExpression live(u"\n-+\nTRANSACTIONS\n-+\n"_s);
    static const QRegularExpression nextSection(u"\n-+\n[A-Z][A-Z /&]+\n-+\n"_s);
    static const QRegularExpression threadId(u"\n(?:MySQL|MariaDB) thread id (\\d+)"_s);
    QList<qint64> waiting;
    const qsizetype deadlock = report.indexOf(u"\nLATEST DETECTED DEADLOCK\n"_s);
    const QRegularExpressionMatch section = live.match(report, std::max<qsizetype>(0, deadlock));
    if (!section.hasMatch())
        return waiting;
    const qsizetype begin = section.capturedEnd();
    const QRegularExpressionMatch next = nextSection.match(report, begin);
    const QString list = report.mid(begin, next.hasMatch() ? next.capturedStart() - begin : -1);
    for (const QString& transaction : list.split(u"\n---TRANSACTION "_s).mid(1)) {
        const QRegularExpressionMatch m = threadId.match(transaction);
        if (m.hasMatch() && transaction.left(m.capturedStart()).contains(u"\nLOCK WAIT "_s))
            waiting.append(m.captured(1).toLongLong());
    }
    return waiting;
}

ServerMonitor::ServerMonitor(ServerUrl url, ServerConnection::Bounds bounds)
    : m_url(std::move(url))
    , m_bounds(std::move(bounds))
{
}

ServerMonitor::~ServerMonitor()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool ServerMonitor::start(const QString& database, QString* error)
{
    m_thread = std::thread([this, database] {
        QString why;
        const bool ok = m_connection.open(m_url, database, &why, m_bounds);
        {
            std::lock_guard lock(m_mutex);
            m_started = true;
            m_startError = ok ? QString() : why;
            if (!ok)
                m_stop = true;
        }
        m_done.notify_all();
        if (ok)
            loop();
        m_connection.close(); // on the thread that opened it, as Qt SQL requires
    });
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_started; });
    if (!m_startError.isEmpty()) {
        *error = m_startError;
        return false;
    }
    return true;
}

bool ServerMonitor::call(const std::function<void(ServerConnection&)>& task)
{
    Task t { task };
    std::unique_lock lock(m_mutex);
    if (m_stop)
        return false;
    m_tasks.push_back(&t);
    m_wake.notify_all();
    m_done.wait(lock, [&] { return t.done || m_stop; });
    if (!t.done) // stopped before it ran: it must not stay queued, it lives on this stack
        m_tasks.erase(std::remove(m_tasks.begin(), m_tasks.end(), &t), m_tasks.end());
    return t.done;
}

void ServerMonitor::attach(int worker, qint64 serverId, const SessionContext& context)
{
    std::lock_guard lock(m_mutex);
    Watched& w = m_watched[worker];
    w = Watched();
    w.serverId = serverId;
    w.context = context;
    m_workerOfServerId.insert(serverId, worker);
}

void ServerMonitor::detach(int worker)
{
    std::lock_guard lock(m_mutex);
    m_watched.remove(worker);
}

void ServerMonitor::statementStarted(int worker, qint64 startNs)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_watched.find(worker);
    if (it == m_watched.end())
        return;
    Watched& w = *it;
    w.inFlight = true;
    ++w.statement;
    w.since = std::chrono::steady_clock::now();
    w.startNs = startNs;
    w.waiting = false;
    w.waited = false;
    w.blockers.clear();
    w.outsiders.clear();
    w.guess.clear();
    w.holdersRead = false;
    w.outsideInnodb = false;
    w.remark.clear();
    m_wake.notify_all();
}

void ServerMonitor::statementFinished(int worker, LockWait* wait)
{
    bool wasWaiting = false;
    Gate* gate = nullptr;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_watched.find(worker);
        if (it == m_watched.end())
            return;
        Watched& w = *it;
        w.inFlight = false;
        wasWaiting = w.waiting;
        w.waiting = false;
        gate = w.context.gate;
        if (wait && w.waited) {
            wait->happened = true;
            wait->startNs = w.startNs;
            wait->endNs = w.context.clock ? w.context.clock->nowNs() : w.startNs;
            // The server's word; when it named nobody, the workers whose transactions were open then, and the note
            // says so and why (the session puts how the wait ended before it).
            const bool named = !w.blockers.isEmpty() || !w.outsiders.isEmpty();
            wait->blockers = named ? w.blockers : w.guess;
            QStringList remarks;
            if (!w.outsiders.isEmpty())
                remarks.append(
                    u"held by server connection %1, which is not one of this run's workers"_s.arg(idList(w.outsiders)));
            if (!w.remark.isEmpty())
                remarks.append(w.remark);
            if (!named) {
                QString why = m_blind.load()
                    ? u"taken for a lock wait; holder not reported by the server: this login may not read InnoDB's "
                      "lock waits (GRANT PROCESS)"_s
                    : w.outsideInnodb
                    ? u"holder not reported by the server: it does not say who holds a table, metadata or user lock"_s
                    : w.holdersRead
                    ? u"holder not reported by the server: InnoDB's lock-wait tables list none"_s
                    : u"holder not reported by the server: the wait ended before InnoDB's lock-wait tables could be "
                      "read again (they are refreshed at most every 100 ms)"_s;
                if (!w.guess.isEmpty())
                    why += u"; named instead: the workers with open transactions then"_s;
                remarks.append(why);
            }
            wait->note = remarks.join(u"; "_s);
        }
        if (wasWaiting && gate)
            gate->onLockWait(worker, false);
    }
}

void ServerMonitor::cancelWorker(int worker)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_watched.constFind(worker);
    if (it == m_watched.cend())
        return;
    m_cancels.append({ worker, it->serverId, it->statement, false });
    m_wake.notify_all();
}

void ServerMonitor::cancelStatement(int worker)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_watched.constFind(worker);
    if (it == m_watched.cend() || !it->inFlight || !it->waiting)
        return;
    m_cancels.append({ worker, it->serverId, it->statement, true });
    m_wake.notify_all();
}

void ServerMonitor::timeOut(int worker)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_watched.find(worker);
    if (it == m_watched.end() || !it->inFlight || !it->waiting)
        return;
    it->timedOut = it->statement;
    m_cancels.append({ worker, it->serverId, it->statement, true });
    m_wake.notify_all();
}

bool ServerMonitor::timedOut(int worker)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_watched.constFind(worker);
    return it != m_watched.cend() && it->statement > 0 && it->timedOut == it->statement;
}

QList<int> ServerMonitor::blockers(int worker)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_watched.constFind(worker);
    if (it == m_watched.cend() || !it->waiting)
        return {};
    return it->blockers.isEmpty() && it->outsiders.isEmpty() ? it->guess : it->blockers;
}

void ServerMonitor::refresh()
{
    std::unique_lock lock(m_mutex);
    if (m_stop)
        return;
    const quint64 wanted = m_pollsStarted + 1;
    m_refreshWanted = std::max(m_refreshWanted, wanted);
    m_wake.notify_all();
    m_done.wait(lock, [&] { return m_pollsDone >= wanted || m_stop; });
}

void ServerMonitor::loop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        const auto now = std::chrono::steady_clock::now();
        bool dueStatement = false;
        bool anyInFlight = false;
        for (const Watched& w : std::as_const(m_watched)) {
            if (!w.inFlight)
                continue;
            anyInFlight = true;
            if (now - w.since >= askAfter)
                dueStatement = true;
        }
        const bool refreshDue = m_refreshWanted > m_pollsDone;
        if (!m_tasks.empty() || !m_cancels.isEmpty()) {
            const std::deque<Task*> tasks = std::exchange(m_tasks, {});
            QList<Cancel> cancels = std::exchange(m_cancels, {});
            // A cancel meant for a wait is dropped when that statement has stopped waiting meanwhile.
            cancels.removeIf([this](const Cancel& c) {
                const auto it = m_watched.constFind(c.worker);
                return c.onlyIfWaiting
                    && (it == m_watched.cend() || it->statement != c.statement || !it->inFlight || !it->waiting);
            });
            lock.unlock();
            sendCancels(cancels);
            for (Task* t : tasks)
                t->run(m_connection);
            lock.lock();
            for (Task* t : tasks)
                t->done = true;
            m_done.notify_all();
            continue;
        }
        if (dueStatement || refreshDue) {
            lock.unlock();
            poll(refreshDue);
            lock.lock();
            if (!refreshDue)
                m_wake.wait_for(lock, interval());
            continue;
        }
        if (anyInFlight)
            m_wake.wait_for(lock, interval());
        else
            m_wake.wait(lock);
    }
    m_done.notify_all();
}

std::chrono::microseconds ServerMonitor::interval() const
{
    return m_url.kind == ServerUrl::Kind::Mysql ? mysqlPollInterval : pollInterval;
}

void ServerMonitor::sendCancels(const QList<Cancel>& cancels)
{
    for (const Cancel& c : cancels) {
        // Through pg_stat_activity: a connection that has closed meanwhile is no error, and a wait that has ended
        // meanwhile is not cancelled.
        const Statement cancel = m_url.kind == ServerUrl::Kind::Postgresql
            ? Statement { c.onlyIfWaiting ? u"SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = ? AND "
                                            "wait_event_type = 'Lock'"_s
                                          : u"SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = ?"_s,
                  { c.serverId } }
            : Statement { u"KILL QUERY %1"_s.arg(c.serverId), {} };
        m_connection.exec(cancel);
    }
}

QHash<qint64, QList<qint64>> ServerMonitor::askServer(const QList<qint64>& ids)
{
    QHash<qint64, QList<qint64>> waiting;
    if (m_url.kind == ServerUrl::Kind::Postgresql) {
        // pg_blocking_pids() covers row, transaction-id, table and advisory locks alike.
        const StatementResult r =
            m_connection.exec({ u"SELECT w, pg_blocking_pids(w)::text FROM unnest('{%1}'::int[]) "
                                "AS w WHERE cardinality(pg_blocking_pids(w)) > 0"_s.arg(idList(ids)),
                {} });
        for (const Row& row : r.rows)
            waiting.insert(row.value(0).toLongLong(), parseIdArray(row.value(1).toString()));
        return waiting;
    }
    // Which connections wait: InnoDB's status report, which is built afresh for each request, lists every
    // transaction in LOCK WAIT with its thread id; metadata and user locks (LOCK TABLES, GET_LOCK) show in the
    // process list. Both need the PROCESS privilege to see other connections.
    const StatementResult status = m_connection.exec({ u"SHOW ENGINE INNODB STATUS"_s, {} });
    m_blind.store(!status.ok());
    for (const qint64 id : innodbLockWaits(status.rows.value(0).value(2).toString()))
        if (ids.contains(id))
            waiting[id];
    // (Exact states: "waiting for handler commit" and the like are not lock waits.)
    const StatementResult other =
        m_connection.exec({ u"SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (%1) AND BINARY STATE IN "
                            "('Waiting for table metadata lock', 'Waiting for table level lock', 'User lock', "
                            "'Locked', 'Waiting for backup lock', 'Waiting for global read lock')"_s.arg(idList(ids)),
            {} });
    m_lockWaitsElsewhere.clear();
    for (const Row& row : other.rows) {
        waiting[row.value(0).toLongLong()];
        m_lockWaitsElsewhere.insert(row.value(0).toLongLong());
    }
    // Who holds the lock: InnoDB's lock-wait tables, read at most every 110 ms (readInnodbHolders); a holder may be
    // named a little after the wait was first seen.
    if (!waiting.isEmpty() && std::chrono::steady_clock::now() - m_lastInnodbRead >= innodbCacheIdle)
        readInnodbHolders(ids);
    for (auto it = waiting.begin(); it != waiting.end(); ++it)
        it.value() = m_innodbHolders.value(it.key());
    return waiting;
}

void ServerMonitor::readInnodbHolders(const QList<qint64>& ids)
{
    // InnoDB serves its lock-wait tables from a cache that it refreshes only when nobody has read it for 100 ms
    // (asking more often would freeze the answer). A read-only transaction (a locking read before any write) has no
    // id there: it shows as trx_id 0, so its rows cannot be told apart by id. Each holding row with id 0 is matched
    // with the read-only transactions that hold locks at all; when there are as many such rows as such
    // transactions, every one of them is a holder, else the server has not said which (m_innodbRemarks).
    const auto now = std::chrono::steady_clock::now();
    const StatementResult rows = m_connection.exec(
        { u"SELECT r.trx_mysql_thread_id, r.trx_state, w.blocking_trx_id, b.trx_mysql_thread_id "
          "FROM information_schema.INNODB_TRX r "
          "LEFT JOIN information_schema.INNODB_LOCK_WAITS w ON w.requesting_trx_id = r.trx_id "
          "AND w.requested_lock_id = r.trx_requested_lock_id "
          "LEFT JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
          "AND b.trx_mysql_thread_id <> r.trx_mysql_thread_id AND (b.trx_id <> 0 OR b.trx_lock_structs > 0) "
          "WHERE r.trx_mysql_thread_id IN (%1)"_s.arg(idList(ids)),
            {} });
    m_innodbHoldersAt = now;
    m_lastInnodbRead = std::chrono::steady_clock::now();
    m_innodbHolders.clear();
    m_innodbRemarks.clear();
    m_innodbSeenWaiting.clear();
    QHash<qint64, QList<qint64>> readOnly; // waiter -> the read-only transactions with locks
    QHash<qint64, int> readOnlyRows; // waiter -> its distinct holding rows with id 0
    for (const Row& row : rows.rows) {
        const qint64 waiter = row.value(0).toLongLong();
        // The cache is the server's, shared with every reader: it speaks of a wait only if it shows it.
        if (row.value(1).toString() == u"LOCK WAIT"_s)
            m_innodbSeenWaiting.insert(waiter);
        if (row.value(3).isNull())
            continue;
        const qint64 holder = row.value(3).toLongLong();
        if (row.value(2).toString() == u"0"_s) {
            QList<qint64>& candidates = readOnly[waiter];
            if (!candidates.contains(holder))
                candidates.append(holder);
            ++readOnlyRows[waiter];
            continue;
        }
        QList<qint64>& holders = m_innodbHolders[waiter];
        if (!holders.contains(holder))
            holders.append(holder);
    }
    // Each lock-wait row with holder id 0 is repeated once per read-only candidate: rows / candidates of them hold it.
    for (auto it = readOnly.cbegin(); it != readOnly.cend(); ++it) {
        const qsizetype candidates = it->size();
        const qsizetype holding = readOnlyRows.value(it.key()) / std::max<qsizetype>(1, candidates);
        QList<qint64>& holders = m_innodbHolders[it.key()];
        for (const qint64 holder : *it)
            if (!holders.contains(holder))
                holders.append(holder);
        if (holding < candidates)
            m_innodbRemarks.insert(it.key(),
                u"InnoDB gives read-only transactions no id: %1 of these %2 read-only transactions with locks "
                "hold it"_s.arg(holding)
                    .arg(candidates));
    }
}

bool ServerMonitor::staleHolders(const QList<Asked>& asked, const QHash<qint64, QList<qint64>>& waiting)
{
    std::lock_guard lock(m_mutex);
    for (const Asked& a : asked) {
        const auto it = m_watched.constFind(a.worker);
        if (it != m_watched.cend() && it->statement == a.statement && it->inFlight && waiting.contains(a.id)
            && !it->holdersRead && !m_lockWaitsElsewhere.contains(a.id)
            && (m_innodbHoldersAt <= it->since || !m_innodbSeenWaiting.contains(a.id)))
            return true;
    }
    return false;
}

void ServerMonitor::poll(bool wanted)
{
    QList<Asked> asked;
    QHash<qint64, int> workerOf;
    quint64 number = 0;
    {
        std::lock_guard lock(m_mutex);
        number = ++m_pollsStarted;
        // Every worker's connection, also of those that have finished: a holder cache read before a worker
        // committed and left may still name it.
        workerOf = m_workerOfServerId;
        for (auto it = m_watched.cbegin(); it != m_watched.cend(); ++it) {
            if (it->inFlight)
                asked.append({ it.key(), it->serverId, it->statement });
        }
    }
    QHash<qint64, QList<qint64>> waiting;
    if (!asked.isEmpty()) {
        QList<qint64> ids;
        for (const Asked& a : asked)
            ids.append(a.id);
        waiting = askServer(ids);
        // A step asks for the answer it will act on (StepController::settleServer), and the next step may end the
        // wait: when InnoDB's holder tables were last read before a wait it sees began, they are read again as soon
        // as their cache may be refreshed, so that the wait names its holder instead of nobody.
        if (wanted && m_url.kind == ServerUrl::Kind::Mysql && !m_blind.load() && staleHolders(asked, waiting)) {
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait_until(lock, m_lastInnodbRead + innodbCacheIdle, [this] { return m_stop; });
                if (m_stop)
                    return;
            }
            readInnodbHolders(ids);
            for (auto it = waiting.begin(); it != waiting.end(); ++it)
                it.value() = m_innodbHolders.value(it.key());
        }
    }
    std::lock_guard lock(m_mutex);
    for (const Asked& a : asked) {
        const auto it = m_watched.find(a.worker);
        if (it == m_watched.end() || !it->inFlight || it->statement != a.statement)
            continue; // the statement returned meanwhile: its own end is what counts
        Watched& w = *it;
        auto found = waiting.constFind(a.id);
        if (found == waiting.cend() && m_blind.load() && std::chrono::steady_clock::now() - w.since > blindWait)
            found = waiting.insert(a.id, {}); // cannot see InnoDB's waits: a statement this slow is taken as one
        const bool nowWaiting = found != waiting.cend();
        // InnoDB's holders come from a cache: only a reading taken after this statement began can speak of it.
        const bool holdersCurrent = m_url.kind == ServerUrl::Kind::Postgresql
            || (m_innodbHoldersAt > w.since && m_innodbSeenWaiting.contains(a.id));
        if (nowWaiting && !w.waited && w.context.board)
            w.guess = w.context.board->holders(a.worker); // in case the server never names the holder
        if (nowWaiting && holdersCurrent) {
            for (const qint64 holder : *found) {
                const int blocker = workerOf.value(holder, -1);
                if (blocker >= 0 && !w.blockers.contains(blocker))
                    w.blockers.append(blocker);
                else if (blocker < 0 && !w.outsiders.contains(holder))
                    w.outsiders.append(holder);
            }
            w.holdersRead = true;
            if (const QString remark = m_innodbRemarks.value(a.id); !remark.isEmpty())
                w.remark = remark;
        }
        if (nowWaiting && m_lockWaitsElsewhere.contains(a.id))
            w.outsideInnodb = true;
        if (nowWaiting != w.waiting) {
            w.waiting = nowWaiting;
            w.waited = w.waited || nowWaiting;
            if (w.context.gate)
                w.context.gate->onLockWait(a.worker, nowWaiting);
        }
    }
    m_pollsDone = number;
    m_done.notify_all();
}

} // namespace interleave
