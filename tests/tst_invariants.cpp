// SPDX-License-Identifier: MIT
// Issue 16, part 3: the checks on a run's result. Predicate::matches, which judges a condition on one row as each
// database does (three-valued logic, numbers meeting text, MariaDB's case-insensitive collation), checked against
// what the database itself finds with the same condition; the invariants on real runs of the examples (a lost
// update is named, an unexpected Busy is a violation unless the scenario expects it); the expectations a scenario
// writes, judged and refused with file:line:column; and "expect" and "expected_errors" written back as read.

#include "directconnection.h"
#include "expectation.h"
#include "invariants.h"
#include "predicate.h"
#include "racescenario.h"
#include "runner.h"
#include "testdatabases.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

Q_DECLARE_METATYPE(interleave::Scenario)

namespace {

using Kind = BackendSpec::Kind;

// Rows that tell the rules apart: case and a trailing space (bob, Bob, "bob "), an accent (José), NULLs, text
// that is a number ('5', '05'), starts as one ('5x') or is none ('abc').
TableSpec conditionTable()
{
    TableSpec t;
    t.name = u"invariant_rows"_s;
    t.columns = { { u"n"_s, u"integer"_s }, { u"name"_s, u"varchar(32)"_s }, { u"flag"_s, u"smallint"_s },
        { u"code"_s, u"text"_s } };
    return t;
}

const QStringList& conditionColumns()
{
    static const QStringList columns { u"id"_s, u"n"_s, u"name"_s, u"flag"_s, u"code"_s };
    return columns;
}

QList<QVariantList> conditionRows()
{
    const QVariant null;
    return {
        { 1, 0, u"bob"_s, 1, u"5"_s },
        { 2, 1, u"Bob"_s, 0, u"abc"_s },
        { 3, null, u"bob "_s, null, null },
        { 4, 5, u"José"_s, 1, u"05"_s },
        { 5, -2, null, 0, u"5x"_s },
    };
}

QList<qint64> matchingIds(const Predicate& p, const QStringList& columns, const QList<Row>& rows, Kind kind)
{
    QList<qint64> ids;
    for (const Row& row : rows)
        if (p.matches(columns, row, kind))
            ids.append(row.value(0).toLongLong());
    return ids;
}

// The rows as the database gives them back (its own types), and the ids it finds with the condition; nullopt ids
// when it refuses the condition.
struct DatabaseAnswer {
    QStringList columns;
    QList<Row> rows;
    std::optional<QList<qint64>> ids;
    QString error;
};

std::optional<DatabaseAnswer> askSqlite(const QString& where)
{
    DatabaseAnswer answer;
    const QString name = u"invariants-conditions"_s;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(u":memory:"_s);
        ok = db.open();
        QSqlQuery q(db);
        ok = ok
            && q.exec(u"CREATE TABLE invariant_rows (id integer PRIMARY KEY, n integer, name varchar(32), flag "
                      "smallint, code text)"_s);
        for (const QVariantList& r : conditionRows()) {
            ok = ok && q.prepare(u"INSERT INTO invariant_rows VALUES (?, ?, ?, ?, ?)"_s);
            for (const QVariant& v : r)
                q.addBindValue(v);
            ok = ok && q.exec();
        }
        ok = ok && q.exec(u"SELECT id, n, name, flag, code FROM invariant_rows ORDER BY id"_s);
        while (ok && q.next()) {
            Row row;
            for (int c = 0; c < 5; ++c)
                row.append(q.value(c).isNull() ? QVariant() : q.value(c));
            answer.rows.append(row);
        }
        if (ok && q.exec(u"SELECT id FROM invariant_rows WHERE "_s + where + u" ORDER BY id"_s)) {
            QList<qint64> ids;
            while (q.next())
                ids.append(q.value(0).toLongLong());
            answer.ids = ids;
        } else {
            answer.error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!ok)
        return std::nullopt;
    answer.columns = conditionColumns();
    return answer;
}

std::optional<DatabaseAnswer> askServer(Kind kind, const QString& where)
{
    DirectConnection direct(kind);
    if (!direct.ok)
        return std::nullopt;
    direct.exec(u"DROP TABLE IF EXISTS invariant_rows"_s);
    if (!direct
             .exec(u"CREATE TABLE invariant_rows (id integer PRIMARY KEY, n integer, name varchar(32), flag "
                   "smallint, code text)"_s)
             .ok())
        return std::nullopt;
    for (const QVariantList& r : conditionRows())
        if (!direct.exec(u"INSERT INTO invariant_rows VALUES (?, ?, ?, ?, ?)"_s, r).ok())
            return std::nullopt;
    DatabaseAnswer answer;
    const StatementResult all = direct.exec(u"SELECT id, n, name, flag, code FROM invariant_rows ORDER BY id"_s);
    if (!all.ok())
        return std::nullopt;
    answer.columns = conditionColumns();
    answer.rows = all.rows;
    const StatementResult found = direct.exec(u"SELECT id FROM invariant_rows WHERE "_s + where + u" ORDER BY id"_s);
    if (found.ok()) {
        QList<qint64> ids;
        for (const Row& row : found.rows)
            ids.append(row.value(0).toLongLong());
        answer.ids = ids;
    } else {
        answer.error = found.error.message;
    }
    direct.exec(u"DROP TABLE invariant_rows"_s);
    return answer;
}

} // namespace

