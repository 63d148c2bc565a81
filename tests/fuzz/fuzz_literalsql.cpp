// SPDX-License-Identifier: MIT
// libFuzzer target: the literal-SQL checks of all three dialects (PostgreSQL's parse tree, SQLite's authorizer,
// the MySQL lexer and its token checks), the statement-kind reading, the ORDER BY reading and what a statement reads
// and writes of the table (LiteralAccess, from the parse tree, with and without bound values) on arbitrary text.
// Whatever the input, each check must return, with or without a problem, and a problem is one line of text pointing
// inside the statement; the sanitizers catch what goes wrong on the way. tst_literalsql checks that the seeds named
// refused-* and accepted-* are.
//
// seeds: tests/fuzz/seeds/literalsql

#include "fuzzing.h"
#include "literalaccess.h"
#include "literalsql.h"
#include "mysqllexer.h"
#include "pgquery.h"
#include "statementkind.h"

#include <cstddef>
#include <cstdint>

using namespace interleave;

namespace {

TableSpec raceTable()
{
    TableSpec t;
    t.name = QStringLiteral("race");
    t.columns = { { QStringLiteral("user_id"), QStringLiteral("varchar(32)"), false },
        { QStringLiteral("name"), QStringLiteral("varchar(32)"), true },
        { QStringLiteral("n"), QStringLiteral("integer"), true } };
    t.constraints = { { QStringLiteral("unique"), { QStringLiteral("user_id") }, {}, {} } };
    return t;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const TableSpec table = raceTable();
    const QString sql = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    for (const BackendSpec::Kind kind :
        { BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql, BackendSpec::Kind::Sqlite }) {
        const auto problem = LiteralSql::check(kind, sql, table);
        FUZZ_CHECK(!problem || !problem->message.isEmpty());
        FUZZ_CHECK(!problem || (!problem->message.contains(QLatin1Char('\n')) && !problem->message.contains(QChar(0))));
        FUZZ_CHECK(!problem || (problem->offset >= -1 && problem->offset <= sql.size()));
        // Whether `expect` compares in order: read for every statement with rows to compare, checked or not.
        (void)LiteralSql::ordersRows(kind, sql);
    }
    // The one reading of a statement's kind, which the checks, the sessions and the trace share: a chain is always
    // the end of a transaction.
    const QString verb = StatementKind::verb(sql);
    FUZZ_CHECK(!StatementKind::chains(sql) || StatementKind::endsTransaction(verb));
    FUZZ_CHECK(verb.isEmpty() || StatementKind::leadingWords(sql, 1).size() == 1);
    // The pieces on their own too, past the checks' early exits (length, control characters).
    (void)MysqlLexer::lex(sql, { false });
    QList<int> positions;
    (void)PgQuery::numberPlaceholders(sql, &positions);
    // What the statement reads and writes: never a guess without a reason, whatever the text and its bound values.
    for (const QVariantList& params : { QVariantList(), QVariantList { QStringLiteral("x"), 1, QVariant() } }) {
        const std::shared_ptr<const RowAccess> access = LiteralAccess::of(sql, params, table);
        FUZZ_CHECK(!access || access->kind != RowAccess::Kind::Unknown || !access->unknown.isEmpty());
    }
    return 0;
}
