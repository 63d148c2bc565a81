// SPDX-License-Identifier: MIT
// How fast a run stops, and how exactly a round trip is bounded, when the server does not answer: the real test
// servers behind a TCP proxy (tests/serverproxy.h) that freezes as SIGSTOP would. Prints figures; it is not a test.
// Needs INTERLEAVE_TEST_PG_URL / INTERLEAVE_TEST_MYSQL_URL and their passwords (scripts/test-servers.sh).
//
//   bench_wire [--repeat N] [--trials N]
//
// For each server, tab-separated:
//   stop    <server> <what> <n> <min ms> <median ms> <max ms>   cancel() to run() returning, frozen mid-statement
//                                                                (runner, stress, explore) or mid-connect (connect)
//   timeout <server> <n> <min ms> <median ms> <max ms>          a frozen statement with reply_timeout_ms=1000: from
//                                                                the statement's start to its Timeout
//   stress  <server> <trials> <trials/s>                         a healthy stress run through the same wire

#include "explorer.h"
#include "runner.h"
#include "serverproxy.h"
#include "serverurl.h"
#include "stressrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QUrl>
#include <algorithm>
#include <functional>
#include <future>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

const QByteArray marker = "bench-marker-91aa";

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

Scenario scenarioOn(BackendSpec::Kind kind, const QString& url, int replyTimeoutMs)
{
    Scenario s;
    s.name = u"bench_wire"_s;
    s.table.name = u"bench_wire"_s;
    s.table.model = u"BenchWire"_s;
    s.table.columns = { { u"user_id"_s, u"varchar(32)"_s, false } };
    s.table.constraints = { { u"unique"_s, { u"user_id"_s }, {}, {} } };
    for (const QString& name : { u"A"_s, u"B"_s }) {
        WorkerSpec w;
        w.name = name;
        w.recipe = u"django_get_or_create"_s;
        w.lookup = { { u"user_id"_s, name == u"A"_s ? QString::fromLatin1(marker) : u"c53b8b"_s } };
        s.workers.append(w);
    }
    s.backend.kind = kind;
    s.backend.url = url;
    s.backend.replyTimeoutMs = replyTimeoutMs;
    return s;
}

struct Figures {
    QList<double> ms;
    QString summary() const
    {
        QList<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        if (sorted.isEmpty())
            return u"0\t-\t-\t-"_s;
        return u"%1\t%2\t%3\t%4"_s.arg(sorted.size())
            .arg(sorted.front(), 0, 'f', 1)
            .arg(sorted[sorted.size() / 2], 0, 'f', 1)
            .arg(sorted.back(), 0, 'f', 1);
    }
};

// Starts `run` on a thread, waits until the proxy froze, cancels, and returns the milliseconds from cancel() to the
// end.
double stopLatency(
    ServerProxy& proxy, const QByteArray& strike, const std::function<void()>& run, const std::function<void()>& cancel)
{
    proxy.thaw();
    proxy.strikeOnSend(strike, ServerProxy::Action::Freeze);
    std::future<void> done = std::async(std::launch::async, run);
    if (!proxy.waitUntilFrozen(std::chrono::seconds(30)))
        qFatal("the run never reached the marker");
    QElapsedTimer timer;
    timer.start();
    cancel();
    done.wait();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    proxy.thaw();
    return ms;
}

void benchServer(BackendSpec::Kind kind, int repeat, qint64 trials)
{
    const QString url = qEnvironmentVariable(
        kind == BackendSpec::Kind::Postgresql ? "INTERLEAVE_TEST_PG_URL" : "INTERLEAVE_TEST_MYSQL_URL");
    const QString server = BackendSpec::kindName(kind);
    if (url.isEmpty()) {
        out() << "# " << server << ": no test server\n";
        return;
    }
    ServerProxy proxy(quint16(QUrl(url).port()));
    const QString through = proxy.url(url) + u"?connect_timeout=30"_s;
    const Scenario slow = scenarioOn(kind, through, BackendSpec::defaultReplyTimeoutMs);
    const QByteArray login = kind == BackendSpec::Kind::Postgresql ? "application_name" : "mysql_native_password";

    QHash<QString, Figures> stops;
    for (int i = 0; i < repeat; ++i) {
        {
            Runner runner(slow);
            stops[u"runner"_s].ms.append(stopLatency(
                proxy, marker, [&] { runner.run(); }, [&] { runner.cancel(); }));
        }
        {
            Runner runner(slow);
            stops[u"connect"_s].ms.append(stopLatency(
                proxy, login, [&] { runner.run(); }, [&] { runner.cancel(); }));
        }
        {
            StressOptions options;
            options.trials = 1'000'000;
            StressRunner stress(slow, options);
            stops[u"stress"_s].ms.append(stopLatency(
                proxy, marker, [&] { stress.run(); }, [&] { stress.cancel(); }));
        }
        {
            Explorer explorer(slow, ExploreOptions {});
            stops[u"explore"_s].ms.append(stopLatency(
                proxy, marker, [&] { explorer.run(); }, [&] { explorer.cancel(); }));
        }
    }
    for (const QString& what : { u"runner"_s, u"connect"_s, u"stress"_s, u"explore"_s })
        out() << "stop\t" << server << '\t' << what << '\t' << stops[what].summary() << '\n';

    // A frozen statement under reply_timeout_ms=1000: when does its Timeout come?
    Figures timeouts;
    Scenario quick = scenarioOn(kind, through, 1000);
    quick.schedule.mode = ScheduleSpec::Mode::Script;
    quick.schedule.script = { u"A"_s };
    for (int i = 0; i < repeat; ++i) {
        proxy.thaw();
        proxy.strikeOnSend(marker, ServerProxy::Action::Freeze);
        const RunResult r = Runner(quick).run();
        for (const TraceEvent& e : r.trace.events)
            if (e.worker == 0 && e.kind == EventKind::Statement && e.error.cls == ErrorClass::Timeout)
                timeouts.ms.append(double(e.endNs - e.startNs) / 1e6);
    }
    proxy.thaw();
    out() << "timeout\t" << server << '\t' << timeouts.summary() << '\n';

    if (trials > 0) {
        Scenario healthy = scenarioOn(kind, url, BackendSpec::defaultReplyTimeoutMs);
        healthy.workers[0].lookup = healthy.workers[1].lookup;
        StressOptions options;
        options.trials = trials;
        const StressResult r = StressRunner(healthy, options).run();
        if (!r.ok())
            qFatal("%s", qPrintable(r.error));
        out() << "stress\t" << server << '\t' << r.trials() << '\t' << QString::number(r.trialsPerSecond(), 'f', 0)
              << '\n';
    }
    out().flush();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    int repeat = 5;
    qint64 trials = 500;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--repeat"_s && i + 1 < args.size())
            repeat = args[++i].toInt();
        else if (args[i] == u"--trials"_s && i + 1 < args.size())
            trials = args[++i].toLongLong();
        else
            qFatal("usage: bench_wire [--repeat N] [--trials N]");
    }
    out() << "# what\tserver\t[what]\tn\tmin ms\tmedian ms\tmax ms  (stress: trials, trials/s)\n";
    benchServer(BackendSpec::Kind::Postgresql, repeat, trials);
    benchServer(BackendSpec::Kind::Mysql, repeat, trials);
    return 0;
}