class TestInvariants : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void conditionMatchesTheRowsTheDatabaseFinds_data();
    void conditionMatchesTheRowsTheDatabaseFinds();
    void exampleRunIsJudged_data();
    void exampleRunIsJudged();
    void counterSentenceWithoutATrace_data();
    void counterSentenceWithoutATrace();
    void expectationJudgesTheFinalRows_data();
    void expectationJudgesTheFinalRows();
    void badExpectationIsRefusedWithFileLineAndField_data();
    void badExpectationIsRefusedWithFileLineAndField();
    void expectAndExpectedErrorsAreWrittenBackAsRead();
};

void TestInvariants::conditionMatchesTheRowsTheDatabaseFinds_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<QList<qint64>>("ids"); // what matches() finds, on this database
    QTest::addColumn<bool>("refused"); // the database refuses the condition (PostgreSQL's type errors)
    addDatabaseColumn();
    using Ids = QList<qint64>;
    struct Case {
        const char* name;
        QString condition;
        Ids sqlite;
        Ids postgresql;
        Ids mysql;
        bool pgRefuses = false;
    };
    const QList<Case> cases {
        // Each operator; a NULL n compares unknown and is never found.
        { "equal", u"n = 1"_s, { 2 }, { 2 }, { 2 } },
        { "not_equal_skips_null", u"n <> 1"_s, { 1, 4, 5 }, { 1, 4, 5 }, { 1, 4, 5 } },
        { "bang_equal_is_not_equal", u"n != 5"_s, { 1, 2, 5 }, { 1, 2, 5 }, { 1, 2, 5 } },
        { "less", u"n < 1"_s, { 1, 5 }, { 1, 5 }, { 1, 5 } },
        { "less_or_equal", u"n <= 1"_s, { 1, 2, 5 }, { 1, 2, 5 }, { 1, 2, 5 } },
        { "greater", u"n > 1"_s, { 4 }, { 4 }, { 4 } },
        { "greater_or_equal", u"n >= 0"_s, { 1, 2, 4 }, { 1, 2, 4 }, { 1, 2, 4 } },
        { "decimal_equals_integer", u"n = 0.0"_s, { 1 }, { 1 }, { 1 } },
        { "id_is_a_column", u"id IN (1, 2)"_s, { 1, 2 }, { 1, 2 }, { 1, 2 } },
        { "is_null", u"n IS NULL"_s, { 3 }, { 3 }, { 3 } },
        { "is_not_null", u"n IS NOT NULL"_s, { 1, 2, 4, 5 }, { 1, 2, 4, 5 }, { 1, 2, 4, 5 } },
        // Three-valued logic: NOT unknown is unknown; OR true wins over unknown; AND false wins over unknown.
        { "not_of_unknown_is_unknown", u"NOT n = 1"_s, { 1, 4, 5 }, { 1, 4, 5 }, { 1, 4, 5 } },
        { "or_true_beats_unknown", u"n = 1 OR n IS NULL"_s, { 2, 3 }, { 2, 3 }, { 2, 3 } },
        { "not_of_an_or_with_unknowns", u"NOT (n = 1 OR flag = 1)"_s, { 5 }, { 5 }, { 5 } },
        { "and_false_beats_unknown", u"NOT (name = 'x' AND n = 1)"_s, { 1, 2, 3, 4, 5 }, { 1, 2, 3, 4, 5 },
            { 1, 2, 3, 4, 5 } },
        { "in", u"n IN (0, 5)"_s, { 1, 4 }, { 1, 4 }, { 1, 4 } },
        { "in_with_null_finds_the_equal_ones", u"n IN (0, NULL)"_s, { 1 }, { 1 }, { 1 } },
        { "not_in", u"n NOT IN (0, 5)"_s, { 2, 5 }, { 2, 5 }, { 2, 5 } },
        { "not_in_with_null_is_never_true", u"n NOT IN (0, NULL)"_s, {}, {}, {} },
        { "true_alone_is_every_row", u"TRUE"_s, { 1, 2, 3, 4, 5 }, { 1, 2, 3, 4, 5 }, { 1, 2, 3, 4, 5 } },
        // Text: SQLite and PostgreSQL (C collation) compare code points; MariaDB's utf8mb4_unicode_ci ignores case,
        // accents and trailing spaces.
        { "text_equal_folds_case_and_trailing_space_on_mariadb_only", u"name = 'bob'"_s, { 1 }, { 1 }, { 1, 2, 3 } },
        { "text_equal_folds_accents_on_mariadb_only", u"name = 'jose'"_s, {}, {}, { 4 } },
        { "text_order_is_by_code_point_except_on_mariadb", u"name < 'a'"_s, { 2, 4 }, { 2, 4 }, {} },
        { "trailing_space_sorts_after_except_on_mariadb", u"name > 'bob'"_s, { 3 }, { 3 }, { 4 } },
        { "text_in_list_folds_on_mariadb", u"name IN ('BOB', 'x')"_s, {}, {}, { 1, 2, 3 } },
        { "text_against_text_of_a_number", u"code = '05'"_s, { 4 }, { 4 }, { 4 } },
        // Numbers meeting text: SQLite's affinity, MySQL's doubles, PostgreSQL's typed literals and type errors.
        { "number_literal_against_text_column", u"code = 5"_s, { 1 }, {}, { 1, 4, 5 }, true },
        { "string_literal_against_integer_column", u"n = '5'"_s, { 4 }, { 4 }, { 4 } },
        { "non_number_string_against_integer_column", u"n = 'abc'"_s, {}, {}, { 1 }, true },
        { "refused_comparison_fails_the_whole_or", u"n = 1 OR code = 5"_s, { 1, 2 }, {}, { 1, 2, 4, 5 }, true },
        { "integer_column_alone_is_a_truth_value", u"flag"_s, { 1, 4 }, {}, { 1, 4 }, true },
        { "integer_column_against_true", u"flag = TRUE"_s, { 1, 4 }, {}, { 1, 4 }, true },
    };
    for (const Kind kind : allDatabases()) {
        for (const Case& c : cases) {
            const Ids ids = kind == Kind::Sqlite ? c.sqlite : kind == Kind::Postgresql ? c.postgresql : c.mysql;
            QTest::addRow("%s_on_%s", c.name, qPrintable(BackendSpec::kindName(kind)))
                << c.condition << ids << (kind == Kind::Postgresql && c.pgRefuses) << int(kind);
        }
    }
}

