// SPDX-License-Identifier: MIT
// Each recipe's exact statement sequence, on a real SQLite database, in each case Django distinguishes:
// the row exists, it is absent, the INSERT hits an IntegrityError, the get finds several rows.

#include "djangosql.h"
#include "racescenario.h"
#include "runner.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

const QString get =
    uR"(SELECT "race"."id", "race"."user_id", "race"."name" FROM "race" WHERE "race"."user_id" = ? LIMIT 21)"_s;
const QString insert = uR"(INSERT INTO "race" ("user_id", "name") VALUES (?, ?))"_s;

// The statements one worker sent, as "SQL" or "SQL -> ErrorClass code".
QStringList statementsOf(const RunResult& r, int worker)
{
    QStringList out;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::Statement || e.worker != worker)
            continue;
        out.append(e.error.isError()
                ? r.trace.sql(e) + u" -> "_s + e.error.className() + u' ' + QString::number(e.error.code)
                : r.trace.sql(e));
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
    void moreThanTwentyRows();
    void beginImmediateIsSentWhenConfigured();
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

QTEST_GUILESS_MAIN(TestRecipes)
#include "tst_recipes.moc"
