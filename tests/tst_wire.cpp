// SPDX-License-Identifier: MIT
// The wire and the waits, against the real test servers: one statement per string on every worker connection, every
// round trip bounded (a frozen server ends a run with a Timeout), Stop ending a run at once even when the server does
// not answer, a server that dies mid-run, two first runs at once on a fresh schema, and the run lock's wait. Faults
// come from a TCP proxy in front of the real server (serverproxy.h), never from a mock.

#include "directconnection.h"
#include "explorer.h"
#include "racescenario.h"
#include "remotebackend.h"
#include "runner.h"
#include "serverconnection.h"
#include "serverproxy.h"
#include "serversockets.h"
#include "serverurl.h"
#include "steprun.h"
#include "stressrunner.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <future>
#include <sys/socket.h>
#include <thread>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;
using namespace std::chrono_literals;

namespace {

// Time bounds in this file prove behaviour ("it ended", "it did not wait for the 30 s reply timeout"), not speed:
// they are generous, and wider still under the sanitizers (timebounds.h). bench/bench_wire measures the real figures.

// What freezes or cuts the wire: a lookup value only worker A sends.
const QString marker = u"wire-marker-7c1f"_s;

quint16 serverPort(BackendSpec::Kind kind)
{
    return quint16(QUrl(serverUrl(kind)).port());
}

QString kindName(int database)
{
    return BackendSpec::kindName(BackendSpec::Kind(database));
}

// Two workers racing on table wire_race; A's lookup carries the marker. Runs on `kind` through `proxy`.
Scenario wireScenario(const Scenario& onServer, const ServerProxy& proxy, int replyTimeoutMs)
{
    Scenario s = onServer;
    s.table.name = u"wire_race"_s;
    s.workers[0].lookup = { { u"user_id"_s, marker } };
    s.backend.url = proxy.url(s.backend.url);
    s.backend.replyTimeoutMs = replyTimeoutMs;
    return s;
}

// Runs `work` on a thread of its own and waits at most `limit` for it. When it takes longer the proxy is cut, so that
// the thread ends and the test can fail instead of hanging; the result says whether it ended in time.
template<typename T, typename F>
std::optional<T> within(std::chrono::milliseconds limit, ServerProxy& proxy, F work)
{
    std::packaged_task<T()> task(std::move(work));
    std::future<T> done = task.get_future();
    std::thread thread(std::move(task));
    const bool inTime = done.wait_for(limit) == std::future_status::ready;
    if (!inTime) {
        proxy.thaw();
        proxy.cut();
    }
    thread.join();
    T value = done.get();
    if (!inTime)
        return std::nullopt;
    return value;
}

WorkerResult resultOf(const RunResult& r, int worker)
{
    return r.outcome.results.value(worker, WorkerResult { ResultKind::Error, u"(no result)"_s, {}, false });
}

QString describe(const RunResult& r)
{
    QStringList parts { u"error: "_s + r.error, u"unfinished: "_s + r.outcome.unfinished };
    for (qsizetype i = 0; i < r.outcome.results.size(); ++i)
        parts.append(r.scenario.workers.value(i).name + u": "_s + r.outcome.results[i].kindName() + u" ("_s
            + r.outcome.results[i].detail + u')');
    return parts.join(u"; "_s);
}

} // namespace

class TestWire : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registryCutsARoundTripAtItsDeadline();
    void stoppedGroupIsAbandonedAfterItsGrace();
    void registryNeverShutsAReusedDescriptor();

    void twoStatementsInOneStringAreRefused_data();
    void twoStatementsInOneStringAreRefused();
    void postgresValuesKeepTheirTypes_data();
    void postgresValuesKeepTheirTypes();

    void frozenStatementEndsWithATimeout_data();
    void frozenStatementEndsWithATimeout();
    void frozenStressRunEnds_data();
    void frozenStressRunEnds();
    void frozenSetUpEnds_data();
    void frozenSetUpEnds();
    void cancelWhileFrozenReturnsPromptly_data();
    void cancelWhileFrozenReturnsPromptly();
    void cutMidRunIsConnectionLost_data();
    void cutMidRunIsConnectionLost();

    void firstRunsAtOnceShareTheNewSchema_data();
    void firstRunsAtOnceShareTheNewSchema();
    void runLockWaiterGivesUp_data();
    void runLockWaiterGivesUp();
    void stopEndsTheRunLockWait_data();
    void stopEndsTheRunLockWait();
};