// The condition judged by matches() on the rows as each database returns them finds exactly the rows the
// database's own WHERE finds (none where the database refuses the condition), and the rows the rules above say.
void TestInvariants::conditionMatchesTheRowsTheDatabaseFinds()
{
    QFETCH(QString, condition);
    QFETCH(QList<qint64>, ids);
    QFETCH(bool, refused);
    QFETCH(int, database);
    const auto kind = Kind(database);
    Predicate::Error error;
    const auto predicate = Predicate::parse(condition, conditionTable(), &error);
    QVERIFY2(predicate, qPrintable(error.message));

    // The rows as Interleave holds them on that database: the server's own types, where a server answers below.
    QList<Row> rows;
    for (const QVariantList& r : conditionRows())
        rows.append(r);
    if (kind == Kind::Sqlite)
        QCOMPARE(matchingIds(*predicate, conditionColumns(), rows, kind), ids);

    std::optional<DatabaseAnswer> answer;
    if (kind == Kind::Sqlite) {
        answer = askSqlite(predicate->sql(kind));
    } else {
        REQUIRE_SERVER_URL(url, kind);
        answer = askServer(kind, predicate->sql(kind));
    }
    QVERIFY(answer);
    QCOMPARE(answer->rows.size(), rows.size());
    QCOMPARE(matchingIds(*predicate, answer->columns, answer->rows, kind), ids);
    QVERIFY2(answer->ids.has_value() != refused, qPrintable(predicate->sql(kind) + u": "_s + answer->error));
    if (answer->ids)
        QCOMPARE(*answer->ids, ids);
}

