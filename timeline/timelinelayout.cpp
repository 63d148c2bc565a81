// SPDX-License-Identifier: MIT
#include "timelinelayout.h"

#include "causalorder.h"
#include "lockwaits.h"
#include "statement.h"

#include <QMap>
#include <QMultiHash>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString idText(const QVariant& id)
{
    return id.toString();
}

// "row 1", "rows 1–2", "rows 1, 3, 4": the ids of the rows one INSERT made.
QString rowsText(const QList<QVariant>& ids)
{
    if (ids.size() == 1)
        return u"row "_s + idText(ids.first());
    QList<qint64> numbers;
    for (const QVariant& id : ids) {
        bool ok = false;
        numbers.append(id.toLongLong(&ok));
        if (!ok)
            numbers.clear();
        if (!ok)
            break;
    }
    std::sort(numbers.begin(), numbers.end());
    if (numbers.size() == ids.size() && numbers.last() - numbers.first() == numbers.size() - 1)
        return u"rows %1\u2013%2"_s.arg(numbers.first()).arg(numbers.last());
    QStringList words;
    for (const QVariant& id : ids)
        words.append(idText(id));
    return u"rows "_s + words.join(u", "_s);
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
    place();
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
    if (isOpen(event)) {
        detail = u"no reply yet"_s; // in flight: no result to show
    } else if (event.error.isError()) {
        detail = u"✕ "_s + event.error.className();
        separator = u" "_s;
    } else if (upper.startsWith(u"SELECT"_s) || upper.startsWith(u"WITH"_s)) {
        detail = rowCountText(event.rowCount());
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
    return result.text();
}

void TimelineLayout::setAxis(Axis axis)
{
    if (m_axis == axis)
        return;
    m_axis = axis;
    place();
}

TimelineLayout::BoxText TimelineLayout::boxText(int index) const
{
    BoxText text;
    if (index < 0 || index >= m_boxes.size())
        return text;
    const TraceEvent& event = m_trace.events.at(m_boxes.at(index).event);
    const QString sql = event.statement >= 0 && event.statement < m_trace.statements.size()
        ? m_trace.statements.at(event.statement)
        : QString();
    text.label = statementLabel(sql, event, &text.verb, &text.detail);
    if (!m_outcome.values.text.isEmpty())
        text.values = m_outcome.values.text.value(m_boxes.at(index).event);
    return text;
}

QString TimelineLayout::boxLabel(const Box& box) const
{
    return boxText(box.slot).label;
}

QRectF TimelineLayout::laneRect(int lane, double left, double width) const
{
    const QRectF rect = m_lanes.at(lane).rect;
    return QRectF(left, rect.top() + m_metrics.boxInset, width, rect.height() - 2 * m_metrics.boxInset);
}

const QList<int>& TimelineLayout::laneBoxes(int lane) const
{
    static const QList<int> none;
    return lane >= 0 && lane < m_laneBoxes.size() ? m_laneBoxes.at(lane) : none;
}

const QList<int>& TimelineLayout::laneWaitBars(int lane) const
{
    static const QList<int> none;
    return lane >= 0 && lane < m_laneWaitBars.size() ? m_laneWaitBars.at(lane) : none;
}

QList<int> TimelineLayout::waitBarsIn(int lane, double left, double right) const
{
    const QList<int>& bars = laneWaitBars(lane);
    auto first = std::lower_bound(
        bars.cbegin(), bars.cend(), left, [this](int bar, double x) { return m_waitBars.at(bar).rect.right() < x; });
    QList<int> result;
    for (; first != bars.cend() && m_waitBars.at(*first).rect.left() <= right; ++first)
        result.append(*first);
    return result;
}

std::pair<int, int> TimelineLayout::laneBoxRange(int lane, double left, double right) const
{
    if (lane < 0 || lane >= m_laneEdges.size() || m_laneEdges.at(lane).isEmpty())
        return { 0, 0 };
    // Boxes in a lane start in x order but may be wider than the gap to the next (minimum widths), so a box that
    // starts up to the lane's widest width before `left` can still reach into the range.
    const QList<Edges>& edges = m_laneEdges.at(lane);
    const double from = left - m_laneMaxWidth.at(lane);
    const auto first =
        std::lower_bound(edges.cbegin(), edges.cend(), from, [](const Edges& box, double x) { return box.left < x; });
    const auto last =
        std::upper_bound(first, edges.cend(), right, [](double x, const Edges& box) { return x < box.left; });
    return { int(first - edges.cbegin()), int(last - edges.cbegin()) };
}

bool TimelineLayout::isOpen(const TraceEvent& event)
{
    return event.endNs < event.startNs;
}

int TimelineLayout::statementSlotAt(qint64 ns) const
{
    return int(std::lower_bound(m_slotEnd.cbegin(), m_slotEnd.cend(), ns) - m_slotEnd.cbegin());
}

qint64 TimelineLayout::slotBegin(int slot) const
{
    // Where a slot's time begins: its statement's start, but never before the slot before it took effect.
    const qint64 end = m_slotEnd.at(slot);
    const qint64 start = m_trace.events.at(m_boxes.at(slot).event).startNs;
    return std::clamp(start, slot > 0 ? m_slotEnd.at(slot - 1) : std::min(start, end), end);
}

double TimelineLayout::xOfTime(qint64 ns) const
{
    if (m_boxes.isEmpty())
        return 0;
    if (m_axis == Axis::Time)
        return timeScale().mapTimeToX(double(ns));
    // The slot that took effect at or after ns: inside it from its beginning, in the gap before it until then.
    const int slot = statementSlotAt(ns);
    if (slot >= m_boxes.size())
        return slotLeft(int(m_boxes.size()) - 1) + m_metrics.slotWidth;
    const qint64 begin = slotBegin(slot);
    const qint64 end = m_slotEnd.at(slot);
    const double left = slotLeft(slot);
    if (ns >= begin)
        return end > begin ? left + m_metrics.slotWidth * double(ns - begin) / double(end - begin)
                           : left + m_metrics.slotWidth;
    if (slot == 0)
        return 0;
    const qint64 previous = m_slotEnd.at(slot - 1);
    const double fraction = begin > previous ? double(ns - previous) / double(begin - previous) : 1.0;
    return left - m_metrics.slotGap + m_metrics.slotGap * std::clamp(fraction, 0.0, 1.0);
}

qint64 TimelineLayout::timeOfX(double x) const
{
    if (m_boxes.isEmpty())
        return 0;
    if (m_axis == Axis::Time)
        return qint64(std::llround(timeScale().mapXToTime(x)));
    const double pitch = m_metrics.slotPitch();
    const int slot = std::clamp(int(std::floor(x / pitch)), 0, int(m_boxes.size()) - 1);
    const qint64 begin = slotBegin(slot);
    const qint64 end = m_slotEnd.at(slot);
    const double inSlot = x - slotLeft(slot);
    if (x < 0)
        return begin;
    if (inSlot <= m_metrics.slotWidth)
        return begin + qint64(double(end - begin) * inSlot / m_metrics.slotWidth);
    if (slot + 1 >= m_boxes.size())
        return std::max(end, m_endNs);
    const qint64 next = slotBegin(slot + 1);
    const double fraction = std::clamp((inSlot - m_metrics.slotWidth) / m_metrics.slotGap, 0.0, 1.0);
    return end + qint64(double(std::max<qint64>(0, next - end)) * fraction);
}

double TimelineLayout::axisValueOfX(double x) const
{
    return m_axis == Axis::Time ? timeScale().mapXToTime(x) - double(m_originNs) : x / m_metrics.slotPitch();
}

double TimelineLayout::xOfAxisValue(double value) const
{
    return m_axis == Axis::Time ? timeScale().mapTimeToX(value + double(m_originNs)) : value * m_metrics.slotPitch();
}

double TimelineLayout::axisLength() const
{
    return m_axis == Axis::Time ? double(std::max<qint64>(1, m_endNs - m_originNs)) : double(m_boxes.size());
}

void TimelineLayout::layout()
{
    m_lanes.clear();
    m_boxes.clear();
    m_waitBars.clear();
    m_arrows.clear();
    m_badges.clear();
    m_rowMarkers.clear();
    m_versionMarkers.clear();
    m_versionTracks = 0;
    m_laneBoxes.clear();
    m_laneRoles.clear();
    m_laneEdges.clear();
    m_laneMaxWidth.clear();
    m_laneWaitBars.clear();
    m_slotOfEvent = QList<int>(m_trace.events.size(), -1);
    m_slotEnd.clear();
    m_size = {};
    m_resultLeft = 0;
    m_originNs = 0;
    m_endNs = 0;

    const int workerCount = int(m_trace.workers.size());

    // Lanes: one per worker, then the table.
    for (int w = 0; w < workerCount; ++w) {
        Lane lane;
        lane.worker = w;
        lane.name = m_trace.workers.at(w);
        // "django_get_or_create · read committed": what the worker runs, and at which level.
        const QString& isolation = m_outcome.transactions.isolation;
        const QString recipe = m_recipes.value(w);
        lane.subtitle = isolation.isEmpty() ? recipe : recipe.isEmpty() ? isolation : recipe + u" · "_s + isolation;
        m_lanes.append(lane);
    }
    m_laneBoxes.resize(workerCount);
    m_laneRoles.resize(workerCount);
    m_laneMaxWidth.resize(workerCount);
    m_laneWaitBars.resize(workerCount);
    if (workerCount == 0 && m_outcome.rows.isEmpty()) {
        place();
        return;
    }

    // Slots: the order in which the statements took effect (CausalOrder): a statement at its reply, a released
    // waiter never before its holder's COMMIT, a statement still waiting last. So an IntegrityError never comes
    // before the row it hit. A lock wait takes no slot; it begins after the statements ranked before it.
    QList<int> statements;
    statements.reserve(m_trace.events.size());
    qint64 firstStart = std::numeric_limits<qint64>::max();
    QHash<int, int> waitBegins; // LockWait event -> how many statements took effect before it began
    for (int i = 0; i < m_trace.events.size(); ++i) {
        const TraceEvent& event = m_trace.events.at(i);
        m_endNs = std::max({ m_endNs, event.endNs, event.startNs });
        if (event.kind == EventKind::Statement && event.worker >= 0 && event.worker < workerCount)
            firstStart = std::min(firstStart, event.startNs);
    }
    const QList<LockWaits::Wait> waits = LockWaits::of(m_trace);
    for (const int i : CausalOrder::of(m_trace, waits)) {
        const TraceEvent& event = m_trace.events.at(i);
        if (event.worker < 0 || event.worker >= workerCount)
            continue;
        if (event.kind == EventKind::Statement)
            statements.append(i);
        else if (event.kind == EventKind::LockWait)
            waitBegins.insert(i, int(statements.size()));
    }
    if (!statements.isEmpty())
        m_originNs = firstStart;
    // Each slot's moment on the clock, kept monotone for the playhead's lookups (a released waiter's reply may be
    // recorded a moment before its holder's COMMIT reply).
    m_slotEnd.resize(statements.size());
    qint64 latest = std::numeric_limits<qint64>::min();
    for (int slot = 0; slot < statements.size(); ++slot) {
        const TraceEvent& event = m_trace.events.at(statements.at(slot));
        latest = std::max(latest, isOpen(event) ? m_endNs : event.endNs);
        m_slotEnd[slot] = latest;
        m_slotOfEvent[statements.at(slot)] = slot;
    }

    // A role per distinct SQL text: a million statements are mostly a few texts.
    m_roleOfStatement.clear();
    m_roleOfStatement.reserve(m_trace.statements.size());
    for (const QString& sql : std::as_const(m_trace.statements)) {
        QString verb = statementVerb(sql);
        if (verb.isEmpty())
            verb = sql.simplified().left(24);
        m_roleOfStatement.append(statementRole(verb, false));
    }

    m_boxes.reserve(statements.size());
    for (int slot = 0; slot < statements.size(); ++slot) {
        const int index = statements.at(slot);
        const TraceEvent& event = m_trace.events.at(index);
        Box box;
        box.event = index;
        box.lane = event.worker;
        box.slot = slot;
        box.error = event.error.isError();
        box.open = isOpen(event);
        box.role = box.error ? Palette::Role::Error : m_roleOfStatement.value(event.statement, Palette::Role::Other);
        m_boxes.append(box);
        m_laneBoxes[event.worker].append(slot);
        m_laneRoles[event.worker].append(quint8(box.role));
    }

    // Lock waits: one bar per waiting statement, however many LockWait events the backend reported for it, from
    // the slot where the wait began up to the box of the statement it ends in.
    m_waitBars.reserve(waits.size());
    for (const LockWaits::Wait& wait : waits) {
        const TraceEvent& statement = m_trace.events.at(wait.statementEvent);
        WaitBar bar;
        bar.event = wait.event;
        bar.statementEvent = wait.statementEvent;
        bar.lane = statement.worker;
        const int box = m_slotOfEvent.at(wait.statementEvent);
        // Never before the lane's statement before it (a wait is recorded from when the lock was asked for).
        const QList<int>& lane = m_laneBoxes.at(bar.lane);
        const auto own = std::lower_bound(lane.cbegin(), lane.cend(), box);
        const int previous = own == lane.cbegin() ? -1 : *(own - 1);
        bar.fromSlot = std::clamp(waitBegins.value(wait.event, box), previous + 1, box);
        bar.toSlot = std::max(bar.fromSlot, box - 1);
        bar.blockers = wait.blockers;
        bar.label = LockWaits::label(m_trace.workers, wait.blockers, wait.note);
        bar.shortLabel = wait.blockers.isEmpty() || wait.note.isEmpty()
            ? wait.note
            : LockWaits::heldBy(m_trace.workers, wait.blockers) + u" \u00b7 "_s + wait.note;
        m_waitBars.append(bar);
        m_boxes[box].waited = true;
    }
    for (int b = 0; b < m_waitBars.size(); ++b) {
        WaitBar& bar = m_waitBars[b];
        m_laneWaitBars[bar.lane].append(b);
    }

    // Result badges, in one column after the last slot.
    for (int w = 0; w < workerCount && w < m_outcome.results.size(); ++w) {
        const WorkerResult& result = m_outcome.results.at(w);
        Badge badge;
        badge.lane = w;
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
    // The INSERTs by every id they made (a multi-row INSERT made several): one pass over the trace, not one per row.
    QMultiHash<QString, int> insertsById;
    if (!m_outcome.rows.isEmpty()) {
        for (int i = 0; i < m_trace.events.size(); ++i) {
            const TraceEvent& event = m_trace.events.at(i);
            if (event.kind != EventKind::Statement || event.error.isError() || isOpen(event))
                continue;
            const bool hasId = event.insertId.isValid() && !event.insertId.isNull();
            if (!hasId && m_roleOfStatement.value(event.statement) != Palette::Role::Insert)
                continue; // a SELECT's rows are no new ids
            bool numeric = true;
            if (hasId)
                event.insertId.toLongLong(&numeric);
            if (!numeric) {
                insertsById.insert(idText(event.insertId), i); // an id that is no number
                continue;
            }
            for (const qint64 id : event.insertedIds())
                insertsById.insert(QString::number(id), i);
        }
    }
    // One marker per INSERT, for every final row it made: "row 1 · A", "rows 1–2 · A".
    QHash<int, int> markerOfEvent;
    for (int r = 0; r < m_outcome.rows.size(); ++r) {
        const Row& row = m_outcome.rows.at(r);
        const QVariant id = row.value(0);
        const int insertedBy = m_outcome.insertedBy.value(id.toLongLong(), -1);
        int insertEvent = -1; // the latest matching INSERT
        const QList<int> candidates = id.isValid() && !id.isNull() ? insertsById.values(idText(id)) : QList<int>();
        for (const int i : candidates) {
            if (insertedBy >= 0 && m_trace.events.at(i).worker != insertedBy)
                continue;
            insertEvent = std::max(insertEvent, i);
        }
        if (insertEvent < 0 || m_slotOfEvent.at(insertEvent) < 0) {
            ++initial;
            continue;
        }
        if (const auto known = markerOfEvent.constFind(insertEvent); known != markerOfEvent.cend()) {
            RowMarker& marker = m_rowMarkers[*known];
            marker.rows.append(r);
            marker.rowIds.append(id);
            marker.duplicate = marker.duplicate || duplicates.contains(r);
            continue;
        }
        RowMarker marker;
        marker.row = r;
        marker.rowId = id;
        marker.rows = { r };
        marker.rowIds = { id };
        marker.event = insertEvent;
        marker.worker = insertedBy >= 0 ? insertedBy : m_trace.events.at(insertEvent).worker;
        marker.slot = m_slotOfEvent.at(insertEvent);
        marker.duplicate = duplicates.contains(r);
        markerOfEvent.insert(insertEvent, int(m_rowMarkers.size()));
        m_rowMarkers.append(marker);
    }
    for (RowMarker& marker : m_rowMarkers)
        marker.label = rowsText(marker.rowIds) + u" · "_s + m_trace.workers.value(marker.worker, u"?"_s);
    // The versions the statements wrote (what the run's History worked out), each where it was written and where
    // its transaction ended.
    const QList<StatementValues::Version>& versions = m_outcome.values.versions;
    for (int v = 0; v < versions.size(); ++v) {
        const StatementValues::Version& version = versions.at(v);
        VersionMarker marker;
        marker.version = v;
        marker.writeBox = boxOfEvent(version.event);
        marker.endBox = boxOfEvent(version.endEvent);
        marker.aborted = version.aborted;
        if (marker.writeBox >= 0)
            m_versionMarkers.append(marker);
    }
    // Versions whose spans overlap (written, then committed later) go on tracks one under the other, each with the
    // rest of its last slot for its values; handed out left to right.
    std::stable_sort(m_versionMarkers.begin(), m_versionMarkers.end(),
        [](const VersionMarker& a, const VersionMarker& b) { return a.writeBox < b.writeBox; });
    QList<int> trackEnd; // per track, the first slot free again
    for (VersionMarker& marker : m_versionMarkers) {
        const int start = m_boxes.at(marker.writeBox).slot;
        const int end = std::max(start, marker.endBox >= 0 ? m_boxes.at(marker.endBox).slot : start) + 1;
        int track = 0;
        while (track < trackEnd.size() && trackEnd.at(track) > start)
            ++track;
        if (track == trackEnd.size())
            trackEnd.append(0);
        trackEnd[track] = end;
        marker.track = track;
    }
    m_versionTracks = int(trackEnd.size());
    const int initialRows = m_initialRows >= 0 ? m_initialRows : initial;
    table.subtitle = initialRows == 0 ? u"started empty"_s : u"started with "_s + rowCountText(initialRows);
    m_lanes.append(table);

    Badge summary;
    summary.lane = int(m_lanes.size()) - 1;
    summary.title = rowCountText(m_outcome.rows.size());
    summary.text = summary.title;
    if (m_outcome.violated()) {
        summary.note = u"duplicates"_s;
        summary.text += u", "_s + summary.note;
    }
    if (m_outcome.incomplete()) {
        summary.note = summary.note.isEmpty() ? u"incomplete"_s : summary.note + u", incomplete"_s;
        summary.text += u", incomplete"_s;
    }
    summary.detail = m_outcome.verdict();
    summary.role = m_outcome.passed() ? Palette::Role::Success : Palette::Role::Failure;
    if (m_boxes.isEmpty()) {
        // No statement has run (step mode before its first step): no verdict yet, neither good nor bad.
        summary.title = u"not run yet"_s;
        summary.text = summary.title;
        summary.note.clear();
        summary.detail = u"no statement has run yet: the verdict comes with the run"_s;
        summary.role = Palette::Role::Other;
    }
    m_badges.append(summary);
    place();
}

void TimelineLayout::place()
{
    // Everything here depends on the metrics and the axis only, so a zoom of a million statements is one pass
    // of arithmetic over the boxes: no strings, no hashing, no sorting.
    m_arrows.clear();
    m_size = {};
    m_resultLeft = 0;
    const int workerCount = int(m_trace.workers.size());
    const double lanePitch = m_metrics.laneHeight + m_metrics.laneGap;
    const bool time = m_axis == Axis::Time;
    for (int l = 0; l < m_lanes.size(); ++l) {
        Lane& lane = m_lanes[l];
        lane.rect = lane.isTable() ? QRectF(0, workerCount * lanePitch, 0, m_metrics.tableLaneHeight)
                                   : QRectF(0, l * lanePitch, 0, m_metrics.laneHeight);
    }
    if (m_lanes.isEmpty() || (workerCount == 0 && m_outcome.rows.isEmpty()))
        return;

    const TimeScale scale = timeScale();
    // An unfinished statement (a cancelled run) lasts until the trace ends.
    const auto endOf = [this](const TraceEvent& event) { return event.endNs > event.startNs ? event.endNs : m_endNs; };
    QList<double> laneTop(workerCount);
    for (int w = 0; w < workerCount; ++w)
        laneTop[w] = m_lanes.at(w).rect.top() + m_metrics.boxInset;
    const double boxHeight = m_metrics.laneHeight - 2 * m_metrics.boxInset;
    for (Box& box : m_boxes) {
        if (time) {
            const TraceEvent& event = m_trace.events.at(box.event);
            box.rect = QRectF(scale.mapTimeToX(double(event.startNs)), laneTop.at(box.lane),
                scale.width(double(endOf(event) - event.startNs), m_metrics.minBoxWidth), boxHeight);
        } else {
            box.rect = QRectF(slotLeft(box.slot), laneTop.at(box.lane), m_metrics.slotWidth, boxHeight); // no trace
        }
    }

    for (int b = 0; b < m_waitBars.size(); ++b) {
        WaitBar& bar = m_waitBars[b];
        Box& box = m_boxes[slotOfEvent(bar.statementEvent)];
        const QRectF first = box.rect;
        const double inset = std::min(6.0, first.height() / 6);
        if (time) {
            // On the time axis the wait is the first part of its statement, hatched; the box keeps the rest.
            const TraceEvent& wait = m_trace.events.at(bar.event);
            const double waitEnd =
                std::min(scale.mapTimeToX(double(endOf(wait))), first.right() - m_metrics.minBoxWidth);
            bar.rect = QRectF(
                first.left(), first.top() + inset, std::max(0.0, waitEnd - first.left()), first.height() - 2 * inset);
            box.rect.setLeft(std::max(first.left(), waitEnd));
        } else if (bar.fromSlot < box.slot) {
            // The wait fills the slots of what happened meanwhile and runs into the box: "waits for A" ▸ "INSERT".
            bar.rect = QRectF(slotLeft(bar.fromSlot), first.top() + inset, first.left() - slotLeft(bar.fromSlot),
                first.height() - 2 * inset);
        } else {
            // Nothing took effect during the wait: it takes the first part of its statement's slot.
            const double width = std::round(m_metrics.slotWidth / 3);
            bar.rect = QRectF(first.left(), first.top() + inset, width, first.height() - 2 * inset);
            box.rect.setLeft(first.left() + width);
        }

        // The arrows leave the wait near its start and point at the lane of each worker that held the lock.
        double x = bar.rect.left() + std::min(16.0, bar.rect.width() / 2);
        bar.firstArrow = int(m_arrows.size());
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
        bar.arrowCount = int(m_arrows.size()) - bar.firstArrow;
    }

    // One sequential pass over the boxes: a lane's boxes are in slot order, so its k-th box in slot order is its
    // k-th edge (walking each lane's index instead would jump through the boxes, a cache miss each).
    double slotsRight = 0;
    m_laneEdges.resize(workerCount);
    QList<Edges*> next(workerCount);
    for (int w = 0; w < workerCount; ++w) {
        m_laneEdges[w].resize(m_laneBoxes.at(w).size());
        next[w] = m_laneEdges[w].data();
        m_laneMaxWidth[w] = 0;
    }
    for (const Box& box : std::as_const(m_boxes)) {
        const QRectF& rect = box.rect;
        *next[box.lane]++ = { rect.left(), rect.right() };
        m_laneMaxWidth[box.lane] = std::max(m_laneMaxWidth.at(box.lane), rect.width());
        slotsRight = std::max(slotsRight, rect.right());
    }
    for (const WaitBar& bar : std::as_const(m_waitBars))
        slotsRight = std::max(slotsRight, bar.rect.right());

    placeStateBands(slotsRight);

    m_resultLeft = m_boxes.isEmpty() ? 0 : slotsRight + m_metrics.slotGap * 2;
    const double right = m_resultLeft + m_metrics.badgeWidth;
    for (Badge& badge : m_badges) {
        const QRectF laneRect = m_lanes.at(badge.lane).rect;
        badge.rect = QRectF(m_resultLeft, laneRect.top() + m_metrics.boxInset, m_metrics.badgeWidth,
            laneRect.height() - 2 * m_metrics.boxInset);
    }
    const int tableLane = int(m_lanes.size()) - 1;
    // With versions to show, the row markers take the lane's upper part and the versions a band below it.
    const QRectF tableInner = m_lanes.at(tableLane).rect.adjusted(0, m_metrics.boxInset, 0, -m_metrics.boxInset);
    const int tracks = std::max(1, m_versionTracks);
    const double markerHeight =
        m_versionMarkers.isEmpty() ? tableInner.height() : std::max(8.0, tableInner.height() / (1 + tracks) - 2);
    for (RowMarker& marker : m_rowMarkers) {
        if (time) {
            const QRectF box = m_boxes.at(marker.slot).rect;
            marker.rect = laneRect(tableLane, box.left(), box.width());
        } else {
            marker.rect = laneBoxRect(tableLane, marker.slot);
        }
        marker.rect.setHeight(markerHeight);
    }
    if (!m_versionMarkers.isEmpty()) {
        const double bandTop = tableInner.top() + markerHeight + 2;
        const double bandHeight = std::max(4.0, (tableInner.bottom() - bandTop) / m_versionTracks);
        const double size = std::clamp(bandHeight - 4, 4.0, 12.0);
        for (VersionMarker& marker : m_versionMarkers) {
            const double top = bandTop + marker.track * bandHeight;
            const double y = top + bandHeight / 2;
            const auto markerAt = [&](int box) {
                return QRectF(m_boxes.at(box).rect.center().x() - size / 2, y - size / 2, size, size);
            };
            marker.write = markerAt(marker.writeBox);
            // Committed at once (autocommit): its dot right after its square.
            marker.end = marker.endBox < 0         ? QRectF()
                : marker.endBox != marker.writeBox ? markerAt(marker.endBox)
                                                   : marker.write.translated(size + 3, 0);
            const double last = marker.end.isNull() ? marker.write.right() : marker.end.right();
            marker.band = QRectF(marker.write.left(), top, std::max(size, last - marker.write.left()), bandHeight);
        }
    }
    for (Lane& lane : m_lanes)
        lane.rect.setWidth(right);
    m_size = QSizeF(right, m_lanes.constLast().rect.bottom());
}

void TimelineLayout::placeStateBands(double slotsRight)
{
    m_stateBands.clear();
    const TransactionStates& states = m_outcome.transactions;
    const double height = std::max(2.0, m_metrics.boxInset - 2);
    for (int w = 0; w < workerLaneCount() && w < states.workers.size(); ++w) {
        const double top = m_lanes.at(w).rect.bottom() - m_metrics.boxInset + 1;
        const QList<TransactionStates::Change>& changes = states.workers.at(w);
        for (int c = 0; c < changes.size(); ++c) {
            const int box = boxOfEvent(changes.at(c).event);
            if (changes.at(c).state == TransactionStates::State::Idle || box < 0)
                continue;
            // Until the statement that changed it again: past a COMMIT or ROLLBACK, up to an error's box; a
            // transaction still open runs to the end.
            double right = slotsRight;
            const int next = c + 1 < changes.size() ? boxOfEvent(changes.at(c + 1).event) : -1;
            if (next >= 0) {
                const QRectF& rect = m_boxes.at(next).rect;
                right = changes.at(c + 1).state == TransactionStates::State::Idle ? rect.right() : rect.left();
            }
            const double left = m_boxes.at(box).rect.left();
            m_stateBands.append({ w, changes.at(c).state, QRectF(left, top, std::max(0.0, right - left), height) });
        }
    }
}

TimelineLayout::Hit TimelineLayout::hitTest(QPointF point, double tolerance) const
{
    // Boxes are painted over wait bars, so they win.
    const int lane = laneAt(point.y());
    if (lane < 0)
        return {};
    if (lane < m_laneBoxes.size()) {
        // The last box that starts at or before the point, or one that reaches it from further left.
        const auto [first, last] = laneBoxRange(lane, point.x() - tolerance, point.x() + tolerance);
        const QList<int>& boxes = m_laneBoxes.at(lane);
        int nearest = -1;
        double distance = tolerance;
        for (int i = last - 1; i >= first; --i) {
            const QRectF& rect = m_boxes.at(boxes.at(i)).rect;
            if (rect.contains(point))
                return { Hit::Kind::Box, boxes.at(i) };
            // Zoomed far out a box may be a fraction of a pixel wide: the nearest within the tolerance counts.
            if (point.y() < rect.top() || point.y() > rect.bottom())
                continue;
            const double d = point.x() < rect.left() ? rect.left() - point.x() : point.x() - rect.right();
            if (d <= distance) {
                distance = d;
                nearest = boxes.at(i);
            }
        }
        if (nearest >= 0)
            return { Hit::Kind::Box, nearest };
    }
    for (int i = 0; i < m_versionMarkers.size(); ++i) {
        const VersionMarker& marker = m_versionMarkers.at(i);
        if (marker.write.adjusted(-3, -3, 3, 3).contains(point) || marker.end.adjusted(-3, -3, 3, 3).contains(point))
            return { Hit::Kind::Version, i };
    }
    for (int i = 0; i < m_rowMarkers.size(); ++i) {
        if (m_rowMarkers.at(i).rect.contains(point))
            return { Hit::Kind::RowMarker, i };
    }
    for (int i = 0; i < m_badges.size(); ++i) {
        if (m_badges.at(i).rect.contains(point))
            return { Hit::Kind::Badge, i };
    }
    if (lane < m_laneWaitBars.size()) {
        const QList<int>& bars = m_laneWaitBars.at(lane);
        // Bars start in x order within a lane; the last one starting left of the point is the candidate (bars of
        // one lane never overlap: a worker waits for one statement at a time).
        auto after = std::upper_bound(bars.cbegin(), bars.cend(), point.x(),
            [this](double x, int bar) { return x < m_waitBars.at(bar).rect.left(); });
        if (after != bars.cbegin() && m_waitBars.at(*(after - 1)).rect.contains(point))
            return { Hit::Kind::WaitBar, *(after - 1) };
    }
    return {};
}

int TimelineLayout::eventAt(QPointF point, double tolerance) const
{
    const Hit hit = hitTest(point, tolerance);
    switch (hit.kind) {
    case Hit::Kind::Box:
        return m_boxes.at(hit.index).event;
    case Hit::Kind::WaitBar:
        return m_waitBars.at(hit.index).event;
    case Hit::Kind::RowMarker:
        return m_rowMarkers.at(hit.index).event;
    case Hit::Kind::Version:
        return m_outcome.values.versions.at(m_versionMarkers.at(hit.index).version).event;
    case Hit::Kind::Badge:
    case Hit::Kind::None:
        break;
    }
    return -1;
}

qsizetype TimelineLayout::memoryUsage() const
{
    qsizetype bytes = m_boxes.capacity() * qsizetype(sizeof(Box)) + m_slotOfEvent.capacity() * qsizetype(sizeof(int))
        + m_slotEnd.capacity() * qsizetype(sizeof(qint64)) + m_waitBars.capacity() * qsizetype(sizeof(WaitBar))
        + m_arrows.capacity() * qsizetype(sizeof(Arrow)) + m_rowMarkers.capacity() * qsizetype(sizeof(RowMarker))
        + m_versionMarkers.capacity() * qsizetype(sizeof(VersionMarker));
    for (const QList<int>& lane : m_laneBoxes)
        bytes += lane.capacity() * qsizetype(sizeof(int));
    for (const QList<Edges>& lane : m_laneEdges)
        bytes += lane.capacity() * qsizetype(sizeof(Edges));
    for (const QList<quint8>& lane : m_laneRoles)
        bytes += lane.capacity();
    for (const QList<int>& lane : m_laneWaitBars)
        bytes += lane.capacity() * qsizetype(sizeof(int));
    for (const WaitBar& bar : m_waitBars)
        bytes +=
            (bar.label.capacity() + bar.shortLabel.capacity()) * 2 + bar.blockers.capacity() * qsizetype(sizeof(int));
    return bytes;
}

QString TimelineLayout::versionText(int index) const
{
    if (index < 0 || index >= m_versionMarkers.size())
        return {};
    const VersionMarker& marker = m_versionMarkers.at(index);
    const StatementValues::Version& version = m_outcome.values.versions.at(marker.version);
    const auto step = [this](int box) -> QString { return u"step "_s + QString::number(m_boxes.at(box).slot + 1); };
    const auto who = [this](int box) { return m_trace.workers.value(m_boxes.at(box).lane); };
    QString text = u"row %1 \u00b7 %2 \u00b7 written by %3 (%4)"_s.arg(version.row)
                       .arg(version.values, who(marker.writeBox), step(marker.writeBox));
    if (marker.endBox < 0)
        text += u", never committed"_s;
    else if (marker.aborted)
        text += u", rolled back (%1)"_s.arg(step(marker.endBox));
    else if (marker.endBox == marker.writeBox)
        text += u", committed at once (autocommit)"_s;
    else
        text += u", committed (%1)"_s.arg(step(marker.endBox));
    return text;
}

QList<TimelineLayout::CycleEdge> TimelineLayout::cycleEdges(int anomaly) const
{
    QList<CycleEdge> edges;
    if (anomaly < 0 || anomaly >= m_outcome.anomalies.size())
        return edges;
    const QList<Dependency>& cycle = m_outcome.anomalies.at(anomaly).cycle;
    for (int d = 0; d < cycle.size(); ++d) {
        CycleEdge edge;
        edge.dependency = d;
        edge.kind = cycle.at(d).kind;
        edge.fromBox = boxOfEvent(cycle.at(d).fromEvent);
        edge.toBox = boxOfEvent(cycle.at(d).toEvent);
        if (edge.fromBox >= 0 && edge.toBox >= 0 && edge.fromBox != edge.toBox)
            edges.append(edge);
    }
    // Each end leaves its box on the side facing the other box's lane; ends that share a side of a box spread out
    // along it, so two edges never start at one point.
    struct End {
        int edge;
        bool from;
    };
    QHash<qint64, QList<End>> sides; // box * 2 + (bottom side) -> its ends
    const auto facesDown = [this](int box, int other) {
        return m_boxes.at(other).rect.center().y() > m_boxes.at(box).rect.center().y();
    };
    for (int e = 0; e < edges.size(); ++e) {
        const CycleEdge& edge = edges.at(e);
        sides[qint64(edge.fromBox) * 2 + (facesDown(edge.fromBox, edge.toBox) ? 1 : 0)].append({ e, true });
        sides[qint64(edge.toBox) * 2 + (facesDown(edge.toBox, edge.fromBox) ? 1 : 0)].append({ e, false });
    }
    for (auto it = sides.begin(); it != sides.end(); ++it) {
        const int box = int(it.key() / 2);
        const bool bottom = it.key() % 2 == 1;
        const QRectF rect = m_boxes.at(box).rect;
        QList<End>& ends = *it;
        // Left to right in the order of the boxes at their other ends, so the curves do not cross needlessly.
        std::sort(ends.begin(), ends.end(), [&](const End& a, const End& b) {
            const CycleEdge& ea = edges.at(a.edge);
            const CycleEdge& eb = edges.at(b.edge);
            return m_boxes.at(a.from ? ea.toBox : ea.fromBox).rect.center().x()
                < m_boxes.at(b.from ? eb.toBox : eb.fromBox).rect.center().x();
        });
        const double spread = std::min(14.0, rect.width() / double(ends.size() + 1));
        for (int k = 0; k < ends.size(); ++k) {
            const QPointF point(
                rect.center().x() + (k - (ends.size() - 1) / 2.0) * spread, bottom ? rect.bottom() : rect.top());
            CycleEdge& edge = edges[ends.at(k).edge];
            (ends.at(k).from ? edge.from : edge.to) = point;
        }
    }
    // Each curve leaves its box vertically into the gap beside it and runs along a track of that gap to the other
    // box; edges that share a gap take tracks of their own, so two lines never lie on one another.
    const auto gapBelow = [this](int lane) {
        return (m_lanes.at(lane).rect.bottom() + m_lanes.at(lane + 1).rect.top()) / 2;
    };
    const auto gapOf = [&](int box, int other) {
        const int lane = m_boxes.at(box).lane;
        return facesDown(box, other) ? gapBelow(lane) : gapBelow(lane - 1);
    };
    QMap<double, QList<int>> byGap; // the gap the curve leaves into -> its edges
    for (int e = 0; e < edges.size(); ++e)
        byGap[gapOf(edges.at(e).fromBox, edges.at(e).toBox)].append(e);
    const double room = m_metrics.laneGap + 2 * m_metrics.boxInset - 4; // the gap between two lanes' boxes
    for (QList<int>& shared : byGap) {
        std::sort(
            shared.begin(), shared.end(), [&](int a, int b) { return edges.at(a).from.x() < edges.at(b).from.x(); });
        const double pitch = shared.size() > 1 ? std::min(6.0, room / double(shared.size() - 1)) : 0;
        for (int k = 0; k < shared.size(); ++k) {
            CycleEdge& edge = edges[shared.at(k)];
            const double track = (k - (shared.size() - 1) / 2.0) * pitch;
            edge.control1 = QPointF(edge.from.x(), gapOf(edge.fromBox, edge.toBox) + track);
            edge.control2 = QPointF(edge.to.x(), gapOf(edge.toBox, edge.fromBox) + track);
            edge.middle = (edge.from + 3 * edge.control1 + 3 * edge.control2 + edge.to) / 8; // the curve at t = 1/2
        }
    }
    return edges;
}

QList<int> TimelineLayout::cycleBoxes(int anomaly) const
{
    QList<int> boxes;
    if (anomaly < 0 || anomaly >= m_outcome.anomalies.size())
        return boxes;
    for (const Dependency& d : m_outcome.anomalies.at(anomaly).cycle) {
        for (const int event : { d.fromEvent, d.toEvent }) {
            const int box = boxOfEvent(event);
            if (box >= 0 && !boxes.contains(box))
                boxes.append(box);
        }
    }
    return boxes;
}

QRectF TimelineLayout::cycleRect(int anomaly) const
{
    QRectF rect;
    for (const int box : cycleBoxes(anomaly))
        rect = rect.isNull() ? m_boxes.at(box).rect : rect.united(m_boxes.at(box).rect);
    return rect;
}

int TimelineLayout::laneAt(double y) const
{
    const auto after = std::upper_bound(
        m_lanes.cbegin(), m_lanes.cend(), y, [](double value, const Lane& lane) { return value < lane.rect.top(); });
    if (after == m_lanes.cbegin())
        return -1;
    const int lane = int(after - m_lanes.cbegin()) - 1;
    return y < m_lanes.at(lane).rect.bottom() ? lane : -1;
}

} // namespace interleave
