// SPDX-License-Identifier: MIT
#include "oneline.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

bool needsEscape(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1
        || (c >= 0x200b && c <= 0x200f) // zero-width space/joiners, LRM, RLM
        || (c >= 0x2028 && c <= 0x202e) // line and paragraph separators, bidirectional embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069) // bidirectional isolates
        || c == 0xfeff; // zero-width no-break space
}

} // namespace

QString oneLine(QStringView text)
{
    qsizetype first = 0;
    while (first < text.size() && !needsEscape(text.at(first).unicode()))
        ++first;
    if (first == text.size())
        return text.toString();
    QString out = text.left(first).toString();
    out.reserve(text.size() + 8);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!needsEscape(c)) {
            out += QChar(c);
            continue;
        }
        switch (c) {
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        default:
            out +=
                c <= 0xff ? u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0')) : u"\\u%1"_s.arg(uint(c), 4, 16, QChar(u'0'));
        }
    }
    return out;
}

QString cutText(QStringView kept, qint64 totalCharacters)
{
    return kept + QStringLiteral("… [%1 characters in all]").arg(totalCharacters);
}

QString elideMiddle(QStringView text, qsizetype maxCharacters)
{
    maxCharacters = std::max<qsizetype>(maxCharacters, 3);
    if (text.size() <= maxCharacters)
        return text.toString();
    const qsizetype kept = maxCharacters - 1; // one character is the ellipsis
    qsizetype head = (kept + 1) / 2;
    qsizetype tail = kept - head;
    if (head > 0 && text.at(head - 1).isHighSurrogate())
        --head;
    if (tail > 0 && text.at(text.size() - tail).isLowSurrogate())
        --tail;
    return text.first(head) + QChar(0x2026) + text.last(tail);
}

} // namespace interleave