namespace {

Scenario withExpectedErrors(Scenario s, const QString& worker, const QStringList& errors)
{
    s.workers[s.workerIndex(worker)].expectedErrors = errors;
    return s;
}

// "errors: B failed with Busy ..." for each check that did not hold.
QStringList violations(const QList<InvariantCheck>& checks)
{
    QStringList out;
    for (const InvariantCheck& c : checks)
        if (!c.held)
            out.append(c.kindName() + u": "_s + c.sentence);
    return out;
}

} // namespace

void TestInvariants::exampleRunIsJudged_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<int>("checks"); // how many checks apply
    QTest::addColumn<QStringList>("violations"); // "kind: sentence" of each that did not hold, in order
    addDatabaseColumn();
    const QString lost = u"lost-updates: lost update: A and B both read likes = 0 and both wrote likes = 1; B's "
                         "write replaced A's — one like is missing (expected 2, found 1)."_s;
    for (const Kind kind : allDatabases()) {
        const QByteArray db = BackendSpec::kindName(kind).toUtf8();
        // Seed 03 on every database: no lock, no error, one like lost. 1 lookup + 1 counter + 2 workers.
        QTest::addRow("counter_read_modify_write_loses_a_like_on_%s", db.constData())
            << example(u"counter-lost-update"_s) << 4 << QStringList { lost } << int(kind);
        QTest::addRow("counter_f_expression_counts_both_likes_on_%s", db.constData())
            << example(u"counter-f-expression"_s) << 4 << QStringList {} << int(kind);
        QTest::addRow("unique_constraint_holds_on_%s", db.constData())
            << example(u"race-unique"_s) << 3 << QStringList {} << int(kind);
        QTest::addRow("no_unique_constraint_duplicates_on_%s", db.constData())
            << example(u"race-no-unique"_s) << 3
            << QStringList { u"duplicates: duplicate: 2 rows for user_id='u1' (ids 1, "
                             "2), where get() expects at most one."_s }
            << int(kind);
    }
    // ATOMIC_REQUESTS on SQLite: B's INSERT cannot upgrade its read lock and Django does not catch the Busy.
    const QString busy =
        u"errors: B failed with Busy (error 5: database is locked), which its recipe does not intend."_s;
    QTest::addRow("atomic_request_busy_is_a_violation_on_sqlite")
        << example(u"atomic-request"_s) << 3 << QStringList { busy } << int(Kind::Sqlite);
    QTest::addRow("atomic_request_busy_declared_expected_holds_on_sqlite")
        << withExpectedErrors(example(u"atomic-request"_s), u"B"_s, { u"Busy"_s }) << 3 << QStringList {}
        << int(Kind::Sqlite);
    QTest::addRow("an_expected_error_that_does_not_come_is_no_violation_on_sqlite")
        << withExpectedErrors(example(u"race-unique"_s), u"B"_s, { u"IntegrityError"_s }) << 3 << QStringList {}
        << int(Kind::Sqlite);
    QTest::addRow("another_error_than_the_expected_one_is_a_violation_on_sqlite")
        << withExpectedErrors(example(u"atomic-request"_s), u"B"_s, { u"IntegrityError"_s }) << 3
        << QStringList { busy } << int(Kind::Sqlite);
    // The teacher's expectations, on the lost update: the count they expected fails, the row count holds.
    Scenario expecting = example(u"counter-lost-update"_s);
    expecting.expect = { u"likes = 2"_s, u"exactly one row where title = 'hello'"_s, u"no row where likes > 2"_s };
    QTest::addRow("expectations_on_the_lost_update_on_sqlite")
        << expecting << 7 << QStringList { lost, u"expectations: Expected likes = 2, but row 1 has likes = 1."_s }
        << int(Kind::Sqlite);
}

