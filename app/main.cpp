// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "guilaunch.h"
#include "mainwindow.h"
#include "serverconnection.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QIcon>
#include <cstdio>

namespace {

// Pictures and screenshots are made without a display: the offscreen platform, unless the user chose one.
void offscreenUnlessChosen()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

// Ends with main(), before the exit handlers: a connect that a stopped run no longer waited for (Ctrl-C, Stop) may
// still be inside the client library, and the handlers tear that library down under it (OpenSSL's cleanup under libpq's
// SCRAM exchange: a crash at exit). It ends by itself within its connect timeout; here it gets a few seconds.
struct ConnectsEndBeforeExit {
    ConnectsEndBeforeExit() = default;
    ConnectsEndBeforeExit(const ConnectsEndBeforeExit&) = delete;
    ConnectsEndBeforeExit& operator=(const ConnectsEndBeforeExit&) = delete;
    ~ConnectsEndBeforeExit() { interleave::ServerConnection::waitForConnectingThreads(std::chrono::seconds(5)); }
};

} // namespace

int main(int argc, char* argv[])
{
    const ConnectsEndBeforeExit connectsEnd;
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (interleave::CommandLine::wants(arguments)) {
        // Drawing a picture needs fonts, so a QGuiApplication, but still no display: the offscreen platform, unless
        // the user chose one. Plain runs stay on QCoreApplication and need nothing graphical at all.
        if (interleave::CommandLine::draws(arguments)) {
            offscreenUnlessChosen();
            QGuiApplication app(argc, argv);
            return interleave::CommandLine::run(arguments, out, err);
        }
        // No window, so no display needed: the command line works on a server or in CI.
        QCoreApplication app(argc, argv);
        return interleave::CommandLine::run(arguments, out, err);
    }
    QString error;
    const auto options = interleave::GuiLaunch::parse(arguments.mid(1), &error);
    if (!options) {
        err << "interleave: " << error << '\n';
        return 2;
    }
    if (!options->screenshot.isEmpty())
        offscreenUnlessChosen();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Interleave"));
    QApplication::setOrganizationName(QStringLiteral("Interleave"));
    QApplication::setApplicationVersion(QStringLiteral(INTERLEAVE_VERSION));
    // The desktop entry's name, so a Wayland compositor shows this window with the installed icon and entry.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.interleave.Interleave"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/interleave.svg")));
    interleave::MainWindow window;
    if (!interleave::GuiLaunch::open(window, *options, err))
        return 2;
    err.flush();
    if (!options->screenshot.isEmpty())
        interleave::GuiLaunch::takeScreenshot(window, *options, err);
    else
        window.show();
    return QApplication::exec();
}
