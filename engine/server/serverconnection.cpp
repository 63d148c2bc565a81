// SPDX-License-Identifier: MIT
#include "serverconnection.h"

#include "backend.h"
#include "oneline.h"
#include "pgquery.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlResult>
#include <QThread>
#include <QTime>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <libpq-fe.h>
#include <limits>
#include <memory>
#include <mutex>
#include <mysql.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

std::mutex& passwordMutex = *new std::mutex; // immortal: see connectingChanged
QHash<QString, QString>& passwords()
{
    static QHash<QString, QString> map;
    return map;
}

QString passwordKey(const ServerUrl& url)
{
    return url.toString();
}

QString nextConnectionName()
{
    static std::atomic<quint64> counter { 0 };
    return u"interleave-%1"_s.arg(counter.fetch_add(1) + 1);
}

// Whole seconds, rounded up: the client libraries count their timeouts in seconds.
int ceilSeconds(int ms)
{
    return std::max(1, (ms + 999) / 1000);
}

bool isIntegrityCode(int code)
{
    // The MySQL errors Django's MySQL backend (mysqlclient) raises as IntegrityError.
    static const QList<int> codes { 1022, 1048, 1062, 1169, 1216, 1217, 1451, 1452, 1557, 1586, 3819, 4025 };
    return codes.contains(code);
}

bool isSchemaCode(int code)
{
    static const QList<int> codes { 1050, 1051, 1054, 1060, 1061, 1064, 1071, 1101, 1146, 1170, 1178, 1286 };
    return codes.contains(code);
}

// PostgreSQL's messages arrive as "ERROR:  text\nDETAIL:  more\n(23505)": one line, without the prefix and the
// code (kept apart).
QString cleanMessage(QString message, const QString& code)
{
    message = message.trimmed();
    if (message.startsWith(u"ERROR:"_s) || message.startsWith(u"FATAL:"_s))
        message = message.mid(6).trimmed();
    if (!code.isEmpty() && message.endsWith(u'(' + code + u')'))
        message.chop(code.size() + 2);
    QStringList lines = message.split(u'\n', Qt::SkipEmptyParts);
    for (QString& line : lines)
        line = line.trimmed().replace(u"DETAIL:  "_s, u"DETAIL: "_s);
    return lines.join(u' ');
}

// Qt's MySQL driver counts its instances in a plain static int and calls mysql_library_init() for the first and
// mysql_library_end() after the last, which destroys the client library's global mutexes. Drivers made and
// dropped on several threads at once (an exploration's workers closing while a stress run's open) race on that
// count and can end the library under a live connection (TSan saw its destroyed mutex unlocked). Every driver is
// therefore made and dropped under this lock.
std::mutex& driverLifetimeMutex = *new std::mutex; // immortal: see connectingChanged

// A connection being made, shared by the thread that asked for it and the thread that makes it.
struct Opening {
    QString driver;
    QString name;
    QString host;
    int port = 0;
    QString database;
    QString user;
    QString password;
    QString options;
    QThread* owner = nullptr;

    std::mutex mutex;
    std::condition_variable changed;
    bool claimed = false; // the connection is the owner's: it can no longer be abandoned
    bool finished = false;
    bool abandoned = false; // the owner stopped waiting: the connecting thread closes what it made
    bool ok = false;
    QString error;
    QVariant handle;
};

// Threads running makeConnection(), counted until they return.
std::mutex& connectingMutex = *new std::mutex; // immortal: see connectingChanged
// These outlive the exit handlers on purpose (never destroyed): a detached connecting thread may still lock them
// while a program that did not wait for it (a test, a window closed mid-connect) runs its static destructors.
std::condition_variable& connectingChanged = *new std::condition_variable;
int connectingThreads = 0;
// Every connecting thread, with a flag it sets when its work is done. A finished one is joined (which also waits for
// its thread-exit handlers, such as OpenSSL's per-thread cleanup) by the next connect, or before the program exits.
struct ConnectingThread {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
};
std::vector<ConnectingThread>& connectingThreadList = *new std::vector<ConnectingThread>;

// At exit, the threads nobody joined (a program that did not call waitForConnectingThreads) are let go as detached
// threads were before: the program is ending, and a thread may still be inside a connect that outlives it.
struct DetachAtExit {
    DetachAtExit() = default;
    DetachAtExit(const DetachAtExit&) = delete;
    DetachAtExit& operator=(const DetachAtExit&) = delete;
    ~DetachAtExit()
    {
        std::lock_guard lock(connectingMutex);
        for (ConnectingThread& t : connectingThreadList)
            t.thread.detach();
        connectingThreadList.clear();
    }
} detachAtExit;

// Takes the threads whose work is done out of the list (under connectingMutex), for joining outside it.
std::vector<ConnectingThread> takeFinishedThreads(bool all)
{
    std::vector<ConnectingThread> finished;
    auto& list = connectingThreadList;
    for (auto it = list.begin(); it != list.end();) {
        if (all || it->done->load()) {
            finished.push_back(std::move(*it));
            it = list.erase(it);
        } else {
            ++it;
        }
    }
    return finished;
}

