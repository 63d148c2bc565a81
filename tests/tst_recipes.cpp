// SPDX-License-Identifier: MIT
// Each recipe's exact statement sequence, in each case Django distinguishes: the row exists, it is absent, the
// INSERT hits an IntegrityError, the get finds several rows. get_or_create on SQLite; every other recipe on
// SQLite, PostgreSQL and MariaDB, each with a fixed two-worker script that shows the recipe's point.

#include "backend.h"
#include "djangosql.h"
#include "fieldlookup.h"
#include "literalsql.h"
#include "racescenario.h"
#include "recipe.h"
#include "runner.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "testdatabases.h"

#include <QFile>
#include <QTest>
#include <QVersionNumber>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

// Django 4.0+ asks SQLite 3.35+ for the new id with RETURNING; the SQLite Interleave is built with decides.
bool sqliteReturns()
{
    static const bool returns = QVersionNumber::fromString(Backend::create(BackendSpec(), u"default"_s)->info().version)
        >= QVersionNumber(3, 35);
    return returns;
}

// Every Django release asks MariaDB 10.5+ for the new id with RETURNING (Oracle MySQL never): the test server's
// version decides, as it does for a run.
bool mysqlReturns()
{
    static const bool returns = [] {
        QString error;
        const auto url = ServerUrl::parse(serverUrl(BackendSpec::Kind::Mysql), &error);
        const auto version = url ? ServerConnection::serverVersion(*url, &error) : std::nullopt;
        // serverVersion() names the product first ("MariaDB 10.11.6-MariaDB-0+deb12u1"); forDatabase() reads the
        // server's own string.
        return version
            && DjangoTarget::forDatabase(
                BackendSpec::Kind::Mysql, DjangoVersion::newestLts(), version->section(u' ', 1))
                   .returningInsert;
    }();
    return returns;
}

const QString get =
    uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE "race"."user_id" = ? LIMIT 21)"_s;
// create() as the default, Django 5.2, sends it on SQLite.
const QString insert = uR"(INSERT INTO "race" ("user_id", "name") VALUES (?, ?))"_s
    + (sqliteReturns() ? uR"( RETURNING "race"."id")"_s : QString());

// The statements one worker sent, as "SQL" or "SQL -> ErrorClass code".
QStringList statementsOf(const RunResult& r, int worker)
{
    QStringList out;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::Statement || e.worker != worker)
            continue;
        out.append(e.error.isError() ? r.trace.sql(e) + u" -> "_s + e.error.className() + u' ' + e.error.codeText()
                                     : r.trace.sql(e));
    }
    return out;
}

using Kind = BackendSpec::Kind;

// The statements the recipes send on one database, written once with "..." quoting: MySQL's are the same with
// backticks.
struct Dialect {
    Kind kind;
    DjangoVersion django = DjangoVersion::newestLts();

    QString q(QString sql) const { return kind == Kind::Mysql ? sql.replace(u'"', u'`') : sql; }
    // Every release asks PostgreSQL and MariaDB 10.5+ for the new id, SQLite 3.35+ from 4.0 on.
    bool returns() const
    {
        return kind == Kind::Postgresql || (kind == Kind::Mysql && mysqlReturns())
            || (kind == Kind::Sqlite && django >= DjangoVersion { 4, 0 } && sqliteReturns());
    }
    QString returning() const { return returns() ? q(uR"( RETURNING "race"."id")"_s) : QString(); }
    QString get(bool counter = false) const
    {
        return q(counter
                ? uR"(SELECT "race"."id", "race"."user_id", "race"."name", "race"."n" FROM "race" WHERE "race"."user_id" = ? LIMIT 21)"_s
                : uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE "race"."user_id" = ? LIMIT 21)"_s);
    }
    QString getForUpdate() const { return get() + (kind == Kind::Sqlite ? QString() : u" FOR UPDATE"_s); }
    QString insert() const { return q(uR"(INSERT INTO "race" ("user_id", "name") VALUES (?, ?))"_s) + returning(); }
    QString insertRows(int n) const
    {
        QStringList tuples;
        for (int i = 0; i < n; ++i)
            tuples.append(u"(?, ?)"_s);
        if (kind == Kind::Sqlite && django < DjangoVersion { 4, 1 }) { // SQLite's bulk_insert_sql before 4.1
            QStringList selects;
            for (int i = 0; i < n; ++i)
                selects.append(u"SELECT ?, ?"_s);
            return uR"(INSERT INTO "race" ("user_id", "name") )"_s + selects.join(u" UNION ALL "_s) + returning();
        }
        return q(uR"(INSERT INTO "race" ("user_id", "name") VALUES )"_s) + tuples.join(u", "_s) + returning();
    }
    QString savepoint(int worker, int n = 1) const { return q(uR"(SAVEPOINT "s%1_x%2")"_s.arg(worker).arg(n)); }
    QString release(int worker, int n = 1) const { return q(uR"(RELEASE SAVEPOINT "s%1_x%2")"_s.arg(worker).arg(n)); }
    QString rollbackTo(int worker, int n = 1) const
    {
        return q(uR"(ROLLBACK TO SAVEPOINT "s%1_x%2")"_s.arg(worker).arg(n));
    }
    // The unique violation as statementsOf() shows it.
    QString integrityError() const
    {
        return kind == Kind::Sqlite    ? u" -> IntegrityError 2067"_s
            : kind == Kind::Postgresql ? u" -> IntegrityError 23505"_s
                                       : u" -> IntegrityError 1062"_s;
    }
};

// seed 03's counter: the race table with an integer column n, and the row the workers increment.
Scenario counterScenario(const QString& recipe, qint64 start)
{
    Scenario s = raceScenario(2, true, recipe);
    s.table.columns.append({ u"n"_s, u"integer"_s, false });
    s.table.rows = { { { u"user_id"_s, u"c53b8b"_s }, { u"name"_s, u"foo"_s }, { u"n"_s, start } } };
    for (WorkerSpec& w : s.workers) {
        w.column = u"n"_s;
        w.defaults.clear();
    }
    return s;
}

QVariantMap userRow(const QString& userId)
{
    return { { u"user_id"_s, userId } };
}

SqlStatementSpec statement(const QString& sql, QVariantList params = {}, std::optional<QList<QVariantList>> expect = {})
{
    return { sql, std::move(params), std::move(expect) };
}

// Django's atomic() on MySQL opens a transaction with SET autocommit=0 (mysqlclient's autocommit(False)) and,
// after its COMMIT or ROLLBACK, sends SET autocommit=1. The rows above write the transaction the way the other
// databases see it; on MySQL each one becomes what Django sends there (lock_table writes its own).
QStringList withMysqlAutocommit(const QStringList& statements)
{
    QStringList out;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const QString& sql = statements[i];
        out.append(sql == u"BEGIN"_s ? u"SET autocommit=0"_s : sql);
        const bool ends = sql == u"COMMIT"_s || sql == u"ROLLBACK"_s || sql.startsWith(u"COMMIT -> "_s)
            || sql.startsWith(u"ROLLBACK -> "_s);
        const QString next = statements.value(i + 1);
        if (ends && next != u"UNLOCK TABLES"_s && next != u"SET autocommit=1"_s)
            out.append(u"SET autocommit=1"_s);
    }
    return out;
}

} // namespace

class TestRecipes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sequence_data();
    void sequence();
    void defaultsWinOverLookupValues();
    void multiColumnAndNullLookups();
    void aColumnDefaultFillsWhatTheInsertLeavesOut();
    void moreThanTwentyRows();
    void beginImmediateIsSentWhenConfigured();
    void onEachDatabase_data();
    void onEachDatabase();
    void fieldLookups_data();
    void fieldLookups();
    void lookupKeywordsStayOutOfTheInsert();
    void beforeStatementsRunOnTheWorkersConnection_data();
    void beforeStatementsRunOnTheWorkersConnection();
    void byDjangoVersion_data();
    void byDjangoVersion();
    void djangoTargetFollowsTheServerVersion_data();
    void djangoTargetFollowsTheServerVersion();
    void advisoryKeyIsStable();
    void sqlRecordsErrorsAndReportsMismatches();
    void sqlExpectIsAMultisetUnlessOrdered_data();
    void sqlExpectIsAMultisetUnlessOrdered();
    void sqlExpectError_data();
    void sqlExpectError();
};