// ---- the registry, on a socket pair: no server needed ----

void TestWire::registryCutsARoundTripAtItsDeadline()
{
    int pair[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    const int before = ServerSocket::liveCount();
    {
        ServerSocket socket(pair[0], nullptr);
        QVERIFY(socket.isValid());
        QCOMPARE(ServerSocket::liveCount(), before + 1);
        QElapsedTimer timer;
        timer.start();
        socket.begin(150ms);
        char byte = 0;
        // A read on the driver's own descriptor, which nothing will ever answer: the registry's shutdown ends it.
        const ssize_t n = ::recv(pair[0], &byte, 1, 0);
        const qint64 ms = timer.elapsed();
        QCOMPARE(n, ssize_t(0));
        QCOMPARE(socket.end(), ServerSocket::Cut::Timeout);
        QCOMPARE(socket.cut(), ServerSocket::Cut::Timeout);
        QVERIFY2(ms >= 140 && ms < bound(3000ms).count(), qPrintable(u"cut after %1 ms"_s.arg(ms)));
        // A round trip that ends in time is left alone.
        ServerSocket other(pair[1], nullptr);
        other.begin(50ms);
        QCOMPARE(other.end(), ServerSocket::Cut::None);
        QCOMPARE(other.cut(), ServerSocket::Cut::None);
    }
    QCOMPARE(ServerSocket::liveCount(), before); // unregistered, and the duplicates closed
    ::close(pair[0]);
    ::close(pair[1]);
    QCOMPARE(ServerSocket::message(ServerSocket::Cut::Timeout, 1500ms, 400ms),
        u"the server did not answer within 1.5 s (reply_timeout_ms); Interleave dropped the connection"_s);
}

void TestWire::stoppedGroupIsAbandonedAfterItsGrace()
{
    int a[2];
    int b[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, a), 0);
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, b), 0);
    auto group = std::make_shared<SocketGroup>();
    {
        ServerSocket busy(a[0], group);
        ServerSocket idle(b[0], group);
        QVERIFY(!group->waitForStop(1ms));
        busy.begin(30s);
        QElapsedTimer timer;
        timer.start();
        std::thread stopper([&] { group->stop(100ms); });
        char byte = 0;
        QCOMPARE(::recv(a[0], &byte, 1, 0), ssize_t(0)); // cut, although its own deadline is 30 s away
        const qint64 ms = timer.elapsed();
        stopper.join();
        QVERIFY(group->isStopped());
        QVERIFY(group->waitForStop(0ms));
        QCOMPARE(busy.end(), ServerSocket::Cut::Abandoned);
        QVERIFY2(ms >= 90 && ms < bound(3000ms).count(), qPrintable(u"abandoned after %1 ms"_s.arg(ms)));
        // The whole group goes: the idle connection of the same run is useless too, and so is a new one.
        QVERIFY(group->isAbandoned());
        QCOMPARE(idle.cut(), ServerSocket::Cut::Abandoned);
        QCOMPARE(::recv(b[0], &byte, 1, 0), ssize_t(0));
        int c[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, c), 0);
        {
            ServerSocket late(c[0], group);
            QCOMPARE(late.cut(), ServerSocket::Cut::Abandoned);
        }
        ::close(c[0]);
        ::close(c[1]);
    }
    for (const int fd : { a[0], a[1], b[0], b[1] })
        ::close(fd);
}

void TestWire::registryNeverShutsAReusedDescriptor()
{
    // The driver closes its socket (the server went away) while the registry still holds it, and the process reuses
    // the number for something else: the registry's shutdown must reach the old socket only.
    int old[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, old), 0);
    ServerSocket socket(old[0], nullptr);
    const int number = old[0];
    ::close(old[0]);
    int fresh[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fresh), 0);
    QCOMPARE(fresh[0], number); // the lowest free number: the one just closed
    socket.begin(20ms);
    QTRY_COMPARE_WITH_TIMEOUT(socket.cut(), ServerSocket::Cut::Timeout, int(bound(3000ms).count()));
    QCOMPARE(socket.end(), ServerSocket::Cut::Timeout);
    // The new socket still works both ways.
    QCOMPARE(::send(fresh[0], "x", 1, MSG_NOSIGNAL), ssize_t(1));
    char byte = 0;
    QCOMPARE(::recv(fresh[1], &byte, 1, 0), ssize_t(1));
    QCOMPARE(::send(fresh[1], "y", 1, MSG_NOSIGNAL), ssize_t(1));
    QCOMPARE(::recv(fresh[0], &byte, 1, 0), ssize_t(1));
    QCOMPARE(byte, 'y');
    ::close(fresh[0]);
    ::close(fresh[1]);
    ::close(old[1]);
}

