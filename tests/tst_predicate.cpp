// SPDX-License-Identifier: MIT
// Partial unique predicates are parsed, never passed through (issue 13, finding 1): what the grammar accepts and
// the SQL each dialect gets from the tree; what it refuses, where and why; that the SQL means the same whatever
// the server's settings; and, on real servers, that a hostile scenario file is refused at load with its
// file:line:col while a table of our own in `public` survives row for row. Also oneLine(), which keeps every
// loader message on one line.

#include "directconnection.h"
#include "interleaveprocess.h"
#include "oneline.h"
#include "predicate.h"
#include "racescenario.h"
#include "remotebackend.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "sqlitebackend.h"
#include "testdatabases.h"
#include "timebounds.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

TableSpec table()
{
    TableSpec t;
    t.name = u"t1"_s;
    t.columns = { { u"flag"_s, u"smallint"_s, false }, { u"parent_id"_s, u"integer"_s, false },
        { u"name"_s, u"text"_s }, { u"level"_s, u"integer"_s }, { u"order"_s, u"integer"_s }, { u"e"_s, u"text"_s } };
    return t;
}

// Sets an environment variable for one scope and restores it however the scope is left (a failed QVERIFY
// returns early; a variable left behind would change every later test).
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const QByteArray& value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~ScopedEnvironment()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

// The victim: a table Interleave did not create, beside the database's other tables (PostgreSQL: public; MySQL: a
// database of its own), with rows that must survive every attempt.
QString victimTable(BackendSpec::Kind kind)
{
    return kind == BackendSpec::Kind::Postgresql ? u"public.predicate_victim"_s : u"predicate_victims.victim"_s;
}

QList<Row> victimRows(DirectConnection& direct, BackendSpec::Kind kind)
{
    const StatementResult r = direct.exec(u"SELECT id, note FROM "_s + victimTable(kind) + u" ORDER BY id"_s);
    return r.ok() ? r.rows : QList<Row> {};
}

bool createVictim(DirectConnection& direct, BackendSpec::Kind kind)
{
    if (kind == BackendSpec::Kind::Mysql && !direct.exec(u"CREATE DATABASE IF NOT EXISTS predicate_victims"_s).ok())
        return false;
    direct.exec(u"DROP TABLE IF EXISTS "_s + victimTable(kind));
    if (!direct.exec(u"CREATE TABLE "_s + victimTable(kind) + u" (id integer PRIMARY KEY, note text)"_s).ok())
        return false;
    return direct.exec(u"INSERT INTO "_s + victimTable(kind) + u" VALUES (1, 'keep me'), (2, 'and me')"_s).ok();
}

} // namespace

class TestPredicate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptedPredicateAndItsSqlPerDialect_data();
    void acceptedPredicateAndItsSqlPerDialect();
    void refusedPredicateNamesWhatAndWhere_data();
    void refusedPredicateNamesWhatAndWhere();
    void anyLengthAndNestingIsRefusedQuickly_data();
    void anyLengthAndNestingIsRefusedQuickly();
    void oneLineEscapesWhatWouldBreakALine_data();
    void oneLineEscapesWhatWouldBreakALine();
    void elideMiddleKeepsBothEnds_data();
    void elideMiddleKeepsBothEnds();
    void backendsWriteTheIndexFromTheTree();

    // Real databases.
    void stringMeansItselfWhateverTheSettings_data();
    void stringMeansItselfWhateverTheSettings();
    void hostileFileIsRefusedAtLoadAndTheVictimSurvives_data();
    void hostileFileIsRefusedAtLoadAndTheVictimSurvives();
    void parsedPredicateCannotInjectWithoutConformingStrings();
    void legitimatePartialIndexStillWorks_data();
    void legitimatePartialIndexStillWorks();
};

void TestPredicate::acceptedPredicateAndItsSqlPerDialect()
{
    QFETCH(QString, text);
    QFETCH(QString, sqlite);
    QFETCH(QString, postgresql);
    QFETCH(QString, mysql);

    Predicate::Error error;
    const auto predicate = Predicate::parse(text, table(), &error);
    QVERIFY2(predicate, qPrintable(u"at %1: %2"_s.arg(error.offset).arg(error.message)));
    QCOMPARE(predicate->sql(BackendSpec::Kind::Sqlite), sqlite);
    QCOMPARE(predicate->sql(BackendSpec::Kind::Postgresql), postgresql);
    QCOMPARE(predicate->sql(BackendSpec::Kind::Mysql), mysql);

    // The SQLite form is the canonical text: it parses again, to itself, in every dialect.
    const auto again = Predicate::parse(sqlite, table(), &error);
    QVERIFY2(again, qPrintable(u"at %1: %2"_s.arg(error.offset).arg(error.message)));
    QCOMPARE(again->sql(BackendSpec::Kind::Sqlite), sqlite);
    QCOMPARE(again->sql(BackendSpec::Kind::Postgresql), postgresql);
    QCOMPARE(again->sql(BackendSpec::Kind::Mysql), mysql);
}

void TestPredicate::refusedPredicateNamesWhatAndWhere()
{
    QFETCH(QString, text);
    QFETCH(int, offset);
    QFETCH(QString, message);

    Predicate::Error error;
    QVERIFY(!Predicate::parse(text, table(), &error).has_value());
    QCOMPARE(error.message, message);
    QCOMPARE(error.offset, qsizetype(offset));
    QVERIFY2(oneLine(error.message) == error.message, "a message is one line, with nothing to escape");
    QVERIFY(!Predicate::parse(text, table(), nullptr).has_value());
}