// A real run of an example, with its own script, judged: which checks apply and the sentence of each that failed.
void TestInvariants::exampleRunIsJudged()
{
    QFETCH(Scenario, scenario);
    QFETCH(int, checks);
    QFETCH(QStringList, violations);
    QFETCH(int, database);
    REQUIRE_DATABASE(s, scenario, Kind(database));
    const RunResult r = Runner(s).run();
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QList<InvariantCheck> judged = checkInvariants(r);
    QCOMPARE(judged.size(), checks);
    QCOMPARE(::violations(judged), violations);
    QCOMPARE(invariantsHeld(judged), violations.isEmpty());
    for (const InvariantCheck& c : judged) {
        QVERIFY2(!c.sentence.isEmpty() && !c.sentence.contains(u'\n'), qPrintable(c.name));
        QVERIFY2(c.sentence.endsWith(u'.'), qPrintable(c.sentence));
    }
}

void TestInvariants::counterSentenceWithoutATrace_data()
{
    QTest::addColumn<QStringList>("results"); // each worker's result kind
    QTest::addColumn<qint64>("finalLikes");
    QTest::addColumn<bool>("held");
    QTest::addColumn<QString>("sentence");
    QTest::addRow("both_counted") << QStringList { u"updated"_s, u"updated"_s } << qint64(2) << true
                                  << u"likes went from 0 to 2: the 2 increments A and B reported are all counted."_s;
    QTest::addRow("one_lost_said_without_the_reads")
        << QStringList { u"updated"_s, u"updated"_s } << qint64(1) << false
        << u"lost update: likes is 1 where 0 plus the 2 increments A and B reported makes 2 — one like is missing "
           "(expected 2, found 1)."_s;
    QTest::addRow("a_failed_worker_adds_nothing") << QStringList { u"updated"_s, u"Deadlock"_s } << qint64(1) << true
                                                  << u"likes went from 0 to 1: the increment A reported is counted."_s;
    QTest::addRow("more_than_reported")
        << QStringList { u"updated"_s, u"Deadlock"_s } << qint64(2) << false
        << u"counter: likes is 2 where 0 plus the increment A reported makes 1 — one like is more than reported "
           "(expected 1, found 2)."_s;
}

// The counter check on an outcome with no trace (a stress trial keeps none): the figures without the story.
void TestInvariants::counterSentenceWithoutATrace()
{
    QFETCH(QStringList, results);
    QFETCH(qint64, finalLikes);
    QFETCH(bool, held);
    QFETCH(QString, sentence);
    const Scenario s = example(u"counter-f-expression"_s);
    Outcome o;
    o.columns = { u"id"_s, u"title"_s, u"likes"_s };
    o.rows = { { 1, u"hello"_s, finalLikes } };
    o.initialRows = 1;
    o.workers = s.workerNames();
    for (const QString& kind : results) {
        WorkerResult w;
        for (int k = 0; k <= int(ResultKind::Error); ++k)
            if (WorkerResult::kindName(ResultKind(k)) == kind)
                w.kind = ResultKind(k);
        o.results.append(w);
    }
    o.groups = Outcome::groupRows(o.columns, o.rows, s.workers);
    const QList<InvariantCheck> checks = checkInvariants(s, o);
    const auto counter = std::find_if(checks.cbegin(), checks.cend(),
        [](const InvariantCheck& c) { return c.kind == InvariantCheck::Kind::Counter; });
    QVERIFY(counter != checks.cend());
    QCOMPARE(counter->held, held);
    QCOMPARE(counter->sentence, sentence);
    QCOMPARE(counter->rowIds, QVariantList { 1 });
}