// ---- one statement per string ----

void TestWire::twoStatementsInOneStringAreRefused_data()
{
    QTest::addColumn<QString>("second"); // what the smuggled second statement would do
    QTest::addColumn<bool>("withValues");
    addDatabaseColumn();
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = BackendSpec::kindName(kind);
        const QString victim =
            kind == BackendSpec::Kind::Postgresql ? u"public.wire_victim"_s : u"interleave_victim.wire_victim"_s;
        QTest::newRow(qPrintable(u"drop_table_after_a_select_on_%1"_s.arg(db)))
            << u"DROP TABLE %1"_s.arg(victim) << false << int(kind);
        QTest::newRow(qPrintable(u"drop_table_after_a_select_with_values_on_%1"_s.arg(db)))
            << u"DROP TABLE %1"_s.arg(victim) << true << int(kind);
        QTest::newRow(qPrintable(u"delete_after_a_comment_hides_nothing_on_%1"_s.arg(db)))
            << u"/* ; */ DELETE FROM %1"_s.arg(victim) << false << int(kind);
    }
}

void TestWire::twoStatementsInOneStringAreRefused()
{
    QFETCH(QString, second);
    QFETCH(bool, withValues);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, raceScenario(1, false), kind);
    const bool pg = kind == BackendSpec::Kind::Postgresql;
    // A table of someone else's, outside Interleave's schema, that must survive row for row.
    DirectConnection direct(kind);
    QVERIFY(direct.ok);
    if (!pg)
        QVERIFY(direct.exec(u"CREATE DATABASE IF NOT EXISTS interleave_victim"_s).ok());
    const QString victim = pg ? u"public.wire_victim"_s : u"interleave_victim.wire_victim"_s;
    direct.exec(u"DROP TABLE IF EXISTS "_s + victim);
    QVERIFY(direct.exec(u"CREATE TABLE "_s + victim + u" (id integer PRIMARY KEY, precious varchar(20))"_s).ok());
    QVERIFY(direct.exec(u"INSERT INTO "_s + victim + u" VALUES (1, 'keep me'), (2, 'me too')"_s).ok());

    // A worker's connection, as a run opens it.
    RemoteBackend backend(s.backend, s.isolation);
    QString error;
    QVERIFY2(backend.setUp(s.table, &error), qPrintable(error));
    const std::unique_ptr<Session> worker = backend.open(SessionContext {}, &error);
    QVERIFY2(worker, qPrintable(error));
    const Statement smuggled = withValues ? Statement { u"SELECT ? AS one; "_s + second, { 1 } }
                                          : Statement { u"SELECT 1 AS one; "_s + second, {} };
    const StatementResult r = worker->exec(smuggled, nullptr);
    QVERIFY2(!r.ok(), "the server ran a string of two statements");
    qInfo("refused: %s (%s)", qPrintable(r.error.message), qPrintable(r.error.codeText()));
    // PostgreSQL's extended protocol: 42601 "cannot insert multiple commands into a prepared statement"; MariaDB
    // without multi-statements: 1064, a syntax error at the second statement.
    QCOMPARE(r.error.codeText(), pg ? u"42601"_s : u"1064"_s);
    // The monitor's connection too (it runs the set-up's DDL): exactly one statement per string.
    bool monitorRefused = false;
    // One statement with its semicolon still runs, and the connection is still usable.
    const StatementResult single = worker->exec({ u"SELECT 2 AS two;"_s, {} }, nullptr);
    QVERIFY2(single.ok(), qPrintable(single.error.message));
    QCOMPARE(single.rows.value(0).value(0).toInt(), 2);
    {
        ServerConnection monitorLike;
        const auto url = ServerUrl::parse(s.backend.url, &error);
        QVERIFY(url);
        QVERIFY2(monitorLike.open(*url, QString(), &error), qPrintable(error));
        monitorRefused = !monitorLike.exec(smuggled).ok();
    }
    QVERIFY(monitorRefused);

    const StatementResult kept = direct.exec(u"SELECT id, precious FROM "_s + victim + u" ORDER BY id"_s);
    QVERIFY2(kept.ok(), qPrintable(kept.error.message));
    QCOMPARE(kept.rows.size(), 2);
    QCOMPARE(kept.rows[0].value(1).toString(), u"keep me"_s);
    QCOMPARE(kept.rows[1].value(1).toString(), u"me too"_s);
    QVERIFY(direct.exec(u"DROP TABLE "_s + victim).ok());
    if (!pg)
        QVERIFY(direct.exec(u"DROP DATABASE interleave_victim"_s).ok());
}

