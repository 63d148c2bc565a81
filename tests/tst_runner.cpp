// SPDX-License-Identifier: MIT
// The runner end to end on real SQLite: scripted outcomes of the built-in examples, determinism, free-threaded
// runs, lock waits and cancellation.

#include "freescheduler.h"
#include "racescenario.h"
#include "report.h"
#include "runner.h"
#include "timebounds.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTest>
#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::test;

namespace {

const QString fullScript = u"A,B,A,B,A,B,A,B"_s;

RunResult run(const Scenario& s)
{
    Runner runner(s);
    RunResult r = runner.run();
    if (!r.ok())
        qWarning("run failed: %s", qPrintable(r.error));
    return r;
}

// Each worker's statements are numbered 0..n-1 without a gap, and its last statement fits its result: nothing
// the worker sent is missing from the trace.
void verifyCompleteTrace(const RunResult& r)
{
    QHash<int, QList<int>> steps;
    QHash<int, QString> lastVerb;
    QHash<int, bool> lastFailed;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::Statement)
            continue;
        steps[e.worker].append(e.step);
        lastVerb[e.worker] = statementVerb(r.trace.sql(e));
        lastFailed[e.worker] = e.error.isError();
    }
    for (int w = 0; w < r.scenario.workers.size(); ++w) {
        QList<int> s = steps.value(w);
        std::sort(s.begin(), s.end());
        QVERIFY2(!s.isEmpty(), qPrintable(u"worker %1 has no statements"_s.arg(w)));
        for (int i = 0; i < s.size(); ++i)
            QCOMPARE(s.at(i), i);
        const WorkerResult& result = r.outcome.results.at(w);
        if (result.kind == ResultKind::Created) {
            QCOMPARE(lastVerb.value(w), u"COMMIT"_s);
            QVERIFY(!lastFailed.value(w));
        } else if (result.kind == ResultKind::Got || result.kind == ResultKind::MultipleObjectsReturned) {
            QCOMPARE(lastVerb.value(w), u"SELECT"_s);
        } else {
            // A failure: the statement that failed, or Django's ROLLBACK after it.
            QVERIFY2(lastFailed.value(w) || lastVerb.value(w) == u"ROLLBACK"_s, qPrintable(result.detail));
        }
    }
}

} // namespace

class TestRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scriptedExamples_data();
    void scriptedExamples();
    void uniqueRaceWaitsThenTakesTheIntegrityErrorPath();
    void partialIndexNeverHoldsTwoFlaggedRows_data();
    void partialIndexNeverHoldsTwoFlaggedRows();
    void walJournalMode();
    void sameScriptSameEvents_data();
    void sameScriptSameEvents();
    void scriptThenRoundRobin();
    void freeRunsOfUniqueRaceNeverDuplicate();
    void tenFreeWorkersSometimesDuplicate();
    void cancelStopsALongRun();
    void literalResultsAreBounded_data();
    void literalResultsAreBounded();
    void failedSetupIsReported();
};

void TestRunner::scriptedExamples_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QStringList>("results");
    QTest::newRow("race_no_unique_both_insert")
        << u"race-no-unique"_s << fullScript << 2 << QStringList { u"created"_s, u"created"_s };
    QTest::newRow("race_unique_second_gets_after_integrity_error")
        << u"race-unique"_s << fullScript << 1 << QStringList { u"created"_s, u"got"_s };
    QTest::newRow("unique_together_second_gets")
        << u"unique-together"_s << fullScript << 1 << QStringList { u"created"_s, u"got"_s };
    QTest::newRow("third_call_fails_with_multiple_objects")
        << u"third-call"_s << fullScript + u",C"_s << 2
        << QStringList { u"created"_s, u"created"_s, u"MultipleObjectsReturned"_s };
    QTest::newRow("flag_per_parent_second_gets")
        << u"flag-per-parent"_s << fullScript << 3 << QStringList { u"created"_s, u"got"_s };
    QTest::newRow("atomic_request_loser_is_busy_on_sqlite")
        << u"atomic-request"_s << fullScript << 1 << QStringList { u"created"_s, u"Busy"_s };
    QTest::newRow("one_after_the_other_never_races")
        << u"race-no-unique"_s << u"A,A,A,A,B"_s << 1 << QStringList { u"created"_s, u"got"_s };
}