void TestInvariants::expectationJudgesTheFinalRows_data()
{
    QTest::addColumn<QString>("expectation");
    QTest::addColumn<int>("database");
    QTest::addColumn<bool>("held");
    QTest::addColumn<QString>("sentence");
    const int sqlite = int(Kind::Sqlite);
    const int mysql = int(Kind::Mysql);
    // The rows of conditionTable(): n 0, 1, NULL, 5, -2; names bob, Bob, "bob ", José, NULL.
    QTest::addRow("every_row_breaks_names_the_rows")
        << u"n >= 0"_s << sqlite << false << u"Expected n >= 0, but row 3 has n = NULL, row 5 has n = -2."_s;
    QTest::addRow("every_row_holds") << u"id > 0"_s << sqlite << true << u"id > 0 holds on every row (5 rows)."_s;
    QTest::addRow("every_row_more_than_three_broken")
        << u"n = 7 AND flag = 1"_s << sqlite << false
        << u"Expected n = 7 AND flag = 1, but row 1 has n = 0 and flag = 1, row 2 has n = 1 and flag = 0, row 3 has n "
           "= NULL and flag = NULL (and 2 more rows)."_s;
    QTest::addRow("exactly_one_found") << u"exactly one row where name = 'bob'"_s << sqlite << true
                                       << u"Expected exactly one row where name = 'bob' and found one (id 1)."_s;
    QTest::addRow("exactly_one_found_three_on_mariadb")
        << u"exactly one row where name = 'bob'"_s << mysql << false
        << u"Expected exactly one row where name = 'bob' but found 3 (ids 1, 2, 3)."_s;
    QTest::addRow("no_row_found_none") << u"no row where n > 5"_s << sqlite << true
                                       << u"Expected no row where n > 5 and found none."_s;
    QTest::addRow("no_rows_found_one") << u"No rows where n IS NULL"_s << sqlite << false
                                       << u"Expected No rows where n IS NULL but found one (id 3)."_s;
    QTest::addRow("count_without_where_counts_the_table")
        << u"5 rows"_s << sqlite << true << u"Expected 5 rows and found 5 (ids 1, 2, 3, 4, 5)."_s;
    QTest::addRow("at_least") << u"at least 2 rows where flag = 1"_s << sqlite << true
                              << u"Expected at least 2 rows where flag = 1 and found 2 (ids 1, 4)."_s;
    QTest::addRow("at_most") << u"at  most one row where flag = 0"_s << sqlite << false
                             << u"Expected at  most one row where flag = 0 but found 2 (ids 2, 5)."_s;
    QTest::addRow("a_column_named_like_a_count_word_is_a_condition")
        << u"n IN (0, 1)"_s << sqlite << false
        << u"Expected n IN (0, 1), but row 3 has n = NULL, row 4 has n = 5, row 5 has n = -2."_s;
}

void TestInvariants::expectationJudgesTheFinalRows()
{
    QFETCH(QString, expectation);
    QFETCH(int, database);
    QFETCH(bool, held);
    QFETCH(QString, sentence);
    Expectation::Error error;
    const auto e = Expectation::parse(expectation, conditionTable(), &error);
    QVERIFY2(e, qPrintable(error.message));
    QList<Row> rows;
    for (const QVariantList& r : conditionRows())
        rows.append(r);
    const Expectation::Result result = e->check(conditionColumns(), rows, Kind(database));
    QCOMPARE(result.sentence, sentence);
    QCOMPARE(result.held, held);
    // No rows at all: an expectation on every row does not hold, a count of none does.
    const Expectation::Result empty = e->check(conditionColumns(), {}, Kind(database));
    if (e->quantity() == Expectation::Quantity::Every)
        QVERIFY(!empty.held);
    else
        QCOMPARE(empty.held,
            e->quantity() != Expectation::Quantity::AtLeast
                && (e->count() == 0 || e->quantity() == Expectation::Quantity::AtMost));
}

