// SPDX-License-Identifier: MIT
// The real `interleave run` on servers, end to end: a run that cannot start (nothing listens at the URL's port) exits
// 2, saying which server, never the password; two runs of one scenario at once on one server take turns on its table
// (the run lock), seen in the server's own clock.

#include "interleaveprocess.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// A TCP socket bound on 127.0.0.1 at a port of the kernel's choice; listening when asked. Closed with the object.
struct LoopbackSocket {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    quint16 port = 0;
    explicit LoopbackSocket(bool listen)
    {
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
            && ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0
            && (!listen || ::listen(fd, 8) == 0))
            port = ntohs(address.sin_port);
    }
    ~LoopbackSocket()
    {
        if (fd >= 0)
            ::close(fd);
    }
    LoopbackSocket(const LoopbackSocket&) = delete;
    LoopbackSocket& operator=(const LoopbackSocket&) = delete;
    // Whether anyone connected (the kernel completes the handshake into the backlog without an accept()).
    bool someoneConnected() const
    {
        const int accepted = ::accept(fd, nullptr, nullptr);
        if (accepted < 0)
            return false;
        ::close(accepted);
        return true;
    }
};

// A TCP port on 127.0.0.1 where nothing listens: bound by the kernel's choice, then closed again.
quint16 deadPort()
{
    return LoopbackSocket(false).port;
}

// Two workers that each read the server's clock, insert a row stamped with it, and read the clock again, with random
// pauses of up to 300 ms before each statement: a run of about a second whose every step the server dates.
const QByteArray turnsJson = R"json({
  "version": 1,
  "name": "two runs take turns",
  "backend": {"kind": "sqlite"},
  "table": {
    "name": "cli_turns",
    "columns": [
      {"name": "who", "type": "varchar(8)", "nullable": false},
      {"name": "at", "type": "timestamp(6)", "nullable": true}
    ]
  },
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [
      {"sql": "SELECT LOCALTIMESTAMP(6)"},
      {"sql": "INSERT INTO cli_turns (who, at) VALUES ('A', LOCALTIMESTAMP(6))"},
      {"sql": "SELECT LOCALTIMESTAMP(6)"}]},
    {"name": "B", "recipe": "sql", "statements": [
      {"sql": "SELECT LOCALTIMESTAMP(6)"},
      {"sql": "INSERT INTO cli_turns (who, at) VALUES ('B', LOCALTIMESTAMP(6))"},
      {"sql": "SELECT LOCALTIMESTAMP(6)"}]}
  ],
  "schedule": {"mode": "free", "jitter_us": 300000}
})json";

// A server timestamp as a report shows it ("2024-05-01 12:00:00.123456" or with a T), in microseconds; -1 when it is
// none.
qint64 micros(const QJsonValue& value)
{
    static const QRegularExpression pattern(
        u"^(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,6}))?"_s);
    const QRegularExpressionMatch m = pattern.match(value.toString());
    if (!m.hasMatch())
        return -1;
    const QDate date = QDate::fromString(m.captured(1), Qt::ISODate);
    const qint64 seconds = date.toJulianDay() * 86400 + m.captured(2).toLongLong() * 3600
        + m.captured(3).toLongLong() * 60 + m.captured(4).toLongLong();
    return seconds * 1'000'000 + m.captured(5).leftJustified(6, u'0').toLongLong();
}

// One run as its report tells it, in the server's clock: the first and the last clock reading of its statements,
// and the stamps of the rows its table held at the end.
struct Span {
    qint64 first = -1;
    qint64 last = -1;
    QList<qint64> rows;
    QStringList who;
};

Span span(const QJsonObject& report)
{
    Span s;
    for (const QJsonValue& e : report.value(u"events"_s).toArray()) {
        const QJsonObject event = e.toObject();
        if (event.value(u"verb"_s).toString() != u"SELECT"_s)
            continue;
        const qint64 at = micros(event.value(u"rows"_s).toArray().at(0).toArray().at(0));
        if (at < 0)
            continue;
        s.first = s.first < 0 ? at : std::min(s.first, at);
        s.last = std::max(s.last, at);
    }
    const QJsonObject rows = report.value(u"rows"_s).toObject();
    const QJsonArray columns = rows.value(u"columns"_s).toArray();
    const auto column = [&](const QString& name) {
        for (qsizetype i = 0; i < columns.size(); ++i)
            if (columns.at(i).toString() == name)
                return i;
        return qsizetype(-1);
    };
    for (const QJsonValue& r : rows.value(u"values"_s).toArray()) {
        s.rows.append(micros(r.toArray().at(column(u"at"_s))));
        s.who.append(r.toArray().at(column(u"who"_s)).toString());
    }
    s.who.sort();
    return s;
}

} // namespace

