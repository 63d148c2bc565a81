// SPDX-License-Identifier: MIT
// The server backends against real PostgreSQL and MariaDB servers (and SQLite alongside, where the behaviour is
// shared): scripted races with the waits the server reports, determinism, Stop on a blocked statement, isolation
// levels, the safety rules for what Interleave may touch, and the error classes.

#include "directconnection.h"
#include "explorer.h"
#include "lockwaits.h"
#include "racescenario.h"
#include "remotebackend.h"
#include "report.h"
#include "runner.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "steprun.h"
#include "stressrunner.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>
#include <numeric>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

} // namespace

class TestRemoteBackend : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void urls_data();
    void urls();
    void classification_data();
    void classification();

    void scriptedRace_data();
    void scriptedRace();
    void sameScriptSameTrace_data();
    void sameScriptSameTrace();
    void stepRunShowsTheHolder_data();
    void stepRunShowsTheHolder();
    void stopCancelsABlockedStatement_data();
    void stopCancelsABlockedStatement();
    void isolationLevelDecidesTheReget_data();
    void isolationLevelDecidesTheReget();
    void serverErrorsAreClassified_data();
    void serverErrorsAreClassified();
    void waitsAndLostConnectionsAreClassified_data();
    void waitsAndLostConnectionsAreClassified();
    void waitsAreLabelledByHowTheyEnded_data();
    void waitsAreLabelledByHowTheyEnded();
    void everyHolderIsNamed_data();
    void everyHolderIsNamed();
    void statementsAfterADeadlockDoNotWait_data();
    void statementsAfterADeadlockDoNotWait();
    void stressTrialsOnAServer_data();
    void stressTrialsOnAServer();
    void exploreFindsTheSameClassesOnEveryDatabase_data();
    void exploreFindsTheSameClassesOnEveryDatabase();

    void foreignTableIsRefusedAndLeftAlone_data();
    void foreignTableIsRefusedAndLeftAlone();
    void ownTableIsReplaced_data();
    void ownTableIsReplaced();
    void partialUniqueOnMysqlIsRefused();
    void wrongPasswordNamesTheServer_data();
    void wrongPasswordNamesTheServer();
    void tlsOptionsReachTheDriver();
    void passwordNeverReachesTheReport_data();
    void passwordNeverReachesTheReport();
    void literalResultsAreBounded_data();
    void literalResultsAreBounded();
    void postgresValuesKeepTheirMeaning();
};

void TestRemoteBackend::urls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("canonical"); // empty: refused
    QTest::addColumn<QString>("message");

    QTest::newRow("postgres_full") << u"postgresql://me@db.example:5433/lab?sslmode=require"_s
                                   << u"postgresql://me@db.example:5433/lab?sslmode=require"_s << QString();
    QTest::newRow("postgres_alias_default_port")
        << u"postgres://me@db/lab"_s << u"postgresql://me@db/lab"_s << QString();
    QTest::newRow("mariadb_alias_with_schema") << u"mariadb://me@127.0.0.1:3307/lab?schema=races"_s
                                               << u"mysql://me@127.0.0.1:3307/lab?schema=races"_s << QString();
    QTest::newRow("password_refused") << u"mysql://me:secret@db/lab"_s << QString()
                                      << u"the URL contains a password; Interleave never stores passwords: remove it "
                                         "and set MYSQL_PWD (or type it when the app asks)"_s;
    QTest::newRow("password_typed_into_the_user_name_refused")
        << u"postgresql://alice%3As3cret@db/lab"_s << QString()
        << u"the user name contains \":\", which would put a password in the URL; Interleave never stores "
           "passwords: give the login name only and set PGPASSWORD (or type it when the app asks)"_s;
    QTest::newRow("no_database") << u"postgresql://me@db:5432"_s << QString()
                                 << u"the URL names no database (…/dbname at the end)"_s;
    QTest::newRow("no_host") << u"postgresql:///lab"_s << QString()
                             << u"the URL names no host (e.g. postgresql://user@127.0.0.1:5432/db)"_s;
    QTest::newRow("bad_schema") << u"postgresql://me@db/lab?schema=a;drop"_s << QString()
                                << u"schema \"a;drop\" is not a valid name (letters, digits and _)"_s;
    // The server's own schemas and databases, in any case.
    for (const char* url : { "postgresql://me@db/lab?schema=pg_catalog", "postgresql://me@db/lab?schema=PG_toast",
             "postgresql://me@db/lab?schema=information_schema", "mysql://me@db/lab?schema=mysql",
             "mariadb://me@db/lab?schema=SYS", "mysql://me@db/lab?schema=performance_schema" }) {
        const QString text = QString::fromLatin1(url);
        const QString schema = text.section(u'=', 1);
        QTest::newRow(qPrintable(u"server_schema_"_s + schema)) << text << QString()
                                                                << u"schema \"%1\" belongs to the server itself; "
                                                                   "Interleave keeps its tables in a schema of its own "
                                                                   "(the default is interleave)"_s.arg(schema);
    }
    QTest::newRow("option_value_cannot_add_options")
        << u"postgresql://me@db/lab?application_name=x%20host=evil.example"_s << QString()
        << u"option application_name: the value may hold only letters, digits and _ . / + -"_s;
    QTest::newRow("mysql_option_value_with_semicolon")
        << u"mysql://me@db/lab?ssl_ca=a%3BSSL_KEY=b"_s << QString()
        << u"option ssl_ca: the value may hold only letters, digits and _ . / + -"_s;
    QTest::newRow("sslmode_checked")
        << u"postgresql://me@db/lab?sslmode=yes"_s << QString()
        << u"sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full"_s;
    QTest::newRow("mysql_ssl_is_not_an_option")
        << u"mysql://me@db/lab?ssl=1"_s << QString()
        << u"unknown option \"ssl\"; expected schema or one of: ssl_ca, ssl_cert, ssl_key, connect_timeout"_s;
    QTest::newRow("invalid_url_does_not_echo_the_user")
        << u"postgresql://me@host:99999/db"_s << QString()
        << u"\"postgresql://…@host:99999/db\" is not a valid URL; expected postgresql://user@host:port/db or "
           "mysql://user@host:port/db"_s;
    QTest::newRow("invalid_url_with_a_password_is_refused_for_the_password")
        << u"postgresql://me:S3cret@host:99999/db"_s << QString()
        << u"the URL contains a password; Interleave never stores passwords: remove it and set PGPASSWORD (or type it "
           "when the app asks)"_s;
    QTest::newRow("unknown_scheme") << u"oracle://me@db/lab"_s << QString()
                                    << u"unknown scheme \"oracle\"; expected postgresql://user@host:port/db or "
                                       "mysql://user@host:port/db"_s;
}