void TestRecipes::sequence_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<int>("worker");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("result");
    QTest::addColumn<bool>("afterIntegrityError");

    const QString x = u"c53b8b"_s;
    {
        Scenario s = raceScenario(1, true);
        s.table.rows = { raceRow(x, u"foo"_s) };
        QTest::newRow("django_row_exists_is_one_select") << s << 0 << QStringList { get } << u"got"_s << false;
    }
    QTest::newRow("django_row_absent_inserts_in_a_transaction")
        << raceScenario(1, true) << 0 << QStringList { get, u"BEGIN"_s, insert, u"COMMIT"_s } << u"created"_s << false;
    QTest::newRow("django_integrity_error_rolls_back_and_gets_again")
        << scripted(raceScenario(2, true), u"A,B,A,B,A,B,A,B"_s) << 1
        << QStringList { get, u"BEGIN"_s, insert + u" -> IntegrityError 2067"_s, u"ROLLBACK"_s, get } << u"got"_s
        << true;
    {
        // The INSERT collides on user_id, but the re-get looks for another name: Django re-raises.
        Scenario s = raceScenario(1, true);
        s.table.rows = { raceRow(x, u"other"_s) };
        s.workers[0].lookup = { { u"user_id"_s, x }, { u"name"_s, u"foo"_s } };
        const QString get2 =
            uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE ("race"."name" = ? AND "race"."user_id" = ?) LIMIT 21)"_s;
        QTest::newRow("django_integrity_error_reraised_when_the_reget_finds_nothing")
            << s << 0 << QStringList { get2, u"BEGIN"_s, insert + u" -> IntegrityError 2067"_s, u"ROLLBACK"_s, get2 }
            << u"IntegrityError"_s << true;
        Scenario atomic = s;
        atomic.workers[0].atomic = true;
        QTest::newRow("django_atomic_integrity_error_rolls_back_to_the_savepoint")
            << atomic << 0
            << QStringList { u"BEGIN"_s, get2, uR"(SAVEPOINT "s1_x1")"_s, insert + u" -> IntegrityError 2067"_s,
                   uR"(ROLLBACK TO SAVEPOINT "s1_x1")"_s, uR"(RELEASE SAVEPOINT "s1_x1")"_s, get2, u"ROLLBACK"_s }
            << u"IntegrityError"_s << true;
    }
    {
        Scenario s = raceScenario(1, false);
        s.table.rows = { raceRow(x, u"foo"_s), raceRow(x, u"foo"_s) };
        QTest::newRow("django_several_rows_is_multiple_objects_returned")
            << s << 0 << QStringList { get } << u"MultipleObjectsReturned"_s << false;
        Scenario atomic = s;
        atomic.workers[0].atomic = true;
        QTest::newRow("django_atomic_several_rows_rolls_back_the_request")
            << atomic << 0 << QStringList { u"BEGIN"_s, get, u"ROLLBACK"_s } << u"MultipleObjectsReturned"_s << false;
    }
    {
        Scenario s = raceScenario(1, true, u"django_get_or_create"_s, true);
        s.table.rows = { raceRow(x, u"foo"_s) };
        QTest::newRow("django_atomic_row_exists_commits_the_request")
            << s << 0 << QStringList { u"BEGIN"_s, get, u"COMMIT"_s } << u"got"_s << false;
    }
    QTest::newRow("django_atomic_row_absent_uses_a_savepoint")
        << raceScenario(1, true, u"django_get_or_create"_s, true) << 0
        << QStringList { u"BEGIN"_s, get, uR"(SAVEPOINT "s1_x1")"_s, insert, uR"(RELEASE SAVEPOINT "s1_x1")"_s,
               u"COMMIT"_s }
        << u"created"_s << false;
    QTest::newRow("django_atomic_second_worker_finds_the_committed_row")
        << scripted(raceScenario(2, true, u"django_get_or_create"_s, true), u"A,A,A,A,A,A,B"_s) << 1
        << QStringList { u"BEGIN"_s, get, u"COMMIT"_s } << u"got"_s << false;
    QTest::newRow("django_atomic_race_on_sqlite_is_database_is_locked")
        << scripted(raceScenario(2, true, u"django_get_or_create"_s, true), u"A,B,A,B,A,B,A,B"_s) << 1
        << QStringList { u"BEGIN"_s, get, uR"(SAVEPOINT "s2_x1")"_s, insert + u" -> Busy 5"_s,
               uR"(ROLLBACK TO SAVEPOINT "s2_x1")"_s, uR"(RELEASE SAVEPOINT "s2_x1")"_s, u"ROLLBACK"_s }
        << u"Busy"_s << false;

    {
        Scenario s = raceScenario(1, true, u"naive_get_or_create"_s);
        s.table.rows = { raceRow(x, u"foo"_s) };
        QTest::newRow("naive_row_exists_is_one_select") << s << 0 << QStringList { get } << u"got"_s << false;
    }
    QTest::newRow("naive_row_absent_is_a_plain_insert")
        << raceScenario(1, true, u"naive_get_or_create"_s) << 0 << QStringList { get, insert } << u"created"_s << false;
    {
        Scenario s = raceScenario(1, true, u"naive_get_or_create"_s);
        s.table.rows = { raceRow(x, u"other"_s) };
        s.workers[0].lookup = { { u"user_id"_s, x }, { u"name"_s, u"foo"_s } };
        const QString get2 =
            uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE ("race"."name" = ? AND "race"."user_id" = ?) LIMIT 21)"_s;
        QTest::newRow("naive_integrity_error_is_not_handled")
            << s << 0 << QStringList { get2, insert + u" -> IntegrityError 2067"_s } << u"IntegrityError"_s << false;
    }
    {
        Scenario s = raceScenario(1, false, u"naive_get_or_create"_s);
        s.table.rows = { raceRow(x, u"foo"_s), raceRow(x, u"foo"_s) };
        QTest::newRow("naive_several_rows_is_multiple_objects_returned")
            << s << 0 << QStringList { get } << u"MultipleObjectsReturned"_s << false;
    }
}

void TestRecipes::sequence()
{
    QFETCH(Scenario, scenario);
    QFETCH(int, worker);
    QFETCH(QStringList, expected);
    QFETCH(QString, result);
    QFETCH(bool, afterIntegrityError);
    if (scenario.schedule.mode != ScheduleSpec::Mode::Script)
        scenario = scripted(scenario, QString());
    Runner runner(scenario);
    const RunResult r = runner.run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(statementsOf(r, worker), expected);
    QCOMPARE(r.outcome.results.at(worker).kindName(), result);
    QCOMPARE(r.outcome.results.at(worker).afterIntegrityError, afterIntegrityError);
    if (result == u"MultipleObjectsReturned"_s)
        QCOMPARE(r.outcome.results.at(worker).detail, u"get() returned more than one Race -- it returned 2!"_s);
    if (result == u"IntegrityError"_s) {
        QVERIFY(r.outcome.results.at(worker).detail.contains(u"UNIQUE constraint failed: race.user_id"_s));
    }
}

void TestRecipes::defaultsWinOverLookupValues()
{
    Scenario s = raceScenario(1, false);
    s.workers[0].lookup = { { u"user_id"_s, u"x"_s }, { u"name"_s, u"from lookup"_s } };
    s.workers[0].defaults = { { u"name"_s, u"from defaults"_s } };
    const RunResult r = Runner(scripted(s, QString())).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.outcome.rows.size(), 1);
    QCOMPARE(r.outcome.rows.at(0), (Row { 1, u"x"_s, u"from defaults"_s }));
    const auto inserts = std::count_if(r.trace.events.cbegin(), r.trace.events.cend(), [&](const TraceEvent& e) {
        return statementVerb(r.trace.sql(e)) == u"INSERT"_s && e.params == QVariantList { u"x"_s, u"from defaults"_s };
    });
    QCOMPARE(inserts, 1);
}