class TestCliServers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aRunThatCannotStartExitsTwo_data();
    void aRunThatCannotStartExitsTwo();
    void twoRunsOnOneTableTakeTurns_data();
    void twoRunsOnOneTableTakeTurns();
    void aFileDoesNotChooseWhereThePasswordGoes_data();
    void aFileDoesNotChooseWhereThePasswordGoes();
    void serverNoticesStayOnOneLine();

private:
    QString writeFile(const QString& name, const QByteArray& json);
    QTemporaryDir m_dir;
};

void TestCliServers::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestCliServers::writeFile(const QString& name, const QByteArray& json)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(json);
    return path;
}

void TestCliServers::aRunThatCannotStartExitsTwo_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QStringList>("mode");
    for (const QString& scheme : { u"postgresql"_s, u"mysql"_s }) {
        QTest::newRow(qPrintable(u"one_run_on_%1"_s.arg(scheme))) << scheme << QStringList();
        QTest::newRow(qPrintable(u"trials_on_%1"_s.arg(scheme))) << scheme << QStringList { u"--trials"_s, u"10"_s };
        QTest::newRow(qPrintable(u"explore_on_%1"_s.arg(scheme))) << scheme << QStringList { u"--explore"_s };
    }
}

void TestCliServers::aRunThatCannotStartExitsTwo()
{
    QFETCH(QString, scheme);
    QFETCH(QStringList, mode);
    const quint16 port = deadPort();
    QVERIFY(port > 0);
    const QString server = u"127.0.0.1:"_s + QString::number(port);
    const QString url = scheme + u"://interleave@"_s + server + u"/interleave"_s;
    const InterleaveRun run =
        runInterleave(QStringList { u"run"_s, u"example:race-unique"_s, u"--backend"_s, url } + mode);
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    qInfo("%s", qPrintable(run.err.trimmed()));
    QVERIFY2(run.exitCode == 2, qPrintable(u"exit %1; stderr: %2"_s.arg(run.exitCode).arg(run.err)));
    // One line that says which server could not be reached (the URL as given, its port included).
    QCOMPARE(run.err.count(u'\n'), 1);
    QVERIFY2(run.err.contains(u"cannot connect to "_s + url), qPrintable(run.err));
    // Never the password, whatever it is (scripts/test-servers.sh makes up a distinctive one).
    for (const char* variable : { "PGPASSWORD", "MYSQL_PWD" }) {
        const QString password = qEnvironmentVariable(variable);
        if (!password.isEmpty()) {
            QVERIFY2(!run.err.contains(password), variable);
            QVERIFY2(!run.out.contains(password), variable);
        }
    }
}

void TestCliServers::twoRunsOnOneTableTakeTurns_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

