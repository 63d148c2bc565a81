// SPDX-License-Identifier: MIT
#include "timelineview.h"

#include "lockwaits.h"
#include "oneline.h"

#include "runner.h"
#include "statement.h"
#include "zoomstack.h"

#include <QAction>
#include <QApplication>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString ms(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3) + u" ms"_s;
}

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString valuesText(const QVariantList& values)
{
    QStringList parts;
    for (const QVariant& value : values)
        parts.append(formatSqlValue(value));
    return parts.join(u", "_s);
}

} // namespace

TimelineView::TimelineView(QWidget* parent)
    : QAbstractScrollArea(parent)
    , m_painter(m_layout)
    , m_emptyText(u"Pick an example and press Run"_s)
{
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFrameShape(QFrame::StyledPanel);
    horizontalScrollBar()->setSingleStep(40);
    verticalScrollBar()->setSingleStep(20);

    m_zoom = new ZoomStack(this);
    connect(m_zoom, &ZoomStack::zoomChanged, this, [this] {
        m_scrollToZoom = true;
        fitToViewport();
        viewport()->update();
    });
    addActions(m_zoom->actions());

    m_timeAxisAction = new QAction(u"&Time Axis"_s, this);
    m_timeAxisAction->setObjectName(u"timeAxisAction"_s);
    m_timeAxisAction->setCheckable(true);
    m_timeAxisAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_timeAxisAction->setToolTip(u"Place statements by their start and end times instead of one step each (Ctrl+T)"_s);
    connect(m_timeAxisAction, &QAction::toggled, this,
        [this](bool on) { setAxis(on ? TimelineLayout::Axis::Time : TimelineLayout::Axis::Sequence); });
    addAction(m_timeAxisAction);
}

ZoomStack* TimelineView::zoomStack() const
{
    return m_zoom;
}

QList<QAction*> TimelineView::viewActions() const
{
    QList<QAction*> actions { m_timeAxisAction };
    actions += m_zoom->actions();
    return actions;
}

void TimelineView::setAxis(TimelineLayout::Axis axis)
{
    if (axis == m_layout.axis())
        return;
    m_timeAxisAction->setChecked(axis == TimelineLayout::Axis::Time);
    m_layout.setAxis(axis);
    m_zoom->clear(); // slots and nanoseconds do not translate
    fitToViewport();
    horizontalScrollBar()->setValue(0);
    ensurePlayheadVisible();
    viewport()->update();
    Q_EMIT axisChanged(axis);
}

void TimelineView::setPlayhead(qint64 ns)
{
    if (ns == m_playheadNs)
        return;
    m_playheadNs = ns;
    ensurePlayheadVisible();
    viewport()->update();
}

void TimelineView::ensurePlayheadVisible()
{
    if (m_layout.isEmpty() || m_playheadNs >= m_layout.endNs())
        return;
    syncPainter();
    const QRectF visible = m_painter.visibleLayoutRect();
    const double right = m_painter.mapToLayout(QPointF(m_painter.resultColumnX() - 8, 0)).x();
    const double x = m_layout.xOfTime(m_playheadNs);
    if (x < visible.left() || x > right)
        horizontalScrollBar()->setValue(qRound(x - (right - visible.left()) / 4));
}

void TimelineView::setAnomaly(int anomaly)
{
    if (anomaly < 0 || anomaly >= m_layout.outcome().anomalies.size())
        anomaly = -1;
    if (anomaly == m_anomaly)
        return;
    m_anomaly = anomaly;
    const QRectF cycle = m_layout.cycleRect(anomaly);
    if (!cycle.isNull()) {
        syncPainter();
        const QRectF visible = m_painter.visibleLayoutRect();
        const double right = m_painter.mapToLayout(QPointF(m_painter.resultColumnX() - 8, 0)).x();
        if (cycle.left() < visible.left() || cycle.right() > right)
            horizontalScrollBar()->setValue(qRound(cycle.left() - m_layout.metrics().slotPitch() / 2));
        if (cycle.top() < visible.top() || cycle.bottom() > visible.bottom())
            verticalScrollBar()->setValue(qRound(cycle.top() - m_layout.metrics().laneGap));
    }
    viewport()->update();
}

