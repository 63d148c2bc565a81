// SPDX-License-Identifier: MIT
#include "timelinepainter.h"

#include "oneline.h"
#include "timelinelod.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Integer rectangles for the raster engine's fast path (STYLE.md: antialiasing off, no pen, drawRects).
QRect snapped(const QRectF& rect)
{
    const int left = qRound(rect.left());
    const int top = qRound(rect.top());
    return QRect(left, top, std::max(1, qRound(rect.right()) - left), std::max(1, qRound(rect.bottom()) - top));
}

void drawArrowHead(QPainter& painter, QPointF tip, QPointF from, double size)
{
    const QPointF d = tip - from;
    const double length = std::hypot(d.x(), d.y());
    if (length < 1e-6)
        return;
    const QPointF u = d / length;
    const QPointF n(-u.y(), u.x());
    const QPointF base = tip - u * size;
    const QPointF points[3] = { tip, base + n * (size * 0.5), base - n * (size * 0.5) };
    painter.drawPolygon(points, 3);
}

} // namespace

TimelinePainter::TimelinePainter(const TimelineLayout& layout)
    : m_layout(layout)
{
    setOptions(Options());
}

TimelinePainter::TimelinePainter(const TimelineLayout& layout, const Options& options)
    : m_layout(layout)
{
    setOptions(options);
}

void TimelinePainter::setOptions(const Options& options)
{
    m_options = options;
    m_font = options.font;
    if (options.fontScale != 1.0 && options.fontScale > 0) {
        if (m_font.pointSizeF() > 0)
            m_font.setPointSizeF(m_font.pointSizeF() * options.fontScale);
        else
            m_font.setPixelSize(std::max(1, qRound(m_font.pixelSize() * options.fontScale)));
    }
    m_twoLineWidth = -1;
}

QFont TimelinePainter::boldFont() const
{
    QFont bold = m_font;
    bold.setBold(true);
    return bold;
}

QFont TimelinePainter::smallFont() const
{
    QFont small = m_font;
    if (small.pointSizeF() > 0)
        small.setPointSizeF(m_font.pointSizeF() * 0.9);
    else
        small.setPixelSize(std::max(1, qRound(m_font.pixelSize() * 0.9)));
    return small;
}

int TimelinePainter::headerWidth() const
{
    if (!m_options.headerColumn)
        return 0;
    // Room for each lane's name and recipe on one line ("A  django_get_or_create"), and for a subtitle with its
    // isolation ("django_get_or_create · serializable"), as the font makes them (a presenter's font makes the column
    // wider); a longer one than any shipped recipe's is cut in its middle.
    const QFontMetricsF bold(boldFont());
    const QFontMetricsF small(smallFont());
    double widest = small.horizontalAdvance(u"django_get_or_create"_s);
    for (const auto& lane : m_layout.lanes()) {
        // The table lane is always tall enough for its two lines.
        const double name = bold.horizontalAdvance(lane.name);
        const double subtitle = small.horizontalAdvance(lane.subtitle);
        widest = std::max(widest,
            lane.isTable() || lane.subtitle.isEmpty() ? std::max(name, subtitle)
                                                      : name + bold.horizontalAdvance(u"  "_s) + subtitle);
    }
    return int(std::clamp(widest + 26, 110.0, std::max(190.0, 36 * small.averageCharWidth() + 26)));
}

int TimelinePainter::axisHeight() const
{
    if (!m_options.axis)
        return 0;
    return int(QFontMetricsF(m_font).height() + 10);
}

TimelineLayout::Metrics TimelinePainter::fittedMetrics(QSizeF size, Fit fit) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF bold(boldFont());
    const QFontMetricsF small(smallFont());

    // Lanes share the height, between one line of text in a box and two (the verb above its detail).
    TimelineLayout::Metrics metrics = m_layout.metrics();
    metrics.slotGap = TimelineLayout::Metrics().slotGap; // a zoom may have narrowed it
    const double line = fm.lineSpacing();
    const int lanes = std::max(1, m_layout.workerLaneCount());
    metrics.laneGap = lanes > 6 ? 4 : 6;
    metrics.tableLaneHeight = std::max(30.0, bold.height() + small.height() + 8); // its header has two lines
    // A band per track of row versions under the row markers.
    metrics.tableLaneHeight += m_layout.versionTracks() * (small.height() + 4);
    const double oneLine = line + 6; // ten lanes fit the default window
    const double twoLines = 2 * line + 18;
    // A third line for what each statement read or wrote, when the run says it.
    const double threeLines = bold.height() + small.height() + line + 16;
    const bool values = !m_layout.outcome().values.text.isEmpty();
    const double height = size.height() - axisHeight() - metrics.tableLaneHeight - 8;
    metrics.laneHeight = std::clamp(
        height / lanes - metrics.laneGap, oneLine, values ? std::max(threeLines, twoLines) + 10 : twoLines + 10);
    metrics.boxInset = metrics.laneHeight >= twoLines ? 5 : metrics.laneHeight >= line + 12 ? 3 : 2;

    // The result column is as wide as its widest badge.
    double result = 0;
    for (const auto& badge : m_layout.badges()) {
        const bool table = m_layout.lanes().value(badge.lane).isTable();
        const double available = (table ? metrics.tableLaneHeight : metrics.laneHeight) - 2 * metrics.boxInset;
        result = std::max(result, pillSize(badge, available).width());
    }
    metrics.badgeWidth = std::clamp(result + 4, 60.0, 280.0);

    // Slots share the width left of the results: a run whose slots keep a legible width fits (its labels shorten),
    // no wider than makes a short run look sparse; a longer one scrolls at the width whole words need, unless the
    // whole run is asked for.
    const int slots = std::max(1, m_layout.slotCount());
    const double gap = metrics.slotGap;
    const double pitch = (slotsWidth(size.width(), metrics.badgeWidth, gap) + gap) / slots;
    const double readable = readableSlotWidth(metrics);
    // Narrow slots get narrow gaps (a smaller gap only makes room: pitch is worked out for the full one).
    const double narrowGap = std::clamp(pitch / 8, 2.0, gap);
    if (pitch - gap >= legibleSlotWidth()) {
        metrics.slotWidth = std::min(pitch - gap, std::max(readable, 190.0));
    } else if (pitch - narrowGap >= legibleSlotWidth()) {
        metrics.slotGap = narrowGap;
        metrics.slotWidth = pitch - narrowGap;
    } else if (fit == Fit::Whole) {
        // As narrow as it takes; the gap shrinks with the slot (as a zoom's does), which only makes room.
        metrics.slotGap = std::min(gap, std::max(0.0, pitch) / 16);
        metrics.slotWidth = std::max(pitch - metrics.slotGap, 1e-6);
    } else {
        metrics.slotWidth = readable;
    }
    return metrics;
}

