// SPDX-License-Identifier: MIT
#include "sqlitesession.h"

#include "gate.h"
#include "lockwaits.h"

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

struct StatementHandle {
    sqlite3_stmt* stmt = nullptr;
    ~StatementHandle() { sqlite3_finalize(stmt); }
};

int bind(sqlite3_stmt* stmt, int index, const QVariant& value)
{
    if (value.isNull())
        return sqlite3_bind_null(stmt, index);
    switch (value.typeId()) {
    case QMetaType::Bool:
        return sqlite3_bind_int(stmt, index, value.toBool() ? 1 : 0);
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(stmt, index, value.toLongLong());
    case QMetaType::Double:
        return sqlite3_bind_double(stmt, index, value.toDouble());
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        return sqlite3_bind_blob64(stmt, index, bytes.constData(), sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT);
    }
    default: {
        const QByteArray text = value.toString().toUtf8();
        return sqlite3_bind_text64(
            stmt, index, text.constData(), sqlite3_uint64(text.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    }
}

QVariant column(sqlite3_stmt* stmt, int index)
{
    switch (sqlite3_column_type(stmt, index)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(stmt, index)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(stmt, index));
    case SQLITE_TEXT:
        return QVariant(QString::fromUtf8(
            reinterpret_cast<const char*>(sqlite3_column_text(stmt, index)), sqlite3_column_bytes(stmt, index)));
    case SQLITE_BLOB:
        return QVariant(
            QByteArray(static_cast<const char*>(sqlite3_column_blob(stmt, index)), sqlite3_column_bytes(stmt, index)));
    default:
        return QVariant();
    }
}

ErrorClass classify(int extended)
{
    switch (extended & 0xff) {
    case SQLITE_CONSTRAINT:
        return ErrorClass::IntegrityError; // Django maps every constraint failure to IntegrityError
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorClass::Busy;
    case SQLITE_INTERRUPT:
        return ErrorClass::Interrupted;
    default:
        return ErrorClass::Other;
    }
}

} // namespace

DbError SqliteSession::errorOf(sqlite3* db, int code)
{
    const int extended = db ? sqlite3_extended_errcode(db) : code;
    return { classify(extended), extended, {},
        db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(code)) };
}

StatementResult SqliteSession::execOn(sqlite3* db, const Statement& statement, qsizetype maxRows, qsizetype maxBytes)
{
    StatementResult result;
    StatementHandle handle;
    const QByteArray sql = statement.sql.toUtf8();
    int rc = sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &handle.stmt, nullptr);
    if (rc != SQLITE_OK) {
        result.error = errorOf(db, rc);
        return result;
    }
    if (sqlite3_bind_parameter_count(handle.stmt) != statement.params.size()) {
        result.error = { ErrorClass::Other, SQLITE_RANGE, {},
            u"statement has %1 placeholders but %2 values were given"_s.arg(sqlite3_bind_parameter_count(handle.stmt))
                .arg(statement.params.size()) };
        return result;
    }
    for (qsizetype i = 0; i < statement.params.size(); ++i) {
        if ((rc = bind(handle.stmt, int(i) + 1, statement.params[i])) != SQLITE_OK) {
            result.error = errorOf(db, rc);
            return result;
        }
    }
    const int columns = sqlite3_column_count(handle.stmt);
    for (int c = 0; c < columns; ++c)
        result.columns.append(QString::fromUtf8(sqlite3_column_name(handle.stmt, c)));
    RowCollector rows(&result, maxRows, maxBytes);
    while ((rc = sqlite3_step(handle.stmt)) == SQLITE_ROW) {
        if (!rows.wantsMore()) { // past the limits the statement still runs to its end; its rows are only counted
            rows.drop();
            continue;
        }
        Row row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c)
            row.append(column(handle.stmt, c));
        rows.add(std::move(row));
    }
    if (rc != SQLITE_DONE) {
        result.error = errorOf(db, rc);
        result.rows.clear();
        result.rowsDropped = 0;
        return result;
    }
    // INSERT ... RETURNING "race"."id" (Django 4.0+ on SQLite 3.35+): the ids are its rows, as on a server.
    if (columns > 0 && !result.rows.isEmpty() && statementVerb(statement.sql) == u"INSERT"_s) {
        result.rowsAffected = sqlite3_changes64(db);
        result.insertId = result.rows.front().value(0).toLongLong();
    }
    if (columns == 0 && !sqlite3_stmt_readonly(handle.stmt)) {
        result.rowsAffected = sqlite3_changes64(db);
        // An INSERT OR IGNORE that ignored its row leaves last_insert_rowid() at an older row's id.
        if (statementVerb(statement.sql) == u"INSERT"_s && result.rowsAffected > 0)
            result.insertId = qint64(sqlite3_last_insert_rowid(db));
    }
    return result;
}