void TestRecipes::multiColumnAndNullLookups()
{
    TableSpec table;
    table.name = u"dictionary_entry"_s;
    table.model = u"DictionaryEntry"_s;
    table.columns = { { u"name"_s, u"varchar(255)"_s, false }, { u"definition"_s, u"text"_s, true } };
    const DjangoSql sql(table);
    const Statement both = sql.get({ { u"name"_s, u"apple"_s }, { u"definition"_s, u"fruit"_s } });
    QCOMPARE(both.sql,
        uR"(SELECT "dictionary_entry"."id", "dictionary_entry"."name", "dictionary_entry"."definition" FROM "dictionary_entry" WHERE ("dictionary_entry"."definition" = ? AND "dictionary_entry"."name" = ?) LIMIT 21)"_s);
    QCOMPARE(both.params, (QVariantList { u"fruit"_s, u"apple"_s }));
    const Statement null = sql.get({ { u"name"_s, u"apple"_s }, { u"definition"_s, QVariant() } });
    QVERIFY(null.sql.contains(uR"(("dictionary_entry"."definition" IS NULL AND "dictionary_entry"."name" = ?))"_s));
    QCOMPARE(null.params, QVariantList { u"apple"_s });
    // A NOT NULL text field without a value gets '' as Django's Field.get_default() gives it; nullable gets NULL.
    const Statement row = sql.insert({});
    QCOMPARE(row.params, (QVariantList { u""_s, QVariant() }));
}

void TestRecipes::aColumnDefaultFillsWhatTheInsertLeavesOut()
{
    // Field(default=...): the INSERT sends the default for a column neither the lookup nor the defaults name; a
    // value given wins over it; initial rows take it too.
    Scenario s = raceScenario(2, false);
    s.table.columns.append(ColumnSpec(u"visits"_s, u"integer"_s, false).withDefault(qint64(7)));
    s.table.rows = { { { u"user_id"_s, u"old"_s }, { u"name"_s, u"kept"_s } } };
    s.workers[1].lookup = { { u"user_id"_s, u"other"_s } };
    s.workers[1].defaults = { { u"visits"_s, qint64(1) } };
    const auto problem = s.validate();
    QVERIFY2(!problem, problem ? qPrintable(problem->toString()) : "");
    const RunResult r = Runner(scripted(s, QString())).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.outcome.rows.size(), 3);
    QCOMPARE(r.outcome.rows.at(0), (Row { 1, u"old"_s, u"kept"_s, qint64(7) }));
    QCOMPARE(r.outcome.rows.at(1), (Row { 2, u"c53b8b"_s, u"foo"_s, qint64(7) }));
    QCOMPARE(r.outcome.rows.at(2), (Row { 3, u"other"_s, QVariant(), qint64(1) }));
}

void TestRecipes::moreThanTwentyRows()
{
    Scenario s = raceScenario(1, false);
    for (int i = 0; i < 25; ++i)
        s.table.rows.append(raceRow(u"c53b8b"_s, u"foo"_s));
    const RunResult r = Runner(scripted(s, QString())).run();
    QCOMPARE(r.outcome.results.at(0).detail, u"get() returned more than one Race -- it returned more than 20!"_s);
    QCOMPARE(r.trace.events.at(0).rows.size(), 21); // LIMIT 21
}

void TestRecipes::beginImmediateIsSentWhenConfigured()
{
    Scenario s = raceScenario(1, false);
    s.backend.beginMode = u"immediate"_s;
    const RunResult r = Runner(scripted(s, QString())).run();
    QCOMPARE(statementsOf(r, 0), (QStringList { get, u"BEGIN IMMEDIATE"_s, insert, u"COMMIT"_s }));
}

