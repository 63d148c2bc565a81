// SPDX-License-Identifier: MIT
#include "databaseswitch.h"
#include "examples.h"
#include "isolationlevel.h"
#include "oneline.h"
#include "runresult.h"
#include "scenario.h"

#include <QDir>
#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;

// The inputs below are written inline as multi-line raw strings on purpose: the line and column in every
// expected message can be checked by eye against the text right above it. Each JSON text starts at
// line 1, column 1.
class TestScenario : public QObject {
    Q_OBJECT

private:
    static const QStringList& builtInIds()
    {
        // The isolation lab's anomaly tests first (anomaly-NAME in psql's words, anomaly-NAME-mysql in MySQL's), then
        // the Django stories; in the order of their file names.
        static const QStringList ids { u"anomaly-g-single-mysql"_s, u"anomaly-g-single"_s, u"anomaly-g0-mysql"_s,
            u"anomaly-g0"_s, u"anomaly-g1a-mysql"_s, u"anomaly-g1a"_s, u"anomaly-g1b-mysql"_s, u"anomaly-g1b"_s,
            u"anomaly-g1c-mysql"_s, u"anomaly-g1c"_s, u"anomaly-g2-doctors-mysql"_s, u"anomaly-g2-doctors"_s,
            u"anomaly-g2-item-mysql"_s, u"anomaly-g2-item"_s, u"anomaly-g2-mysql"_s, u"anomaly-g2"_s,
            u"anomaly-lost-update-mysql"_s, u"anomaly-lost-update"_s, u"anomaly-otv-mysql"_s, u"anomaly-otv"_s,
            u"anomaly-pmp-mysql"_s, u"anomaly-pmp"_s, u"atomic-request"_s, u"bulk-create-duplicates"_s,
            u"counter-f-expression"_s, u"counter-lost-update"_s, u"flag-per-parent"_s, u"lock-table"_s,
            u"mysql-repeatable-read"_s, u"race-iexact-lower"_s, u"race-iexact"_s, u"race-no-unique"_s, u"race-unique"_s,
            u"select-for-update-deadlock"_s, u"ten-threads"_s, u"text-unique-hash"_s, u"text-unique"_s, u"third-call"_s,
            u"unique-together"_s, u"upsert"_s };
        return ids;
    }

    static Scenario twoWorkers()
    {
        ScenarioError error;
        auto scenario = Examples::load(u"race-unique"_s, &error);
        if (!scenario)
            qFatal("race-unique does not load: %s", qPrintable(error.toString()));
        return *scenario;
    }

private Q_SLOTS:
    void listNamesTheBuiltInExamples()
    {
        const QList<Examples::Entry> entries = Examples::list();
        QStringList ids;
        for (const Examples::Entry& e : entries) {
            ids.append(e.id);
            QVERIFY2(!e.name.isEmpty(), qPrintable(e.id));
            QVERIFY2(!e.description.isEmpty(), qPrintable(e.id));
        }
        QCOMPARE(ids, builtInIds());
    }

