// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

class QAction;

namespace interleave {

// A stretch of the timeline's axis, in the axis' own units (TimelineLayout::axisValueOfX(): slots on the sequence
// axis, nanoseconds from the first statement on the time axis). A null range means the whole run.
struct ZoomRange {
    double start = 0;
    double end = 0;
    bool isNull() const { return !(end > start); }
    double length() const { return end - start; }
    bool operator==(const ZoomRange&) const = default;
};

// The timeline's zoom history (hotspot's FilterAndZoomStack): zooming pushes a range, Back pops it, Reset
// empties the stack. It owns the QActions, so the menu, the view's keys and the tests all zoom the same way, and
// it knows no widget: the view tells it what is visible and listens to zoomChanged().
class ZoomStack : public QObject {
    Q_OBJECT
public:
    explicit ZoomStack(QObject* parent = nullptr);

    // The whole run's length in axis units, and the part the view shows now (after scrolling).
    void setLength(double length);
    double length() const { return m_length; }
    void setVisible(ZoomRange visible) { m_visible = visible; }
    ZoomRange visible() const { return m_visible; }

    ZoomRange current() const { return m_stack.isEmpty() ? ZoomRange() : m_stack.constLast(); }
    bool isZoomed() const { return !m_stack.isEmpty(); }
    int depth() const { return int(m_stack.size()); }

    // A range to zoom to with Zoom to Selection (a rubber band, a clicked statement); null for none.
    void setSelection(ZoomRange selection);
    ZoomRange selection() const { return m_selection; }

    // Shows `range` (clamped to the run, never shorter than minimumLength()). With `coalesce`, replaces the
    // previous zoom when that one was coalesced too, so a turn of the wheel is one step of history.
    void zoomTo(ZoomRange range, bool coalesce = false);
    // Zooms by `factor` (> 1 magnifies) keeping the axis value `anchor` where it is on screen.
    void zoomAround(double anchor, double factor, bool coalesce = false);
    void zoomIn(); // around the middle of what is visible
    void zoomOut();
    void zoomToSelection();
    void back();
    // Fit Whole Run (Ctrl+0): forgets the zooms and asks for every statement on screen, however narrow; enabled
    // whenever there is a run, zoomed or not.
    void reset();
    // Whether the unzoomed view fits the whole run (after reset(), or a zoom out to all of it) rather than keeping
    // readable slots and scrolling a long run.
    bool fitsWhole() const { return m_fitWhole; }

    // Forgets everything (Fit Whole Run too), for a new run or another axis; emits zoomChanged() when something was
    // zoomed.
    void clear();

    // The shortest range a zoom shows: half a slot, or 100 ns (set by the view for the axis).
    void setMinimumLength(double length) { m_minimumLength = length; }
    double minimumLength() const { return m_minimumLength; }

    QAction* zoomInAction() const { return m_zoomIn; }
    QAction* zoomOutAction() const { return m_zoomOut; }
    QAction* resetAction() const { return m_reset; }
    QAction* zoomToSelectionAction() const { return m_zoomToSelection; }
    QAction* backAction() const { return m_back; }
    QList<QAction*> actions() const { return { m_zoomIn, m_zoomOut, m_zoomToSelection, m_back, m_reset }; }

Q_SIGNALS:
    void zoomChanged(interleave::ZoomRange range); // null: the whole run

private:
    ZoomRange clamped(ZoomRange range) const;
    void updateActions();

    QList<ZoomRange> m_stack;
    bool m_lastCoalesced = false;
    bool m_fitWhole = false;
    double m_length = 0;
    double m_minimumLength = 0.5;
    ZoomRange m_visible;
    ZoomRange m_selection;
    QAction* m_zoomIn = nullptr;
    QAction* m_zoomOut = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_zoomToSelection = nullptr;
    QAction* m_back = nullptr;
};

} // namespace interleave