void TestPredicate::anyLengthAndNestingIsRefusedQuickly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("message");

    const QString deep =
        u"("_s.repeated(Predicate::maxDepth + 1) + u"flag = 1"_s + u")"_s.repeated(Predicate::maxDepth + 1);
    QTest::newRow("one_parenthesis_too_deep")
        << deep << Predicate::maxDepth << u"more than 32 parentheses and NOTs inside one another"_s;
    QTest::newRow("one_not_too_deep") << u"NOT "_s.repeated(Predicate::maxDepth + 1) + u"flag = 1"_s
                                      << Predicate::maxDepth * 4
                                      << u"more than 32 parentheses and NOTs inside one another"_s;
    QTest::newRow("parentheses_and_nots_count_together")
        << u"NOT ("_s.repeated(Predicate::maxDepth / 2) + u"(flag = 1)"_s + u")"_s.repeated(Predicate::maxDepth / 2)
        << Predicate::maxDepth / 2 * 5 << u"more than 32 parentheses and NOTs inside one another"_s;
    QTest::newRow("a_million_parentheses") << u"("_s.repeated(1'000'000) << int(Predicate::maxLength)
                                           << u"a predicate is at most 2000 characters long; this one has 1000000"_s;
    QTest::newRow("a_long_in_list") << u"flag IN ("_s + u"1, "_s.repeated(700) + u"1)"_s << int(Predicate::maxLength)
                                    << u"a predicate is at most 2000 characters long; this one has 2111"_s;
    QTest::newRow("one_character_too_long")
        << u"flag = 1"_s + u" "_s.repeated(Predicate::maxLength - 7) << int(Predicate::maxLength)
        << u"a predicate is at most 2000 characters long; this one has 2001"_s;
}

void TestPredicate::anyLengthAndNestingIsRefusedQuickly()
{
    QFETCH(QString, text);
    QFETCH(int, offset);
    QFETCH(QString, message);
    QElapsedTimer timer;
    timer.start();
    Predicate::Error error;
    QVERIFY(!Predicate::parse(text, table(), &error).has_value());
    QCOMPARE(error.message, message);
    QCOMPARE(error.offset, qsizetype(offset));
    // Parsing is linear and bounded, this takes microseconds: the bound (wider in sanitizer builds) only catches work
    // that grows with the nesting.
    QVERIFY2(timer.elapsed() < boundMs(2000), qPrintable(u"%1 ms"_s.arg(timer.elapsed())));

    // Right at the bounds the same shapes are accepted.
    const QString deepest = u"("_s.repeated(Predicate::maxDepth) + u"flag = 1"_s + u")"_s.repeated(Predicate::maxDepth);
    QVERIFY(Predicate::parse(deepest, table(), nullptr));
    QVERIFY(Predicate::parse(u"NOT "_s.repeated(Predicate::maxDepth) + u"flag = 1"_s, table(), nullptr));
    QVERIFY(Predicate::parse(u"flag = 1"_s + u" "_s.repeated(Predicate::maxLength - 8), table(), nullptr));
}

void TestPredicate::oneLineEscapesWhatWouldBreakALine()
{
    QFETCH(QString, text);
    QFETCH(QString, escaped);
    QCOMPARE(oneLine(text), escaped);
    QCOMPARE(oneLine(escaped), escaped); // nothing left to escape
}

void TestPredicate::elideMiddleKeepsBothEnds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxCharacters");
    QTest::addColumn<QString>("shown");
    QTest::newRow("a short value comes back unchanged") << u"bob"_s << 12 << u"bob"_s;
    QTest::newRow("a value of exactly the width comes back unchanged") << u"abcdefghijkl"_s << 12 << u"abcdefghijkl"_s;
    QTest::newRow("a long hex value keeps its start and its end")
        << u"c53b8ba212ef4f15b2365e1bb3d524fe"_s << 12 << u"c53b8b\u2026524fe"_s;
    QTest::newRow("an odd width gives the start the extra character") << u"abcdefghij"_s << 6 << u"abc\u2026ij"_s;
    QTest::newRow("a width below three keeps three") << u"abcdefghij"_s << 1 << u"a\u2026j"_s;
    QTest::newRow("a surrogate pair at the cut is never split")
        << u"ab\U0001F600cdefgh\U0001F600ij"_s << 6 << u"ab\u2026ij"_s;
}

void TestPredicate::elideMiddleKeepsBothEnds()
{
    QFETCH(QString, text);
    QFETCH(int, maxCharacters);
    QFETCH(QString, shown);
    QCOMPARE(elideMiddle(text, maxCharacters), shown);
    QVERIFY(elideMiddle(text, maxCharacters).size() <= std::max(maxCharacters, 3));
}

void TestPredicate::backendsWriteTheIndexFromTheTree()
{
    TableSpec t = table();
    t.constraints = { { u"unique"_s, { u"parent_id"_s }, u"flag = 1 AND name <> 'C:\\temp'"_s, {} } };
    QString error;
    const auto sqlite = SqliteBackend::createStatements(t, &error);
    QVERIFY2(sqlite, qPrintable(error));
    QCOMPARE(sqlite->last(),
        u"CREATE UNIQUE INDEX \"t1_parent_id_partial_uniq\" ON \"t1\" (\"parent_id\") WHERE \"flag\" = 1 AND \"name\" "
        "<> 'C:\\temp'"_s);
    const auto pg = RemoteBackend::createStatements(BackendSpec::Kind::Postgresql, u"interleave"_s, t, &error);
    QVERIFY2(pg, qPrintable(error));
    QCOMPARE(pg->last(),
        u"CREATE UNIQUE INDEX \"t1_parent_id_partial_uniq\" ON \"interleave\".\"t1\" (\"parent_id\") WHERE \"flag\" = "
        "1 AND \"name\" <> E'C:\\\\temp'"_s);

    // A scenario built in code and never validated: the backends refuse it rather than send its text.
    t.constraints[0].where = u"flag = 1; DROP TABLE victim"_s;
    QVERIFY(!SqliteBackend::createStatements(t, &error));
    QCOMPARE(error,
        u"the predicate of t1_parent_id_partial_uniq (\"flag = 1; DROP TABLE victim\"), at character 9: ';' ends a "
        "statement: a predicate is one expression"_s);
    QVERIFY(!RemoteBackend::createStatements(BackendSpec::Kind::Postgresql, u"interleave"_s, t, &error));
    QVERIFY2(error.contains(u"at character 9: ';' ends a statement"_s), qPrintable(error));
    const RunResult r = Runner([&] {
        Scenario s = raceScenario(1, false);
        s.table.constraints = { { u"unique"_s, { u"user_id"_s }, u"name = 1; DROP TABLE race"_s, {} } };
        return s;
    }())
                            .run();
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"at character 9: ';' ends a statement"_s), qPrintable(r.error));
}

