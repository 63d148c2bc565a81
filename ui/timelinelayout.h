// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "palette.h"
#include "scenario.h"
#include "trace.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QVariant>

namespace interleave {

// Everything the timeline shows, computed without a widget (STYLE.md "maths without widgets"): where each lane,
// statement box, lock wait, arrow, result badge and row marker goes, and what it says. The view only paints
// this draw list, and tests drive it with hand-made traces.
//
// The horizontal axis is a sequence, not time: every Statement event gets one slot of the same width, slot i
// being the rank of its start time among all statements, so a one-microsecond COMMIT is as readable as a
// five-second lock wait. Coordinates are layout units (pixels at 100 %) with slot 0 starting at x = 0 and the
// first lane at y = 0; the view adds its header column and axis row around them.
class TimelineLayout {
public:
    struct Metrics {
        double slotWidth = 120;
        double slotGap = 8;
        double laneHeight = 46;
        double laneGap = 6; // arrows between lanes start and end in these gaps
        double boxInset = 5; // between a lane's edge and its boxes
        double badgeWidth = 200;
        double tableLaneHeight = 40;
        double slotPitch() const { return slotWidth + slotGap; }
    };

    struct Lane {
        int worker = -1; // -1 for the table lane
        QString name; // "A", or "table race"
        QString subtitle; // the recipe, or how many rows the table started with
        QRectF rect;
        bool isTable() const { return worker < 0; }
    };

    struct Box {
        int event = -1; // index into Trace::events (a Statement event)
        int lane = -1;
        int slot = -1;
        QRectF rect;
        Palette::Role role = Palette::Role::Other;
        QString verb; // SELECT
        QString detail; // "0 rows", "id 1", "✕ IntegrityError"
        QString label; // verb and detail on one line: "SELECT · 0 rows", "INSERT ✕ IntegrityError"
        bool error = false;
        bool waited = false; // the statement waited for a lock: it has a WaitBar
    };

    struct WaitBar {
        int event = -1; // the (first) LockWait event
        int statementEvent = -1; // the Statement event that waited
        int lane = -1;
        int fromSlot = -1; // the waiting statement's own slot
        int toSlot = -1; // the last statement that started before the waiting one ended
        QRectF rect; // spans fromSlot..toSlot; the box is painted over its first slot
        QList<int> blockers; // worker indexes
        QString label; // "waits for A"
    };

    struct Arrow {
        int waitBar = -1;
        int fromLane = -1; // the waiter
        int toLane = -1; // the blocker
        QPointF from;
        QPointF to;
    };

    // Results line up in one column at the end of the lanes, so they can be compared at a glance.
    struct Badge {
        int lane = -1;
        QRectF rect;
        QString text; // "created", "got (after IntegrityError)", "2 rows, duplicates"
        QString title; // the first part of text, for a badge on two lines: "got", "2 rows"
        QString note; // the rest: "after IntegrityError", "duplicates"; empty when text is one part
        QString detail; // WorkerResult::detail, or the verdict for the table lane
        Palette::Role role = Palette::Role::Success;
    };

    struct RowMarker {
        int row = -1; // index into Outcome::rows
        QVariant rowId;
        int worker = -1; // who inserted it; -1 for a row the table started with
        int event = -1; // the INSERT event that created it, -1 when none is in the trace
        int slot = -1;
        QRectF rect;
        QString label; // "row 1 · A"
        bool duplicate = false;
    };

    struct Hit {
        enum class Kind { None, Box, WaitBar, Badge, RowMarker };
        Kind kind = Kind::None;
        int index = -1; // into boxes(), waitBars(), badges() or rowMarkers()
    };

    TimelineLayout() = default;
    explicit TimelineLayout(const Metrics& metrics)
        : m_metrics(metrics)
    {
    }

    // Builds the draw list. `scenario` (optional) names the recipes and the table in the lane headers.
    void setData(const Trace& trace, const Outcome& outcome, const Scenario* scenario = nullptr);
    void clear();
    const Metrics& metrics() const { return m_metrics; }
    void setMetrics(const Metrics& metrics); // lays out the same data again

    const Trace& trace() const { return m_trace; }
    const Outcome& outcome() const { return m_outcome; }

    const QList<Lane>& lanes() const { return m_lanes; }
    const QList<Box>& boxes() const { return m_boxes; }
    const QList<WaitBar>& waitBars() const { return m_waitBars; }
    const QList<Arrow>& arrows() const { return m_arrows; }
    const QList<Badge>& badges() const { return m_badges; }
    const QList<RowMarker>& rowMarkers() const { return m_rowMarkers; }

    bool isEmpty() const { return m_boxes.isEmpty(); }
    int workerLaneCount() const { return int(m_trace.workers.size()); }
    int slotCount() const { return int(m_boxes.size()); }
    double slotLeft(int slot) const { return slot * m_metrics.slotPitch(); }
    double resultColumnLeft() const { return m_resultLeft; } // where the badges start
    int slotOfEvent(int event) const; // -1 when the event is not a statement
    int boxOfEvent(int event) const; // index into boxes(), -1 when none
    QSizeF size() const { return m_size; }

    Hit hitTest(QPointF point) const;
    // The event under `point`: a statement box's Statement event or a wait bar's LockWait event; -1 for none.
    int eventAt(QPointF point) const;
    int laneAt(double y) const;

    // "SELECT · 1 row", "INSERT · id 3", "INSERT ✕ IntegrityError", "COMMIT"; verb and detail separately too.
    static QString statementLabel(
        const QString& sql, const TraceEvent& event, QString* verb = nullptr, QString* detail = nullptr);
    static Palette::Role statementRole(const QString& verb, bool error);
    // "created", "got (after IntegrityError)", "MultipleObjectsReturned".
    static QString resultText(const WorkerResult& result);

private:
    void layout();
    QRectF laneBoxRect(int lane, int slot) const;

    Metrics m_metrics;
    Trace m_trace;
    Outcome m_outcome;
    QStringList m_recipes;
    QString m_tableName;
    int m_initialRows = 0;

    QList<Lane> m_lanes;
    QList<Box> m_boxes; // in slot order: m_boxes[i].slot == i
    QList<WaitBar> m_waitBars;
    QList<Arrow> m_arrows;
    QList<Badge> m_badges;
    QList<RowMarker> m_rowMarkers;
    QList<int> m_slotOfEvent; // per trace event
    QSizeF m_size;
    double m_resultLeft = 0;
};

} // namespace interleave
