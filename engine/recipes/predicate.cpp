// SPDX-License-Identifier: MIT
#include "predicate.h"

#include "djangosql.h"
#include "fieldlookup.h"
#include "oneline.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Bad stands where the lexer refused the text: the parser stops there, or earlier at a mistake of its own, so the
// message is about the first thing wrong in reading order.
enum class TokenType { Word, QuotedName, Number, String, Operator, Open, Close, Comma, Bad, End };

struct Token {
    TokenType type = TokenType::End;
    qsizetype offset = 0;
    QString value; // the word or operator as written, the number as written, the string's or name's value
};

bool isAsciiLetter(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

// The whitespace between tokens; any other control character is refused.
bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

bool isWordCharacter(char16_t c)
{
    return isAsciiLetter(c) || isDigit(c) || c == u'_';
}

// The code point at `i` and how many UTF-16 units it takes; 0 units for a lone surrogate (not text at all).
std::pair<char32_t, int> codePointAt(QStringView text, qsizetype i)
{
    const char16_t c = text[i].unicode();
    if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode()))
        return { QChar::surrogateToUcs4(c, text[i + 1].unicode()), 2 };
    if (QChar::isSurrogate(c))
        return { c, 0 };
    return { c, 1 };
}

// Why a character may not appear anywhere in a predicate, not even in a string: control characters (the
// whitespace between tokens aside) and the invisible ones that reorder or hide text. nullopt for the others.
std::optional<QString> forbiddenCharacter(char32_t c)
{
    if (c >= 0x20 && c < 0x7f)
        return std::nullopt;
    // Not QString::fromUcs4(), which drops a leading U+FEFF as a byte order mark.
    QString character;
    if (QChar::requiresSurrogates(c))
        character.append(QChar(QChar::highSurrogate(c))).append(QChar(QChar::lowSurrogate(c)));
    else
        character.append(QChar(char16_t(c)));
    const QString escaped = oneLine(character);
    if (escaped == character)
        return std::nullopt;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return u"control character %1 is not allowed in a predicate"_s.arg(escaped);
    return u"invisible character %1 is not allowed in a predicate"_s.arg(escaped);
}

QString codePointName(char32_t c)
{
    return u"U+"_s + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
}

// Reads a predicate's text into tokens, refusing every character and spelling the grammar has no place for with
// a message that says what it is.
class Lexer {
public:
    explicit Lexer(QStringView text)
        : m_text(text)
    {
    }

    // The tokens, ending with End, or with Bad where the text was refused (then *error says why).
    bool run(QList<Token>& tokens, Predicate::Error& error)
    {
        const bool ok = scan(tokens, error);
        if (!ok)
            tokens.append(Token { TokenType::Bad, m_failedAt, {} });
        return ok;
    }

private:
    bool scan(QList<Token>& tokens, Predicate::Error& error)
    {
        const qsizetype n = m_text.size();
        for (qsizetype i = 0; i < n;) {
            const char16_t c = m_text[i].unicode();
            if (isSpace(c)) {
                ++i;
                continue;
            }
            if (const auto why = nonAsciiProblem(i))
                return fail(error, i, *why);
            if (isAsciiLetter(c) || c == u'_') {
                if (!word(tokens, error, i))
                    return false;
            } else if (startsNumber(i)) {
                if (!number(tokens, error, i))
                    return false;
            } else if (c == u'\'' || c == u'"') {
                if (!quoted(tokens, error, i))
                    return false;
            } else if (!punctuation(tokens, error, i)) {
                return false;
            }
        }
        tokens.append(Token { TokenType::End, n, {} });
        return true;
    }

    // Why the character at `i` cannot be outside a string: broken UTF-16, control and invisible characters, and
    // any other non-ASCII character (a look-alike of a letter or of punctuation). nullopt for ASCII.
    std::optional<QString> nonAsciiProblem(qsizetype i) const
    {
        if (isSpace(m_text[i].unicode()))
            return std::nullopt;
        const auto [code, units] = codePointAt(m_text, i);
        if (units == 0)
            return u"a lone UTF-16 surrogate (%1) is not text"_s.arg(codePointName(code));
        if (auto why = forbiddenCharacter(code))
            return why;
        if (code >= 0x80)
            return u"'%1' (%2) is not allowed outside a string: names, keywords and operators are ASCII"_s.arg(
                m_text.mid(i, units).toString(), codePointName(code));
        return std::nullopt;
    }

    bool fail(Predicate::Error& error, qsizetype offset, const QString& message)
    {
        error = { offset, message };
        m_failedAt = offset;
        return false;
    }

    bool at(qsizetype i, char16_t c) const { return i < m_text.size() && m_text[i] == c; }
    bool digitAt(qsizetype i) const { return i < m_text.size() && isDigit(m_text[i].unicode()); }

    bool startsNumber(qsizetype i) const
    {
        if (at(i, u'-'))
            ++i;
        return digitAt(i) || (at(i, u'.') && digitAt(i + 1));
    }

