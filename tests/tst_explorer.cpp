// SPDX-License-Identifier: MIT
// Exhaustive exploration on real SQLite: the outcome classes of the examples, the reduction checked against the
// full enumeration, example schedules that reproduce their class, limits, progress and cancellation.

#include "explorer.h"
#include "racescenario.h"
#include "runner.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>
#include <atomic>
#include <future>
#include <thread>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

QStringList summaries(const ExploreResult& r)
{
    QStringList out;
    for (const OutcomeClass& c : r.classes)
        out.append(c.summary);
    std::sort(out.begin(), out.end());
    return out;
}

ExploreResult explore(const Scenario& s, bool reduce, qint64 limit = 100000)
{
    Explorer explorer(s, { limit, reduce });
    return explorer.run();
}

Scenario threeNaiveWorkers()
{
    Scenario s = raceScenario(3, false, u"naive_get_or_create"_s);
    return s;
}

} // namespace

class TestExplorer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void outcomeClasses_data();
    void outcomeClasses();
    void exampleScheduleReproducesItsClass_data();
    void exampleScheduleReproducesItsClass();
    void commute_data();
    void commute();
    void fullEnumerationIsRefusedOverTheLimit();
    void reducedExplorationStopsAtTheLimit();
    void abandonedSchedulesCountAgainstTheLimit();
    void progressIsReportedAndMonotonic();
    void cancelStopsTheExploration();
};

void TestExplorer::outcomeClasses_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<qint64>("fullSchedules");
    // SQLite's busy timeout (5 s, Django's default) is finite: a worker whose INSERT waits for the other's write
    // lock may give up before the holder commits ("database is locked": Busy). 50 schedules of statements, and 40
    // more where a wait times out.
    QTest::newRow("race_no_unique_has_two_classes_and_the_busy_timeout")
        << example(u"race-no-unique"_s)
        << QStringList { u"1 row; Busy, created"_s, u"1 row; created, got"_s, u"2 rows; created, created; G2"_s }
        << qint64(90);
    QTest::newRow("race_unique_never_two_rows_and_shows_the_integrity_error_path")
        << example(u"race-unique"_s)
        << QStringList { u"1 row; Busy, created"_s, u"1 row; created, got"_s,
               u"1 row; created, got (after IntegrityError)"_s }
        << qint64(90);
    QTest::newRow("flag_per_parent_never_two_flagged_rows")
        << example(u"flag-per-parent"_s)
        << QStringList { u"1 row; Busy, created"_s, u"1 row; created, got"_s,
               u"1 row; created, got (after IntegrityError)"_s }
        << qint64(90);

    QTest::newRow("three_naive_workers") << threeNaiveWorkers()
                                         << QStringList { u"1 row; created, got, got"_s,
                                                u"2 rows; MultipleObjectsReturned, created, created; G2"_s,
                                                u"2 rows; created, created, got; G2"_s,
                                                u"3 rows; created, created, created; G2"_s }
                                         << qint64(66);
    // Django's recipe with three workers has 12,582 schedules in full (about a minute here), so only the
    // reduced exploration runs in the suite; its classes were checked against the full run when this was written.
    QTest::newRow("third_call_reduced_only")
        << example(u"third-call"_s)
        << QStringList { u"1 row; Busy, Busy, created"_s, u"1 row; Busy, created, got"_s, u"1 row; created, got, got"_s,
               u"2 rows; Busy, created, created; G2"_s, u"2 rows; MultipleObjectsReturned, created, created; G2"_s,
               u"2 rows; created, created, got; G2"_s, u"3 rows; created, created, created; G2"_s }
        << qint64(-1);
}

void TestExplorer::outcomeClasses()
{
    QFETCH(Scenario, scenario);
    QFETCH(QStringList, expected);
    QFETCH(qint64, fullSchedules);
    const ExploreResult reduced = explore(scenario, true);
    QVERIFY(reduced.complete);
    if (fullSchedules < 0) {
        QCOMPARE(summaries(reduced), expected);
        return;
    }
    const ExploreResult full = explore(scenario, false);
    QVERIFY2(full.error.isEmpty(), qPrintable(full.error));
    QVERIFY(full.complete);
    QCOMPARE(full.explored, fullSchedules);
    qInfo("%lld schedules in full, %lld with the reduction (+%lld abandoned); estimate %lld", full.explored,
        reduced.explored, reduced.pruned, full.estimate);
    // The reduction may skip schedules, never an outcome.
    QCOMPARE(summaries(reduced), summaries(full));
    QVERIFY(reduced.explored < full.explored);
    QCOMPARE(summaries(full), expected);
    qint64 total = 0;
    for (const OutcomeClass& c : full.classes)
        total += c.count;
    QCOMPARE(total, full.explored);
    for (const OutcomeClass& c : full.classes)
        QCOMPARE(c.violated, c.exampleResult.outcome.violated());
}

void TestExplorer::exampleScheduleReproducesItsClass_data()
{
    QTest::addColumn<QString>("example");
    QTest::newRow("race_unique") << u"race-unique"_s;
    QTest::newRow("atomic_request") << u"atomic-request"_s;
    QTest::newRow("third_call") << u"third-call"_s;
}