// A connection the owner stopped waiting for is closed by the thread that made it, whenever the connect ends. If the
// process is exiting by then, Qt's registry of connections may be gone: the thread then leaves it alone.
std::mutex& lateCloseMutex = *new std::mutex; // immortal: see connectingChanged
bool exiting = false;

void registerExitGuard()
{
    static const bool registered = [] {
        // Qt's registry of connections is a static made on first use: make it now, so that it is destroyed after this
        // guard has run (static destructors and atexit handlers run in the reverse order of their making).
        QSqlDatabase::contains(QString());
        std::atexit([] {
            std::lock_guard lock(lateCloseMutex);
            exiting = true;
        });
        return true;
    }();
    Q_UNUSED(registered);
}

// A string with its own data. Qt keeps what it is given and releases it later in its own (uninstrumented) code on
// another thread; a string whose data this thread shared would then look raced to ThreadSanitizer, which cannot see
// the order that Qt's reference count gives. So Qt gets copies that this thread drops before it tells the owner.
QString ownCopy(const QString& s)
{
    return QString(s.constData(), s.size());
}

void makeConnection(const std::shared_ptr<Opening>& o)
{
    bool ok = false;
    bool abandoned = false;
    QString why;
    {
        const QString name = ownCopy(o->name);
        QSqlDatabase db;
        {
            std::lock_guard lock(driverLifetimeMutex);
            db = QSqlDatabase::addDatabase(ownCopy(o->driver), name);
        }
        db.setHostName(ownCopy(o->host));
        db.setPort(o->port);
        db.setDatabaseName(ownCopy(o->database));
        db.setUserName(ownCopy(o->user));
        db.setPassword(ownCopy(o->password));
        db.setConnectOptions(ownCopy(o->options));
        ok = db.open();
        if (!ok) {
            why = db.lastError().databaseText().trimmed();
            if (why.isEmpty())
                why = db.lastError().text().trimmed();
            why = ownCopy(why);
        }
        {
            std::lock_guard lock(o->mutex);
            abandoned = o->abandoned;
            o->claimed = !abandoned;
            if (o->claimed && ok) {
                o->handle = db.driver()->handle();
                db.driver()->moveToThread(o->owner); // Qt's rule: a connection is used by its driver's thread only
            }
        }
        if (abandoned || !ok) {
            // Still this thread's: closed and removed here.
            std::unique_lock exitLock(lateCloseMutex, std::defer_lock);
            if (abandoned)
                exitLock.lock();
            if (!abandoned || !exiting) {
                db.close();
                db = QSqlDatabase();
                std::lock_guard lock(driverLifetimeMutex);
                QSqlDatabase::removeDatabase(name);
            }
        }
    } // no copy of the connection, nor of a string Qt keeps, stays on this thread: the owner removes the connection
    if (abandoned)
        return;
    std::lock_guard lock(o->mutex);
    o->finished = true;
    o->ok = ok;
    o->error = why;
    o->changed.notify_all();
}

constexpr Oid boolOid = 16;
constexpr Oid byteaOid = 17;
constexpr Oid int8Oid = 20;
constexpr Oid int2Oid = 21;
constexpr Oid int4Oid = 23;
constexpr Oid oidOid = 26;
constexpr Oid float4Oid = 700;
constexpr Oid float8Oid = 701;
constexpr Oid numericOid = 1700;

// A value of PostgreSQL's text format as Qt's QPSQL made it: integers, floating and numeric values as numbers, bool,
// bytea as bytes, NULL as an invalid QVariant, anything else (dates and times included) as its text.
QVariant pgValue(const PGresult* r, int row, int column)
{
    if (PQgetisnull(r, row, column))
        return {};
    const char* text = PQgetvalue(r, row, column);
    const int length = PQgetlength(r, row, column);
    const Oid typeOid = PQftype(r, column);
    switch (typeOid) {
    case boolOid:
        return text[0] == 't';
    case int2Oid:
    case int4Oid:
    case int8Oid:
    case oidOid:
        return QByteArray::fromRawData(text, length).toLongLong();
    case float4Oid:
    case float8Oid:
    case numericOid: {
        const QByteArray number = QByteArray::fromRawData(text, length);
        // A numeric a double cannot hold exactly (more than 15 significant digits, or out of its range) is kept as
        // the server wrote it.
        if (typeOid == numericOid) {
            qsizetype digits = 0;
            for (const char c : number)
                digits += c >= '0' && c <= '9';
            bool ok = false;
            const double d = number.toDouble(&ok);
            if (digits > 15 || (digits > 0 && (!ok || !std::isfinite(d))))
                return RowCollector::cappedUtf8(text, length);
        }
        if (number == "NaN")
            return std::numeric_limits<double>::quiet_NaN();
        if (number == "Infinity")
            return std::numeric_limits<double>::infinity();
        if (number == "-Infinity")
            return -std::numeric_limits<double>::infinity();
        return number.toDouble();
    }
    case byteaOid: {
        // Hex format, "\\x" then two digits a byte: a blob past the cap decodes only the prefix it shows.
        if (length > 2 + 2 * RowCollector::valueBytes && text[0] == '\\' && text[1] == 'x')
            return RowCollector::cappedBlob(
                QByteArray::fromHex(QByteArray(text + 2, 2 * RowCollector::blobPrefixBytes)), (length - 2) / 2);
        size_t size = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
        if (!bytes)
            return QByteArray();
        QByteArray value(reinterpret_cast<const char*>(bytes), qsizetype(size));
        PQfreemem(bytes);
        return value;
    }
    default:
        return RowCollector::cappedUtf8(text, length);
    }
}