    bool word(QList<Token>& tokens, Predicate::Error& error, qsizetype& i)
    {
        qsizetype end = i + 1;
        while (end < m_text.size() && isWordCharacter(m_text[end].unicode()))
            ++end;
        const QString text = m_text.mid(i, end - i).toString();
        const QString upper = text.toUpper();
        // What runs into a word is part of it: "flаg" with a Cyrillic а, "t1.flag" are one name gone wrong, not a
        // column "fl" or "t1" followed by something else.
        if (end < m_text.size()) {
            if (const auto why = nonAsciiProblem(end))
                return fail(error, end, *why);
            if (at(end, u'.'))
                return punctuation(tokens, error, end);
        }
        // A word right before a quote prefixes the string (or name) with a meaning of one database's own.
        if (upper == u"U"_s && at(end, u'&') && (at(end + 1, u'\'') || at(end + 1, u'"')))
            return fail(
                error, i, u"U&'...' Unicode escapes are not allowed in a predicate; write the characters themselves"_s);
        if (at(end, u'\'')) {
            if (upper == u"E"_s)
                return fail(error, i, u"E'...' escape strings are PostgreSQL's only; write '...'"_s);
            if (upper == u"N"_s)
                return fail(error, i, u"N'...' national strings are not allowed in a predicate; write '...'"_s);
            if (upper == u"X"_s || upper == u"B"_s)
                return fail(error, i,
                    u"%1'...' bit and hexadecimal strings are not allowed in a predicate; write '...' or a number"_s
                        .arg(text));
            if (text.startsWith(u'_'))
                return fail(error, i,
                    u"a character set introducer (%1'...') is MySQL's only; write '...'"_s.arg(oneLine(text)));
            return fail(error, i, u"'%1' right before a string is not allowed; write '...'"_s.arg(oneLine(text)));
        }
        tokens.append(Token { TokenType::Word, i, text });
        i = end;
        return true;
    }

    bool number(QList<Token>& tokens, Predicate::Error& error, qsizetype& i)
    {
        const qsizetype start = i;
        if (at(i, u'-'))
            ++i;
        while (digitAt(i))
            ++i;
        if (at(i, u'.')) {
            ++i;
            while (digitAt(i))
                ++i;
        }
        if (at(i, u'.'))
            return fail(error, i, u"a number has at most one decimal point"_s);
        if (i < m_text.size() && isWordCharacter(m_text[i].unicode())) {
            const char16_t next = m_text[i].unicode();
            qsizetype end = i;
            while (end < m_text.size() && isWordCharacter(m_text[end].unicode()))
                ++end;
            const QString written = m_text.mid(start, end - start).toString();
            if (next == u'e' || next == u'E')
                return fail(
                    error, start, u"exponents are not allowed in a predicate: write %1 out in digits"_s.arg(written));
            if (m_text.mid(start, i - start) == u"0"_s && QStringView(u"xXoObB").contains(QChar(next)))
                return fail(error, start,
                    u"hexadecimal, octal and binary numbers are not allowed in a predicate: write %1 in decimal"_s.arg(
                        written));
            return fail(error, start, u"a number runs into a name: %1"_s.arg(written));
        }
        tokens.append(Token { TokenType::Number, start, m_text.mid(start, i - start).toString() });
        return true;
    }

    // A string ('...') or a quoted name ("..."): the quote doubled inside it is the only escape.
    bool quoted(QList<Token>& tokens, Predicate::Error& error, qsizetype& i)
    {
        const char16_t quote = m_text[i].unicode();
        const bool string = quote == u'\'';
        QString value;
        qsizetype j = i + 1;
        while (true) {
            if (j >= m_text.size())
                return fail(error, i,
                    string ? u"this string is never closed (a ' inside a string is written '')"_s
                           : u"this quoted name is never closed (a \" inside a name is written \"\")"_s);
            if (m_text[j] == quote) {
                if (!at(j + 1, quote))
                    break;
                value += QChar(quote);
                j += 2;
                continue;
            }
            const auto [code, units] = codePointAt(m_text, j);
            if (units == 0)
                return fail(error, j, u"a lone UTF-16 surrogate (%1) is not text"_s.arg(codePointName(code)));
            if (const auto why = forbiddenCharacter(code))
                return fail(error, j, *why);
            value += m_text.mid(j, units);
            j += units;
        }
        if (!string && value.isEmpty())
            return fail(error, i, u"an empty quoted name (\"\") names no column"_s);
        tokens.append(Token { string ? TokenType::String : TokenType::QuotedName, i, value });
        i = j + 1;
        return true;
    }

