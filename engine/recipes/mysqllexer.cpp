// SPDX-License-Identifier: MIT
#include "mysqllexer.h"

using namespace Qt::StringLiterals;

namespace interleave::MysqlLexer {

namespace {

// The servers' ident_map for utf8mb4: ASCII letters, digits, _ and $, and every byte of a multi-byte character.
bool isIdentChar(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'$'
        || c >= 0x80;
}

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isHexDigit(char16_t c)
{
    return isDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// my_isspace: what the lexer skips between tokens.
bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f';
}

// my_iscntrl: with my_isspace, what may follow "--" for it to start a comment.
bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f;
}

class Lexer {
public:
    Lexer(const QString& sql, Options options)
        : m_sql(sql)
        , m_options(options)
    {
    }

    Result run()
    {
        while (m_result.ok()) {
            while (m_pos < size() && isSpace(at(m_pos)))
                ++m_pos;
            if (m_pos >= size())
                break;
            next();
        }
        if (m_result.ok() && m_inExecutable)
            fail(m_executableStart, u"the executable comment /*! is not closed"_s);
        return std::move(m_result);
    }

private:
    int size() const { return int(m_sql.size()); }
    char16_t at(int i) const { return i < size() ? m_sql.at(i).unicode() : char16_t(0); }

    void fail(int offset, const QString& message)
    {
        if (!m_result.ok())
            return;
        m_result.error = message;
        m_result.errorOffset = offset;
    }

    void emit(int start, int end, Kind kind)
    {
        Token t;
        t.start = start;
        t.end = end;
        t.kind = kind;
        t.inExecutableComment = m_inExecutable && kind != Kind::ExecutableCommentEnd;
        m_result.tokens.append(t);
        m_pos = end;
        // After "name." (no space between) the servers read the next characters as a name, never as a keyword or
        // a number: t.1e5 is the column "1e5".
        m_nameFollows = kind == Kind::Operator && end - start == 1 && at(start) == u'.' && isIdentChar(at(end));
    }

    void next()
    {
        const int start = m_pos;
        const char16_t c = at(start);
        if (m_nameFollows && isIdentChar(c)) {
            int end = start;
            while (end < size() && isIdentChar(at(end)))
                ++end;
            emit(start, end, Kind::Word);
            return;
        }
        if (isDigit(c))
            return number(start);
        if ((c == u'N' || c == u'n') && at(start + 1) == u'\'')
            return string(start, start + 1, false);
        if ((c == u'X' || c == u'x') && at(start + 1) == u'\'')
            return quotedDigits(start, Kind::HexString);
        if ((c == u'B' || c == u'b') && at(start + 1) == u'\'')
            return quotedDigits(start, Kind::BitString);
        if (isIdentChar(c)) {
            int end = start;
            while (end < size() && isIdentChar(at(end)))
                ++end;
            return emit(start, end, Kind::Word);
        }
        switch (c) {
        case u'\'':
            return string(start, start, false);
        case u'"':
            return string(start, start, true);
        case u'`':
            return quotedName(start, start, Kind::QuotedName);
        case u'@':
            return variable(start);
        case u'#':
            return lineComment(start);
        case u'-':
            if (at(start + 1) == u'-' && (start + 2 >= size() || isSpace(at(start + 2)) || isControl(at(start + 2))))
                return lineComment(start);
            return emit(start, start + 1, Kind::Operator);
        case u'/':
            if (at(start + 1) == u'*')
                return blockComment(start);
            return emit(start, start + 1, Kind::Operator);
        case u'*':
            if (m_inExecutable && at(start + 1) == u'/') {
                emit(start, start + 2, Kind::ExecutableCommentEnd);
                m_inExecutable = false;
                return;
            }
            return emit(start, start + 1, Kind::Operator);
        case u'.':
            // MY_LEX_IDENT_SEP: right after a name, "t.5" is the column "5" of t, not t and the number .5.
            if (!m_result.tokens.isEmpty() && m_result.tokens.last().kind == Kind::Word
                && m_result.tokens.last().end == start && isIdentChar(at(start + 1)))
                return emit(start, start + 1, Kind::Operator);
            if (isDigit(at(start + 1)))
                return fraction(start, start + 1);
            if (at(start + 1) == u'.')
                return emit(start, start + 2, Kind::Operator);
            return emit(start, start + 1, Kind::Operator);
        case u';':
            return emit(start, start + 1, Kind::Semicolon);
        case u'?':
            return emit(start, start + 1, Kind::Placeholder);
        case u'\\':
            // \N is NULL; any other backslash outside a string is a character the grammar has no use for.
            return emit(start, at(start + 1) == u'N' ? start + 2 : start + 1, Kind::Operator);
        default:
            return operatorToken(start);
        }
    }