// The value of a string, bound as a parameter into a scratch table, is found again by the SQL the tree emits for
// it under each setting that changes how a server reads a backslash: one row, that row.
void TestPredicate::stringMeansItselfWhateverTheSettings_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("setting");
    addDatabaseColumn();

    const QStringList values { u"C:\\temp\\new"_s, u"a\\"_s, u"\\'"_s, u"it's"_s, u"x\\' OR 'a'='a"_s,
        u"\\\\'; DROP TABLE predicate_strings; --"_s, u"é😀 \\n"_s, u"%_\\%"_s, u""_s };
    const QList<std::pair<BackendSpec::Kind, QStringList>> settings {
        { BackendSpec::Kind::Sqlite, { QString() } },
        { BackendSpec::Kind::Postgresql,
            { u"SET standard_conforming_strings = on"_s, u"SET standard_conforming_strings = off"_s } },
        { BackendSpec::Kind::Mysql,
            { u"SET SESSION sql_mode = ''"_s, u"SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'"_s } },
    };
    for (const auto& [kind, list] : settings)
        for (qsizetype s = 0; s < list.size(); ++s)
            for (qsizetype v = 0; v < values.size(); ++v)
                QTest::addRow("value_%d_on_%s%s", int(v), qPrintable(BackendSpec::kindName(kind)),
                    s == 0 ? ""
                           : (kind == BackendSpec::Kind::Mysql ? "_without_backslash_escapes"
                                                               : "_without_conforming_strings"))
                    << values[v] << list[s] << int(kind);
}

void TestPredicate::stringMeansItselfWhateverTheSettings()
{
    QFETCH(QString, value);
    QFETCH(QString, setting);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);

    QString quoted = value;
    quoted.replace(u'\'', u"''"_s);
    Predicate::Error error;
    const auto predicate = Predicate::parse(u"name = '"_s + quoted + u'\'', table(), &error);
    QVERIFY2(predicate, qPrintable(error.message));
    const QString where = predicate->sql(kind);

    if (kind == BackendSpec::Kind::Sqlite) {
        const QString name = u"predicate-strings"_s;
        qsizetype found = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(u":memory:"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"CREATE TABLE predicate_strings (name text)"_s));
            QVERIFY(q.prepare(u"INSERT INTO predicate_strings VALUES (?), (?)"_s));
            q.addBindValue(value);
            q.addBindValue(QString(value + u"x"_s));
            QVERIFY(q.exec());
            QVERIFY2(q.exec(u"SELECT name FROM predicate_strings WHERE "_s + where), qPrintable(where));
            found = 0;
            while (q.next()) {
                QCOMPARE(q.value(0).toString(), value);
                ++found;
            }
        }
        QSqlDatabase::removeDatabase(name);
        QCOMPARE(found, qsizetype(1));
        return;
    }
    REQUIRE_DATABASE(s, Scenario(), kind);
    DirectConnection direct(kind);
    QVERIFY(direct.ok);
    QVERIFY(direct.exec(u"CREATE TEMPORARY TABLE predicate_strings (name text)"_s).ok());
    QVERIFY(direct.exec(u"INSERT INTO predicate_strings VALUES (?)"_s, { value }).ok());
    QVERIFY(direct.exec(u"INSERT INTO predicate_strings VALUES (?)"_s, { QString(value + u"x"_s) }).ok());
    QVERIFY(direct.exec(setting).ok());
    const StatementResult r = direct.exec(u"SELECT name FROM predicate_strings WHERE "_s + where);
    QVERIFY2(r.ok(), qPrintable(where + u": "_s + r.error.message));
    QCOMPARE(r.rows.size(), 1);
    QCOMPARE(r.rows[0].value(0).toString(), value);
}

void TestPredicate::hostileFileIsRefusedAtLoadAndTheVictimSurvives()
{
    QFETCH(QByteArray, where); // as written in the file, JSON escapes and all
    QFETCH(int, column);
    QFETCH(QString, message);
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);

    QString backend = u"sqlite"_s;
    std::optional<DirectConnection> direct;
    QList<Row> before;
    if (kind != BackendSpec::Kind::Sqlite) {
        REQUIRE_DATABASE(s, Scenario(), kind);
        backend = s.backend.url;
        direct.emplace(kind);
        QVERIFY(direct->ok);
        QVERIFY(createVictim(*direct, kind));
        before = victimRows(*direct, kind);
        QCOMPARE(before.size(), 2);
    }

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"hostile.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"json({
  "version": 1,
  "name": "hostile predicate",
  "table": {
    "name": "predicate_hostile",
    "columns": [{"name": "e", "type": "text"}, {"name": "flag", "type": "integer"}, {"name": "parent_id", "type": "integer"}],
    "constraints": [{"kind": "unique", "columns": ["parent_id"],
                     "where": ")json"
        + where + R"json("}]
  },
  "workers": [
    {"name": "A", "recipe": "django_get_or_create", "lookup": {"parent_id": 3, "flag": 1}},
    {"name": "B", "recipe": "django_get_or_create", "lookup": {"parent_id": 3, "flag": 1}}
  ]
})json");
    file.close();

    const InterleaveRun run = runInterleave({ u"run"_s, path, u"--backend"_s, backend });
    QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
    QCOMPARE(run.exitCode, 2);
    // One line, refused at load: the file's line and the column of the offending character inside the string.
    QCOMPARE(run.err, u"%1:8:%2: table.constraints[0].where: %3\n"_s.arg(path).arg(column).arg(message));
    QVERIFY2(!run.out.contains(u"predicate_hostile"_s), qPrintable(run.out));

    if (direct) {
        QCOMPARE(victimRows(*direct, kind), before);
        if (kind == BackendSpec::Kind::Postgresql) {
            const StatementResult x = direct->exec(u"SELECT to_regclass('public.x') IS NULL"_s);
            QVERIFY(x.ok());
            QCOMPARE(x.rows.value(0).value(0).toBool(), true);
        }
        QVERIFY(direct->exec(u"DROP TABLE "_s + victimTable(kind)).ok());
    }
}