    bool punctuation(QList<Token>& tokens, Predicate::Error& error, qsizetype& i)
    {
        const char16_t c = m_text[i].unicode();
        auto token = [&](TokenType type, int length) {
            tokens.append(Token { type, i, m_text.mid(i, length).toString() });
            i += length;
            return true;
        };
        switch (c) {
        case u'(':
            return token(TokenType::Open, 1);
        case u')':
            return token(TokenType::Close, 1);
        case u',':
            return token(TokenType::Comma, 1);
        case u'=':
            if (at(i + 1, u'='))
                return fail(error, i, u"'==' is not SQL; write ="_s);
            return token(TokenType::Operator, 1);
        case u'<':
            if (at(i + 1, u'=') && at(i + 2, u'>'))
                return fail(error, i, u"'<=>' is MySQL's only; write = or IS NULL"_s);
            if (at(i + 1, u'<'))
                return fail(error, i, u"'<<' is not allowed: bit operators are not part of a predicate"_s);
            return token(TokenType::Operator, at(i + 1, u'=') || at(i + 1, u'>') ? 2 : 1);
        case u'>':
            if (at(i + 1, u'>'))
                return fail(error, i, u"'>>' is not allowed: bit operators are not part of a predicate"_s);
            return token(TokenType::Operator, at(i + 1, u'=') ? 2 : 1);
        case u'!':
            if (at(i + 1, u'='))
                return token(TokenType::Operator, 2);
            return fail(error, i, u"'!' is not allowed in a predicate; write NOT"_s);
        case u';':
            return fail(error, i, u"';' ends a statement: a predicate is one expression"_s);
        case u'-':
            if (at(i + 1, u'-'))
                return fail(error, i, u"'--' starts a comment: comments are not allowed in a predicate"_s);
            return fail(error, i,
                u"'-' is not allowed: arithmetic is not part of a predicate (a negative number is written -1)"_s);
        case u'/':
            if (at(i + 1, u'*'))
                return fail(error, i, u"'/*' starts a comment: comments are not allowed in a predicate"_s);
            return fail(error, i, u"'/' is not allowed: arithmetic is not part of a predicate"_s);
        case u'#':
            return fail(error, i, u"'#' starts a comment on MySQL: comments are not allowed in a predicate"_s);
        case u'+':
        case u'*':
        case u'%':
        case u'^':
        case u'~':
            return fail(error, i,
                u"'%1' is not allowed: arithmetic and bit operators are not part of a predicate"_s.arg(QChar(c)));
        case u'&':
            if (at(i + 1, u'&'))
                return fail(error, i, u"'&&' is MySQL's only; write AND"_s);
            return fail(error, i, u"'&' is not allowed: bit operators are not part of a predicate"_s);
        case u'|':
            if (at(i + 1, u'|'))
                return fail(error, i, u"'||' joins strings (or means OR on MySQL) and is not allowed; write OR"_s);
            return fail(error, i, u"'|' is not allowed: bit operators are not part of a predicate"_s);
        case u'$': {
            qsizetype end = i + 1;
            while (end < m_text.size() && isWordCharacter(m_text[end].unicode()))
                ++end;
            if (digitAt(i + 1))
                return fail(error, i, u"parameters such as $1 are not allowed: a predicate holds its values"_s);
            if (at(end, u'$'))
                return fail(error, i,
                    u"%1 dollar quoting is PostgreSQL's only; write '...'"_s.arg(
                        m_text.mid(i, end + 1 - i).toString()));
            return fail(error, i, u"'$' is not allowed in a predicate"_s);
        }
        case u':':
            if (at(i + 1, u':'))
                return fail(error, i, u"'::' casts are PostgreSQL's only and not allowed in a predicate"_s);
            return fail(error, i, u"':' is not allowed: a predicate holds its values (no named parameters)"_s);
        case u'?':
            return fail(error, i, u"'?' placeholders are not allowed: a predicate holds its values"_s);
        case u'@':
            return fail(error, i, u"'@' (a variable) is not allowed in a predicate"_s);
        case u'\\':
            return fail(error, i, u"a backslash is not allowed outside a string"_s);
        case u'`':
            return fail(error, i, u"`...` quotes names on MySQL only; write the name alone or in \"...\""_s);
        case u'.':
            return fail(error, i, u"'.' is not allowed: name a column alone, without a table or schema before it"_s);
        default:
            return fail(error, i, u"'%1' is not allowed in a predicate"_s.arg(QChar(c)));
        }
    }

    QStringView m_text;
    qsizetype m_failedAt = 0;
};

// SQL words a predicate has no place for, named as such instead of as an unknown column.
bool isSubqueryWord(const QString& upper)
{
    static const QStringList words { u"SELECT"_s, u"WITH"_s, u"VALUES"_s, u"TABLE"_s, u"EXISTS"_s };
    return words.contains(upper);
}

bool isOperatorWord(const QString& upper)
{
    static const QStringList words { u"LIKE"_s, u"ILIKE"_s, u"BETWEEN"_s, u"SIMILAR"_s, u"REGEXP"_s, u"RLIKE"_s,
        u"GLOB"_s, u"MATCH"_s, u"ESCAPE"_s, u"COLLATE"_s, u"ISNULL"_s, u"NOTNULL"_s, u"DIV"_s, u"MOD"_s, u"XOR"_s,
        u"OVERLAPS"_s, u"SOUNDS"_s, u"MEMBER"_s, u"AT"_s };
    return words.contains(upper);
}

bool isOtherKeyword(const QString& upper)
{
    static const QStringList words { u"CASE"_s, u"WHEN"_s, u"THEN"_s, u"ELSE"_s, u"END"_s, u"CAST"_s, u"INTERVAL"_s,
        u"DEFAULT"_s, u"ANY"_s, u"ALL"_s, u"SOME"_s, u"ARRAY"_s, u"ROW"_s, u"DISTINCT"_s, u"CURRENT_DATE"_s,
        u"CURRENT_TIME"_s, u"CURRENT_TIMESTAMP"_s, u"LOCALTIME"_s, u"LOCALTIMESTAMP"_s, u"CURRENT_USER"_s,
        u"SESSION_USER"_s, u"USER"_s, u"CURRENT_ROLE"_s, u"CURRENT_CATALOG"_s, u"CURRENT_SCHEMA"_s, u"FROM"_s,
        u"WHERE"_s, u"UNION"_s, u"LIMIT"_s, u"ORDER"_s, u"GROUP"_s, u"HAVING"_s, u"INTO"_s, u"UNKNOWN"_s, u"BINARY"_s };
    return words.contains(upper);
}

const QString& grammarHint()
{
    static const QString hint = u"compare with =, <>, <, <=, >, >=, IS [NOT] NULL or IN (...)"_s;
    return hint;
}

QString describe(const Token& t)
{
    switch (t.type) {
    case TokenType::End:
        return u"the end"_s;
    case TokenType::String:
        return u"the string '%1'"_s.arg(oneLine(t.value.size() > 24 ? t.value.left(24) + u"…"_s : t.value));
    case TokenType::QuotedName:
        return u"\"%1\""_s.arg(oneLine(t.value.size() > 64 ? t.value.left(64) + u"…"_s : t.value));
    default:
        return u"'%1'"_s.arg(oneLine(t.value.size() > 64 ? t.value.left(64) + u"…"_s : t.value));
    }
}

