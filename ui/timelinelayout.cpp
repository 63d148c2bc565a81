// SPDX-License-Identifier: MIT
#include "timelinelayout.h"

#include "statement.h"

#include <QSet>
#include <algorithm>
#include <limits>
#include <numeric>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

bool sameId(const QVariant& a, const QVariant& b)
{
    if (a.isNull() || b.isNull() || !a.isValid() || !b.isValid())
        return false;
    bool okA = false;
    bool okB = false;
    const qint64 ia = a.toLongLong(&okA);
    const qint64 ib = b.toLongLong(&okB);
    if (okA && okB)
        return ia == ib;
    return a.toString() == b.toString();
}

QString idText(const QVariant& id)
{
    return id.toString();
}

} // namespace

void TimelineLayout::setData(const Trace& trace, const Outcome& outcome, const Scenario* scenario)
{
    m_trace = trace;
    m_outcome = outcome;
    m_recipes.clear();
    m_tableName.clear();
    m_initialRows = -1;
    if (scenario) {
        for (const WorkerSpec& worker : scenario->workers)
            m_recipes.append(worker.recipe);
        m_tableName = scenario->table.name;
        m_initialRows = int(scenario->table.rows.size());
    }
    layout();
}

void TimelineLayout::clear()
{
    m_trace = {};
    m_outcome = {};
    m_recipes.clear();
    m_tableName.clear();
    m_initialRows = -1;
    layout();
}

void TimelineLayout::setMetrics(const Metrics& metrics)
{
    m_metrics = metrics;
    layout();
}

int TimelineLayout::slotOfEvent(int event) const
{
    return event >= 0 && event < m_slotOfEvent.size() ? m_slotOfEvent.at(event) : -1;
}

int TimelineLayout::boxOfEvent(int event) const
{
    // Boxes are stored in slot order, so the slot is the box index.
    return slotOfEvent(event);
}

QRectF TimelineLayout::laneBoxRect(int lane, int slot) const
{
    const QRectF laneRect = m_lanes.at(lane).rect;
    return QRectF(slotLeft(slot), laneRect.top() + m_metrics.boxInset, m_metrics.slotWidth,
        laneRect.height() - 2 * m_metrics.boxInset);
}

Palette::Role TimelineLayout::statementRole(const QString& verb, bool error)
{
    if (error)
        return Palette::Role::Error;
    const QString upper = verb.toUpper();
    if (upper.startsWith(u"SELECT"_s) || upper.startsWith(u"WITH"_s))
        return Palette::Role::Select;
    if (upper.startsWith(u"INSERT"_s))
        return Palette::Role::Insert;
    if (upper.startsWith(u"UPDATE"_s) || upper.startsWith(u"DELETE"_s) || upper.startsWith(u"REPLACE"_s))
        return Palette::Role::Write;
    static const QStringList transaction = { u"BEGIN"_s, u"COMMIT"_s, u"ROLLBACK"_s, u"SAVEPOINT"_s, u"RELEASE"_s,
        u"START"_s, u"END"_s, u"SET"_s };
    for (const QString& word : transaction) {
        if (upper == word || upper.startsWith(word + QLatin1Char(' ')))
            return Palette::Role::Transaction;
    }
    return Palette::Role::Other;
}

QString TimelineLayout::statementLabel(
    const QString& sql, const TraceEvent& event, QString* verbOut, QString* detailOut)
{
    QString verb = statementVerb(sql);
    if (verb.isEmpty())
        verb = sql.simplified().left(24);
    const QString upper = verb.toUpper();
    QString detail;
    QString separator = u" · "_s;
    if (event.error.isError()) {
        detail = u"✕ "_s + event.error.className();
        separator = u" "_s;
    } else if (upper.startsWith(u"SELECT"_s) || upper.startsWith(u"WITH"_s)) {
        detail = rowCountText(event.rows.size());
    } else if (upper.startsWith(u"INSERT"_s) || upper.startsWith(u"REPLACE"_s)) {
        const bool hasId = event.insertId.isValid() && !event.insertId.isNull();
        if (event.rowsAffected > 1 || (!hasId && event.rowsAffected >= 0))
            detail = rowCountText(event.rowsAffected);
        else
            detail = u"id "_s + idText(event.insertId);
    } else if (upper.startsWith(u"UPDATE"_s) || upper.startsWith(u"DELETE"_s)) {
        detail = rowCountText(event.rowsAffected);
    }
    if (verbOut)
        *verbOut = verb;
    if (detailOut)
        *detailOut = detail;
    return detail.isEmpty() ? verb : verb + separator + detail;
}