// One row per recipe, case and database: the statements of one worker, its result, the rows at the end and, for
// the counters, the final count.
void TestRecipes::onEachDatabase_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<int>("worker");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("result");
    QTest::addColumn<int>("rows"); // -1: not checked
    QTest::addColumn<QVariant>("count"); // n of the first row; invalid: not checked
    QTest::addColumn<QString>("detail"); // a part of the worker's detail; empty: not checked
    addDatabaseColumn();

    const QString full = u"A,B,A,B,A,B,A,B,A,B,A,B"_s;
    for (const Kind kind : allDatabases()) {
        const Dialect d { kind };
        const bool sqlite = kind == Kind::Sqlite;
        const bool pg = kind == Kind::Postgresql;
        const bool my = kind == Kind::Mysql;
        auto row = [&](const char* name, const Scenario& scenario, int worker, const QStringList& expected,
                       const QString& result, int rows, const QVariant& count = {}, const QString& detail = {}) {
            QTest::addRow("%s@%s", name, qPrintable(BackendSpec::kindName(kind)))
                << scenario << worker << expected << result << rows << count << detail << int(kind);
        };
        const QString begin = u"BEGIN"_s;
        const QString commit = u"COMMIT"_s;
        const QString rollback = u"ROLLBACK"_s;

        // select_for_update
        row("select_for_update_row_absent_creates_in_a_savepoint", raceScenario(1, true, u"select_for_update"_s), 0,
            { begin, d.getForUpdate(), d.savepoint(1), d.insert(), d.release(1), commit }, u"created"_s, 1);
        {
            Scenario s = raceScenario(1, true, u"select_for_update"_s);
            s.table.rows = { raceRow(u"c53b8b"_s, u"foo"_s) };
            row("select_for_update_row_exists_locks_it", s, 0, { begin, d.getForUpdate(), commit }, u"got"_s, 1);
        }
        {
            // A missing row: PostgreSQL locks nothing, so the unique constraint decides and B gets after an
            // IntegrityError; MariaDB's REPEATABLE READ gives both workers the same gap lock and their INSERTs
            // deadlock; SQLite has no FOR UPDATE and the second writer is told "database is locked".
            const Scenario s = scripted(raceScenario(2, true, u"select_for_update"_s), full);
            QStringList b { begin, d.getForUpdate(), d.savepoint(2) };
            if (pg)
                b << d.insert() + d.integrityError() << d.rollbackTo(2) << d.release(2) << d.getForUpdate() << commit;
            else if (my)
                b << d.insert() + u" -> Deadlock 1213"_s << d.rollbackTo(2) + u" -> Error 1305"_s << rollback;
            else
                b << d.insert() + u" -> Busy 5"_s << d.rollbackTo(2) << d.release(2) << rollback;
            row("select_for_update_missing_row_two_workers", s, 1, b,
                pg       ? u"got"_s
                    : my ? u"Deadlock"_s
                         : u"Busy"_s,
                1);
        }

        // lock_table
        {
            QStringList a;
            if (sqlite)
                a << u"BEGIN IMMEDIATE"_s;
            else if (pg)
                a << begin << uR"(LOCK TABLE "race" IN SHARE ROW EXCLUSIVE MODE)"_s;
            else
                a << u"SET autocommit=0"_s << u"LOCK TABLES `race` WRITE"_s;
            QStringList b = a;
            a << d.get() << d.savepoint(1) << d.insert() << d.release(1) << commit;
            b << d.get() << commit;
            if (my) {
                a << u"UNLOCK TABLES"_s << u"SET autocommit=1"_s;
                b << u"UNLOCK TABLES"_s << u"SET autocommit=1"_s;
            }
            row("lock_table_row_absent", raceScenario(1, false, u"lock_table"_s), 0, a, u"created"_s, 1);
            // Without a unique constraint the lock alone keeps the second worker from inserting: it waits for
            // the table, then finds the row.
            row("lock_table_serialises_two_workers_without_a_constraint",
                scripted(raceScenario(2, false, u"lock_table"_s), full), 1, b, u"got"_s, 1);
            if (pg) {
                Scenario s = raceScenario(1, false, u"lock_table"_s);
                s.workers[0].lock = u"ACCESS EXCLUSIVE"_s;
                row("lock_table_mode_from_the_worker", s, 0,
                    { begin, uR"(LOCK TABLE "race" IN ACCESS EXCLUSIVE MODE)"_s, d.get(), d.savepoint(1), d.insert(),
                        d.release(1), commit },
                    u"created"_s, 1);
            }
        }

        // advisory_lock
        {
            QStringList a;
            QStringList b;
            if (sqlite) {
                a << u"BEGIN IMMEDIATE"_s << d.get() << d.savepoint(1) << d.insert() << d.release(1) << commit;
                b << u"BEGIN IMMEDIATE"_s << d.get() << commit;
            } else if (pg) {
                a << begin << u"SELECT pg_advisory_xact_lock(?)"_s << d.get() << d.savepoint(1) << d.insert()
                  << d.release(1) << commit;
                b << begin << u"SELECT pg_advisory_xact_lock(?)"_s << d.get() << commit;
            } else {
                a << u"SELECT GET_LOCK(?, 50)"_s << d.get() << begin << d.insert() << commit
                  << u"SELECT RELEASE_LOCK(?)"_s;
                b << u"SELECT GET_LOCK(?, 50)"_s << d.get() << u"SELECT RELEASE_LOCK(?)"_s;
            }
            row("advisory_lock_row_absent", raceScenario(1, false, u"advisory_lock"_s), 0, a, u"created"_s, 1);
            row("advisory_lock_serialises_two_workers_without_a_constraint",
                scripted(raceScenario(2, false, u"advisory_lock"_s), full), 1, b, u"got"_s, 1);
        }

        // upsert
        {
            const QString ignore = sqlite ? uR"(INSERT OR IGNORE INTO "race" ("user_id", "name") VALUES (?, ?))"_s
                : pg ? uR"(INSERT INTO "race" ("user_id", "name") VALUES (?, ?) ON CONFLICT DO NOTHING)"_s
                     : u"INSERT IGNORE INTO `race` (`user_id`, `name`) VALUES (?, ?)"_s;
            row("upsert_row_absent_creates", raceScenario(1, true, u"upsert"_s), 0, { begin, ignore, commit, d.get() },
                u"created"_s, 1);
            row("upsert_two_workers_never_duplicate", scripted(raceScenario(2, true, u"upsert"_s), full), 1,
                { begin, ignore, commit, d.get() }, u"got"_s, 1, {}, u"the INSERT was ignored"_s);
        }

        // update_or_create
        {
            const QString update = d.q(uR"(UPDATE "race" SET "name" = ? WHERE "race"."id" = ?)"_s);
            Scenario s = raceScenario(1, true, u"update_or_create"_s);
            s.table.rows = { raceRow(u"c53b8b"_s, u"old"_s) };
            row("update_or_create_row_exists_updates_the_defaults", s, 0, { begin, d.getForUpdate(), update, commit },
                u"updated"_s, 1, {}, u"updated row 1"_s);
            row("update_or_create_row_absent_creates", raceScenario(1, true, u"update_or_create"_s), 0,
                { begin, d.getForUpdate(), d.savepoint(1), d.insert(), d.release(1), commit }, u"created"_s, 1);
            if (pg)
                row("update_or_create_two_workers_second_updates_after_integrity_error",
                    scripted(raceScenario(2, true, u"update_or_create"_s), full), 1,
                    { begin, d.getForUpdate(), d.savepoint(2), d.insert() + d.integrityError(), d.rollbackTo(2),
                        d.release(2), d.getForUpdate(), update, commit },
                    u"updated"_s, 1, {}, u"then updated it"_s);
        }

        // The counters: two increments from 0.
        {
            const QString saveAll =
                d.q(uR"(UPDATE "race" SET "user_id" = ?, "name" = ?, "n" = ? WHERE "race"."id" = ?)"_s);
            row("counter_read_modify_write_loses_an_update",
                scripted(counterScenario(u"counter_read_modify_write"_s, 0), u"A,B,A,B"_s), 1, { d.get(true), saveAll },
                u"updated"_s, 1, qint64(1), u"n: 0 -> 1"_s);
            row("counter_atomic_loses_nothing", scripted(counterScenario(u"counter_atomic"_s, 0), u"A,B"_s), 1,
                { d.q(uR"(UPDATE "race" SET "n" = ("race"."n" + ?) WHERE "race"."user_id" = ?)"_s) }, u"updated"_s, 1,
                qint64(2), u"1 row updated"_s);
        }

        // bulk_create: overlapping batches on a unique column.
        {
            Scenario s = raceScenario(2, true, u"bulk_create"_s);
            s.workers[0].lookup.clear();
            s.workers[1].lookup.clear();
            s.workers[0].batch = { userRow(u"u1"_s), userRow(u"u2"_s) };
            s.workers[1].batch = { userRow(u"u2"_s), userRow(u"u3"_s), userRow(u"u4"_s) };
            row("bulk_create_overlapping_batches_fail_whole", scripted(s, full), 1,
                { begin, d.insertRows(3) + d.integrityError(), rollback }, u"IntegrityError"_s, 2);
            row("bulk_create_first_batch_is_inserted", scripted(s, full), 0, { begin, d.insertRows(2), commit },
                u"created"_s, 2, {}, pg ? u"inserted 2 rows (ids 1, 2)"_s : u"inserted 2 rows"_s);
        }

        // bulk_create_missing: seed 03's task reads the table first and inserts only what it did not find.
        {
            Scenario s = raceScenario(2, true, u"bulk_create_missing"_s);
            s.workers[0].lookup.clear();
            s.workers[1].lookup.clear();
            s.workers[0].batch = { userRow(u"u1"_s), userRow(u"u2"_s) };
            s.workers[1].batch = { userRow(u"u2"_s), userRow(u"u3"_s), userRow(u"u4"_s) };
            const QString check = d.q(uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race")"_s);
            row("bulk_create_missing_checks_before_it_inserts", scripted(s, full), 0,
                { check, begin, d.insertRows(2), commit }, u"created"_s, 2, {},
                pg ? u"inserted 2 rows (ids 1, 2)"_s : u"inserted 2 rows"_s);
            // Both check before either saves: B's check finds nothing, so it sends its whole batch and fails.
            row("bulk_create_missing_checked_too_early_fails_whole", scripted(s, full), 1,
                { check, begin, d.insertRows(3) + d.integrityError(), rollback }, u"IntegrityError"_s, 2);
            // B checks after A saved: it leaves out u2 and inserts u3 and u4.
            row("bulk_create_missing_inserts_only_what_it_did_not_find", scripted(s, u"A,A,A,A,B,B,B,B"_s), 1,
                { check, begin, d.insertRows(2), commit }, u"created"_s, 4, {}, u"; 1 row already there"_s);
            // Every row there: the check alone, nothing to insert.
            s.table.rows = { raceRow(u"u2"_s, u"foo"_s), raceRow(u"u3"_s, u"foo"_s), raceRow(u"u4"_s, u"foo"_s) };
            row("bulk_create_missing_finds_every_row_and_sends_nothing", scripted(s, u"B"_s), 1, { check }, u"got"_s,
                -1, {}, u"all 3 rows already there: nothing to insert"_s);
        }

        // serializable_retry at SERIALIZABLE: the loser's first attempt fails and the second gets the row.
        {
            Scenario s = scripted(raceScenario(2, true, u"serializable_retry"_s), full);
            s.isolation = u"serializable"_s;
            QStringList b { begin, d.get(), d.savepoint(2) };
            if (pg)
                b << d.insert() + u" -> SerializationFailure 40001"_s << d.rollbackTo(2) << d.release(2) << rollback;
            else if (my)
                b << d.insert() + u" -> Deadlock 1213"_s << d.rollbackTo(2) + u" -> Error 1305"_s << rollback;
            else
                b << d.insert() + u" -> Busy 5"_s << d.rollbackTo(2) << d.release(2) << rollback;
            b << begin << d.get() << commit;
            row("serializable_retry_second_attempt_gets", s, 1, b, u"got"_s, 1, {},
                u"attempt 2 of 3 (after %1)"_s.arg(pg ? u"SerializationFailure"_s
                        : my                          ? u"Deadlock"_s
                                                      : u"Busy"_s));
            Scenario once = s;
            once.workers[1].retries = 1;
            b = QStringList { begin, d.get(), d.savepoint(2) };
            if (pg)
                b << d.insert() + u" -> SerializationFailure 40001"_s << d.rollbackTo(2) << d.release(2) << rollback;
            else if (my)
                b << d.insert() + u" -> Deadlock 1213"_s << d.rollbackTo(2) + u" -> Error 1305"_s << rollback;
            else
                b << d.insert() + u" -> Busy 5"_s << d.rollbackTo(2) << d.release(2) << rollback;
            row("serializable_retry_gives_up_after_its_retries", once, 1, b,
                pg       ? u"SerializationFailure"_s
                    : my ? u"Deadlock"_s
                         : u"Busy"_s,
                1, {}, u"attempt 1 of 1"_s);
        }

        // sql: a second session reads the counter before and after the first one commits 11. PostgreSQL's READ
        // COMMITTED sees the commit; MariaDB's REPEATABLE READ keeps its snapshot; on SQLite the writer's COMMIT
        // waits for the reader's transaction to end.
        {
            Scenario s = counterScenario(u"sql"_s, 1);
            for (WorkerSpec& w : s.workers) {
                w.lookup.clear();
                w.column.clear();
            }
            s.workers[0].statements = { statement(u"BEGIN"_s),
                statement(u"UPDATE race SET n = ? WHERE user_id = ?"_s, { 11, u"c53b8b"_s }), statement(u"COMMIT"_s) };
            const QString read = u"SELECT n FROM race WHERE user_id = ?"_s;
            const qint64 after = pg ? 11 : 1;
            s.workers[1].statements = { statement(u"BEGIN"_s),
                statement(read, { u"c53b8b"_s }, QList<QVariantList> { { 1 } }),
                statement(read, { u"c53b8b"_s }, QList<QVariantList> { { after } }), statement(u"COMMIT"_s) };
            row("sql_second_session_reads_before_and_after_a_commit", scripted(s, u"B,B,A,A,A,B,B"_s), 1,
                { u"BEGIN"_s, read, read, u"COMMIT"_s }, u"completed"_s, 1, qint64(11), u"4 statements, 0 failed"_s);
        }
    }
}

