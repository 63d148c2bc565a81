// SPDX-License-Identifier: MIT
#include "examples.h"
#include "isolationlevel.h"
#include "runner.h"
#include "steprun.h"
#include "testdatabases.h"
#include "timelineexporter.h"
#include "timelinelayout.h"

#include <QSet>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace interleave;

Q_DECLARE_METATYPE(interleave::Trace)

namespace {

// Builds traces by hand, the way the engine would report them, so the layout is tested without a database.
class TraceBuilder {
public:
    explicit TraceBuilder(const QStringList& workers) { m_trace.workers = workers; }

    TraceEvent& statement(int worker, qint64 startUs, qint64 endUs, const QString& sql)
    {
        TraceEvent event;
        event.kind = EventKind::Statement;
        event.worker = worker;
        event.step = m_steps[worker]++;
        event.startNs = startUs * 1000;
        event.endNs = endUs * 1000;
        event.statement = int(m_trace.statements.indexOf(sql));
        if (event.statement < 0) {
            event.statement = int(m_trace.statements.size());
            m_trace.statements.append(sql);
        }
        m_trace.events.append(event);
        return m_trace.events.last();
    }

    // A wait of the statement most recently added for `worker`.
    TraceEvent& lockWait(int worker, qint64 startUs, qint64 endUs, const QList<int>& blockers)
    {
        TraceEvent event;
        event.kind = EventKind::LockWait;
        event.worker = worker;
        event.step = m_steps[worker] - 1;
        event.startNs = startUs * 1000;
        event.endNs = endUs * 1000;
        event.blockers = blockers;
        event.note = u"lock acquired"_s;
        m_trace.events.append(event);
        return m_trace.events.last();
    }

    // The engine merges per-worker buffers by start time.
    Trace build()
    {
        std::stable_sort(m_trace.events.begin(), m_trace.events.end(),
            [](const TraceEvent& a, const TraceEvent& b) { return a.startNs < b.startNs; });
        return m_trace;
    }

private:
    Trace m_trace;
    QHash<int, int> m_steps;
};

const QString selectSql =
    u"SELECT \"race\".\"id\", \"race\".\"user_id\" FROM \"race\" WHERE \"race\".\"user_id\" = ? LIMIT 21"_s;
const QString insertSql = u"INSERT INTO \"race\" (\"user_id\", \"name\") VALUES (?, ?)"_s;

DbError integrityError()
{
    return { ErrorClass::IntegrityError, 2067, {}, u"UNIQUE constraint failed: race.user_id"_s };
}

// race-unique with the script A,B,A,B,A,B,A,B, as the SQLite backend reports it.
Trace raceUniqueTrace()
{
    TraceBuilder b({ u"A"_s, u"B"_s });
    b.statement(0, 0, 10, selectSql).columns = { u"id"_s, u"user_id"_s };
    b.statement(1, 20, 30, selectSql).columns = { u"id"_s, u"user_id"_s };
    b.statement(0, 40, 50, u"BEGIN"_s);
    b.statement(1, 60, 70, u"BEGIN"_s);
    TraceEvent& insertA = b.statement(0, 80, 90, insertSql);
    insertA.insertId = 1;
    insertA.rowsAffected = 1;
    TraceEvent& insertB = b.statement(1, 100, 300, insertSql);
    insertB.error = integrityError();
    b.lockWait(1, 105, 290, { 0 });
    b.statement(0, 200, 210, u"COMMIT"_s);
    b.statement(1, 310, 320, u"ROLLBACK"_s);
    TraceEvent& reget = b.statement(1, 330, 340, selectSql);
    reget.columns = { u"id"_s, u"user_id"_s };
    reget.rows = { { 1, u"c53b8b"_s } };
    return b.build();
}

Outcome raceUniqueOutcome()
{
    Outcome outcome;
    outcome.columns = { u"id"_s, u"user_id"_s, u"name"_s };
    outcome.rows = { { 1, u"c53b8b"_s, u"foo"_s } };
    outcome.insertedBy.insert(1, 0);
    WorkerResult created;
    created.kind = ResultKind::Created;
    created.rowId = 1;
    WorkerResult got;
    got.kind = ResultKind::Got;
    got.rowId = 1;
    got.afterIntegrityError = true;
    got.detail = u"after IntegrityError 2067, re-get"_s;
    outcome.results = { created, got };
    DuplicateGroup group;
    group.lookup = { { u"user_id"_s, u"c53b8b"_s } };
    group.lookupText = u"user_id='c53b8b'"_s;
    group.ids = { 1 };
    outcome.groups = { group };
    return outcome;
}

int eventIndex(const Trace& trace, int worker, int step, EventKind kind = EventKind::Statement)
{
    for (int i = 0; i < trace.events.size(); ++i) {
        const TraceEvent& event = trace.events.at(i);
        if (event.worker == worker && event.step == step && event.kind == kind)
            return i;
    }
    return -1;
}

} // namespace

class TestTimelineLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sequenceSlots_data();
    void sequenceSlots();
    void lanes();
    void waitBars_data();
    void waitBars();
    void arrowPointsAtTheBlocker();
    void sequenceFollowsTheCausalOrder_data();
    void sequenceFollowsTheCausalOrder();
    void hitTesting_data();
    void hitTesting();
    void labels_data();
    void labels();
    void roles_data();
    void roles();
    void badges();
    void rowMarkers();
    void tableBadgeWaitsForTheRun_data();
    void tableBadgeWaitsForTheRun();
    void multiRowInsertMarksEveryRow_data();
    void multiRowInsertMarksEveryRow();
    void emptyTrace();
    void metricsScaleTheLayout();
    void boxesSayTheValues_data();
    void boxesSayTheValues();
    void lostUpdateCycleJoinsTheRightBoxes_data();
    void lostUpdateCycleJoinsTheRightBoxes();
    void tableLaneShowsEachVersion_data();
    void tableLaneShowsEachVersion();
    void rolledBackVersionEndsInACross_data();
    void rolledBackVersionEndsInACross();
    void laneShowsTransactionStateAndIsolation_data();
    void laneShowsTransactionStateAndIsolation();
    void stateBandSpansTheTransaction();
    void stepRunDrawsTheWaitWhileItHappens_data();
    void stepRunDrawsTheWaitWhileItHappens();
};

namespace {

// counter-lost-update as the example schedules it (A,B,A,B: both read likes = 0, both write likes = 1), on `s`'s
// database.
RunResult counterRun(const Scenario& s)
{
    Runner runner(s);
    return runner.run();
}

Scenario counterScenario()
{
    ScenarioError error;
    auto scenario = Examples::loadReference(u"example:counter-lost-update"_s, &error);
    if (!scenario)
        qFatal("counter-lost-update: %s", qPrintable(error.toString()));
    return *scenario;
}

// The box of `worker`'s `nth` statement whose verb is `verb`, or -1.
int boxOf(const TimelineLayout& layout, int worker, const QString& verb, int nth = 0)
{
    for (int i = 0; i < layout.boxes().size(); ++i) {
        const auto& box = layout.boxes().at(i);
        if (box.lane == worker && layout.boxText(i).verb == verb && nth-- == 0)
            return i;
    }
    return -1;
}

QString databaseName(BackendSpec::Kind kind)
{
    return BackendSpec::kindName(kind).toLower();
}

} // namespace

