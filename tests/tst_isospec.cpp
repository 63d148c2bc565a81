// SPDX-License-Identifier: MIT
// PostgreSQL isolation specs: the parser (every part of the grammar, every refusal at its line and column), the
// importer (the specs of tests/data/specs against their expected scenarios, every refusal), runs of imported specs
// on the three databases with their rows and errors, the import and run commands through the real program, and
// hostile specs that must leave a server's objects alone.

#include "directconnection.h"
#include "interleaveprocess.h"
#include "isolationimport.h"
#include "isolationspec.h"
#include "runner.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

QString specPath(const QString& name)
{
    return QStringLiteral(INTERLEAVE_TEST_DATA) + u"/specs/"_s + name;
}

// The parsed spec in one line, every part of it: what the parser tests compare.
QString describe(const IsolationSpec& spec)
{
    QStringList parts;
    for (const IsolationSpec::Block& b : spec.setup)
        parts.append(u"setup{%1}@%2:%3"_s.arg(b.sql.trimmed()).arg(b.at.line).arg(b.at.column));
    if (spec.teardown)
        parts.append(u"teardown{%1}"_s.arg(spec.teardown->sql.trimmed()));
    for (const IsolationSpec::Session& s : spec.sessions) {
        QString text = u"session %1@%2:%3"_s.arg(s.name).arg(s.at.line).arg(s.at.column);
        if (s.setup)
            text += u" setup{%1}"_s.arg(s.setup->sql.trimmed());
        for (const IsolationSpec::Step& st : s.steps)
            text += u" step %1{%2}"_s.arg(st.name, st.block.sql.trimmed());
        if (s.teardown)
            text += u" teardown{%1}"_s.arg(s.teardown->sql.trimmed());
        parts.append(text);
    }
    for (const IsolationSpec::Permutation& p : spec.permutations) {
        QStringList entries;
        for (const IsolationSpec::Entry& e : p.entries)
            entries.append(e.markers.isEmpty() ? e.step : e.step + u'[' + e.markers.join(u'|') + u']');
        parts.append(u"permutation "_s + entries.join(u' '));
    }
    return parts.join(u" ; "_s);
}

QString importError(const QString& text)
{
    ScenarioError error;
    const auto spec = IsolationSpec::parse(text, u"t.spec"_s, &error);
    if (!spec)
        return error.toString();
    if (IsolationImport::toScenarios(*spec, &error))
        return QString();
    return error.toString();
}

std::optional<IsolationImport::Result> importFile(const QString& name)
{
    ScenarioError error;
    const auto spec = IsolationSpec::load(specPath(name), &error);
    if (!spec) {
        qWarning("%s", qPrintable(error.toString()));
        return std::nullopt;
    }
    auto result = IsolationImport::toScenarios(*spec, &error);
    if (!result)
        qWarning("%s", qPrintable(error.toString()));
    return result;
}

// The statements that failed, in the order they ran: "s2: UPDATE ... -> Busy".
QStringList failures(const RunResult& result)
{
    QStringList lines;
    for (const TraceEvent& e : result.trace.events)
        if (e.kind == EventKind::Statement && e.error.isError())
            lines.append(
                result.trace.workers.value(e.worker) + u": "_s + result.trace.sql(e) + u" -> "_s + e.error.className());
    return lines;
}

// The final rows as "id:value" of one column, in id order.
QString column(const RunResult& result, const QString& name)
{
    const qsizetype c = result.outcome.columns.indexOf(name);
    QStringList out;
    for (const Row& row : result.outcome.rows)
        out.append(row.value(0).toString() + u':' + (c < 0 ? u"?"_s : row.value(c).toString()));
    return out.join(u' ');
}

} // namespace

class TestIsoSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryPartOfTheGrammar_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("one_session_one_step")
            << u"session s1\nstep a { SELECT 1; }\n"_s << u"session s1@1:9 step a{SELECT 1;}"_s;
        QTest::newRow("several_setup_blocks_and_a_teardown")
            << u"setup { CREATE TABLE t (a int); }\nsetup { INSERT INTO t VALUES (1); }\nteardown { DROP TABLE t; }\n"
               "session s1 step a { SELECT 1; }"_s
            << u"setup{CREATE TABLE t (a int);}@1:8 ; setup{INSERT INTO t VALUES (1);}@2:8 ; teardown{DROP TABLE t;} ; "
               "session s1@4:9 step a{SELECT 1;}"_s;
        QTest::newRow("session_setup_and_teardown")
            << u"session s1 setup { BEGIN; } step a { SELECT 1; } teardown { COMMIT; }"_s
            << u"session s1@1:9 setup{BEGIN;} step a{SELECT 1;} teardown{COMMIT;}"_s;
        QTest::newRow("quoted_names_with_spaces_keywords_and_doubled_quotes")
            << u"session \"first one\" step \"step\" { SELECT 1; } step \"say \"\"hi\"\"\" { SELECT 2; }\n"
               "permutation \"step\" \"say \"\"hi\"\"\""_s
            << u"session first one@1:9 step step{SELECT 1;} step say \"hi\"{SELECT 2;} ; permutation step say \"hi\""_s;
        QTest::newRow("comments_anywhere_outside_blocks")
            << u"# a spec\nsession s1 # the first\nstep a { SELECT 1; } # after\n# permutation a\n"_s
            << u"session s1@2:9 step a{SELECT 1;}"_s;
        QTest::newRow("a_hash_inside_a_block_is_sql")
            << u"session s1 step a { SELECT '#' FROM t; }"_s << u"session s1@1:9 step a{SELECT '#' FROM t;}"_s;
        QTest::newRow("nested_braces_stay_in_the_block") << u"session s1 step a { SELECT '{a}' ; SELECT '{}'; }"_s
                                                         << u"session s1@1:9 step a{SELECT '{a}' ; SELECT '{}';}"_s;
        QTest::newRow("several_permutations_with_the_three_markers")
            << u"session s1 step a { SELECT 1; } step b { SELECT 2; }\nsession s2 step c { SELECT 3; }\n"
               "permutation a c(*) b\npermutation a(c) c b\npermutation a(c notices 2, *) c b"_s
            << u"session s1@1:9 step a{SELECT 1;} step b{SELECT 2;} ; session s2@2:9 step c{SELECT 3;} ; "
               "permutation a c[*] b ; permutation a[c] c b ; permutation a[c notices 2|*] c b"_s;
        QTest::newRow("keywords_in_any_case") << u"SESSION s1 Step a { SELECT 1; } PERMUTATION a"_s
                                              << u"session s1@1:9 step a{SELECT 1;} ; permutation a"_s;
        QTest::newRow("a_step_may_appear_twice_in_a_permutation")
            << u"session s1 step a { SELECT 1; } permutation a a"_s
            << u"session s1@1:9 step a{SELECT 1;} ; permutation a a"_s;
        QTest::newRow("columns_count_characters_not_bytes")
            << u"# é\nsession \"é\" step a { SELECT 1; }"_s << u"session é@2:9 step a{SELECT 1;}"_s;
    }
    void parsesEveryPartOfTheGrammar()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        ScenarioError error;
        const auto spec = IsolationSpec::parse(text, u"t.spec"_s, &error);
        QVERIFY2(spec, qPrintable(error.toString()));
        QCOMPARE(describe(*spec), expected);
    }

    void refusesWhatIsNotTheGrammar_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString step = u"session s1\nstep a { SELECT 1; }\n"_s;
        QTest::newRow("an_empty_file_has_no_session") << QString()
                                                      << u"t.spec:1:1: expected setup, teardown or session, found the "
                                                         "end of the file"_s;
        QTest::newRow("a_step_defined_twice")
            << step + u"step a { SELECT 2; }\n"_s << u"t.spec:3:6: step \"a\" is defined twice"_s;
        QTest::newRow("a_step_defined_twice_in_two_sessions")
            << step + u"session s2\nstep a { SELECT 2; }\n"_s << u"t.spec:4:6: step \"a\" is defined twice"_s;
        QTest::newRow("a_session_defined_twice")
            << step + u"session s1\nstep b { SELECT 2; }\n"_s << u"t.spec:3:9: session \"s1\" is defined twice"_s;
        QTest::newRow("permutation_names_an_unknown_step")
            << step + u"permutation a s9\n"_s << u"t.spec:3:15: permutation names unknown step \"s9\""_s;
        QTest::newRow("a_marker_names_an_unknown_step")
            << step + u"permutation a(zz)\n"_s << u"t.spec:3:15: marker names unknown step \"zz\""_s;
        QTest::newRow("notices_without_a_number") << step + u"permutation a(a notices x)\n"_s
                                                  << u"t.spec:3:25: notices needs a number, found the name \"x\""_s;
        QTest::newRow("notices_of_zero") << step + u"permutation a(a notices 0)\n"_s
                                         << u"t.spec:3:25: notices needs a number from 1 to 1000000, found 0"_s;
        QTest::newRow("an_unclosed_marker_list") << step
                + u"permutation a(* a\n"_s << u"t.spec:3:17: expected , or ) after a marker, found the name \"a\""_s;
        QTest::newRow("a_session_without_steps")
            << u"session s1\npermutation a\n"_s
            << u"t.spec:2:1: session \"s1\" needs at least one step, found the keyword permutation"_s;
        QTest::newRow("an_empty_permutation") << step
                + u"permutation\n"_s << u"t.spec:4:1: permutation needs at least one step, found the end of the file"_s;
        QTest::newRow("a_keyword_as_a_bare_name")
            << u"session step\nstep a { SELECT 1; }\n"_s
            << u"t.spec:1:9: session needs a name (a keyword is a name only in double quotes), found the keyword step"_s;
        QTest::newRow("an_unterminated_block")
            << u"session s1\nstep a { SELECT 1;\n"_s << u"t.spec:2:8: unterminated { SQL } block: no } to close it"_s;
        QTest::newRow("an_unterminated_quoted_name")
            << u"session \"s1\nstep a { SELECT 1; }\n"_s
            << u"t.spec:1:9: unterminated quoted name: no closing \" on its line"_s;
        QTest::newRow("an_empty_quoted_name")
            << u"session \"\" step a { SELECT 1; }"_s << u"t.spec:1:9: a name cannot be empty"_s;
        QTest::newRow("a_stray_character") << step + u"%\n"_s << u"t.spec:3:1: unexpected character \"%\""_s;
        QTest::newRow("a_step_without_a_block")
            << u"session s1\nstep a SELECT 1;\n"_s
            << u"t.spec:2:8: step \"a\" needs a { SQL } block, found the name \"SELECT\""_s;
        QTest::newRow("a_setup_after_the_sessions")
            << step + u"setup { SELECT 1; }\n"_s
            << u"t.spec:3:1: expected session, step, teardown or permutation, found the keyword setup"_s;
        QTest::newRow("two_session_setups")
            << u"session s1 setup { BEGIN; } setup { SELECT 1; } step a { SELECT 1; }"_s
            << u"t.spec:1:29: session \"s1\" has a setup already; write one setup block with all its statements"_s;
        QTest::newRow("a_name_too_long") << u"session %1 step a { SELECT 1; }"_s.arg(QString(64, u'x'))
                                         << u"t.spec:1:9: a name is at most 63 characters"_s;
    }
    void refusesWhatIsNotTheGrammar()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        ScenarioError error;
        QVERIFY(!IsolationSpec::parse(text, u"t.spec"_s, &error));
        QCOMPARE(error.toString(), expected);
    }

    void refusesWhatExceedsTheLimits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QString sessions;
        for (int i = 0; i <= IsolationSpec::maxSessions; ++i)
            sessions += u"session s%1 step a%1 { SELECT 1; }\n"_s.arg(i);
        QTest::newRow("sixty_five_sessions") << sessions << u"t.spec:65:9: at most 64 sessions"_s;
        QString entries = u"session s1 step a { SELECT 1; }\npermutation"_s;
        for (int i = 0; i <= IsolationSpec::maxEntries; ++i)
            entries += u" a"_s;
        QTest::newRow("a_permutation_of_a_thousand_and_one_steps")
            << entries << u"t.spec:2:2013: at most 1000 steps on a permutation line"_s;
        QString many = u"session s1 step a { SELECT 1; }\n"_s;
        for (int i = 0; i < 6; ++i)
            many += u"permutation"_s + QString(u" a"_s).repeated(1000) + u'\n';
        QTest::newRow("permutations_of_more_than_five_thousand_steps_in_all")
            << many << u"t.spec:7:13: at most 5000 steps on all permutation lines together"_s;
        QTest::newRow("a_file_over_a_megabyte")
            << u"session s1 step a { %1 }"_s.arg(QString(IsolationSpec::maxFileSize, u' '))
            << u"t.spec: a spec is at most 1048576 characters, this one has 1048598"_s;
    }
    void refusesWhatExceedsTheLimits()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        ScenarioError error;
        QVERIFY(!IsolationSpec::parse(text, u"t.spec"_s, &error));
        QCOMPARE(error.toString(), expected);
    }

    // Each spec of tests/data/specs imports to the scenarios in its .scenarios.json, which load again unchanged.
    void importsToTheExpectedScenarios_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QStringList>("permutations");
        QTest::newRow("lost_update_two_permutations")
            << u"lost-update.spec"_s << QStringList { u"s1r s2r s1w s2w s1c s2c"_s, u"s1r s1w s2r(*) s1c s2w s2c"_s };
        QTest::newRow("every_feature_four_permutations_three_markers")
            << u"every-feature.spec"_s
            << QStringList { u"move s2read c1 c2"_s, u"move \"s2 write\"(*) c1 c2"_s, u"move \"s2 write\"(c1) c1 c2"_s,
                   u"move \"s2 write\"(c1 notices 1, *) c1 c2"_s };
        QTest::newRow("no_permutation_explores") << u"explore.spec"_s << QStringList { QString() };
        QTest::newRow("postgresql_only_statements")
            << u"postgres-only.spec"_s << QStringList { u"s1r s2r s1w s2w s1c s2c"_s };
    }
    void importsToTheExpectedScenarios()
    {
        QFETCH(QString, spec);
        QFETCH(QStringList, permutations);
        const auto result = importFile(spec);
        QVERIFY(result);
        QStringList got;
        QJsonArray scenarios;
        for (const IsolationImport::Imported& imported : result->scenarios) {
            got.append(imported.permutation);
            const QByteArray json = imported.scenario.toJson();
            ScenarioError error;
            const auto again = Scenario::fromJson(json, spec, &error);
            QVERIFY2(again, qPrintable(error.toString()));
            QCOMPARE(again->toJson(), json);
            scenarios.append(QJsonDocument::fromJson(json).object());
        }
        QCOMPARE(got, permutations);
        const QString goldenPath = specPath(QString(spec).replace(u".spec"_s, u".scenarios.json"_s));
        QFile golden(goldenPath);
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(goldenPath));
        QCOMPARE(QJsonDocument(scenarios).toJson(), QJsonDocument::fromJson(golden.readAll()).toJson());
    }

    void mapsTheSpecAsDocumented()
    {
        const auto lost = importFile(u"lost-update.spec"_s);
        QVERIFY(lost);
        const Scenario& first = lost->scenarios.at(0).scenario;
        // id integer PRIMARY KEY is Interleave's own id: no extra column, no note about the key.
        QCOMPARE(first.table.columns.size(), 2);
        QCOMPARE(first.table.columns.at(0).name, u"hits"_s);
        QVERIFY(!first.table.columns.at(0).nullable);
        QCOMPARE(first.table.columns.at(0).defaultValue, QVariant(0));
        QCOMPARE(first.table.model, u"Counter"_s);
        QCOMPARE(first.backend.kind, BackendSpec::Kind::Sqlite);
        QVERIFY(first.databases.isEmpty()); // every database reads its statements
        // Setups first, then the permutation, then the teardowns, a worker name per statement.
        QCOMPARE(first.schedule.script.join(u','), u"s1,s2,s1,s2,s1,s2,s1,s2,s2"_s);
        QCOMPARE(first.workers.at(1).statements.constLast().step, QString()); // the session's teardown
        QCOMPARE(lost->scenarios.at(1).scenario.workers.at(1).statements.at(1).stepBlockers, QStringList { u"*"_s });

        const auto every = importFile(u"every-feature.spec"_s);
        QVERIFY(every);
        const Scenario& s = every->scenarios.at(3).scenario;
        // A primary key other than id: a unique, NOT NULL column, and a note that says SELECT * shows id.
        QCOMPARE(s.table.constraints.at(0).columns, QStringList { u"name"_s });
        QVERIFY(!s.table.column(u"name"_s)->nullable);
        QVERIFY(every->notes.join(u'\n').contains(u"SELECT * shows an id column"_s));
        // A quoted session name that is no worker name becomes one, with a note.
        QCOMPARE(s.workerNames(), (QStringList { u"first_session"_s, u"s2"_s }));
        QVERIFY(every->notes.join(u'\n').contains(u"session \"first session\" is worker first_session"_s));
        // A step of two statements is two statements of that step; the unused step is left out.
        QCOMPARE(s.workers.at(0).statements.at(1).step, u"move"_s);
        QCOMPARE(s.workers.at(0).statements.at(2).step, u"move"_s);
        QCOMPARE(s.workers.at(1).statements.size(), 3);
        QCOMPARE(s.workers.at(1).statements.at(1).stepBlockers, (QStringList { u"c1 notices 1"_s, u"*"_s }));
        QCOMPARE(s.table.constraints.at(1).where, u"balance > 500"_s);
        QCOMPARE(s.table.rows.at(0).value(u"balance"_s), QVariant()); // the default fills it when the table is made

        const auto pg = importFile(u"postgres-only.spec"_s);
        QVERIFY(pg);
        QCOMPARE(pg->scenarios.at(0).scenario.backend.kind, BackendSpec::Kind::Postgresql);
        QCOMPARE(pg->scenarios.at(0).scenario.databases, QStringList { u"postgresql"_s });
        QVERIFY(pg->notes.join(u'\n').contains(u"not on SQLite (line 6: SQLite does not read BEGIN ISOLATION LEVEL"_s));
    }

    void refusesWhatItCannotImport_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString session = u"\nsession s1\nstep a { SELECT 1; }\n"_s;
        const auto row = [&](const char* name, const QString& setup, const QString& expected) {
            QTest::newRow(name) << setup + session << expected;
        };
        const QString only = u"is not supported: a spec's setup may only create its one table (CREATE TABLE, CREATE "
                             "UNIQUE INDEX) and insert its rows (INSERT ... VALUES)"_s;
        row("no_table", u"setup { SELECT 1; }"_s, u"t.spec:1:9: setup: SELECT "_s + only);
        row("no_setup_at_all", QString(),
            u"t.spec:1:1: setup: the spec creates no table; a scenario has one table, from setup { CREATE TABLE ... }"_s);
        row("drop_table_of_another_schema", u"setup { CREATE TABLE t (a int); DROP TABLE public.x; }"_s,
            u"t.spec:1:33: setup: DROP "_s + only);
        row("create_function",
            u"setup { CREATE TABLE t (a int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; }"_s,
            u"t.spec:2:1: setup: CREATE FUNCTION "_s + only);
        row("alter_system", u"setup { ALTER SYSTEM SET work_mem = 64; CREATE TABLE t (a int); }"_s,
            u"t.spec:1:9: setup: ALTER SYSTEM "_s + only);
        row("set_a_server_setting", u"setup { CREATE TABLE t (a int); SET work_mem = 64; }"_s,
            u"t.spec:1:33: setup: SET "_s + only);
        row("a_second_table", u"setup { CREATE TABLE t (a int); }\nsetup { CREATE TABLE u (b int); }"_s,
            u"t.spec:2:22: setup: a second table \"u\": a scenario has one table (\"t\")"_s);
        row("a_table_in_another_schema", u"setup { CREATE TABLE public.t (a int); }"_s,
            u"t.spec:1:22: setup: \"public.t\" names the schema \"public\": a spec's table is created in Interleave's "
            "own schema, so write its name without one"_s);
        row("insert_into_another_table", u"setup { CREATE TABLE t (a int); INSERT INTO u VALUES (1); }"_s,
            u"t.spec:1:45: setup: INSERT names \"u\", not the spec's table \"t\": a scenario has one table"_s);
        row("a_meta_command", u"setup { CREATE TABLE t (a int); \\set x 1 }"_s,
            u"t.spec:1:33: setup: PostgreSQL cannot read it: syntax error at or near \"\\\""_s);
        row("a_check_constraint", u"setup { CREATE TABLE t (a int CHECK (a > 0)); }"_s,
            u"t.spec:1:31: setup: CHECK on column \"a\" is not supported: only NOT NULL, DEFAULT, PRIMARY KEY and "
            "UNIQUE"_s);
        row("a_foreign_key", u"setup { CREATE TABLE t (a int REFERENCES x (id)); }"_s,
            u"t.spec:1:31: setup: REFERENCES (foreign key) on column \"a\" is not supported: only NOT NULL, DEFAULT, "
            "PRIMARY KEY and UNIQUE"_s);
        row("a_default_that_is_a_function", u"setup { CREATE TABLE t (a int DEFAULT random()); }"_s,
            u"t.spec:1:31: setup: the DEFAULT of column \"a\" is not a literal value: only a string, a number, "
            "true/false or NULL"_s);
        row("insert_select", u"setup { CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 10); }"_s,
            u"t.spec:1:33: setup: INSERT ... SELECT is not supported: write the rows as VALUES (...), (...)"_s);
        row("ids_out_of_order", u"setup { CREATE TABLE t (id int PRIMARY KEY, a int); INSERT INTO t VALUES (5, 1); }"_s,
            u"t.spec:1:75: setup: the rows' ids must be 1, 2, 3, ... in the order they are inserted, as Interleave "
            "numbers its rows itself; this row is row 1 and its id is 5"_s);
        row("an_id_of_text", u"setup { CREATE TABLE t (id text PRIMARY KEY, a int); }"_s,
            u"t.spec:1:25: setup: column \"id\" is text: Interleave's table has its own integer id primary key; name "
            "the column otherwise, or make it an integer primary key"_s);
        row("an_id_that_is_not_the_key", u"setup { CREATE TABLE t (id int, a int PRIMARY KEY); }"_s,
            u"t.spec:1:25: setup: a column \"id\" that is not the primary key: Interleave's table has its own integer "
            "id primary key; rename the column, or make it the primary key"_s);
        row("a_plain_index", u"setup { CREATE TABLE t (a int); CREATE INDEX ON t (a); }"_s,
            u"t.spec:1:33: setup: CREATE INDEX without UNIQUE is not supported: Interleave's table has only its unique "
            "constraints; leave the index out"_s);
        row("a_predicate_with_a_subquery",
            u"setup { CREATE TABLE t (a int); CREATE UNIQUE INDEX i ON t (a) WHERE a > (SELECT 1); }"_s,
            u"t.spec:1:33: setup: table.constraints[0].where: a subquery is not allowed in a predicate"_s);
        row("a_temporary_table", u"setup { CREATE TEMP TABLE t (a int); }"_s,
            u"t.spec:1:9: setup: a temporary or unlogged table is not supported: Interleave creates an ordinary table"_s);
        row("an_array_column", u"setup { CREATE TABLE t (a int[]); }"_s,
            u"t.spec:1:27: setup: the type of column \"a\" is not supported: a plain type such as integer, text or "
            "varchar(32)"_s);
        row("a_teardown_dropping_another_table",
            u"setup { CREATE TABLE t (a int); }\nteardown { DROP TABLE victim; }"_s,
            u"t.spec:2:12: teardown: only DROP TABLE t is accepted (Interleave drops its own table after the run); "
            "DROP TABLE victim is not"_s);
        row("a_teardown_that_deletes", u"setup { CREATE TABLE t (a int); }\nteardown { DELETE FROM t; }"_s,
            u"t.spec:2:12: teardown: only DROP TABLE t is accepted (Interleave drops its own table after the run); "
            "DELETE is not"_s);
        QTest::newRow("a_step_naming_another_schema")
            << u"setup { CREATE TABLE t (a int); }\nsession s1\nstep a { DELETE FROM public.victim; }\n"_s
            << u"t.spec:3:22: step \"a\": \"public.victim\" names the schema \"public\": a spec's statements name only "
               u"its "
               "table, unqualified"_s;
        QTest::newRow("a_session_setup_joining_another_schema")
            << u"setup { CREATE TABLE t (a int); }\nsession s1\nsetup { SELECT * FROM t, pg_catalog.pg_authid; }\n"
               "step a { SELECT 1; }\n"_s
            << u"t.spec:3:26: session \"s1\" setup: \"pg_catalog.pg_authid\" names the schema \"pg_catalog\": a spec's "
               "statements name only its table, unqualified"_s;
        QTest::newRow("a_step_that_no_database_runs")
            << u"setup { CREATE TABLE t (a int); }\nsession s1\nstep a { ALTER SYSTEM SET work_mem = 64; }\n"_s
            << u"t.spec:3:10: step \"a\": ALTER statements are not run; a literal statement is a SELECT, INSERT, "
               u"UPDATE, "
               "DELETE or MERGE on the scenario's table, BEGIN, COMMIT, ROLLBACK, SAVEPOINT or RELEASE, SET, RESET or "
               "SHOW of a session setting, or LOCK of the table"_s;
        QTest::newRow("a_step_reading_another_table")
            << u"setup { CREATE TABLE t (a int); }\nsession s1\nstep a { SELECT * FROM victim; }\n"_s
            << u"t.spec:3:24: step \"a\": names the table \"victim\": a spec's statements name only its table \"t\""_s;
        QTest::newRow("a_step_may_name_its_own_with_query")
            << u"setup { CREATE TABLE t (a int); }\nsession s1\nstep a { WITH w AS (SELECT a FROM t) SELECT * FROM w; }\n"_s
            << QString();
        QTest::newRow("a_step_without_a_statement")
            << u"setup { CREATE TABLE t (a int); }\nsession s1\nstep a { -- nothing\n }\n"_s
            << u"t.spec:3:9: step \"a\" has no statement"_s;
    }
    void refusesWhatItCannotImport()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(importError(text), expected);
    }

    // An imported spec run as a scenario: its rows and its statements' errors, on each database.
    void runsOnEachDatabase_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("permutation");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("rows");
        QTest::addColumn<QStringList>("failed");
        test::addDatabaseColumn();
        const QString secondWrite = u"s2: UPDATE counter SET hits = 12 WHERE id = 1; -> "_s;
        // SQLite: s2 holds a read lock when it asks to write while s1 has written: Busy at once, s1's write stays.
        QTest::newRow("lost_update_refused_by_sqlite_busy")
            << u"lost-update.spec"_s << 0 << u"hits"_s << u"1:11 2:20"_s << QStringList { secondWrite + u"Busy"_s }
            << int(BackendSpec::Kind::Sqlite);
        // READ COMMITTED (PostgreSQL's default) and REPEATABLE READ (MariaDB 10.11's): s2 waits, then overwrites.
        QTest::newRow("lost_update_happens_on_postgresql") << u"lost-update.spec"_s << 0 << u"hits"_s << u"1:12 2:20"_s
                                                           << QStringList() << int(BackendSpec::Kind::Postgresql);
        QTest::newRow("lost_update_happens_on_mariadb") << u"lost-update.spec"_s << 0 << u"hits"_s << u"1:12 2:20"_s
                                                        << QStringList() << int(BackendSpec::Kind::Mysql);
        QTest::newRow("write_skew_aborted_by_postgresql_serializable")
            << u"postgres-only.spec"_s << 0 << u"on_call"_s << u"1:false 2:true"_s
            << QStringList { u"s2: COMMIT; -> SerializationFailure"_s } << int(BackendSpec::Kind::Postgresql);
        // MariaDB's SERIALIZABLE reads with shared locks: both sessions hold one on the rows, s2's write deadlocks.
        QTest::newRow("write_skew_deadlocks_on_mariadb_serializable")
            << u"mysql-serializable.spec"_s << 0 << u"on_call"_s << u"1:0 2:1"_s
            << QStringList { u"s2: UPDATE doctors SET on_call = false WHERE name = 'bob'; -> Deadlock"_s }
            << int(BackendSpec::Kind::Mysql);
        QTest::newRow("every_feature_second_update_waits_then_wins_on_postgresql")
            << u"every-feature.spec"_s << 1 << u"balance"_s << u"1:0 2:60"_s << QStringList()
            << int(BackendSpec::Kind::Postgresql);
    }
    void runsOnEachDatabase()
    {
        QFETCH(QString, spec);
        QFETCH(int, permutation);
        QFETCH(QString, column);
        QFETCH(QString, rows);
        QFETCH(QStringList, failed);
        QFETCH(int, database);
        const auto imported = importFile(spec);
        QVERIFY(imported);
        REQUIRE_DATABASE(s, imported->scenarios.at(permutation).scenario, BackendSpec::Kind(database));
        Runner runner(s);
        const RunResult result = runner.run();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY2(!result.incomplete(), qPrintable(result.outcome.incompleteText()));
        QCOMPARE(::column(result, column), rows);
        QCOMPARE(failures(result), failed);
    }

    void importCommandWritesTheScenarios()
    {
        // One scenario: to stdout, with a note per permutation on stderr.
        InterleaveRun run = runInterleave({ u"import"_s, specPath(u"postgres-only.spec"_s) });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        ScenarioError error;
        const auto scenario = Scenario::fromJson(run.out.toUtf8(), u"stdout"_s, &error);
        QVERIFY2(scenario, qPrintable(error.toString()));
        QCOMPARE(scenario->table.name, u"doctors"_s);
        QVERIFY2(run.err.contains(u"note: permutation 1: s1r s2r s1w s2w s1c s2c\n"_s), qPrintable(run.err));

        // Several: a directory is needed, then one file each.
        run = runInterleave({ u"import"_s, specPath(u"lost-update.spec"_s) });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"has 2 permutations, a scenario each: name a directory with --output DIR"_s),
            qPrintable(run.err));
        QTemporaryDir dir;
        run = runInterleave({ u"import"_s, specPath(u"lost-update.spec"_s), u"--output"_s, dir.path() });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(QFile::exists(dir.filePath(u"lost-update-1.json"_s)));
        QVERIFY(Scenario::load(dir.filePath(u"lost-update-2.json"_s), &error));

        // Bad input: exit 2, the file, line and column.
        const QString bad = dir.filePath(u"bad.spec"_s);
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("session s1\nstep a { SELECT 1; }\npermutation a s9\n");
        file.close();
        run = runInterleave({ u"import"_s, bad });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.err, bad + u":3:15: permutation names unknown step \"s9\"\n"_s);
        QVERIFY(run.out.isEmpty());
    }

    void runCommandRunsEveryPermutation()
    {
        InterleaveRun run = runInterleave({ u"run"_s, specPath(u"lost-update.spec"_s) });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(u"starting permutation: s1r s2r s1w s2w s1c s2c\nlost-update #1\n"_s),
            qPrintable(run.out));
        QVERIFY(run.out.contains(u"\nstarting permutation: s1r s1w s2r(*) s1c s2w s2c\nlost-update #2\n"_s));
        QCOMPARE(run.out.count(u"Busy 5: database is locked"_s), 2);

        run = runInterleave({ u"run"_s, specPath(u"lost-update.spec"_s), u"--json"_s });
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        const QJsonArray permutations = report[u"permutations"_s].toArray();
        QCOMPARE(permutations.size(), 2);
        QCOMPARE(permutations.at(1)[u"permutation"_s].toString(), u"s1r s1w s2r(*) s1c s2w s2c"_s);
        QCOMPARE(permutations.at(0)[u"report"_s][u"rows"_s][u"values"_s].toArray().size(), 2);

        // No permutation: explore.
        run = runInterleave({ u"run"_s, specPath(u"explore.spec"_s) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(u"starting permutations: every interleaving of the steps (explore)\n"_s),
            qPrintable(run.out));
        QVERIFY(run.out.contains(u"explored "_s));

        // Statements only PostgreSQL reads: the user names the server.
        run = runInterleave({ u"run"_s, specPath(u"postgres-only.spec"_s) });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"statements run only on postgresql"_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"name the server with --backend URL"_s), qPrintable(run.err));
    }

    void runCommandAsksConsentOnAServer()
    {
        REQUIRE_SERVER_URL(url, BackendSpec::Kind::Postgresql);
        InterleaveRun run = runInterleave({ u"run"_s, specPath(u"postgres-only.spec"_s), u"--backend"_s, url });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"--allow-sql"_s), qPrintable(run.err));
        run = runInterleave({ u"run"_s, specPath(u"postgres-only.spec"_s), u"--backend"_s, url, u"--allow-sql"_s });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(u"SerializationFailure 40001"_s), qPrintable(run.out));
    }

    // The whole way, compared with the real thing: a spec that PostgreSQL's own isolationtester ran on PostgreSQL
    // 15 (tests/data/specs/NAME.reference-spec; its output, unchanged, in NAME.postgresql.out), imported and run by
    // `interleave run NAME.spec --format isolationtester` on the test PostgreSQL, prints the same bytes.
    void specRunPrintsWhatIsolationtesterPrinted_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("a_blocked_update_and_its_completion") << u"isoformat-blocking"_s;
        QTest::newRow("a_deadlock_and_its_victim") << u"isoformat-deadlock"_s;
        QTest::newRow("star_and_other_step_markers") << u"isoformat-markers"_s;
        QTest::newRow("a_serialization_failure") << u"isoformat-serialization"_s;
        QTest::newRow("a_step_whose_first_statement_waits") << u"isoformat-waitingstep"_s;
        QTest::newRow("a_step_over_several_lines_keeps_its_newlines") << u"isoformat-multiline"_s;
    }
    void specRunPrintsWhatIsolationtesterPrinted()
    {
        QFETCH(QString, name);
        REQUIRE_SERVER_URL(url, BackendSpec::Kind::Postgresql);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString spec = dir.filePath(name + u".spec"_s);
        QVERIFY(QFile::copy(specPath(name + u".reference-spec"_s), spec));
        const InterleaveRun run = runInterleave(
            { u"run"_s, spec, u"--format"_s, u"isolationtester"_s, u"--backend"_s, url, u"--allow-sql"_s });
        QCOMPARE(run.exitCode, 0);
        QFile expected(specPath(name + u".postgresql.out"_s));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        QCOMPARE(run.out, QString::fromUtf8(expected.readAll()));
    }

    // Hostile specs on a real server: each refused before anything connects, and the server's own table is still
    // there with its row.
    void hostileSpecsLeaveTheServerAlone_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("refusal");
        test::addDatabaseColumn();
        const QString session = u"\nsession s1\nstep a { SELECT 1; }\n"_s;
        const QList<std::tuple<const char*, QString, QString>> specs {
            { "drop_table_in_setup", u"setup { CREATE TABLE t (a int); DROP TABLE %1; }"_s + session,
                u"setup: DROP is not supported"_s },
            { "drop_table_in_teardown", u"setup { CREATE TABLE t (a int); }\nteardown { DROP TABLE %1; }"_s + session,
                u"teardown: only DROP TABLE t is accepted"_s },
            { "create_function_in_setup",
                u"setup { CREATE TABLE t (a int); CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'DROP TABLE %1'; }"_s
                    + session,
                u"setup: CREATE FUNCTION is not supported"_s },
            { "alter_system_in_setup", u"setup { CREATE TABLE t (a int); ALTER SYSTEM SET work_mem = 64; }"_s + session,
                u"setup: ALTER SYSTEM is not supported"_s },
            { "set_global_in_a_session_setup",
                u"setup { CREATE TABLE t (a int); }\nsession s1\nsetup { SET GLOBAL max_connections = 1; }\n"
                "step a { SELECT 1; }\n"_s,
                u"session \"s1\" setup: "_s },
            { "a_second_table_named_like_the_victim",
                u"setup { CREATE TABLE t (a int); CREATE TABLE %2 (b int); }"_s + session, u"setup: a second table"_s },
            { "a_step_naming_another_schema",
                u"setup { CREATE TABLE t (a int); }\nsession s1\nstep a { DELETE FROM %1; }\n"_s,
                u"names the schema"_s },
        };
        for (const auto kind : { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql }) {
            const QString victim =
                kind == BackendSpec::Kind::Postgresql ? u"public.isospec_victim"_s : u"interleave.isospec_victim"_s;
            for (const auto& [name, text, refusal] : specs)
                QTest::addRow("%s_on_%s", name, qPrintable(BackendSpec::kindName(kind)))
                    << QString(text).replace(u"%1"_s, victim).replace(u"%2"_s, u"isospec_victim"_s) << refusal
                    << int(kind);
        }
    }
    void hostileSpecsLeaveTheServerAlone()
    {
        QFETCH(QString, text);
        QFETCH(QString, refusal);
        QFETCH(int, database);
        const auto kind = BackendSpec::Kind(database);
        REQUIRE_SERVER_URL(url, kind);
        test::DirectConnection direct(kind);
        QVERIFY(direct.ok);
        const QString victim =
            kind == BackendSpec::Kind::Postgresql ? u"public.isospec_victim"_s : u"interleave.isospec_victim"_s;
        direct.exec(u"DROP TABLE IF EXISTS "_s + victim);
        QVERIFY(!direct.exec(u"CREATE TABLE "_s + victim + u" (a int)"_s).error.isError());
        QVERIFY(!direct.exec(u"INSERT INTO "_s + victim + u" VALUES (42)"_s).error.isError());
        QTemporaryDir dir;
        const QString path = dir.filePath(u"hostile.spec"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        file.close();
        const InterleaveRun run = runInterleave({ u"run"_s, path, u"--backend"_s, url, u"--allow-sql"_s });
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(path + u':'), qPrintable(run.err));
        QVERIFY2(run.err.contains(refusal), qPrintable(run.err));
        const StatementResult still = direct.exec(u"SELECT a FROM "_s + victim);
        QVERIFY2(!still.error.isError(), qPrintable(still.error.message));
        QCOMPARE(still.rows.size(), 1);
        QCOMPARE(still.rows.at(0).value(0).toInt(), 42);
        direct.exec(u"DROP TABLE "_s + victim);
    }
};

QTEST_GUILESS_MAIN(TestIsoSpec)
#include "tst_isospec.moc"
