// SPDX-License-Identifier: MIT
#include "isolationspec.h"

#include "oneline.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

struct Token {
    enum class Kind { End, Keyword, Name, Block, Number, Open, Close, Comma, Star, Other };
    Kind kind = Kind::End;
    QString text; // a keyword in lower case, a name unquoted, a block's SQL, a number's digits
    int offset = 0; // where the token starts
    int contentOffset = 0; // a block: where its SQL starts
    bool quoted = false;
};

const QStringList& keywords()
{
    static const QStringList words { u"permutation"_s, u"session"_s, u"setup"_s, u"step"_s, u"teardown"_s,
        u"notices"_s };
    return words;
}

bool nameStart(QChar c)
{
    return c == u'_' || (c.unicode() < 128 ? c.isLetter() : c.isLetterOrNumber() || c.isMark());
}

bool nameContinues(QChar c)
{
    return nameStart(c) || (c.unicode() < 128 && c.isDigit()) || c.isDigit();
}

QString describe(const Token& t)
{
    switch (t.kind) {
    case Token::Kind::End:
        return u"the end of the file"_s;
    case Token::Kind::Keyword:
        return u"the keyword %1"_s.arg(t.text);
    case Token::Kind::Name:
        return u"the name \"%1\""_s.arg(t.text);
    case Token::Kind::Block:
        return u"a { SQL } block"_s;
    case Token::Kind::Number:
        return u"the number %1"_s.arg(t.text);
    default:
        return u"\"%1\""_s.arg(t.text);
    }
}

// Reads the spec token by token; the first error stops it (a spec is short, one message is enough).
class Parser {
public:
    Parser(const QString& text, IsolationSpec& spec)
        : m_text(text)
        , m_spec(spec)
    {
    }

    std::optional<ScenarioError> run()
    {
        advance();
        while (isKeyword(u"setup"_s)) {
            advance();
            auto block = expectBlock(u"setup"_s);
            if (!block)
                return m_error;
            m_spec.setup.append(*block);
        }
        if (isKeyword(u"teardown"_s)) {
            advance();
            auto block = expectBlock(u"teardown"_s);
            if (!block)
                return m_error;
            m_spec.teardown = *block;
        }
        if (!isKeyword(u"session"_s))
            return fail(m_token.offset,
                m_spec.setup.isEmpty() && !m_spec.teardown
                    ? u"expected setup, teardown or session, found %1"_s.arg(describe(m_token))
                    : u"expected %1session, found %2"_s.arg(
                        m_spec.teardown ? QString() : u"setup, teardown or "_s, describe(m_token)));
        QSet<QString> stepNames;
        QSet<QString> sessionNames;
        while (isKeyword(u"session"_s)) {
            advance();
            IsolationSpec::Session session;
            session.at = m_spec.positionOf(m_token.offset);
            if (!expectName(u"session"_s, session.name))
                return m_error;
            if (sessionNames.contains(session.name))
                return fail(session.at.offset, u"session \"%1\" is defined twice"_s.arg(session.name));
            if (m_spec.sessions.size() >= IsolationSpec::maxSessions)
                return fail(session.at.offset, u"at most %1 sessions"_s.arg(IsolationSpec::maxSessions));
            sessionNames.insert(session.name);
            if (isKeyword(u"setup"_s)) {
                advance();
                session.setup = expectBlock(u"setup"_s);
                if (!session.setup)
                    return m_error;
                if (isKeyword(u"setup"_s))
                    return fail(m_token.offset,
                        u"session \"%1\" has a setup already; write one setup block with "
                        "all its statements"_s.arg(session.name));
            }
            while (isKeyword(u"step"_s)) {
                advance();
                IsolationSpec::Step step;
                step.at = m_spec.positionOf(m_token.offset);
                if (!expectName(u"step"_s, step.name))
                    return m_error;
                if (stepNames.contains(step.name))
                    return fail(step.at.offset, u"step \"%1\" is defined twice"_s.arg(step.name));
                if (++m_steps > IsolationSpec::maxSteps)
                    return fail(step.at.offset, u"at most %1 steps"_s.arg(IsolationSpec::maxSteps));
                stepNames.insert(step.name);
                auto block = expectBlock(u"step \"%1\""_s.arg(step.name));
                if (!block)
                    return m_error;
                step.block = *block;
                session.steps.append(step);
            }
            if (session.steps.isEmpty())
                return fail(m_token.offset,
                    u"session \"%1\" needs at least one step, found %2"_s.arg(session.name, describe(m_token)));
            if (isKeyword(u"teardown"_s)) {
                advance();
                session.teardown = expectBlock(u"teardown"_s);
                if (!session.teardown)
                    return m_error;
            }
            m_spec.sessions.append(session);
        }
        while (isKeyword(u"permutation"_s)) {
            IsolationSpec::Permutation permutation;
            permutation.at = m_spec.positionOf(m_token.offset);
            advance();
            if (m_spec.permutations.size() >= IsolationSpec::maxPermutations)
                return fail(permutation.at.offset, u"at most %1 permutations"_s.arg(IsolationSpec::maxPermutations));
            while (m_token.kind == Token::Kind::Name) {
                IsolationSpec::Entry entry;
                entry.step = m_token.text;
                entry.at = m_spec.positionOf(m_token.offset);
                if (!stepNames.contains(entry.step))
                    return fail(m_token.offset, u"permutation names unknown step \"%1\""_s.arg(entry.step));
                if (++m_entries > IsolationSpec::maxEntriesInAll)
                    return fail(m_token.offset,
                        u"at most %1 steps on all permutation lines together"_s.arg(IsolationSpec::maxEntriesInAll));
                if (permutation.entries.size() >= IsolationSpec::maxEntries)
                    return fail(
                        m_token.offset, u"at most %1 steps on a permutation line"_s.arg(IsolationSpec::maxEntries));
                advance();
                if (m_token.kind == Token::Kind::Open && !readMarkers(entry, stepNames))
                    return m_error;
                permutation.entries.append(entry);
            }
            if (permutation.entries.isEmpty())
                return fail(m_token.offset, u"permutation needs at least one step, found %1"_s.arg(describe(m_token)));
            m_spec.permutations.append(permutation);
        }
        if (m_error)
            return m_error;
        if (m_token.kind != Token::Kind::End)
            return fail(m_token.offset,
                u"expected %1, found %2"_s.arg(m_spec.permutations.isEmpty()
                        ? u"session, step, teardown or permutation"_s
                        : u"permutation or a step name"_s,
                    describe(m_token)));
        return std::nullopt;
    }

private:
    bool isKeyword(const QString& word) const { return m_token.kind == Token::Kind::Keyword && m_token.text == word; }