void TestTimelineLayout::sequenceSlots_data()
{
    QTest::addColumn<int>("worker");
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("slot");

    QTest::newRow("a_first_select_opens_the_sequence") << 0 << 0 << 0;
    QTest::newRow("b_first_select_is_second") << 1 << 0 << 1;
    QTest::newRow("a_insert_is_fifth") << 0 << 2 << 4;
    QTest::newRow("a_commit_during_the_wait_comes_before_the_insert_it_released") << 0 << 3 << 5;
    QTest::newRow("b_insert_that_waited_comes_after_the_commit") << 1 << 2 << 6;
    QTest::newRow("b_reget_is_last") << 1 << 4 << 8;
}

void TestTimelineLayout::sequenceSlots()
{
    QFETCH(int, worker);
    QFETCH(int, step);
    QFETCH(int, slot);
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    const int index = eventIndex(layout.trace(), worker, step);
    QVERIFY(index >= 0);
    QCOMPARE(layout.slotOfEvent(index), slot);
    QCOMPARE(layout.boxes().at(slot).event, index);
    QCOMPARE(layout.boxes().at(slot).lane, worker);
    // Every slot is as wide as every other.
    QCOMPARE(layout.boxes().at(slot).rect.left(), slot * layout.metrics().slotPitch());
    QCOMPARE(layout.boxes().at(slot).rect.width(), layout.metrics().slotWidth);
}

void TestTimelineLayout::lanes()
{
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    QCOMPARE(layout.slotCount(), 9);
    QCOMPARE(layout.workerLaneCount(), 2);
    QCOMPARE(layout.lanes().size(), 3);
    QCOMPARE(layout.lanes().at(0).name, u"A"_s);
    QCOMPARE(layout.lanes().at(1).name, u"B"_s);
    QVERIFY(layout.lanes().at(2).isTable());
    QVERIFY(layout.lanes().at(0).rect.bottom() < layout.lanes().at(1).rect.top());
    QVERIFY(layout.lanes().at(1).rect.bottom() < layout.lanes().at(2).rect.top());
    // The lock wait is not a slot of its own.
    const int wait = eventIndex(layout.trace(), 1, 2, EventKind::LockWait);
    QVERIFY(wait >= 0);
    QCOMPARE(layout.slotOfEvent(wait), -1);
}

void TestTimelineLayout::waitBars_data()
{
    QTest::addColumn<Trace>("trace");
    QTest::addColumn<int>("fromSlot");
    QTest::addColumn<int>("toSlot");
    QTest::addColumn<int>("boxSlot");
    QTest::addColumn<QList<int>>("blockers");
    QTest::addColumn<QString>("label");

    QTest::newRow("insert_waits_until_the_blocker_commit")
        << raceUniqueTrace() << 5 << 5 << 6 << QList<int> { 0 } << u"waits for A · lock acquired"_s;
    {
        // Nothing takes effect while B waits: the bar takes the first part of B's own slot.
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(0, 0, 10, u"BEGIN"_s);
        b.statement(1, 20, 500, u"UPDATE t SET n = n + 1"_s);
        b.lockWait(1, 25, 490, { 0 });
        b.statement(0, 600, 610, u"COMMIT"_s);
        QTest::newRow("wait_with_nothing_between_takes_the_first_part_of_its_slot")
            << b.build() << 1 << 1 << 1 << QList<int> { 0 } << u"waits for A · lock acquired"_s;
    }
    {
        // Two statements take effect during the wait; a third after it ended.
        TraceBuilder b({ u"A"_s, u"B"_s, u"C"_s });
        b.statement(0, 0, 10, u"LOCK TABLE t"_s);
        b.statement(1, 20, 400, insertSql);
        b.lockWait(1, 21, 390, { 0, 2 });
        b.statement(2, 100, 110, u"SELECT 1"_s);
        b.statement(0, 200, 210, u"COMMIT"_s);
        b.statement(2, 500, 510, u"SELECT 2"_s);
        QTest::newRow("wait_spans_every_statement_that_took_effect_during_it")
            << b.build() << 1 << 2 << 3 << QList<int> { 0, 2 } << u"waits for A, C · lock acquired"_s;
    }
    {
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(0, 0, 100, u"BEGIN IMMEDIATE"_s);
        b.lockWait(0, 5, 90, {});
        b.statement(1, 50, 60, u"SELECT 1"_s);
        QTest::newRow("wait_without_a_known_blocker_says_so")
            << b.build() << 0 << 0 << 1 << QList<int> {} << u"waits for a lock · lock acquired"_s;
    }
}

void TestTimelineLayout::waitBars()
{
    QFETCH(Trace, trace);
    QFETCH(int, fromSlot);
    QFETCH(int, toSlot);
    QFETCH(int, boxSlot);
    QFETCH(QList<int>, blockers);
    QFETCH(QString, label);

    TimelineLayout layout;
    layout.setData(trace, Outcome());
    QCOMPARE(layout.waitBars().size(), 1);
    const auto& bar = layout.waitBars().first();
    QCOMPARE(bar.fromSlot, fromSlot);
    QCOMPARE(bar.toSlot, toSlot);
    QCOMPARE(bar.blockers, blockers);
    QCOMPARE(bar.label, label);
    QCOMPARE(layout.trace().events.at(bar.event).kind, EventKind::LockWait);
    QCOMPARE(layout.slotOfEvent(bar.statementEvent), boxSlot);
    const auto& box = layout.boxes().at(boxSlot);
    QVERIFY(box.waited);
    // The bar starts where the wait began and runs into the box of its statement, in the waiter's lane.
    QCOMPARE(bar.rect.left(), layout.slotLeft(fromSlot));
    QCOMPARE(bar.rect.right(), box.rect.left());
    if (fromSlot < boxSlot)
        QCOMPARE(box.rect.left(), layout.slotLeft(boxSlot));
    else
        QVERIFY(box.rect.width() >= layout.metrics().slotWidth / 2);
    QVERIFY(layout.lanes().at(bar.lane).rect.contains(bar.rect.center()));
    QCOMPARE(layout.arrows().size(), blockers.size());
}

void TestTimelineLayout::arrowPointsAtTheBlocker()
{
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    QCOMPARE(layout.arrows().size(), 1);
    const auto& arrow = layout.arrows().first();
    QCOMPARE(arrow.fromLane, 1);
    QCOMPARE(arrow.toLane, 0);
    QVERIFY(layout.lanes().at(1).rect.contains(arrow.from));
    QVERIFY(layout.lanes().at(0).rect.contains(arrow.to));
    QVERIFY(arrow.to.y() < arrow.from.y());
    // It leaves the wait, before the box the wait ends in.
    QVERIFY(arrow.from.x() > layout.waitBars().first().rect.left());
    QVERIFY(arrow.from.x() < layout.boxes().at(6).rect.left());
}