QString stringLiteral(const QString& value, BackendSpec::Kind dialect)
{
    QString doubled = value;
    doubled.replace(u'\'', u"''"_s);
    if (!value.contains(u'\\') || dialect == BackendSpec::Kind::Sqlite)
        return u'\'' + doubled + u'\'';
    if (dialect == BackendSpec::Kind::Postgresql) {
        // With standard_conforming_strings off, PostgreSQL reads a backslash in '...' as an escape; in E'...' it
        // always does, so the escaped backslash means the same on every server.
        doubled.replace(u'\\', u"\\\\"_s);
        return u"E'"_s + doubled + u'\'';
    }
    // MySQL reads a backslash in '...' as an escape unless sql_mode has NO_BACKSLASH_ESCAPES; its hexadecimal
    // form has no backslash at all.
    return u"_utf8mb4 X'"_s + QString::fromLatin1(value.toUtf8().toHex().toUpper()) + u'\'';
}

// "007" → "7", "-0.50" → "0.5", ".5" → "0.5", "5." → "5.0": one spelling per number, so the emitted SQL of equal
// predicates is equal.
QString canonicalNumber(const QString& written)
{
    const bool negative = written.startsWith(u'-');
    QString digits = negative ? written.mid(1) : written;
    const qsizetype dot = digits.indexOf(u'.');
    QString whole = dot < 0 ? digits : digits.left(dot);
    QString fraction = dot < 0 ? QString() : digits.mid(dot + 1);
    while (whole.size() > 1 && whole.front() == u'0')
        whole.remove(0, 1);
    if (whole.isEmpty())
        whole = u"0"_s;
    while (fraction.size() > 1 && fraction.back() == u'0')
        fraction.chop(1);
    if (dot >= 0 && fraction.isEmpty())
        fraction = u"0"_s;
    const bool zero = whole == u"0"_s && (fraction.isEmpty() || fraction == u"0"_s);
    return (negative && !zero ? u"-"_s : QString()) + whole + (dot < 0 ? QString() : u'.' + fraction);
}

} // namespace

class Predicate::Parser {
public:
    Parser(const QList<Token>& tokens, const TableSpec& table, Predicate& out, Error& error)
        : m_tokens(tokens)
        , m_table(table)
        , m_out(out)
        , m_error(error)
    {
    }

    bool run()
    {
        const int root = parseOr(0);
        if (root < 0)
            return false;
        if (peek().type == TokenType::Close)
            return fail(peek(), u"')' closes no '('"_s);
        if (peek().type != TokenType::End)
            return fail(peek(), u"expected AND, OR or the end, found %1"_s.arg(describe(peek())));
        m_out.m_root = root;
        return true;
    }

private:
    const Token& peek(int ahead = 0) const { return m_tokens[std::min(m_next + ahead, int(m_tokens.size()) - 1)]; }
    const Token& take() { return m_tokens[std::min(m_next++, int(m_tokens.size()) - 1)]; }
    bool isWord(const Token& t, QStringView word) const
    {
        return t.type == TokenType::Word && t.value.compare(word, Qt::CaseInsensitive) == 0;
    }

    bool fail(const Token& at, const QString& message)
    {
        m_error = { at.offset, message };
        return false;
    }
    int failed(const Token& at, const QString& message)
    {
        fail(at, message);
        return -1;
    }

    int add(Kind kind, QString text, QList<int> children = {})
    {
        m_out.m_nodes.append(Node { kind, std::move(text), std::move(children) });
        return int(m_out.m_nodes.size()) - 1;
    }

    int addColumn(const QString& name)
    {
        const int index = add(Kind::Column, name);
        const ColumnSpec* column = m_table.column(name);
        m_out.m_nodes[index].affinity = column ? affinityOf(column->type) : Affinity::Integer; // id: integer
        return index;
    }

    // SQLite's rules, in its order: INT, then CHAR/CLOB/TEXT, then BLOB or no type, then REAL/FLOA/DOUB, else NUMERIC.
    static Affinity affinityOf(const QString& type)
    {
        const QString upper = type.toUpper();
        if (upper.contains(u"INT"_s))
            return Affinity::Integer;
        if (upper.contains(u"CHAR"_s) || upper.contains(u"CLOB"_s) || upper.contains(u"TEXT"_s))
            return Affinity::Text;
        if (upper.contains(u"BLOB"_s) || upper.trimmed().isEmpty())
            return Affinity::Blob;
        if (upper.contains(u"REAL"_s) || upper.contains(u"FLOA"_s) || upper.contains(u"DOUB"_s))
            return Affinity::Real;
        return Affinity::Numeric;
    }

    // OR of ANDs, flattened: (a AND b) AND c is a AND b AND c, which the emitted SQL writes without parentheses.
    int parseList(Kind kind, int depth)
    {
        const QStringView word = kind == Kind::Or ? u"OR" : u"AND";
        auto operand = [&] { return kind == Kind::Or ? parseList(Kind::And, depth) : parseNot(depth); };
        const int first = operand();
        if (first < 0 || !isWord(peek(), word))
            return first;
        QList<int> children;
        auto append = [&](int child) {
            if (m_out.m_nodes[child].kind == kind)
                children += m_out.m_nodes[child].children;
            else
                children.append(child);
        };
        append(first);
        while (isWord(peek(), word)) {
            take();
            const int next = operand();
            if (next < 0)
                return -1;
            append(next);
        }
        return add(kind, {}, children);
    }
    int parseOr(int depth) { return parseList(Kind::Or, depth); }

    int parseNot(int depth)
    {
        if (!isWord(peek(), u"NOT"))
            return parsePrimary(depth);
        const Token& t = take();
        if (depth >= maxDepth)
            return failed(t, u"more than %1 parentheses and NOTs inside one another"_s.arg(maxDepth));
        const int child = parseNot(depth + 1);
        return child < 0 ? -1 : add(Kind::Not, {}, { child });
    }

