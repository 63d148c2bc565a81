// SPDX-License-Identifier: MIT
#include "serverconnection.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <atomic>
#include <mutex>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

std::mutex passwordMutex;
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

// connect options for the driver: libpq keywords pass through QPSQL unchanged; QMYSQL has its own names.
QString connectOptions(const ServerUrl& url)
{
    QStringList options;
    const bool pg = url.kind == ServerUrl::Kind::Postgresql;
    QString timeout = url.options.value(u"connect_timeout"_s, u"5"_s);
    if (pg) {
        options.append(u"connect_timeout="_s + timeout);
        options.append(u"application_name="_s + url.options.value(u"application_name"_s, u"interleave"_s));
        for (const QString& key : { u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s })
            if (url.options.contains(key))
                options.append(key + u'=' + url.options.value(key));
    } else {
        options.append(u"MYSQL_OPT_CONNECT_TIMEOUT="_s + timeout);
        static const QList<std::pair<QString, QString>> names { { u"ssl_ca"_s, u"SSL_CA"_s },
            { u"ssl_cert"_s, u"SSL_CERT"_s }, { u"ssl_key"_s, u"SSL_KEY"_s } };
        for (const auto& [key, option] : names)
            if (url.options.contains(key))
                options.append(option + u'=' + url.options.value(key));
    }
    return options.join(u';');
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

} // namespace

// Qt's MySQL driver counts its instances in a plain static int and calls mysql_library_init() for the first and
// mysql_library_end() after the last, which destroys the client library's global mutexes. Drivers made and
// dropped on several threads at once (an exploration's workers closing while a stress run's open) race on that
// count and can end the library under a live connection (TSan saw its destroyed mutex unlocked). Every driver is
// therefore made and dropped under this lock.
namespace {
std::mutex driverLifetimeMutex;
} // namespace

ServerConnection::~ServerConnection()
{
    close();
}

void ServerConnection::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        m_prepared.clear();
        db.close();
    }
    {
        std::lock_guard lock(driverLifetimeMutex);
        QSqlDatabase::removeDatabase(m_name);
    }
    m_name.clear();
}

namespace {

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

} // namespace

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

bool ServerConnection::hasPassword(const ServerUrl& url)
{
    std::lock_guard lock(passwordMutex);
    return passwords().contains(passwordKey(url)) || qEnvironmentVariableIsSet(url.passwordVariable().toLatin1());
}

bool ServerConnection::open(const ServerUrl& url, const QString& database, QString* error)
{
    m_kind = url.kind;
    const QString driver = driverName(url.kind);
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        *error = u"the Qt SQL driver %1 is not installed (Debian: apt install %2)"_s.arg(
            driver, url.kind == ServerUrl::Kind::Postgresql ? u"libqt6sql6-psql"_s : u"libqt6sql6-mysql"_s);
        return false;
    }
    m_name = nextConnectionName();
    QSqlDatabase db;
    {
        std::lock_guard lock(driverLifetimeMutex);
        db = QSqlDatabase::addDatabase(driver, m_name);
    }
    db.setHostName(url.host);
    db.setPort(url.effectivePort());
    db.setDatabaseName(database.isEmpty() ? url.database : database);
    db.setUserName(url.effectiveUser());
    {
        std::lock_guard lock(passwordMutex);
        const auto it = passwords().constFind(passwordKey(url));
        db.setPassword(it != passwords().cend() ? *it : qEnvironmentVariable(url.passwordVariable().toLatin1()));
    }
    db.setConnectOptions(connectOptions(url));
    if (!db.open()) {
        ServerUrl shown = url;
        if (!database.isEmpty())
            shown.database = database;
        QString why = db.lastError().databaseText().trimmed();
        if (why.isEmpty())
            why = db.lastError().text().trimmed();
        *error = u"cannot connect to %1: %2"_s.arg(shown.toString(), why);
        return false;
    }
    return true;
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

StatementResult ServerConnection::exec(const Statement& statement)
{
    StatementResult result;
    QSqlDatabase db = QSqlDatabase::database(m_name, false);
    if (!db.isOpen()) { // the server closed it earlier (killed, restarted): nothing can be sent any more
        result.error = classify(m_kind, {}, u"the connection to the server is gone"_s, true);
        return result;
    }
    QSqlQuery plain(db);
    QSqlQuery* query = &plain;
    std::shared_ptr<QSqlQuery> prepared;
    bool ok = false;
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
    if (!ok) {
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
    if (q.isSelect()) {
        const QSqlRecord record = q.record();
        for (int c = 0; c < record.count(); ++c)
            result.columns.append(record.fieldName(c));
        while (q.next()) {
            Row row;
            row.reserve(record.count());
            for (int c = 0; c < record.count(); ++c)
                row.append(q.value(c));
            result.rows.append(row);
        }
        q.finish();
    } else {
        result.rowsAffected = q.numRowsAffected();
    }
    if (statementVerb(statement.sql) == u"INSERT"_s) {
        if (!result.rows.isEmpty()) // INSERT ... RETURNING id
            result.insertId = result.rows.front().value(0);
        else if (m_kind == ServerUrl::Kind::Mysql && result.rowsAffected > 0) // the first new id: report the last
            result.insertId = q.lastInsertId().toLongLong() + result.rowsAffected - 1;
        if (result.insertId.isValid())
            result.insertId = result.insertId.toLongLong();
    }
    return result;
}

bool ServerConnection::query(const Statement& statement, StatementResult* result, QString* error)
{
    *result = exec(statement);
    if (result->ok())
        return true;
    *error = u"%1: %2 (%3)"_s.arg(statement.sql, result->error.message, result->error.codeText());
    return false;
}

} // namespace interleave