// A predicate the grammar accepts although, passed on as text to a server that reads backslashes as escapes
// (standard_conforming_strings off, set for every connection of this process through libpq's PGOPTIONS), it
// would end the CREATE INDEX and drop the victim. Written from the tree it stays two comparisons.
void TestPredicate::parsedPredicateCannotInjectWithoutConformingStrings()
{
    // escape_string_warning off: QPSQL probes the setting with SELECT '\\' and the server would warn about it.
    ScopedEnvironment options("PGOPTIONS", "-c standard_conforming_strings=off -c escape_string_warning=off");
    Scenario base = example(u"flag-per-parent"_s);
    base.table.name = u"predicate_inject"_s;
    base.table.columns.append({ u"name"_s, u"text"_s });
    // No parentheses: passed on as text, the CREATE INDEX would end at the ';' and the DROP TABLE would run.
    base.table.constraints[0].where =
        u"name = 'a\\' OR name = ' ; DROP TABLE public.predicate_victim ; --' OR flag = 1"_s;
    QVERIFY2(!base.validate(), qPrintable(base.validate().value_or(ScenarioError {}).toString()));
    REQUIRE_DATABASE(s, base, BackendSpec::Kind::Postgresql);
    DirectConnection direct(BackendSpec::Kind::Postgresql);
    QVERIFY(direct.ok);
    // The setting really reaches this process's connections (else the test could not fail).
    const StatementResult setting = direct.exec(u"SHOW standard_conforming_strings"_s);
    QVERIFY(setting.ok());
    QCOMPARE(setting.rows.value(0).value(0).toString(), u"off"_s);
    QVERIFY(createVictim(direct, BackendSpec::Kind::Postgresql));
    const QList<Row> before = victimRows(direct, BackendSpec::Kind::Postgresql);

    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(resultsOf(r), (QStringList { u"created"_s, u"got"_s }));
    QCOMPARE(victimRows(direct, BackendSpec::Kind::Postgresql), before);
    // The index holds the predicate as two comparisons of name with the two strings, and nothing else.
    const StatementResult index = direct.exec(
        u"SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'interleave' AND c.relname = ?"_s,
        { s.table.constraintName(0) });
    QVERIFY(index.ok());
    QCOMPARE(index.rows.size(), 1);
    QVERIFY(direct.exec(u"SET standard_conforming_strings = on"_s).ok());
    const StatementResult again = direct.exec(
        u"SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'interleave' AND c.relname = ?"_s,
        { s.table.constraintName(0) });
    QVERIFY(again.ok());
    QCOMPARE(again.rows.value(0).value(0).toString(),
        u"((name = 'a\\'::text) OR (name = ' ; DROP TABLE public.predicate_victim ; --'::text) OR (flag = 1))"_s);
    QVERIFY(direct.exec(u"DROP TABLE public.predicate_victim"_s).ok());
}

void TestPredicate::legitimatePartialIndexStillWorks_data()
{
    QTest::addColumn<int>("database");
    for (const BackendSpec::Kind kind : allDatabases())
        QTest::newRow(qPrintable(u"flag_per_parent_on_"_s + BackendSpec::kindName(kind))) << int(kind);
}

void TestPredicate::legitimatePartialIndexStillWorks()
{
    QFETCH(int, database);
    const auto kind = BackendSpec::Kind(database);
    REQUIRE_DATABASE(s, example(u"flag-per-parent"_s), kind);
    const RunResult r = Runner(s).run();
    if (kind == BackendSpec::Kind::Mysql) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error,
            u"setting up table \"t1\" failed: MySQL and MariaDB have no partial unique indexes (\"where\": \"flag = "
            u"1\"); run this scenario on "
            "PostgreSQL or SQLite"_s);
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.error));
    // As before the predicate was parsed: B's insert breaks the partial index, B gets A's row, and the flag = 0 row
    // of the same parent stays beside it.
    QCOMPARE(resultsOf(r), (QStringList { u"created"_s, u"got"_s }));
    QCOMPARE(r.outcome.rows.size(), 3);
    QVERIFY(r.outcome.results.at(1).afterIntegrityError);
    QVERIFY(!r.outcome.violated());
    if (kind == BackendSpec::Kind::Postgresql) {
        DirectConnection direct(kind);
        QVERIFY(direct.ok);
        const StatementResult index = direct.exec(u"SELECT indexdef FROM pg_indexes WHERE schemaname = 'interleave' "
                                                  "AND indexname = 't1_parent_id_partial_uniq'"_s);
        QVERIFY(index.ok());
        QCOMPARE(index.rows.value(0).value(0).toString(),
            u"CREATE UNIQUE INDEX t1_parent_id_partial_uniq ON interleave.t1 USING btree (parent_id) WHERE (flag = 1)"_s);
    }
}