void TestRemoteBackend::urls()
{
    QFETCH(QString, url);
    QFETCH(QString, canonical);
    QFETCH(QString, message);
    QString error;
    const auto parsed = ServerUrl::parse(url, &error);
    QCOMPARE(parsed.has_value(), !canonical.isEmpty());
    if (parsed)
        QCOMPARE(parsed->toString(), canonical);
    else
        QCOMPARE(error, message);
}

void TestRemoteBackend::classification_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("connection");
    QTest::addColumn<QString>("cls");

    QTest::newRow("pg_unique") << true << u"23505"_s << false << u"IntegrityError"_s;
    QTest::newRow("pg_not_null") << true << u"23502"_s << false << u"IntegrityError"_s;
    QTest::newRow("pg_deadlock") << true << u"40P01"_s << false << u"Deadlock"_s;
    QTest::newRow("pg_serialization") << true << u"40001"_s << false << u"SerializationFailure"_s;
    QTest::newRow("pg_lock_timeout") << true << u"55P03"_s << false << u"LockTimeout"_s;
    QTest::newRow("pg_connection_failure") << true << u"08006"_s << false << u"ConnectionLost"_s;
    QTest::newRow("pg_protocol_violation_on_a_live_connection") << true << u"08P01"_s << false << u"Error"_s;
    QTest::newRow("pg_protocol_violation_that_broke_the_connection")
        << true << u"08P01"_s << true << u"ConnectionLost"_s;
    QTest::newRow("pg_admin_shutdown") << true << u"57P01"_s << false << u"ConnectionLost"_s;
    QTest::newRow("pg_no_code_but_connection") << true << QString() << true << u"ConnectionLost"_s;
    QTest::newRow("pg_no_code_is_libpq_losing_the_server") << true << QString() << false << u"ConnectionLost"_s;
    QTest::newRow("pg_cancelled") << true << u"57014"_s << false << u"Interrupted"_s;
    QTest::newRow("pg_syntax") << true << u"42601"_s << false << u"SchemaError"_s;
    QTest::newRow("my_duplicate") << false << u"1062"_s << false << u"IntegrityError"_s;
    QTest::newRow("my_deadlock") << false << u"1213"_s << false << u"Deadlock"_s;
    QTest::newRow("my_lock_wait_timeout") << false << u"1205"_s << false << u"LockTimeout"_s;
    QTest::newRow("my_gone_away") << false << u"2006"_s << false << u"ConnectionLost"_s;
    QTest::newRow("my_lost_during_query") << false << u"2013"_s << false << u"ConnectionLost"_s;
    QTest::newRow("my_text_key_without_length") << false << u"1170"_s << false << u"SchemaError"_s;
    QTest::newRow("my_query_killed") << false << u"1317"_s << false << u"Interrupted"_s;
    QTest::newRow("my_snapshot_isolation") << false << u"1020"_s << false << u"SerializationFailure"_s;
    QTest::newRow("my_nowait") << false << u"3572"_s << false << u"LockTimeout"_s;
    QTest::newRow("my_idle_disconnect") << false << u"4031"_s << false << u"ConnectionLost"_s;
}

void TestRemoteBackend::classification()
{
    QFETCH(bool, postgres);
    QFETCH(QString, code);
    QFETCH(bool, connection);
    QFETCH(QString, cls);
    const DbError e = ServerConnection::classify(
        postgres ? ServerUrl::Kind::Postgresql : ServerUrl::Kind::Mysql, code, u"the server's words"_s, connection);
    QCOMPARE(e.className(), cls);
    QCOMPARE(e.message, u"the server's words"_s);
    QCOMPARE(e.codeText(), code.isEmpty() ? u"0"_s : code); // the native code is kept
}

void TestRemoteBackend::scriptedRace_data()
{
    QTest::addColumn<bool>("unique");
    QTest::addColumn<QStringList>("results");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QStringList>("waits");
    addDatabaseColumn();

    for (const BackendSpec::Kind kind : allDatabases()) {
        const QString db = BackendSpec::kindName(kind);
        // Both SELECTs miss, both insert: without a constraint both commit.
        // (SQLite has one writer at a time: B's INSERT waits for A's write lock even here.)
        QTest::newRow(qPrintable(db + u"_no_unique_two_rows"_s))
            << false << QStringList { u"created"_s, u"created"_s } << 2
            << (kind == BackendSpec::Kind::Sqlite ? QStringList { u"B waits for A"_s } : QStringList()) << int(kind);
        // With one, B's INSERT meets A's uncommitted row and waits for A's transaction (on SQLite, for A's write
        // lock); after A's COMMIT it fails, and the re-get finds A's row.
        QTest::newRow(qPrintable(db + u"_unique_integrity_error_path"_s))
            << true << QStringList { u"created"_s, u"got"_s } << 1 << QStringList { u"B waits for A"_s } << int(kind);
    }
}

void TestRemoteBackend::scriptedRace()
{
    QFETCH(bool, unique);
    QFETCH(QStringList, results);
    QFETCH(int, rows);
    QFETCH(QStringList, waits);
    QFETCH(int, database);
    REQUIRE_DATABASE(s, scripted(raceScenario(2, unique), u"A,B,A,B,A,B,A,B"_s), BackendSpec::Kind(database));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(resultsOf(r), results);
    QCOMPARE(r.outcome.rows.size(), rows);
    QCOMPARE(waitsOf(r), waits);
    QCOMPARE(r.backend.kind, BackendSpec::kindName(BackendSpec::Kind(database)));
    QVERIFY(!r.backend.version.isEmpty());
}

void TestRemoteBackend::sameScriptSameTrace_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

void TestRemoteBackend::sameScriptSameTrace()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, scripted(raceScenario(3, true, u"django_get_or_create"_s, true), u"A,B,C,A,B,C,A,B,C,A,B,C"_s),
        BackendSpec::Kind(database));
    const RunResult first = Runner(s).run();
    QVERIFY2(first.ok(), qPrintable(first.error));
    const QStringList expected = first.trace.sequence();
    QVERIFY(!waitsOf(first).isEmpty()); // the script makes B and C wait for A's savepoint INSERT
    for (int i = 0; i < 10; ++i) {
        const RunResult again = Runner(s).run();
        QCOMPARE(again.trace.sequence(), expected);
        QCOMPARE(waitsOf(again), waitsOf(first));
        QCOMPARE(again.executed, first.executed);
    }
}

