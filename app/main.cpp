// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <cstdio>

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (interleave::CommandLine::wants(arguments)) {
        // No window, so no display needed: the command line works on a server or in CI.
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
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