void TestRunner::scriptedExamples()
{
    QFETCH(QString, example);
    QFETCH(QString, script);
    QFETCH(int, rows);
    QFETCH(QStringList, results);
    const RunResult r = run(scripted(test::example(example), script));
    QVERIFY(r.ok());
    QCOMPARE(r.outcome.rows.size(), rows);
    QCOMPARE(resultsOf(r), results);
    verifyCompleteTrace(r);
    if (example == u"third-call"_s)
        QCOMPARE(r.outcome.results.at(2).detail, u"get() returned more than one KeyValue -- it returned 2!"_s);
}

void TestRunner::uniqueRaceWaitsThenTakesTheIntegrityErrorPath()
{
    const RunResult r = run(scripted(example(u"race-unique"_s), fullScript));
    QVERIFY(r.ok());
    QCOMPARE(r.executed.join(u','), fullScript + u",B"_s);
    const TraceEvent* insert = nullptr;
    const TraceEvent* wait = nullptr;
    for (const TraceEvent& e : r.trace.events) {
        if (e.worker == 1 && e.kind == EventKind::Statement && statementVerb(r.trace.sql(e)) == u"INSERT"_s)
            insert = &e;
        if (e.worker == 1 && e.kind == EventKind::LockWait)
            wait = &e;
    }
    QVERIFY(insert && wait);
    QCOMPARE(insert->error.cls, ErrorClass::IntegrityError);
    QCOMPARE(insert->error.code, 2067);
    QCOMPARE(insert->error.message, u"UNIQUE constraint failed: race.user_id"_s);
    QCOMPARE(wait->blockers, QList<int> { 0 });
    QCOMPARE(wait->step, insert->step);
    QVERIFY(wait->startNs >= insert->startNs && wait->endNs <= insert->endNs);
    // B waited until A's COMMIT finished.
    const auto commit = std::find_if(r.trace.events.cbegin(), r.trace.events.cend(),
        [&](const TraceEvent& e) { return e.worker == 0 && r.trace.sql(e) == u"COMMIT"_s; });
    QVERIFY(commit != r.trace.events.cend());
    QVERIFY(wait->endNs >= commit->endNs);
    QVERIFY(r.outcome.results.at(1).afterIntegrityError);
    QCOMPARE(r.outcome.results.at(1).rowId, QVariant(qint64(1)));
    QCOMPARE(r.outcome.insertedBy.value(1), 0);
    QCOMPARE(r.outcome.verdict(), u"1 row for user_id='u1': no duplicate"_s);
}

void TestRunner::partialIndexNeverHoldsTwoFlaggedRows_data()
{
    QTest::addColumn<QString>("script");
    for (const QString& s :
        { fullScript, u"A,A,B,B,A,B,A,B"_s, u"B,A,B,A,B,A,B,A"_s, u"A,B,B,A,A,B"_s, u"A,A,A,B,B,B,A,B"_s })
        QTest::newRow(qPrintable(s)) << s;
    QTest::newRow("free") << QString();
}

void TestRunner::partialIndexNeverHoldsTwoFlaggedRows()
{
    QFETCH(QString, script);
    Scenario s = example(u"flag-per-parent"_s);
    if (script.isEmpty())
        s.schedule = {};
    else
        s = scripted(s, script);
    const RunResult r = run(s);
    QVERIFY(r.ok());
    const qsizetype flag = r.outcome.columns.indexOf(u"flag"_s);
    const qsizetype parent = r.outcome.columns.indexOf(u"parent_id"_s);
    const auto flagged = std::count_if(r.outcome.rows.cbegin(), r.outcome.rows.cend(),
        [&](const Row& row) { return row.at(flag).toInt() == 1 && row.at(parent).toInt() == 3; });
    QCOMPARE(flagged, 1);
    QVERIFY(!r.outcome.violated());
    // The partial index allows the initial flag=0 row for the same parent.
    QCOMPARE(r.outcome.rows.size(), 3);
}

void TestRunner::walJournalMode()
{
    // In WAL mode readers never block a writer: A's COMMIT does not wait for B's read transaction, and a writer
    // whose snapshot is older than the last commit gets SQLITE_BUSY_SNAPSHOT (517) instead of waiting.
    Scenario unique = example(u"race-unique"_s);
    unique.backend.journalMode = u"wal"_s;
    const RunResult r = run(scripted(unique, fullScript));
    QVERIFY(r.ok());
    QVERIFY(r.backend.options.contains(u"journal_mode=wal"_s));
    QCOMPARE(resultsOf(r), (QStringList { u"created"_s, u"got"_s }));

    Scenario atomic = example(u"atomic-request"_s);
    atomic.backend.journalMode = u"wal"_s;
    const RunResult stale = run(scripted(atomic, u"A,B,A,B,A,A,A,A,B,B"_s));
    QVERIFY(stale.ok());
    QCOMPARE(resultsOf(stale), (QStringList { u"created"_s, u"Busy"_s }));
    const auto insert = std::find_if(stale.trace.events.cbegin(), stale.trace.events.cend(),
        [&](const TraceEvent& e) { return e.worker == 1 && statementVerb(stale.trace.sql(e)) == u"INSERT"_s; });
    QVERIFY(insert != stale.trace.events.cend());
    QCOMPARE(insert->error.code, 517);
    QCOMPARE(insert->error.cls, ErrorClass::Busy);
    const bool waited = std::any_of(stale.trace.events.cbegin(), stale.trace.events.cend(),
        [](const TraceEvent& e) { return e.kind == EventKind::LockWait; });
    QVERIFY2(!waited, "a stale snapshot fails at once; nothing waits");
}