    void operatorToken(int start)
    {
        static const QStringList multi { u"<=>"_s, u"->>"_s, u"<="_s, u">="_s, u"<>"_s, u"!="_s, u"<<"_s, u">>"_s,
            u"&&"_s, u"||"_s, u":="_s, u"->"_s };
        const QStringView rest = QStringView(m_sql).mid(start, 3);
        for (const QString& op : multi) {
            if (rest.startsWith(op))
                return emit(start, start + int(op.size()), Kind::Operator);
        }
        emit(start, start + 1, Kind::Operator);
    }

    // MY_LEX_NUMBER_IDENT: digits make a number, unless identifier characters follow (12abc is a name).
    void number(int start)
    {
        auto name = [&](int from) {
            int end = from;
            while (end < size() && isIdentChar(at(end)))
                ++end;
            emit(start, end, Kind::Word);
        };
        if (at(start) == u'0' && (at(start + 1) == u'x' || at(start + 1) == u'b')) {
            const bool hex = at(start + 1) == u'x';
            int end = start + 2;
            while (end < size() && (hex ? isHexDigit(at(end)) : (at(end) == u'0' || at(end) == u'1')))
                ++end;
            if (end - start >= 3 && !isIdentChar(at(end)))
                return emit(start, end, hex ? Kind::HexString : Kind::BitString);
            return name(start);
        }
        int end = start;
        while (end < size() && isDigit(at(end)))
            ++end;
        const char16_t c = at(end);
        if (end < size() && isIdentChar(c)) {
            if (c == u'e' || c == u'E') {
                int exponent = end + 1;
                if (at(exponent) == u'+' || at(exponent) == u'-')
                    ++exponent;
                if (isDigit(at(exponent))) {
                    while (exponent < size() && isDigit(at(exponent)))
                        ++exponent;
                    return emit(start, exponent, Kind::Number);
                }
            }
            return name(start);
        }
        if (c == u'.' && at(end + 1) != u'.')
            return fraction(start, end + 1);
        emit(start, end, Kind::Number);
    }

    // MY_LEX_REAL: the digits after the point, and an exponent.
    void fraction(int start, int from)
    {
        int end = from;
        while (end < size() && isDigit(at(end)))
            ++end;
        if (at(end) == u'e' || at(end) == u'E') {
            int exponent = end + 1;
            if (at(exponent) == u'+' || at(exponent) == u'-')
                ++exponent;
            if (!isDigit(at(exponent)))
                return fail(start, u"malformed number"_s);
            while (exponent < size() && isDigit(at(exponent)))
                ++exponent;
            end = exponent;
        }
        emit(start, end, Kind::Number);
    }

    void quotedDigits(int start, Kind kind)
    {
        int end = start + 2;
        while (end < size() && (kind == Kind::HexString ? isHexDigit(at(end)) : (at(end) == u'0' || at(end) == u'1')))
            ++end;
        if (at(end) != u'\'' || end >= size())
            return fail(start, kind == Kind::HexString ? u"malformed X'...' literal"_s : u"malformed B'...' literal"_s);
        if (kind == Kind::HexString && (end - start - 2) % 2 != 0)
            return fail(start, u"an X'...' literal needs an even number of hex digits"_s);
        emit(start, end + 1, kind);
    }

    // get_text(): a doubled quote is one quote; a backslash escapes the next character unless
    // NO_BACKSLASH_ESCAPES. An unterminated string is refused (the server would read the rest as code).
    void string(int start, int quoteAt, bool doubleQuoted)
    {
        const char16_t quote = at(quoteAt);
        for (int i = quoteAt + 1; i < size(); ++i) {
            const char16_t c = at(i);
            if (c == u'\\' && m_options.backslashEscapes) {
                ++i;
                continue;
            }
            if (c != quote)
                continue;
            if (at(i + 1) == quote && i + 1 < size()) {
                ++i;
                continue;
            }
            emit(start, i + 1, Kind::String);
            m_result.tokens.last().doubleQuoted = doubleQuoted;
            return;
        }
        fail(start, u"unterminated string"_s);
    }

