// SPDX-License-Identifier: MIT
// Ctrl-C and SIGTERM to the real `interleave run` while the server does not answer (a TCP proxy in front of the real
// test server, frozen as SIGSTOP would freeze the server): the first signal stops any run, a single run as well as
// --trials and --explore, within the cancel's grace, and the report of what ran is still printed; a second signal
// exits at once. And a server that dies in the middle of a run (the proxy cuts every connection): the run still
// writes the trace and the picture it has, marked incomplete, and exits 3 (issue 13, finding 8). And the healthy
// case, on SQLite and on both servers: Ctrl-C during a long --trials or --explore, once its progress line (stderr
// on a terminal: a pseudo-terminal here) shows work done, stops after the trial or schedule in flight and prints
// what was found so far, exit status 3.

#include "serverproxy.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <unistd.h>

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

// Three get_or_create workers without a unique constraint on a table of this test's own: tens of thousands of
// schedules in full (34650 on SQLite, about 756756 on MySQL), endless trials.
const QByteArray healthyJson = R"json({
  "version": 1,
  "name": "ctrl-c on a healthy run",
  "backend": {"kind": "sqlite"},
  "table": {
    "name": "cli_healthy",
    "columns": [{"name": "user_id", "type": "varchar(32)", "nullable": false}]
  },
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "c53b8b"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "c53b8b"}},
    {"name": "C", "recipe": "django_get_or_create", "lookup": {"user_id": "c53b8b"}}
  ]
})json";

// A pseudo-terminal for a child's stderr: the program prints its progress line only to a terminal.
class Terminal {
public:
    Terminal()
    {
        if (::openpty(&m_master, &m_slave, nullptr, nullptr, nullptr) != 0)
            m_master = m_slave = -1;
        for (const int fd : { m_master, m_slave })
            if (fd >= 0)
                ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    ~Terminal()
    {
        closeSlave();
        if (m_master >= 0)
            ::close(m_master);
    }
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    bool isOpen() const { return m_master >= 0; }
    // In the child, after QProcess set up its channels: stderr becomes the terminal (dup2 clears FD_CLOEXEC).
    void attachAsStderr(QProcess& process)
    {
        const int slave = m_slave;
        process.setChildProcessModifier([slave] { ::dup2(slave, STDERR_FILENO); });
    }
    void closeSlave() // in the parent, once the child has it
    {
        if (m_slave >= 0)
            ::close(m_slave);
        m_slave = -1;
    }
    // Reads what arrives within `ms`: the bytes read, 0 when none came, -1 when none can come any more (the child's
    // end is closed).
    qsizetype read(int ms)
    {
        pollfd p { m_master, POLLIN, 0 };
        if (::poll(&p, 1, ms) <= 0)
            return 0;
        char buffer[4096];
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n <= 0)
            return -1;
        m_text.append(buffer, n);
        return n;
    }
    const QByteArray& text() const { return m_text; }

private:
    int m_master = -1;
    int m_slave = -1;
    QByteArray m_text;
};

} // namespace

class TestCliSignals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstSignalStopsTheRun_data();
    void firstSignalStopsTheRun();
    void secondSignalExitsAtOnce_data();
    void secondSignalExitsAtOnce();
    void aServerThatDiesMidRunStillLeavesItsTrace_data();
    void aServerThatDiesMidRunStillLeavesItsTrace();
    void ctrlCStopsAHealthyLongRunAndPrintsWhatWasFound_data();
    void ctrlCStopsAHealthyLongRunAndPrintsWhatWasFound();

private:
    // Starts `interleave run` on the scenario through `proxy`, waits until the marker froze it: the run is stuck.
    // `exitsWithThreadsAlive`: the test ends the program the way a second signal does (_exit with the run's threads
    // still there, by design), which ThreadSanitizer would otherwise report as leaked threads.
    void startFrozen(ServerProxy& proxy, QProcess& process, int database, const QStringList& mode,
        bool exitsWithThreadsAlive = false);
    QTemporaryDir m_dir;
    QString m_file;
    QString m_healthyFile;
};