// A bound value in PostgreSQL's text format (bytes in binary format); nullopt is NULL.
std::optional<QByteArray> pgParam(const QVariant& value, bool* binary)
{
    *binary = false;
    if (value.isNull())
        return std::nullopt;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QByteArray("true") : QByteArray("false");
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return QByteArray("NaN");
        if (std::isinf(d))
            return d > 0 ? QByteArray("Infinity") : QByteArray("-Infinity");
        return QByteArray::number(d, 'g', 17);
    }
    case QMetaType::QByteArray:
        *binary = true;
        return value.toByteArray();
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate).toUtf8();
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs).toUtf8();
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs).toUtf8();
    default:
        return value.toString().toUtf8();
    }
}

// A value of a prepared statement's result, fetched as text, as Qt's QMYSQL makes it with its default precision
// policy: integers and floating and decimal values as numbers, binary strings as bytes, NULL as an invalid
// QVariant, anything else (dates and times included) as its text.
QVariant mysqlValue(const MYSQL_FIELD* field, const QByteArray& text)
{
    switch (field->type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
        if ((field->flags & UNSIGNED_FLAG) && text.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return text.toULongLong();
        return text.toLongLong();
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
        return text.toDouble();
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_VARCHAR:
        if (field->charsetnr == 63) // the binary character set: BLOB, BINARY, VARBINARY
            return text;
        return RowCollector::cappedUtf8(text.constData(), text.size());
    default:
        return RowCollector::cappedUtf8(text.constData(), text.size());
    }
}

struct MysqlStatementError {
    QString code;
    QString message;
};

// A failure while a prepared statement's rows are read. An error that ends the result set (a duplicate key on the
// second row of INSERT ... RETURNING: its first row has already come) is left by MariaDB Connector/C on the
// connection, not on the statement.
MysqlStatementError statementError(MYSQL_STMT* stmt)
{
    if (mysql_stmt_errno(stmt) != 0)
        return { QString::number(mysql_stmt_errno(stmt)), QString::fromUtf8(mysql_stmt_error(stmt)) };
    return { QString::number(mysql_errno(stmt->mysql)), QString::fromUtf8(mysql_error(stmt->mysql)) };
}

// The result set of a prepared statement that Qt's QMYSQL did not see: it decides from the metadata of the prepare,
// and MariaDB announces the columns of INSERT ... RETURNING only when the statement runs, so the driver takes it for
// a statement without rows and leaves them unread ("Commands out of sync", 2014, on the connection's next
// statement). Every row is read here, row by row as it arrives, those past the limits counted and let go; then any
// further result is drained and the statement is left with nothing pending.
std::optional<MysqlStatementError> readStatementRows(
    MYSQL_STMT* stmt, StatementResult* result, qsizetype maxRows, qsizetype maxBytes)
{
    MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
    if (!meta)
        return statementError(stmt);
    const unsigned int columns = mysql_num_fields(meta);
    const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
    constexpr unsigned long bufferBytes = 64; // longer values are fetched again at their full length
    std::vector<MYSQL_BIND> binds(columns);
    std::vector<QByteArray> buffers(columns, QByteArray(bufferBytes, '\0'));
    std::vector<unsigned long> lengths(columns, 0);
    std::vector<my_bool> nulls(columns, 0);
    for (unsigned int c = 0; c < columns; ++c) {
        result->columns.append(QString::fromUtf8(fields[c].name, fields[c].name_length));
        binds[c] = MYSQL_BIND {};
        binds[c].buffer_type = MYSQL_TYPE_STRING;
        binds[c].buffer = buffers[c].data();
        binds[c].buffer_length = bufferBytes;
        binds[c].length = &lengths[c];
        binds[c].is_null = &nulls[c];
    }
    std::optional<MysqlStatementError> error;
    if (mysql_stmt_bind_result(stmt, binds.data()) != 0)
        error = statementError(stmt);
    RowCollector rows(result, maxRows, maxBytes);
    while (!error) {
        const int fetched = mysql_stmt_fetch(stmt);
        if (fetched == MYSQL_NO_DATA)
            break;
        if (fetched == 1) {
            error = statementError(stmt);
            break;
        }
        if (!rows.wantsMore()) {
            rows.drop();
            continue;
        }
        Row row;
        row.reserve(columns);
        for (unsigned int c = 0; c < columns; ++c) {
            if (nulls[c]) {
                row.append(QVariant());
                continue;
            }
            QByteArray text(buffers[c].constData(), qsizetype(std::min(lengths[c], bufferBytes)));
            if (lengths[c] > bufferBytes) {
                text = QByteArray(qsizetype(lengths[c]), '\0');
                MYSQL_BIND whole {};
                unsigned long length = 0;
                whole.buffer_type = MYSQL_TYPE_STRING;
                whole.buffer = text.data();
                whole.buffer_length = lengths[c];
                whole.length = &length;
                mysql_stmt_fetch_column(stmt, &whole, c, 0);
            }
            row.append(mysqlValue(&fields[c], text));
        }
        rows.add(std::move(row));
    }
    mysql_free_result(meta);
    mysql_stmt_free_result(stmt);
    while (mysql_stmt_more_results(stmt) && mysql_stmt_next_result(stmt) == 0)
        mysql_stmt_free_result(stmt);
    return error;
}

} // namespace