    void quotedName(int start, int quoteAt, Kind kind)
    {
        for (int i = quoteAt + 1; i < size(); ++i) {
            if (at(i) != u'`')
                continue;
            if (at(i + 1) == u'`' && i + 1 < size()) {
                ++i;
                continue;
            }
            return emit(start, i + 1, kind);
        }
        fail(start, u"unterminated `quoted name`"_s);
    }

    void variable(int start)
    {
        const char16_t c = at(start + 1);
        if (c == u'\'' || c == u'"') {
            string(start, start + 1, false);
            if (m_result.ok())
                m_result.tokens.last().kind = Kind::UserVariable;
            return;
        }
        if (c == u'`')
            return quotedName(start, start + 1, Kind::UserVariable);
        if (c == u'@') {
            // @@[global. | session. | local.]name: the scope and the name are read as words.
            if (!isIdentChar(at(start + 2)) && at(start + 2) != u'`')
                return fail(start, u"@@ must be followed by a variable's name"_s);
            return emit(start, start + 2, Kind::SystemVariableMarker);
        }
        // MY_LEX_HOSTNAME: letters, digits, '.', '_' and '$'.
        int end = start + 1;
        while (end < size() && at(end) < 0x80 && (isIdentChar(at(end)) || at(end) == u'.'))
            ++end;
        if (end == start + 1)
            return fail(start, u"@ must be followed by a variable's name"_s);
        if (at(end) >= 0x80 && end < size())
            return fail(start, u"a user variable's name is ASCII letters, digits, '.', '_' and '$' (or quote it)"_s);
        emit(start, end, Kind::UserVariable);
    }

    void lineComment(int start)
    {
        int end = start;
        while (end < size() && at(end) != u'\n')
            ++end;
        emit(start, end, Kind::Comment);
    }

    void blockComment(int start)
    {
        const bool executable = at(start + 2) == u'!' || (at(start + 2) == u'M' && at(start + 3) == u'!');
        if (executable) {
            if (m_inExecutable)
                return fail(start, u"an executable comment inside another"_s);
            const bool mariadb = at(start + 2) == u'M';
            int end = start + (mariadb ? 4 : 3);
            int version = 0;
            // Exactly five digits are a version (a sixth one too, since MariaDB 10); fewer are code.
            if (isDigit(at(end)) && isDigit(at(end + 1)) && isDigit(at(end + 2)) && isDigit(at(end + 3))
                && isDigit(at(end + 4))) {
                const int digits = isDigit(at(end + 5)) ? 6 : 5;
                version = QStringView(m_sql).mid(end, digits).toInt();
                end += digits;
            }
            emit(start, end, Kind::ExecutableCommentStart);
            Token& marker = m_result.tokens.last();
            marker.version = version;
            marker.mariadbOnly = mariadb;
            marker.inExecutableComment = false;
            m_inExecutable = true;
            m_executableStart = start;
            return;
        }
        const int close = int(m_sql.indexOf(u"*/"_s, start + 2));
        if (close < 0)
            return fail(start, u"the comment /* is not closed"_s);
        emit(start, close + 2, Kind::Comment);
        m_result.tokens.last().hint = at(start + 2) == u'+';
    }

    const QString& m_sql;
    Options m_options;
    Result m_result;
    int m_pos = 0;
    bool m_inExecutable = false;
    int m_executableStart = 0;
    bool m_nameFollows = false;
};

} // namespace

Result lex(const QString& sql, Options options)
{
    return Lexer(sql, options).run();
}

QString upper(const QString& sql, const Token& token)
{
    // The servers fold only ASCII when they look a word up among their keywords: "\u017Fet" (with a long s) is a
    // name to them, though Unicode would make it SET.
    QString word = token.text(sql).toString();
    for (QChar& c : word) {
        if (c.unicode() >= 0x80)
            return token.text(sql).toString();
        if (c >= u'a' && c <= u'z')
            c = QChar(c.unicode() - (u'a' - u'A'));
    }
    return word;
}

} // namespace interleave::MysqlLexer
