// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonParseError>
#include <QString>

namespace interleave {

// Finds where a value sits in JSON text, by path ("workers[1].lookup.usr_id"), so that a message about a
// field can name its line and column. QJsonDocument keeps no positions; this scans the (already valid) text.
class JsonLocator {
public:
    explicit JsonLocator(const QByteArray& json);

    struct Position {
        int line = 0; // 1-based; 0 when the path is not in the text
        int column = 0;
    };
    // The position of the value at `path`; a missing key falls back to its closest existing parent.
    Position find(const QString& path) const;
    // The position of the character `offset` UTF-16 code units into the string value at `path` (as QJsonValue
    // decodes it): escapes such as \" or \u00e9 in the text before it are counted as the characters they stand for.
    // The string's closing quote for an offset at or past its end; find(path) when the value is not a string.
    Position findInString(const QString& path, qsizetype offset) const;
    static Position positionIn(const QByteArray& json, qsizetype offset);
    // Where a QJsonDocument::fromJson error lies: its offset points one character past the offending one, except
    // for trailing garbage.
    static Position positionOf(const QByteArray& json, const QJsonParseError& error);

private:
    void scanValue(const QString& path);
    void skipSpace();
    QString scanString(bool decode); // decoded when asked (keys); empty otherwise

    const QByteArray& m_json;
    qsizetype m_pos = 0;
    QHash<QString, qsizetype> m_offsets;
};

} // namespace interleave
