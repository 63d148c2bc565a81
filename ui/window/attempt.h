// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace interleave {

// What a request to the window came to (open a file, load an example, start a run): done, or why not, in the words
// the status bar shows too. Callers read the reason here, never back out of the status bar.
struct Attempt {
    QString error; // empty: done

    static Attempt done() { return {}; }
    static Attempt failed(const QString& why) { return { why }; }
    explicit operator bool() const { return error.isEmpty(); }
};

} // namespace interleave