void TimelineView::followPlayhead()
{
    if (m_layout.isEmpty() || m_layout.boxes().isEmpty())
        return;
    syncPainter();
    // The newest statement: the box that ends furthest right (on either axis).
    QRectF newest = m_layout.boxes().constFirst().rect;
    for (const auto& box : m_layout.boxes()) {
        if (box.rect.right() > newest.right())
            newest = box.rect;
    }
    // What the data area shows left of the results' column, were that pinned at the right edge.
    const double width = viewport()->width() - m_layout.metrics().badgeWidth - 2 - 9 - m_painter.headerWidth();
    const double margin = std::min(m_layout.metrics().slotGap, std::max(0.0, width - newest.width()));
    QScrollBar* bar = horizontalScrollBar();
    if (newest.right() + margin <= width) {
        bar->setValue(0); // from the first statement (the race's SELECTs) to the newest, all in view
        return;
    }
    // Only as far as needed: the newest box at the right edge, or at the left when it lies before what is shown.
    const double value = bar->value();
    if (newest.right() + margin > value + width)
        bar->setValue(int(std::ceil(newest.right() + margin - width)));
    else if (newest.left() < value)
        bar->setValue(int(std::floor(newest.left() - margin)));
}

ZoomRange TimelineView::visibleAxisRange() const
{
    syncPainter();
    const double left = m_painter.visibleLayoutRect().left();
    return { m_layout.axisValueOfX(left), m_layout.axisValueOfX(left + dataWidth(m_layout.metrics().badgeWidth)) };
}

QRectF TimelineView::visibleLayoutRect() const
{
    syncPainter();
    return m_painter.visibleLayoutRect();
}

TimelinePainter::Options TimelineView::paintOptions() const
{
    syncPainter();
    TimelinePainter::Options options = m_painter.options();
    options.hoverEvent = -1;
    return options;
}

double TimelineView::dataWidth(double badgeWidth) const
{
    // Left of the results' column, right of the lane names: where the painter fits a run (one formula).
    return std::max(40.0, m_painter.slotsWidth(viewport()->width(), badgeWidth));
}

void TimelineView::setResult(const RunResult& result)
{
    setData(result.trace, result.outcome, &result.scenario);
}

void TimelineView::setData(const Trace& trace, const Outcome& outcome, const Scenario* scenario)
{
    m_hasScenario = scenario != nullptr;
    m_scenario = scenario ? *scenario : Scenario();
    m_hoverEvent = -1;
    m_anomaly = -1;
    m_layout.setData(trace, outcome, scenario);
    m_zoom->clear();
    m_playheadNs = TimelinePainter::noPlayhead;
    fitToViewport();
    horizontalScrollBar()->setValue(0);
    verticalScrollBar()->setValue(0);
    viewport()->update();
    Q_EMIT dataChanged();
}

void TimelineView::clear()
{
    m_hasScenario = false;
    m_scenario = {};
    m_hoverEvent = -1;
    m_anomaly = -1;
    m_layout.clear();
    m_zoom->clear();
    m_playheadNs = TimelinePainter::noPlayhead;
    fitToViewport();
    viewport()->update();
    Q_EMIT dataChanged();
}

void TimelineView::setEmptyText(const QString& text)
{
    m_emptyText = text;
    if (m_layout.isEmpty())
        viewport()->update();
}

void TimelineView::setColors(const Palette& palette)
{
    m_palette = palette;
    viewport()->update();
}

QSize TimelineView::sizeHint() const
{
    return { 900, 320 };
}

QSize TimelineView::minimumSizeHint() const
{
    return { 320, 140 };
}