void TestWire::postgresValuesKeepTheirTypes_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("params");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("integer_as_a_64_bit_number") << u"SELECT 42::integer"_s << QVariantList() << QVariant(qint64(42));
    QTest::newRow("bigint_keeps_its_digits")
        << u"SELECT 9007199254740993::bigint"_s << QVariantList() << QVariant(qint64(9007199254740993LL));
    QTest::newRow("smallint") << u"SELECT (-7)::smallint"_s << QVariantList() << QVariant(qint64(-7));
    QTest::newRow("boolean_true") << u"SELECT true"_s << QVariantList() << QVariant(true);
    QTest::newRow("boolean_false") << u"SELECT 1 = 2"_s << QVariantList() << QVariant(false);
    QTest::newRow("double") << u"SELECT 0.25::float8"_s << QVariantList() << QVariant(0.25);
    QTest::newRow("numeric_as_a_double") << u"SELECT 12.5::numeric(6,2)"_s << QVariantList() << QVariant(12.5);
    QTest::newRow("text") << u"SELECT 'héllo'::text"_s << QVariantList() << QVariant(u"héllo"_s);
    QTest::newRow("varchar") << u"SELECT 'c53b8b'::varchar(32)"_s << QVariantList() << QVariant(u"c53b8b"_s);
    QTest::newRow("null_is_an_invalid_value") << u"SELECT NULL::integer"_s << QVariantList() << QVariant();
    QTest::newRow("bytea_as_bytes") << u"SELECT '\\x00ff41'::bytea"_s << QVariantList()
                                    << QVariant(QByteArray("\x00\xff\x41", 3));
    QTest::newRow("date_as_its_text") << u"SELECT DATE '2024-02-29'"_s << QVariantList() << QVariant(u"2024-02-29"_s);
    // Bound values: each type reaches the server as the type it is.
    QTest::newRow("bound_text") << u"SELECT ?::text"_s << QVariantList { u"a'b"_s } << QVariant(u"a'b"_s);
    QTest::newRow("bound_integer") << u"SELECT ?::bigint + 1"_s << QVariantList { 41 } << QVariant(qint64(42));
    QTest::newRow("bound_bool") << u"SELECT NOT ?::boolean"_s << QVariantList { false } << QVariant(true);
    QTest::newRow("bound_double_keeps_its_digits")
        << u"SELECT ?::float8 = 0.1::float8"_s << QVariantList { 0.1 } << QVariant(true);
    QTest::newRow("bound_null") << u"SELECT ?::integer IS NULL"_s << QVariantList { QVariant() } << QVariant(true);
    QTest::newRow("bound_bytes_are_binary")
        << u"SELECT length(?::bytea)"_s << QVariantList { QByteArray("\x00\x01\x02", 3) } << QVariant(qint64(3));
    QTest::newRow("question_mark_in_a_string_is_no_placeholder")
        << u"SELECT '?' || ?::text"_s << QVariantList { u"!"_s } << QVariant(u"?!"_s);
}

void TestWire::postgresValuesKeepTheirTypes()
{
    QFETCH(QString, sql);
    QFETCH(QVariantList, params);
    QFETCH(QVariant, expected);
    REQUIRE_DATABASE(s, raceScenario(1, false), BackendSpec::Kind::Postgresql);
    DirectConnection direct(BackendSpec::Kind::Postgresql);
    QVERIFY(direct.ok);
    for (int i = 0; i < 2; ++i) { // the second time through the prepared statement
        const StatementResult r = direct.exec(sql, params);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        const QVariant value = r.rows.value(0).value(0);
        QCOMPARE(value.isValid(), expected.isValid());
        if (!expected.isValid())
            continue;
        QCOMPARE(value.typeId(), expected.typeId());
        QCOMPARE(value, expected);
    }
}

// ---- every wait bounded ----

void TestWire::frozenStatementEndsWithATimeout_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