QString ServerConnection::connectOptions(const ServerUrl& url, int replyTimeoutMs)
{
    QStringList options;
    const bool pg = url.kind == ServerUrl::Kind::Postgresql;
    // Connecting is bounded by the driver's connect timeout, never longer than a reply may take.
    const int asked = url.options.value(u"connect_timeout"_s, u"5"_s).toInt();
    const int connect = std::clamp(asked > 0 ? asked : 5, 1, ceilSeconds(replyTimeoutMs));
    // The transport's own bounds come a second after Interleave's deadline, so that a server that does not answer is
    // reported as a Timeout by the deadline rather than as a lost connection by the library.
    const int transport = ceilSeconds(replyTimeoutMs) + 1;
    if (pg) {
        options.append(u"connect_timeout=%1"_s.arg(connect));
        options.append(u"application_name="_s + url.options.value(u"application_name"_s, u"interleave"_s));
        // A peer that vanished (a machine switched off, a cable pulled) stops acknowledging: TCP keepalives and
        // tcp_user_timeout find it. A frozen server's kernel still acknowledges; the deadline finds that one.
        options.append(u"keepalives=1"_s);
        options.append(u"keepalives_idle=%1"_s.arg(transport));
        options.append(u"keepalives_interval=%1"_s.arg(std::max(1, transport / 3)));
        options.append(u"keepalives_count=3"_s);
        options.append(u"tcp_user_timeout=%1"_s.arg(transport * 1000));
        for (const QString& key : { u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s })
            if (url.options.contains(key))
                options.append(key + u'=' + url.options.value(key));
    } else {
        options.append(u"MYSQL_OPT_CONNECT_TIMEOUT=%1"_s.arg(connect));
        options.append(u"MYSQL_OPT_READ_TIMEOUT=%1"_s.arg(transport));
        options.append(u"MYSQL_OPT_WRITE_TIMEOUT=%1"_s.arg(transport));
        static const QList<std::pair<QString, QString>> names { { u"ssl_ca"_s, u"SSL_CA"_s },
            { u"ssl_cert"_s, u"SSL_CERT"_s }, { u"ssl_key"_s, u"SSL_KEY"_s } };
        for (const auto& [key, option] : names)
            if (url.options.contains(key))
                options.append(option + u'=' + url.options.value(key));
    }
    return options.join(u';');
}

ServerConnection::~ServerConnection()
{
    close();
}

void ServerConnection::close()
{
    if (m_name.isEmpty())
        return;
    // Out of the registry before the driver closes its socket.
    m_socket.reset();
    m_socketFd = -1;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        m_prepared.clear();
        m_pgPrepared.clear();
        db.close();
    }
    {
        std::lock_guard lock(driverLifetimeMutex);
        QSqlDatabase::removeDatabase(m_name);
    }
    m_pg = nullptr;
    m_mysql = nullptr;
    m_cut = ServerSocket::Cut::None;
    m_name.clear();
}

QString ServerConnection::driverName(ServerUrl::Kind kind)
{
    return kind == ServerUrl::Kind::Postgresql ? u"QPSQL"_s : u"QMYSQL"_s;
}

void ServerConnection::setPassword(const ServerUrl& url, const QString& password)
{
    std::lock_guard lock(passwordMutex);
    passwords().insert(passwordKey(url), password);
}

std::optional<QString> ServerConnection::serverVersion(const ServerUrl& url, QString* error)
{
    ServerConnection connection;
    if (!connection.open(url, url.database, error))
        return std::nullopt;
    const bool pg = url.kind == ServerUrl::Kind::Postgresql;
    StatementResult result;
    if (!connection.query({ pg ? u"SHOW server_version"_s : u"SELECT VERSION()"_s, {} }, &result, error))
        return std::nullopt;
    const QString version = result.rows.value(0).value(0).toString();
    if (pg)
        return u"PostgreSQL "_s + version;
    return version.contains(u"MariaDB"_s, Qt::CaseInsensitive) ? u"MariaDB "_s + version : u"MySQL "_s + version;
}