double TimelinePainter::slotsWidth(double frameWidth, double badgeWidth, double slotGap) const
{
    // The results' column starts two gaps after the last box and ends resultMargin short of naturalSize()'s width.
    return std::max(1.0, frameWidth - headerWidth() - badgeWidth - 2 * slotGap - resultMargin);
}

double TimelinePainter::readableSlotWidth(const TimelineLayout::Metrics& metrics) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF bold(boldFont());
    const QFontMetricsF small(smallFont());
    const bool roomy = metrics.laneHeight - 2 * metrics.boxInset - 4 >= bold.height() + small.height();
    return roomy ? std::max(bold.horizontalAdvance(u"ROLLBACK"_s), small.horizontalAdvance(u"✕ IntegrityError"_s)) + 13
                 : fm.horizontalAdvance(u"SELECT · 0 rows"_s) + 13;
}

double TimelinePainter::legibleSlotWidth() const
{
    // A verb's first letter ("S…", "I…") in a box of its colour; paintBoxes() writes no word in a narrower box.
    return QFontMetricsF(m_font).horizontalAdvance(u"S…"_s) + 6;
}

bool TimelinePainter::twoLineLabels() const
{
    // Two lines only when the lanes are tall enough for them and some label would not fit on one.
    const auto& metrics = m_layout.metrics();
    const double key = metrics.slotWidth * 1e3 + metrics.laneHeight + double(m_layout.slotCount()) * 1e-7;
    if (key == m_twoLineWidth)
        return m_twoLineLabels;
    m_twoLineWidth = key;
    m_twoLineLabels = false;
    const QFontMetricsF fm(m_font);
    const QFontMetricsF bold(boldFont());
    const QFontMetricsF small(smallFont());
    const bool roomy = metrics.laneHeight - 2 * metrics.boxInset - 4 >= bold.height() + small.height();
    if (roomy) {
        // Labels are made on demand; a few thousand boxes tell as well as a million.
        const double inner = metrics.slotWidth - 11;
        const int count = std::min(m_layout.slotCount(), 4096);
        for (int i = 0; i < count; ++i) {
            if (fm.horizontalAdvance(m_layout.boxText(i).label) > inner) {
                m_twoLineLabels = true;
                break;
            }
        }
    }
    return m_twoLineLabels;
}

QSizeF TimelinePainter::naturalSize() const
{
    const QSizeF size = m_layout.isEmpty() ? QSizeF() : m_layout.size();
    return { std::ceil(size.width()) + headerWidth() + resultMargin, std::ceil(size.height()) + axisHeight() + 6 };
}

double TimelinePainter::preferredHeight(int workerLanes) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF bold(boldFont());
    const QFontMetricsF small(smallFont());
    const int lanes = std::max(1, workerLanes);
    const bool values = !m_layout.outcome().values.text.isEmpty();
    const double lines = values
        ? std::max(bold.height() + small.height() + fm.lineSpacing() + 16 + 10, 2 * fm.lineSpacing() + 18)
        : 2 * fm.lineSpacing() + 18;
    const double lane = lines + (lanes > 6 ? 4 : 6);
    const double table =
        std::max(30.0, bold.height() + small.height() + 8) + m_layout.versionTracks() * (small.height() + 4);
    return fm.height() + 10 + lanes * lane + table + 8;
}

void TimelinePainter::setFrame(QSizeF size, QPointF scroll)
{
    m_size = size;
    m_scroll = scroll;
}

QPointF TimelinePainter::mapToLayout(QPointF framePos) const
{
    return framePos - QPointF(headerWidth(), axisHeight()) + m_scroll;
}

QPointF TimelinePainter::mapFromLayout(QPointF layoutPos) const
{
    return layoutPos + QPointF(headerWidth(), axisHeight()) - m_scroll;
}

QRectF TimelinePainter::visibleLayoutRect() const
{
    return QRectF(m_scroll, QSizeF(m_size.width() - headerWidth(), m_size.height() - axisHeight()));
}

QSizeF TimelinePainter::pillSize(const TimelineLayout::Badge& badge, double availableHeight) const
{
    const QFontMetricsF bold(boldFont());
    const QFontMetricsF small(smallFont());
    const double twoLineHeight = bold.height() + small.height() + 6;
    if (!badge.note.isEmpty() && availableHeight >= twoLineHeight)
        return { std::max(bold.horizontalAdvance(badge.title), small.horizontalAdvance(badge.note)) + 22,
            twoLineHeight };
    return { bold.horizontalAdvance(badge.text) + 20, std::min(availableHeight, bold.height() + 8) };
}

double TimelinePainter::resultColumnX() const
{
    const double inLayout = mapFromLayout(QPointF(m_layout.resultColumnLeft(), 0)).x();
    const double pinned = m_size.width() - m_layout.metrics().badgeWidth - 2;
    return std::max(double(headerWidth()), std::min(inLayout, pinned));
}

bool TimelinePainter::resultColumnPinned() const
{
    return mapFromLayout(QPointF(m_layout.resultColumnLeft(), 0)).x() > resultColumnX() + 0.5;
}

QRectF TimelinePainter::badgePill(int index) const
{
    const auto& badge = m_layout.badges().at(index);
    const QRectF rect(QPointF(resultColumnX(), mapFromLayout(badge.rect.topLeft()).y()), badge.rect.size());
    const QSizeF size = pillSize(badge, rect.height());
    return QRectF(
        rect.left(), rect.center().y() - size.height() / 2, std::min(size.width(), rect.width()), size.height());
}

void TimelinePainter::paint(QPainter& painter, const QRectF& target, double layoutLeft, double layoutTop)
{
    setFrame(target.size(), QPointF(layoutLeft, layoutTop));
    paint(painter, target.topLeft());
}

void TimelinePainter::paint(QPainter& painter, QPointF topLeft)
{
    painter.save();
    painter.translate(topLeft);
    painter.setClipRect(QRectF(QPointF(0, 0), m_size), Qt::IntersectClip);
    painter.setFont(m_font);
    painter.fillRect(QRectF(QPointF(0, 0), m_size), color(Palette::Role::Background));
    if (m_layout.isEmpty()) {
        painter.restore();
        return;
    }
    const int header = headerWidth();
    const int axis = axisHeight();
    const QRect data(header, axis, frameWidth() - header, frameHeight() - axis);
    const QPointF origin = mapFromLayout(QPointF(0, 0));
    const QRectF visible = visibleLayoutRect();

    painter.save();
    painter.setClipRect(data, Qt::IntersectClip);
    painter.translate(origin);
    paintLanes(painter, visible);
    paintStateBands(painter, visible);
    paintWaits(painter, visible);
    paintBoxes(painter, visible);
    paintRowMarkers(painter, visible);
    paintVersions(painter, visible);
    paintArrows(painter, visible);
    paintCycle(painter, visible);
    painter.restore();

    painter.save();
    painter.setClipRect(data, Qt::IntersectClip);
    paintBadges(painter);
    painter.restore();

    if (header > 0)
        paintHeaders(painter);
    if (axis > 0)
        paintAxis(painter);
    paintPlayhead(painter);
    painter.restore();
}

