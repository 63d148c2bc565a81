// SPDX-License-Identifier: MIT
// Replaying a run: the Playback's positions under a clock the test moves by hand (no sleeps), the rows and log
// lines that existed at a playhead, and the playback toolbar driving the timeline and the two tables.
#include "logmodel.h"
#include "playback.h"
#include "playbackbar.h"
#include "rowsmodel.h"
#include "screenshots.h"
#include "timebounds.h"
#include "timelinetestdata.h"
#include "timelineview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QHBoxLayout>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::testdata;

namespace {

// race-unique plus a row the table started with (id 7: no INSERT in the trace).
Outcome outcomeWithStartingRow()
{
    Outcome outcome = raceUniqueOutcome();
    outcome.rows.prepend({ 7, u"old"_s, u"bar"_s });
    return outcome;
}

} // namespace

class TestPlayback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void positionsUnderAClock_data();
    void positionsUnderAClock();
    void aRunStartsAtItsEnd();
    void steps();
    void speedAndScrubbingAreClamped();

    void rowsAtTime_data();
    void rowsAtTime();
    void aMultiRowInsertShowsEveryRowAtOnce();
    void logRowsAtTime_data();
    void logRowsAtTime();

    void toolbarDrivesTimelineAndTables();
};

void TestPlayback::positionsUnderAClock_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<qint64>("wallMs");
    QTest::addColumn<qint64>("position");
    QTest::addColumn<bool>("playing");

    // A 10 ms run: at 1× it plays in 10 s, a millisecond of trace per second of wall time.
    QTest::newRow("a_second_at_1x_plays_a_tenth") << 1.0 << qint64(1000) << qint64(1'000'000) << true;
    QTest::newRow("half_a_second_at_2x_plays_as_much") << 2.0 << qint64(500) << qint64(1'000'000) << true;
    QTest::newRow("a_second_at_a_tenth_plays_a_hundredth") << 0.1 << qint64(1000) << qint64(100'000) << true;
    QTest::newRow("past_the_end_stops_there") << 10.0 << qint64(2000) << qint64(10'000'000) << false;
}

void TestPlayback::positionsUnderAClock()
{
    QFETCH(double, speed);
    QFETCH(qint64, wallMs);
    QFETCH(qint64, position);
    QFETCH(bool, playing);
    qint64 now = 5'000'000'000;
    Playback playback;
    playback.setClock([&now] { return now; });
    playback.setRun(0, 10'000'000);
    playback.setSpeed(speed);
    QSignalSpy moved(&playback, &Playback::positionChanged);
    playback.play();
    QCOMPARE(playback.position(), 0); // from the end, Play starts over
    // Frames of a sixtieth of a second, as the frame clock would tick (fractions carried, not lost).
    const qint64 frame = 16'666'667;
    const qint64 wall = wallMs * 1'000'000;
    for (qint64 elapsed = 0; elapsed < wall;) {
        const qint64 step = std::min(frame, wall - elapsed);
        now += step;
        elapsed += step;
        playback.advance();
    }
    QVERIFY(std::abs(playback.position() - position) <= 1);
    QCOMPARE(playback.isPlaying(), playing);
    QVERIFY(moved.size() > 1);
}

void TestPlayback::aRunStartsAtItsEnd()
{
    Playback playback;
    QSignalSpy moved(&playback, &Playback::positionChanged);
    playback.setRun(0, 4000, { 0, 1000, 2000 });
    QCOMPARE(playback.position(), 4000);
    QVERIFY(playback.atEnd());
    QVERIFY(!playback.isPlaying());
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.last().at(0).toLongLong(), 4000);
}

void TestPlayback::steps()
{
    Playback playback;
    playback.setRun(0, 100, { 30, 10, 20, 20 }); // any order, duplicates once
    playback.stepBackward();
    QCOMPARE(playback.position(), 30);
    playback.stepBackward();
    QCOMPARE(playback.position(), 20);
    playback.stepForward();
    QCOMPARE(playback.position(), 30);
    playback.stepForward();
    QCOMPARE(playback.position(), 100); // past the last event: the end
    playback.setPosition(15);
    playback.stepBackward();
    QCOMPARE(playback.position(), 10);
    playback.stepBackward();
    QCOMPARE(playback.position(), 0); // before the first event: the start
    // A step while playing pauses.
    playback.play();
    QVERIFY(playback.isPlaying());
    playback.stepForward();
    QVERIFY(!playback.isPlaying());
    QCOMPARE(playback.position(), 10);
}

void TestPlayback::speedAndScrubbingAreClamped()
{
    Playback playback;
    playback.setRun(1000, 2000);
    playback.setSpeed(100);
    QCOMPARE(playback.speed(), Playback::maxSpeed);
    playback.setSpeed(0);
    QCOMPARE(playback.speed(), Playback::minSpeed);
    playback.setPosition(-5);
    QCOMPARE(playback.position(), 1000);
    playback.setPosition(99999);
    QCOMPARE(playback.position(), 2000);
    playback.clear();
    QVERIFY(playback.isEmpty());
    playback.play(); // nothing to play
    QVERIFY(!playback.isPlaying());
}