    int parsePrimary(int depth)
    {
        if (peek().type == TokenType::Open) {
            const Token& open = take();
            if (depth >= maxDepth)
                return failed(open, u"more than %1 parentheses and NOTs inside one another"_s.arg(maxDepth));
            if (peek().type == TokenType::Word && isSubqueryWord(peek().value.toUpper()))
                return failed(peek(), u"a subquery is not allowed in a predicate"_s);
            const int inner = parseOr(depth + 1);
            if (inner < 0)
                return -1;
            if (peek().type != TokenType::Close)
                return failed(peek(),
                    u"expected ')' to close the '(' at character %1, found %2"_s.arg(open.offset + 1)
                        .arg(describe(peek())));
            take();
            return inner;
        }
        const Token& leftToken = peek();
        const int left = parseOperand(u"a column or a value"_s);
        if (left < 0)
            return -1;
        const Token& next = peek();
        if (next.type == TokenType::Operator) {
            take();
            const Token& rightToken = peek();
            const int right = parseOperand(u"a column or a value after %1"_s.arg(describe(next)));
            if (right < 0)
                return -1;
            const QString op = next.value == u"!="_s ? u"<>"_s : next.value;
            if (m_out.m_nodes[left].kind == Kind::Null || m_out.m_nodes[right].kind == Kind::Null) {
                const Token& null = m_out.m_nodes[left].kind == Kind::Null ? leftToken : rightToken;
                if (op == u"="_s)
                    return failed(null, u"'= NULL' is never true; write IS NULL"_s);
                if (op == u"<>"_s)
                    return failed(null, u"'%1 NULL' is never true; write IS NOT NULL"_s.arg(next.value));
                return failed(null, u"a comparison with NULL is never true; write IS NULL or IS NOT NULL"_s);
            }
            return add(Kind::Compare, op, { left, right });
        }
        if (isWord(next, u"IS")) {
            take();
            const bool negated = isWord(peek(), u"NOT");
            if (negated)
                take();
            if (!isWord(peek(), u"NULL"))
                return failed(peek(),
                    u"expected NULL after IS%1, found %2"_s.arg(negated ? u" NOT"_s : QString(), describe(peek())));
            take();
            return add(negated ? Kind::IsNotNull : Kind::IsNull, {}, { left });
        }
        if (isWord(next, u"NOT")) {
            take();
            if (!isWord(peek(), u"IN")) {
                if (peek().type == TokenType::Word && isOperatorWord(peek().value.toUpper()))
                    return failed(peek(), u"%1 is not part of a predicate: %2"_s.arg(describe(peek()), grammarHint()));
                return failed(peek(), u"expected IN after NOT, found %1"_s.arg(describe(peek())));
            }
            take();
            return parseInList(left, Kind::NotIn);
        }
        if (isWord(next, u"IN")) {
            take();
            return parseInList(left, Kind::In);
        }
        if (next.type == TokenType::Word && isOperatorWord(next.value.toUpper()))
            return failed(next, u"%1 is not part of a predicate: %2"_s.arg(describe(next), grammarHint()));
        return left; // a column or a value alone is a condition too: WHERE active
    }

    int parseInList(int left, Kind kind)
    {
        if (peek().type != TokenType::Open)
            return failed(peek(), u"expected '(' after IN, found %1"_s.arg(describe(peek())));
        take();
        if (peek().type == TokenType::Word && isSubqueryWord(peek().value.toUpper()))
            return failed(peek(), u"a subquery is not allowed in a predicate"_s);
        QList<int> children { left };
        while (true) {
            const Token& t = peek();
            const bool literal = t.type == TokenType::Number || t.type == TokenType::String || isWord(t, u"NULL")
                || isWord(t, u"TRUE") || isWord(t, u"FALSE");
            if (!literal && t.type != TokenType::Word && t.type != TokenType::QuotedName)
                return failed(t, u"expected a value in the IN list, found %1"_s.arg(describe(t)));
            const int value = parseOperand(u"a value in the IN list"_s);
            if (value < 0)
                return -1;
            if (!literal)
                return failed(t, u"IN (...) lists values, not columns: found %1"_s.arg(describe(t)));
            children.append(value);
            if (peek().type == TokenType::Comma) {
                take();
                continue;
            }
            if (peek().type == TokenType::Close) {
                take();
                return add(kind, {}, children);
            }
            return failed(peek(), u"expected ',' or ')' in the IN list, found %1"_s.arg(describe(peek())));
        }
    }

    QString columnList() const
    {
        QStringList names { u"id"_s };
        for (const ColumnSpec& c : m_table.columns)
            names.append(c.name);
        return names.join(u", "_s);
    }

