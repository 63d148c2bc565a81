// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace interleave {

// MySQL's and MariaDB's lexer, as their sql_lex.cc reads a statement, for checking literal statements: no parser
// library exists for this dialect, so the check decides on these tokens. Offsets count UTF-16 code units of the
// QString; every character above ASCII is an identifier character, as it is to the servers (utf8mb4).
namespace MysqlLexer {

enum class Kind {
    Word, // an unquoted identifier or keyword: SELECT, race, _utf8mb4, 12abc
    QuotedName, // `name`, with `` for a backtick inside
    String, // '...', "..." (a string unless the server runs with ANSI_QUOTES), N'...'
    HexString, // X'4142', 0x4142
    BitString, // B'0101', 0b0101
    Number, // 42, 4.2, .5, 1e-3
    UserVariable, // @name, @'name', @"name", @`name`
    SystemVariableMarker, // the @@ before a system variable; the scope and name follow as words
    Placeholder, // ?
    Operator, // ( ) , . = <=> := + - * / ... and \N (NULL), one token each
    Semicolon,
    Comment, // -- x, # x, /* x */; an optimizer hint /*+ ... */ too (see hint)
    ExecutableCommentStart, // /*!, /*!50100, /*M!, /*M!100100: what follows up to the matching end is code
    ExecutableCommentEnd, // the */ that ends an executable comment
};

struct Token {
    int start = 0;
    int end = 0;
    Kind kind = Kind::Word;
    bool doubleQuoted = false; // String: "..." (an identifier under ANSI_QUOTES)
    bool hint = false; // Comment: /*+ ... */, which MySQL reads as optimizer hints
    int version = 0; // ExecutableCommentStart: the version digits (50100), 0 when there are none
    bool mariadbOnly = false; // ExecutableCommentStart: /*M! ... */, code on MariaDB and a comment on MySQL
    bool inExecutableComment = false; // the token is code inside /*! ... */
    QStringView text(const QString& sql) const { return QStringView(sql).mid(start, end - start); }
};

struct Options {
    // Off as under sql_mode NO_BACKSLASH_ESCAPES: a backslash in a string is an ordinary character.
    bool backslashEscapes = true;
};

struct Result {
    QList<Token> tokens; // comments included
    QString error; // empty when the whole text was read
    int errorOffset = -1;
    bool ok() const { return error.isEmpty(); }
};

Result lex(const QString& sql, Options options = {});

// A Word's text in upper case, for comparing with keywords; a word with a character above ASCII comes back as it
// is, since it is never a keyword to the servers.
QString upper(const QString& sql, const Token& token);

} // namespace MysqlLexer

} // namespace interleave