void TestExplorer::exampleScheduleReproducesItsClass()
{
    QFETCH(QString, example);
    const Scenario s = test::example(example);
    const ExploreResult r = explore(s, true);
    QVERIFY(r.complete);
    QVERIFY(r.classes.size() >= 2);
    for (const OutcomeClass& c : r.classes) {
        const RunResult again = Runner(scripted(s, c.example.join(u','))).run();
        QCOMPARE(again.executed, c.example);
        OutcomeClass parts;
        QCOMPARE(Explorer::classKey(again, &parts), c.key);
        QCOMPARE(parts.summary, c.summary);
        QCOMPARE(parts.rows, c.rows);
        QCOMPARE(parts.results, c.results);
        QCOMPARE(parts.anomalies, c.anomalies);
        QVERIFY(c.summary.startsWith(c.rows + u"; "_s + c.results));
    }
}

void TestExplorer::commute_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("commute");
    const QString select = u"SELECT \"race\".\"id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s;
    const QString insert = u"INSERT INTO \"race\" (\"user_id\") VALUES (?)"_s;
    QTest::newRow("two_reads") << select << select << true;
    QTest::newRow("a_deferred_begin_and_anything") << u"BEGIN"_s << insert << true;
    QTest::newRow("a_savepoint_and_a_commit") << u"SAVEPOINT \"s1_x1\""_s << u"COMMIT"_s << true;
    QTest::newRow("a_read_and_a_write") << select << insert << false;
    QTest::newRow("a_read_and_a_commit") << select << u"COMMIT"_s << false;
    QTest::newRow("two_writes") << insert << insert << false;
    QTest::newRow("begin_immediate_takes_a_lock") << u"BEGIN IMMEDIATE"_s << insert << false;
    QTest::newRow("select_for_update_locks") << select + u" FOR UPDATE"_s << select << false;
    QTest::newRow("release_may_commit") << u"RELEASE SAVEPOINT \"s1_x1\""_s << select << false;
}

void TestExplorer::commute()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, commute);
    QCOMPARE(Explorer::commute(a, b), commute);
    QCOMPARE(Explorer::commute(b, a), commute);
}

void TestExplorer::fullEnumerationIsRefusedOverTheLimit()
{
    const ExploreResult r = explore(example(u"race-no-unique"_s), false, 20);
    QCOMPARE(
        r.error, u"about 70 schedules, more than the limit of 20; raise --max-schedules or keep the reduction on"_s);
    QCOMPARE(r.explored, 0);
    QCOMPARE(r.estimate, 70);
}

void TestExplorer::reducedExplorationStopsAtTheLimit()
{
    const ExploreResult r = explore(example(u"atomic-request"_s), true, 5);
    QVERIFY(r.error.isEmpty());
    QCOMPARE(r.explored, 5);
    QVERIFY(!r.complete);
    QVERIFY(!r.classes.isEmpty());
}

// Eight workers of eight statements each that all commute: the reduction abandons nearly every schedule as
// equivalent to the one explored, and each abandoned one is still a replay. The limit counts them, so the
// exploration ends after the limit of runs instead of going on for ever.
void TestExplorer::abandonedSchedulesCountAgainstTheLimit()
{
    Scenario s = raceScenario(8, false, u"sql"_s);
    for (WorkerSpec& w : s.workers) {
        w.lookup.clear();
        w.defaults.clear();
        w.statements = QList<SqlStatementSpec>(8, SqlStatementSpec { u"SELECT 1"_s, {}, std::nullopt });
    }
    const ExploreResult r = explore(s, true, 200);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.explored + r.pruned, 200);
    QVERIFY(!r.complete);
}

void TestExplorer::progressIsReportedAndMonotonic()
{
    Explorer explorer(example(u"atomic-request"_s), { 100000, false });
    QList<qint64> seen;
    const ExploreResult r = explorer.run([&](const ExploreProgress& p) {
        seen.append(p.explored);
        QCOMPARE(p.estimate, 924);
    });
    QVERIFY(r.complete);
    QVERIFY(seen.size() >= 2);
    QCOMPARE(seen.constLast(), r.explored);
    QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
}

void TestExplorer::cancelStopsTheExploration()
{
    // Three workers of Django's get_or_create: 34650 schedules in full, minutes of work.
    constexpr qint64 full = 34650;
    Explorer explorer(raceScenario(3, false), { 1'000'000, false });
    std::atomic<qint64> seen { 0 };
    std::promise<void> going;
    bool signalled = false;
    ExploreResult result;
    std::atomic<bool> returned { false };
    std::thread thread([&] {
        result = explorer.run([&](const ExploreProgress& p) {
            seen.store(p.explored);
            if (!signalled && p.explored >= 3) {
                signalled = true;
                going.set_value();
            }
        });
        returned.store(true);
    });
    const auto join = qScopeGuard([&] {
        explorer.cancel();
        thread.join();
    });
    // The exploration is really going: schedules explored, many more to come.
    QVERIFY(going.get_future().wait_for(bound(std::chrono::milliseconds(60000))) == std::future_status::ready);
    QVERIFY(!returned.load());
    const qint64 before = seen.load();
    QElapsedTimer timer;
    timer.start();
    explorer.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(returned.load(), boundMs(5000));
    qInfo("stopped %lld ms after the cancel, after %lld of %lld schedules", timer.elapsed(), result.explored, full);
    QVERIFY(result.error.isEmpty());
    QCOMPARE(result.estimate, full);
    QVERIFY(result.cancelled);
    QVERIFY(!result.complete);
    QVERIFY(result.incomplete());
    QVERIFY(result.explored >= before);
    QVERIFY(result.explored < full);
    // What was found so far is kept: classes whose counts add up to the schedules explored.
    QVERIFY(!result.classes.isEmpty());
    qint64 counted = 0;
    for (const OutcomeClass& c : std::as_const(result.classes))
        counted += c.count;
    QCOMPARE(counted, result.explored);
}

QTEST_GUILESS_MAIN(TestExplorer)
#include "tst_explorer.moc"