    int parseOperand(const QString& expected)
    {
        const Token& t = peek();
        switch (t.type) {
        case TokenType::Number:
            take();
            return add(Kind::Number, canonicalNumber(t.value));
        case TokenType::String:
            take();
            return add(Kind::String, t.value);
        case TokenType::QuotedName: {
            if (peek(1).type == TokenType::Open)
                return failed(t, u"a function call is not allowed in a predicate: %1"_s.arg(describe(t)));
            take();
            if (t.value == u"id"_s || m_table.column(t.value))
                return addColumn(t.value);
            return failed(t, u"unknown column %1; the table has %2"_s.arg(describe(t), columnList()));
        }
        case TokenType::Word: {
            const QString upper = t.value.toUpper();
            if (upper == u"TRUE"_s || upper == u"FALSE"_s || upper == u"NULL"_s) {
                take();
                return add(upper == u"TRUE"_s ? Kind::True : upper == u"FALSE"_s ? Kind::False : Kind::Null, {});
            }
            if (peek(1).type == TokenType::Open) {
                if (isSubqueryWord(upper))
                    return failed(t, u"a subquery is not allowed in a predicate"_s);
                return failed(t, u"a function call is not allowed in a predicate: %1"_s.arg(t.value));
            }
            if (upper == u"AND"_s || upper == u"OR"_s || upper == u"NOT"_s || upper == u"IS"_s || upper == u"IN"_s)
                return failed(t, u"expected %1, found %2"_s.arg(expected, describe(t)));
            if (upper == u"ID"_s) {
                take();
                return addColumn(u"id"_s);
            }
            for (const ColumnSpec& c : m_table.columns) {
                if (c.name.compare(t.value, Qt::CaseInsensitive) == 0) {
                    take();
                    return addColumn(c.name);
                }
            }
            if (isSubqueryWord(upper))
                return failed(
                    t, u"%1 is not allowed: a predicate is one condition on the table's columns"_s.arg(upper));
            if (isOperatorWord(upper))
                return failed(t, u"%1 is not part of a predicate: %2"_s.arg(describe(t), grammarHint()));
            if (isOtherKeyword(upper))
                return failed(
                    t, u"%1 is not part of a predicate: it compares the table's columns with values"_s.arg(upper));
            return failed(t, u"unknown column \"%1\"; the table has %2"_s.arg(t.value, columnList()));
        }
        default:
            if (t.type == TokenType::Open && peek(1).type == TokenType::Word && isSubqueryWord(peek(1).value.toUpper()))
                return failed(peek(1), u"a subquery is not allowed in a predicate"_s);
            return failed(t, u"expected %1, found %2"_s.arg(expected, describe(t)));
        }
    }

    const QList<Token>& m_tokens;
    const TableSpec& m_table;
    Predicate& m_out;
    Error& m_error;
    int m_next = 0;
};

std::optional<Predicate> Predicate::parse(const QString& text, const TableSpec& table, Error* error)
{
    Error ignored;
    Error& e = error ? *error : ignored;
    if (text.size() > maxLength) {
        e = { maxLength,
            u"a predicate is at most %1 characters long; this one has %2"_s.arg(maxLength).arg(text.size()) };
        return std::nullopt;
    }
    QList<Token> tokens;
    Error lexical;
    const bool lexed = Lexer(text).run(tokens, lexical);
    if (tokens.size() == 1 && lexed) {
        e = { 0, u"the predicate is empty: leave \"where\" out for a plain unique constraint"_s };
        return std::nullopt;
    }
    Predicate predicate;
    Error grammatical;
    if (Parser(tokens, table, predicate, grammatical).run())
        return predicate; // the lexer refused nothing: the parser cannot get past a Bad token
    e = !lexed && grammatical.offset >= lexical.offset ? lexical : grammatical;
    return std::nullopt;
}

QString Predicate::sql(BackendSpec::Kind dialect) const
{
    return m_root < 0 ? QString() : sql(m_root, dialect);
}

QString Predicate::sql(int index, BackendSpec::Kind dialect) const
{
    const Node& n = m_nodes[index];
    const auto child = [&](int i) { return sql(n.children[i], dialect); };
    const auto isGroup = [&](int i) {
        const Kind kind = m_nodes[n.children[i]].kind;
        return kind == Kind::Or || kind == Kind::And;
    };
    switch (n.kind) {
    case Kind::Or:
    case Kind::And: {
        // AND binds tighter than OR in every dialect: only an OR inside an AND needs its parentheses.
        QStringList parts;
        for (int i = 0; i < n.children.size(); ++i)
            parts.append(
                n.kind == Kind::And && m_nodes[n.children[i]].kind == Kind::Or ? u'(' + child(i) + u')' : child(i));
        return parts.join(n.kind == Kind::Or ? u" OR "_s : u" AND "_s);
    }
    case Kind::Not:
        // NOT binds looser than comparisons, IS and IN, except on MySQL with HIGH_NOT_PRECEDENCE in sql_mode.
        if (isGroup(0) || (dialect == BackendSpec::Kind::Mysql && m_nodes[n.children[0]].kind != Kind::Not))
            return u"NOT ("_s + child(0) + u')';
        return u"NOT "_s + child(0);
    case Kind::Compare:
        return child(0) + u' ' + n.text + u' ' + child(1);
    case Kind::IsNull:
        return child(0) + u" IS NULL"_s;
    case Kind::IsNotNull:
        return child(0) + u" IS NOT NULL"_s;
    case Kind::In:
    case Kind::NotIn: {
        QStringList values;
        for (int i = 1; i < n.children.size(); ++i)
            values.append(child(i));
        return child(0) + (n.kind == Kind::In ? u" IN ("_s : u" NOT IN ("_s) + values.join(u", "_s) + u')';
    }
    case Kind::Column:
        return DjangoSql::quote(dialect, n.text);
    case Kind::Number:
        return n.text;
    case Kind::String:
        return stringLiteral(n.text, dialect);
    case Kind::True:
        return u"TRUE"_s;
    case Kind::False:
        return u"FALSE"_s;
    case Kind::Null:
        return u"NULL"_s;
    }
    return {};
}