void TestTimelineLayout::sequenceFollowsTheCausalOrder_data()
{
    QTest::addColumn<Trace>("trace");
    QTest::addColumn<QPoint>("first"); // (worker, step) of the box that must come first
    QTest::addColumn<QPoint>("then"); // (worker, step) of the box after it
    QTest::addColumn<bool>("thenIsLast"); // `then` is the last slot (a statement still waiting)

    // The script A,B,A,B,A,B,A,B on SQLite: B's INSERT waits for A's and fails when A commits.
    QTest::newRow("wait_comes_before_the_error_it_ends_in")
        << raceUniqueTrace() << QPoint(0, 3) << QPoint(1, 2) << false;
    {
        // A server wakes B as A commits, and B's reply is recorded 5 µs before A's COMMIT reply.
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(0, 0, 10, u"BEGIN"_s);
        b.statement(1, 5, 15, u"BEGIN"_s);
        b.statement(0, 20, 30, insertSql).insertId = 1;
        b.statement(1, 40, 205, insertSql).error = integrityError();
        b.lockWait(1, 45, 204, { 0 });
        b.statement(0, 200, 210, u"COMMIT"_s);
        b.statement(1, 206, 208, u"ROLLBACK"_s);
        QTest::newRow("released_waiter_is_after_the_holders_commit")
            << b.build() << QPoint(0, 2) << QPoint(1, 1) << false;
    }
    {
        // A live step run: B's INSERT waits for A, which has run two more statements since.
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(0, 0, 10, u"BEGIN"_s);
        b.statement(1, 5, 15, u"BEGIN"_s);
        b.statement(0, 20, 30, insertSql).insertId = 1;
        b.statement(1, 40, 0, insertSql);
        b.lockWait(1, 45, 0, { 0 }).note.clear(); // a live wait has not ended: no note
        b.statement(0, 50, 60, selectSql);
        b.statement(0, 70, 80, selectSql);
        QTest::newRow("open_wait_grows_to_the_last_slot") << b.build() << QPoint(0, 3) << QPoint(1, 1) << true;
    }
    {
        // A stress trial without a lock wait: A's INSERT starts before B commits its row and fails after.
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(1, 0, 10, u"BEGIN"_s);
        b.statement(1, 12, 20, insertSql).insertId = 1;
        b.statement(0, 30, 70, insertSql).error = integrityError();
        b.statement(1, 40, 60, u"COMMIT"_s);
        QTest::newRow("integrity_error_never_before_the_row_it_hit")
            << b.build() << QPoint(1, 2) << QPoint(0, 0) << false;
    }
}

void TestTimelineLayout::sequenceFollowsTheCausalOrder()
{
    QFETCH(Trace, trace);
    QFETCH(QPoint, first);
    QFETCH(QPoint, then);
    QFETCH(bool, thenIsLast);

    TimelineLayout layout;
    layout.setData(trace, Outcome());
    const int firstBox = layout.boxOfEvent(eventIndex(layout.trace(), first.x(), first.y()));
    const int thenBox = layout.boxOfEvent(eventIndex(layout.trace(), then.x(), then.y()));
    QVERIFY(firstBox >= 0 && thenBox >= 0);
    QVERIFY2(firstBox < thenBox, qPrintable(u"%1 is not before %2"_s.arg(firstBox).arg(thenBox)));
    QVERIFY(layout.boxes().at(firstBox).rect.right() < layout.boxes().at(thenBox).rect.left());
    // Each worker's statements keep their order.
    for (int lane = 0; lane < layout.workerLaneCount(); ++lane) {
        int step = -1;
        for (const int box : layout.laneBoxes(lane)) {
            QVERIFY(layout.trace().events.at(layout.boxes().at(box).event).step > step);
            step = layout.trace().events.at(layout.boxes().at(box).event).step;
        }
    }
    // A wait ends in the box of its statement and began before what ended it.
    for (const auto& bar : layout.waitBars()) {
        const auto& box = layout.boxes().at(layout.boxOfEvent(bar.statementEvent));
        QCOMPARE(bar.rect.right(), box.rect.left());
        QVERIFY(bar.rect.left() < box.rect.left());
        if (box.slot == thenBox)
            QVERIFY(bar.rect.left() <= layout.boxes().at(firstBox).rect.left());
    }
    const auto& last = layout.boxes().at(thenBox);
    QCOMPARE(last.open, thenIsLast);
    if (thenIsLast) {
        // Still waiting: the last slot, no result, and its wait from where it began (after A's INSERT) up to it.
        QCOMPARE(thenBox, layout.slotCount() - 1);
        QCOMPARE(layout.boxText(thenBox).detail, u"no reply yet"_s);
        QCOMPARE(layout.waitBars().size(), 1);
        QCOMPARE(layout.waitBars().first().fromSlot, layout.boxOfEvent(eventIndex(layout.trace(), 0, 1)) + 1);
        QCOMPARE(layout.waitBars().first().toSlot, layout.slotCount() - 2);
        QCOMPARE(layout.waitBars().first().label, u"waits for A"_s);
    }
    // The playhead's mapping stays monotone both ways.
    double x = -1;
    for (qint64 ns = 0; ns <= layout.endNs(); ns += 1000) {
        const double now = layout.xOfTime(ns);
        QVERIFY2(now >= x, qPrintable(u"x(%1 ns) = %2 < %3"_s.arg(ns).arg(now).arg(x)));
        x = now;
    }
    qint64 t = std::numeric_limits<qint64>::min();
    for (double at = 0; at <= layout.slotLeft(layout.slotCount()); at += 7) {
        const qint64 now = layout.timeOfX(at);
        QVERIFY2(now >= t, qPrintable(u"t(%1) = %2 < %3"_s.arg(at).arg(now).arg(t)));
        t = now;
    }
}

void TestTimelineLayout::hitTesting_data()
{
    const TimelineLayout::Metrics m;
    const double pitch = m.slotPitch();
    const double laneA = m.laneHeight / 2;
    const double laneB = m.laneHeight + m.laneGap + m.laneHeight / 2;
    const double table = 2 * (m.laneHeight + m.laneGap) + m.tableLaneHeight / 2;

    QTest::addColumn<QPointF>("point");
    QTest::addColumn<int>("worker"); // -1: expect no event
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("kind"); // EventKind

    QTest::newRow("centre_of_a_first_select") << QPointF(m.slotWidth / 2, laneA) << 0 << 0 << int(EventKind::Statement);
    QTest::newRow("centre_of_b_waiting_insert")
        << QPointF(6 * pitch + m.slotWidth / 2, laneB) << 1 << 2 << int(EventKind::Statement);
    QTest::newRow("the_wait_before_the_insert_is_the_lock_wait")
        << QPointF(5 * pitch + m.slotWidth / 2, laneB) << 1 << 2 << int(EventKind::LockWait);
    QTest::newRow("a_commit_above_the_wait") << QPointF(5 * pitch + 3, laneA) << 0 << 3 << int(EventKind::Statement);
    QTest::newRow("the_row_marker_is_the_insert_that_made_the_row")
        << QPointF(4 * pitch + m.slotWidth / 2, table) << 0 << 2 << int(EventKind::Statement);
    QTest::newRow("an_empty_slot_of_lane_a") << QPointF(6 * pitch + m.slotWidth / 2, laneA) << -1 << 0 << 0;
    QTest::newRow("the_gap_between_two_slots") << QPointF(pitch - m.slotGap / 2, laneA) << -1 << 0 << 0;
    QTest::newRow("the_gap_between_two_lanes")
        << QPointF(m.slotWidth / 2, m.laneHeight + m.laneGap / 2) << -1 << 0 << 0;
    QTest::newRow("left_of_the_first_slot") << QPointF(-5, laneA) << -1 << 0 << 0;
    QTest::newRow("below_every_lane") << QPointF(m.slotWidth / 2, 10000) << -1 << 0 << 0;
}