bool ServerConnection::waitForConnectingThreads(std::chrono::milliseconds bound)
{
    std::vector<ConnectingThread> ending;
    {
        std::unique_lock lock(connectingMutex);
        if (!connectingChanged.wait_for(lock, bound, [] { return connectingThreads == 0; }))
            return false;
        ending = takeFinishedThreads(true);
    }
    // Each has returned from its work; joining waits for the rest of its exit, so the exit handlers that follow
    // (OpenSSL's cleanup) never run under a thread still ending.
    for (ConnectingThread& t : ending)
        t.thread.join();
    return true;
}

bool ServerConnection::hasPassword(const ServerUrl& url)
{
    std::lock_guard lock(passwordMutex);
    return passwords().contains(passwordKey(url)) || qEnvironmentVariableIsSet(url.passwordVariable().toLatin1());
}

bool ServerConnection::open(const ServerUrl& url, const QString& database, QString* error, const Bounds& bounds)
{
    close();
    m_kind = url.kind;
    m_bounds = bounds;
    m_bounds.replyTimeoutMs = std::max(1, bounds.replyTimeoutMs);
    const QString driver = driverName(url.kind);
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        *error = u"the Qt SQL driver %1 is not installed (Debian: apt install %2)"_s.arg(
            driver, url.kind == ServerUrl::Kind::Postgresql ? u"libqt6sql6-psql"_s : u"libqt6sql6-mysql"_s);
        return false;
    }
    ServerUrl shown = url;
    if (!database.isEmpty())
        shown.database = database;
    const auto& group = m_bounds.group;
    if (group && group->isStopped()) {
        *error = u"cannot connect to %1: the run was stopped"_s.arg(shown.toString());
        return false;
    }
    registerExitGuard();
    auto o = std::make_shared<Opening>();
    o->driver = driver;
    o->name = nextConnectionName();
    o->host = url.host;
    o->port = url.effectivePort();
    o->database = database.isEmpty() ? url.database : database;
    o->user = url.effectiveUser();
    {
        std::lock_guard lock(passwordMutex);
        const auto it = passwords().constFind(passwordKey(url));
        o->password = it != passwords().cend() ? *it : qEnvironmentVariable(url.passwordVariable().toLatin1());
    }
    o->options = connectOptions(url, m_bounds.replyTimeoutMs);
    o->owner = QThread::currentThread();
    // Detached: when the run stops while the driver still connects, this thread stops waiting and the connecting
    // thread finishes (within the connect timeout) and cleans up by itself.
    std::vector<ConnectingThread> ended; // threads of earlier connects that have finished their work
    auto done = std::make_shared<std::atomic<bool>>(false);
    {
        std::lock_guard lock(connectingMutex);
        ++connectingThreads;
        ended = takeFinishedThreads(false);
        std::thread thread([o, done] {
            makeConnection(o);
            std::lock_guard threadLock(connectingMutex);
            if (--connectingThreads == 0)
                connectingChanged.notify_all();
            done->store(true);
        });
        connectingThreadList.push_back({ std::move(thread), done });
    }
    for (ConnectingThread& t : ended)
        t.thread.join();
    {
        std::unique_lock lock(o->mutex);
        while (!o->finished) {
            if (!o->claimed && group && group->isStopped()) {
                o->abandoned = true;
                *error = u"cannot connect to %1: the run was stopped while connecting"_s.arg(shown.toString());
                return false;
            }
            o->changed.wait_for(lock, std::chrono::milliseconds(10));
        }
    }
    if (!o->ok) {
        *error = u"cannot connect to %1: %2"_s.arg(shown.toString(), o->error);
        return false;
    }
    m_name = ownCopy(o->name);
    const bool pg = m_kind == ServerUrl::Kind::Postgresql;
    if (qstrcmp(o->handle.typeName(), pg ? "pg_conn*" : "st_mysql*") != 0) {
        *error = u"cannot connect to %1: Qt's %2 driver gave no %3 handle"_s.arg(
            shown.toString(), driver, pg ? u"PGconn"_s : u"MYSQL"_s);
        close();
        return false;
    }
    if (pg) {
        m_pg = *static_cast<PGconn* const*>(o->handle.constData());
        // The server's NOTICEs and WARNINGs carry text a statement chose (an identifier, a value): on one line, with
        // its control characters escaped, never raw on the terminal as libpq would print them.
        PQsetNoticeProcessor(
            m_pg,
            [](void*, const char* message) {
                const QByteArray line = oneLine(QString::fromUtf8(message).trimmed()).toUtf8();
                std::fprintf(stderr, "interleave: the server says: %s\n", line.constData());
            },
            nullptr);
    } else
        m_mysql = *static_cast<MYSQL* const*>(o->handle.constData());
    watchSocket();
    if (m_kind == ServerUrl::Kind::Mysql) {
        // Qt's driver asks for CLIENT_MULTI_STATEMENTS and its options can only add flags: the server is told to
        // refuse a second statement in one string instead.
        if (m_socket)
            m_socket->begin(replyTimeout());
        const int failed = mysql_set_server_option(m_mysql, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
        const ServerSocket::Cut cut = m_socket ? m_socket->end() : ServerSocket::Cut::None;
        if (failed || cut != ServerSocket::Cut::None) {
            *error = u"cannot connect to %1: turning multi-statements off failed: %2"_s.arg(shown.toString(),
                cut != ServerSocket::Cut::None ? cutError(cut)->message : QString::fromUtf8(mysql_error(m_mysql)));
            close();
            return false;
        }
    }
    return true;
}