void TestRecipes::onEachDatabase()
{
    QFETCH(Scenario, scenario);
    QFETCH(int, worker);
    QFETCH(QStringList, expected);
    QFETCH(QString, result);
    QFETCH(int, rows);
    QFETCH(QVariant, count);
    QFETCH(QString, detail);
    QFETCH(int, database);
    REQUIRE_DATABASE(s, scenario, Kind(database));
    if (s.schedule.mode != ScheduleSpec::Mode::Script)
        s = scripted(s, QString());
    if (Kind(database) == Kind::Mysql && s.workers.at(worker).recipe != u"sql"_s)
        expected = withMysqlAutocommit(expected);
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(statementsOf(r, worker), expected);
    const WorkerResult& got = r.outcome.results.at(worker);
    QVERIFY2(got.kindName() == result, qPrintable(got.kindName() + u": "_s + got.detail));
    if (!detail.isEmpty())
        QVERIFY2(got.detail.contains(detail), qPrintable(got.detail));
    if (rows >= 0)
        QCOMPARE(r.outcome.rows.size(), rows);
    if (count.isValid())
        QCOMPARE(r.outcome.rows.at(0).value(r.outcome.columns.indexOf(u"n"_s)).toLongLong(), count.toLongLong());
    if (s.workers.at(worker).recipe == u"advisory_lock"_s && s.backend.isServer()) {
        // The lock statement binds the key derived from the table and the lookup.
        const qint64 key = Recipe::advisoryKey(s.table, s.workers.at(worker).lookup);
        const QVariant bound =
            s.backend.kind == Kind::Postgresql ? QVariant(key) : QVariant(Recipe::advisoryLockName(key));
        for (const TraceEvent& e : r.trace.events)
            if (e.kind == EventKind::Statement && e.worker == worker && r.trace.sql(e).contains(u"LOCK("_s))
                QCOMPARE(e.params, QVariantList { bound });
    }
    // No recipe leaves a duplicate behind when a unique constraint stands behind it.
    if (!s.table.constraints.isEmpty())
        QVERIFY2(!r.outcome.violated(), qPrintable(r.outcome.verdict()));
}

// What each LTS release sends, on each database: the rows of the recipes whose SQL differs between them.
void TestRecipes::byDjangoVersion_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QStringList>("expected"); // worker A's statements
    QTest::addColumn<QString>("result");
    QTest::addColumn<QList<Row>>("rows"); // the table at the end
    addDatabaseColumn();

    const QString x = u"c53b8b"_s;
    for (const DjangoVersion version : DjangoVersion::supported()) {
        for (const Kind kind : allDatabases()) {
            const Dialect d { kind, version };
            const bool v32 = version == DjangoVersion { 3, 2 };
            auto row = [&](const char* name, Scenario scenario, const QStringList& expected, const QString& result,
                           const QList<Row>& rows) {
                scenario.django = version;
                QTest::addRow(
                    "%s@django%s@%s", name, qPrintable(version.toString()), qPrintable(BackendSpec::kindName(kind)))
                    << scenario << expected << result << rows << int(kind);
            };
            row("get_or_create_row_absent", raceScenario(1, true), { d.get(), u"BEGIN"_s, d.insert(), u"COMMIT"_s },
                u"created"_s, { { 1, x, u"foo"_s } });
            {
                Scenario s = raceScenario(1, true, u"bulk_create"_s);
                s.workers[0].batch = { raceRow(u"u1"_s, u"a"_s), raceRow(u"u2"_s, u"b"_s) };
                row("bulk_create_two_rows", s, { u"BEGIN"_s, d.insertRows(2), u"COMMIT"_s }, u"created"_s,
                    { { 1, u"u1"_s, u"a"_s }, { 2, u"u2"_s, u"b"_s } });
            }
            {
                // ignore_conflicts never asks for ids; 3.2 writes SQLite's one row as a SELECT.
                const QString verb = kind == Kind::Sqlite ? u"INSERT OR IGNORE INTO"_s
                    : kind == Kind::Mysql                 ? u"INSERT IGNORE INTO"_s
                                                          : u"INSERT INTO"_s;
                const QString values = kind == Kind::Sqlite && v32 ? u"SELECT ?, ?"_s : u"VALUES (?, ?)"_s;
                const QString suffix = kind == Kind::Postgresql ? u" ON CONFLICT DO NOTHING"_s : QString();
                row("upsert_row_absent", raceScenario(1, true, u"upsert"_s),
                    { u"BEGIN"_s, d.q(verb + uR"( "race" ("user_id", "name") )"_s) + values + suffix, u"COMMIT"_s,
                        d.get() },
                    u"created"_s, { { 1, x, u"foo"_s } });
            }
            {
                // 3.2's save() writes every field; 4.2+ only the defaults (update_fields).
                Scenario s = raceScenario(1, true, u"update_or_create"_s);
                s.table.rows = { raceRow(x, u"old"_s) };
                s.workers[0].defaults = { { u"name"_s, u"new"_s } };
                const QString update = v32 ? uR"(UPDATE "race" SET "user_id" = ?, "name" = ? WHERE "race"."id" = ?)"_s
                                           : uR"(UPDATE "race" SET "name" = ? WHERE "race"."id" = ?)"_s;
                row("update_or_create_row_exists", s, { u"BEGIN"_s, d.getForUpdate(), d.q(update), u"COMMIT"_s },
                    u"updated"_s, { { 1, x, u"new"_s } });
                // No defaults: 4.2+'s save(update_fields=set()) sends nothing; 3.2 still saves every field.
                s.workers[0].defaults.clear();
                QStringList none { u"BEGIN"_s, d.getForUpdate() };
                if (v32)
                    none << d.q(uR"(UPDATE "race" SET "user_id" = ?, "name" = ? WHERE "race"."id" = ?)"_s);
                none << u"COMMIT"_s;
                row("update_or_create_without_defaults", s, none, v32 ? u"updated"_s : u"got"_s,
                    { { 1, x, u"old"_s } });
            }
            if (version >= DjangoVersion { 5, 0 }) {
                // create_defaults: the INSERT takes them instead of the defaults, which only an update would use.
                Scenario s = raceScenario(1, true, u"update_or_create"_s);
                s.workers[0].defaults = { { u"name"_s, u"updated"_s } };
                s.workers[0].createDefaults = QVariantMap { { u"name"_s, u"created"_s } };
                row("update_or_create_create_defaults", s,
                    { u"BEGIN"_s, d.getForUpdate(), d.savepoint(1), d.insert(), d.release(1), u"COMMIT"_s },
                    u"created"_s, { { 1, x, u"created"_s } });
            }
        }
    }
}

void TestRecipes::byDjangoVersion()
{
    QFETCH(Scenario, scenario);
    QFETCH(QStringList, expected);
    QFETCH(QString, result);
    QFETCH(QList<Row>, rows);
    QFETCH(int, database);
    const auto problem = scenario.validate();
    QVERIFY2(!problem, problem ? qPrintable(problem->toString()) : "");
    REQUIRE_DATABASE(s, scenario, Kind(database));
    s = scripted(s, QString());
    if (Kind(database) == Kind::Mysql)
        expected = withMysqlAutocommit(expected);
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(statementsOf(r, 0), expected);
    QVERIFY2(r.outcome.results.at(0).kindName() == result, qPrintable(r.outcome.results.at(0).detail));
    QCOMPARE(r.outcome.rows, rows);
    // A created row's id comes back, from RETURNING or as the last insert id.
    if (result == u"created"_s && rows.size() == 1)
        QCOMPARE(r.outcome.results.at(0).rowId.toLongLong(), rows.last().value(0).toLongLong());
}