void TestInvariants::badExpectationIsRefusedWithFileLineAndField_data()
{
    QTest::addColumn<QString>("expect"); // the JSON of the top-level "expect" value, on line 9
    QTest::addColumn<QString>("workerField"); // JSON added to worker B, on line 7
    QTest::addColumn<QString>("message");
    auto refused = [](const char* name, const QString& expect, const QString& message) {
        QTest::addRow("%s", name) << expect << QString() << message;
    };
    refused("expect_not_a_list", u"\"likes = 2\""_s,
        u"post.json:9:1: expect: must be a list of expectations such as [\"likes = 2\", \"no row where flag = 1\"]"_s);
    refused("expectation_not_a_string", u"[2]"_s,
        u"post.json:9:12: expect[0]: must be a string such as \"likes = 2\" or \"exactly one row where user_id = "
        "'u1'\""_s);
    refused("empty_expectation", u"[\"  \"]"_s,
        u"post.json:9:13: expect[0]: an expectation is empty; write one such as \"likes = 2\" or \"no row where flag "
        "= 1\""_s);
    refused("unknown_column", u"[\"likes = 2\", \"lieks = 2\"]"_s,
        u"post.json:9:26: expect[1]: unknown column \"lieks\"; the table has id, title, likes"_s);
    refused("bad_condition_after_where_points_into_it", u"[\"exactly one row where title = 'a' OR\"]"_s,
        u"post.json:9:49: expect[0]: expected a column or a value, found the end"_s);
    refused("count_word_without_a_count", u"[\"exactly two rows where likes = 1\"]"_s,
        u"post.json:9:13: expect[0]: expected a count (digits or \"one\") and then \"row\" or \"rows\", as in "
        "\"exactly one row where user_id = 'u1'\""_s);
    refused("no_without_rows", u"[\"no duplicates\"]"_s,
        u"post.json:9:13: expect[0]: expected \"row\" or \"rows\" after \"no\", as in \"no row where flag = 1\""_s);
    refused(
        "count_without_rows", u"[\"2 likes\"]"_s, u"post.json:9:15: expect[0]: expected \"row\" or \"rows\" after 2"_s);
    refused("rows_then_no_where", u"[\"exactly 2 rows with likes = 1\"]"_s,
        u"post.json:9:28: expect[0]: expected \"where\" and a condition after \"exactly 2 rows\", or the end"_s);
    refused("where_without_a_condition", u"[\"no row where \"]"_s,
        u"post.json:9:26: expect[0]: expected a condition after \"where\", such as user_id = 'u1'"_s);
    refused("count_too_large", u"[\"at most 10001 rows\"]"_s,
        u"post.json:9:21: expect[0]: a count of rows is at most 10000 (a run judges at most that many rows)"_s);
    refused("at_least_zero_always_holds", u"[\"at least 0 rows where likes = 1\"]"_s,
        u"post.json:9:22: expect[0]: \"at least 0 rows\" always holds; expect at least one row"_s);
    auto refusedError = [](const char* name, const QString& field, const QString& message) {
        QTest::addRow("%s", name) << u"[]"_s << field << message;
    };
    refusedError("expected_errors_not_a_list", u"\"expected_errors\": \"Busy\""_s,
        u"post.json:7:94: workers[1].expected_errors: must be a list of results such as [\"IntegrityError\"]"_s);
    refusedError("expected_error_unknown", u"\"expected_errors\": [\"Busy\", \"Locked\"]"_s,
        u"post.json:7:122: workers[1].expected_errors[1]: unknown result \"Locked\"; a worker may be expected to end "
        "with: IntegrityError, MultipleObjectsReturned, DoesNotExist, Deadlock, SerializationFailure, LockTimeout, "
        "Busy, unexpected, Error"_s);
    refusedError("expected_error_is_a_success", u"\"expected_errors\": [\"created\"]"_s,
        u"post.json:7:114: workers[1].expected_errors[0]: \"created\" is a success, not an error; list the errors the "
        "worker may end with: IntegrityError, MultipleObjectsReturned, DoesNotExist, Deadlock, SerializationFailure, "
        "LockTimeout, Busy, unexpected, Error"_s);
    refusedError("expected_error_that_leaves_the_run_incomplete", u"\"expected_errors\": [\"timeout\"]"_s,
        u"post.json:7:114: workers[1].expected_errors[0]: a worker that ends with Timeout leaves the run incomplete, "
        "which never passes; it cannot be expected"_s);
    refusedError("expected_error_twice", u"\"expected_errors\": [\"Busy\", \"busy\"]"_s,
        u"post.json:7:122: workers[1].expected_errors[1]: Busy is listed twice"_s);
    refusedError("expected_error_not_a_string", u"\"expected_errors\": [5]"_s,
        u"post.json:7:114: workers[1].expected_errors[0]: must be a string such as \"IntegrityError\""_s);
}