int ServerConnection::driverSocket() const
{
    if (m_pg)
        return PQsocket(m_pg);
    if (m_mysql)
        return int(mysql_get_socket(m_mysql));
    return -1;
}

void ServerConnection::watchSocket()
{
    const int fd = driverSocket();
    if (m_socket && fd == m_socketFd)
        return;
    // The driver dropped its socket (the server closed the connection): out of the registry, so that the duplicate
    // does not keep the connection half open.
    m_socket.reset();
    m_socketFd = -1;
    if (fd >= 0) {
        m_socket = std::make_unique<ServerSocket>(fd, m_bounds.group);
        m_socketFd = fd;
    }
}

std::optional<DbError> ServerConnection::cutError(ServerSocket::Cut cut) const
{
    if (cut == ServerSocket::Cut::None)
        return std::nullopt;
    DbError e;
    e.cls = ErrorClass::Timeout;
    e.message = ServerSocket::message(
        cut, replyTimeout(), m_bounds.group ? m_bounds.group->grace() : std::chrono::milliseconds(0));
    return e;
}

DbError ServerConnection::classify(
    ServerUrl::Kind kind, const QString& nativeCode, const QString& message, bool connection)
{
    DbError e;
    e.message = message;
    if (kind == ServerUrl::Kind::Postgresql) {
        e.sqlState = nativeCode;
        const QString& state = nativeCode;
        if (state.startsWith(u"23"_s))
            e.cls = ErrorClass::IntegrityError;
        else if (state == u"40P01"_s)
            e.cls = ErrorClass::Deadlock;
        else if (state == u"40001"_s)
            e.cls = ErrorClass::SerializationFailure;
        else if (state == u"55P03"_s)
            e.cls = ErrorClass::LockTimeout;
        else if (state == u"57014"_s)
            e.cls = ErrorClass::Interrupted;
        // No SQLSTATE: libpq's own error, which means the connection ("server closed the connection unexpectedly").
        // A protocol violation on a connection that is still up is the statement's ("bind message supplies 0
        // parameters" for a $1 without a value), not a lost connection.
        else if (state == u"08P01"_s && !connection)
            e.cls = ErrorClass::Other;
        else if (state.startsWith(u"08"_s) || state.startsWith(u"57P"_s) || state.isEmpty())
            e.cls = ErrorClass::ConnectionLost;
        else if (state.startsWith(u"42"_s))
            e.cls = ErrorClass::SchemaError;
        else
            e.cls = ErrorClass::Other;
        return e;
    }
    e.code = nativeCode.toInt();
    if (isIntegrityCode(e.code))
        e.cls = ErrorClass::IntegrityError;
    else if (e.code == 1213)
        e.cls = ErrorClass::Deadlock;
    else if (e.code == 1020) // MariaDB's snapshot isolation: "Record has changed since last read"
        e.cls = ErrorClass::SerializationFailure;
    else if (e.code == 1205 || e.code == 3572) // lock wait timeout; NOWAIT
        e.cls = ErrorClass::LockTimeout;
    else if (e.code == 1317)
        e.cls = ErrorClass::Interrupted;
    else if (e.code == 2002 || e.code == 2003 || e.code == 2006 || e.code == 2013 || e.code == 2055 || e.code == 1927
        || e.code == 4031 || (e.code == 0 && connection))
        e.cls = ErrorClass::ConnectionLost;
    else if (isSchemaCode(e.code))
        e.cls = ErrorClass::SchemaError;
    else
        e.cls = ErrorClass::Other;
    return e;
}

StatementResult ServerConnection::exec(const Statement& statement, qsizetype maxRows, qsizetype maxBytes)
{
    StatementResult result;
    if (m_name.isEmpty() || m_cut != ServerSocket::Cut::None || (m_pg && PQstatus(m_pg) != CONNECTION_OK)) {
        // Never opened, dropped by Interleave after a round trip the server did not answer, or closed by the server
        // (killed, restarted): nothing can be sent any more.
        result.error = classify(m_kind, {},
            m_cut != ServerSocket::Cut::None
                ? u"not sent: Interleave dropped the connection after the server did not answer"_s
                : u"the connection to the server is gone"_s,
            true);
        return result;
    }
    result = m_kind == ServerUrl::Kind::Postgresql ? execPostgres(statement, maxRows, maxBytes)
                                                   : execMysql(statement, maxRows, maxBytes);
    if (statementVerb(statement.sql) == u"INSERT"_s && result.ok()) {
        // INSERT ... RETURNING id: its rows are the rows it wrote (a row an INSERT IGNORE or ON CONFLICT DO NOTHING
        // skipped returns nothing), as the command tag and the affected rows count them.
        if (!result.columns.isEmpty())
            result.rowsAffected = result.rowCount();
        if (!result.rows.isEmpty())
            result.insertId = result.rows.front().value(0);
        if (result.insertId.isValid())
            result.insertId = result.insertId.toLongLong();
    }
    watchSocket();
    return result;
}