void TestRemoteBackend::stepRunShowsTheHolder_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::stepRunShowsTheHolder()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, raceScenario(2, true), BackendSpec::Kind(database));
    StepRun run(s);
    QString error;
    QVERIFY2(run.start(&error), qPrintable(error));
    for (int i = 0; i < 3; ++i) // A: SELECT, BEGIN, INSERT (uncommitted)
        QVERIFY(run.step(0));
    for (int i = 0; i < 3; ++i) // B: SELECT, BEGIN, INSERT, which waits for A's transaction
        QVERIFY(run.step(1));
    QList<StepRun::WorkerView> views = run.workers();
    QCOMPARE(views[1].state, StepController::State::Waiting);
    QCOMPARE(views[1].waitingFor, QList<int> { 0 });
    QCOMPARE(views[0].state, StepController::State::Ready);
    QCOMPARE(views[0].next.sql, u"COMMIT"_s);
    QVERIFY(!run.isDeadlocked());
    QVERIFY(!run.step(1)); // a waiting worker cannot be stepped
    QVERIFY(run.step(0)); // A commits: B's INSERT fails at once
    views = run.workers();
    QCOMPARE(views[1].state, StepController::State::Ready);
    QCOMPARE(views[1].next.sql, u"ROLLBACK"_s);
    const RunResult r = run.finish();
    QCOMPARE(resultsOf(r), (QStringList { u"created"_s, u"got"_s }));
    QCOMPARE(waitsOf(r), QStringList { u"B waits for A"_s });
}

void TestRemoteBackend::stopCancelsABlockedStatement_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::stopCancelsABlockedStatement()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, raceScenario(1, true), kind);
    auto run = std::make_unique<StepRun>(s);
    QString error;
    QVERIFY2(run->start(&error), qPrintable(error));
    // Someone outside the run holds the row A is about to insert, in a transaction that stays open.
    DirectConnection direct(kind);
    QVERIFY(direct.ok);
    const bool pg = kind == BackendSpec::Kind::Postgresql;
    QVERIFY(direct.exec(u"BEGIN"_s).ok());
    QVERIFY(direct
                .exec(pg ? u"INSERT INTO \"interleave\".\"race\" (user_id) VALUES ('c53b8b')"_s
                         : u"INSERT INTO `interleave`.`race` (user_id) VALUES ('c53b8b')"_s)
                .ok());
    for (int i = 0; i < 3; ++i) // SELECT, BEGIN, INSERT: which waits for the outsider
        QVERIFY(run->step(0));
    QCOMPARE(run->workers()[0].state, StepController::State::Waiting);
    QVERIFY(run->workers()[0].waitingFor.isEmpty()); // not one of the run's workers
    QElapsedTimer timer;
    timer.start();
    run->cancel();
    run.reset(); // joins the threads: returns only when the blocked INSERT has been cancelled on the server
    const qint64 ms = timer.elapsed();
    qInfo("Stop took %lld ms", ms);
    // The outsider holds the row for ever: a Stop that waited for the lock would not return at all. The bound only
    // proves that Stop cancelled the statement; how fast it does is bench_stop's figure (lock-wait).
    QVERIFY2(ms < boundMs(5000), qPrintable(u"Stop took %1 ms"_s.arg(ms)));
    QVERIFY(direct.exec(u"ROLLBACK"_s).ok());
    // Nothing was left holding a lock: the next run on the same table starts and finishes normally.
    REQUIRE_DATABASE(again, scripted(raceScenario(2, true), u"A,B,A,B,A,B,A,B"_s), kind);
    const RunResult r = Runner(again).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.outcome.rows.size(), 1);
}

void TestRemoteBackend::isolationLevelDecidesTheReget_data()
{
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<QString>("resultB");
    addDatabaseColumn();
    // Seed 01: inside ATOMIC_REQUESTS, MySQL's REPEATABLE READ snapshot (taken by B's first SELECT) hides A's row
    // from the re-get, so the IntegrityError is re-raised. READ COMMITTED sees it. PostgreSQL's REPEATABLE READ
    // fails B's INSERT with a serialization failure rather than letting it wait and collide.
    QTest::newRow("mysql_repeatable_read_reraises")
        << u"repeatable read"_s << u"IntegrityError"_s << int(BackendSpec::Kind::Mysql);
    QTest::newRow("mysql_read_committed_recovers") << u"read committed"_s << u"got"_s << int(BackendSpec::Kind::Mysql);
    QTest::newRow("postgresql_read_committed_recovers")
        << u"read committed"_s << u"got"_s << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("postgresql_repeatable_read_reraises")
        << u"repeatable read"_s << u"IntegrityError"_s << int(BackendSpec::Kind::Postgresql);
}

void TestRemoteBackend::isolationLevelDecidesTheReget()
{
    QFETCH(QString, isolation);
    QFETCH(QString, resultB);
    QFETCH(int, database);
    Scenario base = scripted(raceScenario(2, true, u"django_get_or_create"_s, true), u"A,B,A,B,A,B,A,B,A,B,A,B"_s);
    base.isolation = isolation;
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(resultsOf(r), (QStringList { u"created"_s, resultB }));
    QCOMPARE(r.outcome.rows.size(), 1);
    QVERIFY(r.backend.options.contains(u"isolation="_s + isolation));
    const QJsonObject json = Report::toJson(r);
    QVERIFY(QJsonDocument(json).toJson().contains(QString(u"isolation="_s + isolation).toUtf8()));
}

void TestRemoteBackend::serverErrorsAreClassified_data()
{
    QTest::addColumn<QStringList>("a"); // worker A's literal statements
    QTest::addColumn<QStringList>("b");
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("lockTimeoutMs");
    QTest::addColumn<QString>("failing"); // "B: Deadlock 40P01"
    addDatabaseColumn();

    const auto pg = int(BackendSpec::Kind::Postgresql);
    const auto my = int(BackendSpec::Kind::Mysql);
    const QString row1 = u"UPDATE race SET name = 'x' WHERE id = 1"_s;
    const QString row2 = u"UPDATE race SET name = 'x' WHERE id = 2"_s;
    // A and B each lock one row and then want the other's: the server picks a victim. PostgreSQL's is the first to
    // wait (its deadlock_timeout expires first and it finds the cycle), InnoDB's the transaction that would undo less.
    for (const int db : { pg, my }) {
        const bool isPg = db == pg;
        QTest::newRow(isPg ? "pg_deadlock" : "my_deadlock")
            << QStringList { u"BEGIN"_s, row1, row2, u"COMMIT"_s }
            << QStringList { u"BEGIN"_s, row2, row1, u"COMMIT"_s } << u"A,B,A,B,A,B"_s << 0
            << (isPg ? u"A: Deadlock 40P01"_s : u"B: Deadlock 1213"_s) << db;
    }
    // A lock timeout and a lost connection: waitsAndLostConnectionsAreClassified (literal SQL may no longer sleep,
    // nor end a connection).
}

