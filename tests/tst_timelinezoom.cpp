// SPDX-License-Identifier: MIT
// The timeline's widget-free maths at size: the time mapping, the zoom history, the level-of-detail reduction,
// hit-testing and the painter's output.
#include "timelinelayout.h"
#include "timelinelod.h"
#include "timelinepainter.h"
#include "timelinetestdata.h"
#include "timescale.h"
#include "zoomstack.h"

#include <QAction>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace interleave;
using namespace interleave::testdata;

Q_DECLARE_METATYPE(interleave::ZoomRange)

namespace {

// One lane on the time axis at 1 px per 100 µs, no minimum width: every box is exactly where its times say.
TimelineLayout timeLayout(const Trace& trace, double pixelsPerNs = 1e-5)
{
    TimelineLayout::Metrics metrics;
    metrics.pixelsPerNs = pixelsPerNs;
    metrics.minBoxWidth = 0;
    TimelineLayout layout(metrics);
    layout.setAxis(TimelineLayout::Axis::Time);
    layout.setData(trace, Outcome());
    return layout;
}

} // namespace

class TestTimelineZoom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timeScaleMaps_data();
    void timeScaleMaps();
    void timeScaleZoomKeepsTheAnchor_data();
    void timeScaleZoomKeepsTheAnchor();
    void timeScaleClampsItsZoom();

    void sequencePlayheadX_data();
    void sequencePlayheadX();
    void timeAxisPlacesBoxesByTime();

    void zoomStackHistory();
    void zoomStackClamps_data();
    void zoomStackClamps();
    void zoomStackWheelCoalesces();
    void zoomStackActions();

    void lodRectCounts_data();
    void lodRectCounts();
    void lodNeverDrawsAColumnTwice();
    void lodCullsAMillionQuickly();

    void hitTest_data();
    void hitTest();

    void painterNaturalSizeAndPixels();
    void painterFadesAfterThePlayhead();
};

void TestTimelineZoom::timeScaleMaps_data()
{
    QTest::addColumn<qint64>("origin");
    QTest::addColumn<double>("pixelsPerNs");
    QTest::addColumn<double>("ns");
    QTest::addColumn<double>("x");

    QTest::newRow("origin_maps_to_zero") << qint64(1000) << 0.01 << 1000.0 << 0.0;
    QTest::newRow("one_microsecond_at_a_pixel_per_ten_ns") << qint64(0) << 0.1 << 1000.0 << 100.0;
    QTest::newRow("before_the_origin_is_negative") << qint64(5000) << 0.001 << 4000.0 << -1.0;
    QTest::newRow("one_second_at_a_pixel_per_millisecond") << qint64(0) << 1e-6 << 1e9 << 1000.0;
}

void TestTimelineZoom::timeScaleMaps()
{
    QFETCH(qint64, origin);
    QFETCH(double, pixelsPerNs);
    QFETCH(double, ns);
    QFETCH(double, x);
    const TimeScale scale(origin, pixelsPerNs);
    QCOMPARE(scale.mapTimeToX(ns), x);
    QCOMPARE(scale.mapXToTime(x), ns);
}

void TestTimelineZoom::timeScaleZoomKeepsTheAnchor_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("anchorX");

    QTest::newRow("twice_as_close_at_the_left") << 2.0 << 0.0;
    QTest::newRow("twice_as_close_in_the_middle") << 2.0 << 500.0;
    QTest::newRow("a_wheel_notch_out_at_the_right") << 0.8 << 990.0;
    QTest::newRow("a_hundred_times_closer") << 100.0 << 123.0;
}

void TestTimelineZoom::timeScaleZoomKeepsTheAnchor()
{
    QFETCH(double, factor);
    QFETCH(double, anchorX);
    const TimeScale scale = TimeScale::fitting(0, 1'000'000, 1000);
    const double time = scale.mapXToTime(anchorX);
    const double moved = scale.xAfterZoom(anchorX, factor);
    QCOMPARE(scale.zoomed(factor).mapXToTime(moved), time);
    QCOMPARE(moved, anchorX * factor);
}

