// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace interleave {

// Text from a scenario file or a server, made safe to print on one line of a terminal, a log or a message box:
// control characters (C0, DEL, C1) and the invisible characters that reorder or hide text (bidirectional
// overrides and isolates, zero-width marks) are written as escapes: "\n", "\r", "\t", "\x1b", "\u202e". A
// backslash stays as it is, so the escape of a character is never mistaken for the character.
QString oneLine(QStringView text);

// The start of a text too long to keep, marked with its full length: "xxxx… [1048576 characters in all]".
QString cutText(QStringView kept, qint64 totalCharacters);

// A value too long for the place it is shown, kept as its start and its end around "…" so two long values that differ
// only at one end still look different: "c53b8b…524fe" at 12. At most maxCharacters characters (at least 3 are kept); a
// surrogate pair is never split. Shorter text comes back unchanged. For display only: files and reports keep the value.
QString elideMiddle(QStringView text, qsizetype maxCharacters);

} // namespace interleave