QByteArray postScenario(const QString& expect, const QString& workerField)
{
    const QString b = workerField.isEmpty() ? QString() : u", "_s + workerField;
    return QString(
        u"{\"version\": 1, \"name\": \"likes\",\n"
        "\"table\": {\"name\": \"post\", \"columns\": [{\"name\": \"title\", \"type\": \"varchar(32)\"},\n"
        "  {\"name\": \"likes\", \"type\": \"integer\", \"nullable\": false}],\n"
        "  \"rows\": [{\"title\": \"hello\", \"likes\": 0}]},\n"
        "\"workers\": [\n"
        "  {\"name\": \"A\", \"recipe\": \"counter_atomic\", \"lookup\": {\"title\": \"hello\"}, \"column\": "
        "\"likes\"},\n"
        "  {\"name\": \"B\", \"recipe\": \"counter_atomic\", \"lookup\": {\"title\": \"hello\"}, \"column\": \"likes\""_s
        + b + u"}],\n\"schedule\": {\"mode\": \"free\"},\n\"expect\": "_s + expect + u"}\n"_s)
        .toUtf8();
}

// A bad expectation or expected error is refused when the file is read, like every other scenario error: the file,
// the line and column of the offending value (or character in it), the field, and why.
void TestInvariants::badExpectationIsRefusedWithFileLineAndField()
{
    QFETCH(QString, expect);
    QFETCH(QString, workerField);
    QFETCH(QString, message);
    QVERIFY(Scenario::fromJson(postScenario(u"[\"likes = 2\"]"_s, QString()), u"post.json"_s, nullptr));
    ScenarioError error;
    QVERIFY(!Scenario::fromJson(postScenario(expect, workerField), u"post.json"_s, &error));
    QCOMPARE(error.toString(), message);
}

// What the reader takes, the writer writes back: the expectations as written, the expected errors by their names.
void TestInvariants::expectAndExpectedErrorsAreWrittenBackAsRead()
{
    ScenarioError error;
    const auto read =
        Scenario::fromJson(postScenario(u"[\"likes = 2\", \"Exactly ONE row where title = 'hello'\", \"no rows\"]"_s,
                               u"\"expected_errors\": [\"deadlock\", \"Busy\"]"_s),
            u"post.json"_s, &error);
    QVERIFY2(read, qPrintable(error.toString()));
    QCOMPARE(read->expect, QStringList({ u"likes = 2"_s, u"Exactly ONE row where title = 'hello'"_s, u"no rows"_s }));
    QCOMPARE(read->workers[0].expectedErrors, QStringList());
    QCOMPARE(read->workers[1].expectedErrors, QStringList({ u"Deadlock"_s, u"Busy"_s }));
    const auto again = Scenario::fromJson(read->toJson(), u"again.json"_s, &error);
    QVERIFY2(again, qPrintable(error.toString()));
    QCOMPARE(again->expect, read->expect);
    QCOMPARE(again->workers[1].expectedErrors, read->workers[1].expectedErrors);
    QCOMPARE(again->toJson(), read->toJson());
    QVERIFY(!example(u"race-unique"_s).toJson().contains("expect\""));
    QVERIFY(!read->validate());
    // The fuzzer's seed with every form (tests/fuzz/fuzz_scenario.cpp seeds from tests/data) loads.
    const auto seed = Scenario::load(QStringLiteral(INTERLEAVE_TEST_DATA "/expectations.json"), &error);
    QVERIFY2(seed, qPrintable(error.toString()));
    QCOMPARE(seed->expect.size(), 5);
    QCOMPARE(seed->workers[1].expectedErrors, QStringList({ u"Busy"_s, u"Deadlock"_s }));
}

QTEST_GUILESS_MAIN(TestInvariants)
#include "tst_invariants.moc"
