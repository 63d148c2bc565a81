// SPDX-License-Identifier: MIT
// The exported timeline of a long run: how long --image-out takes to lay out and write a PNG, an SVG and a PDF of a
// synthetic run (tests/synthetictrace.h: four workers running get_or_create round and round), and how big the files
// are. tst_timelineexporter checks the level of detail and only a generous time bound on the same picture; these are
// the figures. Prints figures; it is not a test. Run with QT_QPA_PLATFORM=offscreen.
//
//   bench_export [--events N]... [--repeat R] [--width PX]
//
// Tab-separated, one line per size and format: export <events> <format> <layout ms> <median total ms> <max total ms>
// <bytes> <rectangles drawn>. Default sizes: 100000 and 1000000 statements; R = 3 runs each.

#include "synthetictrace.h"
#include "timelineexporter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace interleave;

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv); // fonts need one
    const QStringList args = QCoreApplication::arguments();
    QList<int> sizes;
    int repeat = 3;
    int width = 1600;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--events"_s && i + 1 < args.size())
            sizes.append(args[++i].toInt());
        else if (args[i] == u"--repeat"_s && i + 1 < args.size())
            repeat = std::max(1, args[++i].toInt());
        else if (args[i] == u"--width"_s && i + 1 < args.size())
            width = args[++i].toInt();
        else
            qFatal("usage: bench_export [--events N]... [--repeat R] [--width PX]");
    }
    if (sizes.isEmpty())
        sizes = { 100'000, 1'000'000 };
    QTemporaryDir dir;
    if (!dir.isValid())
        qFatal("no temporary directory");
    QTextStream out(stdout);
    out << "# export\tevents\tformat\tlayout ms\tmedian total ms\tmax total ms\tbytes\trectangles\n";
    for (const int events : std::as_const(sizes)) {
        const RunResult run = testdata::syntheticRun(events);
        for (const QString& format : { u"png"_s, u"svg"_s, u"pdf"_s }) {
            QList<double> totals;
            double layoutMs = 0;
            qint64 bytes = 0;
            int rects = 0;
            for (int r = 0; r < repeat; ++r) {
                TimelineExporter::Options options;
                options.width = width;
                QElapsedTimer timer;
                timer.start();
                TimelineExporter exporter(run, options);
                layoutMs = double(timer.nsecsElapsed()) / 1e6;
                const QString path = dir.filePath(u"timeline."_s + format);
                QString error;
                if (!exporter.write(path, &error))
                    qFatal("%s", qPrintable(error));
                totals.append(double(timer.nsecsElapsed()) / 1e6);
                bytes = QFileInfo(path).size();
                rects = exporter.timelinePainter().lod().rectCount();
            }
            std::sort(totals.begin(), totals.end());
            out << "export\t" << events << '\t' << format << '\t' << QString::number(layoutMs, 'f', 1) << '\t'
                << QString::number(totals[totals.size() / 2], 'f', 1) << '\t' << QString::number(totals.back(), 'f', 1)
                << '\t' << bytes << '\t' << rects << '\n';
            out.flush();
        }
    }
    return 0;
}