void TestCliServers::twoRunsOnOneTableTakeTurns()
{
    QFETCH(int, database);
    REQUIRE_SERVER_URL(url, BackendSpec::Kind(database));
    // The file is written for the server it runs on: its literal SQL is checked for that database when it is loaded.
    const QString turns = m_dir.filePath(u"turns-%1.json"_s.arg(BackendSpec::kindName(BackendSpec::Kind(database))));
    QFile file(turns);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray kind = BackendSpec::kindName(BackendSpec::Kind(database)).toUtf8();
    file.write(QByteArray(turnsJson).replace(R"("kind": "sqlite")", QByteArray(R"("kind": ")" + kind + '"')));
    file.close();
    // Both at once: two programs, as two people (or two CI jobs) would start them.
    QProcess first;
    QProcess second;
    for (QProcess* process : { &first, &second })
        process->start(
            QStringLiteral(INTERLEAVE_BINARY), { u"run"_s, turns, u"--backend"_s, url, u"--allow-sql"_s, u"--json"_s });
    QList<Span> spans;
    for (QProcess* process : { &first, &second }) {
        QVERIFY(process->waitForFinished(boundMs(60000)));
        const QByteArray err = process->readAllStandardError();
        QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0, err.constData());
        QJsonParseError error;
        const QJsonObject report = QJsonDocument::fromJson(process->readAllStandardOutput(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(report.value(u"complete"_s).toBool(), true);
        spans.append(span(report));
    }
    for (const Span& s : std::as_const(spans)) {
        QVERIFY2(s.first > 0 && s.last >= s.first, "the report has the server's clock readings");
        // Each run read back its own table: its two rows, stamped while it ran, none of the other run's.
        QCOMPARE(s.who, (QStringList { u"A"_s, u"B"_s }));
        for (const qint64 at : s.rows)
            QVERIFY2(at >= s.first && at <= s.last,
                qPrintable(u"a row stamped %1 outside its run's %2..%3"_s.arg(at).arg(s.first).arg(s.last)));
    }
    // On the server's clock one run ended before the other began.
    const Span& earlier = spans[0].first < spans[1].first ? spans[0] : spans[1];
    const Span& later = spans[0].first < spans[1].first ? spans[1] : spans[0];
    qInfo("first run %.3f s, second run started %.3f s after the first ended",
        double(earlier.last - earlier.first) / 1e6, double(later.first - earlier.last) / 1e6);
    QVERIFY2(earlier.last < later.first,
        qPrintable(u"the runs overlapped: %1..%2 and %3..%4"_s.arg(earlier.first)
                       .arg(earlier.last)
                       .arg(later.first)
                       .arg(later.last)));
}

void TestCliServers::aFileDoesNotChooseWhereThePasswordGoes_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

// A harmless-looking file names a server of its author's (here a port this test listens on, as a server that asks
// for the password in clear text would): the command line does not even connect there, so the password in
// PGPASSWORD / MYSQL_PWD cannot leave. Named with --backend, the same file runs.
void TestCliServers::aFileDoesNotChooseWhereThePasswordGoes()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_SERVER_URL(real, kind);
    const LoopbackSocket listener(true);
    QVERIFY(listener.port > 0);
    const QString scheme = BackendSpec::kindName(kind);
    const QString theirs = u"%1://interleave@127.0.0.1:%2/lab"_s.arg(scheme).arg(listener.port);
    const QByteArray json = QByteArray(R"json({"version": 1, "name": "looks harmless",
      "backend": {"kind": ")json")
        + scheme.toUtf8() + R"json(", "url": ")json" + theirs.toUtf8() + R"json("},
      "table": {"name": "cli_harmless", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
      "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "x"}}]})json";
    const QString file = writeFile(u"harmless-%1.json"_s.arg(scheme), json);
    const InterleaveRun refused = runInterleave({ u"run"_s, file });
    QVERIFY2(refused.problem.isEmpty(), qPrintable(refused.problem));
    QVERIFY2(refused.exitCode == 2, qPrintable(refused.err));
    QCOMPARE(refused.err.count(u'\n'), 1);
    QVERIFY2(refused.err.contains(u"names the server "_s + theirs), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(u"name the server yourself with --backend"_s), qPrintable(refused.err));
    // Nobody knocked: the connection the file asked for was never attempted.
    QVERIFY(!listener.someoneConnected());
    // The user names a server: the same file runs there.
    const InterleaveRun named = runInterleave({ u"run"_s, file, u"--backend"_s, real });
    QVERIFY2(named.exitCode == 0, qPrintable(named.err));
    QVERIFY2(named.out.contains(u"verdict: 1 row"_s), qPrintable(named.out));
}

// PostgreSQL's NOTICEs carry text a statement chose (an identifier longer than 63 bytes is truncated, and the
// notice quotes it): on stderr it is one line, its escape sequences and newlines escaped.
void TestCliServers::serverNoticesStayOnOneLine()
{
    REQUIRE_SERVER_URL(url, BackendSpec::Kind::Postgresql);
    const QByteArray json = R"json({"version": 1, "name": "notices", "backend": {"kind": "postgresql"},
      "table": {"name": "cli_notices", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
      "workers": [{"name": "A", "recipe": "sql", "statements": [
        "SELECT 1 AS U&\"\\001b[31mRED\\000aforged: line\\0007aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""]}]})json";
    const QString file = writeFile(u"notices.json"_s, json);
    const InterleaveRun run = runInterleave({ u"run"_s, file, u"--backend"_s, url, u"--allow-sql"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(u"interleave: the server says: NOTICE:"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"\\x1b[31mRED\\nforged: line\\x07"_s), qPrintable(run.err));
    QVERIFY2(!run.err.contains(QChar(0x1b)) && !run.err.contains(QChar(0x07)), qPrintable(run.err));
    for (const QString& line : run.err.split(u'\n', Qt::SkipEmptyParts))
        QVERIFY2(line.startsWith(u"interleave: "_s), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestCliServers)
#include "tst_cliservers.moc"
