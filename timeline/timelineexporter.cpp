// SPDX-License-Identifier: MIT
#include "timelineexporter.h"

#include "isolationlevel.h"
#include "picturefile.h"
#include "serverurl.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QSet>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Logical pixels. Slides are read from the back of a room: the timeline's text is larger than the window's.
constexpr double margin = 28;
constexpr double gap = 12;
constexpr int titlePixels = 26;
constexpr int textPixels = 15;
constexpr int verdictPixels = 17;
constexpr double swatch = 14;

constexpr double lineSample = 34; // a dependency's entry shows a piece of its line

struct LegendEntry {
    Palette::Role role;
    QString text;
    std::optional<Dependency::Kind> dependency = std::nullopt;
    bool band = false; // a lane's transaction-state band: a thin strip
};

// The statement colours the run's boxes use, in the words its boxes use; a lock wait when one is drawn; with a
// cycle drawn, the kinds of dependency it has, in the words docs/anomalies.md uses. Nothing the picture lacks.
QList<LegendEntry> legendEntries(const TimelineLayout& layout, int anomaly)
{
    bool used[int(Palette::Role::Count_)] = {};
    for (const auto& box : layout.boxes())
        used[int(box.role)] = true;
    QList<LegendEntry> entries;
    const auto role = [&](Palette::Role r, const QString& text) {
        if (used[int(r)])
            entries.append({ r, text, std::nullopt });
    };
    role(Palette::Role::Select, u"SELECT"_s);
    role(Palette::Role::Insert, u"INSERT"_s);
    role(Palette::Role::Write, u"write (UPDATE, DELETE)"_s);
    role(Palette::Role::Transaction, u"transaction (BEGIN, COMMIT, ROLLBACK, SAVEPOINT)"_s);
    role(Palette::Role::Error, u"error"_s);
    if (!layout.waitBars().isEmpty())
        entries.append({ Palette::Role::LockWait, u"lock wait"_s, std::nullopt });
    // The band under a lane, for the states the run shows.
    const auto& bands = layout.stateBands();
    for (const auto state : { TransactionStates::State::InTransaction, TransactionStates::State::Aborted }) {
        if (std::none_of(bands.cbegin(), bands.cend(), [state](const auto& band) { return band.state == state; }))
            continue;
        const bool aborted = state == TransactionStates::State::Aborted;
        entries.append({ aborted ? Palette::Role::Error : Palette::Role::TextMuted,
            aborted ? u"band under a lane: transaction aborted by an error (until ROLLBACK)"_s
                    : u"band under a lane: in a transaction"_s,
            std::nullopt, true });
    }
    if (anomaly >= 0 && anomaly < layout.outcome().anomalies.size()) {
        using Kind = Dependency::Kind;
        QSet<Kind> kinds;
        for (const Dependency& d : layout.outcome().anomalies.at(anomaly).cycle)
            kinds.insert(d.kind);
        const auto add = [&](Kind kind, const QString& text) {
            if (kinds.contains(kind))
                entries.append({ TimelinePainter::dependencyRole(kind), text, kind });
        };
        add(Kind::WW, u"ww: wrote the next version"_s);
        add(Kind::WR, u"wr: read what the other wrote"_s);
        add(Kind::RW, u"rw: read what the other then replaced"_s);
        add(Kind::PredicateRW, u"predicate rw: its condition missed a row the other then wrote"_s);
    }
    return entries;
}

struct LegendItem {
    QRectF swatch;
    QRectF text;
    int entry = -1;
};

// The legend flows left to right and wraps at `width`; the items' positions are relative to the legend's top-left.
QList<LegendItem> legendLayout(const QList<LegendEntry>& entries, const QFont& font, double width, double* height)
{
    const QFontMetricsF fm(font);
    const double line = std::max(fm.height(), swatch) + 6;
    QList<LegendItem> items;
    double x = 0;
    double y = 0;
    for (int i = 0; i < entries.size(); ++i) {
        const double textWidth = fm.horizontalAdvance(entries.at(i).text);
        const double sample = entries.at(i).dependency ? lineSample : swatch;
        const double itemWidth = sample + 6 + textWidth;
        if (x > 0 && x + itemWidth > width) {
            x = 0;
            y += line;
        }
        LegendItem item;
        item.entry = i;
        item.swatch = QRectF(x, y + (line - swatch) / 2, sample, swatch);
        item.text = QRectF(x + sample + 6, y, textWidth + 1, line);
        items.append(item);
        x += itemWidth + 22;
    }
    *height = y + line;
    return items;
}

