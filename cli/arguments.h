// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// Interleave's options, each declared once, and one reading of them by QCommandLineParser for `interleave run` and
// for the desktop application (GuiLaunch); main() asks the same declarations whether --help or --version was given.
// An option both take (--backend) is one declaration. QCommandLineParser takes a little more than interleave does
// (`--` ends the options, `-json` spells `--json`, `--free=1` gives a flag a value): read() reports those as unknown
// options, as typed, so what a user sees stays the same. --check is a flag that takes an optional value, only as
// `--check=LIST` (a word after a bare --check stays a positional argument).
class Arguments {
public:
    enum class Option {
        // `run`'s and the desktop application's
        Backend,
        // `run`'s
        Isolation,
        Schedule,
        Free,
        Jitter,
        Trials,
        Workers,
        Explore,
        MaxSchedules,
        NoReduction,
        Json,
        Format,
        ImageOut,
        ImageWidth,
        ImageTheme,
        ImageAnomaly,
        TraceOut,
        Check,
        AllowSql,
        // the desktop application's
        Mode,
        Screenshot,
        WindowSize,
        Presenter,
        Lesson,
        Lab,
    };
    enum class Command { Run, Window };

    struct Given {
        Option option;
        QString value; // empty for a flag
        bool valueGiven = false; // a flag that takes an optional value (--check=LIST) was given one
    };

    // `arguments` without the program's name and without the command ("run").
    static Arguments read(const QStringList& arguments, Command command);

    // "--schedule"
    static QString spelling(Option option);
    // --help or -h: a question wherever it stands, even where a value goes (`interleave --mode --help`).
    static bool isHelp(const QString& argument);
    // --version or -v (main() takes it as the first argument only).
    static bool isVersion(const QString& argument);

    QList<Given> given; // the options found, in the order given: one given twice is here twice
    QStringList positional;
    QString unknown; // the first argument that is none of the command's options, as typed; empty when none
    std::optional<Option> missingValue; // the option the arguments end with, when it takes a value but none is left
};

} // namespace interleave