QString TimelineLayout::resultText(const WorkerResult& result)
{
    QString text = result.kindName();
    if (result.afterIntegrityError && !result.isFailure())
        text += u" (after IntegrityError)"_s;
    return text;
}

void TimelineLayout::layout()
{
    m_lanes.clear();
    m_boxes.clear();
    m_waitBars.clear();
    m_arrows.clear();
    m_badges.clear();
    m_rowMarkers.clear();
    m_slotOfEvent = QList<int>(m_trace.events.size(), -1);
    m_size = {};
    m_resultLeft = 0;

    const int workerCount = int(m_trace.workers.size());
    const double lanePitch = m_metrics.laneHeight + m_metrics.laneGap;

    // Lanes: one per worker, then the table.
    for (int w = 0; w < workerCount; ++w) {
        Lane lane;
        lane.worker = w;
        lane.name = m_trace.workers.at(w);
        lane.subtitle = m_recipes.value(w);
        lane.rect = QRectF(0, w * lanePitch, 0, m_metrics.laneHeight);
        m_lanes.append(lane);
    }
    if (workerCount == 0 && m_outcome.rows.isEmpty())
        return;

    // Slots: the rank of each statement's start time; ties keep trace order.
    QList<int> statements;
    for (int i = 0; i < m_trace.events.size(); ++i) {
        const TraceEvent& event = m_trace.events.at(i);
        if (event.kind == EventKind::Statement && event.worker >= 0 && event.worker < workerCount)
            statements.append(i);
    }
    std::stable_sort(statements.begin(), statements.end(),
        [this](int a, int b) { return m_trace.events.at(a).startNs < m_trace.events.at(b).startNs; });
    QList<qint64> starts;
    starts.reserve(statements.size());
    for (int slot = 0; slot < statements.size(); ++slot) {
        m_slotOfEvent[statements.at(slot)] = slot;
        starts.append(m_trace.events.at(statements.at(slot)).startNs);
    }

    for (int slot = 0; slot < statements.size(); ++slot) {
        const int index = statements.at(slot);
        const TraceEvent& event = m_trace.events.at(index);
        Box box;
        box.event = index;
        box.lane = event.worker;
        box.slot = slot;
        box.rect = laneBoxRect(event.worker, slot);
        const QString sql = event.statement >= 0 && event.statement < m_trace.statements.size()
            ? m_trace.statements.at(event.statement)
            : QString();
        box.label = statementLabel(sql, event, &box.verb, &box.detail);
        box.error = event.error.isError();
        box.role = statementRole(box.verb, box.error);
        m_boxes.append(box);
    }

    // Lock waits: one bar per waiting statement, however many LockWait events the backend reported for it.
    QHash<QPair<int, int>, int> statementByStep;
    for (const int index : std::as_const(statements)) {
        const TraceEvent& event = m_trace.events.at(index);
        statementByStep.insert({ event.worker, event.step }, index);
    }
    QHash<int, int> barOfStatement;
    for (int i = 0; i < m_trace.events.size(); ++i) {
        const TraceEvent& wait = m_trace.events.at(i);
        if (wait.kind != EventKind::LockWait)
            continue;
        const int statementIndex = statementByStep.value({ wait.worker, wait.step }, -1);
        if (statementIndex < 0)
            continue;
        auto found = barOfStatement.constFind(statementIndex);
        if (found != barOfStatement.constEnd()) {
            WaitBar& bar = m_waitBars[*found];
            for (const int blocker : wait.blockers) {
                if (!bar.blockers.contains(blocker))
                    bar.blockers.append(blocker);
            }
            continue;
        }
        const TraceEvent& statement = m_trace.events.at(statementIndex);
        WaitBar bar;
        bar.event = i;
        bar.statementEvent = statementIndex;
        bar.lane = statement.worker;
        bar.fromSlot = m_slotOfEvent.at(statementIndex);
        // A statement still running when the trace ended (a cancelled run) waits until the end.
        const qint64 end = statement.endNs > statement.startNs ? std::max(statement.endNs, wait.endNs)
                                                               : std::numeric_limits<qint64>::max();
        const auto startedBefore = std::lower_bound(starts.cbegin(), starts.cend(), end);
        bar.toSlot = std::max(bar.fromSlot, int(startedBefore - starts.cbegin()) - 1);
        bar.blockers = wait.blockers;
        barOfStatement.insert(statementIndex, int(m_waitBars.size()));
        m_waitBars.append(bar);
        m_boxes[bar.fromSlot].waited = true;
    }
    for (int b = 0; b < m_waitBars.size(); ++b) {
        WaitBar& bar = m_waitBars[b];
        const QRectF first = laneBoxRect(bar.lane, bar.fromSlot);
        const double inset = std::min(6.0, first.height() / 6);
        bar.rect = QRectF(first.left(), first.top() + inset, slotLeft(bar.toSlot) + m_metrics.slotWidth - first.left(),
            first.height() - 2 * inset);
        QStringList names;
        for (const int blocker : std::as_const(bar.blockers))
            names.append(m_trace.workers.value(blocker, u"?"_s));
        bar.label = names.isEmpty() ? u"waits for a lock"_s : u"waits for "_s + names.join(u", "_s);

        // The arrows leave the wait just after its box, where the waiting is visible, and point at the lane
        // of each worker that held the lock.
        const double visible = bar.rect.right() - first.right();
        double x = visible > 4 ? first.right() + std::min(16.0, visible / 2) : first.center().x();
        for (const int blocker : std::as_const(bar.blockers)) {
            if (blocker < 0 || blocker >= workerCount || blocker == bar.lane)
                continue;
            const QRectF target = m_lanes.at(blocker).rect;
            Arrow arrow;
            arrow.waitBar = b;
            arrow.fromLane = bar.lane;
            arrow.toLane = blocker;
            if (blocker < bar.lane) {
                arrow.from = QPointF(x, bar.rect.top());
                arrow.to = QPointF(x, target.bottom() - m_metrics.boxInset);
            } else {
                arrow.from = QPointF(x, bar.rect.bottom());
                arrow.to = QPointF(x, target.top() + m_metrics.boxInset);
            }
            m_arrows.append(arrow);
            x += 7;
        }
    }

    // Result badges, in one column after the last slot.
    const double slotsRight = statements.isEmpty() ? 0 : slotLeft(int(statements.size()) - 1) + m_metrics.slotWidth;
    m_resultLeft = statements.isEmpty() ? 0 : slotsRight + m_metrics.slotGap * 2;
    double right = m_resultLeft + m_metrics.badgeWidth;
    for (int w = 0; w < workerCount && w < m_outcome.results.size(); ++w) {
        const WorkerResult& result = m_outcome.results.at(w);
        Badge badge;
        badge.lane = w;
        const QRectF laneRect = m_lanes.at(w).rect;
        badge.rect = QRectF(m_resultLeft, laneRect.top() + m_metrics.boxInset, m_metrics.badgeWidth,
            laneRect.height() - 2 * m_metrics.boxInset);
        badge.text = resultText(result);
        badge.title = result.kindName();
        if (badge.text != badge.title)
            badge.note = u"after IntegrityError"_s;
        badge.detail = result.detail;
        badge.role = result.isFailure() ? Palette::Role::Failure : Palette::Role::Success;
        m_badges.append(badge);
    }

    // The table lane: a marker at the slot of the INSERT that created each final row.
    Lane table;
    table.worker = -1;
    table.name = m_tableName.isEmpty() ? u"table"_s : u"table "_s + m_tableName;
    const QList<int> duplicates = m_outcome.duplicateRowIndexes();
    int initial = 0;
    for (int r = 0; r < m_outcome.rows.size(); ++r) {
        const Row& row = m_outcome.rows.at(r);
        const QVariant id = row.value(0);
        const int insertedBy = m_outcome.insertedBy.value(id.toLongLong(), -1);
        int insertEvent = -1;
        for (int i = int(m_trace.events.size()) - 1; i >= 0; --i) {
            const TraceEvent& event = m_trace.events.at(i);
            if (event.kind != EventKind::Statement || event.error.isError() || !sameId(event.insertId, id))
                continue;
            if (insertedBy >= 0 && event.worker != insertedBy)
                continue;
            insertEvent = i;
            break;
        }
        if (insertEvent < 0 || m_slotOfEvent.at(insertEvent) < 0) {
            ++initial;
            continue;
        }
        RowMarker marker;
        marker.row = r;
        marker.rowId = id;
        marker.event = insertEvent;
        marker.worker = insertedBy >= 0 ? insertedBy : m_trace.events.at(insertEvent).worker;
        marker.slot = m_slotOfEvent.at(insertEvent);
        marker.duplicate = duplicates.contains(r);
        marker.label = u"row "_s + idText(id) + u" · "_s + m_trace.workers.value(marker.worker, u"?"_s);
        m_rowMarkers.append(marker);
    }
    const int initialRows = m_initialRows >= 0 ? m_initialRows : initial;
    table.subtitle = initialRows == 0 ? u"started empty"_s : u"started with "_s + rowCountText(initialRows);
    table.rect = QRectF(0, workerCount * lanePitch, 0, m_metrics.tableLaneHeight);
    m_lanes.append(table);
    const int tableLane = int(m_lanes.size()) - 1;
    for (RowMarker& marker : m_rowMarkers)
        marker.rect = laneBoxRect(tableLane, marker.slot);

    Badge summary;
    summary.lane = tableLane;
    summary.title = rowCountText(m_outcome.rows.size());
    summary.text = summary.title;
    if (m_outcome.violated()) {
        summary.note = u"duplicates"_s;
        summary.text += u", "_s + summary.note;
    }
    summary.detail = m_outcome.verdict();
    summary.role = m_outcome.violated() ? Palette::Role::Failure : Palette::Role::Success;
    summary.rect = QRectF(m_resultLeft, table.rect.top() + m_metrics.boxInset, m_metrics.badgeWidth,
        table.rect.height() - 2 * m_metrics.boxInset);
    m_badges.append(summary);

    for (Lane& lane : m_lanes)
        lane.rect.setWidth(right);
    m_size = QSizeF(right, m_lanes.constLast().rect.bottom());
}