QString joined(const QStringList& parts)
{
    return parts.join(u" · "_s);
}

} // namespace

TimelineExporter::TimelineExporter(const RunResult& result, const Options& options)
    : m_result(result)
    , m_options(options)
    , m_palette(options.theme)
{
    m_options.width = std::clamp(m_options.width, minWidth, maxWidth);
    m_options.height = m_options.height <= 0 ? 0 : std::clamp(m_options.height, 120, maxHeight);
    m_options.dpi = std::clamp(m_options.dpi, minDpi, maxDpi);
    m_title = options.title.trimmed().isEmpty() ? result.scenario.name : options.title.trimmed();
    m_summary = options.summary.trimmed().isEmpty() ? summaryLine(result) : options.summary.trimmed();
    m_verdict = verdictText(result);
    m_titleFont = PictureFile::pixelFont(options.fontFamily, titlePixels, true);
    m_textFont = PictureFile::pixelFont(options.fontFamily, textPixels);
    m_verdictFont = PictureFile::pixelFont(options.fontFamily, verdictPixels, true);

    m_layout.setAxis(options.axis);
    m_layout.setData(result.trace, result.outcome, &m_result.scenario);
    TimelinePainter::Options paintOptions;
    paintOptions.palette = m_palette;
    paintOptions.font = m_textFont;
    if (m_options.anomaly >= m_layout.outcome().anomalies.size() || m_layout.cycleEdges(m_options.anomaly).isEmpty())
        m_options.anomaly = -1; // nothing to draw: no legend for it either
    paintOptions.anomaly = m_options.anomaly;
    m_painter = std::make_unique<TimelinePainter>(m_layout, paintOptions);
    arrange();
}

TimelineExporter::~TimelineExporter() = default;

std::optional<TimelineExporter::Format> TimelineExporter::formatOf(const QString& path)
{
    return PictureFile::formatOf(path);
}

QString TimelineExporter::formatName(Format format)
{
    return PictureFile::formatName(format);
}

std::optional<Palette::Theme> TimelineExporter::themeFromName(const QString& name)
{
    const QString key = name.trimmed().toLower();
    for (const Palette::Theme theme : { Palette::Theme::Light, Palette::Theme::Dark, Palette::Theme::HighContrast })
        if (key == themeKey(theme) || key == Palette::themeName(theme).toLower())
            return theme;
    return std::nullopt;
}

QString TimelineExporter::themeKey(Palette::Theme theme)
{
    switch (theme) {
    case Palette::Theme::Light:
        return u"light"_s;
    case Palette::Theme::Dark:
        return u"dark"_s;
    case Palette::Theme::HighContrast:
        return u"high-contrast"_s;
    }
    return {};
}

QString TimelineExporter::databaseText(const RunResult& result)
{
    const BackendSpec& backend = result.scenario.backend;
    if (!backend.isServer())
        return result.backend.label(BackendSpec::displayName(BackendSpec::Kind::Sqlite));
    // The canonical URL never holds a password (ServerUrl refuses one); the redacted text is the fallback for a URL
    // that no longer parses, and it leaves out the user part too.
    QString why;
    const auto url = ServerUrl::parse(backend.url, &why);
    const QString where = url ? url->toString() : ServerUrl::redacted(backend.url);
    return result.backend.version.isEmpty() ? where : where + u" ("_s + result.backend.version + u')';
}

QString TimelineExporter::summaryLine(const RunResult& result)
{
    const Scenario& scenario = result.scenario;
    QStringList parts;
    parts.append(u"table "_s + scenario.table.name);
    QStringList constraints;
    for (const ConstraintSpec& c : scenario.table.constraints)
        constraints.append(c.kind + u" ("_s + c.columns.join(u", "_s) + u')'
            + (c.where.isEmpty() ? QString() : u" where "_s + c.where));
    parts.append(constraints.isEmpty() ? u"no unique constraint"_s : constraints.join(u", "_s));

    // Workers that share a recipe read as one group: "A, B: django_get_or_create".
    QStringList groups;
    QStringList names;
    QString recipe;
    const auto flush = [&] {
        if (!names.isEmpty())
            groups.append(names.join(u", "_s) + u": "_s + recipe);
        names.clear();
    };
    for (const WorkerSpec& w : scenario.workers) {
        const QString r = w.recipe + (w.atomic ? u" (atomic)"_s : QString());
        if (r != recipe)
            flush();
        recipe = r;
        names.append(w.name);
    }
    flush();
    parts.append(groups.join(u"; "_s));

    QString database = databaseText(result);
    if (scenario.backend.isServer() && isolationOf(scenario) != IsolationLevel::Default)
        database += u", "_s + scenario.isolation;
    parts.append(database);

    const ScheduleSpec& schedule = result.schedule;
    switch (schedule.mode) {
    case ScheduleSpec::Mode::Script:
        parts.append(u"script "_s + schedule.scriptText());
        break;
    case ScheduleSpec::Mode::Free:
        parts.append(u"free schedule"_s
            + (schedule.jitterUs > 0 ? u" (jitter "_s + QString::number(schedule.jitterUs) + u" µs)"_s : QString()));
        break;
    default:
        parts.append(ScheduleSpec::modeName(schedule.mode) + u" schedule"_s);
        break;
    }
    return joined(parts);
}