void TestCliSignals::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(u"frozen.json"_s);
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(scenarioJson());
    m_healthyFile = m_dir.filePath(u"healthy.json"_s);
    QFile healthy(m_healthyFile);
    QVERIFY(healthy.open(QIODevice::WriteOnly));
    healthy.write(healthyJson);
}

void TestCliSignals::startFrozen(
    ServerProxy& proxy, QProcess& process, int database, const QStringList& mode, bool exitsWithThreadsAlive)
{
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_SERVER_URL(url, kind);
    QVERIFY(proxy.isListening());
    proxy.strikeOnSend(marker, ServerProxy::Action::Freeze);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    if (exitsWithThreadsAlive && environment.contains(u"TSAN_OPTIONS"_s))
        environment.insert(u"TSAN_OPTIONS"_s, environment.value(u"TSAN_OPTIONS"_s) + u" report_thread_leaks=0"_s);
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
    startFrozen(proxy, process, database, { u"--trials"_s, u"100000"_s }, true);
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
        qPrintable(QString::number(process.exitCode()) + u": "_s + QString::fromUtf8(process.readAllStandardError())));
    QVERIFY(process.readAllStandardOutput().isEmpty()); // at once: no report
}

void TestCliSignals::aServerThatDiesMidRunStillLeavesItsTrace_data()
{
    addDatabaseColumn();
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql })
        QTest::newRow(qPrintable(BackendSpec::kindName(kind))) << int(kind);
}

void TestCliSignals::aServerThatDiesMidRunStillLeavesItsTrace()
{
    QFETCH(int, database);
    REQUIRE_SERVER_URL(url, BackendSpec::Kind(database));
    ServerProxy proxy(quint16(QUrl(url).port()));
    QVERIFY(proxy.isListening());
    proxy.strikeOnSend(marker, ServerProxy::Action::Cut); // the server dies as A sends its SELECT, after B's work
    const QString trace = m_dir.filePath(u"died.trace.json"_s);
    const QString image = m_dir.filePath(u"died.svg"_s);
    QFile::remove(trace);
    QFile::remove(image);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(INTERLEAVE_BINARY),
        { u"run"_s, m_file, u"--backend"_s, proxy.url(url), u"--schedule"_s, u"B,B,B,B,B,A"_s, u"--trace-out"_s, trace,
            u"--image-out"_s, image });
    QVERIFY(process.waitForFinished(30000 * slowdown()));
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(proxy.waitUntilStruck(0ms), "the run never reached the marker");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 3, err.constData());
    QVERIFY2(err.contains(": incomplete: A lost its connection"), err.constData());
    QVERIFY2(out.contains("verdict: incomplete: A lost its connection"), out.constData());
    // The trace of what ran: B's statements are there, and the file says the run is incomplete and why.
    QFile file(trace);
    QVERIFY2(file.open(QIODevice::ReadOnly), "the run whose server died wrote no trace");
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject other = root.value(u"otherData"_s).toObject();
    QCOMPARE(other.value(u"complete"_s).toBool(true), false);
    QVERIFY(other.value(u"incomplete"_s).toString().contains(u"A lost its connection"_s));
    QVERIFY(root.value(u"traceEvents"_s).toArray().size() > 5);
    // And its picture, whose verdict says so.
    QFile svg(image);
    QVERIFY2(svg.open(QIODevice::ReadOnly), "the run whose server died drew no picture");
    QVERIFY(svg.readAll().contains("incomplete"));
}

void TestCliSignals::ctrlCStopsAHealthyLongRunAndPrintsWhatWasFound_data()
{
    QTest::addColumn<QStringList>("mode");
    addDatabaseColumn();
    for (const auto kind : allDatabases()) {
        const QString db = BackendSpec::kindName(kind);
        QTest::newRow(qPrintable(u"trials_on_%1"_s.arg(db)))
            << QStringList { u"--trials"_s, u"10000000"_s, u"--jitter"_s, u"1000"_s } << int(kind);
        QTest::newRow(qPrintable(u"explore_on_%1"_s.arg(db)))
            << QStringList { u"--explore"_s, u"--no-reduction"_s, u"--max-schedules"_s, u"1000000"_s } << int(kind);
    }
}