namespace {

using Dialect = BackendSpec::Kind;

bool isNumeric(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

bool isText(const QVariant& v)
{
    return v.typeId() == QMetaType::QString;
}

bool isIntegral(const QVariant& v)
{
    return isNumeric(v) && v.typeId() != QMetaType::Double && v.typeId() != QMetaType::Float;
}

// Numbers by value: integers exactly (a double cannot tell 2^53 + 1 from 2^53), else as doubles.
int compareNumbers(const QVariant& a, const QVariant& b)
{
    if (isIntegral(a) && isIntegral(b) && a.typeId() != QMetaType::ULongLong && b.typeId() != QMetaType::ULongLong) {
        const qint64 x = a.toLongLong();
        const qint64 y = b.toLongLong();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    const double x = a.toDouble();
    const double y = b.toDouble();
    return x < y ? -1 : (x > y ? 1 : 0);
}

// An integer when the text is one that fits, else a double.
QVariant numberValue(const QString& text)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (ok)
        return n;
    return text.toDouble();
}

// A well-formed integer or real, blanks around it allowed: what SQLite's numeric affinity and PostgreSQL's numeric
// input accept.
bool isWellFormedNumber(const QString& text)
{
    static const QRegularExpression number(u"^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$"_s);
    return number.match(text).hasMatch();
}

// SQLite's text affinity on a number: its text, as SQLite writes it (a whole real keeps its ".0").
QString sqliteText(const QVariant& v)
{
    if (isIntegral(v))
        return QString::number(v.toLongLong());
    QString text = QString::number(v.toDouble(), 'g', 15);
    if (!text.contains(u'.') && !text.contains(u'e') && !text.contains(u'n')) // not 1e+20, inf, nan
        text += u".0"_s;
    return text;
}

// MySQL's string to number: the longest leading number, 0 when there is none ('5x' is 5, 'abc' is 0).
double mysqlNumber(const QString& text)
{
    static const QRegularExpression prefix(u"^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"_s);
    const QRegularExpressionMatch m = prefix.match(text);
    return m.hasMatch() ? m.captured(0).trimmed().toDouble() : 0.0;
}

// PostgreSQL's boolean input: a prefix of true/yes/false/no, on/off, 1/0, in any case, blanks around it.
std::optional<bool> pgBoolean(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return std::nullopt;
    if (u"true"_s.startsWith(t) || u"yes"_s.startsWith(t) || t == u"on"_s || t == u"1"_s)
        return true;
    if (u"false"_s.startsWith(t) || u"no"_s.startsWith(t) || (t.size() >= 2 && u"off"_s.startsWith(t)) || t == u"0"_s)
        return false;
    return std::nullopt;
}

// SQLite's storage classes in its order: NULL, numbers, text, blobs.
int storageClass(const QVariant& v)
{
    if (v.isNull())
        return 0;
    if (isNumeric(v))
        return 1;
    if (v.typeId() == QMetaType::QByteArray)
        return 3;
    return 2;
}

} // namespace

// A value met while judging a row: what the row or the literal holds, and the affinity of the column it came from
// (None for a literal).
struct Predicate::Value {
    QVariant value;
    Affinity affinity = Affinity::None;
    bool literal = false;
};

Predicate::Value Predicate::operand(int index, const QStringList& columns, const Row& row) const
{
    const Node& n = m_nodes[index];
    switch (n.kind) {
    case Kind::Column: {
        const qsizetype c = columns.indexOf(n.text);
        return { c >= 0 ? row.value(c) : QVariant(), n.affinity, false };
    }
    case Kind::Number:
        return { numberValue(n.text), Affinity::None, true };
    case Kind::String:
        return { n.text, Affinity::None, true };
    case Kind::True:
        return { true, Affinity::None, true };
    case Kind::False:
        return { false, Affinity::None, true };
    default:
        return { QVariant(), Affinity::None, true };
    }
}

std::optional<int> Predicate::compare(Value a, Value b, BackendSpec::Kind dialect)
{
    if (a.value.typeId() == QMetaType::QByteArray && b.value.typeId() == QMetaType::QByteArray) {
        const QByteArray x = a.value.toByteArray();
        const QByteArray y = b.value.toByteArray();
        return x < y ? -1 : (y < x ? 1 : 0);
    }
    switch (dialect) {
    case Dialect::Sqlite: {
        // Before comparing, SQLite converts as sqlite3CompareAffinity decides: a column of numeric affinity makes
        // the other side a number where it is a well-formed one; a text column makes a literal number text; a column
        // without a type converts nothing. TRUE and FALSE are the integers 1 and 0.
        const auto numericAffinity = [](Affinity x) {
            return x == Affinity::Integer || x == Affinity::Real || x == Affinity::Numeric;
        };
        const auto toNumber = [](Value& v) {
            if (isText(v.value) && isWellFormedNumber(v.value.toString()))
                v.value = numberValue(v.value.toString().trimmed());
        };
        const auto toText = [](Value& v) {
            if (isNumeric(v.value))
                v.value = sqliteText(v.value);
        };
        const Affinity column = a.affinity != Affinity::None ? a.affinity : b.affinity;
        if (numericAffinity(a.affinity) || numericAffinity(b.affinity)) {
            toNumber(a);
            toNumber(b);
        } else if (column == Affinity::Text && (a.affinity == Affinity::None || b.affinity == Affinity::None)) {
            toText(a);
            toText(b);
        }
        const int ca = storageClass(a.value);
        const int cb = storageClass(b.value);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca == 1)
            return compareNumbers(a.value, b.value);
        return FieldLookup::compareText(dialect, a.value.toString(), b.value.toString());
    }
    case Dialect::Postgresql: {
        // A string literal has no type until it meets a value: it is read as that value's type, or refused.
        const auto readAs = [](Value& literal, const QVariant& other) {
            if (!literal.literal || !isText(literal.value) || isText(other))
                return;
            if (other.typeId() == QMetaType::Bool) {
                const auto truth = pgBoolean(literal.value.toString());
                literal.value = truth ? QVariant(*truth) : QVariant();
            } else if (isNumeric(other)) {
                literal.value = isWellFormedNumber(literal.value.toString())
                    ? QVariant(literal.value.toString().trimmed().toDouble())
                    : QVariant();
            }
        };
        readAs(a, b.value);
        readAs(b, a.value);
        const bool boolA = a.value.typeId() == QMetaType::Bool;
        const bool boolB = b.value.typeId() == QMetaType::Bool;
        if (boolA && boolB)
            return int(a.value.toBool()) - int(b.value.toBool());
        if (boolA || boolB) // boolean = integer, boolean = text: no such operator
            return std::nullopt;
        if (isNumeric(a.value) && isNumeric(b.value))
            return compareNumbers(a.value, b.value);
        if (isText(a.value) && isText(b.value))
            return FieldLookup::compareText(dialect, a.value.toString(), b.value.toString());
        return std::nullopt;
    }
    case Dialect::Mysql:
        if (isText(a.value) && isText(b.value))
            return FieldLookup::compareText(dialect, a.value.toString(), b.value.toString());
        if (isNumeric(a.value) && isNumeric(b.value))
            return compareNumbers(a.value, b.value);
        {
            // "In all other cases, the arguments are compared as floating-point (double-precision) numbers."
            const double x = isText(a.value) ? mysqlNumber(a.value.toString()) : a.value.toDouble();
            const double y = isText(b.value) ? mysqlNumber(b.value.toString()) : b.value.toDouble();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
    }
    return std::nullopt;
}

// A value standing alone as a condition (WHERE active): true when it is a number other than zero, as SQLite and
// MySQL read text as a number for it; PostgreSQL takes only a boolean (or a string literal it reads as one).
Predicate::Truth Predicate::truthOf(const Value& v, BackendSpec::Kind dialect)
{
    if (v.value.isNull())
        return Truth::Unknown;
    if (dialect == Dialect::Postgresql) {
        if (v.value.typeId() == QMetaType::Bool)
            return v.value.toBool() ? Truth::True : Truth::False;
        const auto truth = v.literal && isText(v.value) ? pgBoolean(v.value.toString()) : std::nullopt;
        return truth ? (*truth ? Truth::True : Truth::False) : Truth::Refused; // "argument of WHERE must be boolean"
    }
    double number = 0;
    if (isNumeric(v.value))
        number = v.value.toDouble();
    else if (isText(v.value))
        number = mysqlNumber(v.value.toString()); // SQLite's CAST to NUMERIC reads the same leading number
    return number != 0 ? Truth::True : Truth::False;
}

Predicate::Truth Predicate::evaluate(int index, const QStringList& columns, const Row& row, Dialect dialect) const
{
    const Node& n = m_nodes[index];
    const auto not_ = [](Truth t) { return t == Truth::True ? Truth::False : (t == Truth::False ? Truth::True : t); };
    switch (n.kind) {
    case Kind::Or:
    case Kind::And: {
        // OR is true when one side is, AND false when one side is; else unknown if one side is. A comparison the
        // database refuses fails the whole statement there, whatever the other sides say.
        const Truth decisive = n.kind == Kind::Or ? Truth::True : Truth::False;
        Truth result = n.kind == Kind::Or ? Truth::False : Truth::True;
        bool decided = false;
        for (const int child : n.children) {
            const Truth t = evaluate(child, columns, row, dialect);
            if (t == Truth::Refused)
                return t;
            decided = decided || t == decisive;
            if (t == Truth::Unknown)
                result = Truth::Unknown;
        }
        return decided ? decisive : result;
    }
    case Kind::Not:
        return not_(evaluate(n.children[0], columns, row, dialect));
    case Kind::Compare: {
        const Value a = operand(n.children[0], columns, row);
        const Value b = operand(n.children[1], columns, row);
        if (a.value.isNull() || b.value.isNull())
            return Truth::Unknown;
        const std::optional<int> c = compare(a, b, dialect);
        if (!c)
            return Truth::Refused;
        bool holds = false;
        if (n.text == u"="_s)
            holds = *c == 0;
        else if (n.text == u"<>"_s)
            holds = *c != 0;
        else if (n.text == u"<"_s)
            holds = *c < 0;
        else if (n.text == u"<="_s)
            holds = *c <= 0;
        else if (n.text == u">"_s)
            holds = *c > 0;
        else if (n.text == u">="_s)
            holds = *c >= 0;
        return holds ? Truth::True : Truth::False;
    }
    case Kind::IsNull:
    case Kind::IsNotNull: {
        const bool null = operand(n.children[0], columns, row).value.isNull();
        return null == (n.kind == Kind::IsNull) ? Truth::True : Truth::False;
    }
    case Kind::In:
    case Kind::NotIn: {
        // x IN (a, b) is x = a OR x = b: true on an equal value, else unknown if any comparison was.
        const Value left = operand(n.children[0], columns, row);
        bool equal = false;
        bool unknown = false;
        for (qsizetype i = 1; i < n.children.size(); ++i) {
            const Value v = operand(n.children[i], columns, row);
            if (left.value.isNull() || v.value.isNull()) {
                unknown = true;
                continue;
            }
            const std::optional<int> c = compare(left, v, dialect);
            if (!c)
                return Truth::Refused;
            equal = equal || *c == 0;
        }
        const Truth in = equal ? Truth::True : (unknown ? Truth::Unknown : Truth::False);
        return n.kind == Kind::In ? in : not_(in);
    }
    default:
        return truthOf(operand(index, columns, row), dialect);
    }
}

bool Predicate::matches(const QStringList& columns, const Row& row, BackendSpec::Kind dialect) const
{
    return m_root >= 0 && evaluate(m_root, columns, row, dialect) == Truth::True;
}

QStringList Predicate::columns() const
{
    QStringList names;
    for (const Node& n : m_nodes)
        if (n.kind == Kind::Column && !names.contains(n.text))
            names.append(n.text);
    return names;
}

} // namespace interleave
