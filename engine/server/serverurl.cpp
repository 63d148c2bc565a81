// SPDX-License-Identifier: MIT
#include "serverurl.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

bool identifier(const QString& name)
{
    if (name.isEmpty() || name.size() > 63 || name.front().isDigit())
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.isLetterOrNumber() || c == u'_'; });
}

// Options a user may pass through; anything else is refused so a typo is not silently ignored.
const QStringList& knownOptions(ServerUrl::Kind kind)
{
    static const QStringList pg { u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s, u"connect_timeout"_s,
        u"application_name"_s };
    static const QStringList my { u"ssl_ca"_s, u"ssl_cert"_s, u"ssl_key"_s, u"connect_timeout"_s };
    return kind == ServerUrl::Kind::Postgresql ? pg : my;
}

// Whether the text has a password in its user part ("scheme://user:password@host..."), found without QUrl, whose
// error messages would quote it.
bool hasPassword(const QString& text)
{
    const qsizetype start = text.indexOf(u"://"_s);
    if (start < 0)
        return false;
    const qsizetype end = text.indexOf(QRegularExpression(u"[/?#]"_s), start + 3);
    const QString authority = text.mid(start + 3, end < 0 ? -1 : end - start - 3);
    const qsizetype at = authority.lastIndexOf(u'@');
    return at >= 0 && authority.left(at).contains(u':');
}

// Why an option's value cannot be passed to the driver, which joins options into one connection string.
std::optional<QString> badOptionValue(const QString& key, const QString& value)
{
    static const QRegularExpression safe(u"^[A-Za-z0-9_./+-]*$"_s);
    if (!safe.match(value).hasMatch())
        return u"option %1: the value may hold only letters, digits and _ . / + -"_s.arg(key);
    static const QStringList sslModes { u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s,
        u"verify-full"_s };
    if (key == u"sslmode"_s && !sslModes.contains(value))
        return u"sslmode must be one of %1"_s.arg(sslModes.join(u", "_s));
    bool number = false;
    if (key == u"connect_timeout"_s && (value.toInt(&number) < 1 || !number))
        return u"connect_timeout is a whole number of seconds"_s;
    return std::nullopt;
}

} // namespace

QString ServerUrl::redacted(const QString& text)
{
    // Whatever stands between "//" and "@" (user, password) is left out of messages.
    static const QRegularExpression userInfo(u"//[^/?#]*@"_s);
    QString shown = text;
    return shown.replace(userInfo, u"//…@"_s);
}

bool ServerUrl::isServerUrl(const QString& text)
{
    for (const auto* scheme : { "postgresql://", "postgres://", "mysql://", "mariadb://" })
        if (text.startsWith(QLatin1StringView(scheme), Qt::CaseInsensitive))
            return true;
    return false;
}

std::optional<ServerUrl> ServerUrl::parse(const QString& text, QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (hasPassword(text))
        return fail(u"the URL contains a password; Interleave never stores passwords: remove it and set %1 (or type it "
                    "when the app asks)"_s.arg(text.startsWith(u"my"_s, Qt::CaseInsensitive)
                                || text.startsWith(u"mariadb"_s, Qt::CaseInsensitive)
                            ? u"MYSQL_PWD"_s
                            : u"PGPASSWORD"_s));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) // (QUrl's own message quotes the text, user part included: not shown)
        return fail(
            u"\"%1\" is not a valid URL; expected postgresql://user@host:port/db or mysql://user@host:port/db"_s.arg(
                redacted(text)));
    ServerUrl s;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"postgresql"_s || scheme == u"postgres"_s)
        s.kind = Kind::Postgresql;
    else if (scheme == u"mysql"_s || scheme == u"mariadb"_s)
        s.kind = Kind::Mysql;
    else
        return fail(
            u"unknown scheme \"%1\"; expected postgresql://user@host:port/db or mysql://user@host:port/db"_s.arg(
                url.scheme()));
    if (!url.password().isEmpty())
        return fail(u"the URL contains a password; Interleave never stores passwords: remove it and set %1 (or "
                    "type it when the app asks)"_s.arg(s.passwordVariable()));
    s.user = url.userName();
    // "user:secret" typed as a user name (percent-encoded to "user%3Asecret") is a password too.
    if (s.user.contains(u':'))
        return fail(u"the user name contains \":\", which would put a password in the URL; Interleave never stores "
                    "passwords: give the login name only and set %1 (or type it when the app asks)"_s.arg(
                        s.passwordVariable()));
    s.host = url.host();
    if (s.host.isEmpty())
        return fail(u"the URL names no host (e.g. %1://user@127.0.0.1:%2/db)"_s.arg(scheme).arg(s.effectivePort()));
    s.port = url.port(0);
    if (s.port < 0 || s.port > 65535)
        return fail(u"port %1 is out of range"_s.arg(s.port));
    s.database = url.path().mid(1);
    if (s.database.isEmpty())
        return fail(u"the URL names no database (…/%1 at the end)"_s.arg(u"dbname"_s));
    if (s.database.contains(u'/'))
        return fail(u"\"%1\" is not a database name"_s.arg(s.database));
    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"schema"_s) {
            if (!identifier(value))
                return fail(u"schema \"%1\" is not a valid name (letters, digits and _)"_s.arg(value));
            // The server's own schemas (databases on MySQL) are never Interleave's to create tables in, whatever
            // the server's permissions would allow.
            const QString lower = value.toLower();
            if (lower.startsWith(u"pg_"_s)
                || QStringList { u"information_schema"_s, u"performance_schema"_s, u"mysql"_s, u"sys"_s }.contains(
                    lower))
                return fail(u"schema \"%1\" belongs to the server itself; Interleave keeps its tables in a schema of "
                            "its own (the default is interleave)"_s.arg(value));
            s.schema = value;
        } else if (knownOptions(s.kind).contains(key)) {
            if (const auto why = badOptionValue(key, value))
                return fail(*why);
            s.options.insert(key, value);
        } else {
            return fail(
                u"unknown option \"%1\"; expected schema or one of: %2"_s.arg(key, knownOptions(s.kind).join(u", "_s)));
        }
    }
    return s;
}

int ServerUrl::effectivePort() const
{
    if (port > 0)
        return port;
    return kind == Kind::Postgresql ? 5432 : 3306;
}

QString ServerUrl::effectiveUser() const
{
    if (!user.isEmpty())
        return user;
    const QString login = qEnvironmentVariable("USER");
    return login.isEmpty() ? u"postgres"_s : login;
}

QString ServerUrl::passwordVariable() const
{
    return kind == Kind::Postgresql ? u"PGPASSWORD"_s : u"MYSQL_PWD"_s;
}

QString ServerUrl::toString() const
{
    QUrl url;
    url.setScheme(kind == Kind::Postgresql ? u"postgresql"_s : u"mysql"_s);
    url.setUserName(user);
    url.setHost(host);
    if (port > 0)
        url.setPort(port);
    url.setPath(u'/' + database);
    QUrlQuery query;
    if (schema != u"interleave"_s)
        query.addQueryItem(u"schema"_s, schema);
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    url.setQuery(query);
    return url.toString();
}

} // namespace interleave