void TestTimelineLayout::hitTesting()
{
    QFETCH(QPointF, point);
    QFETCH(int, worker);
    QFETCH(int, step);
    QFETCH(int, kind);

    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    const int expected = worker < 0 ? -1 : eventIndex(layout.trace(), worker, step, EventKind(kind));
    QCOMPARE(layout.eventAt(point), expected);
}

void TestTimelineLayout::labels_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QVariant>("insertId");
    QTest::addColumn<qint64>("rowsAffected");
    QTest::addColumn<int>("error"); // ErrorClass
    QTest::addColumn<QString>("label");

    const int none = int(ErrorClass::None);
    QTest::newRow("select_that_found_nothing")
        << selectSql << 0 << QVariant() << qint64(0) << none << u"SELECT · 0 rows"_s;
    QTest::newRow("select_that_found_one_row")
        << selectSql << 1 << QVariant() << qint64(0) << none << u"SELECT · 1 row"_s;
    QTest::newRow("select_that_found_two_rows")
        << selectSql << 2 << QVariant() << qint64(0) << none << u"SELECT · 2 rows"_s;
    QTest::newRow("insert_that_created_row_7")
        << insertSql << 0 << QVariant(7) << qint64(1) << none << u"INSERT · id 7"_s;
    QTest::newRow("insert_that_was_ignored") << u"INSERT INTO race (user_id) VALUES (?) ON CONFLICT DO NOTHING"_s << 0
                                             << QVariant() << qint64(0) << none << u"INSERT · 0 rows"_s;
    QTest::newRow("bulk_insert_of_three_rows")
        << insertSql << 0 << QVariant(9) << qint64(3) << none << u"INSERT · 3 rows"_s;
    QTest::newRow("insert_refused_by_the_unique_index")
        << insertSql << 0 << QVariant() << qint64(0) << int(ErrorClass::IntegrityError) << u"INSERT ✕ IntegrityError"_s;
    QTest::newRow("commit_that_found_the_database_locked")
        << u"COMMIT"_s << 0 << QVariant() << qint64(0) << int(ErrorClass::Busy) << u"COMMIT ✕ Busy"_s;
    QTest::newRow("update_of_one_row") << u"UPDATE counter SET n = n + 1 WHERE id = ?"_s << 0 << QVariant() << qint64(1)
                                       << none << u"UPDATE · 1 row"_s;
    QTest::newRow("begin_has_no_detail") << u"BEGIN"_s << 0 << QVariant() << qint64(0) << none << u"BEGIN"_s;
    QTest::newRow("rollback_to_savepoint_keeps_both_words")
        << u"ROLLBACK TO SAVEPOINT \"s1_x1\""_s << 0 << QVariant() << qint64(0) << none << u"ROLLBACK TO"_s;
}

void TestTimelineLayout::labels()
{
    QFETCH(QString, sql);
    QFETCH(int, rows);
    QFETCH(QVariant, insertId);
    QFETCH(qint64, rowsAffected);
    QFETCH(int, error);
    QFETCH(QString, label);

    TraceEvent event;
    event.columns = sql.startsWith(u"SELECT"_s) ? QStringList { u"id"_s } : QStringList();
    for (int i = 0; i < rows; ++i)
        event.rows.append(Row { i + 1 });
    event.insertId = insertId;
    event.rowsAffected = rowsAffected;
    event.error.cls = ErrorClass(error);
    QCOMPARE(TimelineLayout::statementLabel(sql, event), label);

    // The same label reaches the box.
    TraceBuilder b({ u"A"_s });
    TraceEvent& added = b.statement(0, 0, 10, sql);
    added.columns = event.columns;
    added.rows = event.rows;
    added.insertId = insertId;
    added.rowsAffected = rowsAffected;
    added.error = event.error;
    TimelineLayout layout;
    layout.setData(b.build(), Outcome());
    QCOMPARE(layout.boxes().size(), 1);
    QCOMPARE(layout.boxLabel(layout.boxes().first()), label);
    QCOMPARE(layout.boxes().first().error, error != int(ErrorClass::None));
}

void TestTimelineLayout::roles_data()
{
    QTest::addColumn<QString>("verb");
    QTest::addColumn<bool>("error");
    QTest::addColumn<int>("role");

    QTest::newRow("select_is_a_read") << u"SELECT"_s << false << int(Palette::Role::Select);
    QTest::newRow("insert_is_an_insert") << u"INSERT"_s << false << int(Palette::Role::Insert);
    QTest::newRow("begin_is_transaction_control") << u"BEGIN"_s << false << int(Palette::Role::Transaction);
    QTest::newRow("release_is_transaction_control") << u"RELEASE"_s << false << int(Palette::Role::Transaction);
    QTest::newRow("rollback_to_is_transaction_control") << u"ROLLBACK TO"_s << false << int(Palette::Role::Transaction);
    QTest::newRow("update_is_a_write") << u"UPDATE"_s << false << int(Palette::Role::Write);
    QTest::newRow("a_failed_select_is_an_error") << u"SELECT"_s << true << int(Palette::Role::Error);
    QTest::newRow("lock_is_something_else") << u"LOCK"_s << false << int(Palette::Role::Other);
}

void TestTimelineLayout::roles()
{
    QFETCH(QString, verb);
    QFETCH(bool, error);
    QFETCH(int, role);
    QCOMPARE(int(TimelineLayout::statementRole(verb, error)), role);
}

void TestTimelineLayout::badges()
{
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    QCOMPARE(layout.badges().size(), 3); // one per worker, one for the table
    const auto& a = layout.badges().at(0);
    const auto& b = layout.badges().at(1);
    const auto& table = layout.badges().at(2);
    QCOMPARE(a.text, u"created"_s);
    QCOMPARE(a.role, Palette::Role::Success);
    QCOMPARE(b.text, u"got (after IntegrityError)"_s);
    QCOMPARE(b.detail, u"after IntegrityError 2067, re-get"_s);
    QCOMPARE(table.text, u"1 row"_s);
    QCOMPARE(table.lane, 2);
    // At the end of each lane: after the worker's last statement.
    QVERIFY(a.rect.left() > layout.boxes().at(6).rect.right());
    QVERIFY(b.rect.left() > layout.boxes().at(8).rect.right());
    QVERIFY(layout.size().width() >= b.rect.right());

    WorkerResult multiple;
    multiple.kind = ResultKind::MultipleObjectsReturned;
    QCOMPARE(TimelineLayout::resultText(multiple), u"MultipleObjectsReturned"_s);
    multiple.afterIntegrityError = true;
    QCOMPARE(TimelineLayout::resultText(multiple), u"MultipleObjectsReturned"_s);
}