QString TimelineExporter::verdictText(const RunResult& result)
{
    if (!result.ok())
        return u"The run failed: "_s + result.error;
    // The report's verdict: an incomplete run's starts with "incomplete: <why>"; one without lookups (sql,
    // bulk_create) counts the table's rows and names the workers that failed.
    return result.outcome.verdict();
}

void TimelineExporter::arrange()
{
    const double width = m_options.width;
    const double inner = width - 2 * margin;
    const int wrap = Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop;
    double y = margin;

    m_titleRect = QFontMetricsF(m_titleFont).boundingRect(QRectF(margin, y, inner, 1e6), wrap, m_title);
    m_titleRect.setWidth(inner);
    y = m_titleRect.bottom() + 4;
    if (m_options.showSummary && !m_summary.isEmpty()) {
        m_summaryRect = QFontMetricsF(m_textFont).boundingRect(QRectF(margin, y, inner, 1e6), wrap, m_summary);
        m_summaryRect.setWidth(inner);
        y = m_summaryRect.bottom();
    } else {
        m_summaryRect = QRectF();
    }
    y += gap;
    const double timelineTop = y;

    // What goes below the timeline.
    double legendHeight = 0;
    if (m_options.legend)
        legendLayout(legendEntries(m_layout, m_options.anomaly), m_textFont, inner, &legendHeight);
    double verdictHeight = 0;
    if (m_options.verdict)
        verdictHeight = QFontMetricsF(m_verdictFont).boundingRect(QRectF(0, 0, inner, 1e6), wrap, m_verdict).height();
    const double below = (legendHeight > 0 ? gap + legendHeight : 0) + (verdictHeight > 0 ? gap + verdictHeight : 0);

    // With a fixed height the timeline gets what the text leaves; otherwise what its lanes want.
    const double givenHeight =
        m_options.height > 0 ? std::max(60.0, m_options.height - timelineTop - below - margin) : 0;
    const bool visible = m_options.range == Range::Visible && m_options.visibleTo > m_options.visibleFrom;
    const double from = visible ? std::max(0.0, m_options.visibleFrom) : 0;
    const double to = visible ? std::min(m_layout.axisLength(), m_options.visibleTo) : m_layout.axisLength();
    const double span = std::max(to - from, 1e-9);
    const bool sequence = m_layout.axis() == TimelineLayout::Axis::Sequence;
    const auto dataWidth = [&](const TimelineLayout::Metrics& m) {
        return inner - m_painter->headerWidth() - m.badgeWidth - 2 * m.slotGap - 16;
    };

    // The lanes' heights and the labels' room first (what the window does on a resize). Labels a little too wide
    // for the picture get a smaller font before they get elided, since a slide is read whole; a long run whose
    // slots are far too narrow for any word keeps the base font for its headers and badges.
    TimelineLayout::Metrics metrics;
    double baseNeed = 0;
    for (const double fontScale : { 1.0, 0.9, 0.8, 0.7 }) {
        TimelinePainter::Options paintOptions = m_painter->options();
        paintOptions.fontScale = fontScale;
        m_painter->setOptions(paintOptions);
        const double height = givenHeight > 0 ? givenHeight : m_painter->preferredHeight(m_layout.workerLaneCount());
        metrics = m_painter->fittedMetrics(QSizeF(inner, height));
        // A slide is read whole: slots start at the readable width (a smaller font comes before shorter words), and
        // are squeezed below it only when no font of the four makes room.
        metrics.slotGap = TimelineLayout::Metrics().slotGap;
        metrics.slotWidth = std::max(metrics.slotWidth, m_painter->readableSlotWidth(metrics));
        m_layout.setMetrics(metrics);
        if (m_layout.isEmpty())
            break;
        const double pitch = dataWidth(metrics) / std::max(span, 1.0);
        // The narrowest slot whose labels fit at this font: what fittedMetrics() gives for no room at all.
        const double need = m_painter->fittedMetrics(QSizeF(1, height)).slotPitch();
        if (fontScale == 1.0)
            baseNeed = need;
        const bool wide = !sequence || visible || pitch >= need - 0.5 || pitch < 0.4 * baseNeed;
        const bool tall = givenHeight <= 0 || m_painter->naturalSize().height() <= givenHeight + 0.5;
        if (wide && tall)
            break;
    }
    m_timelineRect = QRectF(margin, timelineTop, inner, givenHeight);
    if (!m_layout.isEmpty()) {
        // Then the slots squeezed or stretched so the chosen range fills the width.
        // A visible range is a scrolled frame: the painter pins the results to the right edge and clips the slots
        // there, so the range ends exactly at the pinned column.
        const double available =
            visible ? inner - m_painter->headerWidth() - metrics.badgeWidth - 2 : dataWidth(metrics);
        if (sequence) {
            const double pitch = available / std::max(span, 1.0);
            // A visible range always fills the width; the whole run only shrinks (a short run keeps readable slots).
            if (visible || pitch < metrics.slotPitch()) {
                metrics.slotGap = std::min(metrics.slotGap, std::max(0.0, pitch * 0.08));
                metrics.slotWidth = std::max(pitch - metrics.slotGap, 0.01);
            }
        } else {
            metrics.pixelsPerNs = available / span;
        }
        m_layout.setMetrics(metrics);
        m_layoutLeft = visible ? m_layout.xOfAxisValue(from) : 0;
        // No empty band under the lanes: the timeline is as tall as its content (at most what was given).
        const double natural = m_painter->naturalSize().height();
        m_timelineRect.setHeight(givenHeight > 0 ? std::min(givenHeight, natural) : natural);
    } else if (givenHeight <= 0) {
        m_timelineRect.setHeight(m_painter->preferredHeight(m_layout.workerLaneCount()));
    }
    y = m_timelineRect.bottom();
    if (legendHeight > 0) {
        y += gap;
        m_legendRect = QRectF(margin, y, inner, legendHeight);
        y = m_legendRect.bottom();
    } else {
        m_legendRect = QRectF();
    }
    if (verdictHeight > 0) {
        y += gap;
        m_verdictRect = QRectF(margin, y, inner, verdictHeight);
        y = m_verdictRect.bottom();
    } else {
        m_verdictRect = QRectF();
    }
    const int height = m_options.height > 0 ? m_options.height : int(std::ceil(y + margin));
    m_logicalSize = QSize(m_options.width, std::min(height, maxHeight));
    // A fixed height taller than the content: the figure sits in the middle, as a slide's figure does.
    const double spare = std::floor((m_options.height - (y + margin)) / 2);
    if (m_options.height > 0 && spare > 0) {
        for (QRectF* rect : { &m_titleRect, &m_summaryRect, &m_timelineRect, &m_legendRect, &m_verdictRect })
            if (!rect->isNull())
                rect->translate(0, spare);
    }
}

