// SPDX-License-Identifier: MIT
#include "remotesession.h"

#include "lockwaits.h"

#include "servermonitor.h"
#include "statementkind.h"

using namespace Qt::StringLiterals;

namespace interleave {

std::unique_ptr<RemoteSession> RemoteSession::open(
    const Setup& setup, ServerMonitor* monitor, const SessionContext& context, QString* error)
{
    std::unique_ptr<RemoteSession> session(new RemoteSession(monitor, context));
    session->m_kind = setup.url.kind;
    if (!session->m_connection.open(setup.url, setup.database, error, setup.bounds))
        return nullptr;
    StatementResult r;
    for (const QString& sql : setup.statements)
        if (!session->m_connection.query({ sql, {} }, &r, error))
            return nullptr;
    const bool pg = setup.url.kind == ServerUrl::Kind::Postgresql;
    if (!session->m_connection.query(
            { pg ? u"SELECT pg_backend_pid()"_s : u"SELECT CONNECTION_ID()"_s, {} }, &r, error))
        return nullptr;
    if (monitor && context.gate) {
        monitor->attach(context.worker, r.rows.value(0).value(0).toLongLong(), context);
        session->m_attached = true;
    }
    return session;
}

RemoteSession::RemoteSession(ServerMonitor* monitor, const SessionContext& context)
    : m_monitor(monitor)
    , m_context(context)
{
}

RemoteSession::~RemoteSession()
{
    // Out of a transaction a cancelled run may have left open, so the prepared statements can be deallocated.
    if (m_inTransaction)
        m_connection.exec({ u"ROLLBACK"_s, {} });
    if (m_attached)
        m_monitor->detach(m_context.worker);
}

QString RemoteSession::beginSql() const
{
    // What Django's atomic() sends: psycopg's implicit BEGIN on PostgreSQL; on MySQL mysqlclient's autocommit(False).
    return m_kind == ServerUrl::Kind::Mysql ? u"SET autocommit=0"_s : u"BEGIN"_s;
}

void RemoteSession::interrupt()
{
    if (m_attached)
        m_monitor->cancelWorker(m_context.worker);
}

StatementResult RemoteSession::exec(const Statement& statement, LockWait* wait)
{
    if (m_attached)
        m_monitor->statementStarted(m_context.worker, m_context.clock ? m_context.clock->nowNs() : 0);
    StatementResult result = m_connection.exec(statement);
    if (m_attached)
        m_monitor->statementFinished(m_context.worker, wait);
    if (m_attached && result.error.cls == ErrorClass::Interrupted && m_monitor->timedOut(m_context.worker))
        reportAsLockTimeout(&result.error, wait);
    // Interleave stopped waiting for the reply, the server may still be running the statement (a query without end
    // would run for hours): the monitor cancels it there, as Stop does.
    if (m_attached && result.error.cls == ErrorClass::Timeout)
        m_monitor->cancelWorker(m_context.worker);
    // The monitor's note, if any, is about the holder; how the wait ended comes first (LockWaits::endedBy).
    if (wait && wait->happened)
        wait->note = LockWaits::note(result.error, wait->note);
    postTransactionState(statement.sql, result.ok());
    return result;
}

void RemoteSession::reportAsLockTimeout(DbError* error, LockWait* wait) const
{
    // No client can make another connection's lock_timeout (a timer inside that backend) or
    // innodb_lock_wait_timeout (read when the wait begins) fire early: the wait was cancelled instead, which leaves
    // the transaction as the timeout would. The trace shows the timeout's error; the note says what really happened.
    const DbError answered = *error;
    const bool pg = m_kind == ServerUrl::Kind::Postgresql;
    *error = pg ? DbError { ErrorClass::LockTimeout, 0, u"55P03"_s, u"canceling statement due to lock timeout"_s }
                : DbError { ErrorClass::LockTimeout, 1205, u"HY000"_s,
                      u"Lock wait timeout exceeded; try restarting transaction"_s };
    if (!wait)
        return;
    const QString really = pg ? u"SQLSTATE 57014"_s : u"error %1"_s.arg(answered.code);
    // Appended to the monitor's remark about the holder; exec() puts how the wait ended (the timeout) first.
    const QString how =
        u"given up at this point of the schedule: Interleave cancelled the wait (%1) and the server answered %2 "
        "\"%3\"; %4"_s.arg(pg ? u"pg_cancel_backend"_s : u"KILL QUERY"_s, really, answered.message,
            pg ? u"like 55P03, it aborts the transaction"_s
               : u"like 1205 with innodb_rollback_on_timeout off, it rolls back only the statement"_s);
    wait->note = wait->note.isEmpty() ? how : wait->note + u"; "_s + how;
}

void RemoteSession::postTransactionState(const QString& sql, bool ok)
{
    // Which transactions are open, for naming a holder when the server cannot (MySQL's metadata and user locks).
    const QString verb = statementVerb(sql);
    // SET autocommit=0 is how Django's atomic() (and the lock_table recipe) opens a transaction on MySQL.
    const std::optional<bool> autocommit = autocommitSetting(sql);
    if (verb == u"BEGIN"_s || autocommit == false) {
        m_inTransaction = ok;
        m_wrote = false;
    } else if (StatementKind::endsTransaction(verb) || autocommit == true) {
        // COMMIT AND CHAIN ends one transaction and is inside the next, which has written nothing yet.
        m_inTransaction = ok && StatementKind::chains(sql);
        m_wrote = false;
    } else if (m_inTransaction && ok
        && ((verb != u"SELECT"_s && verb != u"SAVEPOINT"_s && verb != u"RELEASE"_s)
            || sql.contains(u"FOR UPDATE"_s, Qt::CaseInsensitive))) {
        m_wrote = true;
    }
    if (m_context.board)
        m_context.board->set(m_context.worker,
            !m_inTransaction ? TransactionBoard::None
                : m_wrote    ? TransactionBoard::Write
                             : TransactionBoard::Read);
}

} // namespace interleave