    std::optional<ScenarioError> fail(int offset, const QString& message)
    {
        if (!m_error)
            m_error = m_spec.errorAt(offset, message);
        m_token = Token { Token::Kind::End, {}, int(m_text.size()), 0, false };
        return m_error;
    }

    bool expectName(const QString& what, QString& name)
    {
        if (m_error)
            return false;
        if (m_token.kind != Token::Kind::Name) {
            fail(m_token.offset,
                u"%1 needs a name%2, found %3"_s.arg(what,
                    m_token.kind == Token::Kind::Keyword ? u" (a keyword is a name only in double quotes)"_s
                                                         : QString(),
                    describe(m_token)));
            return false;
        }
        name = m_token.text;
        advance();
        return !m_error;
    }

    std::optional<IsolationSpec::Block> expectBlock(const QString& what)
    {
        if (m_error)
            return std::nullopt;
        if (m_token.kind != Token::Kind::Block) {
            fail(m_token.offset, u"%1 needs a { SQL } block, found %2"_s.arg(what, describe(m_token)));
            return std::nullopt;
        }
        IsolationSpec::Block block { m_token.text, m_spec.positionOf(m_token.contentOffset) };
        advance();
        if (m_error)
            return std::nullopt;
        return block;
    }

    // "(" marker ("," marker)* ")" after a permutation's step.
    bool readMarkers(IsolationSpec::Entry& entry, const QSet<QString>& stepNames)
    {
        advance();
        for (;;) {
            if (m_error)
                return false;
            if (entry.markers.size() >= IsolationSpec::maxMarkers) {
                fail(m_token.offset, u"at most %1 markers on a step"_s.arg(IsolationSpec::maxMarkers));
                return false;
            }
            if (m_token.kind == Token::Kind::Star) {
                entry.markers.append(u"*"_s);
                advance();
            } else if (m_token.kind == Token::Kind::Name) {
                const QString other = m_token.text;
                if (!stepNames.contains(other)) {
                    fail(m_token.offset, u"marker names unknown step \"%1\""_s.arg(other));
                    return false;
                }
                advance();
                if (isKeyword(u"notices"_s)) {
                    advance();
                    if (m_token.kind != Token::Kind::Number) {
                        fail(m_token.offset, u"notices needs a number, found %1"_s.arg(describe(m_token)));
                        return false;
                    }
                    bool ok = false;
                    const int n = m_token.text.size() <= 7 ? m_token.text.toInt(&ok) : 0;
                    if (!ok || n < 1 || n > IsolationSpec::maxNotices) {
                        fail(m_token.offset,
                            u"notices needs a number from 1 to %1, found %2"_s.arg(IsolationSpec::maxNotices)
                                .arg(m_token.text.left(20)));
                        return false;
                    }
                    entry.markers.append(u"%1 notices %2"_s.arg(other).arg(n));
                    advance();
                } else {
                    entry.markers.append(other);
                }
            } else {
                fail(m_token.offset,
                    u"a marker is *, a step's name or \"<step> notices <n>\", found %1"_s.arg(describe(m_token)));
                return false;
            }
            if (m_error)
                return false;
            if (m_token.kind == Token::Kind::Close) {
                advance();
                return !m_error;
            }
            if (m_token.kind != Token::Kind::Comma) {
                fail(m_token.offset, u"expected , or ) after a marker, found %1"_s.arg(describe(m_token)));
                return false;
            }
            advance();
        }
    }