void TestRunner::sameScriptSameEvents_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QString>("script");
    QTest::newRow("race_unique") << u"race-unique"_s << fullScript;
    QTest::newRow("atomic_request_with_busy_and_waits") << u"atomic-request"_s << fullScript;
    QTest::newRow("third_call") << u"third-call"_s << u"A,B,C,A,B,C,A,B,A,B"_s;
}

void TestRunner::sameScriptSameEvents()
{
    QFETCH(QString, example);
    QFETCH(QString, script);
    const Scenario s = scripted(test::example(example), script);
    const RunResult first = run(s);
    QVERIFY(first.ok());
    QVERIFY(first.trace.sequence().size() >= 8);
    for (int i = 0; i < 50; ++i) {
        const RunResult again = run(s);
        QCOMPARE(again.trace.sequence(), first.trace.sequence());
        QCOMPARE(again.executed, first.executed);
        QCOMPARE(again.outcome.rows, first.outcome.rows);
        QCOMPARE(again.outcome.results, first.outcome.results);
    }
}

void TestRunner::scriptThenRoundRobin()
{
    // Only A's first statement is scripted; the rest alternate A, B, A, B ... and skip finished workers.
    const RunResult r = run(scripted(example(u"race-no-unique"_s), u"A"_s));
    QVERIFY(r.ok());
    QCOMPARE(r.executed.join(u','), u"A,A,B,A,B,A,B,B"_s);
}

void TestRunner::freeRunsOfUniqueRaceNeverDuplicate()
{
    Scenario s = example(u"race-unique"_s);
    s.schedule = {};
    int integrityPaths = 0;
    for (int i = 0; i < 200; ++i) {
        const RunResult r = run(s);
        QVERIFY(r.ok());
        QVERIFY2(r.outcome.rows.size() <= 1, qPrintable(r.outcome.verdict()));
        QVERIFY(!r.outcome.violated());
        verifyCompleteTrace(r);
        integrityPaths += r.outcome.results.at(0).afterIntegrityError || r.outcome.results.at(1).afterIntegrityError;
    }
    qInfo("%d of 200 free runs took the IntegrityError path", integrityPaths);
}

void TestRunner::tenFreeWorkersSometimesDuplicate()
{
    const Scenario s = example(u"ten-threads"_s);
    QCOMPARE(s.workers.size(), 10);
    int duplicated = 0;
    int runs = 0;
    // Races are a matter of luck: run until both outcomes have shown up, within a bound.
    while (runs < 300 && (duplicated == 0 || duplicated == runs)) {
        const RunResult r = run(s);
        QVERIFY(r.ok());
        verifyCompleteTrace(r);
        duplicated += r.outcome.violated();
        ++runs;
    }
    qInfo("%d of %d free runs of ten workers left duplicates", duplicated, runs);
    QVERIFY2(duplicated > 0, "ten free workers never produced a duplicate");
}

