// SPDX-License-Identifier: MIT
#include "explorer.h"

#include "scriptstep.h"
#include "statementkind.h"
#include "steprun.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

enum class Effect { Local, Read, Write };

// What a statement does to what other sessions can see or wait for. Conservative: anything not known to be
// local or a plain read counts as a write, which only costs reduction, never correctness.
Effect effectOf(const QString& sql)
{
    const QString verb = statementVerb(sql);
    const QString upper = sql.trimmed().toUpper();
    // A deferred BEGIN takes no lock (SQLite), nor does MySQL's SET autocommit=0 (Django's BEGIN there), and a
    // savepoint inside a transaction is private to the session. (SET autocommit=1 commits whatever is open, so it
    // counts as a write.) BEGIN IMMEDIATE locks; START TRANSACTION WITH CONSISTENT SNAPSHOT reads (its snapshot).
    const QStringList words = StatementKind::leadingWords(sql, 5);
    if (verb == u"BEGIN"_s && words.contains(u"CONSISTENT"_s))
        return Effect::Read;
    if ((verb == u"BEGIN"_s && !words.contains(u"IMMEDIATE"_s) && !words.contains(u"EXCLUSIVE"_s))
        || autocommitSetting(sql) == false || verb == u"SAVEPOINT"_s || verb == u"ROLLBACK TO"_s)
        return Effect::Local;
    if (verb == u"SELECT"_s && !upper.contains(u" FOR UPDATE"_s) && !upper.contains(u" FOR SHARE"_s))
        return Effect::Read;
    return Effect::Write;
}

qint64 multinomial(const QList<int>& counts, qint64 cap)
{
    // (n1 + ... + nk)! / (n1! ... nk!), built one factor at a time; saturates at cap.
    qint64 result = 1;
    int total = 0;
    for (const int n : counts) {
        for (int i = 1; i <= n; ++i) {
            ++total;
            // result * total / i stays an integer at every step (it is a binomial product).
            const long double next = static_cast<long double>(result) * total / i;
            if (next > static_cast<long double>(cap))
                return cap;
            result = static_cast<qint64>(next + 0.5L);
        }
    }
    return result;
}

// One choice point of the depth-first search.
struct Frame {
    QList<int> enabled;
    QHash<int, QString> next; // enabled worker -> its next statement
    QList<int> sleep; // workers whose step here is known to lead only to explored outcomes
    int chosen = -1;
};

} // namespace

Explorer::Explorer(Scenario scenario, ExploreOptions options)
    : m_scenario(std::move(scenario))
    , m_options(options)
{
}

Explorer::~Explorer() = default;

Explorer::Current::Current(Explorer* explorer, StepRun* run)
    : m_explorer(explorer)
{
    std::lock_guard lock(explorer->m_mutex);
    explorer->m_current = run;
    if (explorer->m_cancelled.load()) // cancel() came before this run was known
        run->cancel();
}

Explorer::Current::~Current()
{
    std::lock_guard lock(m_explorer->m_mutex);
    m_explorer->m_current = nullptr;
}

void Explorer::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_mutex);
    if (m_current)
        m_current->cancel();
}

bool Explorer::commute(const QString& sqlA, const QString& sqlB)
{
    const Effect a = effectOf(sqlA);
    const Effect b = effectOf(sqlB);
    return a == Effect::Local || b == Effect::Local || (a == Effect::Read && b == Effect::Read);
}

bool ExploreResult::violated(CheckFamilies families) const
{
    return std::any_of(
        classes.cbegin(), classes.cend(), [&](const OutcomeClass& c) { return (c.failed & families).toInt() != 0; });
}

bool ExploreResult::incomplete() const
{
    return cancelled || !unfinished.isEmpty()
        || std::any_of(classes.cbegin(), classes.cend(), [](const OutcomeClass& c) { return c.incomplete; });
}