// moc (Qt 6.4) mis-reads raw string literals that contain "//" or an unbalanced parenthesis; the rows below hold
// both, so they are kept out of its sight.
#ifndef Q_MOC_RUN
void TestPredicate::acceptedPredicateAndItsSqlPerDialect_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgresql");
    QTest::addColumn<QString>("mysql");

    QTest::newRow("one_comparison") << u"flag = 1"_s << u"\"flag\" = 1"_s << u"\"flag\" = 1"_s << u"`flag` = 1"_s;
    QTest::newRow("keywords_and_bare_names_in_any_case")
        << u"FLAG=1 and Parent_ID>=-3"_s << u"\"flag\" = 1 AND \"parent_id\" >= -3"_s
        << u"\"flag\" = 1 AND \"parent_id\" >= -3"_s << u"`flag` = 1 AND `parent_id` >= -3"_s;
    QTest::newRow("not_equal_in_both_spellings")
        << u"flag != 0 or level <> 2"_s << u"\"flag\" <> 0 OR \"level\" <> 2"_s << u"\"flag\" <> 0 OR \"level\" <> 2"_s
        << u"`flag` <> 0 OR `level` <> 2"_s;
    QTest::newRow("or_inside_and_keeps_its_parentheses")
        << u"flag = 1 AND (level < 2 OR level > 5)"_s << u"\"flag\" = 1 AND (\"level\" < 2 OR \"level\" > 5)"_s
        << u"\"flag\" = 1 AND (\"level\" < 2 OR \"level\" > 5)"_s << u"`flag` = 1 AND (`level` < 2 OR `level` > 5)"_s;
    QTest::newRow("and_inside_or_needs_none")
        << u"(flag = 1 AND level = 2) OR name IS NULL"_s << u"\"flag\" = 1 AND \"level\" = 2 OR \"name\" IS NULL"_s
        << u"\"flag\" = 1 AND \"level\" = 2 OR \"name\" IS NULL"_s << u"`flag` = 1 AND `level` = 2 OR `name` IS NULL"_s;
    QTest::newRow("nested_ands_are_one_and")
        << u"((flag = 1 AND level = 2)) AND (name = 'x')"_s << u"\"flag\" = 1 AND \"level\" = 2 AND \"name\" = 'x'"_s
        << u"\"flag\" = 1 AND \"level\" = 2 AND \"name\" = 'x'"_s << u"`flag` = 1 AND `level` = 2 AND `name` = 'x'"_s;
    QTest::newRow("not_is_parenthesized_on_mysql_only")
        << u"NOT flag = 1"_s << u"NOT \"flag\" = 1"_s << u"NOT \"flag\" = 1"_s << u"NOT (`flag` = 1)"_s;
    QTest::newRow("not_of_a_group") << u"not (flag = 1 or level = 2)"_s << u"NOT (\"flag\" = 1 OR \"level\" = 2)"_s
                                    << u"NOT (\"flag\" = 1 OR \"level\" = 2)"_s << u"NOT (`flag` = 1 OR `level` = 2)"_s;
    QTest::newRow("not_not") << u"NOT NOT flag = 1"_s << u"NOT NOT \"flag\" = 1"_s << u"NOT NOT \"flag\" = 1"_s
                             << u"NOT NOT (`flag` = 1)"_s;
    QTest::newRow("is_not_null") << u"name is not null"_s << u"\"name\" IS NOT NULL"_s << u"\"name\" IS NOT NULL"_s
                                 << u"`name` IS NOT NULL"_s;
    QTest::newRow("in_a_list_of_strings") << u"name IN ('a', 'b''c')"_s << u"\"name\" IN ('a', 'b''c')"_s
                                          << u"\"name\" IN ('a', 'b''c')"_s << u"`name` IN ('a', 'b''c')"_s;
    QTest::newRow("not_in_numbers_canonical")
        << u"level NOT IN (007, 2.50, -0, -.5, 5.)"_s << u"\"level\" NOT IN (7, 2.5, 0, -0.5, 5.0)"_s
        << u"\"level\" NOT IN (7, 2.5, 0, -0.5, 5.0)"_s << u"`level` NOT IN (7, 2.5, 0, -0.5, 5.0)"_s;
    QTest::newRow("literals_true_false_null")
        << u"flag IN (TRUE, false, Null)"_s << u"\"flag\" IN (TRUE, FALSE, NULL)"_s
        << u"\"flag\" IN (TRUE, FALSE, NULL)"_s << u"`flag` IN (TRUE, FALSE, NULL)"_s;
    QTest::newRow("a_column_alone_is_a_condition")
        << u"flag AND TRUE"_s << u"\"flag\" AND TRUE"_s << u"\"flag\" AND TRUE"_s << u"`flag` AND TRUE"_s;
    QTest::newRow("implicit_id_bare_and_quoted") << u"ID > 5 OR \"id\" < 0"_s << u"\"id\" > 5 OR \"id\" < 0"_s
                                                 << u"\"id\" > 5 OR \"id\" < 0"_s << u"`id` > 5 OR `id` < 0"_s;
    QTest::newRow("a_column_named_like_a_keyword")
        << u"order = 1 OR \"order\" = 2"_s << u"\"order\" = 1 OR \"order\" = 2"_s << u"\"order\" = 1 OR \"order\" = 2"_s
        << u"`order` = 1 OR `order` = 2"_s;
    QTest::newRow("backslash_is_an_ordinary_character")
        << u"name = 'C:\\temp'"_s << u"\"name\" = 'C:\\temp'"_s << u"\"name\" = E'C:\\\\temp'"_s
        << u"`name` = _utf8mb4 X'433A5C74656D70'"_s;
    QTest::newRow("a_string_that_would_end_early_if_backslash_escaped")
        << u"name = 'a\\' OR name = ' ; DROP TABLE public.victim ; --'"_s
        << u"\"name\" = 'a\\' OR \"name\" = ' ; DROP TABLE public.victim ; --'"_s
        << u"\"name\" = E'a\\\\' OR \"name\" = ' ; DROP TABLE public.victim ; --'"_s
        << u"`name` = _utf8mb4 X'615C' OR `name` = ' ; DROP TABLE public.victim ; --'"_s;
    QTest::newRow("quote_and_backslash") << u"name = '\\'''"_s << u"\"name\" = '\\'''"_s << u"\"name\" = E'\\\\'''"_s
                                         << u"`name` = _utf8mb4 X'5C27'"_s;
    QTest::newRow("empty_string") << u"name = ''"_s << u"\"name\" = ''"_s << u"\"name\" = ''"_s << u"`name` = ''"_s;
    QTest::newRow("comment_and_semicolon_inside_a_string_are_text")
        << u"name = '-- /* ; # $$'"_s << u"\"name\" = '-- /* ; # $$'"_s << u"\"name\" = '-- /* ; # $$'"_s
        << u"`name` = '-- /* ; # $$'"_s;
    QTest::newRow("unicode_inside_a_string")
        << u"name = 'é 😀 ＝'"_s << u"\"name\" = 'é 😀 ＝'"_s << u"\"name\" = 'é 😀 ＝'"_s << u"`name` = 'é 😀 ＝'"_s;
    QTest::newRow("tabs_and_line_breaks_between_tokens")
        << u"\tflag\n=\r\n1 "_s << u"\"flag\" = 1"_s << u"\"flag\" = 1"_s << u"`flag` = 1"_s;
    QTest::newRow("values_on_both_sides")
        << u"1 <= level"_s << u"1 <= \"level\""_s << u"1 <= \"level\""_s << u"1 <= `level`"_s;
}

