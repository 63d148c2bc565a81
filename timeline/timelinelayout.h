// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "palette.h"
#include "scenario.h"
#include "timescale.h"
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
// The horizontal axis is either
// - a sequence (the default): every Statement event gets one slot of the same width, in the order the statements
//   took effect (CausalOrder: at their reply, a released waiter after its holder's COMMIT, a statement still waiting
//   last), so a one-microsecond COMMIT is as readable as a five-second lock wait and a result never comes before
//   what caused it; a lock wait runs from where it began to its statement's box; or
// - time: x is proportional to the start and end times (TimeScale), a statement never narrower than
//   Metrics::minBoxWidth, and a lock wait is the hatched part of its statement before the lock came.
// Coordinates are layout units (pixels at 100 %) with slot 0 (or the first statement's start) at x = 0 and the
// first lane at y = 0; the painter adds its header column and axis row around them.
//
// Built for traces of a million events: a box holds no strings (labels are made when drawn or hovered, see
// boxText()), boxes are indexed per lane in x order, and hit-testing and culling are binary searches.
class TimelineLayout {
public:
    enum class Axis { Sequence, Time };

    struct Metrics {
        double slotWidth = 120;
        double slotGap = 8;
        double laneHeight = 46;
        double laneGap = 6; // arrows between lanes start and end in these gaps
        double boxInset = 5; // between a lane's edge and its boxes
        double badgeWidth = 200;
        double tableLaneHeight = 40;
        double pixelsPerNs = 1e-4; // the time axis' zoom: 100 px per ms
        double minBoxWidth = 3; // on the time axis
        double slotPitch() const { return slotWidth + slotGap; }
    };

    struct Lane {
        int worker = -1; // -1 for the table lane
        QString name; // "A", or "table race"
        QString subtitle; // the recipe and the isolation level, or how many rows the table started with
        QRectF rect;
        bool isTable() const { return worker < 0; }
    };

    // Kept small (no strings) for traces of a million statements; boxText() makes the words.
    struct Box {
        int event = -1; // index into Trace::events (a Statement event)
        int lane = -1;
        int slot = -1;
        Palette::Role role = Palette::Role::Other;
        bool error = false;
        bool waited = false; // the statement waited for a lock: it has a WaitBar
        bool open = false; // still waiting for its reply (a live step run): no result yet
        QRectF rect;
    };

    struct BoxText {
        QString verb; // SELECT
        QString detail; // "0 rows", "id 1", "✕ IntegrityError"
        QString label; // verb and detail on one line: "SELECT · 0 rows", "INSERT ✕ IntegrityError"
        QString values; // what it read or wrote (Outcome::values): "read likes = 0", "wrote likes = 1"; or empty
    };

    struct WaitBar {
        int event = -1; // the (first) LockWait event
        int statementEvent = -1; // the Statement event that waited
        int lane = -1;
        int fromSlot = -1; // the first slot after the wait began (the statement's own slot when none came between)
        int toSlot = -1; // the last slot before the statement's box (its own slot when none came between)
        // Sequence axis: spans fromSlot..toSlot and ends at the statement's box; with no slot between, the first
        // part of the statement's slot. Time axis: the first part of the statement, hatched.
        QRectF rect;
        QList<int> blockers; // worker indexes
        QString label; // "waits for A · lock acquired" (LockWaits::label)
        QString shortLabel; // "A · lock acquired": what a bar too short for the label shows
        int firstArrow = 0; // its arrows: arrows()[firstArrow, firstArrow + arrowCount)
        int arrowCount = 0;
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

    // One per INSERT that made final rows: a multi-row INSERT (bulk_create) marks every row it made.
    struct RowMarker {
        int row = -1; // index into Outcome::rows: the first of `rows`
        QVariant rowId; // the first of `rowIds`
        QList<int> rows; // every final row the INSERT made, indexes into Outcome::rows
        QList<QVariant> rowIds;
        int worker = -1; // who inserted it; -1 for a row the table started with
        int event = -1; // the INSERT event that created it, -1 when none is in the trace
        int slot = -1;
        QRectF rect;
        QString label; // "row 1 · A", "rows 1–2 · A"
        bool duplicate = false; // any of its rows is a duplicate
    };