QString Explorer::classKey(const RunResult& result, OutcomeClass* parts)
{
    QStringList rows;
    if (!result.outcome.unfinished.isEmpty()) // the rows were never read: a class of its own, whatever the results
        rows.append(u"rows unknown ("_s + result.outcome.unfinished + u')');
    for (const DuplicateGroup& g : result.outcome.groups)
        rows.append(
            rowCountText(g.ids.size()) + (result.outcome.groups.size() > 1 ? u" for "_s + g.lookupText : QString()));
    // Results of interchangeable workers (identical specs) are compared as a sorted list.
    QMap<QString, QStringList> bySpec;
    for (qsizetype i = 0; i < result.scenario.workers.size(); ++i) {
        const WorkerSpec& w = result.scenario.workers[i];
        const QString spec = w.recipe + u'|'
            + QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(w.lookup)).toJson(QJsonDocument::Compact))
            + u'|'
            + QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(w.defaults)).toJson(QJsonDocument::Compact))
            + (w.atomic ? u"|atomic"_s : QString());
        const WorkerResult& r = result.outcome.results.value(i);
        bySpec[spec].append(r.kindName() + (r.afterIntegrityError ? u" (after IntegrityError)"_s : QString()));
    }
    QStringList results;
    QStringList keyParts;
    for (auto it = bySpec.begin(); it != bySpec.end(); ++it) {
        QStringList sorted = it.value();
        std::sort(sorted.begin(), sorted.end());
        results.append(sorted);
        keyParts.append(sorted.join(u','));
    }
    // Then the anomalies that turn it red, so a schedule that loses an update is a class apart.
    QStringList anomalies;
    for (const Anomaly& a : result.outcome.anomalies) {
        const QString name = Anomaly::name(a.kind);
        if (a.violates() && !anomalies.contains(name))
            anomalies.append(name);
    }
    std::sort(anomalies.begin(), anomalies.end());
    if (parts) {
        parts->rows = rows.join(u", "_s);
        parts->results = results.join(u", "_s);
        parts->anomalies = anomalies.join(u", "_s);
        parts->summary =
            parts->rows + u"; "_s + parts->results + (anomalies.isEmpty() ? QString() : u"; "_s + parts->anomalies);
    }
    return rows.join(u',') + u'|' + keyParts.join(u';') + u'|' + anomalies.join(u',');
}

qint64 Explorer::estimate(QString* error)
{
    // Each worker alone on a fresh table: for get_or_create workers that is their longest path, and the full
    // enumeration interleaves such paths in multinomially many ways.
    QList<int> counts;
    for (qsizetype w = 0; w < m_scenario.workers.size() && !m_cancelled.load(); ++w) {
        StepRun run(m_scenario);
        Current current(this, &run);
        if (!run.start(error))
            return 0;
        int steps = 0;
        while (run.step(int(w)))
            ++steps;
        counts.append(steps);
        run.cancel();
    }
    return multinomial(counts, std::numeric_limits<qint64>::max() / 4);
}