void TestCliSignals::ctrlCStopsAHealthyLongRunAndPrintsWhatWasFound()
{
    QFETCH(QStringList, mode);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    QStringList arguments { u"run"_s, m_healthyFile, u"--json"_s };
    if (kind != BackendSpec::Kind::Sqlite) {
        const QString url = serverUrl(kind);
        if (url.isEmpty()) {
            if (qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))
                QFAIL("no test server");
            QSKIP("no test server: run `make test`, or see scripts/test-servers.sh");
        }
        arguments << u"--backend"_s << url;
    }
    const bool trials = mode.first() == u"--trials"_s;
    Terminal terminal;
    QVERIFY(terminal.isOpen());
    QProcess process;
    terminal.attachAsStderr(process);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(INTERLEAVE_BINARY), arguments + mode);
    QVERIFY(process.waitForStarted(30000));
    terminal.closeSlave();
    const auto kill = qScopeGuard([&] {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    });

    // The progress line shows work done: trials finished, or schedules explored.
    const QRegularExpression progress(trials ? u"(\\d+) of \\d+ trials"_s : u"(\\d+) schedules explored"_s);
    qint64 done = 0;
    QElapsedTimer timer;
    timer.start();
    while (done < 3 && timer.elapsed() < boundMs(60000) && process.state() == QProcess::Running) {
        QVERIFY2(terminal.read(100) >= 0, terminal.text().right(500).constData());
        QRegularExpressionMatchIterator it = progress.globalMatch(QString::fromUtf8(terminal.text()));
        while (it.hasNext())
            done = it.next().captured(1).toLongLong();
    }
    QVERIFY2(done >= 3, terminal.text().right(500).constData());
    QCOMPARE(process.state(), QProcess::Running);

    timer.restart();
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    while (process.state() != QProcess::NotRunning && timer.elapsed() < boundMs(10000)) {
        terminal.read(50);
        process.waitForFinished(50);
    }
    const qint64 ms = timer.elapsed();
    QVERIFY2(process.state() == QProcess::NotRunning, "Ctrl-C did not stop the run");
    while (terminal.read(0) > 0) { } // the rest of what it wrote before it ended
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = terminal.text();
    qInfo("ended %lld ms after Ctrl-C, after %lld done, exit %d", ms, done, process.exitCode());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    // Interrupted, the run is incomplete: exit 3, and stderr says why.
    QCOMPARE(process.exitCode(), 3);
    QVERIFY2(err.contains(": incomplete: cancelled after "), err.right(300).constData());
    // What was found so far is printed: at least what the progress line showed, fewer than asked for, in classes.
    QJsonParseError error;
    const QJsonObject report = QJsonDocument::fromJson(out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u'\n' + QString::fromUtf8(out)));
    QCOMPARE(report.value(u"complete"_s).toBool(true), false);
    const QJsonObject run = report.value(trials ? u"stress"_s : u"explore"_s).toObject();
    QCOMPARE(run.value(u"cancelled"_s).toBool(), true);
    const qint64 count = run.value(trials ? u"trials"_s : u"explored"_s).toInteger();
    QVERIFY2(count >= done, qPrintable(u"%1 reported, %2 shown in progress"_s.arg(count).arg(done)));
    QVERIFY(count < (trials ? 10'000'000 : run.value(u"full_estimate"_s).toInteger())); // 34650 on SQLite
    const QJsonArray classes = report.value(u"classes"_s).toArray();
    QVERIFY(!classes.isEmpty());
    qint64 inClasses = 0;
    for (const QJsonValue& c : classes)
        inClasses += c.toObject().value(trials ? u"trials"_s : u"count"_s).toInteger();
    QCOMPARE(inClasses, count);
}

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_clisignals.moc"