    void advance()
    {
        if (m_error)
            return;
        const qsizetype size = m_text.size();
        // White space and comments.
        while (m_at < size) {
            const QChar c = m_text.at(m_at);
            if (c == u'#') {
                while (m_at < size && m_text.at(m_at) != u'\n')
                    ++m_at;
            } else if (c.isSpace()) {
                ++m_at;
            } else {
                break;
            }
        }
        const int start = int(m_at);
        if (m_at >= size) {
            m_token = Token { Token::Kind::End, {}, start, 0, false };
            return;
        }
        const QChar c = m_text.at(m_at);
        if (c == u'{') {
            int depth = 1;
            ++m_at;
            const int content = int(m_at);
            while (m_at < size) {
                const QChar d = m_text.at(m_at);
                if (d == u'{')
                    ++depth;
                else if (d == u'}' && --depth == 0)
                    break;
                ++m_at;
            }
            if (m_at >= size) {
                fail(start, u"unterminated { SQL } block: no } to close it"_s);
                return;
            }
            m_token = Token { Token::Kind::Block, m_text.mid(content, m_at - content), start, content, false };
            ++m_at;
            return;
        }
        if (c == u'"') {
            QString name;
            ++m_at;
            for (;;) {
                if (m_at >= size || m_text.at(m_at) == u'\n') {
                    fail(start, u"unterminated quoted name: no closing \" on its line"_s);
                    return;
                }
                if (m_text.at(m_at) == u'"') {
                    if (m_at + 1 < size && m_text.at(m_at + 1) == u'"') {
                        name += u'"';
                        m_at += 2;
                        continue;
                    }
                    ++m_at;
                    break;
                }
                name += m_text.at(m_at++);
                if (name.size() > IsolationSpec::maxNameLength) {
                    fail(start, u"a name is at most %1 characters"_s.arg(IsolationSpec::maxNameLength));
                    return;
                }
            }
            if (name.isEmpty()) {
                fail(start, u"a name cannot be empty"_s);
                return;
            }
            m_token = Token { Token::Kind::Name, name, start, 0, true };
            return;
        }
        if (nameStart(c)) {
            while (m_at < size && nameContinues(m_text.at(m_at)))
                ++m_at;
            const QString word = m_text.mid(start, m_at - start);
            if (word.size() > IsolationSpec::maxNameLength) {
                fail(start, u"a name is at most %1 characters"_s.arg(IsolationSpec::maxNameLength));
                return;
            }
            if (keywords().contains(word.toLower()))
                m_token = Token { Token::Kind::Keyword, word.toLower(), start, 0, false };
            else
                m_token = Token { Token::Kind::Name, word, start, 0, false };
            return;
        }
        if (c.isDigit()) {
            while (m_at < size && m_text.at(m_at).isDigit())
                ++m_at;
            m_token = Token { Token::Kind::Number, m_text.mid(start, m_at - start), start, 0, false };
            return;
        }
        ++m_at;
        if (c.isHighSurrogate() && m_at < size && m_text.at(m_at).isLowSurrogate())
            ++m_at;
        static const QString punctuation = u"(),*"_s;
        const Token::Kind kinds[] = { Token::Kind::Open, Token::Kind::Close, Token::Kind::Comma, Token::Kind::Star };
        const qsizetype p = punctuation.indexOf(c);
        m_token = Token { p >= 0 ? kinds[p] : Token::Kind::Other, m_text.mid(start, m_at - start), start, 0, false };
        if (m_token.kind == Token::Kind::Other)
            fail(start, u"unexpected character \"%1\""_s.arg(m_token.text));
    }