void TestTimelineZoom::timeScaleClampsItsZoom()
{
    const TimeScale scale(0, 1);
    QCOMPARE(scale.zoomed(1000).pixelsPerNs(), TimeScale::maxPixelsPerNs);
    QCOMPARE(scale.zoomed(1e-12).pixelsPerNs(), TimeScale::minPixelsPerNs);
    QCOMPARE(TimeScale::fitting(100, 100, 500).pixelsPerNs(), std::min(500.0, TimeScale::maxPixelsPerNs));
    QCOMPARE(scale.width(0.5, 3), 3.0); // a short statement keeps its minimum width
    QCOMPARE(scale.width(5, 3), 5.0);
}

void TestTimelineZoom::sequencePlayheadX_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<double>("x");

    // race-unique: A's SELECT 0-10 µs in slot 0, B's SELECT 20-30 µs in slot 1; slot pitch 128, width 120.
    QTest::newRow("the_first_start_is_the_left_edge") << qint64(0) << 0.0;
    QTest::newRow("half_way_through_a_statement_is_half_its_box") << qint64(5000) << 60.0;
    QTest::newRow("half_way_to_the_next_start_is_half_the_gap") << qint64(15000) << 124.0;
    QTest::newRow("the_next_start_is_the_next_slot") << qint64(20000) << 128.0;
}

void TestTimelineZoom::sequencePlayheadX()
{
    QFETCH(qint64, ns);
    QFETCH(double, x);
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    QCOMPARE(layout.xOfTime(ns), x);
    QCOMPARE(layout.timeOfX(x), ns);
}

