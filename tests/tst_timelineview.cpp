// SPDX-License-Identifier: MIT
// The timeline widget: the axis toggle, zooming (keys, Ctrl+wheel around the mouse, Shift+drag), panning by drag,
// and what its tooltips say. Screenshots of each state when INTERLEAVE_SCREENSHOT_DIR is set.
#include "scenario.h"
#include "screenshots.h"
#include "timelinepainter.h"
#include "timelinetestdata.h"
#include "timelineview.h"
#include "zoomstack.h"

#include <QAction>
#include <QDir>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTest>
#include <QWheelEvent>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::testdata;

namespace {

void send(QWidget* target, QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::MouseButtons buttons,
    Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent event(type, pos, target->mapToGlobal(pos), button, buttons, modifiers);
    QCoreApplication::sendEvent(target, &event);
}

void drag(QWidget* target, QPoint from, QPoint to, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    send(target, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, modifiers);
    send(target, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton, modifiers);
    send(target, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton, modifiers);
    send(target, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, modifiers);
}

// A longer race: 12 rounds of get_or_create for two workers, so there is something to zoom into and pan across.
Trace longTrace()
{
    TraceBuilder b({ u"A"_s, u"B"_s });
    qint64 t = 0;
    for (int round = 0; round < 12; ++round) {
        for (int w = 0; w < 2; ++w) {
            b.statement(w, t, t + 8, selectSql).columns = { u"id"_s, u"user_id"_s };
            t += 10 + round;
        }
        for (int w = 0; w < 2; ++w) {
            TraceEvent& insert = b.statement(w, t, t + 5, insertSql);
            insert.insertId = round * 2 + w + 1;
            insert.rowsAffected = 1;
            t += 7;
        }
    }
    return b.build();
}

} // namespace

class TestTimelineView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void axisToggle();
    void zoomKeys();
    void fitWholeRun_data();
    void fitWholeRun();
    void laneNamesAreWhole_data();
    void laneNamesAreWhole();
    void ctrlWheelZoomsAroundTheMouse();
    void dragPans();
    void shiftDragZoomsToTheStretch();
    void tooltipsSayEverything();

private:
    TimelineView* m_view = nullptr;
};

void TestTimelineView::init()
{
    m_view = new TimelineView;
    m_view->resize(1000, 320);
    m_view->show();
    m_view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_view));
    m_view->setData(raceUniqueTrace(), raceUniqueOutcome());
}

void TestTimelineView::cleanup()
{
    delete m_view;
    m_view = nullptr;
}

