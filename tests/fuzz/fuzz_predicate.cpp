// SPDX-License-Identifier: MIT
// Fuzz target: the predicate of a partial unique index (Predicate::parse and the SQL written from its tree).
// Whatever the input, parsing ends with a tree or a one-line message at an offset inside the text; a tree's SQL
// parses again to itself (the SQLite form is the canonical text), and PostgreSQL's own lexer and parser read the
// PostgreSQL form as one expression: no comment, no ';', no backslash in a string that is not E'...' (which would
// read differently with standard_conforming_strings off), one statement around it. And a tree judges rows
// (Predicate::matches) as its canonical text's tree does, on every dialect, whatever the values.
// seeds: tests/fuzz/seeds/predicate

#include "fuzzing.h"
#include "oneline.h"
#include "pgquery.h"
#include "predicate.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

const TableSpec& table()
{
    static const TableSpec t = [] {
        TableSpec spec;
        spec.name = u"t1"_s;
        spec.columns = { { u"flag"_s, u"smallint"_s, false }, { u"parent_id"_s, u"integer"_s, false },
            { u"name"_s, u"text"_s }, { u"level"_s, u"integer"_s }, { u"order"_s, u"integer"_s },
            { u"e"_s, u"text"_s } };
        return spec;
    }();
    return t;
}

void checkPostgresql(const QString& sql)
{
    PgQuery::Error error;
    const auto tokens = PgQuery::scan(sql, &error);
    FUZZ_CHECK(tokens.has_value());
    for (const PgQuery::Token& t : *tokens) {
        const QStringView text = QStringView(sql).mid(t.start, t.end - t.start);
        FUZZ_CHECK(t.kind != PgQuery::Kind::SqlComment && t.kind != PgQuery::Kind::CComment);
        FUZZ_CHECK(text != u";");
        if (t.kind == PgQuery::Kind::StringConstant && text.startsWith(u'\''))
            FUZZ_CHECK(!text.contains(u'\\'));
    }
    const auto tree = PgQuery::parse(u"SELECT 1 FROM t1 WHERE "_s + sql, &error);
    FUZZ_CHECK(tree.has_value());
    FUZZ_CHECK(tree->value(u"stmts"_s).toArray().size() == 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    Predicate::Error error;
    const auto predicate = Predicate::parse(text, table(), &error);
    if (!predicate) {
        FUZZ_CHECK(error.offset >= 0 && error.offset <= text.size());
        FUZZ_CHECK(!error.message.isEmpty() && oneLine(error.message) == error.message);
        return 0;
    }
    const QString canonical = predicate->sql(BackendSpec::Kind::Sqlite);
    const auto again = Predicate::parse(canonical, table(), &error);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->sql(BackendSpec::Kind::Sqlite) == canonical);
    const QString postgresql = predicate->sql(BackendSpec::Kind::Postgresql);
    FUZZ_CHECK(again->sql(BackendSpec::Kind::Postgresql) == postgresql);
    const QString mysql = predicate->sql(BackendSpec::Kind::Mysql);
    FUZZ_CHECK(again->sql(BackendSpec::Kind::Mysql) == mysql);
    FUZZ_CHECK(!mysql.contains(u'\\')); // MySQL reads a backslash by sql_mode: never written
    checkPostgresql(postgresql);
    static const QStringList columns { u"id"_s, u"flag"_s, u"parent_id"_s, u"name"_s, u"level"_s, u"order"_s, u"e"_s };
    static const QList<Row> rows {
        { 1, 1, 3, u"bob"_s, QVariant(), -2, u"5"_s }, { 2, 0, QVariant(), u"Bob "_s, 7.5, 0, u"abc"_s },
        { 3, QVariant(), 3, QVariant(), u"x"_s, true, QVariant() },
        { 4 }, // shorter than the columns: the missing values are NULL
    };
    for (const auto kind : { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql })
        for (const Row& row : rows)
            FUZZ_CHECK(predicate->matches(columns, row, kind) == again->matches(columns, row, kind));
    return 0;
}