void TimelineView::fitToViewport()
{
    if (m_fitting)
        return;
    m_fitting = true;
    syncPainter();
    TimelineLayout::Metrics metrics = m_painter.fittedMetrics(
        viewport()->size(), m_zoom->fitsWhole() ? TimelinePainter::Fit::Whole : TimelinePainter::Fit::Readable);
    // A resize keeps the step (or time) at the left edge where it is; a new zoom scrolls to its start.
    const double leftValue = m_layout.isEmpty() ? 0 : m_layout.axisValueOfX(horizontalScrollBar()->value());
    // Keep the scroll bar's int range and the layout's doubles exact: a zoom never makes the run wider than this.
    constexpr double widest = 1e9;
    const double dataWidth = this->dataWidth(metrics.badgeWidth);
    const ZoomRange zoom = m_zoom->current();
    const bool time = m_layout.axis() == TimelineLayout::Axis::Time;
    const double length = m_layout.axisLength();
    if (time) {
        const double span = zoom.isNull() ? length : zoom.length();
        // The whole run: its last box may reach minBoxWidth past its end.
        const double width = zoom.isNull() ? dataWidth - metrics.minBoxWidth : dataWidth;
        metrics.pixelsPerNs = std::clamp(width / span, TimeScale::minPixelsPerNs, TimeScale::maxPixelsPerNs);
    } else if (!zoom.isNull()) {
        const double pitch = dataWidth / zoom.length();
        metrics.slotGap = std::min(8.0, pitch / 16);
        metrics.slotWidth = pitch - metrics.slotGap;
    }
    m_zoom->setMinimumLength(std::max(time ? 100.0 : 0.5, length * dataWidth / widest));
    if (m_layout.metrics().slotWidth != metrics.slotWidth || m_layout.metrics().slotGap != metrics.slotGap
        || m_layout.metrics().laneHeight != metrics.laneHeight || m_layout.metrics().badgeWidth != metrics.badgeWidth
        || m_layout.metrics().pixelsPerNs != metrics.pixelsPerNs || m_layout.metrics().laneGap != metrics.laneGap
        || m_layout.metrics().boxInset != metrics.boxInset
        || m_layout.metrics().tableLaneHeight != metrics.tableLaneHeight || m_layout.isEmpty())
        m_layout.setMetrics(metrics); // a million events take a while: only when something changed
    updateScrollBars();
    m_zoom->setLength(m_layout.isEmpty() ? 0 : length);
    if (!zoom.isNull() && m_scrollToZoom)
        horizontalScrollBar()->setValue(qRound(m_layout.xOfAxisValue(zoom.start)));
    else if (m_scrollToZoom && m_zoom->fitsWhole())
        horizontalScrollBar()->setValue(0); // Fit Whole Run shows it from its start
    else if (!m_layout.isEmpty())
        horizontalScrollBar()->setValue(qRound(m_layout.xOfAxisValue(leftValue)));
    m_scrollToZoom = false;
    m_zoom->setVisible(visibleAxisRange());
    m_fitting = false;
}

const TimelinePainter& TimelineView::framed() const
{
    syncPainter();
    return m_painter;
}

void TimelineView::syncPainter() const
{
    TimelinePainter::Options options = m_painter.options();
    options.palette = m_palette;
    options.font = font();
    options.hoverEvent = m_hoverEvent;
    options.playheadNs = m_playheadNs;
    options.anomaly = m_anomaly;
    m_painter.setOptions(options);
    m_painter.setFrame(viewport()->size(), QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value()));
}

int TimelineView::preferredHeight(int workerLanes) const
{
    const int scrollBar = horizontalScrollBar()->sizeHint().height();
    return int(std::ceil(m_painter.preferredHeight(workerLanes) + scrollBar + 2 * frameWidth()));
}

void TimelineView::updateScrollBars()
{
    const QSizeF size = m_painter.naturalSize();
    horizontalScrollBar()->setRange(0, std::max(0, int(size.width()) - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    verticalScrollBar()->setRange(0, std::max(0, int(size.height()) - viewport()->height()));
    verticalScrollBar()->setPageStep(viewport()->height());
}

void TimelineView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    fitToViewport();
}

void TimelineView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitToViewport();
}

void TimelineView::scrollContentsBy(int, int)
{
    m_zoom->setVisible(visibleAxisRange());
    viewport()->update();
}

QPointF TimelineView::mapToLayout(QPointF viewportPos) const
{
    return viewportPos
        - QPointF(m_painter.headerWidth() - horizontalScrollBar()->value(),
            m_painter.axisHeight() - verticalScrollBar()->value());
}

QPointF TimelineView::mapFromLayout(QPointF layoutPos) const
{
    return layoutPos
        + QPointF(m_painter.headerWidth() - horizontalScrollBar()->value(),
            m_painter.axisHeight() - verticalScrollBar()->value());
}

