// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

class QTextStream;

namespace interleave {

class MainWindow;

// How the desktop application starts: `interleave [FILE|example:NAME] [--mode MODE] [--backend URL]
// [--lesson FILE|lesson:NAME] [--presenter] [--lab] [--screenshot FILE.png [--window-size WxH]]`. A file manager opens
// a scenario file with `interleave FILE`; a screenshot runs the scenario once, saves the window and quits (figures for
// documentation and slides).
class GuiLaunch {
public:
    struct Options {
        QString scenario; // a file, "example:NAME", or empty for the seed example
        std::optional<ScheduleSpec::Mode> mode; // empty: the scenario's own
        QString backend; // "sqlite" or a server URL; empty: the scenario's own
        QString screenshot; // a .png to write; empty: an ordinary session
        QSize windowSize { 1280, 800 };
        bool presenter = false; // start in presenter mode; a screenshot shows it at windowSize, not full screen
        QString lesson; // a lesson file or "lesson:NAME": its first item opens instead of `scenario`
        bool lab = false; // the isolation lab's window opens too (not with a screenshot)
    };

    // `arguments` without the program name. nullopt with *error (one line, naming the option) on bad input.
    static std::optional<Options> parse(const QStringList& arguments, QString* error);

    // Opens `window` on what the options name. A file or example that cannot be loaded is reported in the window
    // (and on `err`), and the seed example opens instead. false when a screenshot cannot be taken (the reason on
    // `err`): the caller exits with status 2.
    static bool open(MainWindow& window, const Options& options, QTextStream& err);
    // With a screenshot: runs the scenario in the window, saves the window when the run is done and quits the
    // application with 0, or with 1 (the reason on `err`) when the run failed or the file cannot be written.
    static void takeScreenshot(MainWindow& window, const Options& options, QTextStream& err);
};

} // namespace interleave