void TestTimelineLayout::rowMarkers()
{
    // Two workers both inserted: two rows, both duplicates, each marked at its own INSERT.
    TraceBuilder b({ u"A"_s, u"B"_s });
    b.statement(0, 0, 10, selectSql).columns = { u"id"_s };
    b.statement(1, 20, 30, selectSql).columns = { u"id"_s };
    TraceEvent& a = b.statement(0, 40, 50, insertSql);
    a.insertId = 1;
    a.rowsAffected = 1;
    TraceEvent& bi = b.statement(1, 60, 70, insertSql);
    bi.insertId = 2;
    bi.rowsAffected = 1;
    Outcome outcome;
    outcome.columns = { u"id"_s, u"user_id"_s };
    outcome.rows = { { 1, u"x"_s }, { 2, u"x"_s } };
    outcome.insertedBy = { { 1, 0 }, { 2, 1 } };
    DuplicateGroup group;
    group.lookupText = u"user_id='x'"_s;
    group.ids = { 1, 2 };
    outcome.groups = { group };

    TimelineLayout layout;
    layout.setData(b.build(), outcome);
    QCOMPARE(layout.rowMarkers().size(), 2);
    const auto& first = layout.rowMarkers().at(0);
    const auto& second = layout.rowMarkers().at(1);
    QCOMPARE(first.slot, 2);
    QCOMPARE(first.worker, 0);
    QCOMPARE(first.label, u"row 1 · A"_s);
    QVERIFY(first.duplicate);
    QCOMPARE(second.slot, 3);
    QCOMPARE(second.worker, 1);
    QCOMPARE(second.label, u"row 2 · B"_s);
    QVERIFY(second.duplicate);
    QVERIFY(layout.lanes().at(2).rect.contains(first.rect.center()));
    QCOMPARE(layout.badges().last().text, u"2 rows, duplicates"_s);
    QCOMPARE(layout.badges().last().role, Palette::Role::Failure);
}

void TestTimelineLayout::tableBadgeWaitsForTheRun_data()
{
    QTest::addColumn<bool>("ran");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("role");
    QTest::newRow("before_any_statement_the_table_is_not_judged")
        << false << u"not run yet"_s << int(Palette::Role::Other);
    QTest::newRow("after_the_run_the_table_is_judged") << true << u"1 row"_s << int(Palette::Role::Success);
}

void TestTimelineLayout::tableBadgeWaitsForTheRun()
{
    QFETCH(bool, ran);
    QFETCH(QString, text);
    QFETCH(int, role);
    // Step mode before its first step: the workers and an empty table, no statement yet, nothing duplicated.
    Trace trace = raceUniqueTrace();
    Outcome outcome = raceUniqueOutcome();
    if (!ran) {
        trace.events.clear();
        outcome.rows.clear();
        outcome.groups.clear();
        outcome.insertedBy.clear();
        outcome.results = { WorkerResult(), WorkerResult() };
        QVERIFY(outcome.passed()); // what made the badge green
    }
    TimelineLayout layout;
    layout.setData(trace, outcome);
    const auto& table = layout.badges().last();
    QVERIFY(layout.lanes().at(table.lane).isTable());
    QCOMPARE(table.text, text);
    QCOMPARE(int(table.role), role);
}

void TestTimelineLayout::multiRowInsertMarksEveryRow_data()
{
    QTest::addColumn<bool>("returning"); // the ids come back as rows (PostgreSQL), else the last id and a count
    QTest::newRow("multi_row_insert_marks_both_rows") << false;
    QTest::newRow("multi_row_insert_returning_marks_both_rows") << true;
}

void TestTimelineLayout::multiRowInsertMarksEveryRow()
{
    QFETCH(bool, returning);
    // bulk_create: A checks which names exist, then inserts both in one statement; B's check then finds them.
    TraceBuilder b({ u"A"_s, u"B"_s });
    b.statement(0, 0, 10, u"SELECT name FROM domain WHERE name IN (?, ?)"_s).columns = { u"name"_s };
    TraceEvent& insert = b.statement(0, 20, 30, u"INSERT INTO domain (name) VALUES (?), (?) RETURNING id"_s);
    insert.rowsAffected = 2;
    if (returning) {
        insert.columns = { u"id"_s };
        insert.rows = { { 1 }, { 2 } };
    } else {
        insert.insertId = 2;
    }
    TraceEvent& check = b.statement(1, 40, 50, u"SELECT id, name FROM domain WHERE name IN (?, ?)"_s);
    check.columns = { u"id"_s, u"name"_s };
    check.rows = { { 1, u"a"_s }, { 2, u"b"_s } };
    Outcome outcome;
    outcome.columns = { u"id"_s, u"name"_s };
    outcome.rows = { { 1, u"a"_s }, { 2, u"b"_s } };
    outcome.insertedBy = { { 1, 0 }, { 2, 0 } };

    TimelineLayout layout;
    layout.setData(b.build(), outcome);
    QCOMPARE(layout.rowMarkers().size(), 1);
    const auto& marker = layout.rowMarkers().first();
    QCOMPARE(marker.label, u"rows 1\u20132 · A"_s);
    QCOMPARE(marker.rows, (QList<int> { 0, 1 }));
    QCOMPARE(marker.slot, 1);
    QCOMPARE(marker.event, eventIndex(layout.trace(), 0, 1));
    QCOMPARE(layout.lanes().last().subtitle, u"started empty"_s);
}

void TestTimelineLayout::emptyTrace()
{
    TimelineLayout layout;
    layout.setData(Trace(), Outcome());
    QVERIFY(layout.isEmpty());
    QCOMPARE(layout.slotCount(), 0);
    QVERIFY(layout.boxes().isEmpty());
    QVERIFY(layout.waitBars().isEmpty());
    QCOMPARE(layout.eventAt(QPointF(10, 10)), -1);
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    QVERIFY(!layout.isEmpty());
    layout.clear();
    QVERIFY(layout.isEmpty());
    QCOMPARE(layout.eventAt(QPointF(10, 10)), -1);
}

void TestTimelineLayout::metricsScaleTheLayout()
{
    TimelineLayout::Metrics metrics;
    metrics.slotWidth = 60;
    metrics.slotGap = 4;
    TimelineLayout layout(metrics);
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    QCOMPARE(layout.boxes().at(5).rect.left(), 5 * 64.0);
    metrics.slotWidth = 100;
    layout.setMetrics(metrics);
    QCOMPARE(layout.boxes().at(5).rect.left(), 5 * 104.0);
    QCOMPARE(layout.boxes().at(5).rect.width(), 100.0);
}