void TestPredicate::refusedPredicateNamesWhatAndWhere_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("message");

    const QString columns = u"the table has id, flag, parent_id, name, level, order, e"_s;
    // The finding: a PostgreSQL escape string ends the predicate and the statement early.
    QTest::newRow("finding_escape_string_and_semicolons")
        << u"e = e'\\'' ; CREATE TABLE public.x (a int) ; DROP TABLE public.victim ; --'"_s << 4
        << u"E'...' escape strings are PostgreSQL's only; write '...'"_s;
    QTest::newRow("the_first_mistake_in_reading_order_is_named")
        << u"nme = e'\\'' ; DROP TABLE public.victim"_s << 0 << u"unknown column \"nme\"; "_s + columns;
    QTest::newRow("escape_string_upper_case")
        << u"name = E'\\x41'"_s << 7 << u"E'...' escape strings are PostgreSQL's only; write '...'"_s;
    QTest::newRow("semicolon") << u"flag = 1; DROP TABLE x"_s << 8
                               << u"';' ends a statement: a predicate is one expression"_s;
    QTest::newRow("dollar_quotes") << u"name = $$x$$"_s << 7
                                   << u"$$ dollar quoting is PostgreSQL's only; write '...'"_s;
    QTest::newRow("tagged_dollar_quotes")
        << u"name = $tag$x'$tag$"_s << 7 << u"$tag$ dollar quoting is PostgreSQL's only; write '...'"_s;
    QTest::newRow("positional_parameter")
        << u"flag = $1"_s << 7 << u"parameters such as $1 are not allowed: a predicate holds its values"_s;
    QTest::newRow("line_comment_hiding_a_quote")
        << u"flag = 1 -- '"_s << 9 << u"'--' starts a comment: comments are not allowed in a predicate"_s;
    QTest::newRow("block_comment_hiding_a_quote")
        << u"flag = 1 /* ' */"_s << 9 << u"'/*' starts a comment: comments are not allowed in a predicate"_s;
    QTest::newRow("mysql_hash_comment") << u"flag = 1 # '"_s << 9
                                        << u"'#' starts a comment on MySQL: comments are not allowed in a predicate"_s;
    QTest::newRow("subquery_in_parentheses")
        << u"(SELECT count(*) FROM public.victim) = 0"_s << 1 << u"a subquery is not allowed in a predicate"_s;
    QTest::newRow("subquery_as_a_value") << u"flag = (SELECT 1)"_s << 8
                                         << u"a subquery is not allowed in a predicate"_s;
    QTest::newRow("subquery_in_in") << u"flag IN (SELECT 1)"_s << 9 << u"a subquery is not allowed in a predicate"_s;
    QTest::newRow("exists") << u"EXISTS (SELECT 1)"_s << 0 << u"a subquery is not allowed in a predicate"_s;
    QTest::newRow("function_call") << u"flag = 1 OR pg_sleep(10) IS NULL"_s << 12
                                   << u"a function call is not allowed in a predicate: pg_sleep"_s;
    QTest::newRow("function_call_with_a_space")
        << u"lo_unlink (1) = 1"_s << 0 << u"a function call is not allowed in a predicate: lo_unlink"_s;
    QTest::newRow("quoted_function_name")
        << u"\"pg_sleep\"(1) = 1"_s << 0 << u"a function call is not allowed in a predicate: \"pg_sleep\""_s;
    QTest::newRow("function_named_like_a_column")
        << u"level(1) = 1"_s << 0 << u"a function call is not allowed in a predicate: level"_s;
    QTest::newRow("cast") << u"flag::text = '1'"_s << 4
                          << u"'::' casts are PostgreSQL's only and not allowed in a predicate"_s;
    QTest::newRow("unicode_escape_string")
        << u"name = U&'\\0041'"_s << 7
        << u"U&'...' Unicode escapes are not allowed in a predicate; write the characters themselves"_s;
    QTest::newRow("unicode_escape_name")
        << u"U&\"\\0066lag\" = 1"_s << 0
        << u"U&'...' Unicode escapes are not allowed in a predicate; write the characters themselves"_s;
    QTest::newRow("national_string") << u"name = N'x'"_s << 7
                                     << u"N'...' national strings are not allowed in a predicate; write '...'"_s;
    QTest::newRow("hex_string")
        << u"name = X'41'"_s << 7
        << u"X'...' bit and hexadecimal strings are not allowed in a predicate; write '...' or a number"_s;
    QTest::newRow("mysql_introducer") << u"name = _utf8mb4'x'"_s << 7
                                      << u"a character set introducer (_utf8mb4'...') is MySQL's only; write '...'"_s;
    QTest::newRow("backslash_outside_a_string")
        << u"name = 'x' \\ 'y'"_s << 11 << u"a backslash is not allowed outside a string"_s;
    QTest::newRow("backtick_name") << u"`flag` = 1"_s << 0
                                   << u"`...` quotes names on MySQL only; write the name alone or in \"...\""_s;
    QTest::newRow("fullwidth_equals")
        << u"flag ＝ 1"_s << 5
        << u"'＝' (U+FF1D) is not allowed outside a string: names, keywords and operators are ASCII"_s;
    QTest::newRow("fullwidth_semicolon")
        << u"flag = 1；DROP TABLE x"_s << 8
        << u"'；' (U+FF1B) is not allowed outside a string: names, keywords and operators are ASCII"_s;
    QTest::newRow("cyrillic_a_in_a_name")
        << u"flаg = 1"_s << 2
        << u"'а' (U+0430) is not allowed outside a string: names, keywords and operators are ASCII"_s;
    QTest::newRow("curly_quotes")
        << u"name = ’x’"_s << 7
        << u"'’' (U+2019) is not allowed outside a string: names, keywords and operators are ASCII"_s;
    QTest::newRow("no_break_space")
        << u"flag =\u00a01"_s << 6
        << u"'\u00a0' (U+00A0) is not allowed outside a string: names, keywords and operators are ASCII"_s;
    QTest::newRow("emoji_outside_a_string")
        << u"flag = 1 😀"_s << 9
        << u"'😀' (U+1F600) is not allowed outside a string: names, keywords and operators are ASCII"_s;
    QTest::newRow("nul") << u"flag = 1\0"_s << 8 << u"control character \\x00 is not allowed in a predicate"_s;
    QTest::newRow("nul_inside_a_string") << u"name = 'a\0b'"_s << 9
                                         << u"control character \\x00 is not allowed in a predicate"_s;
    QTest::newRow("escape_sequence_inside_a_string")
        << u"name = 'a\x1b[2J'"_s << 9 << u"control character \\x1b is not allowed in a predicate"_s;
    QTest::newRow("line_break_inside_a_string")
        << u"name = 'a\nb'"_s << 9 << u"control character \\n is not allowed in a predicate"_s;
    QTest::newRow("right_to_left_override_inside_a_string")
        << u"name = 'a\u202e'"_s << 9 << u"invisible character \\u202e is not allowed in a predicate"_s;
    QTest::newRow("zero_width_space_in_a_name")
        << u"fl\u200bag = 1"_s << 2 << u"invisible character \\u200b is not allowed in a predicate"_s;
    QTest::newRow("byte_order_mark") << u"\ufeffflag = 1"_s << 0
                                     << u"invisible character \\ufeff is not allowed in a predicate"_s;
    QTest::newRow("form_feed_between_tokens")
        << u"flag =\f1"_s << 6 << u"control character \\x0c is not allowed in a predicate"_s;
    QTest::newRow("lone_surrogate") << u"flag = 1 "_s + QChar(0xd800) << 9
                                    << u"a lone UTF-16 surrogate (U+D800) is not text"_s;
    QTest::newRow("lone_surrogate_in_a_string")
        << u"name = '"_s + QChar(0xdc00) + u"'"_s << 8 << u"a lone UTF-16 surrogate (U+DC00) is not text"_s;
    QTest::newRow("unknown_column") << u"flg = 1"_s << 0 << u"unknown column \"flg\"; "_s + columns;
    QTest::newRow("quoted_names_match_exactly") << u"\"Flag\" = 1"_s << 0 << u"unknown column \"Flag\"; "_s + columns;
    QTest::newRow("qualified_name")
        << u"t1.flag = 1"_s << 2 << u"'.' is not allowed: name a column alone, without a table or schema before it"_s;
    QTest::newRow("missing_operand_at_the_end")
        << u"flag = 1 OR"_s << 11 << u"expected a column or a value, found the end"_s;
    QTest::newRow("missing_value_after_equals")
        << u"flag ="_s << 6 << u"expected a column or a value after '=', found the end"_s;
    QTest::newRow("unclosed_parenthesis")
        << u"(flag = 1"_s << 9 << u"expected ')' to close the '(' at character 1, found the end"_s;
    QTest::newRow("extra_closing_parenthesis") << u"flag = 1)"_s << 8 << u"')' closes no '('"_s;
    QTest::newRow("equals_null") << u"flag = NULL"_s << 7 << u"'= NULL' is never true; write IS NULL"_s;
    QTest::newRow("null_not_equals") << u"NULL != flag"_s << 0 << u"'!= NULL' is never true; write IS NOT NULL"_s;
    QTest::newRow("like")
        << u"name LIKE 'a%'"_s << 5
        << u"'LIKE' is not part of a predicate: compare with =, <>, <, <=, >, >=, IS [NOT] NULL or IN (...)"_s;
    QTest::newRow("not_between")
        << u"level NOT BETWEEN 1 AND 2"_s << 10
        << u"'BETWEEN' is not part of a predicate: compare with =, <>, <, <=, >, >=, IS [NOT] NULL or IN (...)"_s;
    QTest::newRow("union") << u"flag = 1 UNION SELECT 1"_s << 9 << u"expected AND, OR or the end, found 'UNION'"_s;
    QTest::newRow("case") << u"CASE WHEN flag = 1 THEN 1 END = 1"_s << 0
                          << u"CASE is not part of a predicate: it compares the table's columns with values"_s;
    QTest::newRow("current_user")
        << u"name = current_user"_s << 7
        << u"CURRENT_USER is not part of a predicate: it compares the table's columns with values"_s;
    QTest::newRow("select_alone") << u"SELECT 1"_s << 0
                                  << u"SELECT is not allowed: a predicate is one condition on the table's columns"_s;
    QTest::newRow("exponent") << u"flag = 1e3"_s << 7
                              << u"exponents are not allowed in a predicate: write 1e3 out in digits"_s;
    QTest::newRow("hexadecimal_number")
        << u"flag = 0x1F"_s << 7
        << u"hexadecimal, octal and binary numbers are not allowed in a predicate: write 0x1F in decimal"_s;
    QTest::newRow("number_runs_into_a_name") << u"flag = 1_000"_s << 7 << u"a number runs into a name: 1_000"_s;
    QTest::newRow("two_decimal_points") << u"flag = 1.2.3"_s << 10 << u"a number has at most one decimal point"_s;
    QTest::newRow("arithmetic") << u"flag = 1 + 1"_s << 9
                                << u"'+' is not allowed: arithmetic and bit operators are not part of a predicate"_s;
    QTest::newRow("minus_that_is_not_a_sign")
        << u"flag = -(1)"_s << 7
        << u"'-' is not allowed: arithmetic is not part of a predicate (a negative number is written -1)"_s;
    QTest::newRow("sign_then_a_number_after_a_value")
        << u"flag = 1 -1"_s << 9 << u"expected AND, OR or the end, found '-1'"_s;
    QTest::newRow("concatenation") << u"name || 'x' = 'y'"_s << 5
                                   << u"'||' joins strings (or means OR on MySQL) and is not allowed; write OR"_s;
    QTest::newRow("mysql_and") << u"flag && level"_s << 5 << u"'&&' is MySQL's only; write AND"_s;
    QTest::newRow("mysql_not") << u"!flag"_s << 0 << u"'!' is not allowed in a predicate; write NOT"_s;
    QTest::newRow("mysql_null_safe_equals") << u"flag <=> 1"_s << 5 << u"'<=>' is MySQL's only; write = or IS NULL"_s;
    QTest::newRow("double_equals") << u"flag == 1"_s << 5 << u"'==' is not SQL; write ="_s;
    QTest::newRow("mysql_global_variable")
        << u"@@global.x = 1"_s << 0 << u"'@' (a variable) is not allowed in a predicate"_s;
    QTest::newRow("placeholder") << u"flag = ?"_s << 7
                                 << u"'?' placeholders are not allowed: a predicate holds its values"_s;
    QTest::newRow("named_parameter") << u"flag = :x"_s << 7
                                     << u"':' is not allowed: a predicate holds its values (no named parameters)"_s;
    QTest::newRow("unterminated_string") << u"name = 'x"_s << 7
                                         << u"this string is never closed (a ' inside a string is written '')"_s;
    QTest::newRow("unterminated_quoted_name")
        << u"\"flag = 1"_s << 0 << u"this quoted name is never closed (a \" inside a name is written \"\")"_s;
    QTest::newRow("empty_quoted_name") << u"\"\" = 1"_s << 0 << u"an empty quoted name (\"\") names no column"_s;
    QTest::newRow("empty") << u""_s << 0
                           << u"the predicate is empty: leave \"where\" out for a plain unique constraint"_s;
    QTest::newRow("blank") << u" \t "_s << 0
                           << u"the predicate is empty: leave \"where\" out for a plain unique constraint"_s;
    QTest::newRow("empty_in_list") << u"flag IN ()"_s << 9 << u"expected a value in the IN list, found ')'"_s;
    QTest::newRow("column_in_an_in_list")
        << u"flag IN (1, level)"_s << 12 << u"IN (...) lists values, not columns: found 'level'"_s;
    QTest::newRow("is_true") << u"flag IS TRUE"_s << 8 << u"expected NULL after IS, found 'TRUE'"_s;
    QTest::newRow("two_comparisons_in_a_row") << u"flag = 1 = 1"_s << 9 << u"expected AND, OR or the end, found '='"_s;
    QTest::newRow("a_keyword_where_a_value_goes")
        << u"flag = AND"_s << 7 << u"expected a column or a value after '=', found 'AND'"_s;
}