void TestRunner::cancelStopsALongRun()
{
    Scenario s = example(u"race-no-unique"_s);
    s.schedule = {};
    s.schedule.jitterUs = 120'000'000; // up to two minutes before each statement: only a cancel ends the run in time
    QCOMPARE(FreeScheduler::workersPausing(), 0);
    Runner runner(s);
    RunResult result;
    std::atomic<bool> returned { false };
    std::thread thread([&] {
        result = runner.run();
        returned.store(true);
    });
    const auto join = qScopeGuard([&] {
        runner.cancel();
        thread.join();
    });
    // Both workers connected, passed the start barrier and are inside their first pause: the run is really going.
    QTRY_COMPARE_WITH_TIMEOUT(FreeScheduler::workersPausing(), 2, boundMs(20000));
    QVERIFY(!returned.load());
    QElapsedTimer timer;
    timer.start();
    runner.cancel();
    // Well under the pauses still ahead (each up to 120 s): the cancel cut them short instead of waiting them out.
    QTRY_VERIFY_WITH_TIMEOUT(returned.load(), boundMs(5000));
    qInfo("the run returned %lld ms after the cancel", timer.elapsed());
    QCOMPARE(FreeScheduler::workersPausing(), 0);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(result.cancelled);
    QVERIFY(result.incomplete());
    QVERIFY2(result.outcome.verdict().startsWith(u"incomplete: the run was stopped before its end"_s),
        qPrintable(result.outcome.verdict()));
    // Stopped in the first pause: no statement ran, each worker says it was cancelled, and the table is as it began.
    QCOMPARE(result.trace.events.size(), 0);
    QCOMPARE(result.outcome.results.size(), 2);
    for (const WorkerResult& w : result.outcome.results)
        QCOMPARE(w.kindName(), u"Error"_s);
    QCOMPARE(result.outcome.rows.size(), 0);
}

void TestRunner::literalResultsAreBounded_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected"); // the statement's summary in the text report
    // Literal SQL may not recurse (LiteralSql), so values and rows are made by nesting and by joining instead.
    auto doubled = [](int times) -> QString {
        QString sql = u"'x'"_s;
        for (int i = 0; i < times; ++i)
            sql = u"replace(%1, 'x', 'xx')"_s.arg(sql);
        return u"SELECT "_s + sql;
    };
    const QString ten = u"WITH t(x) AS (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)) "_s;
    // 2^20 characters, made by doubling: the value is kept cut at 64 KiB, marked with its full length.
    QTest::newRow("a_megabyte_value_is_cut_and_marked") << doubled(20) << u"-> 1 row\n"_s;
    QTest::newRow("a_hundred_thousand_rows_keep_the_first_thousand")
        << QString(ten + u"SELECT a.x FROM t a, t b, t c, t d, t e"_s) << u"-> 100000 rows (the first 1000 kept)"_s;
    // 2^25 characters: past SQLite's length limit on a worker's connection, so it fails instead of taking memory.
    QTest::newRow("a_string_past_the_length_limit_fails") << doubled(25) << u"string or blob too big"_s;
    QTest::newRow("a_query_without_end_times_out")
        << QString(ten + u"SELECT count(*) FROM t a, t b, t c, t d, t e, t f, t g, t h, t i, t j, t k, t l"_s)
        << u"Timeout 9: the statement ran for more than 1000 ms (reply_timeout_ms) and was stopped"_s;
}

void TestRunner::literalResultsAreBounded()
{
    QFETCH(QString, sql);
    QFETCH(QString, expected);
    Scenario s = raceScenario(1, false, u"sql"_s);
    s.workers[0].lookup.clear();
    s.workers[0].defaults.clear();
    s.workers[0].statements = { { sql, {}, std::nullopt } };
    s.backend.replyTimeoutMs = 1000;
    const RunResult r = run(s);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QString report = Report::toText(r);
    QVERIFY2(report.contains(expected), qPrintable(report.left(2000)));
    // Whatever the statement returned, the whole report stays small.
    const QByteArray json = QJsonDocument(Report::toJson(r)).toJson(QJsonDocument::Compact);
    QVERIFY2(json.size() < 2 * 1024 * 1024, qPrintable(QString::number(json.size())));
    const TraceEvent& e = r.trace.events.constFirst();
    if (QTest::currentDataTag() == QByteArray("a_megabyte_value_is_cut_and_marked")) {
        const QString value = e.rows.value(0).value(0).toString();
        QVERIFY2(value.endsWith(u"… [1048576 characters in all]"_s), qPrintable(value.right(60)));
        QVERIFY(value.startsWith(u"xxxx"_s));
    }
    if (QTest::currentDataTag() == QByteArray("a_query_without_end_times_out")) {
        QCOMPARE(r.outcome.results.value(0).kind, ResultKind::Timeout);
        QVERIFY(r.incomplete());
        QVERIFY2(r.outcome.verdict().startsWith(u"incomplete: A timed out"_s), qPrintable(r.outcome.verdict()));
    }
}

void TestRunner::failedSetupIsReported()
{
    Scenario s = raceScenario(2, false);
    s.table.columns[0].type = u"varchar(32) references"_s; // valid to the scenario's grammar, not to SQLite
    const RunResult r = Runner(s).run();
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(u"setting up table \"race\" failed: CREATE TABLE"_s), qPrintable(r.error));
    QVERIFY(r.trace.events.isEmpty());
}

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