void TestTimelineLayout::boxesSayTheValues_data()
{
    QTest::addColumn<int>("worker");
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("values");
    test::addDatabaseColumn();
    for (const BackendSpec::Kind kind : test::allDatabases()) {
        const QString on = u"_on_"_s + databaseName(kind);
        QTest::newRow(qPrintable(u"a_select_read_likes_0"_s + on))
            << 0 << u"SELECT"_s << u"read likes = 0"_s << int(kind);
        QTest::newRow(qPrintable(u"b_select_read_likes_0_too"_s + on))
            << 1 << u"SELECT"_s << u"read likes = 0"_s << int(kind);
        QTest::newRow(qPrintable(u"a_update_wrote_likes_1"_s + on))
            << 0 << u"UPDATE"_s << u"wrote likes = 1"_s << int(kind);
        QTest::newRow(qPrintable(u"b_update_wrote_likes_1_too"_s + on))
            << 1 << u"UPDATE"_s << u"wrote likes = 1"_s << int(kind);
    }
}

void TestTimelineLayout::boxesSayTheValues()
{
    QFETCH(int, worker);
    QFETCH(QString, verb);
    QFETCH(QString, values);
    QFETCH(int, database);
    REQUIRE_DATABASE(s, counterScenario(), BackendSpec::Kind(database));
    const RunResult result = counterRun(s);
    QVERIFY2(result.ok(), qPrintable(result.error));
    TimelineLayout layout;
    layout.setData(result.trace, result.outcome, &s);
    const int box = boxOf(layout, worker, verb);
    QVERIFY2(box >= 0, qPrintable(result.trace.sequence().join(u'\n')));
    QCOMPARE(layout.boxText(box).values, values);
    // A statement that neither read nor wrote a row says nothing more than its label.
    const int commit = boxOf(layout, worker, u"COMMIT"_s);
    if (commit >= 0)
        QCOMPARE(layout.boxText(commit).values, QString());
}

void TestTimelineLayout::lostUpdateCycleJoinsTheRightBoxes_data()
{
    test::addDatabaseColumn();
    for (const BackendSpec::Kind kind : test::allDatabases())
        QTest::newRow(qPrintable(u"lost_update_on_"_s + databaseName(kind))) << int(kind);
}

void TestTimelineLayout::lostUpdateCycleJoinsTheRightBoxes()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, counterScenario(), BackendSpec::Kind(database));
    const RunResult result = counterRun(s);
    QVERIFY2(result.ok(), qPrintable(result.error));
    TimelineLayout layout;
    layout.setData(result.trace, result.outcome, &s);
    const auto& anomalies = result.outcome.anomalies;
    const auto lost = std::find_if(
        anomalies.cbegin(), anomalies.cend(), [](const Anomaly& a) { return a.kind == AnomalyKind::LostUpdate; });
    QVERIFY2(lost != anomalies.cend(), qPrintable(result.outcome.verdict()));
    const int index = int(lost - anomalies.cbegin());
    QVERIFY(!lost->cycle.isEmpty());

    const QList<TimelineLayout::CycleEdge> edges = layout.cycleEdges(index);
    QCOMPARE(edges.size(), lost->cycle.size());
    QSet<int> kinds;
    for (const auto& edge : edges) {
        const Dependency& d = lost->cycle.at(edge.dependency);
        QCOMPARE(edge.kind, d.kind);
        kinds.insert(int(d.kind));
        const auto& from = layout.boxes().at(edge.fromBox);
        const auto& to = layout.boxes().at(edge.toBox);
        QCOMPARE(from.event, d.fromEvent);
        QCOMPARE(to.event, d.toEvent);
        // Between the two workers' lanes, and each kind from the statement that makes it: an rw edge leaves the
        // SELECT that read what the other's UPDATE replaced; ww and wr leave an UPDATE.
        QCOMPARE(from.lane, d.fromWorker);
        QCOMPARE(to.lane, d.toWorker);
        QVERIFY(from.lane != to.lane);
        const QString fromVerb = layout.boxText(edge.fromBox).verb;
        const QString toVerb = layout.boxText(edge.toBox).verb;
        if (d.kind == Dependency::Kind::RW)
            QCOMPARE(fromVerb, u"SELECT"_s);
        else
            QCOMPARE(fromVerb, u"UPDATE"_s);
        if (d.kind == Dependency::Kind::WR)
            QCOMPARE(toVerb, u"SELECT"_s);
        else
            QCOMPARE(toVerb, u"UPDATE"_s);
        // The curve starts and ends on the boxes' facing edges and runs through the gap between the lanes.
        const bool down = to.rect.center().y() > from.rect.center().y();
        QCOMPARE(edge.from.y(), down ? from.rect.bottom() : from.rect.top());
        QCOMPARE(edge.to.y(), down ? to.rect.top() : to.rect.bottom());
        QVERIFY(edge.from.x() >= from.rect.left() && edge.from.x() <= from.rect.right());
        QVERIFY(edge.to.x() >= to.rect.left() && edge.to.x() <= to.rect.right());
        const double top = std::min(from.rect.bottom(), to.rect.bottom());
        const double bottom = std::max(from.rect.top(), to.rect.top());
        QVERIFY2(edge.middle.y() >= top && edge.middle.y() <= bottom,
            qPrintable(u"middle %1 outside %2..%3"_s.arg(edge.middle.y()).arg(top).arg(bottom)));
    }
    QVERIFY2(kinds.contains(int(Dependency::Kind::RW)), "a lost update's cycle has an rw edge");
    // Its boxes, for the frames, are those of the edges.
    QVERIFY(layout.cycleBoxes(index).size() >= 2);
    QVERIFY(layout.cycleEdges(-1).isEmpty());
    QVERIFY(layout.cycleEdges(int(anomalies.size())).isEmpty());
}

void TestTimelineLayout::tableLaneShowsEachVersion_data()
{
    test::addDatabaseColumn();
    for (const BackendSpec::Kind kind : test::allDatabases())
        QTest::newRow(qPrintable(u"two_versions_of_the_post_on_"_s + databaseName(kind))) << int(kind);
}