    void builtInExampleLoadsValidatesAndRoundTrips_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString& id : builtInIds())
            QTest::newRow(qPrintable(id)) << id;
    }

    void builtInExampleLoadsValidatesAndRoundTrips()
    {
        QFETCH(QString, id);
        ScenarioError error;
        const auto scenario = Examples::load(id, &error);
        QVERIFY2(scenario.has_value(), qPrintable(error.toString()));
        QVERIFY(!scenario->name.isEmpty());
        QVERIFY(!scenario->workers.isEmpty());
        // An example runs on the embedded SQLite unless it is written for a server alone; then it says which.
        if (scenario->backend.kind != BackendSpec::Kind::Sqlite)
            QCOMPARE(scenario->databases, QStringList { BackendSpec::kindName(scenario->backend.kind) });
        QVERIFY(scenario->backend.url.isEmpty()); // the user's server comes from --backend or the app

        const auto problem = scenario->validate();
        QVERIFY2(!problem.has_value(), problem ? qPrintable(problem->toString()) : "");

        const QByteArray once = scenario->toJson();
        const auto again = Scenario::fromJson(once, u"round-trip.json"_s, &error);
        QVERIFY2(again.has_value(), qPrintable(error.toString()));
        QCOMPARE(QString::fromUtf8(again->toJson()), QString::fromUtf8(once));
        QCOMPARE(again->name, scenario->name);
        QCOMPARE(again->table.name, scenario->table.name);
        QCOMPARE(again->workers.size(), scenario->workers.size());
        QCOMPARE(again->schedule.script, scenario->schedule.script);

        const auto byReference = Examples::loadReference(u"example:"_s + id, &error);
        QVERIFY2(byReference.has_value(), qPrintable(error.toString()));
        QCOMPARE(QString::fromUtf8(byReference->toJson()), QString::fromUtf8(once));
    }

    void builtInExampleContentsMatchTheirStories()
    {
        ScenarioError error;
        const auto unique = Examples::load(u"race-unique"_s, &error);
        QVERIFY2(unique, qPrintable(error.toString()));
        QCOMPARE(unique->table.name, u"race"_s);
        QCOMPARE(unique->table.model, u"Race"_s);
        QCOMPARE(unique->table.constraints.size(), 1);
        QCOMPARE(unique->table.constraints[0].columns, QStringList { u"user_id"_s });
        QCOMPARE(unique->table.constraintName(0), u"race_user_id_uniq"_s);
        QCOMPARE(unique->schedule.mode, ScheduleSpec::Mode::Script);
        QCOMPARE(unique->schedule.scriptText(), u"A,B,A,B,A,B,A,B"_s);
        QCOMPARE(unique->workers[1].lookup.value(u"user_id"_s).toString(), u"u1"_s);

        const auto noUnique = Examples::load(u"race-no-unique"_s, &error);
        QVERIFY2(noUnique, qPrintable(error.toString()));
        QVERIFY(noUnique->table.constraints.isEmpty());

        const auto partial = Examples::load(u"flag-per-parent"_s, &error);
        QVERIFY2(partial, qPrintable(error.toString()));
        QCOMPARE(partial->table.constraints[0].where, u"flag = 1"_s);
        QCOMPARE(partial->table.constraintName(0), u"t1_parent_id_partial_uniq"_s);
        QCOMPARE(partial->table.rows.size(), 2);

        const auto atomic = Examples::load(u"atomic-request"_s, &error);
        QVERIFY2(atomic, qPrintable(error.toString()));
        QVERIFY(atomic->workers[0].atomic);

        const auto ten = Examples::load(u"ten-threads"_s, &error);
        QVERIFY2(ten, qPrintable(error.toString()));
        QCOMPARE(ten->workers.size(), 10);
        QCOMPARE(ten->schedule.mode, ScheduleSpec::Mode::Free);
    }

    void unknownExampleNamesTheBuiltInOnes()
    {
        ScenarioError error;
        QVERIFY(!Examples::load(u"race-uniq"_s, &error).has_value());
        QCOMPARE(error.toString(),
            u"example:race-uniq: no such example; the built-in examples are: "_s + builtInIds().join(u", "_s));
        QVERIFY(!Examples::loadReference(u"example:race-uniq"_s, &error).has_value());
        QCOMPARE(error.file, u"example:race-uniq"_s);
    }

    void roundTripKeepsValueTypes()
    {
        const QByteArray json = R"json({
  "version": 1,
  "name": "values of every kind",
  "backend": {"kind": "sqlite", "journal_mode": "WAL", "begin": "immediate", "busy_timeout_ms": 250},
  "table": {
    "name": "score",
    "columns": [{"name": "player", "type": "varchar(16)", "nullable": false},
                {"name": "points", "type": "double precision"},
                {"name": "active", "type": "boolean"},
                {"name": "note", "type": "text"},
                {"name": "level", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["player"], "where": "active = 1 AND level >= 2", "name": "one_active"}],
    "rows": [{"player": "ada", "points": 1.5, "active": true, "note": null, "level": 3}]
  },
  "workers": [{"name": "Alice", "recipe": "naive_get_or_create", "lookup": {"player": "bob"},
               "defaults": {"points": 0.25, "active": false, "level": 7}, "atomic": true}],
  "schedule": {"mode": "free", "script": "Alice", "jitter_us": 1500}
})json";
        ScenarioError error;
        const auto first = Scenario::fromJson(json, u"values.json"_s, &error);
        QVERIFY2(first, qPrintable(error.toString()));
        QCOMPARE(first->backend.journalMode, u"wal"_s);
        QCOMPARE(first->backend.beginMode, u"immediate"_s);
        QCOMPARE(first->backend.busyTimeoutMs, 250);
        QCOMPARE(first->table.model, u"Score"_s);
        QCOMPARE(first->table.columns[1].type, u"double precision"_s);
        QCOMPARE(first->table.constraintName(0), u"one_active"_s);
        QCOMPARE(first->schedule.jitterUs, 1500);
        QVERIFY(first->workers[0].atomic);

        const auto second = Scenario::fromJson(first->toJson(), u"values-again.json"_s, &error);
        QVERIFY2(second, qPrintable(error.toString()));
        QCOMPARE(QString::fromUtf8(second->toJson()), QString::fromUtf8(first->toJson()));
        const QVariantMap row = second->table.rows.at(0);
        QCOMPARE(row.value(u"points"_s).typeId(), QMetaType::Double);
        QCOMPARE(row.value(u"points"_s).toDouble(), 1.5);
        QCOMPARE(row.value(u"active"_s).typeId(), QMetaType::Bool);
        QCOMPARE(row.value(u"active"_s).toBool(), true);
        QVERIFY(row.contains(u"note"_s));
        QVERIFY(row.value(u"note"_s).isNull());
        QCOMPARE(row.value(u"level"_s).typeId(), QMetaType::LongLong);
        QCOMPARE(row.value(u"level"_s).toLongLong(), 3);
        const QVariantMap defaults = second->workers.at(0).defaults;
        QCOMPARE(defaults.value(u"points"_s).toDouble(), 0.25);
        QCOMPARE(defaults.value(u"active"_s).typeId(), QMetaType::Bool);
        QCOMPARE(defaults.value(u"level"_s).toLongLong(), 7);
        QCOMPARE(second->schedule.script, QStringList { u"Alice"_s });
        QCOMPARE(second->schedule.jitterUs, 1500);
        QCOMPARE(second->table.constraints[0].where, u"active = 1 AND level >= 2"_s);
    }

    // expect_ordered and expect_error are read as written (an error's spelling kept: the check ignores case) and
    // written back only when they say something.
    void expectOrderedAndExpectErrorLoadAndRoundTrip()
    {
        const QByteArray json = R"json({
  "version": 1,
  "name": "expectations",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [
      {"sql": "SELECT n FROM race", "expect": [[2], [1]], "expect_ordered": true},
      {"sql": "SELECT n FROM race", "expect": [[1], [2]], "expect_ordered": false},
      {"sql": "UPDATE race SET n = 1", "expect_error": "40001"},
      {"sql": "UPDATE race SET n = 2", "expect_error": "1213"},
      {"sql": "UPDATE race SET n = 3", "expect_error": "serializationFailure"},
      {"sql": "UPDATE race SET n = 4", "expect_error": "25P02"}]}
  ]
})json";
        ScenarioError error;
        const auto first = Scenario::fromJson(json, u"expect.json"_s, &error);
        QVERIFY2(first, qPrintable(error.toString()));
        const QList<SqlStatementSpec>& st = first->workers[0].statements;
        QCOMPARE(st.size(), 6);
        QVERIFY(st[0].expectOrdered);
        QCOMPARE(st[0].expect->size(), 2);
        QVERIFY(!st[1].expectOrdered);
        QVERIFY(st[1].expect);
        QCOMPARE(st[2].expectError, u"40001"_s);
        QVERIFY(!st[2].expect);
        QVERIFY(!st[2].expectOrdered);
        QCOMPARE(st[3].expectError, u"1213"_s);
        QCOMPARE(st[4].expectError, u"serializationFailure"_s);
        QCOMPARE(st[5].expectError, u"25P02"_s);
        QVERIFY(!first->validate());

        const QByteArray written = first->toJson();
        QCOMPARE(written.count("\"expect_ordered\""), 1); // false is the default and is not written
        QCOMPARE(written.count("\"expect_error\""), 4);
        const auto second = Scenario::fromJson(written, u"again.json"_s, &error);
        QVERIFY2(second, qPrintable(error.toString()));
        QCOMPARE(second->workers[0].statements, st);
    }

    void recipeFieldsRoundTrip()
    {
        const QByteArray json = R"json({
  "version": 1,
  "name": "every recipe field",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "n", "type": "bigint"}],
            "rows": [{"user_id": "u1", "n": 0}]},
  "workers": [
    {"name": "A", "recipe": "lock_table", "lookup": {"user_id": "u1"}, "lock": "access  exclusive"},
    {"name": "B", "recipe": "counter_read_modify_write", "lookup": {"user_id": "u1"}, "column": "n"},
    {"name": "C", "recipe": "bulk_create", "batch": [{"user_id": "u2"}, {"user_id": "u3", "n": 7}]},
    {"name": "D", "recipe": "serializable_retry", "lookup": {"user_id": "u1"}, "retries": 5},
    {"name": "E", "recipe": "sql", "statements": ["BEGIN", {"sql": "SELECT n FROM race WHERE user_id = ?",
      "params": ["u1"], "expect": [[0]]}, {"sql": "SELECT 1", "expect": []}, "COMMIT"]}
  ]
})json";
        ScenarioError error;
        const auto first = Scenario::fromJson(json, u"fields.json"_s, &error);
        QVERIFY2(first, qPrintable(error.toString()));
        QCOMPARE(first->workers[0].lock, u"ACCESS EXCLUSIVE"_s);
        QCOMPARE(first->workers[1].column, u"n"_s);
        QCOMPARE(first->workers[2].batch.size(), 2);
        QCOMPARE(first->workers[2].batch[1].value(u"n"_s).toLongLong(), 7);
        QVERIFY(first->workers[2].lookup.isEmpty());
        QCOMPARE(first->workers[3].attempts(), 5);
        QCOMPARE(first->workers[0].attempts(), WorkerSpec::defaultRetries);
        const QList<SqlStatementSpec>& statements = first->workers[4].statements;
        QCOMPARE(statements.size(), 4);
        QCOMPARE(statements[0].sql, u"BEGIN"_s);
        QVERIFY(!statements[0].expect);
        QCOMPARE(statements[1].params, QVariantList { u"u1"_s });
        QCOMPARE(statements[1].expect->size(), 1);
        QCOMPARE(statements[2].expect->size(), 0); // "expect": [] means no rows, not "no expectation"
        QVERIFY(!first->validate());
        const auto second = Scenario::fromJson(first->toJson(), u"again.json"_s, &error);
        QVERIFY2(second, qPrintable(error.toString()));
        QCOMPARE(QString::fromUtf8(second->toJson()), QString::fromUtf8(first->toJson()));
        QCOMPARE(second->workers[4].statements, statements);
        QCOMPARE(second->workers[2].batch, first->workers[2].batch);
    }

    void everyScheduleModeRoundTrips_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<int>("mode");
        QTest::addColumn<qint64>("trials");
        QTest::newRow("free") << u"{\"mode\": \"free\"}"_s << int(ScheduleSpec::Mode::Free) << qint64(1000);
        QTest::newRow("step") << u"{\"mode\": \"step\"}"_s << int(ScheduleSpec::Mode::Step) << qint64(1000);
        QTest::newRow("explore") << u"{\"mode\": \"explore\"}"_s << int(ScheduleSpec::Mode::Explore) << qint64(1000);
        QTest::newRow("stress_with_its_default_trials")
            << u"{\"mode\": \"stress\"}"_s << int(ScheduleSpec::Mode::Stress) << qint64(1000);
        QTest::newRow("stress_with_250_trials")
            << u"{\"mode\": \"stress\", \"trials\": 250}"_s << int(ScheduleSpec::Mode::Stress) << qint64(250);
    }
    void everyScheduleModeRoundTrips()
    {
        QFETCH(QString, schedule);
        QFETCH(int, mode);
        QFETCH(qint64, trials);
        const QByteArray json = uR"json({"version": 1, "name": "modes",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}],
  "schedule": %1})json"_s.arg(schedule)
                                    .toUtf8();
        ScenarioError error;
        const auto first = Scenario::fromJson(json, u"modes.json"_s, &error);
        QVERIFY2(first, qPrintable(error.toString()));
        QCOMPARE(int(first->schedule.mode), mode);
        QCOMPARE(first->schedule.trialCount(), trials);
        const auto second = Scenario::fromJson(first->toJson(), u"again.json"_s, &error);
        QVERIFY2(second, qPrintable(error.toString()));
        QCOMPARE(int(second->schedule.mode), mode);
        QCOMPARE(second->schedule.trialCount(), trials);
        QCOMPARE(
            ScheduleSpec::modeFromName(ScheduleSpec::modeName(ScheduleSpec::Mode(mode))), ScheduleSpec::Mode(mode));
    }

    // The window keeps the jitter while the mode is one that ignores it (for when it goes back to free); what it saves
    // there is a file the reader takes: jitter_us is written only in free and stress mode, as trials only in stress.
    void jitterIsSavedOnlyWhereItApplies_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("saved");
        for (const ScheduleSpec::Mode mode : ScheduleSpec::modes())
            QTest::addRow("%s", qPrintable(ScheduleSpec::modeName(mode)))
                << int(mode) << (mode == ScheduleSpec::Mode::Free || mode == ScheduleSpec::Mode::Stress);
    }
    void jitterIsSavedOnlyWhereItApplies()
    {
        QFETCH(int, mode);
        QFETCH(bool, saved);
        ScenarioError error;
        auto scenario = Examples::load(u"race-unique"_s, &error);
        QVERIFY2(scenario, qPrintable(error.toString()));
        scenario->schedule.mode = ScheduleSpec::Mode(mode);
        scenario->schedule.jitterUs = 200;
        const QByteArray json = scenario->toJson();
        QCOMPARE(json.contains("jitter_us"), saved);
        const auto again = Scenario::fromJson(json, u"saved.json"_s, &error);
        QVERIFY2(again, qPrintable(error.toString()));
        QCOMPARE(again->schedule.jitterUs, saved ? 200 : 0);
        QVERIFY(!scenario->validate());
    }

    // A message quotes what it refuses; a megabyte of name is cut, so the message still fits a terminal line.
    void aHugeNameMakesAShortMessage()
    {
        const QByteArray name(1'000'000, 'x');
        const QByteArray json = "{\"version\": 1, \"name\": \"n\", \"table\": {\"name\": \"" + name
            + "\", \"columns\": [{\"name\": \"a\", \"type\": \"integer\"}]}, \"workers\": [{\"name\": "
              "\"A\", \"recipe\": \"django_get_or_create\", \"lookup\": {\"a\": 1}}]}";
        ScenarioError error;
        QVERIFY(!Scenario::fromJson(json, u"huge.json"_s, &error));
        const QString text = error.toString();
        QVERIFY2(text.startsWith(u"huge.json:1:"_s), qPrintable(text.left(80)));
        QVERIFY2(text.size() < 2100, qPrintable(QString::number(text.size())));
        QVERIFY2(text.endsWith(u" characters in all]"_s), qPrintable(text.right(80)));
    }

    void lookupsExpressionsAndBeforeRoundTrip()
    {
        const QByteArray json = R"json({
  "version": 1,
  "name": "lookups",
  "table": {"name": "race", "columns": [{"name": "name", "type": "varchar(32)"}, {"name": "n", "type": "integer"}],
            "constraints": [{"kind": "unique", "expressions": ["LOWER( name )"]}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "atomic": true,
     "lookup": {"name__iexact": "Bob", "n__in": [1, null, 2], "name__isnull": false},
     "before": ["INSERT INTO race (name, n) VALUES ('x', 9)", {"sql": "SELECT n FROM race WHERE name = ?",
       "params": ["x"], "expect": [[9]]}]}
  ]
})json";
        ScenarioError error;
        const auto first = Scenario::fromJson(json, u"lookups.json"_s, &error);
        QVERIFY2(first, qPrintable(error.toString()));
        QCOMPARE(first->table.constraints[0].expressions, QStringList { u"lower(name)"_s });
        QVERIFY(first->table.constraints[0].columns.isEmpty());
        QCOMPARE(first->table.constraintName(0), u"race_lower_name_uniq"_s);
        QCOMPARE(first->workers[0].lookup.value(u"n__in"_s).toList(), (QVariantList { 1, QVariant(), 2 }));
        QCOMPARE(first->workers[0].lookup.value(u"name__isnull"_s), QVariant(false));
        QCOMPARE(first->workers[0].before.size(), 2);
        QCOMPARE(first->literalStatements(),
            (QStringList {
                u"A: INSERT INTO race (name, n) VALUES ('x', 9)"_s, u"A: SELECT n FROM race WHERE name = ?"_s }));
        QVERIFY(!first->validate());
        const auto second = Scenario::fromJson(first->toJson(), u"again.json"_s, &error);
        QVERIFY2(second, qPrintable(error.toString()));
        QCOMPARE(QString::fromUtf8(second->toJson()), QString::fromUtf8(first->toJson()));
        QCOMPARE(second->workers[0].before, first->workers[0].before);
        QCOMPARE(second->workers[0].lookup, first->workers[0].lookup);
    }

    void djangoVersionOfTheScenarioAndOfEachWorker()
    {
        // The scenario says 3.2, worker B says 5.2 and takes create_defaults; A follows the scenario. Without any
        // "django", the newest LTS.
        const QByteArray json = R"json({
  "version": 1,
  "name": "two releases",
  "django": 3.2,
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "update_or_create", "lookup": {"user_id": "u1"}, "defaults": {"name": "a"}},
    {"name": "B", "recipe": "update_or_create", "lookup": {"user_id": "u1"}, "django": "5.2",
     "create_defaults": {"name": "new"}}
  ]
})json";
        ScenarioError error;
        const auto s = Scenario::fromJson(json, u"two.json"_s, &error);
        QVERIFY2(s, qPrintable(error.toString()));
        QCOMPARE(s->djangoFor(s->workers[0]).toString(), u"3.2"_s);
        QCOMPARE(s->djangoFor(s->workers[1]).toString(), u"5.2"_s);
        QVERIFY(!s->workers[0].createDefaults);
        QCOMPARE(*s->workers[1].createDefaults, (QVariantMap { { u"name"_s, u"new"_s } }));
        // Written back as read, and read again the same.
        const auto again = Scenario::fromJson(s->toJson(), u"again.json"_s, &error);
        QVERIFY2(again, qPrintable(error.toString()));
        QCOMPARE(again->django->toString(), u"3.2"_s);
        QVERIFY(!again->workers[0].django);
        QCOMPARE(again->workers[1].django->toString(), u"5.2"_s);
        QCOMPARE(again->workers[1].createDefaults, s->workers[1].createDefaults);
        Scenario plain = *s;
        plain.django.reset();
        QCOMPARE(plain.djangoFor(plain.workers[0]), DjangoVersion::newestLts());
        QVERIFY(!plain.toJson().contains("\"django\": \"3.2\""));
    }

    void badInputIsRefusedWithFileLineAndField_data();
    void badInputIsRefusedWithFileLineAndField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);

        ScenarioError error;
        const auto scenario = Scenario::fromJson(json, u"race.json"_s, &error);
        QVERIFY2(!scenario.has_value(), "a refused scenario must not be returned, not even partly");
        QCOMPARE(error.file, u"race.json"_s);
        const QRegularExpressionMatch where = QRegularExpression(u"^race\\.json:(\\d+):(\\d+): (.*)$"_s).match(message);
        QVERIFY2(where.hasMatch(), qPrintable(error.toString()));
        QCOMPARE(error.line, where.captured(1).toInt());
        QCOMPARE((error.field.isEmpty() ? QString() : error.field + u": "_s) + error.message, where.captured(3));

        QCOMPARE(error.toString(), message);
        QVERIFY2(oneLine(error.toString()) == error.toString(), "a message is one line with nothing left to escape");

        // Without a place for the error the answer is the same: nothing.
        QVERIFY(!Scenario::fromJson(json, u"race.json"_s, nullptr).has_value());
    }

    void loadNamesTheFileAndTheLine()
    {
        const QString path = QFINDTESTDATA("data/bad-lookup.json");
        QVERIFY(!path.isEmpty());
        ScenarioError error;
        QVERIFY(!Scenario::load(path, &error).has_value());
        QCOMPARE(error.toString(),
            path + u":17:17: workers[1].lookup: unknown column \"usr_id\"; the table has user_id, name"_s);
        QCOMPARE(error.field, u"workers[1].lookup"_s);
        QCOMPARE(error.line, 17);
        QCOMPARE(error.column, 17);

        QVERIFY(!Examples::loadReference(path, &error).has_value());
        QCOMPARE(error.file, path);
        QCOMPARE(error.line, 17);
    }

    void columnDefaultsRoundTrip()
    {
        // Field(default=...) is kept with its JSON type, and a NOT NULL column with a default needs no value in an
        // initial row.
        const QByteArray json = R"json({
  "version": 1,
  "name": "defaults",
  "table": {"name": "race", "columns": [
    {"name": "user_id", "type": "varchar(32)", "nullable": false},
    {"name": "visits", "type": "integer", "nullable": false, "default": 0},
    {"name": "flag", "type": "boolean", "default": true},
    {"name": "note", "type": "text", "default": null}],
    "rows": [{"user_id": "a"}]},
  "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "a"}}]
})json";
        ScenarioError error;
        const auto scenario = Scenario::fromJson(json, u"defaults.json"_s, &error);
        QVERIFY2(scenario.has_value(), qPrintable(error.toString()));
        const QList<ColumnSpec>& columns = scenario->table.columns;
        QVERIFY(!columns[0].hasDefault);
        QVERIFY(columns[1].hasDefault);
        QCOMPARE(columns[1].defaultValue, QVariant(qint64(0)));
        QCOMPARE(columns[2].defaultValue, QVariant(true));
        QVERIFY(columns[3].hasDefault);
        QVERIFY(columns[3].defaultValue.isNull());
        const auto again = Scenario::fromJson(scenario->toJson(), u"again.json"_s, &error);
        QVERIFY2(again.has_value(), qPrintable(error.toString()));
        QCOMPARE(QString::fromUtf8(again->toJson()), QString::fromUtf8(scenario->toJson()));
        QVERIFY(scenario->toJson().contains(R"("default": null)"));
        QVERIFY(!again->table.columns[0].hasDefault);
        QVERIFY(again->table.columns[3].hasDefault);
    }

    void loadReadsAScenarioFile()
    {
        const QString path = QFINDTESTDATA("data/naive-race.json");
        QVERIFY(!path.isEmpty());
        ScenarioError error;
        const auto scenario = Examples::loadReference(path, &error);
        QVERIFY2(scenario, qPrintable(error.toString()));
        QCOMPARE(scenario->table.name, u"profile"_s);
        QCOMPARE(scenario->backend.journalMode, u"wal"_s);
        QCOMPARE(scenario->workers.size(), 2);
        QCOMPARE(scenario->workers[1].recipe, u"naive_get_or_create"_s);
        QCOMPARE(scenario->schedule.script, (QStringList { u"A"_s, u"B"_s, u"A"_s, u"B"_s }));
        QVERIFY(!scenario->validate().has_value());
    }

    void loadOfAMissingFileNamesIt()
    {
        const QString path = QDir(QStringLiteral(INTERLEAVE_TEST_DATA)).filePath(u"no-such-scenario.json"_s);
        QVERIFY(!QFile::exists(path));
        ScenarioError error;
        QVERIFY(!Scenario::load(path, &error).has_value());
        QCOMPARE(error.file, path);
        QCOMPARE(error.line, 0);
        QVERIFY2(error.toString().startsWith(path + u": cannot open: "_s), qPrintable(error.toString()));
    }

    void parseScriptAccepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("steps");
        QTest::newRow("commas") << u"A,B,A,B"_s << QStringList { u"A"_s, u"B"_s, u"A"_s, u"B"_s };
        QTest::newRow("spaces") << u"A B A"_s << QStringList { u"A"_s, u"B"_s, u"A"_s };
        QTest::newRow("spaces_around_commas") << u" A , B "_s << QStringList { u"A"_s, u"B"_s };
        QTest::newRow("doubled_commas_and_a_tab") << u"A,,B\tA"_s << QStringList { u"A"_s, u"B"_s, u"A"_s };
        QTest::newRow("empty_text_is_an_empty_script") << QString() << QStringList();
    }

    void parseScriptAccepts()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, steps);
        ScenarioError error;
        const auto script = Scenario::parseScript(text, twoWorkers(), &error);
        QVERIFY2(script.has_value(), qPrintable(error.toString()));
        QCOMPARE(*script, steps);
    }

    void parseScriptRefuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown_worker_x") << u"A,X"_s << u"step 2 names worker \"X\", but the workers are A, B"_s;
        QTest::newRow("names_are_case_sensitive")
            << u"A b"_s << u"step 2 names worker \"b\", but the workers are A, B"_s;
        QTest::newRow("semicolon_is_no_separator")
            << u"A;B"_s << u"step 1 names worker \"A;B\", but the workers are A, B"_s;
    }

    void parseScriptRefuses()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        ScenarioError error;
        QVERIFY(!Scenario::parseScript(text, twoWorkers(), &error).has_value());
        QCOMPARE(error.field, u"schedule.script"_s);
        QCOMPARE(error.message, message);
        QCOMPARE(error.toString(), u"<scenario>: schedule.script: "_s + message);
        QVERIFY(!Scenario::parseScript(text, twoWorkers(), nullptr).has_value());
    }

    void validateChecksAScenarioBuiltInCode()
    {
        Scenario scenario = twoWorkers();
        QVERIFY(!scenario.validate().has_value());

        Scenario badLookup = scenario;
        badLookup.workers[1].lookup = QVariantMap { { u"usr_id"_s, u"c53b8b"_s } };
        auto problem = badLookup.validate();
        QVERIFY(problem.has_value());
        QCOMPARE(problem->field, u"workers[1].lookup"_s);
        QCOMPARE(problem->message, u"unknown column \"usr_id\"; the table has user_id, name"_s);
        QVERIFY(problem->line > 0);
        QVERIFY2(problem->toString().startsWith(u"<scenario>:"_s), qPrintable(problem->toString()));

        Scenario badScript = scenario;
        badScript.schedule.script = QStringList { u"A"_s, u"Z"_s };
        problem = badScript.validate();
        QVERIFY(problem.has_value());
        QCOMPARE(problem->field, u"schedule.script"_s);
        QCOMPARE(problem->message, u"step 2 names worker \"Z\", but the workers are A, B"_s);

        Scenario unnamed = scenario;
        unnamed.name = u"  "_s;
        problem = unnamed.validate();
        QVERIFY(problem.has_value());
        QCOMPARE(problem->field, u"name"_s);
        QCOMPARE(problem->message, u"must not be empty"_s);

        Scenario badColumn = scenario;
        badColumn.table.columns[0].name = u"user id"_s;
        problem = badColumn.validate();
        QVERIFY(problem.has_value());
        QCOMPARE(problem->field, u"table.columns[0].name"_s);
        QCOMPARE(problem->message, u"\"user id\" is not a valid column name"_s);

        // A predicate typed in the editor is parsed as one read from a file.
        Scenario badWhere = scenario;
        badWhere.table.constraints = { { u"unique"_s, { u"user_id"_s }, u"name = 'x' ; DROP TABLE public.victim"_s,
            {} } };
        problem = badWhere.validate();
        QVERIFY(problem.has_value());
        QCOMPARE(problem->field, u"table.constraints[0].where"_s);
        QCOMPARE(problem->message, u"';' ends a statement: a predicate is one expression"_s);
        badWhere.table.constraints[0].where = u"name = 'x' AND NOT user_id IS NULL"_s;
        QVERIFY(!badWhere.validate().has_value());
    }

    void errorTextWithoutAPosition()
    {
        QCOMPARE((ScenarioError { u"x.json"_s, 0, 0, {}, u"cannot open"_s }).toString(), u"x.json: cannot open"_s);
        QCOMPARE(
            (ScenarioError { {}, 3, 7, u"table"_s, u"missing"_s }).toString(), u"<scenario>:3:7: table: missing"_s);
    }

    // The one list of isolation levels, level by level and database by database: the file's spelling, whether the
    // database lets a scenario choose it (and the reader agrees), what runs instead where it does not, and the words
    // that set it on a server. The expected values are written out here, not read from the table under test.
    void isolationLevelOnEveryDatabase_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("available");
        QTest::addColumn<QString>("runs"); // the level a scenario switched to this database asks for
        QTest::addColumn<QString>("sql");
        struct Level {
            QString name;
            QString sql;
            bool onSqlite;
        };
        const QList<Level> levels { { u"default"_s, QString(), true },
            { u"read uncommitted"_s, u"READ UNCOMMITTED"_s, false },
            { u"read committed"_s, u"READ COMMITTED"_s, false }, { u"repeatable read"_s, u"REPEATABLE READ"_s, false },
            { u"serializable"_s, u"SERIALIZABLE"_s, true } };
        for (const Level& level : levels) {
            for (const BackendSpec::Kind kind :
                { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
                const bool sqlite = kind == BackendSpec::Kind::Sqlite;
                const bool available = !sqlite || level.onSqlite;
                const QString row = QString(level.name).replace(u' ', u'_') + u"_is_"_s
                    + (available ? u"chosen"_s : u"serializable"_s) + u"_on_"_s + BackendSpec::kindName(kind);
                QTest::newRow(qPrintable(row)) << level.name << int(kind) << available
                                               << (available ? level.name : u"serializable"_s) << level.sql;
            }
        }
    }

    void isolationLevelOnEveryDatabase()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(bool, available);
        QFETCH(QString, runs);
        QFETCH(QString, sql);
        const auto level = isolationFromName(name);
        QVERIFY(level.has_value());
        QCOMPARE(isolationName(*level), name);
        QVERIFY(isolationLevels().contains(*level));
        QCOMPARE(isolationSql(*level), sql);
        QCOMPARE(isolationAvailable(*level, BackendSpec::Kind(kind)), available);
        QCOMPARE(isolationName(isolationOn(*level, BackendSpec::Kind(kind))), runs);

        // The reader takes the level on that database exactly when the table says it has it.
        Scenario scenario = twoWorkers();
        scenario.backend.kind = BackendSpec::Kind(kind);
        scenario.isolation = name;
        const auto problem = scenario.validate();
        QCOMPARE(!problem.has_value(), available);
        if (problem)
            QCOMPARE(
                problem->message, u"SQLite has only serializable transactions; use \"default\" (or run on a server)"_s);
        // A file's spelling in capitals reads as the same level.
        scenario.isolation = name.toUpper();
        QCOMPARE(!scenario.validate().has_value(), available);
    }

    void isolationLevelsAreListedOnceInTheFileOrder()
    {
        const QStringList expected { u"default"_s, u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s,
            u"serializable"_s };
        QCOMPARE(isolationNames(), expected);
        QStringList names;
        for (const IsolationLevel level : isolationLevels())
            names.append(isolationName(level));
        QCOMPARE(names, expected);
        for (const QString& text : { u"snapshot"_s, u"Serializable"_s, u"serializable "_s, QString() })
            QVERIFY2(!isolationFromName(text).has_value(), qPrintable(text));
        Scenario unknown = twoWorkers();
        unknown.isolation = u"snapshot"_s;
        QCOMPARE(isolationOf(unknown), IsolationLevel::Default);
    }

    // A scenario's own database switched to another (the editor's Database choice), for every (from, to) pair:
    // what the new database has no counterpart for falls back to what it has; the rest stays. DatabaseSwitch::apply
    // (--backend, the window's Database…) reaches the same isolation level, with a note exactly when it changed it.
    void switchingTheDatabase_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("lockTimeoutMs");
        QTest::addColumn<QString>("isolation");
        QTest::addColumn<int>("to");
        QTest::addColumn<QString>("expectedUrl");
        QTest::addColumn<int>("expectedLockTimeoutMs");
        QTest::addColumn<QString>("expectedIsolation");
        const int sqlite = int(BackendSpec::Kind::Sqlite);
        const int pg = int(BackendSpec::Kind::Postgresql);
        const int my = int(BackendSpec::Kind::Mysql);
        const QString pgUrl = u"postgresql://ann@db.example:5433/shop"_s;
        const QString myUrl = u"mysql://ann@db.example:3307/shop"_s;
        QTest::newRow("sqlite_to_sqlite_keeps_everything")
            << sqlite << QString() << 0 << u"serializable"_s << sqlite << QString() << 0 << u"serializable"_s;
        QTest::newRow("sqlite_to_postgresql_has_no_url_yet")
            << sqlite << QString() << 0 << u"default"_s << pg << QString() << 0 << u"default"_s;
        QTest::newRow("sqlite_to_mysql_keeps_serializable")
            << sqlite << QString() << 0 << u"serializable"_s << my << QString() << 0 << u"serializable"_s;
        QTest::newRow("postgresql_to_sqlite_runs_repeatable_read_serializable")
            << pg << pgUrl << 500 << u"repeatable read"_s << sqlite << QString() << 0 << u"serializable"_s;
        QTest::newRow("postgresql_to_sqlite_runs_read_committed_serializable")
            << pg << pgUrl << 0 << u"read committed"_s << sqlite << QString() << 0 << u"serializable"_s;
        QTest::newRow("postgresql_to_sqlite_keeps_default")
            << pg << pgUrl << 0 << u"default"_s << sqlite << QString() << 0 << u"default"_s;
        QTest::newRow("postgresql_to_postgresql_keeps_url_and_lock_timeout")
            << pg << pgUrl << 500 << u"read committed"_s << pg << pgUrl << 500 << u"read committed"_s;
        QTest::newRow("postgresql_to_mysql_keeps_host_user_database_with_the_default_port")
            << pg << pgUrl << 500 << u"read committed"_s << my << u"mysql://ann@db.example/shop"_s << 500
            << u"read committed"_s;
        QTest::newRow("mysql_to_postgresql_keeps_host_user_database_with_the_default_port")
            << my << myUrl << 0 << u"read uncommitted"_s << pg << u"postgresql://ann@db.example/shop"_s << 0
            << u"read uncommitted"_s;
        QTest::newRow("mysql_to_postgresql_without_a_url_has_none")
            << my << QString() << 0 << u"repeatable read"_s << pg << QString() << 0 << u"repeatable read"_s;
        QTest::newRow("mysql_to_mysql_keeps_url_and_lock_timeout")
            << my << myUrl << 2000 << u"repeatable read"_s << my << myUrl << 2000 << u"repeatable read"_s;
        QTest::newRow("mysql_to_sqlite_runs_read_uncommitted_serializable")
            << my << myUrl << 2000 << u"read uncommitted"_s << sqlite << QString() << 0 << u"serializable"_s;
    }

    void switchingTheDatabase()
    {
        QFETCH(int, from);
        QFETCH(QString, url);
        QFETCH(int, lockTimeoutMs);
        QFETCH(QString, isolation);
        QFETCH(int, to);
        QFETCH(QString, expectedUrl);
        QFETCH(int, expectedLockTimeoutMs);
        QFETCH(QString, expectedIsolation);
        Scenario scenario = twoWorkers();
        scenario.backend.kind = BackendSpec::Kind(from);
        scenario.backend.url = url;
        scenario.backend.lockTimeoutMs = lockTimeoutMs;
        scenario.isolation = isolation;
        QVERIFY2(!scenario.validate(), qPrintable(scenario.validate().value_or(ScenarioError()).toString()));

        const Scenario switched = DatabaseSwitch::switchedTo(scenario, BackendSpec::Kind(to));
        QCOMPARE(int(switched.backend.kind), to);
        QCOMPARE(switched.backend.url, expectedUrl);
        QCOMPARE(switched.backend.lockTimeoutMs, expectedLockTimeoutMs);
        QCOMPARE(switched.isolation, expectedIsolation);
        QCOMPARE(switched.table.name, scenario.table.name);
        QCOMPARE(switched.workers.size(), scenario.workers.size());
        const auto problem = switched.validate(); // what the editor holds after the switch is a valid scenario
        QVERIFY2(!problem, qPrintable(problem.value_or(ScenarioError()).toString()));

        BackendSpec target;
        target.kind = BackendSpec::Kind(to);
        if (target.isServer())
            target.url = target.kind == BackendSpec::Kind::Mysql ? u"mysql://bo@127.0.0.1:3306/race"_s
                                                                 : u"postgresql://bo@127.0.0.1:5432/race"_s;
        const DatabaseSwitch moved = DatabaseSwitch::apply(scenario, target, u"race.json"_s);
        QVERIFY(!moved.error);
        QCOMPARE(moved.scenario.isolation, expectedIsolation);
        const QString note =
            u"isolation \"%1\" is a server's; SQLite runs every transaction serializable"_s.arg(isolation);
        QCOMPARE(moved.notes.contains(note), expectedIsolation != isolation);
        QCOMPARE(moved.scenario.backend.url, target.isServer() ? target.url : QString());
    }

    // "kind version" as the report, the trace export and the window name the run's database; "SQLite 3.45.1" with
    // the name for people, as the image export writes it.
    void backendLabelNamesTheKindAndVersion_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("forPeople");
        QTest::newRow("sqlite_with_its_version")
            << u"sqlite"_s << u"3.45.1"_s << u"sqlite 3.45.1"_s << u"SQLite 3.45.1"_s;
        QTest::newRow("postgresql_with_its_version")
            << u"postgresql"_s << u"15.10"_s << u"postgresql 15.10"_s << u"PostgreSQL 15.10"_s;
        QTest::newRow("mysql_without_a_version_is_the_name_alone")
            << u"mysql"_s << QString() << u"mysql"_s << u"MySQL"_s;
    }

    void backendLabelNamesTheKindAndVersion()
    {
        QFETCH(QString, kind);
        QFETCH(QString, version);
        QFETCH(QString, label);
        QFETCH(QString, forPeople);
        BackendInfo info;
        info.kind = kind;
        info.version = version;
        QCOMPARE(info.label(), label);
        const auto kinds = { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql };
        const auto found = std::find_if(
            kinds.begin(), kinds.end(), [&kind](BackendSpec::Kind k) { return BackendSpec::kindName(k) == kind; });
        QVERIFY(found != kinds.end());
        QCOMPARE(info.label(BackendSpec::displayName(*found)), forPeople);
    }
};