void TestPlayback::rowsAtTime_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QList<bool>>("shown"); // the starting row 7, then row 1 (A's INSERT, 80-90 µs)

    QTest::newRow("at_the_start_only_the_starting_row") << qint64(0) << QList<bool> { true, false };
    QTest::newRow("while_the_insert_runs_not_yet") << qint64(85'000) << QList<bool> { true, false };
    QTest::newRow("once_the_insert_ended_the_row_is_there") << qint64(90'000) << QList<bool> { true, true };
    QTest::newRow("at_the_end_every_row") << qint64(340'000) << QList<bool> { true, true };
}

void TestPlayback::rowsAtTime()
{
    QFETCH(qint64, ns);
    QFETCH(QList<bool>, shown);
    TimelineLayout layout;
    const Outcome outcome = outcomeWithStartingRow();
    layout.setData(raceUniqueTrace(), outcome);
    QCOMPARE(interleave::rowsAtTime(layout, int(outcome.rows.size()), ns), shown);
}

void TestPlayback::aMultiRowInsertShowsEveryRowAtOnce()
{
    // bulk_create: one INSERT makes rows 1 and 2 (20-30 µs); under the playhead both come and go together.
    TraceBuilder b({ u"A"_s });
    TraceEvent& insert = b.statement(0, 20, 30, u"INSERT INTO domain (name) VALUES (?), (?)"_s);
    insert.rowsAffected = 2;
    insert.insertId = 2;
    Outcome outcome;
    outcome.columns = { u"id"_s, u"name"_s };
    outcome.rows = { { 1, u"a"_s }, { 2, u"b"_s } };
    outcome.insertedBy = { { 1, 0 }, { 2, 0 } };
    TimelineLayout layout;
    layout.setData(b.build(), outcome);
    QCOMPARE(interleave::rowsAtTime(layout, 2, 25'000), (QList<bool> { false, false }));
    QCOMPARE(interleave::rowsAtTime(layout, 2, 30'000), (QList<bool> { true, true }));
}

void TestPlayback::logRowsAtTime_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<int>("lines");

    QTest::newRow("before_anything_nothing") << qint64(-1) << 0;
    QTest::newRow("the_first_select_starts_at_zero") << qint64(0) << 1;
    QTest::newRow("between_b_select_and_a_begin") << qint64(25'000) << 2;
    QTest::newRow("during_b_wait") << qint64(150'000) << 6;
    QTest::newRow("after_the_last") << qint64(1'000'000) << 9;
}

void TestPlayback::logRowsAtTime()
{
    QFETCH(qint64, ns);
    QFETCH(int, lines);
    LogModel log;
    QAbstractItemModelTester tester(&log);
    log.setTrace(raceUniqueTrace());
    QCOMPARE(interleave::logRowsAtTime(log, ns), lines);
}

void TestPlayback::toolbarDrivesTimelineAndTables()
{
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* timeline = new TimelineView(&window);
    auto* tables = new QHBoxLayout;
    auto* rowsView = new QTableView(&window);
    auto* logView = new QTableView(&window);
    RowsModel rows;
    LogModel log;
    QAbstractItemModelTester rowsTester(&rows);
    QAbstractItemModelTester logTester(&log);
    rowsView->setModel(&rows);
    logView->setModel(&log);
    auto* bar = new PlaybackBar(timeline, rowsView, logView, &window);
    layout->addWidget(bar);
    layout->addWidget(timeline, 1);
    tables->addWidget(rowsView);
    tables->addWidget(logView, 2);
    layout->addLayout(tables);
    window.resize(1100, 560);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window)); // window shortcuts need an active window
    QVERIFY(!bar->playAction()->isEnabled()); // no run yet

    const Trace trace = raceUniqueTrace();
    const Outcome outcome = outcomeWithStartingRow();
    timeline->setData(trace, outcome);
    rows.setOutcome(outcome, trace.workers);
    log.setTrace(trace);
    Playback* playback = bar->playback();
    QVERIFY(bar->playAction()->isEnabled());
    QVERIFY(playback->atEnd());
    QCOMPARE(timeline->playhead(), TimelinePainter::noPlayhead); // nothing changes until someone plays

    // Scrub to the middle of A's INSERT: the row it inserts is not there yet, five statements have started.
    playback->setPosition(85'000);
    QCOMPARE(timeline->playhead(), 85'000);
    QVERIFY(!rowsView->isRowHidden(0));
    QVERIFY(rowsView->isRowHidden(1));
    for (int r = 0; r < log.rowCount(); ++r)
        QCOMPARE(logView->isRowHidden(r), r >= 5);
    screenshot(window, u"playhead-mid-run"_s);

    // Step forward to the INSERT's end: the row appears.
    bar->stepForwardAction()->trigger();
    QCOMPARE(playback->position(), 90'000);
    QVERIFY(!rowsView->isRowHidden(1));

    // Space plays (from here), and again pauses.
    timeline->setFocus();
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(playback->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(playback->position() > 90'000, interleave::test::boundMs(2000)); // the frame clock
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!playback->isPlaying());

    // The end shows everything again.
    playback->toEnd();
    QCOMPARE(timeline->playhead(), TimelinePainter::noPlayhead);
    for (int r = 0; r < log.rowCount(); ++r)
        QVERIFY(!logView->isRowHidden(r));
    QVERIFY(!rowsView->isRowHidden(1));

    // A new run starts at its end even when the last one was scrubbed.
    playback->setPosition(10'000);
    timeline->setData(trace, outcome);
    QVERIFY(playback->atEnd());
    for (int r = 0; r < log.rowCount(); ++r)
        QVERIFY(!logView->isRowHidden(r));
}

QTEST_MAIN(TestPlayback)
#include "tst_playback.moc"