void TestRemoteBackend::serverErrorsAreClassified()
{
    QFETCH(QStringList, a);
    QFETCH(QStringList, b);
    QFETCH(QString, script);
    QFETCH(int, lockTimeoutMs);
    QFETCH(QString, failing);
    QFETCH(int, database);
    Scenario base = scripted(raceScenario(2, false, u"sql"_s), script);
    base.table.rows = { raceRow(u"one"_s, u"a"_s), raceRow(u"two"_s, u"b"_s) };
    for (qsizetype w = 0; w < 2; ++w) {
        base.workers[w].lookup.clear();
        base.workers[w].defaults.clear();
        for (const QString& sql : w == 0 ? a : b)
            base.workers[w].statements.append(SqlStatementSpec { sql, {}, std::nullopt });
    }
    base.backend.lockTimeoutMs = lockTimeoutMs;
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QStringList errors;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::Statement && e.error.isError())
            errors.append(r.trace.workers.value(e.worker) + u": "_s + e.error.className() + u' ' + e.error.codeText());
    QVERIFY2(std::any_of(errors.cbegin(), errors.cend(), [&](const QString& e) { return e.startsWith(failing); }),
        qPrintable(errors.join(u"; "_s)));
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::Statement && e.error.isError())
            QVERIFY(!e.error.message.isEmpty()); // the server's own words are kept
}

void TestRemoteBackend::waitsAndLostConnectionsAreClassified_data()
{
    QTest::addColumn<bool>("kill"); // false: B outwaits its lock timeout; true: A's connection is killed under it
    QTest::addColumn<QString>("failing");
    addDatabaseColumn();
    const auto pg = int(BackendSpec::Kind::Postgresql);
    const auto my = int(BackendSpec::Kind::Mysql);
    QTest::newRow("pg_lock_timeout") << false << u"B: LockTimeout 55P03"_s << pg;
    QTest::newRow("my_lock_timeout") << false << u"B: LockTimeout 1205"_s << my;
    QTest::newRow("pg_connection_lost") << true << u"A: ConnectionLost"_s << pg;
    QTest::newRow("my_connection_lost") << true << u"A: ConnectionLost"_s << my;
}

void TestRemoteBackend::waitsAndLostConnectionsAreClassified()
{
    QFETCH(bool, kill);
    QFETCH(QString, failing);
    QFETCH(int, database);
    const bool isPg = BackendSpec::Kind(database) == BackendSpec::Kind::Postgresql;
    Scenario base = raceScenario(2, false, u"sql"_s);
    base.schedule.mode = ScheduleSpec::Mode::Step;
    base.table.rows = { raceRow(u"one"_s, u"a"_s) };
    const QString row1 = u"UPDATE race SET name = 'x' WHERE id = 1"_s;
    const QStringList a { isPg ? u"SELECT pg_backend_pid()"_s : u"SELECT CONNECTION_ID()"_s, u"BEGIN"_s, row1,
        u"SELECT 1"_s, u"COMMIT"_s };
    const QStringList b { u"BEGIN"_s, row1, u"COMMIT"_s };
    for (qsizetype w = 0; w < 2; ++w) {
        base.workers[w].lookup.clear();
        base.workers[w].defaults.clear();
        for (const QString& sql : w == 0 ? a : b)
            base.workers[w].statements.append(SqlStatementSpec { sql, {}, std::nullopt });
    }
    base.backend.lockTimeoutMs = isPg ? 200 : 1000; // InnoDB waits at least a second
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    // Driven by steps, so that A holds row 1 for as long as B waits, without a statement that sleeps.
    StepRun run(s);
    QString error;
    QVERIFY2(run.start(&error), qPrintable(error));
    QVERIFY(run.step(0)); // A's connection names itself
    const RunResult first = run.snapshot();
    QVERIFY(!first.trace.events.isEmpty() && !first.trace.events.first().rows.isEmpty());
    const QString id = first.trace.events.first().rows.first().value(0).toString();
    QVERIFY(run.step(0)); // BEGIN
    QVERIFY(run.step(0)); // A updates row 1
    if (kill) {
        DirectConnection direct { BackendSpec::Kind(database) };
        QVERIFY(direct.ok);
        QVERIFY(direct.exec(isPg ? u"SELECT pg_terminate_backend(%1)"_s.arg(id) : u"KILL %1"_s.arg(id)).ok());
        QVERIFY(run.step(0)); // its next statement finds the connection gone
    } else {
        QVERIFY(run.step(1)); // BEGIN
        QVERIFY(run.step(1)); // B waits for row 1 ...
        QCOMPARE(run.workers().at(1).state, StepController::State::Waiting);
        // ... until its lock timeout gives up the wait; A, holding the row, is never stepped meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(run.workers().at(1).state != StepController::State::Waiting, 30000);
    }
    const RunResult r = run.finish();
    QStringList errors;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::Statement && e.error.isError())
            errors.append(r.trace.workers.value(e.worker) + u": "_s + e.error.className() + u' ' + e.error.codeText());
    QVERIFY2(std::any_of(errors.cbegin(), errors.cend(), [&](const QString& e) { return e.startsWith(failing); }),
        qPrintable(errors.join(u"; "_s)));
    if (!kill) { // B's wait is labelled by its lock timeout, with the server's code
        QStringList labels;
        for (const TraceEvent& e : r.trace.events)
            if (e.kind == EventKind::LockWait)
                labels.append(r.trace.workers.value(e.worker) + u' ' + LockWaits::label(r.trace.workers, e));
        QCOMPARE(
            labels, QStringList { u"B waits for A · ended by %1 lock timeout"_s.arg(isPg ? u"55P03"_s : u"1205"_s) });
    }
}

