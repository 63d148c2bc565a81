// SPDX-License-Identifier: MIT
#include "expectation.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString idList(const QVariantList& ids)
{
    constexpr qsizetype shown = 10;
    QStringList parts;
    for (qsizetype i = 0; i < std::min(ids.size(), shown); ++i)
        parts.append(ids[i].toString());
    if (ids.size() > shown)
        parts.append(u"…"_s);
    return parts.join(u", "_s);
}

// "none", "one (id 3)", "2 (ids 3, 4)".
QString foundText(const QVariantList& ids)
{
    if (ids.isEmpty())
        return u"none"_s;
    if (ids.size() == 1)
        return u"one (id %1)"_s.arg(ids.front().toString());
    return u"%1 (ids %2)"_s.arg(ids.size()).arg(idList(ids));
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

} // namespace

std::optional<Expectation> Expectation::parse(const QString& text, const TableSpec& table, Error* error)
{
    Error ignored;
    Error& e = error ? *error : ignored;
    auto fail = [&](qsizetype offset, const QString& message) {
        e = { offset, message };
        return std::nullopt;
    };
    if (text.trimmed().isEmpty())
        return fail(0, u"an expectation is empty; write one such as \"likes = 2\" or \"no row where flag = 1\""_s);
    if (text.size() > Predicate::maxLength)
        return fail(Predicate::maxLength,
            u"an expectation is at most %1 characters long; this one has %2"_s.arg(Predicate::maxLength)
                .arg(text.size()));
    Expectation out;
    out.m_text = text.trimmed();
    static const QRegularExpression quantified(
        u"^\\s*(?:(no)|(exactly|at\\s+least|at\\s+most)?\\s*(\\d+|one))\\s+rows?(?![A-Za-z0-9_])"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = quantified.match(text);
    if (!m.hasMatch()) {
        // A word that starts a count but does not go on as one ("exactly two", "at least rows", "no duplicates"),
        // unless it is a column of the table and so starts a condition.
        static const QRegularExpression countWord(
            u"^\\s*(no|exactly|at(?=\\s+(least|most)(?![A-Za-z0-9_])))(?![A-Za-z0-9_])"_s,
            QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch w = countWord.match(text);
        const bool column = w.hasMatch()
            && std::any_of(table.columns.cbegin(), table.columns.cend(),
                [&](const ColumnSpec& c) { return c.name.compare(w.captured(1), Qt::CaseInsensitive) == 0; });
        if (w.hasMatch() && !column) {
            const bool no = w.captured(1).compare(u"no"_s, Qt::CaseInsensitive) == 0;
            return fail(w.capturedStart(1),
                no ? u"expected \"row\" or \"rows\" after \"no\", as in \"no row where flag = 1\""_s
                   : u"expected a count (digits or \"one\") and then \"row\" or \"rows\", as in \"exactly one row "
                     "where user_id = 'u1'\""_s);
        }
        static const QRegularExpression countThenWord(
            u"^\\s*(\\d+)\\s+(?!rows?(?![A-Za-z0-9_]))[A-Za-z_]"_s, QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch c = countThenWord.match(text);
        if (c.hasMatch())
            return fail(c.capturedEnd(0) - 1, u"expected \"row\" or \"rows\" after %1"_s.arg(c.captured(1)));
        Predicate::Error problem;
        out.m_condition = Predicate::parse(text, table, &problem);
        if (!out.m_condition)
            return fail(problem.offset, problem.message);
        out.m_conditionText = text.trimmed();
        return out;
    }

    if (!m.captured(1).isEmpty()) {
        out.m_quantity = Quantity::Exactly;
        out.m_count = 0;
    } else {
        const QString word = m.captured(2).simplified().toLower();
        out.m_quantity = word == u"at least"_s ? Quantity::AtLeast
            : word == u"at most"_s             ? Quantity::AtMost
                                               : Quantity::Exactly;
        const QString count = m.captured(3);
        bool ok = false;
        out.m_count = count.compare(u"one"_s, Qt::CaseInsensitive) == 0 ? 1 : count.toLongLong(&ok);
        if (count.compare(u"one"_s, Qt::CaseInsensitive) != 0 && (!ok || out.m_count > maxCount))
            return fail(m.capturedStart(3),
                u"a count of rows is at most %1 (a run judges at most that many rows)"_s.arg(maxCount));
        if (out.m_quantity == Quantity::AtLeast && out.m_count == 0)
            return fail(m.capturedStart(3), u"\"at least 0 rows\" always holds; expect at least one row"_s);
    }
    const qsizetype end = m.capturedEnd(0);
    const QString rest = text.mid(end);
    if (rest.trimmed().isEmpty())
        return out;
    static const QRegularExpression where(u"^\\s+where(?![A-Za-z0-9_])"_s, QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch w = where.match(rest);
    if (!w.hasMatch()) {
        qsizetype at = end;
        while (at < text.size() && isSpace(text[at]))
            ++at;
        return fail(
            at, u"expected \"where\" and a condition after \"%1\", or the end"_s.arg(m.captured(0).simplified()));
    }
    const qsizetype conditionStart = end + w.capturedEnd(0);
    const QString condition = text.mid(conditionStart);
    if (condition.trimmed().isEmpty())
        return fail(text.size(), u"expected a condition after \"where\", such as user_id = 'u1'"_s);
    Predicate::Error problem;
    out.m_condition = Predicate::parse(condition, table, &problem);
    if (!out.m_condition)
        return fail(conditionStart + problem.offset, problem.message);
    out.m_conditionText = condition.trimmed();
    return out;
}

Expectation::Result Expectation::check(
    const QStringList& columns, const QList<Row>& rows, BackendSpec::Kind dialect) const
{
    Result result;
    if (m_quantity == Quantity::Every) {
        if (rows.isEmpty()) {
            result.sentence = u"Expected %1 on every row, but the table has no rows."_s.arg(m_text);
            return result;
        }
        QStringList broken;
        const QStringList named = m_condition->columns();
        for (const Row& row : rows) {
            if (m_condition->matches(columns, row, dialect))
                continue;
            result.rowIds.append(row.value(0));
            if (broken.size() < 3) {
                QStringList values;
                for (const QString& column : named) {
                    const qsizetype c = columns.indexOf(column);
                    values.append(column + u" = "_s + (c >= 0 ? formatSqlValue(row.value(c)) : u"NULL"_s));
                }
                broken.append(u"row %1 has %2"_s.arg(row.value(0).toString(), values.join(u" and "_s)));
            }
        }
        result.held = result.rowIds.isEmpty();
        if (result.held) {
            result.sentence = u"%1 holds on every row (%2)."_s.arg(m_text, rowCountText(rows.size()));
            return result;
        }
        const qsizetype more = result.rowIds.size() - broken.size();
        result.sentence = u"Expected %1, but %2%3."_s.arg(m_text, broken.join(u", "_s),
            more > 0 ? u" (and %1 more %2)"_s.arg(more).arg(more == 1 ? u"row"_s : u"rows"_s) : QString());
        return result;
    }
    for (const Row& row : rows)
        if (!m_condition || m_condition->matches(columns, row, dialect))
            result.rowIds.append(row.value(0));
    const qint64 found = result.rowIds.size();
    switch (m_quantity) {
    case Quantity::Exactly:
        result.held = found == m_count;
        break;
    case Quantity::AtLeast:
        result.held = found >= m_count;
        break;
    case Quantity::AtMost:
        result.held = found <= m_count;
        break;
    case Quantity::Every:
        break;
    }
    result.sentence = (result.held ? u"Expected %1 and found %2."_s : u"Expected %1 but found %2."_s)
                          .arg(m_text, foundText(result.rowIds));
    return result;
}

std::optional<ResultKind> expectedErrorKind(const QString& name, QString* why)
{
    QStringList errors;
    std::optional<ResultKind> found;
    for (int k = 0; k <= int(ResultKind::Error); ++k) {
        const auto kind = ResultKind(k);
        WorkerResult r;
        r.kind = kind;
        if (r.isFailure() && !r.isIncomplete())
            errors.append(r.kindName());
        if (r.kindName().compare(name, Qt::CaseInsensitive) == 0)
            found = kind;
    }
    QString message;
    if (!found) {
        message = u"unknown result \"%1\"; a worker may be expected to end with: %2"_s.arg(name, errors.join(u", "_s));
    } else {
        WorkerResult r;
        r.kind = *found;
        if (!r.isFailure())
            message = u"\"%1\" is a success, not an error; list the errors the worker may end with: %2"_s.arg(
                r.kindName(), errors.join(u", "_s));
        else if (r.isIncomplete())
            message = u"a worker that ends with %1 leaves the run incomplete, which never passes; it cannot be "
                      "expected"_s.arg(r.kindName());
        else
            return found;
    }
    if (why)
        *why = message;
    return std::nullopt;
}

} // namespace interleave