// Hostile predicates as a file writes them (JSON escapes and all), each on line 8 of the file from column 32 on:
// the column of the offending character counts the file's characters, not the decoded string's.
void TestPredicate::hostileFileIsRefusedAtLoadAndTheVictimSurvives_data()
{
    QTest::addColumn<QByteArray>("where");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    addDatabaseColumn();

    struct Spelling {
        const char* name;
        QByteArray where;
        int offset; // in the file's characters, from the string's first
        QString message;
    };
    const QList<Spelling> spellings {
        { "finding_escape_string",
            R"(e = e'\\'' ; CREATE TABLE public.x (a int) ; DROP TABLE public.predicate_victim ; --')", 4,
            u"E'...' escape strings are PostgreSQL's only; write '...'"_s },
        { "backslash_before_the_closing_quote", R"(e = 'x\\' ; DROP TABLE public.predicate_victim ; --')", 10,
            u"';' ends a statement: a predicate is one expression"_s },
        { "dollar_quotes", R"(e = $$x$$ ; DROP TABLE public.predicate_victim)", 4,
            u"$$ dollar quoting is PostgreSQL's only; write '...'"_s },
        { "block_comment_hiding_a_quote", R"(flag = 1 /* ' */ ; DROP TABLE public.predicate_victim)", 9,
            u"'/*' starts a comment: comments are not allowed in a predicate"_s },
        { "line_comment_then_a_line_break", R"(flag = 1 -- '\n; DROP TABLE public.predicate_victim)", 9,
            u"'--' starts a comment: comments are not allowed in a predicate"_s },
        { "function_call", R"(flag = 1 OR pg_sleep(0) IS NULL)", 12,
            u"a function call is not allowed in a predicate: pg_sleep"_s },
        { "subquery", R"((SELECT count(*) FROM public.predicate_victim) = 0)", 1,
            u"a subquery is not allowed in a predicate"_s },
        { "json_escapes_before_the_semicolon", R"(e = '\u00e9\"' ; DROP TABLE public.predicate_victim)", 15,
            u"';' ends a statement: a predicate is one expression"_s },
        { "surrogate_pair_escapes_before_the_semicolon", R"(e = '\ud83d\ude00' ; DROP TABLE public.predicate_victim)",
            19, u"';' ends a statement: a predicate is one expression"_s },
        { "utf8_before_the_semicolon", "e = '\xc3\xa9\xf0\x9f\x98\x80' ; DROP TABLE public.predicate_victim", 9,
            u"';' ends a statement: a predicate is one expression"_s },
        { "fullwidth_semicolon", "flag = 1 \xef\xbc\x9b DROP TABLE public.predicate_victim", 9,
            u"'\uff1b' (U+FF1B) is not allowed outside a string: names, keywords and operators are ASCII"_s },
    };
    for (const BackendSpec::Kind kind : allDatabases())
        for (const Spelling& s : spellings)
            QTest::addRow("%s_on_%s", s.name, qPrintable(BackendSpec::kindName(kind)))
                << s.where << 32 + s.offset << s.message << int(kind);
}

