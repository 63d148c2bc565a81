// SPDX-License-Identifier: MIT
// Stress trials per second on SQLite for the seed race (race-no-unique, race-unique) with 2 and 8 workers, and
// the peak memory of a long run. Prints figures; it is not a test. The database lives where the engine puts it:
// $INTERLEAVE_DB_DIR, or /dev/shm when there is one.
//
//   bench_stress [--trials N] [--memory-trials M] [--tsv]       (N or M 0: skip that part)
//
// --tsv prints one line per measurement for scripts (bench/run.sh), tab-separated:
//   stress <example> <workers> <trials> <seconds> <trials/s>
//   memory <short run's trials> <VmHWM kB after it> <long run's trials> <VmHWM kB after it> <VmRSS kB> <classes>
//          <long run's trials/s>

#include "benchexamples.h"
#include "sqlitebackend.h"
#include "stressrunner.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace interleave;

namespace {

// A field of /proc/self/status in kB ("VmHWM", "VmRSS"), or -1.
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

// Where the engine keeps its databases: the parent of a backend's own temporary directory.
QString databaseDirectory()
{
    const SqliteBackend backend { BackendSpec {} };
    return QFileInfo(QFileInfo(backend.path()).path()).path();
}

StressResult stress(const QString& id, int workers, qint64 trials)
{
    StressOptions options;
    options.trials = trials;
    options.workers = workers;
    StressRunner runner(bench::loadExample(id), options);
    StressResult r = runner.run();
    if (!r.ok())
        qFatal("%s: %s", qPrintable(id), qPrintable(r.error));
    return r;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    qint64 trials = 5000;
    qint64 memoryTrials = 100'000;
    bool tsv = false;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--trials"_s && i + 1 < args.size())
            trials = args[++i].toLongLong();
        else if (args[i] == u"--memory-trials"_s && i + 1 < args.size())
            memoryTrials = args[++i].toLongLong();
        else if (args[i] == u"--tsv"_s)
            tsv = true;
        else
            qFatal("usage: bench_stress [--trials N] [--memory-trials M] [--tsv]");
    }
    QTextStream out(stdout);
    if (!tsv && trials > 0)
        out << u"stress trials on SQLite in %1 (journal_mode=delete, synchronous=FULL, busy_timeout=5000ms)\n"_s.arg(
            databaseDirectory())
            << u"example           workers   trials   seconds   trials/s   violated\n"_s;
    for (const QString& id : { u"race-no-unique"_s, u"race-unique"_s }) {
        if (trials <= 0)
            break;
        for (const int workers : { 2, 8 }) {
            const StressResult r = stress(id, workers, trials);
            const double seconds = double(r.wallNs) / 1e9;
            if (tsv)
                out << u"stress\t%1\t%2\t%3\t%4\t%5\n"_s.arg(id)
                           .arg(workers)
                           .arg(r.trials())
                           .arg(seconds, 0, 'f', 3)
                           .arg(r.trialsPerSecond(), 0, 'f', 1);
            else
                out << u"%1 %2 %3 %4 %5 %6\n"_s.arg(id, -16)
                           .arg(workers, 8)
                           .arg(r.trials(), 8)
                           .arg(seconds, 9, 'f', 2)
                           .arg(r.trialsPerSecond(), 10, 'f', 0)
                           .arg(r.distribution.violatedTrials(), 10);
            out.flush();
        }
    }
    if (memoryTrials > 0) {
        // Flat memory: the peak after a long run is the peak after a short one (plus an example per new class).
        const qint64 shortTrials = std::max<qint64>(1000, memoryTrials / 50);
        const StressResult warmUp = stress(u"race-no-unique"_s, 2, shortTrials);
        const qint64 afterShort = statusKb("VmHWM");
        const StressResult r = stress(u"race-no-unique"_s, 2, memoryTrials);
        const qint64 afterLong = statusKb("VmHWM");
        const qint64 rss = statusKb("VmRSS");
        if (tsv)
            out << u"memory\t%1\t%2\t%3\t%4\t%5\t%6\t%7\n"_s.arg(shortTrials)
                       .arg(afterShort)
                       .arg(r.trials())
                       .arg(afterLong)
                       .arg(rss)
                       .arg(r.distribution.classes().size())
                       .arg(r.trialsPerSecond(), 0, 'f', 1);
        else
            out << u"\nmemory, race-no-unique with 2 workers: peak RSS %1 kB after a run of %2 trials, %3 kB after a "
                   "run of %4 trials (%5 trials/s, %6 outcome classes kept); RSS at the end %7 kB\n"_s.arg(afterShort)
                       .arg(warmUp.trials())
                       .arg(afterLong)
                       .arg(r.trials())
                       .arg(r.trialsPerSecond(), 0, 'f', 0)
                       .arg(r.distribution.classes().size())
                       .arg(rss);
    }
    return 0;
}