void TestTimelineZoom::timeAxisPlacesBoxesByTime()
{
    TimelineLayout::Metrics metrics;
    metrics.pixelsPerNs = 0.01; // 10 px per µs
    metrics.minBoxWidth = 3;
    TimelineLayout layout(metrics);
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    layout.setAxis(TimelineLayout::Axis::Time);
    // A's first SELECT runs 0-10 µs: 0-100 px. B's BEGIN (60-70 µs) is 600-700 px.
    QCOMPARE(layout.boxes().at(0).rect.left(), 0.0);
    QCOMPARE(layout.boxes().at(0).rect.width(), 100.0);
    QCOMPARE(layout.boxes().at(3).rect.left(), 600.0);
    // B's INSERT (100-300 µs) waited 105-290 µs: the hatched wait runs from its start to 2900 px, the box after.
    const int insert = layout.slotOfEvent(eventIndex(layout.trace(), 1, 2));
    QCOMPARE(layout.waitBars().size(), 1);
    QCOMPARE(layout.waitBars().first().rect.left(), 1000.0);
    QCOMPARE(layout.waitBars().first().rect.right(), 2900.0);
    QCOMPARE(layout.boxes().at(insert).rect.left(), 2900.0);
    QCOMPARE(layout.boxes().at(insert).rect.right(), 3000.0);
    QCOMPARE(layout.xOfTime(150'000), 1500.0);
    QCOMPARE(layout.axisLength(), 340'000.0);
    // Back to the sequence: the same slots as before.
    layout.setAxis(TimelineLayout::Axis::Sequence);
    QCOMPARE(layout.boxes().at(3).rect.left(), 3 * layout.metrics().slotPitch());
}

void TestTimelineZoom::zoomStackHistory()
{
    ZoomStack zoom;
    zoom.setLength(100);
    QSignalSpy changed(&zoom, &ZoomStack::zoomChanged);
    QVERIFY(!zoom.isZoomed());
    zoom.zoomTo({ 10, 20 });
    zoom.zoomTo({ 12, 14 });
    QCOMPARE(zoom.depth(), 2);
    QCOMPARE(zoom.current(), (ZoomRange { 12, 14 }));
    zoom.back();
    QCOMPARE(zoom.current(), (ZoomRange { 10, 20 }));
    zoom.reset();
    QVERIFY(!zoom.isZoomed());
    QVERIFY(zoom.current().isNull());
    QCOMPARE(changed.size(), 4);
    QVERIFY(changed.last().at(0).value<ZoomRange>().isNull());
    // Zooming to everything is the same as a reset, and says nothing when already there.
    zoom.zoomTo({ 0, 100 });
    QCOMPARE(changed.size(), 4);
}

void TestTimelineZoom::zoomStackClamps_data()
{
    QTest::addColumn<ZoomRange>("asked");
    QTest::addColumn<ZoomRange>("shown");

    QTest::newRow("inside_the_run_is_kept") << ZoomRange { 10, 30 } << ZoomRange { 10, 30 };
    QTest::newRow("before_the_start_slides_right") << ZoomRange { -5, 5 } << ZoomRange { 0, 10 };
    QTest::newRow("past_the_end_slides_left") << ZoomRange { 95, 105 } << ZoomRange { 90, 100 };
    QTest::newRow("backwards_is_turned_round") << ZoomRange { 30, 10 } << ZoomRange { 10, 30 };
    QTest::newRow("too_short_grows_around_its_middle") << ZoomRange { 50, 50.1 } << ZoomRange { 49.55, 50.55 };
    QTest::newRow("longer_than_the_run_is_the_whole_run") << ZoomRange { -10, 200 } << ZoomRange {};
}

void TestTimelineZoom::zoomStackClamps()
{
    QFETCH(ZoomRange, asked);
    QFETCH(ZoomRange, shown);
    ZoomStack zoom;
    zoom.setLength(100);
    zoom.setMinimumLength(1);
    zoom.zoomTo(asked);
    QCOMPARE(zoom.current().start, shown.start);
    QCOMPARE(zoom.current().end, shown.end);
}

void TestTimelineZoom::zoomStackWheelCoalesces()
{
    ZoomStack zoom;
    zoom.setLength(1000);
    zoom.setVisible({ 0, 1000 });
    // Three wheel notches around 250: one step of history, the anchor stays at a quarter of the range.
    for (int i = 0; i < 3; ++i) {
        zoom.zoomAround(250, 2, true);
        zoom.setVisible(zoom.current());
    }
    QCOMPARE(zoom.depth(), 1);
    QCOMPARE(zoom.current(), (ZoomRange { 218.75, 343.75 }));
    zoom.zoomIn(); // a menu zoom is a step of its own
    QCOMPARE(zoom.depth(), 2);
    QCOMPARE(zoom.current(), (ZoomRange { 250, 312.5 }));
    zoom.back();
    zoom.back();
    QVERIFY(!zoom.isZoomed());
}

void TestTimelineZoom::zoomStackActions()
{
    ZoomStack zoom;
    QVERIFY(!zoom.zoomInAction()->isEnabled()); // no run yet
    zoom.setLength(100);
    QVERIFY(zoom.zoomInAction()->isEnabled());
    QVERIFY(!zoom.zoomOutAction()->isEnabled());
    QVERIFY(!zoom.backAction()->isEnabled());
    QVERIFY(!zoom.zoomToSelectionAction()->isEnabled());
    QCOMPARE(zoom.zoomInAction()->shortcut(), QKeySequence(QKeySequence::ZoomIn));
    QCOMPARE(zoom.resetAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));
    zoom.zoomInAction()->trigger();
    QCOMPARE(zoom.current(), (ZoomRange { 25, 75 }));
    QVERIFY(zoom.zoomOutAction()->isEnabled() && zoom.backAction()->isEnabled() && zoom.resetAction()->isEnabled());
    zoom.setSelection({ 40, 45 });
    QVERIFY(zoom.zoomToSelectionAction()->isEnabled());
    zoom.zoomToSelectionAction()->trigger();
    QCOMPARE(zoom.current(), (ZoomRange { 40, 45 }));
    zoom.resetAction()->trigger();
    QVERIFY(!zoom.isZoomed());
}

void TestTimelineZoom::lodRectCounts_data()
{
    QTest::addColumn<QList<qint64>>("startsUs"); // one lane; statements alternate SELECT and INSERT
    QTest::addColumn<qint64>("durationUs");
    QTest::addColumn<int>("selectRects");
    QTest::addColumn<int>("insertRects");
    QTest::addColumn<int>("columns"); // pixel columns drawn in all

    // 1 px per 100 µs.
    QTest::newRow("ten_statements_in_one_column_are_one_rect_of_the_first")
        << QList<qint64> { 0, 5, 10, 15, 20, 25, 30, 35, 40, 45 } << qint64(4) << 1 << 0 << 1;
    QTest::newRow("two_columns_apart_keep_their_own_colours")
        << QList<qint64> { 0, 5, 10, 500, 505, 510 } << qint64(4) << 1 << 1 << 2;
    QTest::newRow("wide_statements_are_a_rect_each")
        << QList<qint64> { 0, 6000, 12000 } << qint64(5000) << 2 << 1 << 150;
    QTest::newRow("touching_columns_of_one_colour_join")
        << QList<qint64> { 0, 20, 100, 120, 200, 220 } << qint64(10) << 1 << 0 << 3;
    QTest::newRow("statements_past_the_visible_range_are_culled")
        << QList<qint64> { 0, 200000 } << qint64(10) << 1 << 0 << 1;
}

void TestTimelineZoom::lodRectCounts()
{
    QFETCH(QList<qint64>, startsUs);
    QFETCH(qint64, durationUs);
    QFETCH(int, selectRects);
    QFETCH(int, insertRects);
    QFETCH(int, columns);
    TraceBuilder b({ u"A"_s });
    // Touching columns join only within one colour: the "touching" row pairs statements in a column, the first of
    // each pair a SELECT, so each column is SELECT-coloured.
    for (int i = 0; i < startsUs.size(); ++i)
        b.statement(0, startsUs.at(i), startsUs.at(i) + durationUs, i % 2 ? insertSql : selectSql);
    const TimelineLayout layout = timeLayout(b.build());
    TimelineLod lod;
    lod.reduce(layout, QRectF(0, 0, 1000, 100));
    QCOMPARE(lod.rects(Palette::Role::Select).size(), selectRects);
    QCOMPARE(lod.rects(Palette::Role::Insert).size(), insertRects);
    QCOMPARE(lod.rectCount(), selectRects + insertRects);
    int drawn = 0;
    for (const QRect& rect : lod.rects(Palette::Role::Select))
        drawn += rect.width();
    for (const QRect& rect : lod.rects(Palette::Role::Insert))
        drawn += rect.width();
    QCOMPARE(drawn, columns);
}

void TestTimelineZoom::lodNeverDrawsAColumnTwice()
{
    // Four lanes of random statements, many per pixel, on both axes and at several zooms.
    TraceBuilder b({ u"A"_s, u"B"_s, u"C"_s, u"D"_s });
    QRandomGenerator random(7);
    QList<qint64> clock(4, 0);
    const QStringList sqls = { selectSql, insertSql, u"BEGIN"_s, u"COMMIT"_s };
    for (int i = 0; i < 20000; ++i) {
        const int w = int(random.bounded(4));
        const qint64 start = clock[w] + random.bounded(1, 40);
        const qint64 end = start + random.bounded(1, 60);
        b.statement(w, start, end, sqls.at(random.bounded(4)));
        clock[w] = end;
    }
    const Trace trace = b.build();
    for (const double pixelsPerNs : { 1e-6, 1e-5, 1e-4, 1e-3 }) {
        TimelineLayout layout = timeLayout(trace, pixelsPerNs);
        for (const auto axis : { TimelineLayout::Axis::Time, TimelineLayout::Axis::Sequence }) {
            layout.setAxis(axis);
            TimelineLod lod;
            lod.reduce(layout, QRectF(0, 0, 1600, layout.size().height()));
            QList<QRect> all;
            for (int r = 0; r < int(Palette::Role::Count_); ++r)
                all += lod.rects(Palette::Role(r));
            QVERIFY(!all.isEmpty());
            for (int lane = 0; lane < 4; ++lane) {
                QList<QRect> inLane;
                for (const QRect& rect : std::as_const(all)) {
                    if (layout.laneAt(rect.center().y()) == lane)
                        inLane.append(rect);
                }
                std::sort(inLane.begin(), inLane.end(), [](const QRect& a, const QRect& c) { return a.x() < c.x(); });
                for (int i = 1; i < inLane.size(); ++i)
                    QVERIFY2(inLane.at(i).x() >= inLane.at(i - 1).x() + inLane.at(i - 1).width(),
                        qPrintable(u"lane %1 draws column %2 twice at %3 px/ns"_s.arg(lane)
                                       .arg(inLane.at(i).x())
                                       .arg(pixelsPerNs)));
                QVERIFY(inLane.size() <= 1600);
            }
        }
    }
}

void TestTimelineZoom::lodCullsAMillionQuickly()
{
    // Zoomed in on a stretch of a long lane, the reduction looks at the boxes there, not at all of them.
    TraceBuilder b({ u"A"_s });
    for (int i = 0; i < 200000; ++i)
        b.statement(0, i * 10, i * 10 + 5, selectSql);
    TimelineLayout layout = timeLayout(b.build(), 1e-3); // 1 px per µs: 2,000,000 px of run
    TimelineLod lod;
    lod.reduce(layout, QRectF(1'000'000, 0, 1600, 100));
    QCOMPARE(lod.rects(Palette::Role::Select).size(), 161); // a 5-px box every 10 px, the last cut at the edge
    QVERIFY(lod.culledCount() <= 2);
    const auto [first, last] = layout.laneBoxRange(0, 1'000'000, 1'001'600);
    QVERIFY2(last - first <= 162, qPrintable(QString::number(last - first)));
}

void TestTimelineZoom::hitTest_data()
{
    QTest::addColumn<bool>("time");
    QTest::addColumn<QPointF>("point");
    QTest::addColumn<double>("tolerance");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("slot"); // for a box

    const int box = int(TimelineLayout::Hit::Kind::Box);
    const int wait = int(TimelineLayout::Hit::Kind::WaitBar);
    const int none = int(TimelineLayout::Hit::Kind::None);
    // Sequence: slot pitch 128, lanes 46 high with 6 between; A's SELECT is slot 0 in lane 0.
    QTest::newRow("sequence_inside_a_box") << false << QPointF(60, 20) << 0.0 << box << 0;
    QTest::newRow("sequence_in_the_gap_is_nothing") << false << QPointF(124, 20) << 0.0 << none << -1;
    QTest::newRow("sequence_in_the_gap_with_tolerance_is_the_nearest") << false << QPointF(122, 20) << 3.0 << box << 0;
    QTest::newRow("sequence_wait_bar_before_its_box")
        << false << QPointF(5 * 128 + 60, 46 + 6 + 23) << 0.0 << wait << -1;
    QTest::newRow("sequence_below_the_lanes_is_nothing") << false << QPointF(60, 1000) << 0.0 << none << -1;
    // Time at 10 px per µs: B's INSERT 100-300 µs waited 105-290 µs.
    QTest::newRow("time_inside_the_wait") << true << QPointF(2000, 75) << 0.0 << wait << -1;
    QTest::newRow("time_after_the_wait_is_the_statement") << true << QPointF(2950, 75) << 0.0 << box << 6;
    QTest::newRow("time_between_statements_is_nothing") << true << QPointF(150, 20) << 0.0 << none << -1;
}

void TestTimelineZoom::hitTest()
{
    QFETCH(bool, time);
    QFETCH(QPointF, point);
    QFETCH(double, tolerance);
    QFETCH(int, kind);
    QFETCH(int, slot);
    TimelineLayout::Metrics metrics;
    metrics.pixelsPerNs = 0.01;
    TimelineLayout layout(metrics);
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    if (time)
        layout.setAxis(TimelineLayout::Axis::Time);
    const auto hit = layout.hitTest(point, tolerance);
    QCOMPARE(int(hit.kind), kind);
    if (hit.kind == TimelineLayout::Hit::Kind::Box)
        QCOMPARE(layout.boxes().at(hit.index).slot, slot);
}

void TestTimelineZoom::painterNaturalSizeAndPixels()
{
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    TimelinePainter::Options options;
    options.palette = Palette(Palette::Theme::Light);
    options.headerColumn = false;
    options.axis = false;
    TimelinePainter painter(layout, options);
    QCOMPARE(painter.headerWidth(), 0);
    QCOMPARE(painter.axisHeight(), 0);
    const QSizeF natural = painter.naturalSize();
    QCOMPARE(natural.width(), std::ceil(layout.size().width()) + 12);
    QImage image(natural.toSize(), QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    painter.paint(p, image.rect(), 0);
    p.end();
    // Without a header or an axis, layout units are image pixels.
    // Bottom right corners: clear of the labels.
    const QPoint select = layout.boxes().at(0).rect.bottomRight().toPoint() - QPoint(3, 3);
    QCOMPARE(image.pixelColor(select), options.palette.color(Palette::Role::Select));
    const QPoint insert = layout.boxes().at(4).rect.bottomRight().toPoint() - QPoint(3, 3);
    QCOMPARE(image.pixelColor(insert), options.palette.color(Palette::Role::Insert));

    // With both, everything moves right and down by their size; a font scale makes them bigger.
    options.headerColumn = true;
    options.axis = true;
    painter.setOptions(options);
    const int header = painter.headerWidth();
    const int axis = painter.axisHeight();
    QVERIFY(header > 0 && axis > 0);
    QCOMPARE(painter.naturalSize(), natural + QSizeF(header, axis));
    options.fontScale = 2;
    painter.setOptions(options);
    QVERIFY(painter.axisHeight() > axis);
}

void TestTimelineZoom::painterFadesAfterThePlayhead()
{
    TimelineLayout layout;
    layout.setData(raceUniqueTrace(), raceUniqueOutcome());
    TimelinePainter::Options options;
    options.headerColumn = false;
    options.axis = false;
    options.playheadNs = 50'000; // after A's BEGIN (40-50 µs), before A's INSERT (80 µs)
    TimelinePainter painter(layout, options);
    QImage image(painter.naturalSize().toSize(), QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    painter.paint(p, image.rect(), 0);
    p.end();
    const QPoint before = layout.boxes().at(0).rect.bottomRight().toPoint() - QPoint(3, 3);
    const QPoint after = layout.boxes().at(4).rect.bottomRight().toPoint() - QPoint(3, 3);
    QCOMPARE(image.pixelColor(before), options.palette.color(Palette::Role::Select));
    QVERIFY(image.pixelColor(after) != options.palette.color(Palette::Role::Insert));
    // Faded towards the background: lighter than the INSERT green on the light theme.
    QVERIFY(image.pixelColor(after).lightness() > options.palette.color(Palette::Role::Insert).lightness());
    // The playhead line itself, in the gap after BEGIN's slot (slot 2, 256-376 px; x of 50 µs is its right edge).
    const int x = qRound(layout.xOfTime(50'000));
    QCOMPARE(image.pixelColor(x, 5), options.palette.color(Palette::Role::Highlight));
}

QTEST_MAIN(TestTimelineZoom)
#include "tst_timelinezoom.moc"
