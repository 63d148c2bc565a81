// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace interleave {

// PostgreSQL's own lexer and parser, as the libpg_query library gives them (Debian's libpg-query-dev: the parser
// of PostgreSQL 15). Statements are read the way the server will read them, never guessed from their text.
namespace PgQuery {

// One token of PostgreSQL's lexer. Offsets count UTF-16 code units of the QString that was scanned.
struct Token {
    int start = 0;
    int end = 0;
    int kind = 0; // PgQuery__Token: an ASCII code for one-character tokens, else IDENT (258), Op (265), ...
    bool keyword = false;
};

struct Error {
    QString message;
    int offset = -1; // UTF-16 offset into the statement, -1 when PostgreSQL did not say where
};

// The tokens of `sql`, comments included (SQL_COMMENT, C_COMMENT); nullopt with *error when the lexer refuses
// the text (an unterminated string, say).
std::optional<QList<Token>> scan(const QString& sql, Error* error);

// The raw parse tree as libpg_query's JSON ({"version": ..., "stmts": [{"stmt": {...}}, ...]}); nullopt with
// *error for a syntax error, as PostgreSQL would report it.
std::optional<QJsonObject> parse(const QString& sql, Error* error);

// `?` placeholders (Qt's and SQLite's) as PostgreSQL's $1, $2, ... in the order they appear. Only operator
// characters count: a `?` inside a string, a quoted name, a dollar-quoted body or a comment stays as it is.
// Text the lexer refuses comes back unchanged (the server will refuse it too). *positions, when given, receives
// the offset in `sql` of each `?` that was numbered, in order.
QString numberPlaceholders(const QString& sql, QList<int>* positions = nullptr);

// The lexer's token kinds that this code names.
namespace Kind {
constexpr int Ident = 258;
constexpr int StringConstant = 261;
constexpr int Operator = 265;
constexpr int Parameter = 267;
constexpr int SqlComment = 275;
constexpr int CComment = 276;
} // namespace Kind

} // namespace PgQuery

} // namespace interleave