void TestTimelineLayout::tableLaneShowsEachVersion()
{
    QFETCH(int, database);
    REQUIRE_DATABASE(s, counterScenario(), BackendSpec::Kind(database));
    const RunResult result = counterRun(s);
    QVERIFY2(result.ok(), qPrintable(result.error));
    TimelineLayout layout;
    layout.setData(result.trace, result.outcome, &s);
    const auto& markers = layout.versionMarkers();
    QCOMPARE(markers.size(), 2);
    const QRectF table = layout.lanes().constLast().rect;
    for (int i = 0; i < markers.size(); ++i) {
        const auto& marker = markers.at(i);
        const StatementValues::Version& version = result.outcome.values.versions.at(marker.version);
        QCOMPARE(version.values, u"likes = 1"_s);
        QCOMPARE(version.row, qint64(1));
        QVERIFY(!marker.aborted);
        // Written by each worker's UPDATE, and committed (at its COMMIT, or at once in autocommit).
        QCOMPARE(layout.boxes().at(marker.writeBox).lane, i);
        QCOMPARE(layout.boxText(marker.writeBox).verb, u"UPDATE"_s);
        QVERIFY(marker.endBox >= marker.writeBox);
        QVERIFY(table.contains(marker.write));
        QVERIFY(layout.versionText(i).contains(u"likes = 1"_s));
        QVERIFY(layout.versionText(i).contains(u"committed"_s));
        QCOMPARE(layout.hitTest(marker.write.center()).kind, TimelineLayout::Hit::Kind::Version);
    }
    // The row markers keep the lane's upper part, the versions the band below them.
    for (const auto& row : layout.rowMarkers())
        QVERIFY(row.rect.bottom() <= markers.constFirst().band.top());
}

void TestTimelineLayout::rolledBackVersionEndsInACross_data()
{
    test::addDatabaseColumn();
    for (const BackendSpec::Kind kind : test::allDatabases())
        QTest::newRow(qPrintable(u"rollback_then_autocommit_on_"_s + databaseName(kind))) << int(kind);
}

// One sql worker: BEGIN, UPDATE likes = 5, ROLLBACK, then UPDATE likes = 7 in autocommit. The first version ends in
// a cross at the ROLLBACK, the second is committed at its own write.
void TestTimelineLayout::rolledBackVersionEndsInACross()
{
    QFETCH(int, database);
    Scenario scenario = counterScenario();
    WorkerSpec worker;
    worker.name = u"A"_s;
    worker.recipe = u"sql"_s;
    for (const QString& sql : { u"begin;"_s, u"update post set likes = 5 where id = 1;"_s, u"rollback;"_s,
             u"update post set likes = 7 where id = 1;"_s }) {
        SqlStatementSpec statement;
        statement.sql = sql;
        worker.statements.append(statement);
    }
    scenario.workers = { worker };
    scenario.schedule.mode = ScheduleSpec::Mode::Script;
    scenario.schedule.script = { u"A"_s, u"A"_s, u"A"_s, u"A"_s };
    REQUIRE_DATABASE(s, scenario, BackendSpec::Kind(database));
    const RunResult result = counterRun(s);
    QVERIFY2(result.ok(), qPrintable(result.error));
    TimelineLayout layout;
    layout.setData(result.trace, result.outcome, &s);
    const auto& markers = layout.versionMarkers();
    QCOMPARE(markers.size(), 2);
    const auto& rolledBack = markers.at(0);
    QVERIFY(rolledBack.aborted);
    QCOMPARE(layout.boxText(rolledBack.writeBox).verb, u"UPDATE"_s);
    QCOMPARE(layout.boxText(rolledBack.endBox).verb, u"ROLLBACK"_s);
    QCOMPARE(result.outcome.values.versions.at(rolledBack.version).values, u"likes = 5"_s);
    QVERIFY(layout.versionText(0).contains(u"rolled back"_s));
    const auto& kept = markers.at(1);
    QVERIFY(!kept.aborted);
    QCOMPARE(kept.endBox, kept.writeBox); // autocommit: committed at its own write
    QCOMPARE(result.outcome.values.versions.at(kept.version).values, u"likes = 7"_s);
    QCOMPARE(layout.boxText(kept.writeBox).values, u"wrote likes = 7"_s);
    // Overlapping spans take tracks of their own; these two do not overlap.
    QCOMPARE(layout.versionTracks(), 1);
}

void TestTimelineLayout::laneShowsTransactionStateAndIsolation_data()
{
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<bool>("aborts"); // B's transaction is aborted by its IntegrityError until its ROLLBACK
    test::addDatabaseColumn();
    QTest::newRow("aborted_after_an_integrity_error_on_postgresql")
        << u"read committed"_s << true << int(BackendSpec::Kind::Postgresql);
    QTest::newRow("still_in_the_transaction_after_the_error_on_mysql")
        << u"repeatable read"_s << false << int(BackendSpec::Kind::Mysql);
    QTest::newRow("still_in_the_transaction_after_the_error_on_sqlite")
        << u"serializable"_s << false << int(BackendSpec::Kind::Sqlite);
}

void TestTimelineLayout::laneShowsTransactionStateAndIsolation()
{
    QFETCH(QString, isolation);
    QFETCH(bool, aborts);
    QFETCH(int, database);
    ScenarioError error;
    const auto example = Examples::loadReference(u"example:race-unique"_s, &error);
    QVERIFY2(example, qPrintable(error.toString()));
    REQUIRE_DATABASE(s, *example, BackendSpec::Kind(database));
    Runner runner(s);
    const RunResult result = runner.run();
    QVERIFY2(result.ok(), qPrintable(result.error));
    const TransactionStates& states = result.outcome.transactions;
    QCOMPARE(states.isolation, isolation);
    QCOMPARE(states.workers.size(), 2);

    using State = TransactionStates::State;
    const auto statementOf = [&](int worker, const QString& verb, int nth = 0) {
        for (int i = 0; i < result.trace.events.size(); ++i) {
            const TraceEvent& e = result.trace.events.at(i);
            if (e.kind == EventKind::Statement && e.worker == worker && statementVerb(result.trace.sql(e)) == verb
                && nth-- == 0)
                return i;
        }
        return -1;
    };
    const QString trace = result.trace.sequence().join(u'\n');
    // Idle between the autocommit statements around the transaction: get()'s SELECT, and B's re-get.
    QCOMPARE(states.after(0, statementOf(0, u"SELECT"_s)), State::Idle);
    QCOMPARE(states.after(1, statementOf(1, u"SELECT"_s)), State::Idle);
    QCOMPARE(states.after(1, statementOf(1, u"SELECT"_s, 1)), State::Idle);
    // A: BEGIN (Django on MySQL: SET autocommit=0), INSERT, COMMIT.
    const int begin = statementOf(0, u"BEGIN"_s) >= 0 ? statementOf(0, u"BEGIN"_s) : statementOf(0, u"SET"_s);
    QVERIFY2(begin >= 0, qPrintable(trace));
    QCOMPARE(states.after(0, begin), State::InTransaction);
    QCOMPARE(states.after(0, statementOf(0, u"INSERT"_s)), State::InTransaction);
    QCOMPARE(states.after(0, statementOf(0, u"COMMIT"_s)), State::Idle);
    // B: its INSERT fails on the unique index inside its transaction.
    const int insertB = statementOf(1, u"INSERT"_s);
    QVERIFY2(
        insertB >= 0 && result.trace.events.at(insertB).error.cls == ErrorClass::IntegrityError, qPrintable(trace));
    QCOMPARE(states.after(1, insertB), aborts ? State::Aborted : State::InTransaction);
    QCOMPARE(states.after(1, statementOf(1, u"ROLLBACK"_s)), State::Idle);

    // The lanes: the recipe and the level, and a band per state.
    TimelineLayout layout;
    layout.setData(result.trace, result.outcome, &s);
    QCOMPARE(layout.lanes().at(0).subtitle, u"django_get_or_create · "_s + isolation);
    QList<State> bandsOfB;
    for (const auto& band : layout.stateBands())
        if (band.lane == 1)
            bandsOfB.append(band.state);
    QCOMPARE(bandsOfB,
        aborts ? (QList<State> { State::InTransaction, State::Aborted }) : (QList<State> { State::InTransaction }));
}

