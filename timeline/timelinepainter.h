// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "timelinelayout.h"
#include "timelinelod.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPen>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <limits>

class QPainter;

namespace interleave {

// Paints a TimelineLayout into any QPainter — a widget's viewport, a QImage, a QSvgGenerator or a QPdfWriter —
// without a widget (STYLE.md "maths without widgets"): the lanes, statement boxes, lock waits, arrows, result
// badges and row markers, with a fixed column of lane headers on the left and a fixed axis row on top.
//
// A frame is what one picture shows: a target of some size, split into the header column, the axis row and the
// data area, and the layout point (`scroll`) that sits at the data area's top-left corner. One layout unit is
// one device unit of the painter; an exporter that wants a different scale calls QPainter::scale() itself.
// TimelineView keeps one painter, sets its frame from the scroll bars and paints the viewport with it.
//
// Exporting the whole run:
//     TimelinePainter painter(view->timelineLayout(), options);
//     QImage image(painter.naturalSize().toSize(), QImage::Format_ARGB32_Premultiplied);
//     QPainter p(&image);
//     painter.paint(p, image.rect(), 0);
// and the visible part only: `painter.paint(p, target, view->visibleLayoutRect().left())`.
class TimelinePainter {
public:
    struct Options {
        Palette palette;
        QFont font; // the base font; bold and small fonts derive from it
        double fontScale = 1.0; // multiplies the base font's point size (an exporter's presentation size)
        bool headerColumn = true; // the lane names on the left
        bool axis = true; // the step numbers on top
        int hoverEvent = -1; // the trace event whose box gets the highlight frame; -1 for none
        // The playhead's trace time: a line there, and what happens after it faded. At or past the run's end
        // (the default) there is neither.
        qint64 playheadNs = noPlayhead;
        // The anomaly whose cycle is drawn (an index into Outcome::anomalies): its dependencies as arrows between
        // the statements, its boxes framed; -1 for none.
        int anomaly = -1;
    };
    static constexpr qint64 noPlayhead = std::numeric_limits<qint64>::max();

    // A label on the axis: a step number or a time, at layout x.
    struct Tick {
        double x = 0;
        int slot = -1; // on the sequence axis
        QString label;
    };

    explicit TimelinePainter(const TimelineLayout& layout);
    TimelinePainter(const TimelineLayout& layout, const Options& options);

    const Options& options() const { return m_options; }
    void setOptions(const Options& options);
    void setHoverEvent(int event) { m_options.hoverEvent = event; }
    void setPlayhead(qint64 ns) { m_options.playheadNs = ns; }
    void setAnomaly(int anomaly) { m_options.anomaly = anomaly; }

    // How a dependency of each kind is drawn, here and in the legends: ww solid, wr dashed, rw dotted, predicate
    // rw dash-dot, each in its own Palette colour.
    static Palette::Role dependencyRole(Dependency::Kind kind);
    static QPen dependencyPen(Dependency::Kind kind, const QColor& colour, double width);
    static constexpr double dependencyWidth = 3;

    // The axis labels that fall in `visible` (layout units), spaced so they do not collide.
    QList<Tick> ticks(const QRectF& visible) const;
    // The reduced draw list of the last paint(), for tests and the exporter's statistics.
    const TimelineLod& lod() const { return m_lod; }

    // The fonts the labels use (after fontScale).
    QFont font() const { return m_font; }
    QFont boldFont() const;
    QFont smallFont() const;

    // The header column's width and the axis row's height, 0 when switched off.
    int headerWidth() const;
    int axisHeight() const;

    // How fittedMetrics() treats a run too long for readable labels: Readable fits it while each slot keeps at
    // least legibleSlotWidth() (the labels shorten) and scrolls a longer one at readableSlotWidth(); Whole fits
    // any run, however narrow its slots get (Ctrl+0, "Fit Whole Run").
    enum class Fit { Readable, Whole };
    // Lane heights, slot width and badge column width that fit a target of `size` (what the view does on each
    // resize): lanes share the height, slots share the width left of the results (slotsWidth()).
    TimelineLayout::Metrics fittedMetrics(QSizeF size, Fit fit = Fit::Readable) const;
    // The width a run's statements may take in a frame `frameWidth` wide so that the results' column (`badgeWidth`
    // wide, TimelineLayout::place() puts it two gaps after the last slot) starts where it belongs and is not pinned
    // over a box: in layout units, from x = 0 to the last box's right edge. The one formula the view, its zoom and
    // fittedMetrics() share.
    double slotsWidth(double frameWidth, double badgeWidth, double slotGap = TimelineLayout::Metrics().slotGap) const;
    // The narrowest slot whose labels are whole words ("ROLLBACK", "✕ IntegrityError") at the lanes' height, and the
    // narrowest that still shows the start of its verb ("SEL…").
    double readableSlotWidth(const TimelineLayout::Metrics& metrics) const;
    double legibleSlotWidth() const;
    // Room right of the results' column in naturalSize().
    static constexpr double resultMargin = 12;
    // Everything at the layout's current metrics: the size of a target that shows the whole run unscrolled.
    QSizeF naturalSize() const;
    // The height that shows `workerLanes` lanes with two lines of text in their boxes.
    double preferredHeight(int workerLanes) const;

