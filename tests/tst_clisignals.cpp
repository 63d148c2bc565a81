// SPDX-License-Identifier: MIT
// Ctrl-C and SIGTERM to the real `interleave run` while the server does not answer (a TCP proxy in front of the real
// test server, frozen as SIGSTOP would freeze the server): the first signal stops any run, a single run as well as
// --trials and --explore, within the cancel's grace, and the report of what ran is still printed; a second signal
// exits at once.

#include "serverproxy.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;
using namespace std::chrono_literals;

namespace {

const QByteArray marker = "cli-marker-5d0e";

// Two get_or_create workers on a table of this test's own; A's lookup carries the marker.
QByteArray scenarioJson()
{
    QByteArray json = R"json({
  "version": 1,
  "name": "signals on a frozen server",
  "backend": {"kind": "sqlite"},
  "table": {
    "name": "wire_cli",
    "columns": [{"name": "user_id", "type": "varchar(32)", "nullable": false}],
    "constraints": [{"kind": "unique", "columns": ["user_id"]}]
  },
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "MARKER"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "c53b8b"}}
  ]
})json";
    return json.replace("MARKER", marker);
}

} // namespace

class TestCliSignals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstSignalStopsTheRun_data();
    void firstSignalStopsTheRun();
    void secondSignalExitsAtOnce_data();
    void secondSignalExitsAtOnce();

private:
    // Starts `interleave run` on the scenario through `proxy`, waits until the marker froze it: the run is stuck.
    void startFrozen(ServerProxy& proxy, QProcess& process, int database, const QStringList& mode);
    QTemporaryDir m_dir;
    QString m_file;
};

void TestCliSignals::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(u"frozen.json"_s);
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(scenarioJson());
}

void TestCliSignals::startFrozen(ServerProxy& proxy, QProcess& process, int database, const QStringList& mode)
{
    const auto kind = BackendSpec::Kind(database);
    const QString url = serverUrl(kind);
    if (url.isEmpty()) {
        if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
            QFAIL("no test server");
        QSKIP("no test server: run `make test`, or see scripts/test-servers.sh");
    }
    QVERIFY(proxy.isListening());
    proxy.strikeOnSend(marker, ServerProxy::Action::Freeze);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    // The default reply timeout (30 s): only the signal can end the run in time.
    process.start(QStringLiteral(INTERLEAVE_BINARY),
        QStringList { u"run"_s, m_file, u"--backend"_s, proxy.url(url), u"--json"_s } + mode);
    QVERIFY(process.waitForStarted(30000));
    QVERIFY2(proxy.waitUntilFrozen(bound(20000ms)), "the run never reached the marker");
    QVERIFY2(!process.waitForFinished(300), "the run ended by itself on a frozen server");
}

void TestCliSignals::firstSignalStopsTheRun_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QStringList>("mode");
    addDatabaseColumn();
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = BackendSpec::kindName(kind);
        QTest::newRow(qPrintable(u"ctrl_c_stops_a_single_run_on_%1"_s.arg(db)))
            << int(SIGINT) << QStringList { u"--schedule"_s, u"B,B,B,B,B,A"_s } << int(kind);
        QTest::newRow(qPrintable(u"sigterm_stops_a_single_run_on_%1"_s.arg(db)))
            << int(SIGTERM) << QStringList { u"--schedule"_s, u"B,B,B,B,B,A"_s } << int(kind);
        QTest::newRow(qPrintable(u"sigterm_stops_trials_on_%1"_s.arg(db)))
            << int(SIGTERM) << QStringList { u"--trials"_s, u"100000"_s } << int(kind);
        QTest::newRow(qPrintable(u"ctrl_c_stops_an_exploration_on_%1"_s.arg(db)))
            << int(SIGINT) << QStringList { u"--explore"_s } << int(kind);
    }
}

void TestCliSignals::firstSignalStopsTheRun()
{
    QFETCH(int, signal);
    QFETCH(QStringList, mode);
    QFETCH(int, database);
    ServerProxy proxy(quint16(QUrl(serverUrl(BackendSpec::Kind(database))).port()));
    QProcess process;
    startFrozen(proxy, process, database, mode);
    if (QTest::currentTestFailed() || process.state() != QProcess::Running)
        return;
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(::kill(pid_t(process.processId()), signal), 0);
    const bool ended = process.waitForFinished(boundMs(3000));
    const qint64 ms = timer.elapsed();
    if (!ended) {
        process.kill();
        process.waitForFinished(5000);
    }
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    qInfo("ended %lld ms after the signal, exit %d; stderr: %s", ms, process.exitCode(), err.left(300).constData());
    QVERIFY2(ended, "the signal did not stop the run");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // it stopped, it was not killed by the signal
    // An interrupted run is incomplete: exit 3, never a pass, and stderr says why.
    QCOMPARE(process.exitCode(), 3);
    QVERIFY2(err.contains(": incomplete: "), err.constData());
    // What ran is printed: the report, whole.
    QJsonParseError error;
    const QJsonDocument report = QJsonDocument::fromJson(out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u'\n' + QString::fromUtf8(out)));
    QVERIFY(report.isObject());
    if (mode.first() == u"--schedule"_s) // the single run names the worker whose connection was abandoned
        QVERIFY2(out.contains("abandoned at Stop"), out.constData());
}

void TestCliSignals::secondSignalExitsAtOnce_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

void TestCliSignals::secondSignalExitsAtOnce()
{
    QFETCH(int, database);
    ServerProxy proxy(quint16(QUrl(serverUrl(BackendSpec::Kind(database))).port()));
    QProcess process;
    startFrozen(proxy, process, database, { u"--trials"_s, u"100000"_s });
    if (QTest::currentTestFailed() || process.state() != QProcess::Running)
        return;
    // Two different signals, so that the kernel cannot merge them into one pending signal: Ctrl-C, then SIGTERM before
    // the run has had the time to stop.
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    QCOMPARE(::kill(pid_t(process.processId()), SIGTERM), 0);
    const bool ended = process.waitForFinished(boundMs(3000));
    if (!ended) {
        process.kill();
        process.waitForFinished(5000);
    }
    QVERIFY2(ended, "the second signal did not end the process");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    // 128 + the second signal: the kernel may hand the two to different threads in either order.
    QVERIFY2(process.exitCode() == 128 + SIGTERM || process.exitCode() == 128 + SIGINT,
        qPrintable(QString::number(process.exitCode())));
    QVERIFY(process.readAllStandardOutput().isEmpty()); // at once: no report
}

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_clisignals.moc"