void TestTimelineView::axisToggle()
{
    QCOMPARE(m_view->axis(), TimelineLayout::Axis::Sequence);
    screenshot(*m_view, u"timeline-sequence"_s);
    QTest::keyClick(m_view, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(m_view->axis(), TimelineLayout::Axis::Time);
    QVERIFY(m_view->timeAxisAction()->isChecked());
    // The whole run fits: B's INSERT, 200 of the run's 340 µs, is most of the width.
    const auto& layout = m_view->timelineLayout();
    const int insert = layout.slotOfEvent(eventIndex(layout.trace(), 1, 2));
    const QRectF wait = layout.waitBars().first().rect;
    QVERIFY(wait.width() > layout.boxes().at(insert).rect.width() * 5);
    QCOMPARE(m_view->horizontalScrollBar()->maximum(), 0);
    screenshot(*m_view, u"timeline-time"_s);
    m_view->setColors(Palette(Palette::Theme::Dark));
    m_view->setPlayhead(150'000);
    screenshot(*m_view, u"timeline-time-dark-playhead"_s);
    m_view->setPlayhead(TimelinePainter::noPlayhead);

    // What an exporter asks for: the visible stretch and the options, with the colours just set.
    QCOMPARE(m_view->visibleLayoutRect().left(), 0.0);
    QCOMPARE(m_view->paintOptions().palette.theme(), Palette::Theme::Dark);
    QCOMPARE(m_view->paintOptions().hoverEvent, -1);
    m_view->timeAxisAction()->trigger();
    QCOMPARE(m_view->axis(), TimelineLayout::Axis::Sequence);
}

void TestTimelineView::zoomKeys()
{
    m_view->setData(longTrace(), Outcome());
    ZoomStack* zoom = m_view->zoomStack();
    const double pitch = m_view->timelineLayout().metrics().slotPitch();
    QTest::keyClick(m_view, Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(zoom->depth(), 1);
    QVERIFY(m_view->timelineLayout().metrics().slotPitch() > pitch * 1.5);
    screenshot(*m_view, u"timeline-zoomed"_s);
    QTest::keyClick(m_view, Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(zoom->depth(), 2);
    QTest::keyClick(m_view, Qt::Key_Left, Qt::AltModifier); // back
    QCOMPARE(zoom->depth(), 1);
    QTest::keyClick(m_view, Qt::Key_0, Qt::ControlModifier); // Fit Whole Run
    QVERIFY(!zoom->isZoomed());
    // 48 statements do not fit at a readable width in 1000 px: they scrolled, and now all are in view.
    QVERIFY(m_view->timelineLayout().metrics().slotPitch() < pitch);
    QCOMPARE(m_view->horizontalScrollBar()->maximum(), 0);
}

void TestTimelineView::fitWholeRun_data()
{
    QTest::addColumn<int>("rounds"); // of longTrace()-like get_or_create pairs: 4 statements each
    QTest::addColumn<bool>("time");
    QTest::newRow("ctrl_0_fits_48_statements_that_scroll") << 12 << false;
    QTest::newRow("ctrl_0_fits_a_thousand_statements") << 250 << false;
    QTest::newRow("ctrl_0_on_the_time_axis_shows_it_all_from_the_start") << 250 << true;
}

void TestTimelineView::fitWholeRun()
{
    QFETCH(int, rounds);
    QFETCH(bool, time);
    TraceBuilder b({ u"A"_s, u"B"_s });
    qint64 t = 0;
    for (int round = 0; round < rounds; ++round) {
        for (int w = 0; w < 2; ++w) {
            b.statement(w, t, t + 8, selectSql).columns = { u"id"_s, u"user_id"_s };
            t += 10;
        }
        for (int w = 0; w < 2; ++w) {
            TraceEvent& insert = b.statement(w, t, t + 5, insertSql);
            insert.insertId = round * 2 + w + 1;
            insert.rowsAffected = 1;
            t += 7;
        }
    }
    m_view->setData(b.build(), Outcome());
    if (time)
        m_view->setAxis(TimelineLayout::Axis::Time);
    ZoomStack* zoom = m_view->zoomStack();
    QScrollBar* bar = m_view->horizontalScrollBar();
    QVERIFY(!zoom->isZoomed());
    QVERIFY(zoom->resetAction()->isEnabled()); // not zoomed, and still Ctrl+0 has something to do
    QCOMPARE(zoom->resetAction()->text(), u"&Fit Whole Run"_s);
    if (!time)
        QVERIFY2(bar->maximum() > 0, "too long to fit at a legible width: it scrolls");
    bar->setValue(bar->maximum() / 2);
    QTest::keyClick(m_view, Qt::Key_0, Qt::ControlModifier);
    QVERIFY(!zoom->isZoomed());
    QVERIFY(zoom->fitsWhole());
    QCOMPARE(bar->maximum(), 0);
    QCOMPARE(bar->value(), 0);
    // Every statement in the slots' area, left of the results' column, which is not pinned.
    TimelinePainter painter(m_view->timelineLayout(), m_view->paintOptions());
    painter.setFrame(m_view->viewport()->size(), QPointF(bar->value(), 0));
    QVERIFY(!painter.resultColumnPinned());
    for (const auto& box : m_view->timelineLayout().boxes()) {
        const QPointF left = painter.mapFromLayout(box.rect.topLeft());
        QVERIFY(left.x() >= painter.headerWidth() - 0.5);
        QVERIFY2(left.x() + box.rect.width() <= painter.resultColumnX() + 0.5,
            qPrintable(u"%1 > %2"_s.arg(left.x() + box.rect.width()).arg(painter.resultColumnX())));
    }
    screenshot(*m_view, u"timeline-fit-whole-run-%1"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
    // Zooming in and all the way back out is the whole run again; a new run starts readable.
    QTest::keyClick(m_view, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(zoom->isZoomed());
    QTest::keyClick(m_view, Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(bar->maximum(), 0);
    m_view->setData(raceUniqueTrace(), raceUniqueOutcome());
    QVERIFY(!zoom->fitsWhole());
}

void TestTimelineView::laneNamesAreWhole_data()
{
    QTest::addColumn<double>("pointSize");
    QTest::addColumn<int>("width");
    QTest::newRow("default_font_at_1000_px") << 0.0 << 1000;
    QTest::newRow("presenter_font_at_1600_px") << 20.0 << 1600;
    QTest::newRow("presenter_font_at_1000_px") << 20.0 << 1000;
}

void TestTimelineView::laneNamesAreWhole()
{
    QFETCH(double, pointSize);
    QFETCH(int, width);
    Scenario scenario;
    scenario.table.name = u"race"_s;
    for (const QString& name : { u"A"_s, u"B"_s }) {
        WorkerSpec worker;
        worker.name = name;
        worker.recipe = u"django_get_or_create"_s;
        scenario.workers.append(worker);
    }
    if (pointSize > 0) {
        QFont font = m_view->font();
        font.setPointSizeF(pointSize);
        m_view->setFont(font);
    }
    m_view->resize(width, 500);
    m_view->setData(raceUniqueTrace(), raceUniqueOutcome(), &scenario);
    TimelinePainter painter(m_view->timelineLayout(), m_view->paintOptions());
    painter.setFrame(m_view->viewport()->size(), QPointF());
    const QFontMetricsF bold(painter.boldFont());
    const QFontMetricsF small(painter.smallFont());
    for (const auto& lane : m_view->timelineLayout().lanes()) {
        // On one line, name and recipe, with the column's margins (10 left, 8 right).
        // (The table lane's header always has two lines.)
        const double need = lane.isTable()
            ? std::max(bold.horizontalAdvance(lane.name), small.horizontalAdvance(lane.subtitle)) + 18
            : bold.horizontalAdvance(lane.name + u"  "_s) + small.horizontalAdvance(lane.subtitle) + 18;
        QVERIFY2(painter.headerWidth() >= need,
            qPrintable(u"%1 %2: %3 < %4"_s.arg(lane.name, lane.subtitle).arg(painter.headerWidth()).arg(need)));
    }
    screenshot(*m_view, u"timeline-lane-names-%1"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
}

void TestTimelineView::ctrlWheelZoomsAroundTheMouse()
{
    m_view->setData(longTrace(), Outcome());
    for (const bool time : { false, true }) {
        m_view->setAxis(time ? TimelineLayout::Axis::Time : TimelineLayout::Axis::Sequence);
        const QPoint pos(500, 80);
        const double before = m_view->timelineLayout().axisValueOfX(m_view->mapToLayout(pos).x());
        for (int i = 0; i < 3; ++i) {
            QWheelEvent wheel(pos, m_view->viewport()->mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt::NoButton,
                Qt::ControlModifier, Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(m_view->viewport(), &wheel);
        }
        QCOMPARE(m_view->zoomStack()->depth(), 1); // one turn of the wheel, one step back
        const double after = m_view->timelineLayout().axisValueOfX(m_view->mapToLayout(pos).x());
        // The same step (or time) under the mouse, within a pixel.
        const double pixel = m_view->timelineLayout().axisValueOfX(1) - m_view->timelineLayout().axisValueOfX(0);
        QVERIFY2(std::abs(after - before) <= 1.5 * pixel, qPrintable(u"%1 -> %2"_s.arg(before).arg(after)));
        m_view->zoomStack()->reset();
    }
}

void TestTimelineView::dragPans()
{
    m_view->setData(longTrace(), Outcome());
    m_view->zoomStack()->zoomIn();
    QScrollBar* bar = m_view->horizontalScrollBar();
    QVERIFY(bar->maximum() > 200);
    const int start = bar->value();
    drag(m_view->viewport(), QPoint(500, 100), QPoint(380, 100));
    QCOMPARE(bar->value(), start + 120);
}

void TestTimelineView::shiftDragZoomsToTheStretch()
{
    m_view->setData(longTrace(), Outcome());
    const QPoint from(300, 100);
    const QPoint to(420, 100);
    const double start = m_view->timelineLayout().axisValueOfX(m_view->mapToLayout(from).x());
    const double end = m_view->timelineLayout().axisValueOfX(m_view->mapToLayout(to).x());
    drag(m_view->viewport(), from, to, Qt::ShiftModifier);
    QCOMPARE(m_view->zoomStack()->depth(), 1);
    QCOMPARE(m_view->zoomStack()->current().start, start);
    QCOMPARE(m_view->zoomStack()->current().end, end);
    // What is visible now is that stretch.
    const ZoomRange visible = m_view->visibleAxisRange();
    QVERIFY2(std::abs(visible.start - start) < 0.05 && std::abs(visible.end - end) < 0.05,
        qPrintable(u"%1..%2 shows %3..%4"_s.arg(start).arg(end).arg(visible.start).arg(visible.end)));
}

void TestTimelineView::tooltipsSayEverything()
{
    const auto& layout = m_view->timelineLayout();
    // B's failed INSERT: the whole SQL, its parameters, the error class, code and message.
    const int insert = eventIndex(layout.trace(), 1, 2);
    Trace trace = layout.trace();
    trace.events[insert].params = { u"c53b8b"_s, u"foo"_s };
    m_view->setData(trace, raceUniqueOutcome());
    const QString failed = m_view->eventToolTip(insert);
    for (const QString& part :
        { u"INSERT INTO &quot;race&quot; (&quot;user_id&quot;, &quot;name&quot;) VALUES (?, ?)"_s, u"'c53b8b'"_s,
            u"IntegrityError"_s, u"2067"_s, u"UNIQUE constraint failed: race.user_id"_s, u"waited"_s })
        QVERIFY2(failed.contains(part), qPrintable(part + u" not in "_s + failed));
    // B's re-get: the rows it returned, columns and values.
    const QString reget = m_view->eventToolTip(eventIndex(layout.trace(), 1, 4));
    for (const QString& part : { u"LIMIT 21"_s, u"returned 1 row"_s, u"user_id"_s, u"c53b8b"_s })
        QVERIFY2(reget.contains(part), qPrintable(part + u" not in "_s + reget));
    // A's INSERT: the id it got.
    const QString created = m_view->eventToolTip(eventIndex(layout.trace(), 0, 2));
    QVERIFY2(created.contains(u"inserted id 1"_s), qPrintable(created));
    // And the same words on the time axis, from where the box is drawn.
    m_view->setAxis(TimelineLayout::Axis::Time);
    const QRectF box = layout.boxes().at(layout.slotOfEvent(insert)).rect;
    const QString hovered = m_view->toolTipAt(m_view->mapFromLayout(box.center()).toPoint());
    QVERIFY2(hovered.contains(u"UNIQUE constraint failed"_s), qPrintable(hovered));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