void TestRecipes::djangoTargetFollowsTheServerVersion_data()
{
    QTest::addColumn<int>("database");
    QTest::addColumn<QString>("django");
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("returning");
    QTest::addColumn<bool>("unionAll");
    QTest::newRow("mariadb_10_5_returns_in_3_2")
        << int(Kind::Mysql) << u"3.2"_s << u"10.5.0-MariaDB"_s << true << false;
    QTest::newRow("mariadb_10_4_does_not")
        << int(Kind::Mysql) << u"5.2"_s << u"10.4.32-MariaDB-log"_s << false << false;
    QTest::newRow("mariadb_10_11_debian_returns")
        << int(Kind::Mysql) << u"4.2"_s << u"10.11.6-MariaDB-0+deb12u1"_s << true << false;
    QTest::newRow("oracle_mysql_never_returns") << int(Kind::Mysql) << u"5.2"_s << u"8.4.3"_s << false << false;
    QTest::newRow("oracle_mysql_11_never_returns") << int(Kind::Mysql) << u"3.2"_s << u"11.0.0"_s << false << false;
    QTest::newRow("sqlite_3_40_returns_in_4_2") << int(Kind::Sqlite) << u"4.2"_s << u"3.40.1"_s << true << false;
    QTest::newRow("sqlite_3_40_not_in_3_2") << int(Kind::Sqlite) << u"3.2"_s << u"3.40.1"_s << false << true;
    QTest::newRow("sqlite_3_34_not_in_5_2") << int(Kind::Sqlite) << u"5.2"_s << u"3.34.1"_s << false << false;
    QTest::newRow("postgresql_always_returns") << int(Kind::Postgresql) << u"3.2"_s << u"15.8"_s << true << false;
}

void TestRecipes::djangoTargetFollowsTheServerVersion()
{
    QFETCH(int, database);
    QFETCH(QString, django);
    QFETCH(QString, server);
    QFETCH(bool, returning);
    QFETCH(bool, unionAll);
    const DjangoTarget t = DjangoTarget::forDatabase(Kind(database), *DjangoVersion::fromString(django), server);
    QCOMPARE(t.returningInsert, returning);
    QCOMPARE(t.unionAllBulkInsert, unionAll);
}

void TestRecipes::advisoryKeyIsStable()
{
    const Scenario s = raceScenario(1, false, u"advisory_lock"_s);
    // SHA-256 of "race:user_id='c53b8b'", first 8 bytes big-endian: the key docs/recipes.md shows.
    const qint64 key = Recipe::advisoryKey(s.table, s.workers[0].lookup);
    QCOMPARE(key, Q_INT64_C(-7358319910101637926));
    QCOMPARE(Recipe::advisoryLockName(key), u"interleave:-7358319910101637926"_s); // 31 characters
    QVERIFY(key != Recipe::advisoryKey(s.table, { { u"user_id"_s, u"c53b8c"_s } }));
    // Several columns: in key order, joined by ", ".
    TableSpec t = s.table;
    t.name = u"t"_s;
    QCOMPARE(
        Recipe::advisoryKey(t, { { u"user_id"_s, u"y"_s }, { u"name"_s, u"x"_s } }), Q_INT64_C(-3517288386024976778));
    // The guide shows the same values: the page and the code cannot drift apart unnoticed.
    QFile doc(QStringLiteral(INTERLEAVE_TEST_DATA "/../../docs/recipes.md"));
    QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
    const QByteArray page = doc.readAll();
    QVERIFY(page.contains("For `race:user_id='c53b8b'` it is `-7358319910101637926`"));
    QVERIFY(page.contains("`t:name='x', user_id='y'` it is `-3517288386024976778`"));
    const RunResult r = Runner(scripted(s, QString())).run();
    QCOMPARE(r.trace.events.at(0).params, QVariantList {}); // SQLite: BEGIN IMMEDIATE, no key
}

void TestRecipes::sqlRecordsErrorsAndReportsMismatches()
{
    Scenario s = raceScenario(1, false, u"sql"_s);
    s.workers[0].lookup.clear();
    s.workers[0].defaults.clear();
    s.workers[0].statements = { statement(u"SELECT 1 + 1"_s, {}, QList<QVariantList> { { 2 } }),
        statement(u"SELEC oops"_s), statement(u"SELECT ?, NULL"_s, { u"x"_s }, QList<QVariantList> { { u"y"_s, {} } }),
        statement(u"SELECT 2.0"_s, {}, QList<QVariantList> { { 2 } }) };
    const RunResult r = Runner(scripted(s, QString())).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(statementsOf(r, 0).size(), 4); // the error did not stop the session
    QVERIFY(statementsOf(r, 0).at(1).startsWith(u"SELEC oops -> Error"_s));
    const WorkerResult& w = r.outcome.results.at(0);
    QCOMPARE(w.kindName(), u"unexpected"_s);
    QCOMPARE(w.detail,
        u"statement 3 (SELECT ?, NULL): expected [['y', NULL]] in any order, got [['x', NULL]] (missing [['y', NULL]], not expected [['x', NULL]])"_s);
    QVERIFY(r.outcome.groups.isEmpty()); // no lookup, no duplicate groups
}

// The worker completed when `detail` is empty; otherwise it ended "unexpected", with `detail` in its message.
static void verifyCompletedOrUnexpected(const WorkerResult& w, const QString& detail)
{
    if (detail.isEmpty()) {
        QVERIFY2(w.kindName() == u"completed"_s, qPrintable(w.detail));
    } else {
        QCOMPARE(w.kindName(), u"unexpected"_s);
        QVERIFY2(w.detail.contains(detail), qPrintable(w.detail));
    }
}

// `expect` on rows a statement does not order matches them in any order (each expected row its own returned row);
// a top-level ORDER BY, or "expect_ordered", makes the order count. Decided on each database's own reading: an
// ORDER BY in a subquery or a window does not order the statement.
void TestRecipes::sqlExpectIsAMultisetUnlessOrdered_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("ordered"); // "expect_ordered"
    QTest::addColumn<QString>("expect"); // rows of n, "3,1"
    QTest::addColumn<QString>("detail"); // empty: completed; else a part of the mismatch
    const QString order = u"SELECT n FROM race ORDER BY n DESC"_s;
    const QString plain = u"SELECT n FROM race"_s;
    for (const int kind : { int(Kind::Sqlite), int(Kind::Postgresql), int(Kind::Mysql) }) {
        const QString k = BackendSpec::kindName(Kind(kind));
        const auto row = [&](const char* name, const QString& sql, bool ordered, const QString& expect,
                             const QString& detail) {
            QTest::newRow(qPrintable(QLatin1String(name) + u"_on_"_s + k))
                << kind << sql << ordered << expect << detail;
        };
        row("rows_without_order_by_match_in_any_order", plain, false, u"1,3,2"_s, QString());
        row("rows_without_order_by_match_in_the_other_order", plain, false, u"3,2,1"_s, QString());
        row("a_missing_row_is_named", plain, false, u"3,2,2"_s, u"missing [[2]], not expected [[1]]"_s);
        row("a_row_too_many_is_named", plain, false, u"1,2,3,3"_s, u"in any order, got"_s);
        row("order_by_makes_the_order_count", order, false, u"1,2,3"_s,
            u"expected [[1], [2], [3]] in this order, got [[3], [2], [1]]"_s);
        row("order_by_in_its_order_matches", order + u";"_s, false, u"3,2,1"_s, QString());
        row("expect_ordered_makes_the_order_count", plain + u" -- ORDER BY n"_s, true, u"3,2,1"_s, u"in this order"_s);
        row("order_by_in_a_subquery_does_not_order",
            u"SELECT n FROM (SELECT n FROM race ORDER BY n LIMIT 10) AS t WHERE n > 0"_s, false, u"3,1,2"_s, QString());
        row("order_by_in_a_window_does_not_order", u"SELECT n, row_number() OVER (ORDER BY n) FROM race"_s, false,
            QString(), QString());
        row("order_by_in_a_string_does_not_order", u"SELECT n FROM race WHERE name <> ' ORDER BY n'"_s, false,
            u"2,3,1"_s, QString());
    }
}

