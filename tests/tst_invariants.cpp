// SPDX-License-Identifier: MIT
// Issue 16, part 3: the checks on a run's result. Predicate::matches, which judges a condition on one row as each
// database does (three-valued logic, numbers meeting text, MariaDB's case-insensitive collation), checked against
// what the database itself finds with the same condition.

#include "directconnection.h"
#include "predicate.h"
#include "testdatabases.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

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

QTEST_GUILESS_MAIN(TestInvariants)
#include "tst_invariants.moc"