TimelineLayout::Hit TimelineLayout::hitTest(QPointF point) const
{
    // Boxes are painted over wait bars, so they win.
    const int lane = laneAt(point.y());
    if (lane < 0)
        return {};
    const double pitch = m_metrics.slotPitch();
    const int slot = point.x() >= 0 ? int(point.x() / pitch) : -1;
    if (slot >= 0 && slot < m_boxes.size() && m_boxes.at(slot).lane == lane && m_boxes.at(slot).rect.contains(point))
        return { Hit::Kind::Box, slot };
    for (int i = 0; i < m_rowMarkers.size(); ++i) {
        if (m_rowMarkers.at(i).rect.contains(point))
            return { Hit::Kind::RowMarker, i };
    }
    for (int i = 0; i < m_badges.size(); ++i) {
        if (m_badges.at(i).rect.contains(point))
            return { Hit::Kind::Badge, i };
    }
    for (int i = 0; i < m_waitBars.size(); ++i) {
        if (m_waitBars.at(i).rect.contains(point))
            return { Hit::Kind::WaitBar, i };
    }
    return {};
}

int TimelineLayout::eventAt(QPointF point) const
{
    const Hit hit = hitTest(point);
    switch (hit.kind) {
    case Hit::Kind::Box:
        return m_boxes.at(hit.index).event;
    case Hit::Kind::WaitBar:
        return m_waitBars.at(hit.index).event;
    case Hit::Kind::RowMarker:
        return m_rowMarkers.at(hit.index).event;
    case Hit::Kind::Badge:
    case Hit::Kind::None:
        break;
    }
    return -1;
}

int TimelineLayout::laneAt(double y) const
{
    for (int i = 0; i < m_lanes.size(); ++i) {
        const QRectF& rect = m_lanes.at(i).rect;
        if (y >= rect.top() && y < rect.bottom())
            return i;
    }
    return -1;
}

} // namespace interleave
