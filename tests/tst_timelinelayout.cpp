// SPDX-License-Identifier: MIT
#include "examples.h"
#include "runner.h"
#include "testdatabases.h"
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
    void hitTesting_data();
    void hitTesting();
    void labels_data();
    void labels();
    void roles_data();
    void roles();
    void badges();
    void rowMarkers();
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
    QTest::newRow("b_waiting_insert_keeps_its_start_slot") << 1 << 2 << 5;
    QTest::newRow("a_commit_during_the_wait_gets_the_next_slot") << 0 << 3 << 6;
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
    QTest::addColumn<QList<int>>("blockers");
    QTest::addColumn<QString>("label");

    QTest::newRow("insert_waits_until_the_blocker_commit")
        << raceUniqueTrace() << 5 << 6 << QList<int> { 0 } << u"waits for A · lock acquired"_s;
    {
        // Nobody else starts a statement while B waits: the bar stays under B's own box.
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(0, 0, 10, u"BEGIN"_s);
        b.statement(1, 20, 500, u"UPDATE t SET n = n + 1"_s);
        b.lockWait(1, 25, 490, { 0 });
        b.statement(0, 600, 610, u"COMMIT"_s);
        QTest::newRow("wait_with_no_other_statement_stays_in_its_slot")
            << b.build() << 1 << 1 << QList<int> { 0 } << u"waits for A · lock acquired"_s;
    }
    {
        // Two statements start during the wait; a third starts after it ended.
        TraceBuilder b({ u"A"_s, u"B"_s, u"C"_s });
        b.statement(0, 0, 10, u"LOCK TABLE t"_s);
        b.statement(1, 20, 400, insertSql);
        b.lockWait(1, 21, 390, { 0, 2 });
        b.statement(2, 100, 110, u"SELECT 1"_s);
        b.statement(0, 200, 210, u"COMMIT"_s);
        b.statement(2, 500, 510, u"SELECT 2"_s);
        QTest::newRow("wait_spans_every_statement_that_started_during_it")
            << b.build() << 1 << 3 << QList<int> { 0, 2 } << u"waits for A, C · lock acquired"_s;
    }
    {
        TraceBuilder b({ u"A"_s, u"B"_s });
        b.statement(0, 0, 100, u"BEGIN IMMEDIATE"_s);
        b.lockWait(0, 5, 90, {});
        b.statement(1, 50, 60, u"SELECT 1"_s);
        QTest::newRow("wait_without_a_known_blocker_says_so")
            << b.build() << 0 << 1 << QList<int> {} << u"waits for a lock · lock acquired"_s;
    }
}

void TestTimelineLayout::waitBars()
{
    QFETCH(Trace, trace);
    QFETCH(int, fromSlot);
    QFETCH(int, toSlot);
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
    QCOMPARE(layout.slotOfEvent(bar.statementEvent), fromSlot);
    QVERIFY(layout.boxes().at(fromSlot).waited);
    // The bar starts at the waiting box and ends with the last slot of the wait, in the waiter's lane.
    QCOMPARE(bar.rect.left(), layout.slotLeft(fromSlot));
    QCOMPARE(bar.rect.right(), layout.slotLeft(toSlot) + layout.metrics().slotWidth);
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
    // It leaves the part of the wait that the box does not cover.
    QVERIFY(arrow.from.x() > layout.boxes().at(5).rect.right());
    QVERIFY(arrow.from.x() < layout.waitBars().first().rect.right());
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
        << QPointF(5 * pitch + m.slotWidth / 2, laneB) << 1 << 2 << int(EventKind::Statement);
    QTest::newRow("the_visible_part_of_the_wait_is_the_lock_wait")
        << QPointF(6 * pitch + m.slotWidth / 2, laneB) << 1 << 2 << int(EventKind::LockWait);
    QTest::newRow("a_commit_above_the_wait") << QPointF(6 * pitch + 3, laneA) << 0 << 3 << int(EventKind::Statement);
    QTest::newRow("the_row_marker_is_the_insert_that_made_the_row")
        << QPointF(4 * pitch + m.slotWidth / 2, table) << 0 << 2 << int(EventKind::Statement);
    QTest::newRow("an_empty_slot_of_lane_a") << QPointF(5 * pitch + m.slotWidth / 2, laneA) << -1 << 0 << 0;
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

QTEST_GUILESS_MAIN(TestTimelineLayout)
#include "tst_timelinelayout.moc"
