// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// One run of the real `interleave` executable (INTERLEAVE_BINARY), for the end-to-end tests of the command line
// and of how the application starts.
struct InterleaveRun {
    QString problem; // empty when the process started and ended by itself
    int exitCode = -1;
    QString out;
    QString err;
};

enum class DisplayChoice {
    Offscreen, // QT_QPA_PLATFORM=offscreen
    None, // no platform chosen and no display at all: the program must manage by itself
};

inline InterleaveRun runInterleave(const QStringList& arguments, DisplayChoice display = DisplayChoice::Offscreen)
{
    using namespace Qt::StringLiterals;
    InterleaveRun run;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (display == DisplayChoice::Offscreen) {
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    } else {
        environment.remove(u"QT_QPA_PLATFORM"_s);
        environment.remove(u"DISPLAY"_s);
        environment.remove(u"WAYLAND_DISPLAY"_s);
    }
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(INTERLEAVE_BINARY), arguments);
    if (!process.waitForStarted(30000)) {
        run.problem = u"cannot start %1: %2"_s.arg(QStringLiteral(INTERLEAVE_BINARY), process.errorString());
        return run;
    }
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        run.problem = u"interleave %1 did not finish within 60 s"_s.arg(arguments.join(u' '));
        return run;
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() != QProcess::NormalExit)
        run.problem = u"interleave %1 crashed; stderr: %2"_s.arg(arguments.join(u' '), run.err);
    run.exitCode = process.exitCode();
    return run;
}