QSize TimelineExporter::pixelSize() const
{
    return QSize(qRound(m_logicalSize.width() * scale()), qRound(m_logicalSize.height() * scale()));
}

QRectF TimelineExporter::timelineRect() const
{
    const double s = scale();
    return QRectF(m_timelineRect.topLeft() * s, m_timelineRect.size() * s);
}

QPointF TimelineExporter::mapFromLayout(QPointF layoutPos) const
{
    // The painter's frame is the one paint() set: the timeline rectangle, scrolled to the range's left edge.
    TimelinePainter frame(m_layout, m_painter->options());
    frame.setFrame(m_timelineRect.size(), QPointF(m_layoutLeft, 0));
    return (frame.mapFromLayout(layoutPos) + m_timelineRect.topLeft()) * scale();
}

void TimelineExporter::paint(QPainter& painter)
{
    painter.save();
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(m_logicalSize)), m_palette.color(Palette::Role::Background));
    const int wrap = Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop;

    painter.setFont(m_titleFont);
    painter.setPen(m_palette.color(Palette::Role::Text));
    painter.drawText(m_titleRect, wrap, m_title);
    if (!m_summaryRect.isEmpty()) {
        painter.setFont(m_textFont);
        painter.setPen(m_palette.color(Palette::Role::TextMuted));
        painter.drawText(m_summaryRect, wrap, m_summary);
    }

    // The timeline gets its own frame of the grid colour so it reads as one figure on a white slide.
    m_painter->paint(painter, m_timelineRect, m_layoutLeft);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(m_palette.color(Palette::Role::Grid), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(m_timelineRect.adjusted(-0.5, -0.5, 0.5, 0.5));

    if (!m_legendRect.isEmpty())
        paintLegend(painter);
    if (!m_verdictRect.isEmpty()) {
        painter.setFont(m_verdictFont);
        const bool bad = !m_result.ok() || !m_result.outcome.passed();
        painter.setPen(m_palette.color(bad ? Palette::Role::ErrorForeground : Palette::Role::Success));
        painter.drawText(m_verdictRect, wrap, m_verdict);
    }
    painter.restore();
}