std::unique_ptr<SqliteSession> SqliteSession::open(const QString& path, const BackendSpec& spec,
    const SessionContext& context, const std::optional<QString>& guardedTable, QString* error)
{
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = u"cannot open %1: %2"_s.arg(
                path, db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc)));
        sqlite3_close_v2(db);
        return nullptr;
    }
    sqlite3_extended_result_codes(db, 1);
    // No value a worker's statement makes may outgrow what a run keeps of it by much (zeroblob(1e9) would take a
    // gigabyte before RowCollector could cut it): SQLite refuses larger strings and blobs with SQLITE_TOOBIG.
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, maxValueBytes);
    std::unique_ptr<SqliteSession> session(new SqliteSession(db, spec, context));
    sqlite3_busy_handler(db, &SqliteSession::busyHandler, session.get());
    // Every few thousand virtual-machine steps SQLite asks whether to go on: a statement that runs past the
    // reply timeout (a recursive query without end) is stopped and reported as a Timeout.
    sqlite3_progress_handler(db, 4096, &SqliteSession::progressHandler, session.get());
    // The second line of defence behind the check at load: whatever reaches a worker's connection, SQLite itself
    // asks the authorizer about each action before the statement can run.
    if (guardedTable) {
        session->m_authorizer = std::make_unique<SqliteAuthorizer>(*guardedTable);
        session->m_authorizer->install(db);
    }
    return session;
}

SqliteSession::SqliteSession(sqlite3* db, const BackendSpec& spec, const SessionContext& context)
    : m_db(db)
    , m_spec(spec)
    , m_context(context)
{
}

SqliteSession::~SqliteSession()
{
    sqlite3_close_v2(m_db);
}

QString SqliteSession::beginSql() const
{
    return m_spec.beginMode == u"immediate"_s ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
}

void SqliteSession::interrupt()
{
    sqlite3_interrupt(m_db);
}

int SqliteSession::busyHandler(void* self, int count)
{
    auto* session = static_cast<SqliteSession*>(self);
    LockWait* wait = session->m_wait;
    const SessionContext& ctx = session->m_context;
    if (!wait || !ctx.gate)
        return 0;
    if (!wait->happened) {
        wait->happened = true;
        wait->startNs = ctx.clock->nowNs();
    }
    // The holder may not have posted its state yet when the wait begins; ask again until someone is named.
    if (wait->blockers.isEmpty())
        wait->blockers = ctx.board->holders(ctx.worker);
    const auto deadline = ctx.clock->start + std::chrono::nanoseconds(wait->startNs)
        + std::chrono::milliseconds(session->m_spec.busyTimeoutMs);
    const Gate::BusyDecision decision = ctx.gate->onBusy(ctx.worker, count, deadline);
    if (!decision.retry) {
        wait->note = decision.reason;
        return 0;
    }
    return 1;
}

int SqliteSession::progressHandler(void* self)
{
    auto* session = static_cast<SqliteSession*>(self);
    if (std::chrono::steady_clock::now() < session->m_deadline)
        return 0;
    session->m_timedOut = true;
    return 1;
}

StatementResult SqliteSession::exec(const Statement& statement, LockWait* wait)
{
    LockWait local;
    m_wait = wait ? wait : &local;
    m_timedOut = false;
    m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_spec.replyTimeoutMs);
    if (m_authorizer)
        m_authorizer->clear();
    StatementResult result = execOn(m_db, statement);
    if (m_timedOut && result.error.cls == ErrorClass::Interrupted)
        result.error = { ErrorClass::Timeout, result.error.code, {},
            u"the statement ran for more than %1 ms (reply_timeout_ms) and was stopped"_s.arg(m_spec.replyTimeoutMs) };
    if (m_authorizer && !m_authorizer->refusal().isEmpty() && !result.ok())
        result.error.message = u"not authorized: "_s + m_authorizer->refusal();
    if (m_wait->happened) {
        m_wait->endNs = m_context.clock->nowNs();
        if (m_wait->note.isEmpty())
            m_wait->note = LockWaits::endedBy(result.error);
    }
    m_wait = nullptr;
    if (m_context.board) {
        const int state = sqlite3_txn_state(m_db, nullptr);
        m_context.board->set(m_context.worker,
            state == SQLITE_TXN_WRITE      ? TransactionBoard::Write
                : state == SQLITE_TXN_READ ? TransactionBoard::Read
                                           : TransactionBoard::None);
    }
    return result;
}

} // namespace interleave