void TimelinePainter::paintEmpty(QPainter& painter, const QRectF& rect, const QString& text) const
{
    painter.save();
    painter.fillRect(rect, color(Palette::Role::Background));
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    QFont big = m_font;
    if (big.pointSizeF() > 0)
        big.setPointSizeF(big.pointSizeF() * 1.4);
    painter.setFont(big);
    painter.setPen(color(Palette::Role::TextMuted));
    painter.drawText(rect.adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, text);
    painter.restore();
}

QList<TimelinePainter::Tick> TimelinePainter::ticks(const QRectF& visible) const
{
    QList<Tick> result;
    if (m_layout.isEmpty())
        return result;
    const QFontMetricsF small(smallFont());
    if (m_layout.axis() == TimelineLayout::Axis::Sequence) {
        // Every step while there is room for its number, else every 2nd, 5th, 10th, ... step.
        const double pitch = m_layout.metrics().slotPitch();
        const double labelWidth = small.horizontalAdvance(QString::number(m_layout.slotCount())) + 16;
        int step = 1;
        for (int decade = 1; step * pitch < labelWidth; decade *= 10) {
            for (const int factor : { 1, 2, 5 }) {
                step = factor * decade;
                if (step * pitch >= labelWidth)
                    break;
            }
            if (step * pitch >= labelWidth)
                break;
            step = 10 * decade;
        }
        const int first = std::max(0, int(visible.left() / pitch) / step * step);
        const int last = std::min(m_layout.slotCount() - 1, int(visible.right() / pitch) + 1);
        for (int slot = first; slot <= last; slot += step)
            result.append({ m_layout.slotLeft(slot), slot, QString::number(slot + 1) });
        return result;
    }
    // Time: a tick every 1, 2 or 5 times a power of ten nanoseconds, at least a label's width apart.
    const TimeScale scale = m_layout.timeScale();
    const double minimum = small.horizontalAdvance(u"00.000 ms"_s) + 20;
    double interval = 1;
    while (interval * scale.pixelsPerNs() < minimum) {
        const double decade = std::pow(10.0, std::floor(std::log10(interval)));
        const double leading = interval / decade;
        interval = (leading < 1.5 ? 2 : leading < 3.5 ? 5 : 10) * decade;
    }
    const double startNs = std::floor(scale.mapXToTime(visible.left()) / interval) * interval;
    const int decimals = std::clamp(int(std::ceil(-std::log10(interval / 1e6))), 0, 6);
    // No tick in the results' column: its grid line would cross the badges.
    const double right = std::min(visible.right() + minimum, m_layout.resultColumnLeft() - 1);
    for (double t = std::max(0.0, startNs); scale.mapTimeToX(t) <= right; t += interval) {
        const QString label = interval >= 1e9 ? QString::number(t / 1e9, 'f', std::max(0, decimals - 3)) + u" s"_s
                                              : QString::number(t / 1e6, 'f', decimals) + u" ms"_s;
        result.append({ scale.mapTimeToX(t), -1, label });
    }
    return result;
}

QColor TimelinePainter::faded(const QColor& colour) const
{
    // Events after the playhead are still there, only quiet: more than half way to the background (a quarter of
    // the colour left was too faint to find on the dark theme).
    const QColor background = color(Palette::Role::Background);
    const auto mix = [](int a, int b) { return (2 * a + 3 * b) / 5; };
    return QColor(mix(colour.red(), background.red()), mix(colour.green(), background.green()),
        mix(colour.blue(), background.blue()));
}

qint64 TimelinePainter::fadeAfter() const
{
    return m_options.playheadNs < m_layout.endNs() ? m_options.playheadNs : TimelineLod::noFade;
}