ExploreResult Explorer::run(const std::function<void(const ExploreProgress&)>& progress)
{
    ExploreResult result;
    result.reduced = m_options.reduce;
    QElapsedTimer timer;
    timer.start();
    QHash<QString, int> classIndex;
    std::vector<Frame> frames;
    qint64 lastReport = 0;

    auto report = [&](bool force) {
        if (progress && (force || timer.elapsed() - lastReport >= 100)) {
            lastReport = timer.elapsed();
            progress({ result.explored, result.pruned, result.estimate });
        }
    };

    result.estimate = estimate(&result.error);
    if (m_cancelled.load()) { // a set-up that failed because it was stopped is no error
        result.error.clear();
        result.cancelled = true;
        result.seconds = double(timer.nsecsElapsed()) / 1e9;
        return result;
    }
    if (!result.error.isEmpty())
        return result;
    if (!m_options.reduce && result.estimate > m_options.maxSchedules) {
        result.error =
            u"about %1 schedules, more than the limit of %2; raise --max-schedules or keep the reduction on"_s
                .arg(result.estimate)
                .arg(m_options.maxSchedules);
        return result;
    }
    report(true);
    // Only a wait with a finite timeout can end before its holder lets go. SQLite's always is (busy_timeout_ms; 0
    // gives up at once); a server's lock_timeout_ms of 0 keeps the server's own, which Interleave does not count on
    // (PostgreSQL has none; InnoDB's is 50 s).
    const bool canTimeOut = !m_scenario.backend.isServer() || m_scenario.backend.lockTimeoutMs > 0;

    while (!m_cancelled.load()) {
        // Replay the chosen prefix on a fresh database.
        QString error;
        auto run = std::make_unique<StepRun>(m_scenario);
        Current current(this, run.get()); // from here cancel() reaches it, during its set-up too
        if (!run->start(&error)) {
            if (!m_cancelled.load()) // a run stopped while it set up is no failure: the exploration was cancelled
                (result.explored + result.pruned == 0 ? result.error : result.unfinished) = error;
            break;
        }
        auto advance = [&](int choice) {
            if (ScriptStep::isGiveUp(choice))
                run->giveUp(ScriptStep::worker(choice));
            else
                run->step(choice);
            // A deadlock is no choice: the longest waiter's busy timeout ends it, as in a scripted run.
            while (run->breakDeadlock()) { }
        };
        for (const Frame& f : frames)
            advance(f.chosen);
        // Extend with the first choice not asleep until the schedule ends.
        bool redundant = false;
        while (!run->isFinished() && !m_cancelled.load()) {
            Frame frame;
            QList<int> timeouts;
            for (const StepRun::WorkerView& w : run->workers()) {
                const int index = m_scenario.workerIndex(w.name);
                if (w.state == StepController::State::Waiting && canTimeOut)
                    timeouts.append(ScriptStep::giveUp(index));
                if (w.state != StepController::State::Ready)
                    continue;
                frame.enabled.append(index);
                frame.next.insert(index, w.next.sql);
            }
            // A wait that can time out ends one of two ways: the holder lets go first, or the timeout fires first.
            // The steps come first, so the schedules without a timeout are the first explored.
            frame.enabled.append(timeouts);
            if (frame.enabled.isEmpty())
                break; // cannot happen after breakDeadlock(); kept so a surprise cannot loop forever
            if (!frames.empty() && m_options.reduce) {
                // Sleeping workers stay asleep past a step they commute with. A timeout commutes with nothing: which
                // statement it fails, and what the others then find, depends on when it fires.
                const Frame& parent = frames.back();
                for (const int w : parent.sleep)
                    if (frame.enabled.contains(w) && !ScriptStep::isGiveUp(w) && !ScriptStep::isGiveUp(parent.chosen)
                        && commute(parent.next.value(w), parent.next.value(parent.chosen)))
                        frame.sleep.append(w);
            }
            const auto awake = std::find_if(
                frame.enabled.cbegin(), frame.enabled.cend(), [&](int w) { return !frame.sleep.contains(w); });
            if (awake == frame.enabled.cend()) {
                redundant = true; // every continuation is equivalent to one explored already
                break;
            }
            frame.chosen = *awake;
            frames.push_back(frame);
            advance(frame.chosen);
        }
        if (m_cancelled.load())
            break;
        RunResult finished = run->finish();
        if (redundant) {
            ++result.pruned;
        } else {
            ++result.explored;
            OutcomeClass c;
            const QString key = classKey(finished, &c);
            auto it = classIndex.constFind(key);
            if (it == classIndex.constEnd()) {
                c.key = key;
                c.violated = finished.outcome.violated();
                c.incomplete = finished.outcome.incomplete();
                c.example = finished.executed;
                c.exampleResult = finished;
                it = classIndex.insert(key, int(result.classes.size()));
                result.classes.append(c);
            }
            ++result.classes[*it].count;
            result.classes[*it].failed |= violations(finished.outcome);
        }
        report(false);
        // Every schedule run counts against the limit, the ones abandoned as equivalent too: each was a full
        // replay, and with many workers the reduction can abandon thousands for each one it keeps.
        if (result.explored + result.pruned >= m_options.maxSchedules)
            break;
        // Backtrack to the deepest choice point with an unexplored, awake alternative.
        while (!frames.empty()) {
            Frame& f = frames.back();
            f.sleep.append(f.chosen); // explored; an alternative that commutes with it need not try it again
            const auto next =
                std::find_if(f.enabled.cbegin(), f.enabled.cend(), [&](int w) { return !f.sleep.contains(w); });
            if (next != f.enabled.cend()) {
                f.chosen = *next;
                break;
            }
            frames.pop_back();
        }
        if (frames.empty()) {
            result.complete = true;
            break;
        }
    }
    result.cancelled = m_cancelled.load();
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    std::stable_sort(result.classes.begin(), result.classes.end(),
        [](const OutcomeClass& a, const OutcomeClass& b) { return a.count > b.count; });
    report(true);
    return result;
}

} // namespace interleave
