// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "scenario.h"
#include "timelinelayout.h"
#include "timelinepainter.h"

#include <QAbstractScrollArea>

class QAction;
class QPainter;

namespace interleave {

struct RunResult;
class ZoomStack;
struct ZoomRange;

// Shows a TimelineLayout (painted by TimelinePainter): a fixed column of lane headers on the left, a fixed row of
// step numbers or times on top, and the lanes' boxes, waits, arrows and badges scrolling under them. The layout
// is recomputed to fit the viewport, so a short run fills the window and a long one scrolls at a readable slot
// width. A plain drag or the wheel pans; Ctrl+wheel zooms around the mouse; Shift+drag zooms to the stretch
// dragged across; the zoom history is a ZoomStack whose actions the window puts in its View menu.
class TimelineView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);

    void setResult(const RunResult& result);
    void setData(const Trace& trace, const Outcome& outcome, const Scenario* scenario = nullptr);
    void clear();

    // Shown when there is nothing to draw.
    void setEmptyText(const QString& text);
    QString emptyText() const { return m_emptyText; }

    void setColors(const Palette& palette);
    const Palette& colors() const { return m_palette; }

    const TimelineLayout& timelineLayout() const { return m_layout; }

    // The axis: one slot per statement, or proportional to time.
    TimelineLayout::Axis axis() const { return m_layout.axis(); }
    void setAxis(TimelineLayout::Axis axis);
    ZoomStack* zoomStack() const;
    // For the View menu: the time-axis toggle (Ctrl+T) and the zoom actions.
    QList<QAction*> viewActions() const;
    QAction* timeAxisAction() const { return m_timeAxisAction; }
    // The part of the run the data area shows now, in axis units (see ZoomRange).
    ZoomRange visibleAxisRange() const;

    // For an exporter: what the viewport shows, in layout units (TimelinePainter::paint()'s layoutLeft/Top), and
    // the options it is painted with (colours, font, playhead; no hover highlight).
    QRectF visibleLayoutRect() const;
    TimelinePainter::Options paintOptions() const;

    // The playback's position in trace time: a line there, what comes after faded, scrolled into view.
    // TimelinePainter::noPlayhead (or any time at or after the run's end) shows everything.
    void setPlayhead(qint64 ns);
    qint64 playhead() const { return m_playheadNs; }

    // The anomaly whose cycle is drawn (an index into the outcome's anomalies; -1 none): its dependencies as
    // arrows, a legend of their kinds in the axis row, and the cycle scrolled into view.
    void setAnomaly(int anomaly);
    int anomaly() const { return m_anomaly; }

    // Brings the newest statement into view (step mode: the step just taken), scrolling only as far as needed;
    // while the run from its first statement (the race's SELECTs) to the newest fits, it shows all of it. The zoom
    // stays as it is.
    void followPlayhead();

    // Rich-text tooltips, public so tests and other views can show the same words.
    QString toolTipAt(QPoint viewportPos) const;
    QString eventToolTip(int index) const;

    // Viewport position <-> layout units.
    QPointF mapToLayout(QPointF viewportPos) const;
    QPointF mapFromLayout(QPointF layoutPos) const;

    // The height that shows every lane with two lines of text in its boxes, for the window to size its panes.
    int preferredHeight(int workerLanes) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void eventClicked(int event); // index into the trace's events
    void dataChanged(); // a new run (or none): the playback starts over at its end
    void axisChanged(interleave::TimelineLayout::Axis axis);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent* event) override;

private:
    void fitToViewport();
    void updateScrollBars();
    void ensurePlayheadVisible();
    double dataWidth(double badgeWidth) const; // the width a zoom range spreads over
    // The painter with the viewport's size, scroll position, fonts and colours.
    void syncPainter() const;
    const TimelinePainter& framed() const;
    QString laneToolTip(int index) const;
    QString badgeToolTip(int index) const;
    QString rowToolTip(int index) const;
    QString waitToolTip(int index) const;
    QString versionToolTip(int index) const;
    void paintCycleLegend(QPainter& painter) const;

    TimelineLayout m_layout;
    mutable TimelinePainter m_painter; // after m_layout, which it paints
    Scenario m_scenario;
    bool m_hasScenario = false;
    Palette m_palette;
    QString m_emptyText;
    int m_hoverEvent = -1;
    int m_anomaly = -1;
    bool m_fitting = false;
    ZoomStack* m_zoom = nullptr;
    QAction* m_timeAxisAction = nullptr;
    qint64 m_playheadNs = TimelinePainter::noPlayhead;
    QPoint m_pressPos;
    QPoint m_dragPos;
    QPoint m_pressScroll;
    bool m_panning = false;
    bool m_scrollToZoom = false; // the next fit follows a zoom: scroll to its start
    bool m_rubberBand = false;
    static constexpr double hitTolerance = 2; // pixels either side, for boxes zoomed to slivers
};

} // namespace interleave
