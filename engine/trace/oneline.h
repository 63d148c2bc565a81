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

} // namespace interleave