    const QString& m_text;
    IsolationSpec& m_spec;
    qsizetype m_at = 0;
    Token m_token;
    int m_steps = 0;
    int m_entries = 0;
    std::optional<ScenarioError> m_error;
};

} // namespace

QString IsolationSpec::quoted(const QString& name)
{
    bool bare = !name.isEmpty() && nameStart(name.front()) && !keywords().contains(name.toLower());
    for (const QChar c : name)
        bare = bare && nameContinues(c);
    if (bare)
        return name;
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

QString IsolationSpec::Permutation::text() const
{
    QStringList parts;
    for (const Entry& e : entries) {
        QStringList markers;
        for (const QString& m : e.markers) {
            const qsizetype notices = m.lastIndexOf(u" notices "_s);
            markers.append(m == u"*"_s ? m : notices > 0 ? quoted(m.left(notices)) + m.mid(notices) : quoted(m));
        }
        parts.append(markers.isEmpty() ? quoted(e.step) : quoted(e.step) + u'(' + markers.join(u", "_s) + u')');
    }
    return parts.join(u' ');
}

const IsolationSpec::Step* IsolationSpec::step(const QString& name, const Session** session) const
{
    for (const Session& s : sessions)
        for (const Step& st : s.steps)
            if (st.name == name) {
                if (session)
                    *session = &s;
                return &st;
            }
    return nullptr;
}

IsolationSpec::Position IsolationSpec::positionOf(int offset) const
{
    Position p;
    p.offset = std::clamp(offset, 0, int(text.size()));
    const QStringView before = QStringView(text).left(p.offset);
    const qsizetype lineStart = before.lastIndexOf(u'\n') + 1;
    p.line = int(before.count(u'\n')) + 1;
    p.column = int(p.offset - lineStart) + 1;
    return p;
}

ScenarioError IsolationSpec::errorAt(int offset, const QString& message) const
{
    const Position p = positionOf(offset);
    ScenarioError error;
    error.file = fileName;
    error.line = p.line;
    error.column = p.column;
    error.message = message;
    return error;
}

std::optional<IsolationSpec> IsolationSpec::parse(const QString& text, const QString& fileName, ScenarioError* error)
{
    IsolationSpec spec;
    spec.fileName = fileName;
    if (text.size() > maxFileSize) {
        if (error)
            *error = { fileName, 0, 0, {},
                u"a spec is at most %1 characters, this one has %2"_s.arg(maxFileSize).arg(text.size()) };
        return std::nullopt;
    }
    spec.text = text;
    if (const auto problem = Parser(spec.text, spec).run()) {
        if (error)
            *error = *problem;
        return std::nullopt;
    }
    return spec;
}

std::optional<IsolationSpec> IsolationSpec::load(const QString& path, ScenarioError* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = { path, 0, 0, {}, file.errorString() };
        return std::nullopt;
    }
    const QByteArray bytes = file.read(maxFileSize * 4 + 1);
    const QString text = QString::fromUtf8(bytes);
    if (bytes.size() > maxFileSize * 4 || text.size() > maxFileSize) {
        if (error)
            *error = { path, 0, 0, {}, u"a spec is at most %1 characters"_s.arg(maxFileSize) };
        return std::nullopt;
    }
    return parse(text, path, error);
}

} // namespace interleave