void TestWire::frozenStatementEndsWithATimeout()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(onServer, scripted(raceScenario(2, false), u"B,B,B,B,B,A"_s), kind);
    ServerProxy proxy(serverPort(kind));
    QVERIFY(proxy.isListening());
    const Scenario s = wireScenario(onServer, proxy, 1000);
    // B finishes; then A's first statement reaches the server and its answer never comes back, as with SIGSTOP.
    proxy.strikeOnSend(marker.toUtf8(), ServerProxy::Action::Freeze);
    const int sockets = ServerSocket::liveCount();
    QElapsedTimer timer;
    timer.start();
    const auto r = within<RunResult>(bound(15s), proxy, [&] { return Runner(s).run(); });
    const qint64 ms = timer.elapsed();
    QVERIFY2(r, "a frozen server hung the run");
    QVERIFY(proxy.isFrozen());
    qInfo(
        "%s: the run ended %lld ms after it started: %s", qPrintable(kindName(database)), ms, qPrintable(describe(*r)));
    QCOMPARE(resultOf(*r, 1).kind, ResultKind::Created);
    QCOMPARE(resultOf(*r, 0).kind, ResultKind::Timeout);
    QVERIFY2(resultOf(*r, 0).detail.contains(u"the server did not answer within 1 s"_s), qPrintable(describe(*r)));
    QVERIFY(resultOf(*r, 0).isIncomplete());
    // The statement that timed out is in the trace, with its class.
    bool traced = false;
    for (const TraceEvent& e : r->trace.events)
        traced = traced || (e.worker == 0 && e.kind == EventKind::Statement && e.error.cls == ErrorClass::Timeout);
    QVERIFY(traced);
    QVERIFY(ms >= 1000);
    QCOMPARE(ServerSocket::liveCount(), sockets);
    // The server itself is fine: the same scenario runs to the end once the proxy forwards again.
    proxy.thaw();
    const RunResult again = Runner(s).run();
    QVERIFY2(again.ok(), qPrintable(again.error));
    QCOMPARE(resultOf(again, 0).kind, ResultKind::Created);
}

void TestWire::frozenStressRunEnds_data()
{
    frozenStatementEndsWithATimeout_data();
}

void TestWire::frozenStressRunEnds()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(onServer, raceScenario(2, true), kind);
    ServerProxy proxy(serverPort(kind));
    Scenario s = wireScenario(onServer, proxy, 1000);
    s.workers[0].lookup = s.workers[1].lookup;
    StressOptions options;
    options.trials = 1'000'000;
    options.progressIntervalMs = 0;
    StressRunner runner(s, options);
    runner.setProgressCallback([&](const StressProgress& p) {
        if (p.trialsDone() == 5)
            proxy.freeze(); // between two trials, as a server stopped at any moment
    });
    QElapsedTimer timer;
    timer.start();
    const auto r = within<StressResult>(bound(20s), proxy, [&] { return runner.run(); });
    QVERIFY2(r, "a frozen server hung the stress run");
    qInfo("%s: stopped after %lld trials, %lld ms: %s", qPrintable(kindName(database)), r->trials(), timer.elapsed(),
        qPrintable(r->unfinished));
    // It had started: the five trials stand, and the run is incomplete (exit 3), never a pass.
    QVERIFY(r->ok());
    QVERIFY(r->incomplete());
    QVERIFY2(r->unfinished.contains(u"did not answer within 1 s"_s), qPrintable(r->unfinished));
    QCOMPARE(r->trials(), 5);
    QVERIFY(!r->cancelled);
}

void TestWire::frozenSetUpEnds_data()
{
    QTest::addColumn<QByteArray>("strike"); // empty: frozen before the run connects
    QTest::addColumn<QString>("message");
    addDatabaseColumn();
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = BackendSpec::kindName(kind);
        QTest::newRow(qPrintable(u"frozen_before_connecting_on_%1"_s.arg(db)))
            << QByteArray() << u"cannot connect to"_s << int(kind);
        QTest::newRow(qPrintable(u"frozen_while_creating_the_table_on_%1"_s.arg(db)))
            << QByteArray("CREATE TABLE") << u"did not answer within 1 s"_s << int(kind);
    }
}

