// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QVariantList>

namespace interleave {

// One thing a finished run must show, checked on its final rows, its workers' results and (for the words) its
// trace: whether it held, and why in one sentence a teacher can read aloud.
struct InvariantCheck {
    // The families, named as --check names them: duplicates, lost-updates, errors, expectations.
    enum class Kind { Duplicates, Counter, WorkerResult, Expectation };

    Kind kind = Kind::Duplicates;
    QString name; // what is checked: "at most one row for user_id='u1'", "B finishes as its recipe intends"
    bool held = true;
    QString sentence; // "lost update: A and B both read likes = 0 and both wrote likes = 1; ..."
    int worker = -1; // WorkerResult: the worker's index
    QVariantList rowIds; // the rows it is about: a duplicate group, the counter's row, an expectation's rows

    static QString kindName(Kind kind); // "duplicates", "lost-updates", "errors", "expectations"
    QString kindName() const { return kindName(kind); }
};

} // namespace interleave