void TestRecipes::sqlExpectIsAMultisetUnlessOrdered()
{
    QFETCH(int, kind);
    QFETCH(QString, sql);
    QFETCH(bool, ordered);
    QFETCH(QString, expect);
    QFETCH(QString, detail);
    if (expect.isEmpty()) { // the window's rows: [n, rank] in any order
        QCOMPARE(LiteralSql::ordersRows(Kind(kind), sql), false);
        return;
    }
    Scenario base = raceScenario(1, false, u"sql"_s);
    base.workers[0].lookup.clear();
    base.workers[0].defaults.clear();
    base.table.columns.append({ u"n"_s, u"integer"_s, true });
    base.table.rows = { { { u"user_id"_s, u"a"_s }, { u"name"_s, u"x"_s }, { u"n"_s, 2 } },
        { { u"user_id"_s, u"b"_s }, { u"name"_s, u"x"_s }, { u"n"_s, 1 } },
        { { u"user_id"_s, u"c"_s }, { u"name"_s, u"x"_s }, { u"n"_s, 3 } } };
    QList<QVariantList> rows;
    for (const QString& n : expect.split(u','))
        rows.append(QVariantList { n.toLongLong() });
    SqlStatementSpec st = statement(sql, {}, rows);
    st.expectOrdered = ordered;
    base.workers[0].statements = { st };
    REQUIRE_DATABASE(s, scripted(base, QString()), Kind(kind));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    verifyCompletedOrUnexpected(r.outcome.results.at(0), detail);
}

// "expect_error": the statement must fail, with this SQLSTATE, native code or error class.
void TestRecipes::sqlExpectError_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("detail"); // empty: completed
    QTest::newRow("the_expected_error_by_code")
        << u"INSERT INTO race (user_id) VALUES ('a')"_s << u"2067"_s << QString();
    QTest::newRow("the_expected_error_by_class")
        << u"INSERT INTO race (user_id) VALUES ('a')"_s << u"integrityerror"_s << QString();
    QTest::newRow("another_error_is_a_mismatch") << u"INSERT INTO race (user_id) VALUES ('a')"_s << u"40001"_s
                                                 << u"expected error 40001, got error 2067 (IntegrityError)"_s;
    QTest::newRow("no_error_is_a_mismatch")
        << u"SELECT n FROM race"_s << u"40001"_s << u"expected error 40001, got 1 row [[1]]"_s;
}

void TestRecipes::sqlExpectError()
{
    QFETCH(QString, sql);
    QFETCH(QString, expected);
    QFETCH(QString, detail);
    Scenario s = raceScenario(1, true, u"sql"_s);
    s.workers[0].lookup.clear();
    s.workers[0].defaults.clear();
    s.table.columns.append({ u"n"_s, u"integer"_s, true });
    s.table.rows = { { { u"user_id"_s, u"a"_s }, { u"n"_s, 1 } } };
    SqlStatementSpec st = statement(sql);
    st.expectError = expected;
    s.workers[0].statements = { st };
    const RunResult r = Runner(scripted(s, QString())).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    verifyCompletedOrUnexpected(r.outcome.results.at(0), detail);
}

// Every field lookup on every database: the WHERE Django's compiler writes there, the values it binds, the rows the
// database finds with it, and that Outcome's evaluator finds the same rows. The table holds names that tell the
// lookups apart: case (Bob, bob), a prefix (Bobby), LIKE's wildcards (al_ice against alxice, 100%), a NULL.
void TestRecipes::fieldLookups_data()
{
    QTest::addColumn<QVariantMap>("lookup");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QVariantList>("params");
    QTest::addColumn<QVariantList>("ids");
    addDatabaseColumn();
    using L = QVariantList;
    for (const Kind kind : allDatabases()) {
        const Dialect d { kind };
        const bool pg = kind == Kind::Postgresql;
        const bool my = kind == Kind::Mysql;
        // name: per database, the SQL (written with "..."), its params and the ids it finds.
        auto row = [&](const char* name, const QVariantMap& lookup, const QString& sqlite, const QString& postgres,
                       const QString& mysql, const L& sqliteParams, const L& pgParams, const L& mysqlParams,
                       const L& sqliteIds, const L& pgIds, const L& mysqlIds) {
            QTest::addRow("%s@%s", name, qPrintable(BackendSpec::kindName(kind))) << lookup
                                                                                  << d.q(pg       ? postgres
                                                                                             : my ? mysql
                                                                                                  : sqlite)
                                                                                  << (pg          ? pgParams
                                                                                             : my ? mysqlParams
                                                                                                  : sqliteParams)
                                                                                  << (pg          ? pgIds
                                                                                             : my ? mysqlIds
                                                                                                  : sqliteIds)
                                                                                  << int(kind);
        };
        auto same = [&](const char* name, const QVariantMap& lookup, const QString& sql, const L& params,
                        const L& ids) { row(name, lookup, sql, sql, sql, params, params, params, ids, ids, ids); };
        const QString like = uR"( LIKE ? ESCAPE '\')"_s;
        // MariaDB's default collations ignore case, so its = finds Bob for 'bob' too.
        row("exact_is_equality", { { u"name"_s, u"bob"_s } }, uR"("race"."name" = ?)"_s, uR"("race"."name" = ?)"_s,
            uR"("race"."name" = ?)"_s, { u"bob"_s }, { u"bob"_s }, { u"bob"_s }, { 2 }, { 2 }, { 1, 2 });
        row("exact_spelled_out_is_the_same", { { u"name__exact"_s, u"bob"_s } }, uR"("race"."name" = ?)"_s,
            uR"("race"."name" = ?)"_s, uR"("race"."name" = ?)"_s, { u"bob"_s }, { u"bob"_s }, { u"bob"_s }, { 2 },
            { 2 }, { 1, 2 });
        row("iexact_finds_both_cases", { { u"name__iexact"_s, u"bob"_s } }, u"\"race\".\"name\""_s + like,
            uR"(UPPER("race"."name"::text) = UPPER(?))"_s, uR"("race"."name" LIKE ?)"_s, { u"bob"_s }, { u"bob"_s },
            { u"bob"_s }, { 1, 2 }, { 1, 2 }, { 1, 2 });
        row("iexact_escapes_the_underscore_wildcard", { { u"name__iexact"_s, u"al_ice"_s } },
            u"\"race\".\"name\""_s + like, uR"(UPPER("race"."name"::text) = UPPER(?))"_s, uR"("race"."name" LIKE ?)"_s,
            { uR"(al\_ice)"_s }, { u"al_ice"_s }, { uR"(al\_ice)"_s }, { 4 }, { 4 }, { 4 });
        // SQLite's LIKE ignores ASCII case, so contains does too there; MySQL's LIKE BINARY does not.
        row("contains_wraps_the_value_in_percent_signs", { { u"name__contains"_s, u"OB"_s } },
            u"\"race\".\"name\""_s + like, uR"("race"."name"::text LIKE ?)"_s, uR"("race"."name" LIKE BINARY ?)"_s,
            { u"%OB%"_s }, { u"%OB%"_s }, { u"%OB%"_s }, { 1, 2, 3 }, {}, {});
        same("contains_escapes_a_percent_sign", { { u"name__contains"_s, u"0%"_s } },
            pg       ? uR"("race"."name"::text LIKE ?)"_s
                : my ? uR"("race"."name" LIKE BINARY ?)"_s
                     : u"\"race\".\"name\""_s + like,
            { uR"(%0\%%)"_s }, { 7 });
        row("icontains_folds_case", { { u"name__icontains"_s, u"OB"_s } }, u"\"race\".\"name\""_s + like,
            uR"(UPPER("race"."name"::text) LIKE UPPER(?))"_s, uR"("race"."name" LIKE ?)"_s, { u"%OB%"_s },
            { u"%OB%"_s }, { u"%OB%"_s }, { 1, 2, 3 }, { 1, 2, 3 }, { 1, 2, 3 });
        row("startswith_appends_a_percent_sign", { { u"name__startswith"_s, u"bob"_s } }, u"\"race\".\"name\""_s + like,
            uR"("race"."name"::text LIKE ?)"_s, uR"("race"."name" LIKE BINARY ?)"_s, { u"bob%"_s }, { u"bob%"_s },
            { u"bob%"_s }, { 1, 2, 3 }, { 2 }, { 2 });
        row("istartswith_folds_case", { { u"name__istartswith"_s, u"BOB"_s } }, u"\"race\".\"name\""_s + like,
            uR"(UPPER("race"."name"::text) LIKE UPPER(?))"_s, uR"("race"."name" LIKE ?)"_s, { u"BOB%"_s },
            { u"BOB%"_s }, { u"BOB%"_s }, { 1, 2, 3 }, { 1, 2, 3 }, { 1, 2, 3 });
        same("gt_compares", { { u"n__gt"_s, 5 } }, uR"("race"."n" > ?)"_s, { 5 }, { 6, 7 });
        same("gte_compares", { { u"n__gte"_s, 5 } }, uR"("race"."n" >= ?)"_s, { 5 }, { 5, 6, 7 });
        same("lt_compares", { { u"n__lt"_s, 2 } }, uR"("race"."n" < ?)"_s, { 2 }, { 1 });
        same("lte_compares", { { u"n__lte"_s, 2 } }, uR"("race"."n" <= ?)"_s, { 2 }, { 1, 2 });
        row("in_expands_to_a_list_without_nulls_or_repeats",
            { { u"name__in"_s, L { u"bob"_s, QVariant(), u"al_ice"_s, u"bob"_s } } }, uR"("race"."name" IN (?, ?))"_s,
            uR"("race"."name" IN (?, ?))"_s, uR"("race"."name" IN (?, ?))"_s, { u"bob"_s, u"al_ice"_s },
            { u"bob"_s, u"al_ice"_s }, { u"bob"_s, u"al_ice"_s }, { 2, 4 }, { 2, 4 }, { 1, 2, 4 });
        same("isnull_true_is_is_null", { { u"name__isnull"_s, true } }, uR"("race"."name" IS NULL)"_s, {}, { 6 });
        same("isnull_false_is_is_not_null", { { u"name__isnull"_s, false } }, uR"("race"."name" IS NOT NULL)"_s, {},
            { 1, 2, 3, 4, 5, 7 });
        same("exact_none_is_is_null", { { u"name"_s, QVariant() } }, uR"("race"."name" IS NULL)"_s, {}, { 6 });
        same("iexact_none_is_is_null", { { u"name__iexact"_s, QVariant() } }, uR"("race"."name" IS NULL)"_s, {}, { 6 });
        // Keywords sorted as Q() sorts them: "n__lt" before "name__iexact" ('_' < 'a').
        row("two_lookups_are_anded_in_key_order", { { u"name__iexact"_s, u"BOB"_s }, { u"n__lt"_s, 2 } },
            u"(\"race\".\"n\" < ? AND \"race\".\"name\""_s + like + u')',
            uR"(("race"."n" < ? AND UPPER("race"."name"::text) = UPPER(?)))"_s,
            uR"(("race"."n" < ? AND "race"."name" LIKE ?))"_s, { 2, u"BOB"_s }, { 2, u"BOB"_s }, { 2, u"BOB"_s }, { 1 },
            { 1 }, { 1 });
    }
}