void TestWire::frozenSetUpEnds()
{
    QFETCH(QByteArray, strike);
    QFETCH(QString, message);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(onServer, raceScenario(2, true), kind);
    ServerProxy proxy(serverPort(kind));
    const Scenario s = wireScenario(onServer, proxy, 1000);
    if (strike.isEmpty())
        proxy.freeze();
    else
        proxy.strikeOnSend(strike, ServerProxy::Action::Freeze);
    QElapsedTimer timer;
    timer.start();
    const auto r = within<RunResult>(bound(15s), proxy, [&] { return Runner(s).run(); });
    QVERIFY2(r, "a frozen server hung the set-up");
    qInfo("%s: the set-up gave up after %lld ms: %s", qPrintable(kindName(database)), timer.elapsed(),
        qPrintable(r->error));
    QVERIFY(!r->ok());
    QVERIFY2(r->error.contains(message), qPrintable(r->error));
    // A table half made by the frozen set-up is no obstacle: the next run on the same table succeeds.
    proxy.thaw();
    const RunResult again = Runner(s).run();
    QVERIFY2(again.ok(), qPrintable(again.error));
}

void TestWire::cancelWhileFrozenReturnsPromptly_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QByteArray>("strike");
    addDatabaseColumn();
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = BackendSpec::kindName(kind);
        const QByteArray login = kind == BackendSpec::Kind::Postgresql ? "application_name" : "mysql_native_password";
        QTest::newRow(qPrintable(u"runner_in_a_statement_on_%1"_s.arg(db)))
            << u"runner"_s << marker.toUtf8() << int(kind);
        QTest::newRow(qPrintable(u"runner_while_connecting_on_%1"_s.arg(db))) << u"runner"_s << login << int(kind);
        QTest::newRow(qPrintable(u"stress_in_a_trial_on_%1"_s.arg(db))) << u"stress"_s << marker.toUtf8() << int(kind);
        QTest::newRow(qPrintable(u"stress_while_connecting_on_%1"_s.arg(db))) << u"stress"_s << login << int(kind);
        QTest::newRow(qPrintable(u"stress_while_resetting_the_table_on_%1"_s.arg(db)))
            << u"stress"_s << QByteArray("TRUNCATE") << int(kind);
        QTest::newRow(qPrintable(u"explorer_in_a_schedule_on_%1"_s.arg(db)))
            << u"explorer"_s << marker.toUtf8() << int(kind);
        QTest::newRow(qPrintable(u"step_run_in_a_step_on_%1"_s.arg(db))) << u"step"_s << marker.toUtf8() << int(kind);
    }
}

void TestWire::cancelWhileFrozenReturnsPromptly()
{
    QFETCH(QString, what);
    QFETCH(QByteArray, strike);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(onServer, raceScenario(2, true), kind);
    ServerProxy proxy(serverPort(kind));
    // The default reply timeout (30 s), and as long to connect: only the cancel can end these runs in time.
    Scenario s = wireScenario(onServer, proxy, BackendSpec::defaultReplyTimeoutMs);
    s.backend.url += u"?connect_timeout=30"_s;
    const bool connecting = strike == "application_name" || strike == "mysql_native_password";
    std::function<void()> cancel;
    std::function<QString()> start; // runs on the run's thread; returns what the run reported
    Runner runner(s);
    StressOptions stressOptions;
    stressOptions.trials = 1'000'000;
    StressRunner stress(s, stressOptions);
    Explorer explorer(s, ExploreOptions {});
    StepRun step(s);
    if (what == u"runner"_s) {
        cancel = [&] { runner.cancel(); };
        start = [&]() -> QString {
            const RunResult r = runner.run();
            QString text = describe(r);
            if (!r.cancelled)
                text.prepend(u"NOT CANCELLED "_s);
            if (!connecting
                && (resultOf(r, 0).kind != ResultKind::Timeout
                    || !resultOf(r, 0).detail.contains(u"abandoned at Stop"_s)))
                text.prepend(u"A NOT ABANDONED "_s);
            return text;
        };
    } else if (what == u"stress"_s) {
        cancel = [&] { stress.cancel(); };
        start = [&]() -> QString {
            const StressResult r = stress.run();
            // A stopped stress run keeps the trials it finished; the one Stop cut short is no failure of the run.
            return (r.cancelled ? QString() : u"NOT CANCELLED "_s) + (connecting || r.ok() ? QString() : u"NOT OK "_s)
                + u"%1 trials; error: %2"_s.arg(r.trials()).arg(r.error);
        };
    } else if (what == u"explorer"_s) {
        cancel = [&] { explorer.cancel(); };
        start = [&]() -> QString {
            const ExploreResult r = explorer.run();
            return (r.cancelled ? QString() : u"NOT CANCELLED "_s)
                + u"%1 explored; error: %2"_s.arg(r.explored).arg(r.error);
        };
    } else {
        cancel = [&] { step.cancel(); };
        QString error;
        QVERIFY2(step.start(&error), qPrintable(error));
        start = [&]() -> QString {
            step.step(0); // A's first statement, the frozen one
            const RunResult r = step.finish();
            QString text = describe(r);
            if (resultOf(r, 0).kind != ResultKind::Timeout || !resultOf(r, 0).detail.contains(u"abandoned at Stop"_s))
                text.prepend(u"A NOT ABANDONED "_s);
            return text;
        };
    }
    proxy.strikeOnSend(strike, ServerProxy::Action::Freeze);
    std::packaged_task<QString()> task(start);
    std::future<QString> done = task.get_future();
    std::thread thread(std::move(task));
    QVERIFY(proxy.waitUntilFrozen(bound(20s)));
    // Frozen means stuck: the run does not end by itself (its reply timeout is 30 s away).
    QVERIFY(done.wait_for(300ms) == std::future_status::timeout);
    QElapsedTimer timer;
    timer.start();
    cancel();
    const qint64 cancelMs = timer.elapsed();
    const bool ended = done.wait_for(bound(3s)) == std::future_status::ready;
    const qint64 ms = timer.elapsed();
    if (!ended) {
        proxy.thaw();
        proxy.cut();
    }
    thread.join();
    const QString report = done.get();
    qInfo("%s %s: cancel() returned after %lld ms, the run after %lld ms: %s", qPrintable(kindName(database)),
        qPrintable(what), cancelMs, ms, qPrintable(report));
    QVERIFY2(ended, "cancel did not end the run");
    QVERIFY2(cancelMs < bound(100ms).count(), "cancel() itself waited");
    QVERIFY2(!report.contains(u"NOT "_s), qPrintable(report));
}