void TimelineView::paintEvent(QPaintEvent*)
{
    QPainter painter(viewport());
    if (m_layout.isEmpty()) {
        m_painter.paintEmpty(painter, viewport()->rect(), m_emptyText);
        return;
    }
    syncPainter();
    m_painter.paint(painter);
    paintCycleLegend(painter);
    if (m_rubberBand) {
        // The stretch a Shift+drag will zoom to.
        const int header = m_painter.headerWidth();
        const int left = std::max(header, std::min(m_pressPos.x(), m_dragPos.x()));
        const int right = std::max(header, std::max(m_pressPos.x(), m_dragPos.x()));
        QColor fill = m_palette.color(Palette::Role::Highlight);
        fill.setAlpha(60);
        const QRect band(left, m_painter.axisHeight(), right - left, viewport()->height() - m_painter.axisHeight());
        painter.fillRect(band, fill);
        painter.fillRect(QRect(left, band.top(), 1, band.height()), m_palette.color(Palette::Role::Highlight));
        painter.fillRect(QRect(right, band.top(), 1, band.height()), m_palette.color(Palette::Role::Highlight));
    }
}

void TimelineView::paintCycleLegend(QPainter& painter) const
{
    // The kinds of the cycle drawn, in the axis row just before the results' heading: "lost update  ··· rw  ── ww".
    if (m_anomaly < 0 || m_painter.axisHeight() <= 0)
        return;
    QList<Dependency::Kind> kinds;
    for (const Dependency& d : m_layout.outcome().anomalies.at(m_anomaly).cycle) {
        if (!kinds.contains(d.kind))
            kinds.append(d.kind);
    }
    if (kinds.isEmpty())
        return;
    std::sort(kinds.begin(), kinds.end());
    const QFont bold = m_painter.boldFont();
    const QFontMetricsF fm(bold);
    const double sample = 30;
    const QString name = Anomaly::name(m_layout.outcome().anomalies.at(m_anomaly).kind) + u":"_s;
    double width = fm.horizontalAdvance(name) + 16;
    for (const Dependency::Kind kind : std::as_const(kinds))
        width += sample + 6 + fm.horizontalAdvance(Dependency::kindName(kind)) + 14;
    const double height = m_painter.axisHeight();
    const double right = m_painter.resultColumnX() - 10;
    const double left = std::max(double(m_painter.headerWidth()), right - width);
    painter.save();
    painter.setClipRect(QRectF(left, 0, right - left, height));
    painter.fillRect(QRectF(left, 0, right - left, height - 1), m_palette.color(Palette::Role::LaneHeader));
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setFont(bold);
    double x = left + 8;
    const double y = height / 2;
    painter.setPen(m_palette.color(Palette::Role::Text));
    painter.drawText(QRectF(x, 0, width, height), Qt::AlignLeft | Qt::AlignVCenter, name);
    x += fm.horizontalAdvance(name) + 8;
    for (const Dependency::Kind kind : std::as_const(kinds)) {
        const QColor colour = m_palette.color(TimelinePainter::dependencyRole(kind));
        painter.setPen(TimelinePainter::dependencyPen(kind, colour, TimelinePainter::dependencyWidth));
        painter.drawLine(QPointF(x, y), QPointF(x + sample, y));
        x += sample + 6;
        painter.setPen(colour);
        const QString text = Dependency::kindName(kind);
        painter.drawText(QRectF(x, 0, fm.horizontalAdvance(text) + 2, height), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += fm.horizontalAdvance(text) + 14;
    }
    painter.restore();
}

bool TimelineView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, viewport());
        }
        return true;
    }
    if (event->type() == QEvent::Leave && m_hoverEvent >= 0) {
        m_hoverEvent = -1;
        viewport()->update();
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (event->buttons() & Qt::LeftButton) {
        m_dragPos = pos.toPoint();
        if (m_rubberBand) {
            viewport()->update();
        } else if (m_panning || (m_dragPos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            // A plain drag pans, like a map.
            m_panning = true;
            viewport()->setCursor(Qt::ClosedHandCursor);
            const QPoint delta = m_dragPos - m_pressPos;
            horizontalScrollBar()->setValue(m_pressScroll.x() - delta.x());
            verticalScrollBar()->setValue(m_pressScroll.y() - delta.y());
        }
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    int hovered = -1;
    const bool underResults = framed().resultColumnPinned() && pos.x() >= framed().resultColumnX() - 8;
    if (pos.x() >= m_painter.headerWidth() && pos.y() >= m_painter.axisHeight() && !underResults) {
        const auto hit = m_layout.hitTest(mapToLayout(pos), hitTolerance);
        if (hit.kind == TimelineLayout::Hit::Kind::Box)
            hovered = m_layout.boxes().at(hit.index).event;
    }
    if (hovered != m_hoverEvent) {
        m_hoverEvent = hovered;
        viewport()->update();
    }
    QAbstractScrollArea::mouseMoveEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (event->button() == Qt::LeftButton) {
        m_pressPos = m_dragPos = pos.toPoint();
        m_pressScroll = QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
        m_panning = false;
        m_rubberBand = (event->modifiers() & Qt::ShiftModifier) && !m_layout.isEmpty();
    }
    if (event->button() == Qt::LeftButton && pos.x() >= m_painter.headerWidth() && pos.y() >= m_painter.axisHeight()
        && !m_rubberBand) {
        const int index = m_layout.eventAt(mapToLayout(pos), hitTolerance);
        if (index >= 0) {
            // The clicked statement (with a little room around it) is what Zoom to Selection shows.
            const int box = m_layout.boxOfEvent(index);
            if (box >= 0) {
                const QRectF rect = m_layout.boxes().at(box).rect;
                const double margin = std::max(rect.width(), 40.0);
                m_zoom->setSelection(
                    { m_layout.axisValueOfX(rect.left() - margin), m_layout.axisValueOfX(rect.right() + margin) });
            }
            Q_EMIT eventClicked(index);
        }
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        if (m_rubberBand) {
            m_rubberBand = false;
            const double from = mapToLayout(QPointF(std::min(m_pressPos.x(), m_dragPos.x()), 0)).x();
            const double to = mapToLayout(QPointF(std::max(m_pressPos.x(), m_dragPos.x()), 0)).x();
            if (to - from >= 4) {
                const ZoomRange range { m_layout.axisValueOfX(from), m_layout.axisValueOfX(to) };
                m_zoom->setSelection(range);
                m_zoom->zoomTo(range);
            }
            viewport()->update();
        }
        if (m_panning)
            viewport()->unsetCursor();
        m_panning = false;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void TimelineView::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        // Ctrl+wheel zooms around the mouse: the step under it stays under it.
        if (m_layout.isEmpty() || delta.y() == 0)
            return;
        const double anchor = m_layout.axisValueOfX(mapToLayout(event->position()).x());
        m_zoom->setVisible(visibleAxisRange());
        m_zoom->zoomAround(anchor, std::pow(1.25, delta.y() / 120.0), true);
        event->accept();
        return;
    }
    // Lanes that all fit need no vertical scrolling: the wheel pans along the run instead.
    if (verticalScrollBar()->maximum() == 0 || (event->modifiers() & Qt::ShiftModifier)) {
        const int steps = delta.x() != 0 ? delta.x() : delta.y();
        horizontalScrollBar()->setValue(
            horizontalScrollBar()->value() - steps * horizontalScrollBar()->singleStep() / 40);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

QString TimelineView::toolTipAt(QPoint viewportPos) const
{
    if (m_layout.isEmpty() || viewportPos.y() < m_painter.axisHeight())
        return {};
    const QPointF pos = mapToLayout(viewportPos);
    if (viewportPos.x() < m_painter.headerWidth()) {
        const int lane = m_layout.laneAt(pos.y());
        return lane >= 0 ? laneToolTip(lane) : QString();
    }
    if (viewportPos.x() >= framed().resultColumnX() - 8) {
        for (int i = 0; i < m_layout.badges().size(); ++i) {
            if (framed().badgePill(i).contains(viewportPos))
                return badgeToolTip(i);
        }
        if (framed().resultColumnPinned())
            return {};
    }
    const auto hit = m_layout.hitTest(pos);
    switch (hit.kind) {
    case TimelineLayout::Hit::Kind::Box:
        return eventToolTip(m_layout.boxes().at(hit.index).event);
    case TimelineLayout::Hit::Kind::WaitBar:
        return waitToolTip(hit.index);
    case TimelineLayout::Hit::Kind::RowMarker:
        return rowToolTip(hit.index);
    case TimelineLayout::Hit::Kind::Version:
        return versionToolTip(hit.index);
    case TimelineLayout::Hit::Kind::Badge: // the view draws badges in its result column, handled above
    case TimelineLayout::Hit::Kind::None:
        break;
    }
    return {};
}

QString TimelineView::eventToolTip(int index) const
{
    const Trace& trace = m_layout.trace();
    if (index < 0 || index >= trace.events.size())
        return {};
    const TraceEvent& event = trace.events.at(index);
    if (event.kind == EventKind::LockWait) {
        for (int b = 0; b < m_layout.waitBars().size(); ++b) {
            if (m_layout.waitBars().at(b).event == index)
                return waitToolTip(b);
        }
        return {};
    }
    const QString worker = trace.workers.value(event.worker);
    const QString sql = event.statement >= 0 && event.statement < trace.statements.size()
        ? trace.statements.at(event.statement)
        : QString();
    QString html = u"<qt><b>"_s + esc(worker) + u"</b>, statement "_s + QString::number(event.step + 1)
        + u" &middot; step "_s + QString::number(m_layout.slotOfEvent(index) + 1) + u"<br/>"_s;
    html += u"<pre style='margin:4px 0'>"_s + esc(sql) + u"</pre>"_s;
    if (!event.params.isEmpty())
        html += u"params: <tt>"_s + esc(valuesText(event.params)) + u"</tt><br/>"_s;
    if (event.error.isError()) {
        html += u"<b style='color:"_s + m_palette.color(Palette::Role::ErrorForeground).name() + u"'>"_s
            + esc(event.error.className()) + u"</b>"_s;
        if (event.error.code != 0)
            html += u" "_s + event.error.codeText();
        if (!event.error.sqlState.isEmpty())
            html += u" (SQLSTATE "_s + esc(event.error.sqlState) + u")"_s;
        html += u": "_s + esc(event.error.message) + u"<br/>"_s;
    } else if (!event.columns.isEmpty()) {
        html += u"returned "_s + esc(rowCountText(event.rowCount()));
        if (!event.rows.isEmpty()) {
            html += u"<table border='0' cellspacing='0' cellpadding='2'><tr>"_s;
            for (const QString& column : event.columns)
                html += u"<th align='left'>"_s + esc(column) + u"</th>"_s;
            html += u"</tr>"_s;
            constexpr int maxRows = 10;
            for (int r = 0; r < event.rows.size() && r < maxRows; ++r) {
                html += u"<tr>"_s;
                for (const QVariant& value : event.rows.at(r)) {
                    QString text = formatSqlValue(value);
                    if (text.size() > 120) // a tooltip shows a value's start; the log and the report keep it all
                        text = text.left(119) + u'…';
                    html += u"<td><tt>"_s + esc(oneLine(text)) + u"</tt></td>"_s;
                }
                html += u"</tr>"_s;
            }
            html += u"</table>"_s;
            if (event.rowCount() > maxRows)
                html += u"… and "_s + QString::number(event.rowCount() - maxRows) + u" more<br/>"_s;
        } else {
            html += u"<br/>"_s;
        }
    } else {
        if (event.insertId.isValid() && !event.insertId.isNull())
            html += u"inserted id "_s + esc(event.insertId.toString()) + u"<br/>"_s;
        if (event.rowsAffected > 0)
            html += esc(rowCountText(event.rowsAffected)) + u" affected<br/>"_s;
    }
    const QString values = m_layout.outcome().values.textOf(index);
    if (!values.isEmpty())
        html += u"<b>"_s + esc(values) + u"</b><br/>"_s;
    for (const TraceEvent& wait : trace.events) {
        if (wait.kind != EventKind::LockWait || wait.worker != event.worker || wait.step != event.step)
            continue;
        html += u"waited "_s + ms(wait.endNs - wait.startNs) + u" for "_s
            + esc(LockWaits::heldBy(trace.workers, wait.blockers));
        if (!wait.note.isEmpty())
            html += u" \u00b7 "_s + esc(wait.note);
        html += u"<br/>"_s;
    }
    html += u"started at "_s + ms(event.startNs) + u", took "_s + ms(event.endNs - event.startNs) + u"</qt>"_s;
    return html;
}

QString TimelineView::waitToolTip(int index) const
{
    const auto& bar = m_layout.waitBars().at(index);
    const Trace& trace = m_layout.trace();
    const TraceEvent& wait = trace.events.at(bar.event);
    const TraceEvent& statement = trace.events.at(bar.statementEvent);
    QString html = u"<qt><b>"_s + esc(trace.workers.value(bar.lane)) + u"</b> "_s + esc(bar.label) + u"<br/>"_s;
    html += u"<tt>"_s + esc(trace.sql(statement).simplified()) + u"</tt><br/>"_s;
    html += u"from "_s + ms(wait.startNs) + u" for "_s + ms(wait.endNs - wait.startNs);
    html += u"<br/>the statement then "_s
        + (statement.error.isError() ? u"failed with "_s + esc(statement.error.className()) : u"went on"_s)
        + u", at step "_s + QString::number(bar.toSlot + 1) + u" of the sequence</qt>"_s;
    return html;
}

QString TimelineView::versionToolTip(int index) const
{
    return u"<qt>"_s + esc(m_layout.versionText(index)) + u"</qt>"_s;
}

QString TimelineView::badgeToolTip(int index) const
{
    const auto& badge = m_layout.badges().at(index);
    QString html = u"<qt><b>"_s + esc(badge.text) + u"</b>"_s;
    if (!badge.detail.isEmpty())
        html += u"<br/>"_s + esc(badge.detail);
    const auto& lane = m_layout.lanes().at(badge.lane);
    if (!lane.isTable() && lane.worker < m_layout.outcome().results.size()) {
        const QVariant id = m_layout.outcome().results.at(lane.worker).rowId;
        if (id.isValid() && !id.isNull())
            html += u"<br/>row id "_s + esc(id.toString());
    }
    return html + u"</qt>"_s;
}

QString TimelineView::rowToolTip(int index) const
{
    const auto& marker = m_layout.rowMarkers().at(index);
    const Outcome& outcome = m_layout.outcome();
    QString html = u"<qt><b>row "_s + esc(marker.rowId.toString()) + u"</b>, inserted by "_s
        + esc(m_layout.trace().workers.value(marker.worker, u"?"_s)) + u" at step "_s + QString::number(marker.slot + 1)
        + u"<table border='0' cellspacing='0' cellpadding='2'>"_s;
    const Row& row = outcome.rows.at(marker.row);
    for (int c = 0; c < outcome.columns.size() && c < row.size(); ++c)
        html += u"<tr><td>"_s + esc(outcome.columns.at(c)) + u"</td><td><tt>"_s + esc(formatSqlValue(row.at(c)))
            + u"</tt></td></tr>"_s;
    html += u"</table>"_s;
    if (marker.duplicate) {
        for (const DuplicateGroup& group : outcome.groups) {
            if (!group.isDuplicate())
                continue;
            for (const QVariant& id : group.ids) {
                if (id.toLongLong() == marker.rowId.toLongLong()) {
                    html += u"<b>duplicate</b>: "_s + QString::number(group.ids.size()) + u" rows for "_s
                        + esc(group.lookupText);
                    return html + u"</qt>"_s;
                }
            }
        }
        html += u"<b>duplicate</b>"_s;
    }
    return html + u"</qt>"_s;
}

QString TimelineView::laneToolTip(int index) const
{
    const auto& lane = m_layout.lanes().at(index);
    QString html = u"<qt><b>"_s + esc(lane.name) + u"</b>"_s;
    if (!lane.subtitle.isEmpty())
        html += u" &middot; "_s + esc(lane.subtitle);
    if (m_hasScenario && !lane.isTable() && lane.worker < m_scenario.workers.size()) {
        const WorkerSpec& worker = m_scenario.workers.at(lane.worker);
        QStringList parts;
        for (auto it = worker.lookup.cbegin(); it != worker.lookup.cend(); ++it)
            parts.append(it.key() + u"="_s + formatSqlValue(it.value()));
        if (!parts.isEmpty())
            html += u"<br/>lookup: <tt>"_s + esc(parts.join(u", "_s)) + u"</tt>"_s;
        parts.clear();
        for (auto it = worker.defaults.cbegin(); it != worker.defaults.cend(); ++it)
            parts.append(it.key() + u"="_s + formatSqlValue(it.value()));
        if (!parts.isEmpty())
            html += u"<br/>defaults: <tt>"_s + esc(parts.join(u", "_s)) + u"</tt>"_s;
        if (worker.atomic)
            html += u"<br/>inside an outer transaction (atomic)"_s;
    }
    return html + u"</qt>"_s;
}

} // namespace interleave
