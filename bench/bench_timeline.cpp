// SPDX-License-Identifier: MIT
// The timeline at stress size: a synthetic trace of a million statements (16 workers running get_or_create in a
// loop, some INSERTs waiting for a lock), laid out and painted into a 1600x600 image at several zoom levels on
// both axes, the way TimelineView paints its viewport. Prints figures; it is not a test.
//
//   bench_timeline [--events N] [--frames F] [--png DIR]
//
// Lines: "layout <ms>", "relayout <axis> <zoom> <ms>", "frame <axis> <zoom> <avg ms> <max ms> <rects>",
// "memory ..." (bytes per event). Run with QT_QPA_PLATFORM=offscreen.
#include "outcome.h"
#include "timelinelayout.h"
#include "timelinepainter.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

// A field of /proc/self/status in kB ("VmRSS"), or -1.
qint64 statusKb(const QByteArray& field)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// This thread's CPU time in ms: on a machine shared with other builds, wall time says more about the neighbours.
double cpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

struct Synthetic {
    Trace trace;
    Outcome outcome;
};

Synthetic makeTrace(int statements, int workers)
{
    Synthetic s;
    QRandomGenerator random(42);
    for (int w = 0; w < workers; ++w)
        s.trace.workers.append(QString(QChar(u'A' + w % 26)) + (w >= 26 ? QString::number(w / 26) : QString()));
    s.trace.statements = {
        u"SELECT \"race\".\"id\", \"race\".\"user_id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s,
        u"BEGIN"_s,
        u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?)"_s,
        u"COMMIT"_s,
    };
    QList<qint64> clock(workers, 0);
    QList<int> steps(workers, 0);
    s.trace.events.reserve(statements + statements / 40);
    qint64 nextId = 1;
    for (int i = 0; i < statements; ++i) {
        const int w = int(random.bounded(workers));
        const int kind = steps[w] % 4;
        TraceEvent event;
        event.worker = w;
        event.step = steps[w]++;
        event.statement = kind;
        event.startNs = clock[w] + qint64(random.bounded(2000, 30000));
        qint64 duration = qint64(random.bounded(1000, 40000));
        if (kind == 2 && random.bounded(10) == 0) {
            // One INSERT in ten waits for another worker's lock.
            TraceEvent wait;
            wait.kind = EventKind::LockWait;
            wait.worker = w;
            wait.step = event.step;
            wait.startNs = event.startNs + 500;
            wait.endNs = wait.startNs + qint64(random.bounded(20000, 400000));
            wait.blockers = { int((w + 1) % workers) };
            wait.note = u"lock acquired"_s;
            duration += wait.endNs - wait.startNs;
            s.trace.events.append(wait);
        }
        if (kind == 2) {
            event.insertId = nextId;
            event.rowsAffected = 1;
            if (nextId <= 1000) {
                s.outcome.rows.append(Row { QVariant(nextId), QVariant(u"u"_s + QString::number(nextId)) });
                s.outcome.insertedBy.insert(nextId, w);
            }
            ++nextId;
        }
        if (kind == 0)
            event.columns = { u"id"_s, u"user_id"_s };
        event.endNs = event.startNs + duration;
        clock[w] = event.endNs;
        s.trace.events.append(event);
    }
    std::stable_sort(s.trace.events.begin(), s.trace.events.end(),
        [](const TraceEvent& a, const TraceEvent& b) { return a.startNs < b.startNs; });
    s.outcome.columns = { u"id"_s, u"user_id"_s };
    for (int w = 0; w < workers; ++w) {
        WorkerResult result;
        result.kind = ResultKind::Created;
        s.outcome.results.append(result);
    }
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ u"events"_s, u"Statements in the trace (default 1000000)."_s, u"n"_s, u"1000000"_s });
    parser.addOption(
        { u"frames"_s, u"Frames per zoom level, panning across the run (default 20)."_s, u"f"_s, u"20"_s });
    parser.addOption({ u"png"_s, u"Save one frame per zoom level into this directory."_s, u"dir"_s });
    parser.process(app);
    const int count = parser.value(u"events"_s).toInt();
    const int frames = std::max(1, parser.value(u"frames"_s).toInt());
    const QString png = parser.value(u"png"_s);
    if (!png.isEmpty())
        QDir().mkpath(png);

    const qint64 rss0 = statusKb("VmRSS");
    Synthetic synthetic = makeTrace(count, 16);
    const qint64 rss1 = statusKb("VmRSS");
    const qsizetype events = synthetic.trace.events.size();

    QElapsedTimer timer;
    timer.start();
    double cpu = cpuMs();
    TimelineLayout layout;
    layout.setData(synthetic.trace, synthetic.outcome);
    const double layoutMs = double(timer.nsecsElapsed()) / 1e6;
    const double layoutCpuMs = cpuMs() - cpu;
    const qint64 rss2 = statusKb("VmRSS");
    synthetic = {}; // the layout keeps its own copy (implicitly shared, so this frees nothing but the handles)
    std::printf("events %lld statements %d workers 16\n", qlonglong(events), layout.slotCount());
    std::printf("layout %.1f ms (cpu %.1f ms)\n", layoutMs, layoutCpuMs);
    std::printf("memory trace %.0f bytes/event (RSS) layout %.0f bytes/event (RSS, with freed temporaries), "
                "%.1f bytes/event held (%zu-byte boxes, indexes, waits)\n",
        double(rss1 - rss0) * 1024.0 / double(events), double(rss2 - rss1) * 1024.0 / double(events),
        double(layout.memoryUsage()) / double(events), sizeof(TimelineLayout::Box));

    const QSize size(1600, 600);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    TimelinePainter::Options options;
    options.font = QGuiApplication::font();
    TimelinePainter painter(layout, options);
    const TimelineLayout::Metrics fitted = painter.fittedMetrics(QSizeF(size));
    const double dataWidth = size.width() - painter.headerWidth() - fitted.badgeWidth - 2 * fitted.slotGap - 4;

    for (const auto axis : { TimelineLayout::Axis::Sequence, TimelineLayout::Axis::Time }) {
        const char* axisName = axis == TimelineLayout::Axis::Time ? "time" : "sequence";
        timer.restart();
        layout.setAxis(axis);
        std::printf("relayout %s axis %.1f ms\n", axisName, double(timer.nsecsElapsed()) / 1e6);
        for (const double zoom : { 1.0, 10.0, 1000.0, 100000.0 }) {
            // The view's zoom: the whole run (or 1/zoom of it) across the data area.
            TimelineLayout::Metrics metrics = fitted;
            const double span = layout.axisLength() / zoom;
            if (axis == TimelineLayout::Axis::Time) {
                metrics.pixelsPerNs = dataWidth / span;
            } else {
                const double pitch = dataWidth / span;
                metrics.slotGap = std::min(8.0, pitch / 16);
                metrics.slotWidth = pitch - metrics.slotGap;
            }
            timer.restart();
            cpu = cpuMs();
            layout.setMetrics(metrics);
            const double relayoutMs = double(timer.nsecsElapsed()) / 1e6;
            const double relayoutCpuMs = cpuMs() - cpu;
            double total = 0;
            double totalCpu = 0;
            double worst = 0;
            int rects = 0;
            const double width = layout.size().width();
            for (int f = 0; f < frames; ++f) {
                // Pan across the run: each frame elsewhere, as a drag or the playback would.
                const double left = zoom == 1.0 ? 0 : (width - dataWidth) * (f + 0.5) / frames;
                // A playhead in the middle of the frame for half of the frames: the faded colours too.
                QPainter p(&image);
                timer.restart();
                cpu = cpuMs();
                painter.setPlayhead(f % 2 ? layout.timeOfX(left + dataWidth / 2) : TimelinePainter::noPlayhead);
                painter.paint(p, QRectF(QPointF(0, 0), QSizeF(size)), left);
                p.end();
                const double ms = double(timer.nsecsElapsed()) / 1e6;
                totalCpu += cpuMs() - cpu;
                total += ms;
                worst = std::max(worst, ms);
                rects = std::max(rects, painter.lod().rectCount());
                if (!png.isEmpty() && f == frames / 2 + (frames / 2) % 2)
                    image.save(QDir(png).filePath(
                        u"bench-%1-x%2.png"_s.arg(QString::fromLatin1(axisName)).arg(qlonglong(zoom))));
            }
            std::printf("zoom %s x%-7g relayout %6.1f ms (cpu %6.1f)  frame avg %6.2f ms (cpu %6.2f) max %6.2f ms  "
                        "rects %d\n",
                axisName, zoom, relayoutMs, relayoutCpuMs, total / frames, totalCpu / frames, worst, rects);
        }
    }
    return 0;
}