void TestRecipes::fieldLookups()
{
    QFETCH(QVariantMap, lookup);
    QFETCH(QString, where);
    QFETCH(QVariantList, params);
    QFETCH(QVariantList, ids);
    QFETCH(int, database);
    Scenario base = raceScenario(1, false, u"naive_get_or_create"_s);
    base.table.columns = { { u"name"_s, u"varchar(32)"_s, true }, { u"n"_s, u"integer"_s, true } };
    const QStringList names { u"Bob"_s, u"bob"_s, u"Bobby"_s, u"al_ice"_s, u"alxice"_s, QString(), u"100%"_s };
    for (qsizetype i = 0; i < names.size(); ++i)
        base.table.rows.append(
            { { u"name"_s, names[i].isNull() ? QVariant() : QVariant(names[i]) }, { u"n"_s, qint64(i + 1) } });
    base.workers[0].lookup = lookup;
    base.workers[0].defaults = { { u"n"_s, 100 } };
    const auto problem = base.validate();
    QVERIFY2(!problem, problem ? qPrintable(problem->toString()) : "");
    REQUIRE_DATABASE(s, base, Kind(database));
    s = scripted(s, QString());
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const TraceEvent* get = nullptr;
    for (const TraceEvent& e : r.trace.events)
        if (e.kind == EventKind::Statement && !get)
            get = &e;
    QVERIFY(get);
    const Dialect d { Kind(database) };
    QCOMPARE(r.trace.sql(*get),
        d.q(uR"(SELECT "race"."id", "race"."name", "race"."n" FROM "race" WHERE )"_s) + where + u" LIMIT 21"_s);
    QCOMPARE(get->params.size(), params.size());
    for (qsizetype i = 0; i < params.size(); ++i)
        QCOMPARE(get->params[i].toString(), params[i].toString());
    QVariantList found;
    for (const Row& row : get->rows)
        found.append(row.value(0).toLongLong());
    QVariantList expected;
    for (const QVariant& id : std::as_const(ids))
        expected.append(id.toLongLong());
    QCOMPARE(found, expected);
    // The evaluator that judges the outcome finds the same rows among the initial ones.
    QCOMPARE(r.outcome.groups.size(), 1);
    QVariantList judged;
    for (const QVariant& id : r.outcome.groups[0].ids)
        if (id.toLongLong() <= names.size())
            judged.append(id.toLongLong());
    QCOMPARE(judged, expected);
}

// create() gets only the keywords without "__" (QuerySet._extract_model_params): name__iexact and name__exact are
// not fields, so only the defaults name the new row.
void TestRecipes::lookupKeywordsStayOutOfTheInsert()
{
    Scenario s = raceScenario(1, false, u"django_get_or_create"_s);
    s.workers[0].lookup = { { u"user_id"_s, u"u1"_s }, { u"name__iexact"_s, u"bob"_s } };
    s.workers[0].defaults = {};
    const RunResult r = Runner(scripted(s, QString())).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.outcome.results.at(0).kindName(), u"created"_s);
    QCOMPARE(r.outcome.rows.size(), 1);
    // name is nullable text: Django's default for it is None, not the lookup's 'bob'.
    QCOMPARE(r.outcome.rows[0].value(1).toString(), u"u1"_s);
    QVERIFY(r.outcome.rows[0].value(2).isNull());
    // And the row it created is not a row for its own lookup: the verdict counts none.
    QCOMPARE(r.outcome.groups.at(0).ids.size(), 0);
}

// A worker's "before" statements run on its own connection, before the recipe: an INSERT there is visible to the
// get that follows, so get_or_create gets that row. In autocommit it is committed at once; inside the atomic block it
// is part of the block's transaction.
void TestRecipes::beforeStatementsRunOnTheWorkersConnection_data()
{
    QTest::addColumn<bool>("atomic");
    QTest::addColumn<QStringList>("expected");
    addDatabaseColumn();
    for (const Kind kind : allDatabases()) {
        const Dialect d { kind };
        const QString insert = u"INSERT INTO race (user_id, name) VALUES ('c53b8b', 'mine')"_s;
        QTest::addRow("autocommit_insert_is_seen_by_the_get@%s", qPrintable(BackendSpec::kindName(kind)))
            << false << QStringList { insert, d.get() } << int(kind);
        QTest::addRow("atomic_insert_is_inside_the_block@%s", qPrintable(BackendSpec::kindName(kind)))
            << true << QStringList { u"BEGIN"_s, insert, d.get(), u"COMMIT"_s } << int(kind);
    }
}

void TestRecipes::beforeStatementsRunOnTheWorkersConnection()
{
    QFETCH(bool, atomic);
    QFETCH(QStringList, expected);
    QFETCH(int, database);
    Scenario base = raceScenario(2, true, u"django_get_or_create"_s, atomic);
    base.workers[0].before = { statement(u"INSERT INTO race (user_id, name) VALUES ('c53b8b', 'mine')"_s) };
    const auto problem = base.validate();
    QVERIFY2(!problem, problem ? qPrintable(problem->toString()) : "");
    QCOMPARE(base.literalStatements().size(), 1); // the user's consent covers them like the sql recipe's
    REQUIRE_DATABASE(s, base, Kind(database));
    // A runs to the end first; B's get then finds A's row too.
    const RunResult r = Runner(scripted(s, u"A,A,A,A,A,A,B,B,B"_s)).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    if (Kind(database) == Kind::Mysql)
        expected = withMysqlAutocommit(expected);
    QCOMPARE(statementsOf(r, 0), expected);
    QCOMPARE(r.outcome.results.at(0).kindName(), u"got"_s);
    QCOMPARE(r.outcome.results.at(1).kindName(), u"got"_s);
    QCOMPARE(r.outcome.rows.size(), 1);
    QCOMPARE(r.outcome.rows[0].value(2).toString(), u"mine"_s);
}

QTEST_GUILESS_MAIN(TestRecipes)
#include "tst_recipes.moc"
