// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>
#include <optional>

namespace interleave {

// The GUI's headless twin (DESIGN.md "Command line"). Exit status: 0 the run completed, 1 the invariant was
// violated and --check was given, 2 bad input or a run that could not start, 3 a run that started but is
// incomplete (a worker could not connect, lost its connection or timed out; the run was interrupted or stopped).
class CommandLine {
public:
    enum Exit { Completed = 0, InvariantViolated = 1, BadInput = 2, Incomplete = 3 };

    // True when the arguments ask for the command line rather than the window.
    static bool wants(const QStringList& arguments);
    // True when the arguments ask for a picture (run --image-out): drawing needs fonts, so a QGuiApplication.
    static bool draws(const QStringList& arguments);
    static int run(const QStringList& arguments, QTextStream& out, QTextStream& err);
    static QString usage();
    // One command's help ("run", "examples"); the whole usage for an empty command; nullopt for no such command.
    static std::optional<QString> help(const QString& command);
};

} // namespace interleave