void TestRemoteBackend::waitsAreLabelledByHowTheyEnded_data()
{
    QTest::addColumn<QStringList>("a"); // worker A's literal statements
    QTest::addColumn<QStringList>("b");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<QStringList>("waits"); // every wait as LockWaits::label writes it, "B waits for A · ..."
    addDatabaseColumn();
    const auto pg = int(BackendSpec::Kind::Postgresql);
    const auto my = int(BackendSpec::Kind::Mysql);
    const auto row = [](int id) { return u"UPDATE race SET name = 'x' WHERE id = %1"_s.arg(id); };

    // B's snapshot is older than A's update: when A commits, B's wait for row 1 ends in a serialization failure.
    QTest::newRow("serialization_failure_ends_the_wait_on_postgresql")
        << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s }
        << QStringList { u"BEGIN"_s, u"SELECT name FROM race WHERE id = 2"_s, row(1), u"ROLLBACK"_s }
        << u"A,B,B,A,B,A,B"_s << u"repeatable read"_s
        << QStringList { u"B waits for A · ended by 40001 serialization failure"_s } << pg;
    // Both wait; PostgreSQL's deadlock check runs in the first waiter (after deadlock_timeout), which is the victim.
    QTest::newRow("deadlock_victim_on_postgresql")
        << QStringList { u"BEGIN"_s, row(1), row(2), u"COMMIT"_s }
        << QStringList { u"BEGIN"_s, row(2), row(1), u"COMMIT"_s } << u"A,B,A,B,A,B,A,B"_s << QString()
        << QStringList { u"A waits for B · deadlock victim (40P01)"_s, u"B waits for A · lock acquired"_s } << pg;
    // InnoDB rolls back the transaction that has done less: A, which waits for B when B closes the cycle.
    QTest::newRow("deadlock_victim_on_mariadb")
        << QStringList { u"BEGIN"_s, row(1), row(2), u"COMMIT"_s }
        << QStringList { u"BEGIN"_s, row(2), row(3), row(4), row(5), row(1), u"COMMIT"_s } << u"A,B,A,B,B,B,B,A,B,B,A"_s
        << QString() << QStringList { u"A waits for B · deadlock victim (1213)"_s } << my;
}

// A wait is labelled by how its statement ended, the same words in the trace's note, the report, the Chrome trace's
// wait and the timeline's bar (LockWaits::label): "lock acquired" only when the statement went on.
void TestRemoteBackend::waitsAreLabelledByHowTheyEnded()
{
    QFETCH(QStringList, a);
    QFETCH(QStringList, b);
    QFETCH(QString, script);
    QFETCH(QString, isolation);
    QFETCH(QStringList, waits);
    QFETCH(int, database);
    Scenario base = scripted(raceScenario(2, false, u"sql"_s), script);
    for (int i = 1; i <= 5; ++i)
        base.table.rows.append(raceRow(u"u%1"_s.arg(i), u"n%1"_s.arg(i)));
    if (!isolation.isEmpty())
        base.isolation = isolation;
    for (qsizetype w = 0; w < 2; ++w) {
        base.workers[w].lookup.clear();
        base.workers[w].defaults.clear();
        for (const QString& sql : w == 0 ? a : b)
            base.workers[w].statements.append(SqlStatementSpec { sql, {}, std::nullopt });
    }
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QStringList labels;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::LockWait)
            labels.append(r.trace.workers.value(e.worker) + u' ' + LockWaits::label(r.trace.workers, e));
    QCOMPARE(labels, waits);
    // The text report says the same.
    const QString report = Report::toText(r);
    for (const QString& wait : std::as_const(waits)) {
        const QString note = wait.section(u" · "_s, 1);
        QVERIFY2(report.contains(u"): "_s + note + u'\n'), qPrintable(report));
    }
}

void TestRemoteBackend::everyHolderIsNamed_data()
{
    QTest::addColumn<QStringList>("a"); // worker A's literal statements
    QTest::addColumn<QStringList>("b");
    QTest::addColumn<QStringList>("c");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("waits"); // "C waits for A, B · lock acquired", holders in alphabetical order
    QTest::addColumn<QStringList>("alsoTrue"); // another answer the server gives, depending on timing
    addDatabaseColumn();
    const auto row = [](int id) { return u"UPDATE race SET name = 'x' WHERE id = %1"_s.arg(id); };
    for (const BackendSpec::Kind kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = kind == BackendSpec::Kind::Postgresql ? u"postgresql"_s : u"mariadb"_s;
        const QString share = kind == BackendSpec::Kind::Postgresql
            ? u"SELECT name FROM race WHERE id = 1 FOR SHARE"_s
            : u"SELECT name FROM race WHERE id = 1 LOCK IN SHARE MODE"_s;
        // C waits for B's row 2 while B waits for A's row 1: each names only its own holder.
        QTest::newRow(qPrintable(u"chain_c_waits_for_b_waits_for_a_on_"_s + db))
            << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s }
            << QStringList { u"BEGIN"_s, row(2), row(1), u"COMMIT"_s }
            << QStringList { u"BEGIN"_s, row(2), u"COMMIT"_s } << u"A,B,C,A,B,B,C,A,B,C"_s
            << QStringList { u"B waits for A · lock acquired"_s, u"C waits for B · lock acquired"_s } << QStringList()
            << int(kind);
        // A and B share row 1; C's update waits for both.
        QTest::newRow(qPrintable(u"two_holders_of_a_shared_lock_on_"_s + db))
            << QStringList { u"BEGIN"_s, share, u"COMMIT"_s } << QStringList { u"BEGIN"_s, share, u"COMMIT"_s }
            << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s } << u"A,B,C,A,B,C,A,B,C"_s
            << QStringList { u"C waits for A, B · lock acquired"_s } << QStringList() << int(kind);
        // A shares row 1, B row 2; C's update of row 1 waits for A alone. InnoDB lists a read-only transaction with
        // no id, so on MariaDB both read-only lockers are named and the label says that only one of them holds it.
        const QString share2 = QString(share).replace(u"id = 1"_s, u"id = 2"_s);
        QTest::newRow(qPrintable(u"read_only_holder_among_two_on_"_s + db))
            << QStringList { u"BEGIN"_s, share, u"COMMIT"_s } << QStringList { u"BEGIN"_s, share2, u"COMMIT"_s }
            << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s } << u"A,B,C,A,B,C,A,B,C"_s
            << QStringList { kind == BackendSpec::Kind::Postgresql
                       ? u"C waits for A · lock acquired"_s
                       : u"C waits for A, B · lock acquired; InnoDB gives read-only transactions no id: 1 of these 2 "
                         "read-only transactions with locks hold it"_s }
            << QStringList() << int(kind);
        // B and then C queue for A's row 1. PostgreSQL names B alone for C (B holds the row's tuple lock, A only
        // the row), InnoDB both transactions ahead of C in the row's queue.
        QTest::newRow(qPrintable(u"queue_of_two_behind_one_on_"_s + db))
            << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s } << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s }
            << QStringList { u"BEGIN"_s, row(1), u"COMMIT"_s } << u"A,B,C,A,B,C,A,B,C"_s
            << QStringList { u"B waits for A · lock acquired"_s,
                   kind == BackendSpec::Kind::Postgresql ? u"C waits for B · lock acquired"_s
                                                         : u"C waits for A, B · lock acquired"_s }
            // PostgreSQL keeps no queue across a row's versions: when A commits, B and C both follow the update chain
            // to A's new version, and C may lock it first, so B then waits for C too (2 runs in 15 here).
            << (kind == BackendSpec::Kind::Postgresql
                       ? QStringList { u"B waits for A, C · lock acquired"_s, u"C waits for B · lock acquired"_s }
                       : QStringList())
            << int(kind);
    }
}