StatementResult ServerConnection::execPostgres(const Statement& statement, qsizetype maxRows, qsizetype maxBytes)
{
    StatementResult result;
    if (m_socket)
        m_socket->begin(replyTimeout());
    PGresult* r = nullptr; // a result that ends the statement early (a failed prepare)
    bool sent = false;
    if (statement.params.isEmpty()) {
        // The extended protocol even without values: it takes exactly one statement, where PQexec would run all.
        sent = PQsendQueryParams(m_pg, statement.sql.toUtf8().constData(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    } else {
        QByteArray name = m_pgPrepared.value(statement.sql);
        if (name.isEmpty()) {
            const QByteArray candidate = "interleave_" + QByteArray::number(m_pgPrepared.size() + 1);
            r = PQprepare(m_pg, candidate.constData(), PgQuery::numberPlaceholders(statement.sql).toUtf8().constData(),
                0, nullptr);
            if (PQresultStatus(r) == PGRES_COMMAND_OK) {
                name = candidate;
                m_pgPrepared.insert(statement.sql, name);
                PQclear(r);
                r = nullptr;
            }
        }
        if (!name.isEmpty()) {
            QList<std::optional<QByteArray>> values;
            std::vector<const char*> pointers;
            std::vector<int> lengths;
            std::vector<int> formats;
            values.reserve(statement.params.size());
            for (const QVariant& v : statement.params) {
                bool binary = false;
                values.append(pgParam(v, &binary));
                formats.push_back(binary ? 1 : 0);
            }
            for (const auto& v : std::as_const(values)) {
                pointers.push_back(v ? v->constData() : nullptr);
                lengths.push_back(v ? int(v->size()) : 0);
            }
            sent = PQsendQueryPrepared(
                m_pg, name.constData(), int(values.size()), pointers.data(), lengths.data(), formats.data(), 0);
        }
    }
    // Row by row as they arrive (single-row mode), so rows past the limits are counted and let go instead of
    // buffered: a statement may return millions. The first failure is the statement's; the loop still drains the rest.
    bool tuples = false;
    qint64 affected = -1;
    if (sent) {
        PQsetSingleRowMode(m_pg);
        RowCollector rows(&result, maxRows, maxBytes);
        while (PGresult* part = PQgetResult(m_pg)) {
            const ExecStatusType partStatus = PQresultStatus(part);
            if (r) {
                // already failed: the rest is drained
            } else if (partStatus == PGRES_SINGLE_TUPLE || partStatus == PGRES_TUPLES_OK) {
                const int columns = PQnfields(part);
                if (!tuples) {
                    for (int c = 0; c < columns; ++c)
                        result.columns.append(QString::fromUtf8(PQfname(part, c)));
                    tuples = true;
                }
                for (int row = 0; row < PQntuples(part); ++row) {
                    if (!rows.wantsMore()) {
                        rows.drop();
                        continue;
                    }
                    Row values;
                    values.reserve(columns);
                    for (int c = 0; c < columns; ++c)
                        values.append(pgValue(part, row, c));
                    rows.add(std::move(values));
                }
            } else if (partStatus == PGRES_COMMAND_OK) {
                affected = QByteArray(PQcmdTuples(part)).toLongLong();
            } else {
                r = part;
                continue;
            }
            PQclear(part);
        }
    }
    const ServerSocket::Cut cut = m_socket ? m_socket->end() : ServerSocket::Cut::None;
    if (sent && !r && (tuples || affected >= 0)) {
        if (affected >= 0)
            result.rowsAffected = affected;
    } else if (const auto cutBy = cutError(cut)) {
        result.rows.clear();
        result.rowsDropped = 0;
        m_cut = cut;
        result.error = *cutBy;
    } else {
        const QString state = r ? QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : QString();
        QString message = r ? QString::fromUtf8(PQresultErrorMessage(r)) : QString();
        if (message.trimmed().isEmpty())
            message = QString::fromUtf8(PQerrorMessage(m_pg));
        if (message.trimmed().isEmpty())
            message = u"the statement failed and the server gave no reason"_s;
        result.error = classify(m_kind, state, cleanMessage(message, state), PQstatus(m_pg) != CONNECTION_OK);
        result.rows.clear();
        result.rowsDropped = 0;
    }
    if (cut != ServerSocket::Cut::None)
        m_cut = cut;
    PQclear(r);
    return result;
}

StatementResult ServerConnection::execMysql(const Statement& statement, qsizetype maxRows, qsizetype maxBytes)
{
    StatementResult result;
    QSqlDatabase db = QSqlDatabase::database(m_name, false);
    if (!db.isOpen()) {
        result.error = classify(m_kind, {}, u"the connection to the server is gone"_s, true);
        return result;
    }
    QSqlQuery plain(db);
    QSqlQuery* query = &plain;
    std::shared_ptr<QSqlQuery> prepared;
    bool ok = false;
    if (m_socket)
        m_socket->begin(replyTimeout());
    if (statement.params.isEmpty()) {
        plain.setForwardOnly(true);
        ok = plain.exec(statement.sql);
    } else {
        prepared = m_prepared.value(statement.sql);
        if (!prepared) {
            prepared = std::make_shared<QSqlQuery>(db);
            prepared->setForwardOnly(true);
            if (prepared->prepare(statement.sql))
                m_prepared.insert(statement.sql, prepared);
        }
        query = prepared.get();
        if (m_prepared.contains(statement.sql)) {
            for (qsizetype i = 0; i < statement.params.size(); ++i)
                query->bindValue(int(i), statement.params[i]);
            ok = query->exec();
        }
    }
    QSqlQuery& q = *query;
    std::optional<MysqlStatementError> rowsError;
    MYSQL_STMT* stmt = nullptr;
    if (ok && prepared && !q.isSelect()) {
        const QVariant handle = q.result()->handle();
        // Qt names the type as the compiler spells it: "st_mysql_stmt*", the struct behind MYSQL_STMT.
        if (handle.isValid()
            && (qstrcmp(handle.typeName(), "st_mysql_stmt*") == 0 || qstrcmp(handle.typeName(), "MYSQL_STMT*") == 0))
            stmt = *static_cast<MYSQL_STMT* const*>(handle.constData());
    }
    if (stmt && mysql_stmt_field_count(stmt) > 0) {
        rowsError = readStatementRows(stmt, &result, maxRows, maxBytes);
    } else if (ok && q.isSelect()) {
        const QSqlRecord record = q.record();
        for (int c = 0; c < record.count(); ++c)
            result.columns.append(record.fieldName(c));
        RowCollector rows(&result, maxRows, maxBytes);
        while (q.next()) {
            if (!rows.wantsMore()) {
                rows.drop();
                continue;
            }
            Row row;
            row.reserve(record.count());
            for (int c = 0; c < record.count(); ++c)
                row.append(q.value(c));
            rows.add(std::move(row));
        }
        q.finish();
    } else if (ok) {
        result.rowsAffected = q.numRowsAffected();
    }
    const ServerSocket::Cut cut = m_socket ? m_socket->end() : ServerSocket::Cut::None;
    if (cut != ServerSocket::Cut::None)
        m_cut = cut;
    if (!ok) {
        if (const auto cutBy = cutError(cut)) {
            result.error = *cutBy;
            return result;
        }
        const QSqlError e = q.lastError();
        QString message = e.databaseText().trimmed();
        if (message.isEmpty())
            message = e.text().trimmed();
        if (message.isEmpty())
            message = u"the statement failed and the driver gave no reason"_s;
        result.error = classify(m_kind, e.nativeErrorCode(), cleanMessage(message, e.nativeErrorCode()),
            e.type() == QSqlError::ConnectionError || !db.isOpen());
        return result;
    }
    if (rowsError) {
        result.rows.clear();
        result.rowsDropped = 0;
        if (const auto cutBy = cutError(cut)) {
            result.error = *cutBy;
            return result;
        }
        const QString message = rowsError->message.trimmed().isEmpty()
            ? u"reading the statement's rows failed and the driver gave no reason"_s
            : rowsError->message.trimmed();
        result.error = classify(m_kind, rowsError->code, cleanMessage(message, rowsError->code), !db.isOpen());
        return result;
    }
    // The first new id: report the last.
    if (statementVerb(statement.sql) == u"INSERT"_s && result.rows.isEmpty() && result.rowsAffected > 0)
        result.insertId = q.lastInsertId().toLongLong() + result.rowsAffected - 1;
    return result;
}

bool ServerConnection::readTable(const Statement& select, StatementResult* result, QString* error)
{
    if (!query(select, result, error, RowCollector::tableRows, RowCollector::tableBytes))
        return false;
    if (result->rowsDropped > 0) {
        *error = Backend::tableTooLarge(*result);
        return false;
    }
    return true;
}

bool ServerConnection::query(
    const Statement& statement, StatementResult* result, QString* error, qsizetype maxRows, qsizetype maxBytes)
{
    *result = exec(statement, maxRows, maxBytes);
    if (result->ok())
        return true;
    *error = u"%1: %2 (%3)"_s.arg(statement.sql, result->error.message, result->error.codeText());
    return false;
}

} // namespace interleave
