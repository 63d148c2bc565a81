// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <algorithm>
#include <cstdio>

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (interleave::CommandLine::wants(arguments)) {
        QTextStream out(stdout);
        QTextStream err(stderr);
        // Drawing a picture needs fonts, so a QGuiApplication, but still no display: the offscreen platform, unless
        // the user chose one. Plain runs stay on QCoreApplication and need nothing graphical at all.
        const bool draws = std::any_of(arguments.cbegin(), arguments.cend(), [](const QString& a) {
            return a == QStringLiteral("--image-out") || a.startsWith(QStringLiteral("--image-out="));
        });
        if (draws) {
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            QGuiApplication app(argc, argv);
            return interleave::CommandLine::run(arguments, out, err);
        }
        // No window, so no display needed: the command line works on a server or in CI.
        QCoreApplication app(argc, argv);
        return interleave::CommandLine::run(arguments, out, err);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Interleave"));
    QApplication::setOrganizationName(QStringLiteral("Interleave"));
    QApplication::setApplicationVersion(QStringLiteral(INTERLEAVE_VERSION));
    interleave::MainWindow window;
    // Open on the seed example, so a first Run shows the race without any setup.
    window.loadExample(QStringLiteral("race-no-unique"));
    window.show();
    return QApplication::exec();
}
