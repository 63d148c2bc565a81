// SPDX-License-Identifier: MIT
#include "jsonlocator.h"

#include <algorithm>

#include <cstring>

namespace interleave {

JsonLocator::JsonLocator(const QByteArray& json)
    : m_json(json)
{
    skipSpace();
    scanValue(QString());
}

void JsonLocator::skipSpace()
{
    while (m_pos < m_json.size()
        && (m_json[m_pos] == ' ' || m_json[m_pos] == '\n' || m_json[m_pos] == '\r' || m_json[m_pos] == '\t'))
        ++m_pos;
}

QString JsonLocator::scanString(bool decode)
{
    // Called on the opening quote. A key is decoded as QJsonDocument decodes it ("\u0077orkers" is "workers"), so
    // its path is the one the loader names.
    QString text;
    qsizetype run = ++m_pos; // the start of the bytes not yet decoded
    auto flush = [&] {
        if (decode)
            text += QString::fromUtf8(m_json.mid(run, m_pos - run));
    };
    while (m_pos < m_json.size() && m_json[m_pos] != '"') {
        if (m_json[m_pos] != '\\') {
            ++m_pos;
            continue;
        }
        flush();
        const char escape = m_pos + 1 < m_json.size() ? m_json[m_pos + 1] : '\\';
        qsizetype length = 2;
        if (escape == 'u') {
            bool ok = false;
            const ushort code = m_json.mid(m_pos + 2, 4).toUShort(&ok, 16);
            if (decode && ok)
                text += QChar(code);
            length = 6;
        } else if (decode) {
            static constexpr char from[] = "bfnrt";
            static constexpr char16_t to[] = u"\b\f\n\r\t";
            const char* known = escape ? std::strchr(from, escape) : nullptr;
            text += known ? QChar(to[known - from]) : QChar::fromLatin1(escape); // \", \\, \/
        }
        m_pos = std::min(m_pos + length, m_json.size());
        run = m_pos;
    }
    flush();
    ++m_pos;
    return text;
}

void JsonLocator::scanValue(const QString& path)
{
    if (m_pos >= m_json.size())
        return;
    m_offsets.insert(path, m_pos);
    const char c = m_json[m_pos];
    if (c == '{') {
        ++m_pos;
        skipSpace();
        while (m_pos < m_json.size() && m_json[m_pos] != '}') {
            if (m_json[m_pos] != '"')
                return; // not valid JSON; the parser reports it
            const qsizetype keyPos = m_pos;
            const QString key = scanString(true);
            const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            skipSpace();
            ++m_pos; // ':'
            skipSpace();
            scanValue(child);
            m_offsets.insert(child + QLatin1String("#key"), keyPos);
            skipSpace();
            if (m_pos < m_json.size() && m_json[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '[') {
        ++m_pos;
        skipSpace();
        int index = 0;
        while (m_pos < m_json.size() && m_json[m_pos] != ']') {
            scanValue(path + QLatin1Char('[') + QString::number(index++) + QLatin1Char(']'));
            skipSpace();
            if (m_pos < m_json.size() && m_json[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '"') {
        scanString(false);
    } else {
        while (m_pos < m_json.size() && !QByteArrayView(",}] \n\r\t").contains(m_json[m_pos]))
            ++m_pos;
    }
}

JsonLocator::Position JsonLocator::positionIn(const QByteArray& json, qsizetype offset)
{
    Position position { 1, 1 };
    for (qsizetype i = 0; i < offset && i < json.size(); ++i) {
        if (json[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((static_cast<unsigned char>(json[i]) & 0xC0) != 0x80) {
            ++position.column; // count characters, not UTF-8 continuation bytes
        }
    }
    return position;
}

JsonLocator::Position JsonLocator::findInString(const QString& path, qsizetype offset) const
{
    const auto it = m_offsets.constFind(path);
    if (it == m_offsets.constEnd() || m_json[*it] != '"')
        return find(path);
    // Walk the raw text, counting the UTF-16 code units each escape or UTF-8 sequence decodes to.
    qsizetype pos = *it + 1;
    qsizetype units = 0;
    while (pos < m_json.size() && m_json[pos] != '"' && units < offset) {
        const auto byte = static_cast<unsigned char>(m_json[pos]);
        if (byte == '\\') {
            pos += pos + 1 < m_json.size() && m_json[pos + 1] == 'u' ? 6 : 2;
            units += 1;
        } else {
            const int length = byte < 0x80 ? 1
                : (byte >> 5) == 0x6       ? 2
                : (byte >> 4) == 0xe       ? 3
                : (byte >> 3) == 0x1e      ? 4
                                           : 1;
            pos += length;
            units += length == 4 ? 2 : 1;
        }
    }
    return positionIn(m_json, std::min(pos, m_json.size()));
}

JsonLocator::Position JsonLocator::find(const QString& path) const
{
    QString current = path;
    while (true) {
        // A key's own position reads better for "unknown column" than its value's.
        if (auto it = m_offsets.constFind(current + QLatin1String("#key")); it != m_offsets.constEnd())
            return positionIn(m_json, *it);
        if (auto it = m_offsets.constFind(current); it != m_offsets.constEnd())
            return positionIn(m_json, *it);
        if (current.isEmpty())
            return {};
        const qsizetype cut = std::max(current.lastIndexOf(QLatin1Char('.')), current.lastIndexOf(QLatin1Char('[')));
        current = cut < 0 ? QString() : current.left(cut);
    }
}

JsonLocator::Position JsonLocator::positionOf(const QByteArray& json, const QJsonParseError& error)
{
    const qsizetype offset =
        error.error == QJsonParseError::GarbageAtEnd ? error.offset : std::max(0, error.offset - 1);
    return positionIn(json, offset);
}

} // namespace interleave
