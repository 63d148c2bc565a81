// SPDX-License-Identifier: MIT
#include "statementkind.h"

using namespace Qt::StringLiterals;

namespace interleave::StatementKind {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// The offset of the next token after whitespace and comments from `i`.
qsizetype skipSpace(const QString& sql, qsizetype i)
{
    const qsizetype n = sql.size();
    while (i < n) {
        const QChar c = sql.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'#' || (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-')) {
            while (i < n && sql.at(i) != u'\n')
                ++i;
        } else if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {
            const qsizetype end = sql.indexOf(u"*/"_s, i + 2);
            i = end < 0 ? n : end + 2;
        } else {
            break;
        }
    }
    return i;
}

} // namespace

QStringList leadingWords(const QString& sql, int count)
{
    QStringList words;
    qsizetype i = skipSpace(sql, 0);
    while (i < sql.size() && sql.at(i) == u'(')
        i = skipSpace(sql, i + 1);
    while (words.size() < count) {
        i = skipSpace(sql, i);
        qsizetype end = i;
        while (end < sql.size() && isWordChar(sql.at(end)))
            ++end;
        if (end == i)
            break;
        words.append(sql.mid(i, end - i).toUpper());
        i = end;
    }
    return words;
}

QString verb(const QString& sql)
{
    const QStringList w = leadingWords(sql, 4);
    QString first = w.value(0); // not const: returned, so moved
    if (first == u"BEGIN"_s || (first == u"START"_s && w.value(1) == u"TRANSACTION"_s))
        return u"BEGIN"_s;
    if (first == u"COMMIT"_s || first == u"END"_s)
        return u"COMMIT"_s;
    if (first == u"ROLLBACK"_s || first == u"ABORT"_s) {
        const int next = w.value(1) == u"WORK"_s || w.value(1) == u"TRANSACTION"_s ? 2 : 1;
        return w.value(next) == u"TO"_s ? u"ROLLBACK TO"_s : u"ROLLBACK"_s;
    }
    return first;
}

bool endsTransaction(const QString& verb)
{
    return verb == u"COMMIT"_s || verb == u"ROLLBACK"_s;
}

bool chains(const QString& sql)
{
    const QString kind = verb(sql);
    if (kind != u"COMMIT"_s && kind != u"ROLLBACK"_s)
        return false;
    const QStringList w = leadingWords(sql, 4);
    const int next = w.value(1) == u"WORK"_s || w.value(1) == u"TRANSACTION"_s ? 2 : 1;
    return w.value(next) == u"AND"_s && w.value(next + 1) == u"CHAIN"_s;
}

bool isTransactionVerb(const QString& verb)
{
    return verb == u"BEGIN"_s || endsTransaction(verb) || verb == u"ROLLBACK TO"_s || verb == u"SAVEPOINT"_s
        || verb == u"RELEASE"_s;
}

} // namespace interleave::StatementKind
