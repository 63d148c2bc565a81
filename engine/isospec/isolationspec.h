// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// A PostgreSQL isolation test specification (src/test/isolation's .spec files, which isolationtester runs), as
// written: nothing in it is interpreted yet (IsolationImport turns it into scenarios). The grammar:
//   spec        := setup* teardown? session+ permutation*
//   setup       := "setup" block            teardown := "teardown" block
//   session     := "session" name setup? step+ teardown?
//   step        := "step" name block
//   permutation := "permutation" entry+
//   entry       := name | name "(" marker ("," marker)* ")"
//   marker      := "*" | name | name "notices" number
// A name is bare (letters, digits and _, not starting with a digit) or in double quotes ("" for a quote inside);
// setup, teardown, session, step, permutation and notices are keywords, usable as names only when quoted. A block
// is SQL between braces, nested braces included; # starts a comment that runs to the end of the line.
struct IsolationSpec {
    // Where something was written: a UTF-16 offset into the text, and its 1-based line and column.
    struct Position {
        int offset = 0;
        int line = 1;
        int column = 1;
    };
    struct Block {
        QString sql; // between the braces, as written
        Position at; // of the first character after the opening brace
    };
    struct Step {
        QString name;
        Block block;
        Position at; // of the name
    };
    struct Session {
        QString name;
        Position at;
        std::optional<Block> setup;
        QList<Step> steps;
        std::optional<Block> teardown;
    };
    // One entry of a permutation line: a step and its completion markers, as SqlStatementSpec::stepBlockers keeps
    // them: "*", "s1c", "s1c notices 2".
    struct Entry {
        QString step;
        QStringList markers;
        Position at;
    };
    struct Permutation {
        QList<Entry> entries;
        Position at;
        QString text() const; // "s1a s2a(s1a) s1c(*)" as the permutation line writes it
    };

    QString fileName;
    QString text; // the whole file, for the positions of what a later stage refuses
    QList<Block> setup;
    std::optional<Block> teardown;
    QList<Session> sessions;
    QList<Permutation> permutations;

    // A name as a spec writes it: bare when it can be, else in double quotes ("s2 write").
    static QString quoted(const QString& name);
    // The session a step belongs to, and the step; nullptr when no session defines it.
    const Step* step(const QString& name, const Session** session = nullptr) const;
    // The line and column of a UTF-16 offset into `text`.
    Position positionOf(int offset) const;
    // An error at `offset` of the text: "lost.spec:12:3: message".
    ScenarioError errorAt(int offset, const QString& message) const;

    // Reads a spec; nullopt with *error (file, line, column, message) when it does not follow the grammar above or
    // exceeds the limits below. Never reads past the limits, whatever the input.
    static std::optional<IsolationSpec> parse(const QString& text, const QString& fileName, ScenarioError* error);
    static std::optional<IsolationSpec> load(const QString& path, ScenarioError* error);

    static constexpr qsizetype maxFileSize = 1024 * 1024;
    static constexpr int maxNameLength = 63; // PostgreSQL's NAMEDATALEN - 1
    static constexpr int maxSessions = 64; // a scenario's workers
    static constexpr int maxSteps = 1000; // in all sessions together
    static constexpr int maxPermutations = 1000;
    static constexpr int maxEntries = 1000; // on one permutation line
    static constexpr int maxEntriesInAll = 5000; // on every permutation line together: each is a run of its own
    static constexpr int maxMarkers = 16; // on one entry
    static constexpr int maxNotices = 1000000;
};

} // namespace interleave