void TimelineExporter::paintLegend(QPainter& painter) const
{
    double height = 0;
    const auto entries = legendEntries(m_layout, m_options.anomaly);
    const auto items = legendLayout(entries, m_textFont, m_legendRect.width(), &height);
    painter.save();
    painter.translate(m_legendRect.topLeft());
    painter.setFont(m_textFont);
    for (const LegendItem& item : items) {
        const LegendEntry& entry = entries.at(item.entry);
        if (entry.dependency) {
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.setPen(TimelinePainter::dependencyPen(
                *entry.dependency, m_palette.color(entry.role), TimelinePainter::dependencyWidth));
            const double y = item.swatch.center().y();
            painter.drawLine(QPointF(item.swatch.left() + 2, y), QPointF(item.swatch.right() - 2, y));
            painter.setRenderHint(QPainter::Antialiasing, false);
            painter.setPen(m_palette.color(Palette::Role::Text));
            painter.drawText(item.text, Qt::AlignLeft | Qt::AlignVCenter, entry.text);
            continue;
        }
        if (entry.band) {
            const QRectF strip(item.swatch.left(), item.swatch.bottom() - 4, item.swatch.width(), 4);
            painter.fillRect(strip, m_palette.color(entry.role));
            painter.setPen(m_palette.color(Palette::Role::Text));
            painter.drawText(item.text, Qt::AlignLeft | Qt::AlignVCenter, entry.text);
            continue;
        }
        painter.setPen(QPen(m_palette.color(Palette::Role::Grid), 1));
        painter.setBrush(m_palette.color(entry.role));
        painter.drawRect(item.swatch);
        if (entry.role == Palette::Role::LockWait) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(QBrush(m_palette.color(Palette::Role::LockWaitHatch), Qt::BDiagPattern));
            painter.drawRect(item.swatch);
        }
        painter.setPen(m_palette.color(Palette::Role::Text));
        painter.drawText(item.text, Qt::AlignLeft | Qt::AlignVCenter, entry.text);
    }
    painter.restore();
}

int TimelineExporter::firstViolatingAnomaly(const Outcome& outcome)
{
    for (int i = 0; i < outcome.anomalies.size(); ++i) {
        if (outcome.anomalies.at(i).violates() && !outcome.anomalies.at(i).cycle.isEmpty())
            return i;
    }
    return -1;
}

QStringList TimelineExporter::legendTexts() const
{
    QStringList texts;
    if (m_options.legend) {
        for (const LegendEntry& entry : legendEntries(m_layout, m_options.anomaly))
            texts.append(entry.text);
    }
    return texts;
}

PictureFile::Picture TimelineExporter::picture()
{
    PictureFile::Picture picture;
    picture.logicalSize = m_logicalSize;
    picture.dpi = m_options.dpi;
    picture.title = m_title;
    picture.description = m_summary;
    picture.pageName = u"Timeline"_s;
    picture.background = m_palette.color(Palette::Role::Background);
    picture.paint = [this](QPainter& painter) { paint(painter); };
    return picture;
}

QImage TimelineExporter::toImage()
{
    return PictureFile::toImage(picture());
}

bool TimelineExporter::write(const QString& path, QString* error)
{
    const auto format = formatOf(path);
    if (!format) {
        if (error)
            *error = u"%1: an image is a .png, .svg or .pdf file"_s.arg(path);
        return false;
    }
    return write(path, *format, error);
}

bool TimelineExporter::write(const QString& path, Format format, QString* error)
{
    return PictureFile::write(picture(), path, format, error);
}

} // namespace interleave