    // The frame: a target of `size` whose data area's top-left shows layout point `scroll`.
    void setFrame(QSizeF size, QPointF scroll);
    QSizeF frameSize() const { return m_size; }
    QPointF scroll() const { return m_scroll; }
    // Frame position <-> layout units.
    QPointF mapToLayout(QPointF framePos) const;
    QPointF mapFromLayout(QPointF layoutPos) const;
    // The part of the layout that the data area shows.
    QRectF visibleLayoutRect() const;

    // Paints the frame into `target` (its size becomes the frame's size), the data area starting at layout point
    // (layoutLeft, layoutTop). Leaves the painter's state as it found it.
    void paint(QPainter& painter, const QRectF& target, double layoutLeft, double layoutTop = 0);
    // Paints the current frame with its top-left at `topLeft`.
    void paint(QPainter& painter, QPointF topLeft = {});
    // The big grey words of an empty timeline, centred in `rect`.
    void paintEmpty(QPainter& painter, const QRectF& rect, const QString& text) const;

    // The lines of text a statement box shows at the current metrics, as painted (cut to fit: words at the right,
    // read and written values in the middle); none when the box is too narrow for a word.
    QStringList boxTexts(int index) const;
    // `text` cut in the middle (elideMiddle()) to fit `width`: a long value keeps its start and its end.
    static QString elidedValue(const QString& text, const QFontMetricsF& metrics, double width);
    // Read or written values in at most `maxLines` lines of `width`, broken after the verb ("wrote") and after
    // commas, never inside a value; empty when they do not fit.
    static QStringList wrappedValues(const QString& text, const QFontMetricsF& metrics, double width, int maxLines);

    // The results' column: right after the last slot, or pinned to the right edge while the slots scroll.
    double resultColumnX() const;
    bool resultColumnPinned() const;
    QRectF badgePill(int index) const; // frame coordinates
    QSizeF pillSize(const TimelineLayout::Badge& badge, double availableHeight) const;

private:
    struct BoxLine {
        enum class Font { Base, Bold, Small } font = Font::Base;
        QRectF rect; // layout units
        QString text;
    };
    QList<BoxLine> boxLines(int index) const;
    void paintLanes(QPainter& painter, const QRectF& visible) const;
    void paintBoxes(QPainter& painter, const QRectF& visible) const;
    void paintWaits(QPainter& painter, const QRectF& visible) const;
    void paintStateBands(QPainter& painter, const QRectF& visible) const; // each lane's transaction state
    void paintArrows(QPainter& painter, const QRectF& visible) const;
    void paintBadges(QPainter& painter) const;
    void paintRowMarkers(QPainter& painter, const QRectF& visible) const;
    void paintVersions(QPainter& painter, const QRectF& visible) const;
    void paintCycle(QPainter& painter, const QRectF& visible) const;
    void paintHeaders(QPainter& painter) const;
    void paintAxis(QPainter& painter) const;
    void paintPlayhead(QPainter& painter) const;
    QColor faded(const QColor& colour) const;
    qint64 fadeAfter() const; // TimelineLod::noFade without a playhead inside the run
    bool twoLineLabels() const;
    QColor color(Palette::Role role) const { return m_options.palette.color(role); }
    int frameWidth() const { return qRound(m_size.width()); }
    int frameHeight() const { return qRound(m_size.height()); }

    const TimelineLayout& m_layout;
    Options m_options;
    QFont m_font;
    QSizeF m_size;
    QPointF m_scroll;
    mutable TimelineLod m_lod; // reused from frame to frame: its lists keep their capacity
    // Whether box labels go on two lines (see paintBoxes()); depends on the slot width, so it is cached per width.
    mutable double m_twoLineWidth = -1;
    mutable bool m_twoLineLabels = false;
};

} // namespace interleave