// moc (Qt 6.4) mis-reads raw string literals that contain "//" or an unbalanced parenthesis, loses the class and
// generates nothing; the bad inputs contain both, so their rows are kept out of its sight.
#ifndef Q_MOC_RUN
void TestScenario::badInputIsRefusedWithFileLineAndField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::newRow("json_syntax_error_points_at_the_missing_comma") << QByteArray(R"json({
  "version": 1,
  "name": "missing comma"
  "table": {}
})json") << u"race.json:4:3: JSON syntax error: unterminated object"_s;

    QTest::newRow("json_syntax_error_after_a_trailing_comma") << QByteArray(R"json({
  "version": 1,
  "name": "trailing comma",
})json") << u"race.json:4:1: JSON syntax error: object is missing after a comma"_s;

    QTest::newRow("json_syntax_error_for_text_after_the_object") << QByteArray(R"json({
  "version": 1
}
x)json") << u"race.json:4:1: JSON syntax error: garbage at the end of the document"_s;

    QTest::newRow("top_level_list_is_not_a_scenario") << QByteArray(R"json([
  {"version": 1}
])json") << u"race.json:1:1: a scenario is a JSON object ({ ... }), not a list or a value"_s;

    QTest::newRow("missing_version_points_at_the_object") << QByteArray(R"json({
  "name": "no version",
  "table": {}
})json") << u"race.json:1:1: version: missing; this Interleave reads version 1"_s;

    QTest::newRow("version_2_is_from_the_future") << QByteArray(R"json({
  "version": 2,
  "name": "from the future"
})json") << u"race.json:2:3: version: unsupported version 2; this Interleave reads version 1"_s;

    QTest::newRow("version_as_a_string_is_quoted_back") << QByteArray(R"json({
  "version": "1",
  "name": "quoted"
})json") << u"race.json:2:3: version: unsupported version \"1\"; this Interleave reads version 1"_s;

    QTest::newRow("unknown_top_level_field_tabel")
        << QByteArray(R"json({
  "version": 1,
  "name": "typo",
  "tabel": {"name": "race"}
})json")
        << u"race.json:4:3: tabel: unknown field; expected one of: version, name, description, databases, backend, isolation, table, workers, schedule, django, expect, goal"_s;

    QTest::newRow("missing_name") << QByteArray(R"json({
  "version": 1,
  "table": {}
})json") << u"race.json:1:1: name: missing"_s;

    QTest::newRow("unknown_backend_kind") << QByteArray(R"json({
  "version": 1,
  "name": "oracle",
  "backend": {"kind": "oracle"}
})json") << u"race.json:4:15: backend.kind: unknown backend \"oracle\"; expected sqlite, postgresql or mysql"_s;

    QTest::newRow("backend_kind_that_is_a_number") << QByteArray(R"json({
  "version": 1,
  "name": "number",
  "backend": {"kind": 5}
})json") << u"race.json:4:15: backend.kind: must be a string"_s;

    QTest::newRow("isolation_that_is_not_a_level")
        << QByteArray(R"json({
  "version": 1,
  "name": "injection",
  "isolation": "serializable; DROP TABLE x"
})json")
        << u"race.json:4:3: isolation: unknown isolation level \"serializable; drop table x\"; expected one of: default, read uncommitted, read committed, repeatable read, serializable"_s;

    QTest::newRow("isolation_sqlite_cannot_choose")
        << QByteArray(R"json({
  "version": 1,
  "name": "sqlite levels",
  "isolation": "read committed",
  "backend": {"kind": "sqlite"}
})json")
        << u"race.json:4:3: isolation: SQLite has only serializable transactions; use \"default\" (or run on a server)"_s;

    QTest::newRow("table_name_reserved_by_sqlite") << QByteArray(R"json({
  "version": 1,
  "name": "reserved",
  "table": {"name": "sqlite_sequence", "columns": [{"name": "a", "type": "text"}]}
})json") << u"race.json:4:13: table.name: names starting with sqlite_ are reserved by SQLite"_s;

    QTest::newRow("password_in_url_is_refused")
        << QByteArray(R"json({
  "version": 1,
  "name": "remote",
  "backend": {"kind": "postgresql", "url": "postgresql://user:secret@db:5432/lab"}
})json")
        << u"race.json:4:37: backend.url: the URL contains a password; Interleave never stores passwords: remove it and set PGPASSWORD (or type it when the app asks)"_s;

    QTest::newRow("url_of_the_other_server") << QByteArray(R"json({
  "version": 1,
  "name": "remote",
  "backend": {"kind": "mysql", "url": "postgresql://user@db:5432/lab"}
})json") << u"race.json:4:32: backend.url: is a postgresql URL but backend.kind is \"mysql\""_s;

    QTest::newRow("url_option_unknown")
        << QByteArray(R"json({
  "version": 1,
  "name": "remote",
  "backend": {"kind": "postgresql", "url": "postgresql://user@db/lab?sslmod=require"}
})json")
        << u"race.json:4:37: backend.url: unknown option \"sslmod\"; expected schema or one of: sslmode, sslrootcert, sslcert, sslkey, connect_timeout, application_name"_s;

    QTest::newRow("sqlite_option_on_a_server") << QByteArray(R"json({
  "version": 1,
  "name": "remote",
  "backend": {"kind": "mysql", "journal_mode": "wal"}
})json") << u"race.json:4:32: backend.journal_mode: applies to sqlite only"_s;

    QTest::newRow("databases_unknown") << QByteArray(R"json({
  "version": 1,
  "name": "remote",
  "databases": ["postgresql", "oracle"]
})json") << u"race.json:4:31: databases[1]: unknown database \"oracle\"; expected sqlite, postgresql or mysql"_s;

    QTest::newRow("column_type_cannot_reference_another_table")
        << QByteArray(R"json({
  "version": 1,
  "name": "type",
  "table": {"name": "race", "columns": [{"name": "a", "type": "integer REFERENCES orders"}]}
})json")
        << u"race.json:4:55: table.columns[0].type: \"integer REFERENCES orders\" is not a column type (examples: varchar(32), text, integer)"_s;

    QTest::newRow("not_null_column_cannot_default_to_null")
        << QByteArray(R"json({
  "version": 1,
  "name": "default",
  "table": {"name": "race", "columns": [{"name": "a", "type": "integer", "nullable": false, "default": null}]}
})json")
        << u"race.json:4:93: table.columns[0].default: \"a\" is NOT NULL, so it cannot default to NULL; give a value or make it nullable"_s;

    QTest::newRow("column_default_is_a_plain_value") << QByteArray(R"json({
  "version": 1,
  "name": "default",
  "table": {"name": "race", "columns": [{"name": "a", "type": "integer", "default": [1]}]}
})json") << u"race.json:4:74: table.columns[0].default: must be a string, number, true/false or null"_s;

    QTest::newRow("sql_statement_cannot_drop")
        << QByteArray(R"json({
  "version": 1,
  "name": "drop",
  "table": {"name": "race", "columns": [{"name": "a", "type": "text"}]},
  "workers": [{"name": "A", "recipe": "sql", "statements": ["DROP TABLE public.orders"]}]
})json")
        << u"race.json:5:62: workers[0].statements[0]: DROP statements are not run; a literal statement is a SELECT, INSERT, REPLACE, UPDATE or DELETE on the scenario's table, or BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE"_s;

    QTest::newRow("sql_statement_is_one_statement") << QByteArray(R"json({
  "version": 1,
  "name": "two",
  "table": {"name": "race", "columns": [{"name": "a", "type": "text"}]},
  "workers": [{"name": "A", "recipe": "sql", "statements": ["SELECT ';'; DELETE FROM orders"]}]
})json") << u"race.json:5:72: workers[0].statements[0]: one statement per entry: split it at the ';'"_s;

    QTest::newRow("journal_mode_memory_is_refused") << QByteArray(R"json({
  "version": 1,
  "name": "memory journal",
  "backend": {"kind": "sqlite", "journal_mode": "memory"}
})json") << u"race.json:4:33: backend.journal_mode: must be \"delete\" or \"wal\""_s;

    QTest::newRow("bad_table_name")
        << QByteArray(R"json({
  "version": 1,
  "name": "bad table name",
  "table": {"name": "race-table", "columns": []}
})json")
        << u"race.json:4:13: table.name: \"race-table\" is not a valid table name (letters, digits and _, not starting with a digit)"_s;

    QTest::newRow("empty_columns") << QByteArray(R"json({
  "version": 1,
  "name": "no columns",
  "table": {
    "name": "race",
    "columns": []
  }
})json") << u"race.json:6:5: table.columns: must be a non-empty list of columns"_s;

    QTest::newRow("duplicate_column") << QByteArray(R"json({
  "version": 1,
  "name": "duplicate column",
  "table": {
    "name": "race",
    "columns": [
      {"name": "user_id", "type": "varchar(32)"},
      {"name": "user_id", "type": "integer"}
    ]
  }
})json") << u"race.json:8:8: table.columns[1].name: duplicate column \"user_id\""_s;

    QTest::newRow("column_named_id_clashes_with_the_primary_key")
        << QByteArray(R"json({
  "version": 1,
  "name": "own id",
  "table": {
    "name": "race",
    "columns": [
      {"name": "id", "type": "integer"}
    ]
  }
})json")
        << u"race.json:7:8: table.columns[0].name: \"id\" is the implicit primary key every table has; choose another name"_s;

    QTest::newRow("column_type_with_a_second_statement")
        << QByteArray(R"json({
  "version": 1,
  "name": "bad type",
  "table": {
    "name": "race",
    "columns": [
      {"name": "user_id", "type": "varchar(32); DROP TABLE race"}
    ]
  }
})json")
        << u"race.json:7:27: table.columns[0].type: \"varchar(32); DROP TABLE race\" is not a column type (examples: varchar(32), text, integer)"_s;

    QTest::newRow("unknown_column_in_a_constraint") << QByteArray(R"json({
  "version": 1,
  "name": "bad constraint",
  "table": {
    "name": "race",
    "columns": [{"name": "user_id", "type": "varchar(32)"}],
    "constraints": [{"kind": "unique", "columns": ["user_id", "usr_id"]}]
  }
})json") << u"race.json:7:63: table.constraints[0].columns: unknown column \"usr_id\""_s;

    QTest::newRow("where_predicate_with_a_second_statement") << QByteArray(R"json({
  "version": 1,
  "name": "injection",
  "table": {
    "name": "t1",
    "columns": [{"name": "flag", "type": "integer"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "flag = 1; DROP TABLE x"}]
  }
})json") << u"race.json:7:84: table.constraints[0].where: ';' ends a statement: a predicate is one expression"_s;

    QTest::newRow("where_predicate_with_an_unknown_column") << QByteArray(R"json({
  "version": 1,
  "name": "typo in predicate",
  "table": {
    "name": "t1",
    "columns": [{"name": "flag", "type": "integer"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "flg = 1"}]
  }
})json") << u"race.json:7:76: table.constraints[0].where: unknown column \"flg\"; the table has id, flag, parent_id"_s;

    QTest::newRow("where_predicate_with_unbalanced_parentheses")
        << QByteArray(R"json({
  "version": 1,
  "name": "parentheses",
  "table": {
    "name": "t1",
    "columns": [{"name": "flag", "type": "integer"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "(flag = 1"}]
  }
})json")
        << u"race.json:7:85: table.constraints[0].where: expected ')' to close the '(' at character 1, found the end"_s;

    // The finding of issue 13: a PostgreSQL escape string and ';' in a partial index's predicate.
    QTest::newRow("where_predicate_with_an_escape_string") << QByteArray(R"json({
  "version": 1,
  "name": "injection",
  "table": {
    "name": "t1",
    "columns": [{"name": "e", "type": "text"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "e = e'\\'' ; CREATE TABLE public.x (a int) ; DROP TABLE public.victim ; --'"}]
  }
})json") << u"race.json:7:80: table.constraints[0].where: E'...' escape strings are PostgreSQL's only; write '...'"_s;

    // The column counts the file's characters: \u00e9, \" and \n before the ';' are 6, 2 and 2 of them.
    QTest::newRow("where_predicate_position_counts_json_escapes") << QByteArray(R"json({
  "version": 1,
  "name": "escapes",
  "table": {
    "name": "t1",
    "columns": [{"name": "name", "type": "text"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "name = '\u00e9\"'\n; DROP TABLE x"}]
  }
})json") << u"race.json:7:95: table.constraints[0].where: ';' ends a statement: a predicate is one expression"_s;

    QTest::newRow("where_predicate_position_counts_characters_not_bytes") << QByteArray(R"json({
  "version": 1,
  "name": "characters",
  "table": {
    "name": "t1",
    "columns": [{"name": "name", "type": "text"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "name = 'é😀' ; DROP TABLE x"}]
  }
})json") << u"race.json:7:88: table.constraints[0].where: ';' ends a statement: a predicate is one expression"_s;

    QTest::newRow("where_predicate_empty")
        << QByteArray(R"json({
  "version": 1,
  "name": "blank",
  "table": {
    "name": "t1",
    "columns": [{"name": "flag", "type": "integer"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"], "where": "  "}]
  }
})json")
        << u"race.json:7:76: table.constraints[0].where: the predicate is empty: leave \"where\" out for a plain unique constraint"_s;

    QTest::newRow("key_written_with_a_unicode_escape_is_found_where_it_is") << QByteArray(R"json({
  "version": 1,
  "name": "escaped key",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "\u0077orkers": "A and B"
})json") << u"race.json:5:3: workers: must be a list"_s;

    QTest::newRow("unknown_key_with_a_terminal_escape_stays_on_one_line")
        << QByteArray(R"json({
  "version": 1,
  "name": "terminal escape",
  "x\u001b[2Jy": 1
})json")
        << u"race.json:4:3: x\\x1b[2Jy: unknown field; expected one of: version, name, description, databases, backend, isolation, table, workers, schedule, django, expect, goal"_s;

    QTest::newRow("unknown_nested_key_with_a_nul") << QByteArray(R"json({
  "version": 1,
  "name": "nul",
  "table": {"name": "race", "x\u0000y": 1}
})json") << u"race.json:4:29: table.x\\x00y: unknown field; expected one of: name, model, columns, constraints, rows"_s;

    QTest::newRow("value_with_a_line_break_cannot_forge_a_line")
        << QByteArray(R"json({
  "version": 1,
  "name": "forged line",
  "table": {"name": "race\r\nrace.json:1:1: all is well", "columns": []}
})json")
        << u"race.json:4:13: table.name: \"race\\r\\nrace.json:1:1: all is well\" is not a valid table name (letters, digits and _, not starting with a digit)"_s;

    QTest::newRow("initial_row_with_an_unknown_column") << QByteArray(R"json({
  "version": 1,
  "name": "bad row",
  "table": {
    "name": "race",
    "columns": [{"name": "user_id", "type": "varchar(32)", "nullable": false}],
    "rows": [
      {"user_id": "u1", "nme": "foo"}
    ]
  }
})json") << u"race.json:8:25: table.rows[0]: unknown column \"nme\"; the table has user_id"_s;

    QTest::newRow("initial_row_missing_a_not_null_column") << QByteArray(R"json({
  "version": 1,
  "name": "row without user_id",
  "table": {
    "name": "race",
    "columns": [{"name": "user_id", "type": "varchar(32)", "nullable": false}, {"name": "name", "type": "text"}],
    "rows": [
      {"user_id": "u1", "name": "foo"},
      {"name": "bar"}
    ]
  }
})json") << u"race.json:9:7: table.rows[1]: column \"user_id\" is not nullable and has no value"_s;

    QTest::newRow("no_workers") << QByteArray(R"json({
  "version": 1,
  "name": "nobody",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": []
})json") << u"race.json:5:3: workers: needs at least one worker"_s;

    QTest::newRow("duplicate_worker_name") << QByteArray(R"json({
  "version": 1,
  "name": "two As",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ]
})json") << u"race.json:7:6: workers[1].name: duplicate worker name \"A\""_s;

    QTest::newRow("unknown_recipe")
        << QByteArray(R"json({
  "version": 1,
  "name": "no such recipe",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "get_or_create", "lookup": {"user_id": "u1"}}
  ]
})json")
        << u"race.json:6:19: workers[0].recipe: unknown recipe \"get_or_create\"; expected one of: django_get_or_create, naive_get_or_create, select_for_update, lock_table, advisory_lock, upsert, update_or_create, counter_read_modify_write, counter_atomic, bulk_create, bulk_create_missing, serializable_retry, sql"_s;

    QTest::newRow("unknown_column_in_lookup") << QByteArray(R"json({
  "version": 1,
  "name": "misspelt lookup",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"usr_id": "u1"}}
  ]
})json") << u"race.json:7:64: workers[1].lookup: unknown column \"usr_id\"; the table has user_id, name"_s;

    QTest::newRow("unknown_column_in_defaults") << QByteArray(R"json({
  "version": 1,
  "name": "misspelt default",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create",
     "lookup": {"user_id": "u1"},
     "defaults": {"nam": "foo"}}
  ]
})json") << u"race.json:8:19: workers[0].defaults: unknown column \"nam\"; the table has user_id, name"_s;

    QTest::newRow("empty_lookup") << QByteArray(R"json({
  "version": 1,
  "name": "empty lookup",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {}}
  ]
})json") << u"race.json:6:53: workers[0].lookup: get_or_create() must be passed at least one keyword argument"_s;

    QTest::newRow("missing_lookup") << QByteArray(R"json({
  "version": 1,
  "name": "no lookup",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create"}
  ]
})json") << u"race.json:6:5: workers[0].lookup: missing"_s;

    QTest::newRow("lookup_value_that_is_an_object") << QByteArray(R"json({
  "version": 1,
  "name": "lookup with an operator",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": {"in": ["u1", "u2"]}}}
  ]
})json") << u"race.json:6:64: workers[0].lookup.user_id: must be a string, number, true/false or null"_s;

    QTest::newRow("script_naming_an_unknown_worker") << QByteArray(R"json({
  "version": 1,
  "name": "script with C",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "script", "script": "A,B,C"}
})json") << u"race.json:9:34: schedule.script: step 3 names worker \"C\", but the workers are A, B"_s;

    QTest::newRow("script_mode_without_a_script") << QByteArray(R"json({
  "version": 1,
  "name": "script without steps",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "script"}
})json") << u"race.json:9:3: schedule.script: script mode needs a script such as \"A,B,A,B\""_s;

    QTest::newRow("bad_schedule_mode")
        << QByteArray(R"json({
  "version": 1,
  "name": "random mode",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "random"}
})json")
        << u"race.json:9:16: schedule.mode: unknown mode \"random\"; expected \"free\", \"script\", \"step\", \"explore\" or \"stress\""_s;

    QTest::newRow("trials_outside_stress_mode") << QByteArray(R"json({
  "version": 1,
  "name": "trials in free mode",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "free", "trials": 50}
})json") << u"race.json:9:32: schedule.trials: only the stress mode runs trials"_s;

    QTest::newRow("zero_trials") << QByteArray(R"json({
  "version": 1,
  "name": "no trials",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "stress", "trials": 0}
})json") << u"race.json:9:34: schedule.trials: must be a whole number of trials from 1 to 10000000"_s;

    QTest::newRow("negative_jitter") << QByteArray(R"json({
  "version": 1,
  "name": "negative jitter",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "free", "jitter_us": -5}
})json") << u"race.json:9:32: schedule.jitter_us: must be a whole number of microseconds from 0 to 10000000"_s;
    QTest::newRow("jitter_in_script_mode")
        << QByteArray(R"json({
  "version": 1,
  "name": "jitter in script mode",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "script", "script": "A,B", "jitter_us": 200}
})json")
        << u"race.json:9:51: schedule.jitter_us: only the free and stress modes pause at random; script, step and "
           "explore run the statements in an order of their own"_s;
    QTest::newRow("jitter_in_step_mode")
        << QByteArray(R"json({
  "version": 1,
  "name": "jitter in step mode",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "step", "jitter_us": 200}
})json")
        << u"race.json:9:32: schedule.jitter_us: only the free and stress modes pause at random; script, step and "
           "explore run the statements in an order of their own"_s;
    QTest::newRow("jitter_in_explore_mode")
        << QByteArray(R"json({
  "version": 1,
  "name": "jitter in explore mode",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}
  ],
  "schedule": {"mode": "explore", "jitter_us": 200}
})json")
        << u"race.json:9:35: schedule.jitter_us: only the free and stress modes pause at random; script, step and "
           "explore run the statements in an order of their own"_s;
    QTest::newRow("batch_on_a_recipe_that_takes_none")
        << QByteArray(R"json({
  "version": 1,
  "name": "batch on a recipe that takes none",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}, "batch": [{"name": "x"}]}
  ]
})json")
        << u"race.json:6:82: workers[0].batch: the recipe django_get_or_create does not take \"batch\"; only bulk_create and bulk_create_missing do"_s;
    QTest::newRow("django_version_that_is_not_an_lts_is_refused")
        << QByteArray(R"json({
  "version": 1,
  "name": "django 4.1",
  "django": "4.1",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}}]
})json")
        << u"race.json:4:3: django: unsupported Django version \"4.1\"; accepted: 3.2, 4.2, 5.2 (the long-term-support releases; the default is 5.2)"_s;
    QTest::newRow("django_version_of_a_worker_is_checked_too")
        << QByteArray(R"json({
  "version": 1,
  "name": "worker on django true",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}]},
  "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}, "django": true}]
})json")
        << u"race.json:5:92: workers[0].django: must be a Django version such as \"5.2\"; accepted: 3.2, 4.2, 5.2 (the long-term-support releases; the default is 5.2)"_s;
    QTest::newRow("create_defaults_before_django_5_is_refused")
        << QByteArray(R"json({
  "version": 1,
  "name": "create_defaults on 4.2",
  "django": "4.2",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [{"name": "A", "recipe": "update_or_create", "lookup": {"user_id": "u1"}, "create_defaults": {"name": "x"}}]
})json")
        << u"race.json:6:88: workers[0].create_defaults: update_or_create() takes create_defaults from Django 5.0 on; this worker runs Django 4.2 (set \"django\": \"5.2\", or leave create_defaults out)"_s;
    QTest::newRow("create_defaults_on_get_or_create_is_refused")
        << QByteArray(R"json({
  "version": 1,
  "name": "create_defaults on get_or_create",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"user_id": "u1"}, "create_defaults": {"name": "x"}}]
})json")
        << u"race.json:5:92: workers[0].create_defaults: the recipe django_get_or_create does not take \"create_defaults\"; only update_or_create does"_s;
    QTest::newRow("create_defaults_with_an_unknown_column_is_refused") << QByteArray(R"json({
  "version": 1,
  "name": "create_defaults with a typo",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}]},
  "workers": [{"name": "A", "recipe": "update_or_create", "lookup": {"user_id": "u1"}, "create_defaults": {"nme": "x"}}]
})json") << u"race.json:5:108: workers[0].create_defaults: unknown column \"nme\"; the table has user_id, name"_s;
    QTest::newRow("lock_on_a_counter_names_lock_table")
        << QByteArray(R"json({
  "version": 1,
  "name": "lock on a counter names lock table",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "counter_atomic", "lookup": {"user_id": "u1"}, "column": "n", "lock": "SHARE"}
  ]
})json")
        << u"race.json:6:91: workers[0].lock: the recipe counter_atomic does not take \"lock\"; only lock_table does"_s;
    QTest::newRow("column_on_get_or_create_names_both_counters")
        << QByteArray(R"json({
  "version": 1,
  "name": "column on get or create names both counters",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "upsert", "lookup": {"user_id": "u1"}, "column": "n"}
  ]
})json")
        << u"race.json:6:68: workers[0].column: the recipe upsert does not take \"column\"; only counter_read_modify_write and counter_atomic do"_s;
    QTest::newRow("unknown_column_in_a_batch_row") << QByteArray(R"json({
  "version": 1,
  "name": "unknown column in a batch row",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "bulk_create", "batch": [{"user_id": "a"}]},
    {"name": "B", "recipe": "bulk_create", "batch": [{"user_id": "b", "nme": "x"}]}
  ]
})json") << u"race.json:7:71: workers[1].batch[0]: unknown column \"nme\"; the table has user_id, name, n"_s;
    QTest::newRow("batch_that_is_not_a_list") << QByteArray(R"json({
  "version": 1,
  "name": "batch that is not a list",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "bulk_create", "batch": {"user_id": "a"}}
  ]
})json") << u"race.json:6:44: workers[0].batch: must be a non-empty list of row objects"_s;
    QTest::newRow("bulk_create_without_a_batch") << QByteArray(R"json({
  "version": 1,
  "name": "bulk create without a batch",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "bulk_create"}
  ]
})json") << u"race.json:6:5: workers[0].batch: missing"_s;
    QTest::newRow("counter_without_a_column") << QByteArray(R"json({
  "version": 1,
  "name": "counter without a column",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "counter_read_modify_write", "lookup": {"user_id": "u1"}}
  ]
})json") << u"race.json:6:5: workers[0].column: missing"_s;
    QTest::newRow("counter_on_an_unknown_column") << QByteArray(R"json({
  "version": 1,
  "name": "counter on an unknown column",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "counter_atomic", "lookup": {"user_id": "u1"}, "column": "count"}
  ]
})json") << u"race.json:6:76: workers[0].column: unknown column \"count\"; the table has user_id, name, n"_s;
    QTest::newRow("counter_on_a_text_column")
        << QByteArray(R"json({
  "version": 1,
  "name": "counter on a text column",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "counter_atomic", "lookup": {"user_id": "u1"}, "column": "name"}
  ]
})json")
        << u"race.json:6:76: workers[0].column: column \"name\" is text, not an integer column a counter can count in"_s;
    QTest::newRow("retries_of_zero") << QByteArray(R"json({
  "version": 1,
  "name": "retries of zero",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "serializable_retry", "lookup": {"user_id": "u1"}, "retries": 0}
  ]
})json") << u"race.json:6:80: workers[0].retries: must be a whole number of attempts from 1 to 100"_s;
    QTest::newRow("retries_over_a_hundred") << QByteArray(R"json({
  "version": 1,
  "name": "retries over a hundred",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "serializable_retry", "lookup": {"user_id": "u1"}, "retries": 101}
  ]
})json") << u"race.json:6:80: workers[0].retries: must be a whole number of attempts from 1 to 100"_s;
    QTest::newRow("unknown_lock_mode")
        << QByteArray(R"json({
  "version": 1,
  "name": "unknown lock mode",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "lock_table", "lookup": {"user_id": "u1"}, "lock": "share; DROP TABLE race"}
  ]
})json")
        << u"race.json:6:72: workers[0].lock: unknown lock mode \"share; DROP TABLE race\"; expected one of: ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE, ACCESS EXCLUSIVE"_s;
    QTest::newRow("sql_without_statements") << QByteArray(R"json({
  "version": 1,
  "name": "sql without statements",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql"}
  ]
})json") << u"race.json:6:5: workers[0].statements: missing"_s;
    QTest::newRow("sql_statement_that_is_a_number")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql statement that is a number",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": ["BEGIN", 42]}
  ]
})json")
        << u"race.json:6:60: workers[0].statements[1]: must be a string of SQL or an object such as {\"sql\": \"...\", \"params\": [...], \"expect\": [[...]]}"_s;
    QTest::newRow("sql_statement_with_an_unknown_key")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql statement with an unknown key",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expected": [[1]]}]}
  ]
})json")
        << u"race.json:6:71: workers[0].statements[0].expected: unknown field; expected one of: sql, params, expect, expect_ordered, expect_error, step, step_blockers"_s;
    QTest::newRow("sql_expect_row_that_is_not_a_list") << QByteArray(R"json({
  "version": 1,
  "name": "sql expect row that is not a list",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect": [1]}]}
  ]
})json") << u"race.json:6:82: workers[0].statements[0].expect[0]: must be a list of values"_s;

    // Field lookups and "before": the worker on line 6, the table on line 4.
    const QByteArray head = R"json({
  "version": 1,
  "name": "lookups",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    )json";
    auto workerRow = [&head](const char* name, const QByteArray& worker, const QString& message) {
        QTest::newRow(name) << QByteArray(head + worker + "\n  ]\n}") << message;
    };
    workerRow("lookup_unknown_field_lookup_is_named_with_the_known_ones",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"name__like": "bob"}})x",
        u"race.json:6:64: workers[0].lookup: unknown field lookup \"like\" in \"name__like\"; Interleave knows: exact, iexact, contains, icontains, startswith, istartswith, gt, gte, lt, lte, in, isnull"_s);
    workerRow("lookup_unknown_column_before_a_lookup",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"nme__iexact": "bob"}})x",
        u"race.json:6:64: workers[0].lookup: unknown column \"nme\"; the table has user_id, name, n"_s);
    workerRow("lookup_in_needs_a_list",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"name__in": "bob"}})x",
        u"race.json:6:64: workers[0].lookup.name__in: __in takes a list of values, such as [\"bob\", \"alice\"]"_s);
    workerRow("lookup_in_of_only_nulls_sends_no_query_in_django",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"name__in": [null]}})x",
        u"race.json:6:64: workers[0].lookup.name__in: __in needs at least one value that is not null: Django drops the nulls and, with nothing left, sends no query at all (EmptyResultSet)"_s);
    workerRow("lookup_isnull_takes_a_bool",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"name__isnull": 1}})x",
        u"race.json:6:64: workers[0].lookup.name__isnull: __isnull takes true or false (Django: \"The QuerySet value for an isnull lookup must be True or False.\")"_s);
    workerRow("lookup_contains_cannot_take_null",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"name__contains": null}})x",
        u"race.json:6:64: workers[0].lookup.name__contains: __contains cannot take null (Django: \"Cannot use None as a query value\"); use __isnull"_s);
    workerRow("lookup_gt_takes_one_value_not_a_list",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"n__gt": [1, 2]}})x",
        u"race.json:6:64: workers[0].lookup.n__gt: __gt takes one value, not a list"_s);
    workerRow("before_on_the_sql_recipe",
        R"x({"name": "A", "recipe": "sql", "statements": ["SELECT 1"], "before": ["SELECT 2"]})x",
        u"race.json:6:64: workers[0].before: the recipe sql does not take \"before\"; only django_get_or_create and naive_get_or_create and select_for_update and update_or_create and serializable_retry and upsert and counter_read_modify_write and counter_atomic do"_s);
    workerRow("before_is_checked_like_the_sql_recipe",
        R"x({"name": "A", "recipe": "django_get_or_create", "lookup": {"name": "bob"}, "before": ["DROP TABLE race"]})x",
        u"race.json:6:92: workers[0].before[0]: DROP statements are not run; a literal statement is a SELECT, INSERT, REPLACE, UPDATE or DELETE on the scenario's table, or BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE"_s);
    workerRow("before_inside_atomic_needs_an_outer_block",
        R"x({"name": "A", "recipe": "naive_get_or_create", "lookup": {"name": "bob"}, "atomic": true, "before": ["SELECT 1"]})x",
        u"race.json:6:79: workers[0].atomic: the recipe naive_get_or_create runs no outer atomic block for \"before\" to run in; with \"atomic\": true, \"before\" is taken by django_get_or_create, select_for_update, update_or_create, serializable_retry"_s);

    // Functional unique constraints, on line 4.
    auto constraintRow = [](const char* name, const QByteArray& constraint, const QString& message) {
        QTest::newRow(name) << QByteArray(R"json({
  "version": 1,
  "name": "functional",
  "table": {"name": "race", "columns": [{"name": "name", "type": "varchar(32)"}], "constraints": [)json"
            + constraint + R"json(]},
  "workers": [{"name": "A", "recipe": "django_get_or_create", "lookup": {"name": "bob"}}]
})json") << message;
    };
    constraintRow("expression_other_than_lower_or_upper", R"x({"kind": "unique", "expressions": ["md5(name)"]})x",
        u"race.json:4:134: table.constraints[0].expressions[0]: \"md5(name)\" is not an index expression; Interleave knows lower(column) and upper(column)"_s);
    constraintRow("expression_with_sql_after_it", R"x({"kind": "unique", "expressions": ["lower(name)) WHERE (1=1"]})x",
        u"race.json:4:134: table.constraints[0].expressions[0]: \"lower(name)) WHERE (1=1\" is not an index expression; Interleave knows lower(column) and upper(column)"_s);
    constraintRow("expression_of_an_unknown_column", R"x({"kind": "unique", "expressions": ["lower(nme)"]})x",
        u"race.json:4:134: table.constraints[0].expressions[0]: unknown column \"nme\"; the table has name"_s);
    constraintRow("expressions_and_columns_together",
        R"x({"kind": "unique", "columns": ["name"], "expressions": ["lower(name)"]})x",
        u"race.json:4:139: table.constraints[0].expressions: a constraint has columns or expressions, not both (Django: \"UniqueConstraint.fields and expressions are mutually exclusive.\")"_s);
    constraintRow("expressions_not_a_list", R"x({"kind": "unique", "expressions": "lower(name)"})x",
        u"race.json:4:118: table.constraints[0].expressions: must be a non-empty list such as [\"lower(name)\"]"_s);
    QTest::newRow("sql_expect_ordered_that_is_not_a_boolean") << QByteArray(R"json({
  "version": 1,
  "name": "sql expect ordered that is not a boolean",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect": [[1]], "expect_ordered": "yes"}]}
  ]
})json") << u"race.json:6:88: workers[0].statements[0].expect_ordered: must be true or false"_s;
    QTest::newRow("sql_expect_ordered_without_rows_to_order") << QByteArray(R"json({
  "version": 1,
  "name": "sql expect ordered without rows to order",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect_ordered": true}]}
  ]
})json") << u"race.json:6:71: workers[0].statements[0].expect_ordered: needs \"expect\" rows to order"_s;
    QTest::newRow("sql_expect_ordered_with_only_an_expected_error") << QByteArray(R"json({
  "version": 1,
  "name": "sql expect ordered with only an expected error",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect_error": "40001", "expect_ordered": false}]}
  ]
})json") << u"race.json:6:96: workers[0].statements[0].expect_ordered: needs \"expect\" rows to order"_s;
    QTest::newRow("sql_expect_error_that_is_a_number")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql expect error that is a number",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect_error": 1213}]}
  ]
})json")
        << u"race.json:6:71: workers[0].statements[0].expect_error: must be a SQLSTATE (\"40001\"), a native error code (\"1213\") or an error class (\"SerializationFailure\", \"Deadlock\")"_s;
    QTest::newRow("sql_expect_error_that_is_empty")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql expect error that is empty",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect_error": ""}]}
  ]
})json")
        << u"race.json:6:71: workers[0].statements[0].expect_error: must be a SQLSTATE (\"40001\"), a native error code (\"1213\") or an error class (\"SerializationFailure\", \"Deadlock\")"_s;
    QTest::newRow("sql_expect_error_with_more_than_a_code")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql expect error with more than a code",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect_error": "40001 or 40P01"}]}
  ]
})json")
        << u"race.json:6:71: workers[0].statements[0].expect_error: must be a SQLSTATE (\"40001\"), a native error code (\"1213\") or an error class (\"SerializationFailure\", \"Deadlock\")"_s;
    QTest::newRow("sql_expect_error_together_with_expect_rows")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql expect error together with expect rows",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect": [[1]], "expect_error": "40001"}]}
  ]
})json")
        << u"race.json:6:88: workers[0].statements[0].expect_error: a statement expects either rows (\"expect\") or an error, not both"_s;
    QTest::newRow("sql_expect_error_before_expect_rows_is_refused_the_same")
        << QByteArray(R"json({
  "version": 1,
  "name": "sql expect error before expect rows is refused the same",
  "table": {"name": "race", "columns": [{"name": "user_id", "type": "varchar(32)"}, {"name": "name", "type": "text"}, {"name": "n", "type": "integer"}]},
  "workers": [
    {"name": "A", "recipe": "sql", "statements": [{"sql": "SELECT 1", "expect_error": "40001", "expect": [[1]]}]}
  ]
})json")
        << u"race.json:6:71: workers[0].statements[0].expect_error: a statement expects either rows (\"expect\") or an error, not both"_s;
}
#endif

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