void TimelinePainter::paintLanes(QPainter& painter, const QRectF& visible) const
{
    painter.setRenderHint(QPainter::Antialiasing, false);
    const auto& lanes = m_layout.lanes();
    for (int i = 0; i < lanes.size(); ++i) {
        const TimelineLayout::Lane& lane = lanes.at(i);
        const Palette::Role role = lane.isTable() ? Palette::Role::TableLane
            : (i % 2 == 0)                        ? Palette::Role::LaneBackground
                                                  : Palette::Role::LaneBackgroundAlt;
        // Lanes run under the whole visible width, not only as far as the last badge.
        QRectF rect(visible.left(), lane.rect.top(), visible.width(), lane.rect.height());
        if (rect.intersects(visible))
            painter.fillRect(snapped(rect), color(role));
    }

    // A faint line between neighbouring slots (or at each time tick), so a step can be followed from lane to lane.
    const auto& metrics = m_layout.metrics();
    const double bottom = lanes.isEmpty() ? 0 : lanes.constLast().rect.bottom();
    QList<QRect> lines;
    const bool everySlot = m_layout.axis() == TimelineLayout::Axis::Sequence && metrics.slotPitch() >= 6;
    if (everySlot) {
        const int first = std::max(0, int(visible.left() / metrics.slotPitch()));
        const int last = std::min(m_layout.slotCount(), int(visible.right() / metrics.slotPitch()) + 1);
        for (int slot = std::max(1, first); slot <= last && slot < m_layout.slotCount(); ++slot)
            lines.append(QRect(qRound(m_layout.slotLeft(slot) - metrics.slotGap / 2), 0, 1, int(bottom)));
    } else {
        for (const Tick& tick : ticks(visible))
            lines.append(QRect(qRound(tick.x), 0, 1, int(bottom)));
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(color(Palette::Role::Grid));
    painter.drawRects(lines.constData(), int(lines.size()));
}

void TimelinePainter::paintWaits(QPainter& painter, const QRectF& visible) const
{
    painter.setRenderHint(QPainter::Antialiasing, false);
    const qint64 fadeAfterNs = fadeAfter();
    // One pass of rectangles (each pixel column once per lane), then one fill and one hatch per group.
    QList<QRect> rects[2]; // now, faded
    QList<int> labelBars;
    const double fadeX =
        fadeAfterNs == TimelineLod::noFade ? std::numeric_limits<double>::infinity() : m_layout.xOfTime(fadeAfterNs);
    for (int lane = 0; lane < m_layout.workerLaneCount(); ++lane) {
        const QRectF laneRect = m_layout.lanes().at(lane).rect;
        if (laneRect.bottom() < visible.top() || laneRect.top() > visible.bottom())
            continue;
        int covered = std::numeric_limits<int>::min(); // each pixel column once per lane
        for (const int b : m_layout.waitBarsIn(lane, visible.left(), visible.right())) {
            const auto& bar = m_layout.waitBars().at(b);
            QRect rect = snapped(bar.rect);
            if (rect.right() < covered)
                continue;
            if (rect.left() < covered)
                rect.setLeft(covered);
            covered = rect.right() + 1;
            rects[bar.rect.left() > fadeX ? 1 : 0].append(rect);
            if (bar.rect.width() >= 40)
                labelBars.append(b);
        }
    }
    for (int f = 0; f < 2; ++f) {
        if (rects[f].isEmpty())
            continue;
        const QColor fill = color(Palette::Role::LockWait);
        const QColor hatch = color(Palette::Role::LockWaitHatch);
        painter.setPen(Qt::NoPen);
        painter.setBrush(f ? faded(fill) : fill);
        painter.drawRects(rects[f].constData(), int(rects[f].size()));
        painter.setBrush(QBrush(f ? faded(hatch) : hatch, Qt::BDiagPattern));
        painter.drawRects(rects[f].constData(), int(rects[f].size()));
    }
    // The label goes in the part of the bar that the box does not cover.
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    const QColor fill = color(Palette::Role::LockWait);
    const QFontMetrics fm(m_font);
    for (const int b : std::as_const(labelBars)) {
        const auto& bar = m_layout.waitBars().at(b);
        // The box follows the wait on both axes: the words go after the arrows.
        const QRectF free(bar.rect.left() + 26, bar.rect.top(), bar.rect.width() - 30, bar.rect.height());
        if (free.width() < fm.horizontalAdvance(u"waits"_s))
            continue;
        const bool isFaded = bar.rect.left() > fadeX;
        // The first words that fit whole: all of it ("waits for A · ended by 2067 integrity error"), who it waited
        // for ("waits for A"; the box it ends in says how), the same on two lines in a bar one slot wide ("waits" /
        // "for A"), how it ended ("A · lock acquired"), or "waits".
        const QString waitsFor = bar.label.section(u" \u00b7 "_s, 0, 0);
        QString twoLines;
        if (waitsFor.startsWith(u"waits "_s) && free.height() >= 2 * fm.height() + 2)
            twoLines = u"waits\n"_s + waitsFor.mid(6);
        QString text;
        for (const QString& words : { bar.label, waitsFor, twoLines, bar.shortLabel, u"waits"_s }) {
            if (words.isEmpty())
                continue;
            int width = 0;
            for (const QString& line : words.split(u'\n'))
                width = std::max(width, fm.horizontalAdvance(line));
            if (width <= int(free.width())) {
                text = words;
                break;
            }
        }
        const QStringList lines = text.split(u'\n');
        int textWidth = 0;
        for (const QString& line : lines)
            textWidth = std::max(textWidth, fm.horizontalAdvance(line));
        const double textHeight = lines.size() * fm.height();
        // A plate behind the words keeps them readable over the hatching.
        const QRectF plate(free.left() - 3, free.center().y() - textHeight / 2.0 - 1, textWidth + 6, textHeight + 2);
        painter.fillRect(snapped(plate), isFaded ? faded(fill) : fill);
        painter.setPen(isFaded ? faded(color(Palette::Role::Text)) : color(Palette::Role::Text));
        painter.drawText(free, Qt::AlignVCenter | Qt::AlignLeft, text);
    }
}

void TimelinePainter::paintStateBands(QPainter& painter, const QRectF& visible) const
{
    // In a transaction in the muted text colour (the transaction boxes' own is too pale for a thin line), aborted in
    // the error colour; idle has no band.
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    for (const auto& band : m_layout.stateBands()) {
        if (!band.rect.intersects(visible))
            continue;
        const bool aborted = band.state == TransactionStates::State::Aborted;
        painter.setBrush(color(aborted ? Palette::Role::Error : Palette::Role::TextMuted));
        painter.drawRect(snapped(band.rect));
    }
}

void TimelinePainter::paintBoxes(QPainter& painter, const QRectF& visible) const
{
    const qint64 fadeAfterNs = fadeAfter();
    m_lod.reduce(m_layout, visible, fadeAfterNs);

    // One drawRects call per colour.
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    for (int r = 0; r < int(Palette::Role::Count_); ++r) {
        for (const bool isFaded : { false, true }) {
            const QList<QRect>& rects = m_lod.rects(Palette::Role(r), isFaded);
            if (rects.isEmpty())
                continue;
            const QColor fill = color(Palette::Role(r));
            painter.setBrush(isFaded ? faded(fill) : fill);
            painter.drawRects(rects.constData(), int(rects.size()));
        }
    }

    // A statement that waited for a lock keeps an amber frame, so the wait is visible even when no other
    // statement started during it and its bar hides behind the box.
    const auto& boxes = m_layout.boxes();
    const auto& events = m_layout.trace().events;
    painter.setBrush(Qt::NoBrush);
    for (const int i : m_lod.detailed()) {
        const auto& box = boxes.at(i);
        if (box.waited && m_layout.axis() == TimelineLayout::Axis::Sequence) {
            const QColor frame = color(Palette::Role::LockWaitHatch);
            painter.setPen(QPen(events.at(box.event).startNs > fadeAfterNs ? faded(frame) : frame, 2));
            painter.drawRect(snapped(box.rect).adjusted(1, 1, -1, -1));
        }
        if (box.event == m_options.hoverEvent && m_options.hoverEvent >= 0) {
            painter.setPen(QPen(color(Palette::Role::Highlight), 2));
            painter.drawRect(snapped(box.rect).adjusted(1, 1, -1, -1));
        }
    }

    painter.setRenderHint(QPainter::TextAntialiasing, true);
    const QFont fonts[3] = { m_font, boldFont(), smallFont() };
    for (const int i : m_lod.detailed()) {
        const auto& box = boxes.at(i);
        if (!box.rect.intersects(visible))
            continue;
        const QList<BoxLine> lines = boxLines(i);
        if (lines.isEmpty())
            continue; // too narrow for a word: the tooltip tells
        const QColor pen = color(box.error ? Palette::Role::ErrorText : Palette::Role::BoxText);
        painter.setPen(events.at(box.event).startNs > fadeAfterNs ? faded(pen) : pen);
        for (const BoxLine& line : lines) {
            painter.setFont(fonts[int(line.font)]);
            painter.drawText(line.rect, Qt::AlignLeft | Qt::AlignVCenter, line.text);
        }
    }
    painter.setFont(m_font);
}

QStringList TimelinePainter::boxTexts(int index) const
{
    QStringList texts;
    for (const BoxLine& line : boxLines(index))
        texts.append(line.text);
    return texts;
}

QList<TimelinePainter::BoxLine> TimelinePainter::boxLines(int index) const
{
    QList<BoxLine> lines;
    if (index < 0 || index >= m_layout.boxes().size())
        return lines;
    const auto& box = m_layout.boxes().at(index);
    const QFontMetricsF fm(m_font);
    const QFontMetricsF boldFm(boldFont());
    const QFontMetricsF smallFm(smallFont());
    if (box.rect.width() < legibleSlotWidth() - 0.5)
        return lines; // too narrow for a word
    const TimelineLayout::BoxText text = m_layout.boxText(index);
    // A narrow box keeps less room around its words.
    const bool narrow = box.rect.width() < fm.horizontalAdvance(u"SEL…"_s) + 11;
    const QRectF inner = narrow ? box.rect.adjusted(3, 2, -3, -2) : box.rect.adjusted(6, 2, -5, -2);
    const double threeLineHeight = boldFm.height() + smallFm.height() + fm.height();
    // Two lines (the verb in bold, what came back below it) when the lanes are tall enough and some label would
    // not fit on one: an error class then stays whole in a narrow slot. All boxes follow suit, so the same kind of
    // box looks the same everywhere.
    const double twoLineHeight = boldFm.height() + smallFm.height();
    const bool twoLines = twoLineLabels() && !text.detail.isEmpty() && inner.height() >= twoLineHeight;
    // One line of the box in `font`, from layout y `top`, cut with "…" when too wide: at the right for words, in
    // the middle for values, so a long value keeps its start and its end.
    const auto line = [&](BoxLine::Font font, double top, const QString& words, bool value = false) {
        const QFontMetricsF& metrics = font == BoxLine::Font::Bold ? boldFm
            : font == BoxLine::Font::Small                         ? smallFm
                                                                   : fm;
        lines.append({ font, QRectF(inner.left(), top, inner.width(), metrics.height()),
            value ? elidedValue(words, metrics, inner.width())
                  : metrics.elidedText(words, Qt::ElideRight, inner.width()) });
    };
    // Values cut in the middle still say something while a column and its value show ("wrote user_id = 'c53…4fe'");
    // cut shorter ("wro…oo'") they say nothing, and the box keeps its verb and detail (the tooltip has the values).
    const bool valuesReadable =
        !text.values.isEmpty() && elidedValue(text.values, fm, inner.width()).contains(u" = "_s);
    // What it read or wrote, in the base font: the line a class must read from the back of the room. Too long for
    // one line, it wraps between its values as far as the box has room, the verb and its detail then sharing one
    // line if that makes the room; only what still does not fit is cut in the middle.
    const auto linesFor = [&](double header) { return int((box.rect.height() - header) / fm.height()); };
    bool oneHeader = false;
    QStringList values;
    if (!text.values.isEmpty() && inner.height() >= threeLineHeight) {
        values = wrappedValues(text.values, fm, inner.width(), linesFor(twoLineHeight));
        if (values.isEmpty()) {
            values = wrappedValues(text.values, fm, inner.width(), linesFor(boldFm.height()));
            oneHeader = !values.isEmpty();
        }
        if (values.isEmpty() && valuesReadable)
            values = { text.values };
    }
    if (!values.isEmpty()) {
        const double header = oneHeader ? boldFm.height() : twoLineHeight;
        const double top = inner.center().y() - (header + values.size() * fm.height()) / 2;
        if (oneHeader) {
            line(BoxLine::Font::Bold, top, text.label);
        } else {
            line(BoxLine::Font::Bold, top, text.verb);
            line(BoxLine::Font::Small, top + boldFm.height(), text.detail);
        }
        for (int v = 0; v < values.size(); ++v)
            line(BoxLine::Font::Base, top + header + v * fm.height(), values.at(v), true);
    } else if (valuesReadable && inner.height() >= 2 * fm.height()) {
        const double top = inner.center().y() - fm.height();
        line(BoxLine::Font::Base, top, text.label);
        line(BoxLine::Font::Base, top + fm.height(), text.values, true);
    } else if (twoLines) {
        const double top = inner.center().y() - twoLineHeight / 2;
        line(BoxLine::Font::Bold, top, text.verb);
        line(BoxLine::Font::Small, top + boldFm.height(), text.detail);
    } else {
        // One line: the values too when they fit, else the verb and the bare values ("UPDATE · likes = 1": the
        // verb says read or wrote), else the label alone (the tooltip has them).
        QString words = text.label;
        if (!text.values.isEmpty()) {
            const QString full = text.label + u" \u00b7 "_s + text.values;
            const QString bare = text.verb + u" \u00b7 "_s + text.values.section(u' ', 1);
            if (fm.horizontalAdvance(full) <= inner.width())
                words = full;
            else if (fm.horizontalAdvance(bare) <= inner.width())
                words = bare;
        }
        lines.append({ BoxLine::Font::Base, inner, fm.elidedText(words, Qt::ElideRight, inner.width()) });
    }
    return lines;
}

QStringList TimelinePainter::wrappedValues(
    const QString& text, const QFontMetricsF& metrics, double width, int maxLines)
{
    // "wrote user_id = 'u1', name = 'foo'" breaks after "wrote" and after each comma, never inside a value.
    QStringList units = text.split(u", "_s);
    for (int i = 0; i + 1 < units.size(); ++i)
        units[i] += u',';
    const qsizetype space = units.constFirst().indexOf(u' ');
    if (space > 0) {
        const QString first = units.takeFirst();
        units.prepend(first.mid(space + 1));
        units.prepend(first.left(space));
    }
    QStringList lines;
    for (const QString& unit : std::as_const(units)) {
        if (!lines.isEmpty() && metrics.horizontalAdvance(lines.constLast() + u' ' + unit) <= width)
            lines.last() += u' ' + unit;
        else
            lines.append(unit);
        if (metrics.horizontalAdvance(lines.constLast()) > width || lines.size() > maxLines)
            return {};
    }
    return lines;
}

QString TimelinePainter::elidedValue(const QString& text, const QFontMetricsF& metrics, double width)
{
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    // The most characters elideMiddle() keeps that fit: a binary search, the widths grow with the count.
    qsizetype low = 3;
    qsizetype high = text.size() - 1;
    if (metrics.horizontalAdvance(elideMiddle(text, low)) > width)
        return metrics.elidedText(text, Qt::ElideRight, width);
    while (low < high) {
        const qsizetype middle = (low + high + 1) / 2;
        if (metrics.horizontalAdvance(elideMiddle(text, middle)) <= width)
            low = middle;
        else
            high = middle - 1;
    }
    return elideMiddle(text, low);
}

void TimelinePainter::paintRowMarkers(QPainter& painter, const QRectF& visible) const
{
    const QFontMetrics fm(m_font);
    const qint64 fadeAfterNs = fadeAfter();
    const auto& events = m_layout.trace().events;
    painter.setRenderHint(QPainter::Antialiasing, false);
    // Each pixel column once: markers are in row order, which need not be x order.
    const int left = int(std::floor(visible.left()));
    std::vector<bool> drawn(std::size_t(std::max(0, int(std::ceil(visible.width())) + 2)), false);
    for (const auto& marker : m_layout.rowMarkers()) {
        if (!marker.rect.intersects(visible))
            continue;
        // A row exists once its INSERT has ended (as in the rows table under a playhead).
        const bool isFaded = marker.event >= 0 && events.at(marker.event).endNs > fadeAfterNs;
        const QRect rect = snapped(marker.rect);
        const auto column = std::size_t(std::clamp(rect.left() - left, 0, int(drawn.size()) - 1));
        if (rect.width() <= 2) {
            if (drawn[column])
                continue;
            drawn[column] = true;
        }
        const auto fill = color(marker.duplicate ? Palette::Role::Duplicate : Palette::Role::RowMarker);
        painter.fillRect(rect, isFaded ? faded(fill) : fill);
        if (rect.width() < 20)
            continue;
        if (marker.duplicate) {
            painter.setPen(QPen(color(Palette::Role::Failure), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(rect.adjusted(1, 1, -1, -1));
        }
        painter.setRenderHint(QPainter::TextAntialiasing, true);
        const QColor pen = color(marker.duplicate ? Palette::Role::DuplicateText : Palette::Role::Text);
        painter.setPen(isFaded ? faded(pen) : pen);
        const QRectF inner = marker.rect.adjusted(6, 1, -6, -1);
        painter.drawText(
            inner, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(marker.label, Qt::ElideRight, int(inner.width())));
    }
}

void TimelinePainter::paintVersions(QPainter& painter, const QRectF& visible) const
{
    const auto& markers = m_layout.versionMarkers();
    if (markers.isEmpty())
        return;
    const auto& versions = m_layout.outcome().values.versions;
    const auto& events = m_layout.trace().events;
    const qint64 fadeAfterNs = fadeAfter();
    const QFont small = smallFont();
    const QFontMetricsF smallFm(small);
    painter.setFont(small);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    // A version's values go after its end marker, as far as the next marker on its track.
    QList<QList<double>> lefts(m_layout.versionTracks());
    for (const auto& marker : markers)
        lefts[marker.track].append(marker.write.left());
    for (QList<double>& track : lefts)
        std::sort(track.begin(), track.end());
    for (const auto& marker : markers) {
        if (!marker.band.adjusted(-200, 0, 200, 0).intersects(visible))
            continue;
        const StatementValues::Version& version = versions.at(marker.version);
        const auto tone = [&](Palette::Role role, int event) {
            const QColor c = color(role);
            return event >= 0 && events.at(event).startNs > fadeAfterNs ? faded(c) : c;
        };
        const int writeEvent = m_layout.boxes().at(marker.writeBox).event;
        const int endEvent = marker.endBox >= 0 ? m_layout.boxes().at(marker.endBox).event : -1;
        const QColor line = tone(Palette::Role::Version, writeEvent);
        // The line from the write to the end: how long the version was uncommitted.
        if (!marker.end.isNull()) {
            painter.setPen(QPen(line, 2, marker.aborted ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
            painter.drawLine(QPointF(marker.write.right(), marker.write.center().y()),
                QPointF(marker.end.left(), marker.end.center().y()));
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(line);
        painter.drawRect(marker.write);
        if (!marker.end.isNull()) {
            if (marker.aborted) {
                painter.setPen(QPen(tone(Palette::Role::Failure, endEvent), 2.4, Qt::SolidLine, Qt::RoundCap));
                const QRectF x = marker.end.adjusted(1, 1, -1, -1);
                painter.drawLine(x.topLeft(), x.bottomRight());
                painter.drawLine(x.topRight(), x.bottomLeft());
            } else {
                painter.setBrush(tone(Palette::Role::Success, endEvent));
                painter.drawEllipse(marker.end);
            }
        }
        // Its values after its last marker, when there is room before the next version's marker.
        const QRectF last = marker.end.isNull() ? marker.write : marker.end;
        const QList<double>& track = lefts.at(marker.track);
        const auto next = std::upper_bound(track.cbegin(), track.cend(), last.right());
        const double right = next == track.cend() ? m_layout.resultColumnLeft() - 4 : *next - 4;
        const QString text = version.values;
        const double width = right - last.right() - 6;
        if (width >= smallFm.horizontalAdvance(u"x = 0"_s)) {
            painter.setPen(tone(marker.aborted ? Palette::Role::TextMuted : Palette::Role::Text, endEvent));
            painter.drawText(QRectF(last.right() + 5, marker.band.top(), width, marker.band.height()),
                Qt::AlignLeft | Qt::AlignVCenter, elidedValue(text, QFontMetricsF(smallFont()), width));
        }
    }
    painter.setBrush(Qt::NoBrush);
    painter.setFont(m_font);
    painter.setRenderHint(QPainter::Antialiasing, false);
}

Palette::Role TimelinePainter::dependencyRole(Dependency::Kind kind)
{
    switch (kind) {
    case Dependency::Kind::WW:
        return Palette::Role::DependencyWW;
    case Dependency::Kind::WR:
        return Palette::Role::DependencyWR;
    case Dependency::Kind::RW:
        return Palette::Role::DependencyRW;
    case Dependency::Kind::PredicateRW:
        return Palette::Role::DependencyPredicateRW;
    }
    return Palette::Role::DependencyWW;
}

QPen TimelinePainter::dependencyPen(Dependency::Kind kind, const QColor& colour, double width)
{
    QPen pen(colour, width, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin);
    // Patterns in pen widths: long enough to tell apart from across a room, each kind its own.
    switch (kind) {
    case Dependency::Kind::WW:
        break;
    case Dependency::Kind::WR:
        pen.setDashPattern({ 4, 2.5 });
        break;
    case Dependency::Kind::RW:
        pen.setCapStyle(Qt::RoundCap);
        pen.setDashPattern({ 0.01, 1.7 });
        break;
    case Dependency::Kind::PredicateRW:
        pen.setCapStyle(Qt::RoundCap);
        pen.setDashPattern({ 4, 2, 0.01, 2 });
        break;
    }
    return pen;
}

void TimelinePainter::paintCycle(QPainter& painter, const QRectF& visible) const
{
    if (m_options.anomaly < 0)
        return;
    const QList<TimelineLayout::CycleEdge> edges = m_layout.cycleEdges(m_options.anomaly);
    if (edges.isEmpty())
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    // The boxes of the cycle, framed.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(color(Palette::Role::Cycle), 3));
    for (const int box : m_layout.cycleBoxes(m_options.anomaly)) {
        const QRectF rect = m_layout.boxes().at(box).rect;
        if (rect.adjusted(-4, -4, 4, 4).intersects(visible))
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 3, 3);
    }
    const double width = dependencyWidth;
    const double head = 11;
    QList<QPainterPath> paths;
    for (const auto& edge : edges) {
        QPainterPath path(edge.from);
        // The line stops at the arrowhead's base, so a dotted end does not blur the tip.
        const QPointF tangent = edge.to - edge.control2;
        const double length = std::hypot(tangent.x(), tangent.y());
        const QPointF base = length > 1e-6 ? edge.to - tangent / length * (head - 1) : edge.to;
        path.cubicTo(edge.control1, edge.control2, base);
        paths.append(path);
    }
    // Halos in the background colour under every line first, so the lines stay readable across boxes and grid
    // lines and no line's halo cuts another line.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(color(Palette::Role::Background), width + 3, Qt::SolidLine, Qt::RoundCap));
    for (const QPainterPath& path : std::as_const(paths)) {
        if (path.controlPointRect().adjusted(-20, -20, 20, 20).intersects(visible))
            painter.drawPath(path);
    }
    for (int e = 0; e < edges.size(); ++e) {
        const auto& edge = edges.at(e);
        if (!paths.at(e).controlPointRect().adjusted(-20, -20, 20, 20).intersects(visible))
            continue;
        const QColor colour = color(dependencyRole(edge.kind));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(dependencyPen(edge.kind, colour, width));
        painter.drawPath(paths.at(e));
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(edge.from, 3.2, 3.2);
        drawArrowHead(painter, edge.to, edge.control2, head);
    }
    // The kinds' names last, over every line, each where it does not cover another's.
    const QFont label = boldFont();
    const QFontMetricsF fm(label);
    painter.setFont(label);
    QList<QRectF> placed;
    for (const auto& edge : edges) {
        const QColor colour = color(dependencyRole(edge.kind));
        const QString text = Dependency::kindName(edge.kind);
        const QSizeF size(fm.horizontalAdvance(text) + 10, fm.height() + 2);
        const auto pillAt = [&](double t) {
            const double u = 1 - t;
            const QPointF p = u * u * u * edge.from + 3 * u * u * t * edge.control1 + 3 * u * t * t * edge.control2
                + t * t * t * edge.to;
            return QRectF(p - QPointF(size.width() / 2, size.height() / 2), size);
        };
        QRectF pill = pillAt(0.5);
        for (const double t : { 0.5, 0.35, 0.65, 0.25, 0.75 }) {
            const QRectF candidate = pillAt(t);
            if (std::none_of(placed.cbegin(), placed.cend(),
                    [&](const QRectF& other) { return other.adjusted(-3, -2, 3, 2).intersects(candidate); })) {
                pill = candidate;
                break;
            }
        }
        placed.append(pill);
        if (!pill.intersects(visible))
            continue;
        painter.setPen(QPen(colour, 1.5));
        painter.setBrush(color(Palette::Role::Background));
        painter.drawRoundedRect(pill, size.height() / 2, size.height() / 2);
        painter.setPen(colour);
        painter.drawText(pill, Qt::AlignCenter, text);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setFont(m_font);
    painter.setRenderHint(QPainter::Antialiasing, false);
}

void TimelinePainter::paintArrows(QPainter& painter, const QRectF& visible) const
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QColor arrowColor = color(Palette::Role::Arrow);
    const qint64 fadeAfterNs = fadeAfter();
    const double fadeX =
        fadeAfterNs == TimelineLod::noFade ? std::numeric_limits<double>::infinity() : m_layout.xOfTime(fadeAfterNs);
    const QRectF wide = visible.adjusted(-12, 0, 12, 0);
    for (int lane = 0; lane < m_layout.workerLaneCount(); ++lane) {
        int lastX = std::numeric_limits<int>::min();
        for (const int b : m_layout.waitBarsIn(lane, wide.left(), wide.right())) {
            const auto& bar = m_layout.waitBars().at(b);
            // Zoomed far out, arrows of waits a few pixels wide would be a thicket: one per few columns.
            const int x = qRound(bar.rect.left());
            if (bar.rect.width() < 4 && x - lastX < 4)
                continue;
            lastX = x;
            const QColor colour = bar.rect.left() > fadeX ? faded(arrowColor) : arrowColor;
            for (int a = bar.firstArrow; a < bar.firstArrow + bar.arrowCount; ++a) {
                const auto& arrow = m_layout.arrows().at(a);
                painter.setPen(QPen(colour, 1.6, Qt::SolidLine, Qt::RoundCap));
                painter.setBrush(Qt::NoBrush);
                painter.drawLine(arrow.from, arrow.to);
                painter.setPen(Qt::NoPen);
                painter.setBrush(colour);
                painter.drawEllipse(arrow.from, 2.5, 2.5);
                drawArrowHead(painter, arrow.to, arrow.from, 8);
            }
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
}

void TimelinePainter::paintPlayhead(QPainter& painter) const
{
    if (m_options.playheadNs >= m_layout.endNs() || m_options.playheadNs == noPlayhead)
        return;
    const int x = qRound(mapFromLayout(QPointF(m_layout.xOfTime(m_options.playheadNs), 0)).x());
    if (x < headerWidth() || x > frameWidth())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor line = color(Palette::Role::Highlight);
    painter.fillRect(QRect(x - 1, axisHeight(), 2, frameHeight() - axisHeight()), line);
    if (axisHeight() > 0) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(Qt::NoPen);
        painter.setBrush(line);
        const double y = axisHeight();
        const QPointF points[3] = { QPointF(x - 6, y - 8), QPointF(x + 6, y - 8), QPointF(x, y) };
        painter.drawPolygon(points, 3);
    }
    painter.restore();
}

void TimelinePainter::paintBadges(QPainter& painter) const
{
    const int axis = axisHeight();
    const auto& lanes = m_layout.lanes();
    const double x = resultColumnX();
    if (resultColumnPinned()) {
        // The slots scroll under the results: give the column the lanes' own backgrounds and an edge.
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.fillRect(QRect(qRound(x) - 8, axis, frameWidth(), frameHeight()), color(Palette::Role::Background));
        for (int i = 0; i < lanes.size(); ++i) {
            const Palette::Role role = lanes.at(i).isTable() ? Palette::Role::TableLane
                : (i % 2 == 0)                               ? Palette::Role::LaneBackground
                                                             : Palette::Role::LaneBackgroundAlt;
            const QRectF lane(
                x - 8, mapFromLayout(lanes.at(i).rect.topLeft()).y(), frameWidth() - x + 8, lanes.at(i).rect.height());
            painter.fillRect(snapped(lane), color(role));
        }
        painter.fillRect(QRect(qRound(x) - 9, axis, 1, frameHeight()), color(Palette::Role::Grid));
    }

    const QFont bold = boldFont();
    const QFont small = smallFont();
    const QFontMetricsF boldFm(bold);
    const QFontMetricsF smallFm(small);
    // While a playhead is inside the run the results are still to come: they wait, faded.
    const bool resultsFaded = fadeAfter() != TimelineLod::noFade;
    for (int i = 0; i < m_layout.badges().size(); ++i) {
        const auto& badge = m_layout.badges().at(i);
        const QRectF pill = badgePill(i);
        if (pill.bottom() < axis || pill.top() > frameHeight())
            continue;
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(Qt::NoPen);
        painter.setBrush(resultsFaded ? faded(color(badge.role)) : color(badge.role));
        const double radius = std::min(pill.height() / 2, 10.0);
        painter.drawRoundedRect(pill, radius, radius);
        painter.setRenderHint(QPainter::TextAntialiasing, true);
        painter.setPen(resultsFaded ? faded(color(Palette::Role::BadgeText)) : color(Palette::Role::BadgeText));
        const QRectF inner = pill.adjusted(10, 3, -10, -3);
        const bool twoLines = !badge.note.isEmpty() && pill.height() >= boldFm.height() + smallFm.height() + 6;
        if (twoLines) {
            painter.setFont(bold);
            painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), boldFm.height()), Qt::AlignCenter,
                boldFm.elidedText(badge.title, Qt::ElideRight, inner.width()));
            painter.setFont(small);
            painter.drawText(QRectF(inner.left(), inner.top() + boldFm.height(), inner.width(), smallFm.height()),
                Qt::AlignCenter, smallFm.elidedText(badge.note, Qt::ElideRight, inner.width()));
        } else {
            painter.setFont(bold);
            painter.drawText(inner, Qt::AlignCenter, boldFm.elidedText(badge.text, Qt::ElideRight, inner.width()));
        }
    }
    painter.setFont(m_font);
    painter.setRenderHint(QPainter::Antialiasing, false);
}

void TimelinePainter::paintHeaders(QPainter& painter) const
{
    const int header = headerWidth();
    const int axis = axisHeight();
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QRect column(0, 0, header, frameHeight());
    painter.fillRect(column, color(Palette::Role::LaneHeader));
    painter.fillRect(QRect(header - 1, 0, 1, frameHeight()), color(Palette::Role::Grid));

    const QFont bold = boldFont();
    const QFontMetrics boldFm(bold);
    const QFont small = smallFont();
    const QFontMetrics smallFm(small);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.save();
    painter.setClipRect(QRect(0, axis, header, frameHeight() - axis), Qt::IntersectClip);
    const auto& lanes = m_layout.lanes();
    for (int i = 0; i < lanes.size(); ++i) {
        const auto& lane = lanes.at(i);
        const QRectF rect(10, mapFromLayout(lane.rect.topLeft()).y(), header - 18, lane.rect.height());
        if (rect.bottom() < axis || rect.top() > frameHeight())
            continue;
        if (i > 0)
            painter.fillRect(QRect(0, qRound(rect.top() - m_layout.metrics().laneGap / 2), header - 1, 1),
                color(Palette::Role::Grid));
        const bool twoLines = !lane.subtitle.isEmpty() && rect.height() >= boldFm.height() + smallFm.height() + 4;
        painter.setFont(bold);
        painter.setPen(color(Palette::Role::Text));
        if (twoLines) {
            const double top = rect.center().y() - (boldFm.height() + smallFm.height()) / 2.0;
            painter.drawText(QRectF(rect.left(), top, rect.width(), boldFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                boldFm.elidedText(lane.name, Qt::ElideMiddle, int(rect.width())));
            painter.setFont(small);
            painter.setPen(color(Palette::Role::TextMuted));
            painter.drawText(QRectF(rect.left(), top + boldFm.height(), rect.width(), smallFm.height()),
                Qt::AlignLeft | Qt::AlignVCenter,
                smallFm.elidedText(lane.subtitle, Qt::ElideMiddle, int(rect.width())));
        } else {
            const QString text = lane.subtitle.isEmpty() ? lane.name : lane.name + u"  "_s;
            painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter,
                boldFm.elidedText(lane.name, Qt::ElideMiddle, int(rect.width())));
            if (!lane.subtitle.isEmpty()) {
                const int used = boldFm.horizontalAdvance(text);
                painter.setFont(small);
                painter.setPen(color(Palette::Role::TextMuted));
                painter.drawText(rect.adjusted(used, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                    smallFm.elidedText(lane.subtitle, Qt::ElideMiddle, int(rect.width()) - used));
            }
        }
    }
    painter.restore();
    painter.setFont(m_font);
}

void TimelinePainter::paintAxis(QPainter& painter) const
{
    const int header = headerWidth();
    const int axis = axisHeight();
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QRect bar(0, 0, frameWidth(), axis);
    painter.fillRect(bar, color(Palette::Role::LaneHeader));
    painter.fillRect(QRect(0, axis - 1, frameWidth(), 1), color(Palette::Role::Grid));

    painter.setFont(smallFont());
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setPen(color(Palette::Role::TextMuted));
    const bool time = m_layout.axis() == TimelineLayout::Axis::Time;
    if (header > 0)
        painter.drawText(QRect(10, 0, header - 18, axis), Qt::AlignLeft | Qt::AlignVCenter,
            time ? u"time"_s : u"step (order of effect)"_s);

    // The results' column has its own heading; the step numbers stop where it begins.
    const double resultX = resultColumnX();
    if (!m_layout.badges().isEmpty())
        painter.drawText(
            QRectF(resultX, 0, frameWidth() - resultX, axis), Qt::AlignLeft | Qt::AlignVCenter, u"result"_s);
    painter.save();
    // Numbers stop short of the results' heading; times (left-aligned after their tick) need a label's room more.
    const int slotsRight = resultColumnPinned() || time ? int(resultX) - 9 : frameWidth();
    painter.setClipRect(QRect(header, 0, slotsRight - header, axis), Qt::IntersectClip);
    const QRectF visible = visibleLayoutRect();
    const double width = m_layout.metrics().slotWidth;
    const QFontMetricsF smallMetrics(smallFont());
    for (const Tick& tick : ticks(visible)) {
        const double x = mapFromLayout(QPointF(tick.x, 0)).x();
        if (time) {
            painter.fillRect(QRect(qRound(x), axis - 5, 1, 4), color(Palette::Role::TextMuted));
            // A time cut in half ("ms" at the left, "3" before the results) reads wrong: only whole labels.
            const double labelRight = x + 3 + smallMetrics.horizontalAdvance(tick.label);
            if (x >= header && labelRight <= slotsRight)
                painter.drawText(QRectF(x + 3, 0, 200, axis), Qt::AlignLeft | Qt::AlignVCenter, tick.label);
        } else if (m_layout.metrics().slotPitch() * 1.0
            >= QFontMetricsF(smallFont()).horizontalAdvance(tick.label) + 8) {
            painter.drawText(QRectF(x, 0, width, axis), Qt::AlignCenter, tick.label);
        } else {
            painter.fillRect(QRect(qRound(x), axis - 5, 1, 4), color(Palette::Role::TextMuted));
            painter.drawText(QRectF(x + 3, 0, 200, axis), Qt::AlignLeft | Qt::AlignVCenter, tick.label);
        }
    }
    painter.restore();
    painter.setFont(m_font);
}

} // namespace interleave
