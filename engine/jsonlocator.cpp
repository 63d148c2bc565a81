// SPDX-License-Identifier: MIT
#include "jsonlocator.h"

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

QString JsonLocator::scanString()
{
    // Called on the opening quote; returns the raw key (escapes are rare in keys and kept as written).
    const qsizetype begin = ++m_pos;
    while (m_pos < m_json.size() && m_json[m_pos] != '"') {
        if (m_json[m_pos] == '\\')
            ++m_pos;
        ++m_pos;
    }
    QString text = QString::fromUtf8(m_json.mid(begin, m_pos - begin));
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
            const QString key = scanString();
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
        scanString();
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

} // namespace interleave