    // One version of a row a statement wrote (Outcome::values), in the table lane: a marker at its write and one
    // at its COMMIT, or a cross at its rollback, with its values between.
    struct VersionMarker {
        int version = -1; // index into outcome().values.versions
        int writeBox = -1; // the box of the statement that wrote it
        int endBox = -1; // the box of the COMMIT or ROLLBACK; -1 while its transaction is open
        bool aborted = false;
        QRectF write; // the marker at the write
        QRectF end; // the marker at the end (a cross when aborted); null while open
        QRectF band; // from the write to the end: where its values go
        int track = 0; // versions whose spans overlap go on tracks one under the other
    };

    // One edge of an anomaly's cycle (Outcome::anomalies[i].cycle), drawn from its `fromEvent` box to its
    // `toEvent` box: a cubic curve that leaves the box towards the other lane and runs through the gap between
    // the lanes, so a box never covers it.
    struct CycleEdge {
        int dependency = -1; // index into the anomaly's cycle
        Dependency::Kind kind = Dependency::Kind::WW;
        int fromBox = -1;
        int toBox = -1;
        QPointF from;
        QPointF control1;
        QPointF control2;
        QPointF to; // the arrow's tip
        QPointF middle; // the curve's middle: where its "rw" goes
    };

    // A worker's transaction state (Outcome::transactions) as a thin band along the bottom of its lane: in a
    // transaction from its BEGIN to its COMMIT or ROLLBACK, aborted (PostgreSQL) from the error to the ROLLBACK;
    // idle has none. On both axes, under the boxes of the statements it spans.
    struct StateBand {
        int lane = -1;
        TransactionStates::State state = TransactionStates::State::InTransaction;
        QRectF rect;
    };

    struct Hit {
        enum class Kind { None, Box, WaitBar, Badge, RowMarker, Version };
        Kind kind = Kind::None;
        int index = -1; // into boxes(), waitBars(), badges(), rowMarkers() or versionMarkers()
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
    void setMetrics(const Metrics& metrics); // places the same data again (geometry only)
    Axis axis() const { return m_axis; }
    void setAxis(Axis axis); // places the same data again (geometry only)

    // The words of box `index`, made now (a million boxes would otherwise hold three million strings).
    BoxText boxText(int index) const;
    QString boxLabel(const Box& box) const;

    const Trace& trace() const { return m_trace; }
    const Outcome& outcome() const { return m_outcome; }

    const QList<Lane>& lanes() const { return m_lanes; }
    const QList<Box>& boxes() const { return m_boxes; }
    const QList<WaitBar>& waitBars() const { return m_waitBars; }
    const QList<Arrow>& arrows() const { return m_arrows; }
    const QList<Badge>& badges() const { return m_badges; }
    const QList<RowMarker>& rowMarkers() const { return m_rowMarkers; }
    const QList<VersionMarker>& versionMarkers() const { return m_versionMarkers; }
    const QList<StateBand>& stateBands() const { return m_stateBands; }
    // How many tracks the versions take in the table lane (0 without versions): each wants a line of height.
    int versionTracks() const { return m_versionTracks; }
    // "row 1 · likes = 1 · written by A (step 3), committed (step 5)": a version marker's hover.
    QString versionText(int index) const;

    // The edges of anomaly `anomaly`'s cycle (an index into outcome().anomalies), made now from the current
    // geometry; empty for -1 or an edge whose statements have no box. And the boxes they join.
    QList<CycleEdge> cycleEdges(int anomaly) const;
    QList<int> cycleBoxes(int anomaly) const;
    // The part of the layout a cycle covers, for scrolling it into view; null when none.
    QRectF cycleRect(int anomaly) const;

    bool isEmpty() const { return m_boxes.isEmpty(); }
    int workerLaneCount() const { return int(m_trace.workers.size()); }
    int slotCount() const { return int(m_boxes.size()); }
    double slotLeft(int slot) const { return slot * m_metrics.slotPitch(); }
    double resultColumnLeft() const { return m_resultLeft; } // where the badges start
    int slotOfEvent(int event) const; // -1 when the event is not a statement
    int boxOfEvent(int event) const; // index into boxes(), -1 when none
    QSizeF size() const { return m_size; }