// Three workers: every wait names its holders as the server reports them (pg_blocking_pids; InnoDB's lock-wait
// tables), never "?" and never a guess from the open transactions.
void TestRemoteBackend::everyHolderIsNamed()
{
    QFETCH(QStringList, a);
    QFETCH(QStringList, b);
    QFETCH(QStringList, c);
    QFETCH(QString, script);
    QFETCH(QStringList, waits);
    QFETCH(QStringList, alsoTrue);
    QFETCH(int, database);
    Scenario base = scripted(raceScenario(3, false, u"sql"_s), script);
    for (int i = 1; i <= 3; ++i)
        base.table.rows.append(raceRow(u"u%1"_s.arg(i), u"n%1"_s.arg(i)));
    for (qsizetype w = 0; w < 3; ++w) {
        base.workers[w].lookup.clear();
        base.workers[w].defaults.clear();
        for (const QString& sql : w == 0 ? a : w == 1 ? b : c)
            base.workers[w].statements.append(SqlStatementSpec { sql, {}, std::nullopt });
    }
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    for (int run = 0; run < 3; ++run) {
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        QStringList labels;
        for (const LockWaits::Wait& wait : LockWaits::of(r.trace)) {
            QList<int> holders = wait.blockers;
            std::sort(holders.begin(), holders.end());
            labels.append(
                r.trace.workers.value(wait.worker) + u' ' + LockWaits::label(r.trace.workers, holders, wait.note));
        }
        if (!alsoTrue.isEmpty() && labels == alsoTrue)
            continue;
        QCOMPARE(labels, waits);
    }
}

void TestRemoteBackend::statementsAfterADeadlockDoNotWait_data()
{
    addDatabaseColumn();
    QTest::newRow("postgresql") << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("mysql") << int(BackendSpec::Kind::Mysql);
}

// InnoDB's status report keeps the last deadlock's transactions, each "LOCK WAIT" with its thread id, until the next
// deadlock: read as if it were live, every later slow statement of those connections was a wait for nobody. Here
// both workers run slow self-joins (tens of milliseconds, many monitor looks) after a real deadlock, and none of
// them may be reported waiting: only the two UPDATEs of the deadlock waited.
void TestRemoteBackend::statementsAfterADeadlockDoNotWait()
{
    QFETCH(int, database);
    const QString row1 = u"UPDATE race SET name = 'x' WHERE id = 1"_s;
    const QString row2 = u"UPDATE race SET name = 'x' WHERE id = 2"_s;
    const QString slow = u"SELECT COUNT(*) FROM race a, race b, race c WHERE a.name <> b.user_id"_s;
    const QStringList a { u"BEGIN"_s, row1, row2, u"COMMIT"_s, slow, slow, slow };
    const QStringList b { u"BEGIN"_s, row2, row1, u"ROLLBACK"_s, slow, slow, slow };
    Scenario base = scripted(raceScenario(2, false, u"sql"_s), u"A,B,A,B,A,B,A,B,A,B,A,B,A,B"_s);
    for (int i = 0; i < 60; ++i)
        base.table.rows.append(raceRow(u"u%1"_s.arg(i), u"n%1"_s.arg(i)));
    for (qsizetype w = 0; w < 2; ++w) {
        base.workers[w].lookup.clear();
        base.workers[w].defaults.clear();
        for (const QString& sql : w == 0 ? a : b)
            base.workers[w].statements.append(SqlStatementSpec { sql, {}, std::nullopt });
    }
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    for (int run = 0; run < 5; ++run) {
        const RunResult r = Runner(s).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        int deadlocks = 0;
        QStringList waited; // "B: SELECT COUNT(*) ..."
        for (const TraceEvent& e : r.trace.events) {
            if (e.kind == EventKind::Statement && e.error.cls == ErrorClass::Deadlock)
                ++deadlocks;
            if (e.kind == EventKind::LockWait && !r.trace.sql(e).startsWith(u"UPDATE"_s))
                waited.append(r.trace.workers.value(e.worker) + u": "_s + r.trace.sql(e) + u" (" + e.note + u')');
        }
        QCOMPARE(deadlocks, 1);
        QVERIFY2(waited.isEmpty(), qPrintable(u"run %1: "_s.arg(run) + waited.join(u"; "_s)));
    }
}

void TestRemoteBackend::stressTrialsOnAServer_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::stressTrialsOnAServer()
{
    QFETCH(int, database);
    for (const bool unique : { false, true }) {
        REQUIRE_DATABASE(s, raceScenario(2, unique), BackendSpec::Kind(database));
        StressOptions options;
        options.trials = 60;
        const StressResult r = StressRunner(s, options).run();
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.trials(), 60);
        if (unique)
            QCOMPARE(r.distribution.violatedTrials(), 0);
        const qint64 perLookup = std::accumulate(
            r.distribution.rowsPerLookup()[0].cbegin(), r.distribution.rowsPerLookup()[0].cend(), qint64(0));
        QCOMPARE(perLookup, 60);
        qInfo("%s unique=%d: %.0f trials/s, %lld of 60 trials left duplicates", qPrintable(r.backend.kind), unique,
            r.trialsPerSecond(), r.distribution.violatedTrials());
    }
}

void TestRemoteBackend::exploreFindsTheSameClassesOnEveryDatabase_data()
{
    addDatabaseColumn();
    for (const BackendSpec::Kind kind : allDatabases())
        QTest::newRow(qPrintable(BackendSpec::kindName(kind))) << int(kind);
}