void TestWire::cutMidRunIsConnectionLost_data()
{
    frozenStatementEndsWithATimeout_data();
}

void TestWire::cutMidRunIsConnectionLost()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(onServer, scripted(raceScenario(2, false), u"B,B,B,B,B,A"_s), kind);
    ServerProxy proxy(serverPort(kind));
    const Scenario s = wireScenario(onServer, proxy, BackendSpec::defaultReplyTimeoutMs);
    proxy.strikeOnSend(marker.toUtf8(), ServerProxy::Action::Cut); // the server dies as A sends its SELECT
    QElapsedTimer timer;
    timer.start();
    const auto r = within<RunResult>(bound(15s), proxy, [&] { return Runner(s).run(); });
    QVERIFY2(r, "the run did not end");
    qInfo("%s: %lld ms: %s", qPrintable(kindName(database)), timer.elapsed(), qPrintable(describe(*r)));
    QVERIFY(proxy.waitUntilStruck(0ms));
    QCOMPARE(resultOf(*r, 1).kind, ResultKind::Created);
    QCOMPARE(resultOf(*r, 0).kind, ResultKind::ConnectionLost);
    QVERIFY(resultOf(*r, 0).isIncomplete());
    QVERIFY(r->ok()); // it started: what ran is kept, and the run is incomplete
    QVERIFY(r->incomplete());
    QVERIFY2(r->outcome.unfinished.contains(u"reading the final rows failed"_s), qPrintable(r->outcome.unfinished));
}

// ---- the set-up ----

void TestWire::firstRunsAtOnceShareTheNewSchema_data()
{
    frozenStatementEndsWithATimeout_data();
}