void TestPredicate::oneLineEscapesWhatWouldBreakALine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain_text_is_unchanged") << u"flag = 1 'é' 😀 \\n"_s << u"flag = 1 'é' 😀 \\n"_s;
    QTest::newRow("line_breaks_and_tab") << u"a\nb\rc\td"_s << u"a\\nb\\rc\\td"_s;
    QTest::newRow("forged_second_line") << u"x\nrace.json:1:1: all is well"_s << u"x\\nrace.json:1:1: all is well"_s;
    QTest::newRow("terminal_escape") << u"\x1b[2J\x1b]0;title\x07"_s << u"\\x1b[2J\\x1b]0;title\\x07"_s;
    QTest::newRow("nul_and_delete") << u"a\0b\x7f"_s << u"a\\x00b\\x7f"_s;
    QTest::newRow("c1_control") << u"a\u0085b\u009bc"_s << u"a\\x85b\\x9bc"_s;
    QTest::newRow("bidirectional_override") << u"abc\u202edef\u2066"_s << u"abc\\u202edef\\u2066"_s;
    QTest::newRow("zero_width_and_separators") << u"a\u200bb\u2028c\ufeff"_s << u"a\\u200bb\\u2028c\\ufeff"_s;
}
#endif

QTEST_GUILESS_MAIN(TestPredicate)
#include "tst_predicate.moc"