void TestRemoteBackend::exploreFindsTheSameClassesOnEveryDatabase()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, raceScenario(2, true), BackendSpec::Kind(database));
    const ExploreResult r = Explorer(s, ExploreOptions {}).run({});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.complete);
    QStringList classes;
    for (const OutcomeClass& c : r.classes)
        classes.append(c.summary);
    classes.sort();
    QStringList expected { u"1 row; created, got"_s, u"1 row; created, got (after IntegrityError)"_s };
    // SQLite's busy timeout is always finite, so B's wait for A's write lock may also end in "database is locked";
    // the servers' lock_timeout_ms is 0 here (none), so their waits have no such branch.
    const bool sqlite = BackendSpec::Kind(database) == BackendSpec::Kind::Sqlite;
    if (sqlite)
        expected.insert(0, u"1 row; Busy, created"_s);
    QCOMPARE(classes, expected);
    // MySQL has two statements more per worker (Django's SET autocommit=1 after COMMIT / ROLLBACK).
    QCOMPARE(r.explored, BackendSpec::Kind(database) == BackendSpec::Kind::Mysql ? 40 : sqlite ? 18 : 10);
}

void TestRemoteBackend::foreignTableIsRefusedAndLeftAlone_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::foreignTableIsRefusedAndLeftAlone()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    Scenario base = raceScenario(2, true);
    base.table.name = u"foreign_race"_s;
    REQUIRE_DATABASE(s, base, kind);
    DirectConnection direct(kind);
    QVERIFY(direct.ok);
    const bool pg = kind == BackendSpec::Kind::Postgresql;
    const QString table = pg ? u"\"interleave\".\"foreign_race\""_s : u"`interleave`.`foreign_race`"_s;
    QVERIFY(direct
                .exec(pg ? u"CREATE SCHEMA IF NOT EXISTS \"interleave\""_s
                         : u"CREATE DATABASE IF NOT EXISTS `interleave`"_s)
                .ok());
    direct.exec(u"DROP TABLE IF EXISTS "_s + table);
    QVERIFY(direct.exec(u"CREATE TABLE "_s + table + u" (id integer PRIMARY KEY, precious text)"_s).ok());
    QVERIFY(direct.exec(u"INSERT INTO "_s + table + u" VALUES (7, 'keep me')"_s).ok());

    const RunResult r = Runner(s).run();
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"interleave.foreign_race already exists on "_s), qPrintable(r.error));
    QVERIFY2(r.error.contains(u"was not created by Interleave"_s), qPrintable(r.error));
    QVERIFY2(r.error.contains(u"never alters or drops what it did not create"_s), qPrintable(r.error));
    const StatementResult kept = direct.exec(u"SELECT id, precious FROM "_s + table);
    QVERIFY(kept.ok());
    QCOMPARE(kept.rows.size(), 1);
    QCOMPARE(kept.rows[0].value(1).toString(), u"keep me"_s);
    QCOMPARE(kept.columns.size(), 2);
    QVERIFY(direct.exec(u"DROP TABLE "_s + table).ok());
}

void TestRemoteBackend::ownTableIsReplaced_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::ownTableIsReplaced()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    Scenario base = scripted(raceScenario(2, false), u"A,B,A,B,A,B,A,B"_s);
    REQUIRE_DATABASE(s, base, kind);
    QCOMPARE(Runner(s).run().outcome.rows.size(), 2);
    // The next run starts from a fresh table: still 2 rows, not 4, and marked as Interleave's.
    const RunResult again = Runner(s).run();
    QCOMPARE(again.outcome.rows.size(), 2);
    DirectConnection direct(kind);
    QVERIFY(direct.ok);
    const StatementResult comment = direct.exec(kind == BackendSpec::Kind::Postgresql
            ? u"SELECT obj_description('interleave.race'::regclass, 'pg_class')"_s
            : u"SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'interleave' AND TABLE_NAME = 'race'"_s);
    QVERIFY(comment.ok());
    QCOMPARE(comment.rows.value(0).value(0).toString(), RemoteBackend::marker());
}

void TestRemoteBackend::partialUniqueOnMysqlIsRefused()
{
    Scenario base = example(u"flag-per-parent"_s);
    REQUIRE_DATABASE(s, base, BackendSpec::Kind::Mysql);
    const RunResult r = Runner(s).run();
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"MySQL and MariaDB have no partial unique indexes"_s), qPrintable(r.error));
}

void TestRemoteBackend::wrongPasswordNamesTheServer_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::wrongPasswordNamesTheServer()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, raceScenario(1, true), kind);
    const auto url = ServerUrl::parse(s.backend.url, nullptr);
    QVERIFY(url);
    ServerConnection::setPassword(*url, u"not-the-password"_s);
    const RunResult r = Runner(s).run();
    ServerConnection::setPassword(*url, qEnvironmentVariable(qPrintable(url->passwordVariable())));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"cannot connect to "_s + url->toString()), qPrintable(r.error));
    QVERIFY2(!r.error.contains(u"not-the-password"_s), qPrintable(r.error));
}

void TestRemoteBackend::tlsOptionsReachTheDriver()
{
    REQUIRE_DATABASE(s, raceScenario(1, true), BackendSpec::Kind::Postgresql);
    // The throw-away server has no TLS: sslmode=require must make libpq refuse it, which shows the option arrived.
    s.backend.url += u"?sslmode=require"_s;
    const RunResult r = Runner(s).run();
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"SSL"_s), qPrintable(r.error));
    QVERIFY2(r.error.contains(u"?sslmode=require"_s), qPrintable(r.error)); // the URL as given, without a password
}

void TestRemoteBackend::passwordNeverReachesTheReport_data()
{
    sameScriptSameTrace_data();
}

void TestRemoteBackend::passwordNeverReachesTheReport()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, scripted(raceScenario(2, true), u"A,B,A,B,A,B,A,B"_s), kind);
    const QString password = qEnvironmentVariable(kind == BackendSpec::Kind::Postgresql ? "PGPASSWORD" : "MYSQL_PWD");
    QVERIFY(!password.isEmpty());
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QByteArray json = QJsonDocument(Report::toJson(r)).toJson();
    const QString text = Report::toText(r);
    QVERIFY(json.contains(s.backend.url.toUtf8()));
    // The test servers' password is made up at each start (scripts/test-servers.sh), unlike any word of a report:
    // it is searched for itself, not only as ":password@" in a URL.
    QVERIFY2(!s.backend.url.contains(password), "the test login needs the distinctive password test-servers.sh makes");
    QVERIFY(!json.contains(password.toUtf8()));
    QVERIFY(!text.contains(password));
    QVERIFY(!r.scenario.toJson().contains(password.toUtf8()));
}