void TestWire::firstRunsAtOnceShareTheNewSchema()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, raceScenario(1, true), kind);
    const bool pg = kind == BackendSpec::Kind::Postgresql;
    const QString schema = u"wire_fresh_%1"_s.arg(QRandomGenerator::global()->bounded(1'000'000));
    // The runs connect through a proxy that holds back each one's CREATE until all have sent theirs: every run has
    // found the schema missing, and the creates meet on the server at once.
    ServerProxy proxy(serverPort(kind));
    BackendSpec spec = s.backend;
    spec.url = proxy.url(spec.url) + u"?schema="_s + schema;
    DirectConnection direct(kind);
    QVERIFY(direct.ok);
    const QString dropSchema =
        pg ? u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(schema) : u"DROP DATABASE IF EXISTS %1"_s.arg(schema);
    constexpr int runs = 6;
    constexpr int rounds = 2;
    QStringList failures;
    for (int round = 0; round < rounds; ++round) {
        QVERIFY(direct.exec(dropSchema).ok());
        proxy.holdUntil(pg ? "CREATE SCHEMA" : "CREATE DATABASE", runs);
        // Each run on a table of its own, so that they do not take turns on the run lock: the schema is all they share.
        std::vector<std::unique_ptr<RemoteBackend>> backends;
        backends.reserve(runs);
        for (int i = 0; i < runs; ++i)
            backends.push_back(std::make_unique<RemoteBackend>(spec, u"default"_s));
        std::mutex mutex;
        std::condition_variable go;
        int ready = 0;
        std::vector<std::thread> threads;
        threads.reserve(runs);
        for (int i = 0; i < runs; ++i)
            threads.emplace_back([&, i] {
                TableSpec table = s.table;
                table.name = u"t%1"_s.arg(i);
                {
                    std::unique_lock lock(mutex);
                    ++ready;
                    go.notify_all();
                    go.wait(lock, [&] { return ready == runs; });
                }
                QString error;
                if (!backends[std::size_t(i)]->setUp(table, &error)) {
                    std::lock_guard lock(mutex);
                    failures.append(error);
                }
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(proxy.held(), runs);
    }
    QVERIFY(direct.exec(dropSchema).ok());
    QVERIFY2(failures.isEmpty(),
        qPrintable(
            u"%1 of %2 set-ups failed: %3"_s.arg(failures.size()).arg(runs * rounds).arg(failures.join(u" | "_s))));
}

void TestWire::runLockWaiterGivesUp_data()
{
    frozenStatementEndsWithATimeout_data();
}

void TestWire::runLockWaiterGivesUp()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, raceScenario(1, true), kind);
    TableSpec table = s.table;
    table.name = u"wire_lock"_s;
    RemoteBackend holder(s.backend, s.isolation); // its monitor connection holds the run lock while it lives
    QString error;
    QVERIFY2(holder.setUp(table, &error), qPrintable(error));
    RemoteBackend waiter(s.backend, s.isolation);
    waiter.setRunLockWait(300ms);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!waiter.setUp(table, &error));
    const qint64 ms = timer.elapsed();
    QVERIFY2(ms >= 300 && ms < bound(5000ms).count(), qPrintable(u"gave up after %1 ms"_s.arg(ms)));
    QCOMPARE(error,
        u"another Interleave run has been using table interleave.wire_lock on this server for over 0.3 s; try again "
        "when it has finished"_s);
}

void TestWire::stopEndsTheRunLockWait_data()
{
    frozenStatementEndsWithATimeout_data();
}

void TestWire::stopEndsTheRunLockWait()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, raceScenario(1, true), kind);
    TableSpec table = s.table;
    table.name = u"wire_lock"_s;
    auto holder = std::make_unique<RemoteBackend>(s.backend, s.isolation);
    QString error;
    QVERIFY2(holder->setUp(table, &error), qPrintable(error));
    // The waiter goes through a proxy that only notes when its first try for the lock has passed.
    ServerProxy proxy(serverPort(kind));
    BackendSpec spec = s.backend;
    spec.url = proxy.url(spec.url);
    proxy.strikeOnSend(
        kind == BackendSpec::Kind::Postgresql ? "pg_try_advisory_lock" : "GET_LOCK", ServerProxy::Action::Pass);
    auto group = std::make_shared<SocketGroup>();
    RemoteBackend waiter(spec, s.isolation, group); // waits the default 60 s
    std::future<bool> done = std::async(std::launch::async, [&] {
        QString why;
        const bool ok = waiter.setUp(table, &why);
        error = why;
        return ok;
    });
    QVERIFY(proxy.waitUntilStruck(bound(10s)));
    QVERIFY(done.wait_for(100ms) == std::future_status::timeout); // waiting for the holder
    QElapsedTimer timer;
    timer.start();
    group->stop();
    const bool ended = done.wait_for(bound(3s)) == std::future_status::ready;
    const qint64 ms = timer.elapsed();
    if (!ended)
        holder.reset(); // let the waiter through rather than hang the test
    QVERIFY2(ended, "Stop did not end the wait for the run lock");
    QVERIFY(!done.get());
    qInfo("%s: the wait ended %lld ms after Stop", qPrintable(kindName(database)), ms);
    QVERIFY2(error.contains(u"stopped while waiting for another Interleave run on table interleave.wire_lock"_s),
        qPrintable(error));
}

QTEST_GUILESS_MAIN(TestWire)
#include "tst_wire.moc"