void TestTimelineLayout::stateBandSpansTheTransaction()
{
    // On PostgreSQL: B's BEGIN, its INSERT that fails, a SELECT refused as the transaction is aborted, ROLLBACK.
    TraceBuilder b({ u"A"_s, u"B"_s });
    b.statement(0, 0, 10, selectSql);
    b.statement(1, 20, 30, u"BEGIN"_s);
    b.statement(1, 40, 50, insertSql).error = integrityError();
    b.statement(1, 60, 70, selectSql).error = { ErrorClass::Other, 0, u"25P02"_s, u"current transaction is aborted"_s };
    b.statement(1, 80, 90, u"ROLLBACK"_s);
    b.statement(0, 100, 110, selectSql);
    const Trace trace = b.build();
    Scenario s;
    s.backend.kind = BackendSpec::Kind::Postgresql;
    Outcome outcome;
    outcome.transactions = TransactionStates::of(s, trace);
    QCOMPARE(outcome.transactions.isolation, u"read committed"_s);

    TimelineLayout layout;
    layout.setData(trace, outcome);
    QCOMPARE(layout.stateBands().size(), 2);
    const auto& inTransaction = layout.stateBands().at(0);
    const auto& aborted = layout.stateBands().at(1);
    const auto box = [&](int worker, int step) {
        return layout.boxes().at(layout.boxOfEvent(eventIndex(trace, worker, step))).rect;
    };
    QCOMPARE(inTransaction.state, TransactionStates::State::InTransaction);
    QCOMPARE(inTransaction.rect.left(), box(1, 0).left()); // from its BEGIN
    QCOMPARE(inTransaction.rect.right(), box(1, 1).left()); // to the error
    QCOMPARE(aborted.state, TransactionStates::State::Aborted);
    QCOMPARE(aborted.rect.left(), box(1, 1).left());
    QCOMPARE(aborted.rect.right(), box(1, 3).right()); // through the ROLLBACK
    // Thin, in B's lane under its boxes.
    QVERIFY(layout.lanes().at(1).rect.contains(aborted.rect));
    QVERIFY(aborted.rect.top() >= box(1, 1).bottom());
    QVERIFY(aborted.rect.height() <= layout.metrics().boxInset);
    // A's lane (idle throughout) has none, and without a scenario the subtitle is the level alone.
    QCOMPARE(layout.lanes().at(0).subtitle, u"read committed"_s);
}

void TestTimelineLayout::stepRunDrawsTheWaitWhileItHappens_data()
{
    test::addDatabaseColumn();
    for (const BackendSpec::Kind kind : test::allDatabases())
        QTest::newRow(qPrintable(u"b_waits_for_a_on_"_s + databaseName(kind))) << int(kind);
}

void TestTimelineLayout::stepRunDrawsTheWaitWhileItHappens()
{
    QFETCH(int, database);
    ScenarioError error;
    const auto example = Examples::loadReference(u"example:race-unique"_s, &error);
    QVERIFY2(example, qPrintable(error.toString()));
    REQUIRE_DATABASE(s, *example, BackendSpec::Kind(database));
    StepRun run(s);
    QString startError;
    QVERIFY2(run.start(&startError), qPrintable(startError));
    // The keys 1,2,1,2,1,2: both SELECTs, both BEGINs, A's INSERT, then B's INSERT, which waits for A.
    for (const int w : { 0, 1, 0, 1, 0, 1 })
        QVERIFY(run.step(w));
    const auto picture = [&](const RunResult& result, const QString& name) {
        const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        TimelineExporter::Options options;
        options.width = 1280;
        TimelineExporter exporter(result, options);
        QString writeError;
        const QString path = dir + u"/"_s + name + u"-"_s + databaseName(BackendSpec::Kind(database)) + u".png"_s;
        QVERIFY2(exporter.write(path, &writeError), qPrintable(writeError));
        qInfo("picture: %s", qPrintable(path));
    };

    const RunResult waiting = run.snapshot();
    picture(waiting, u"step-run-b-waits"_s);
    TimelineLayout layout;
    layout.setData(waiting.trace, waiting.outcome, &s);
    // B's lane is not empty: its INSERT, in flight at the last slot, and the wait for A that runs up to it.
    const int last = layout.slotCount() - 1;
    QCOMPARE(layout.boxes().at(last).lane, 1);
    QVERIFY(layout.boxes().at(last).open);
    QCOMPARE(layout.boxText(last).verb, u"INSERT"_s);
    QCOMPARE(layout.boxText(last).detail, u"no reply yet"_s);
    QCOMPARE(layout.waitBars().size(), 1);
    const auto& bar = layout.waitBars().first();
    QCOMPARE(bar.lane, 1);
    QCOMPARE(bar.blockers, QList<int> { 0 });
    QCOMPARE(bar.label, u"waits for A"_s);
    QCOMPARE(bar.rect.right(), layout.boxes().at(last).rect.left());

    // A commits: B's INSERT fails on the row A committed, drawn after A's COMMIT, its wait before it.
    QVERIFY(run.step(0));
    const RunResult released = run.snapshot();
    picture(released, u"step-run-b-released"_s);
    layout.setData(released.trace, released.outcome, &s);
    QCOMPARE(layout.waitBars().size(), 1);
    const int insertB = layout.boxOfEvent(layout.waitBars().first().statementEvent);
    const int commitA = boxOf(layout, 0, u"COMMIT"_s);
    QVERIFY(commitA >= 0);
    QVERIFY(!layout.boxes().at(insertB).open);
    QVERIFY(layout.boxes().at(insertB).error);
    QVERIFY2(commitA < insertB, qPrintable(u"COMMIT at %1, the error at %2"_s.arg(commitA).arg(insertB)));
    QVERIFY(layout.waitBars().first().rect.right() <= layout.boxes().at(insertB).rect.left());
    QVERIFY(layout.waitBars().first().rect.left() <= layout.boxes().at(commitA).rect.left());
    // The exported picture's legend explains the lanes' bands it shows: B's transaction is aborted on PostgreSQL.
    const TimelineExporter exporter(released, TimelineExporter::Options());
    const QStringList legend = exporter.legendTexts();
    QVERIFY2(legend.contains(u"band under a lane: in a transaction"_s), qPrintable(legend.join(u" | "_s)));
    QCOMPARE(legend.contains(u"band under a lane: transaction aborted by an error (until ROLLBACK)"_s),
        BackendSpec::Kind(database) == BackendSpec::Kind::Postgresql);
}

QTEST_MAIN(TestTimelineLayout)
#include "tst_timelinelayout.moc"