void TestRemoteBackend::literalResultsAreBounded_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected"); // the statement's summary in the text report
    addDatabaseColumn();
    // Literal SQL may not recurse (LiteralSql), so values and rows are made by nesting and by joining instead. A
    // value doubled 20 times: by replace() on PostgreSQL (which would expand the nested queries below), by nested
    // queries on MariaDB (whose replace() takes a minute here).
    auto doubled = [](BackendSpec::Kind kind) -> QString {
        QString sql = kind == BackendSpec::Kind::Postgresql ? u"'x'"_s : u"SELECT 'x' AS s"_s;
        for (int i = 0; i < 20; ++i)
            sql = kind == BackendSpec::Kind::Postgresql ? u"replace(%1, 'x', 'xx')"_s.arg(sql)
                                                        : u"SELECT concat(s, s) AS s FROM (%1) d%2"_s.arg(sql).arg(i);
        return kind == BackendSpec::Kind::Postgresql ? u"SELECT "_s + sql : sql;
    };
    QString ten = u"WITH t(x) AS (SELECT 1"_s;
    for (int i = 2; i <= 10; ++i)
        ten += u" UNION ALL SELECT %1"_s.arg(i);
    ten += u") "_s;
    for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
        const QString db = BackendSpec::kindName(kind);
        // 2^20 characters: kept cut at 64 KiB, marked with the full length.
        QTest::newRow(qPrintable(u"a_megabyte_value_is_cut_and_marked_on_"_s + db))
            << doubled(kind) << u"-> 1 row\n"_s << int(kind);
        QTest::newRow(qPrintable(u"a_hundred_thousand_rows_keep_the_first_thousand_on_"_s + db))
            << QString(ten + u"SELECT a.x FROM t a, t b, t c, t d, t e"_s) << u"-> 100000 rows (the first 1000 kept)"_s
            << int(kind);
        // 10^12 rows to count: Interleave stops waiting after reply_timeout_ms, and the server stops counting.
        QTest::newRow(qPrintable(u"a_query_without_end_times_out_on_"_s + db))
            << QString(ten + u"SELECT count(*) FROM t a, t b, t c, t d, t e, t f, t g, t h, t i, t j, t k, t l"_s)
            << u"the server did not answer within 1 s (reply_timeout_ms)"_s << int(kind);
    }
}

void TestRemoteBackend::literalResultsAreBounded()
{
    QFETCH(QString, sql);
    QFETCH(QString, expected);
    QFETCH(int, database);
    Scenario base = raceScenario(1, false, u"sql"_s);
    base.workers[0].lookup.clear();
    base.workers[0].defaults.clear();
    base.workers[0].statements = { { sql, {}, std::nullopt } };
    base.backend.replyTimeoutMs = 1000;
    REQUIRE_DATABASE(s, base, BackendSpec::Kind(database));
    s.backend.replyTimeoutMs = 1000;
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QString report = Report::toText(r);
    QVERIFY2(report.contains(expected), qPrintable(report.left(2000)));
    // Whatever the statement returned, the whole report stays small.
    const QByteArray json = QJsonDocument(Report::toJson(r)).toJson(QJsonDocument::Compact);
    QVERIFY2(json.size() < 2 * 1024 * 1024, qPrintable(QString::number(json.size())));
    const auto statement = std::find_if(r.trace.events.cbegin(), r.trace.events.cend(),
        [&](const TraceEvent& e) { return e.kind == EventKind::Statement && r.trace.sql(e) == sql; });
    QVERIFY(statement != r.trace.events.cend());
    const QByteArray tag = QTest::currentDataTag();
    if (tag.startsWith("a_megabyte_value")) {
        const QString value = statement->rows.value(0).value(0).toString();
        QVERIFY2(value.endsWith(u"… [1048576 characters in all]"_s), qPrintable(value.right(60)));
        QVERIFY(value.startsWith(u"xxxx"_s));
    } else if (tag.startsWith("a_hundred_thousand")) {
        QCOMPARE(statement->rows.size(), 1000);
        QCOMPARE(statement->rowCount(), 100000);
    } else {
        QCOMPARE(r.outcome.results.value(0).kind, ResultKind::Timeout);
        QVERIFY(r.incomplete());
        QVERIFY2(r.outcome.verdict().startsWith(u"incomplete: A timed out"_s), qPrintable(r.outcome.verdict()));
        // And the server is not left counting: the statement Interleave gave up on was cancelled there.
        DirectConnection direct { BackendSpec::Kind(database) };
        QVERIFY(direct.ok);
        const QString running = database == int(BackendSpec::Kind::Postgresql)
            ? u"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%t k, t l' AND pid <> "
              "pg_backend_pid()"_s
            : u"SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%t k, t l' AND id <> "
              "CONNECTION_ID()"_s;
        QTRY_COMPARE_WITH_TIMEOUT(direct.exec(running).rows.value(0).value(0).toLongLong(), 0LL, boundMs(10000));
    }
}

// What a literal statement returns on PostgreSQL is shown as the server meant it: a numeric a double cannot hold
// keeps its digits; a $1 without a value is the statement's error, not a lost connection that would make the run
// incomplete.
void TestRemoteBackend::postgresValuesKeepTheirMeaning()
{
    Scenario base = raceScenario(1, false, u"sql"_s);
    base.workers[0].lookup.clear();
    base.workers[0].defaults.clear();
    base.workers[0].statements = { { u"SELECT 12.50::numeric, power(10::numeric, 40), 2::numeric ^ 1000"_s, {},
                                       std::nullopt },
        { u"SELECT $1"_s, {}, std::nullopt }, { u"SELECT 1"_s, {}, std::nullopt } };
    REQUIRE_DATABASE(s, base, BackendSpec::Kind::Postgresql);
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QList<const TraceEvent*> statements;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::Statement && e.worker == 0 && statementVerb(r.trace.sql(e)) == u"SELECT"_s)
            statements.append(&e);
    QCOMPARE(statements.size(), 3);
    const Row values = statements[0]->rows.value(0);
    QCOMPARE(values.value(0).typeId(), int(QMetaType::Double));
    QCOMPARE(values.value(0).toDouble(), 12.5);
    QCOMPARE(values.value(1).typeId(), int(QMetaType::QString));
    QVERIFY2(values.value(1).toString().startsWith(u"1"_s + QString(40, u'0')), qPrintable(values.value(1).toString()));
    QVERIFY2(values.value(2).toString().startsWith(
                 u"10715086071862673209484250490600018105614048117055336074437503883703"_s),
        qPrintable(values.value(2).toString()));
    QCOMPARE(statements[1]->error.cls, ErrorClass::Other);
    QCOMPARE(statements[1]->error.sqlState, u"08P01"_s);
    QVERIFY(statements[2]->error.cls == ErrorClass::None);
    QVERIFY2(!r.incomplete(), qPrintable(r.outcome.verdict()));
}

QTEST_GUILESS_MAIN(TestRemoteBackend)
#include "tst_remotebackend.moc"