    // The time axis' mapping (its origin is the first statement's start).
    TimeScale timeScale() const { return { m_originNs, m_metrics.pixelsPerNs }; }
    qint64 startNs() const { return m_originNs; } // the first statement's start
    qint64 endNs() const { return m_endNs; } // the last end of any event
    // Where trace time `ns` is on the current axis: on the sequence axis, inside the slot of the statement running
    // then (in proportion to its duration), or in the gap after it. Used for the playhead.
    double xOfTime(qint64 ns) const;
    // The trace time at x: the inverse of xOfTime().
    qint64 timeOfX(double x) const;
    // The axis' own unit at x: slots (fractional) on the sequence axis, nanoseconds on the time axis. Zoom ranges
    // are kept in these units, so a zoom survives a resize.
    double axisValueOfX(double x) const;
    double xOfAxisValue(double value) const;
    double axisLength() const; // slotCount() or the run's duration in ns: the whole run in axis units

    // Box indexes of `lane` in x order, and the widest box in it (for culling with a binary search).
    const QList<int>& laneBoxes(int lane) const;
    // The left and right edges of those boxes, side by side in memory: the level-of-detail pass walks a lane's
    // boxes in order, and a million 56-byte boxes strided by lane would be a cache miss each.
    struct Edges {
        double left = 0;
        double right = 0;
    };
    const QList<Edges>& laneEdges(int lane) const { return m_laneEdges.at(lane); }
    // Their colours, one byte each (a Palette::Role), for the same reason.
    const QList<quint8>& laneRoles(int lane) const { return m_laneRoles.at(lane); }
    double laneMaxWidth(int lane) const { return m_laneMaxWidth.value(lane); }
    // The wait bar indexes of `lane` in x order (a worker waits for one statement at a time: they never overlap),
    // and those that may intersect [left, right], culled with a binary search.
    const QList<int>& laneWaitBars(int lane) const;
    QList<int> waitBarsIn(int lane, double left, double right) const;
    // The boxes of `lane` that may intersect [left, right]: a range into laneBoxes(lane).
    std::pair<int, int> laneBoxRange(int lane, double left, double right) const;

    // What is under `point`; a statement box within `tolerance` units left or right counts too (zoomed far out,
    // boxes are fractions of a pixel).
    Hit hitTest(QPointF point, double tolerance = 0) const;
    // The bytes this layout holds beyond the trace (which it shares with the caller): for the benchmark.
    qsizetype memoryUsage() const;
    // The event under `point`: a statement box's Statement event or a wait bar's LockWait event; -1 for none.
    int eventAt(QPointF point, double tolerance = 0) const;
    int laneAt(double y) const;

    // "SELECT · 1 row", "INSERT · id 3", "INSERT ✕ IntegrityError", "COMMIT"; verb and detail separately too.
    static QString statementLabel(
        const QString& sql, const TraceEvent& event, QString* verb = nullptr, QString* detail = nullptr);
    static Palette::Role statementRole(const QString& verb, bool error);
    // "created", "got (after IntegrityError)", "MultipleObjectsReturned".
    static QString resultText(const WorkerResult& result);
    // A statement (or wait) still going on: a live step run's, whose end is before its start.
    static bool isOpen(const TraceEvent& event);

private:
    void layout(); // everything, from the trace
    void place(); // only the geometry, from the metrics and the axis
    void placeStateBands(double slotsRight);
    QRectF laneBoxRect(int lane, int slot) const;
    QRectF laneRect(int lane, double left, double width) const;
    int statementSlotAt(qint64 ns) const; // the first slot that took effect at or after ns; slotCount() when none
    qint64 slotBegin(int slot) const; // where the slot's time begins (its end is m_slotEnd)

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
    QList<VersionMarker> m_versionMarkers;
    QList<StateBand> m_stateBands;
    int m_versionTracks = 0;
    QList<int> m_slotOfEvent; // per trace event
    QList<qint64> m_slotEnd; // per slot: when it took effect, monotone (the latest end so far)
    QList<Palette::Role> m_roleOfStatement; // per distinct SQL text (Trace::statements), error aside
    QList<QList<int>> m_laneBoxes; // per worker lane, box indexes in x order
    QList<QList<Edges>> m_laneEdges; // per worker lane, parallel to m_laneBoxes
    QList<QList<quint8>> m_laneRoles; // per worker lane, parallel to m_laneBoxes
    QList<double> m_laneMaxWidth; // per worker lane
    QList<QList<int>> m_laneWaitBars; // per worker lane, wait bar indexes in x order
    Axis m_axis = Axis::Sequence;
    qint64 m_originNs = 0;
    qint64 m_endNs = 0;
    QSizeF m_size;
    double m_resultLeft = 0;
};

} // namespace interleave
