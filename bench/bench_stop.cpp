// SPDX-License-Identifier: MIT
// How fast Stop ends a run that is waiting, on healthy databases: the figures behind the tests that only check that
// Stop interrupts the wait instead of sitting it out (tst_remotebackend, tst_runner, tst_stressrunner, tst_explorer,
// tst_runjob). Prints figures; it is not a test. The servers: INTERLEAVE_TEST_PG_URL / INTERLEAVE_TEST_MYSQL_URL and
// their passwords (scripts/test-servers.sh); a missing one is skipped. bench_wire measures a server that does not
// answer at all.
//
//   bench_stop [--repeat N]
//
// Tab-separated, one line per case: stop <database> <what> <n> <min ms> <median ms> <max ms>, the time from cancel()
// to the run having returned (its threads joined):
//   lock-wait  a step run whose INSERT waits for a row lock held by a transaction outside the run (servers)
//   pause      a free run whose two workers are inside a jitter pause of up to 120 s
//   stress     a stress run whose workers are inside such a pause
//   explore    an exploration of three workers (34650 schedules) after its first schedules

#include "explorer.h"
#include "freescheduler.h"
#include "racescenario.h"
#include "runner.h"
#include "serverconnection.h"
#include "serverurl.h"
#include "steprun.h"
#include "stressrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <algorithm>
#include <functional>
#include <future>
#include <thread>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QString summary(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    if (ms.isEmpty())
        return u"0\t-\t-\t-"_s;
    return u"%1\t%2\t%3\t%4"_s.arg(ms.size())
        .arg(ms.front(), 0, 'f', 1)
        .arg(ms[ms.size() / 2], 0, 'f', 1)
        .arg(ms.back(), 0, 'f', 1);
}

void print(const QString& database, const QString& what, const QList<double>& ms)
{
    out() << "stop\t" << database << '\t' << what << '\t' << summary(ms) << '\n';
    out().flush();
}

// Runs `run` on a thread, waits until `going` holds (polling: a benchmark may), cancels, and returns the milliseconds
// from cancel() until `run` returned.
double stopLatency(
    const std::function<void()>& run, const std::function<bool()>& going, const std::function<void()>& cancel)
{
    std::future<void> done = std::async(std::launch::async, run);
    while (!going()) {
        if (done.wait_for(std::chrono::milliseconds(1)) == std::future_status::ready)
            qFatal("the run ended before it could be stopped");
    }
    QElapsedTimer timer;
    timer.start();
    cancel();
    done.wait();
    return double(timer.nsecsElapsed()) / 1e6;
}

Scenario paused(Scenario s)
{
    s.schedule = {};
    s.schedule.jitterUs = 120'000'000;
    return s;
}

void benchSqlite(int repeat)
{
    QList<double> pause, stress, explore;
    for (int i = 0; i < repeat; ++i) {
        Runner runner(paused(example(u"race-no-unique"_s)));
        pause.append(stopLatency(
            [&] { runner.run(); }, [] { return FreeScheduler::workersPausing() == 2; }, [&] { runner.cancel(); }));

        StressOptions options;
        options.trials = 1'000'000;
        options.jitterUs = 120'000'000;
        StressRunner stressRunner(example(u"race-no-unique"_s), options);
        stress.append(stopLatency([&] { stressRunner.run(); }, [] { return FreeScheduler::workersPausing() == 2; },
            [&] { stressRunner.cancel(); }));

        Explorer explorer(raceScenario(3, false), { 1'000'000, false });
        std::atomic<qint64> explored { 0 };
        explore.append(stopLatency([&] { explorer.run([&](const ExploreProgress& p) { explored.store(p.explored); }); },
            [&] { return explored.load() >= 3; }, [&] { explorer.cancel(); }));
    }
    print(u"sqlite"_s, u"pause"_s, pause);
    print(u"sqlite"_s, u"stress"_s, stress);
    print(u"sqlite"_s, u"explore"_s, explore);
}

void benchServer(BackendSpec::Kind kind, int repeat)
{
    const QString database = BackendSpec::kindName(kind);
    const QString url = qEnvironmentVariable(
        kind == BackendSpec::Kind::Postgresql ? "INTERLEAVE_TEST_PG_URL" : "INTERLEAVE_TEST_MYSQL_URL");
    if (url.isEmpty()) {
        out() << "# " << database << ": no test server\n";
        return;
    }
    QString error;
    const auto spec = BackendSpec::fromCommandLine(url, &error);
    const auto serverUrl = ServerUrl::parse(url, &error);
    if (!spec || !serverUrl)
        qFatal("%s: %s", qPrintable(url), qPrintable(error));
    Scenario s = raceScenario(1, true);
    s.backend = *spec;
    const bool pg = kind == BackendSpec::Kind::Postgresql;
    const QString insert = pg ? u"INSERT INTO \"interleave\".\"race\" (user_id) VALUES ('c53b8b')"_s
                              : u"INSERT INTO `interleave`.`race` (user_id) VALUES ('c53b8b')"_s;
    QList<double> lockWait;
    for (int i = 0; i < repeat; ++i) {
        auto run = std::make_unique<StepRun>(s);
        if (!run->start(&error))
            qFatal("%s", qPrintable(error));
        // Someone outside the run holds the row A is about to insert, in a transaction that stays open.
        ServerConnection outsider;
        if (!outsider.open(*serverUrl, QString(), &error))
            qFatal("%s", qPrintable(error));
        outsider.exec({ u"BEGIN"_s, {} });
        if (!outsider.exec({ insert, {} }).ok())
            qFatal("the outsider's INSERT failed");
        for (int step = 0; step < 3; ++step) // SELECT, BEGIN, INSERT: which waits for the outsider
            run->step(0);
        if (run->workers().value(0).state != StepController::State::Waiting)
            qFatal("A's INSERT does not wait");
        QElapsedTimer timer;
        timer.start();
        run->cancel();
        run.reset(); // joins the threads: returns when the blocked INSERT has been cancelled on the server
        lockWait.append(double(timer.nsecsElapsed()) / 1e6);
        outsider.exec({ u"ROLLBACK"_s, {} });
    }
    print(database, u"lock-wait"_s, lockWait);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    int repeat = 5;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--repeat"_s && i + 1 < args.size())
            repeat = args[++i].toInt();
        else
            qFatal("usage: bench_stop [--repeat N]");
    }
    out() << "# stop\tdatabase\twhat\tn\tmin ms\tmedian ms\tmax ms\n";
    benchSqlite(repeat);
    benchServer(BackendSpec::Kind::Postgresql, repeat);
    benchServer(BackendSpec::Kind::Mysql, repeat);
    return 0;
}
