// SPDX-License-Identifier: MIT
#include "matrixpainter.h"

#include "picturefile.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Logical pixels. A slide is read from the back of a room: nothing smaller than 14 px.
constexpr double margin = 32;
constexpr double gap = 14;
constexpr double groupGap = 12; // between two databases' columns
constexpr double chipInset = 3;
constexpr double swatch = 18;
constexpr double corner = 18; // a departure's corner mark

double lineHeight(const QFont& font)
{
    return QFontMetricsF(font).height();
}

// The height `text` needs wrapped at `width`.
double wrappedHeight(const QFont& font, double width, const QString& text)
{
    if (text.isEmpty())
        return 0;
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text).height();
}

} // namespace

MatrixPainter::MatrixPainter(const MatrixResult& matrix, const Options& options)
    : m_matrix(matrix)
    , m_options(options)
    , m_palette(options.theme)
{
    m_options.width = std::clamp(m_options.width, minWidth, maxWidth);
    m_title = options.title.trimmed().isEmpty() ? defaultTitle : options.title.trimmed();
    m_versions = matrix.versionsLine();
    // The figure grows with its width: 1920 px is the reference slide.
    const double k = std::clamp(m_options.width / 1920.0, 0.75, 2.0);
    const auto px = [k](int pixels) { return int(std::lround(pixels * k)); };
    const QString& family = options.fontFamily;
    m_titleFont = PictureFile::pixelFont(family, px(32), true);
    m_textFont = PictureFile::pixelFont(family, px(17));
    m_groupFont = PictureFile::pixelFont(family, px(20), true);
    m_rowFont = PictureFile::pixelFont(family, px(19), true);
    m_smallFont = PictureFile::pixelFont(family, px(15));
    m_chipFont = PictureFile::pixelFont(family, px(17), true);
    m_detailFont = PictureFile::pixelFont(family, px(15));
    arrange();
}

Palette::Role MatrixPainter::chipRole(CellOutcome outcome)
{
    switch (outcome) {
    case CellOutcome::Occurred:
        return Palette::Role::CellOccurred;
    case CellOutcome::PreventedByBlocking:
        return Palette::Role::CellBlocked;
    case CellOutcome::PreventedByAbort:
        return Palette::Role::CellAborted;
    case CellOutcome::Prevented:
        return Palette::Role::CellPrevented;
    case CellOutcome::NotRun:
        return Palette::Role::CellNotRun;
    case CellOutcome::Failed:
        return Palette::Role::CellFailed;
    }
    return Palette::Role::CellNotRun;
}

QString MatrixPainter::outcomeWord(CellOutcome outcome)
{
    switch (outcome) {
    case CellOutcome::Occurred:
        return u"occurred"_s;
    case CellOutcome::PreventedByBlocking:
        return u"blocks"_s;
    case CellOutcome::PreventedByAbort:
        return u"abort"_s;
    case CellOutcome::Prevented:
        return u"prevented"_s;
    case CellOutcome::NotRun:
        return u"not run"_s;
    case CellOutcome::Failed:
        return u"failed"_s;
    }
    return {};
}

QString MatrixPainter::cellText(const MatrixCell& cell)
{
    const QString word = outcomeWord(cell.outcome);
    return cell.detail.isEmpty() ? word : word + u" \u00b7 "_s + cell.detail;
}

QString MatrixPainter::departureText(const MatrixResult& matrix, int row, int column)
{
    const MatrixCell& cell = matrix.cell(row, column);
    const MatrixRow& r = matrix.rows.at(row);
    QString text = u"%1, %2: documented %3, ran %4"_s.arg(matrix.columns.at(column).title(), r.anomaly,
        cell.documented ? cellOutcomeName(*cell.documented) : QString(), cellOutcomeName(cell.outcome));
    if (!cell.detail.isEmpty())
        text += u" ("_s + cell.detail + u')';
    text += u'.';
    if (!cell.documentedNote.isEmpty())
        text += u' ' + cell.documentedNote;
    return text;
}

void MatrixPainter::arrange()
{
    const double width = m_options.width;
    const double inner = width - 2 * margin;
    double y = margin;
    m_titleRect = QRectF(margin, y, inner, wrappedHeight(m_titleFont, inner, m_title));
    y = m_titleRect.bottom() + 4;
    m_versionsRect = QRectF(margin, y, inner, wrappedHeight(m_textFont, inner, m_versions));
    y = m_versionsRect.bottom() + gap * 1.5;

    // The row labels' column: as wide as the widest anomaly name needs, within a quarter of the figure.
    const QFontMetricsF rowMetrics(m_rowFont);
    const QFontMetricsF smallMetrics(m_smallFont);
    double labelNeed = 0;
    for (const MatrixRow& row : m_matrix.rows)
        labelNeed = std::max(
            { labelNeed, rowMetrics.horizontalAdvance(row.anomaly), smallMetrics.horizontalAdvance(row.commonName) });
    m_left = margin;
    m_labelWidth = std::clamp(labelNeed + 20, inner * 0.12, inner * 0.24);

    // Columns: equal widths, a gap between two databases.
    const qsizetype columns = m_matrix.columns.size();
    int groups = 0;
    for (qsizetype c = 0; c < columns; ++c)
        if (c == 0 || m_matrix.columns.at(c).database != m_matrix.columns.at(c - 1).database)
            ++groups;
    const double tableWidth = inner - m_labelWidth;
    m_columnWidth = columns > 0 ? (tableWidth - std::max(groups - 1, 0) * groupGap) / double(columns) : 0;
    m_columnX.clear();
    double x = m_left + m_labelWidth;
    for (qsizetype c = 0; c < columns; ++c) {
        if (c > 0 && m_matrix.columns.at(c).database != m_matrix.columns.at(c - 1).database)
            x += groupGap;
        m_columnX.append(x);
        x += m_columnWidth;
    }

    // The header: the database (and its version) over its group, each level wrapped in its column.
    m_groupTop = y;
    m_groupHeight = columns > 0 ? lineHeight(m_groupFont) + lineHeight(m_smallFont) + 6 : 0;
    m_levelTop = m_groupTop + m_groupHeight;
    m_levelHeight = 0;
    for (const MatrixColumn& column : m_matrix.columns)
        m_levelHeight = std::max(m_levelHeight, wrappedHeight(m_textFont, m_columnWidth - 8, column.level));
    m_levelHeight += 8;

    // Rows: the anomaly and its common name beside two lines of chip text.
    m_rowsTop = m_levelTop + m_levelHeight;
    m_rowHeight =
        std::max(lineHeight(m_rowFont) + lineHeight(m_smallFont), lineHeight(m_chipFont) + lineHeight(m_detailFont))
        + 16;
    y = m_rowsTop + m_rowHeight * double(m_matrix.rows.size());

    // The footnotes: every departure, in reading order.
    m_footnotes.clear();
    m_footnoteOf.clear();
    for (int r = 0; r < m_matrix.rows.size(); ++r) {
        m_footnoteOf.append(QList<int>(columns, 0));
        for (int c = 0; c < columns; ++c) {
            if (r < m_matrix.cells.size() && c < m_matrix.cells.at(r).size() && m_matrix.cell(r, c).departs()) {
                m_footnotes.append(departureText(m_matrix, r, c));
                m_footnoteOf[r][c] = int(m_footnotes.size());
            }
        }
    }

    // The legend, flowing left to right.
    y += gap * 1.5;
    const QFontMetricsF fm(m_textFont);
    const double line = std::max(fm.height(), swatch) + 8;
    double lx = 0;
    double ly = 0;
    for (const LegendEntry& entry : legendEntries()) {
        const double itemWidth = swatch + 8 + fm.horizontalAdvance(entry.text);
        if (lx > 0 && lx + itemWidth > inner) {
            lx = 0;
            ly += line;
        }
        lx += itemWidth + 28;
    }
    m_legendRect = QRectF(margin, y, inner, ly + line);
    y = m_legendRect.bottom();

    if (!m_footnotes.isEmpty()) {
        y += gap;
        double height = 0;
        for (const QString& footnote : std::as_const(m_footnotes))
            height += wrappedHeight(m_smallFont, inner - 40, footnote) + 4;
        m_footnotesRect = QRectF(margin, y, inner, height);
        y = m_footnotesRect.bottom();
    } else {
        m_footnotesRect = QRectF();
    }
    m_size = QSize(int(width), int(std::ceil(y + margin)));
}

QList<MatrixPainter::LegendEntry> MatrixPainter::legendEntries() const
{
    bool used[6] = {};
    for (const auto& row : m_matrix.cells)
        for (const MatrixCell& cell : row)
            used[int(cell.outcome)] = true;
    QList<LegendEntry> entries;
    // The four outcomes are always explained (a figure of one database shows the others' words too); not run and
    // failed only when the figure has them.
    entries.append({ Palette::Role::CellOccurred, u"occurred: the anomaly happened"_s });
    entries.append({ Palette::Role::CellBlocked, u"blocks: prevented by a lock wait"_s });
    entries.append({ Palette::Role::CellAborted, u"abort: prevented by an error (serialization failure, deadlock)"_s });
    entries.append({ Palette::Role::CellPrevented, u"prevented: a snapshot kept it out"_s });
    if (used[int(CellOutcome::NotRun)])
        entries.append({ Palette::Role::CellNotRun, u"not run"_s });
    if (used[int(CellOutcome::Failed)])
        entries.append({ Palette::Role::CellFailed, u"failed: the run did not complete"_s });
    if (!m_footnotes.isEmpty())
        entries.append({ Palette::Role::Departure, u"departs from the documented behaviour (footnotes)"_s, true });
    return entries;
}

QStringList MatrixPainter::legendTexts() const
{
    QStringList texts;
    for (const LegendEntry& entry : legendEntries())
        texts.append(entry.text);
    return texts;
}

QRectF MatrixPainter::cellRect(int row, int column) const
{
    const QRectF cell(m_columnX.at(column), m_rowsTop + row * m_rowHeight, m_columnWidth, m_rowHeight);
    return cell.adjusted(chipInset, chipInset, -chipInset, -chipInset);
}

void MatrixPainter::paint(QPainter& painter) const
{
    painter.save();
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(m_size)), m_palette.color(Palette::Role::Background));
    const int wrap = Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop;
    painter.setFont(m_titleFont);
    painter.setPen(m_palette.color(Palette::Role::Text));
    painter.drawText(m_titleRect, wrap, m_title);
    painter.setFont(m_textFont);
    painter.setPen(m_palette.color(Palette::Role::TextMuted));
    painter.drawText(m_versionsRect, wrap, m_versions);

    paintHeader(painter);
    const double tableRight = m_columnX.isEmpty() ? m_left + m_labelWidth : m_columnX.last() + m_columnWidth;
    for (int r = 0; r < m_matrix.rows.size(); ++r) {
        const QRectF band(m_left, m_rowsTop + r * m_rowHeight, tableRight - m_left, m_rowHeight);
        if (r % 2 == 1)
            painter.fillRect(band, m_palette.color(Palette::Role::LaneBackgroundAlt));
        const MatrixRow& row = m_matrix.rows.at(r);
        const QRectF label = band.adjusted(8, 8, 0, -8);
        painter.setFont(m_rowFont);
        painter.setPen(m_palette.color(Palette::Role::Text));
        const QFontMetricsF rowMetrics(m_rowFont);
        painter.drawText(QRectF(label.left(), label.top(), m_labelWidth - 12, rowMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, rowMetrics.elidedText(row.anomaly, Qt::ElideRight, m_labelWidth - 12));
        painter.setFont(m_smallFont);
        painter.setPen(m_palette.color(Palette::Role::TextMuted));
        const QFontMetricsF smallMetrics(m_smallFont);
        painter.drawText(
            QRectF(label.left(), label.top() + rowMetrics.height(), m_labelWidth - 12, smallMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            smallMetrics.elidedText(row.commonName, Qt::ElideRight, m_labelWidth - 12));
        for (int c = 0; c < m_matrix.columns.size(); ++c)
            paintCell(painter, r, c);
    }
    paintLegend(painter);
    if (!m_footnotesRect.isNull()) {
        double y = m_footnotesRect.top();
        const double inner = m_footnotesRect.width();
        for (int i = 0; i < m_footnotes.size(); ++i) {
            painter.setFont(m_chipFont);
            painter.setPen(m_palette.color(Palette::Role::Departure));
            painter.drawText(QRectF(m_footnotesRect.left(), y, 40, lineHeight(m_smallFont)),
                Qt::AlignLeft | Qt::AlignVCenter, u"\u2260%1"_s.arg(i + 1));
            painter.setFont(m_smallFont);
            painter.setPen(m_palette.color(Palette::Role::Text));
            const double h = wrappedHeight(m_smallFont, inner - 40, m_footnotes.at(i));
            painter.drawText(QRectF(m_footnotesRect.left() + 40, y, inner - 40, h), wrap, m_footnotes.at(i));
            y += h + 4;
        }
    }
    painter.restore();
}

void MatrixPainter::paintHeader(QPainter& painter) const
{
    const auto& columns = m_matrix.columns;
    const QFontMetricsF small(m_smallFont);
    for (int c = 0; c < columns.size();) {
        int end = c + 1;
        while (end < columns.size() && columns.at(end).database == columns.at(c).database)
            ++end;
        const double left = m_columnX.at(c);
        const double right = m_columnX.at(end - 1) + m_columnWidth;
        const QRectF group(left, m_groupTop, right - left, m_groupHeight - 6);
        painter.setFont(m_groupFont);
        painter.setPen(m_palette.color(Palette::Role::Text));
        painter.drawText(QRectF(group.left(), group.top(), group.width(), lineHeight(m_groupFont)),
            Qt::AlignHCenter | Qt::AlignVCenter, columns.at(c).database);
        painter.setFont(m_smallFont);
        painter.setPen(m_palette.color(Palette::Role::TextMuted));
        painter.drawText(
            QRectF(group.left(), group.top() + lineHeight(m_groupFont), group.width(), lineHeight(m_smallFont)),
            Qt::AlignHCenter | Qt::AlignVCenter,
            small.elidedText(columns.at(c).version, Qt::ElideRight, group.width()));
        // A rule under the group, so its levels read as one database's.
        painter.fillRect(QRectF(left + 2, m_groupTop + m_groupHeight - 3, right - left - 4, 2),
            m_palette.color(Palette::Role::Grid));
        for (int k = c; k < end; ++k) {
            painter.setFont(m_textFont);
            painter.setPen(m_palette.color(Palette::Role::Text));
            painter.drawText(QRectF(m_columnX.at(k) + 4, m_levelTop + 4, m_columnWidth - 8, m_levelHeight - 4),
                Qt::TextWordWrap | Qt::AlignHCenter | Qt::AlignBottom, columns.at(k).level);
        }
        c = end;
    }
}

void MatrixPainter::paintCell(QPainter& painter, int row, int column) const
{
    if (row >= m_matrix.cells.size() || column >= m_matrix.cells.at(row).size())
        return;
    const MatrixCell& cell = m_matrix.cell(row, column);
    const QRectF chip = cellRect(row, column);
    painter.fillRect(chip, m_palette.color(chipRole(cell.outcome)));
    painter.setPen(m_palette.color(Palette::Role::BoxText));
    const QFontMetricsF word(m_chipFont);
    const QFontMetricsF detail(m_detailFont);
    const double textWidth = chip.width() - 8;
    const double top = chip.center().y() - (word.height() + (cell.detail.isEmpty() ? 0 : detail.height())) / 2;
    painter.setFont(m_chipFont);
    painter.drawText(QRectF(chip.left() + 4, top, textWidth, word.height()), Qt::AlignHCenter | Qt::AlignVCenter,
        word.elidedText(outcomeWord(cell.outcome), Qt::ElideRight, textWidth));
    if (!cell.detail.isEmpty()) {
        // A detail too wide for its chip ("database is locked" in a narrow column) takes a smaller font, down to
        // 13 px, before it is elided; the others keep the legible size.
        QFont font = m_detailFont;
        const double need = detail.horizontalAdvance(cell.detail);
        if (need > textWidth) {
            const double pixels = m_detailFont.pointSizeF() * PictureFile::fontDpi() / 72.0;
            font = PictureFile::pixelFont(
                m_options.fontFamily, int(std::max(13.0, std::floor(pixels * textWidth / need))));
        }
        const QFontMetricsF fitted(font);
        painter.setFont(font);
        painter.drawText(QRectF(chip.left() + 4, top + word.height(), textWidth, detail.height()),
            Qt::AlignHCenter | Qt::AlignVCenter, fitted.elidedText(cell.detail, Qt::ElideRight, textWidth));
    }
    const int footnote = m_footnoteOf.value(row).value(column);
    if (footnote > 0) {
        // The "≠ documented" corner: a triangle in the chip's top right, its footnote's number beside it.
        QPainterPath triangle;
        triangle.moveTo(chip.topRight());
        triangle.lineTo(chip.topRight() + QPointF(-corner * 1.6, 0));
        triangle.lineTo(chip.topRight() + QPointF(0, corner * 1.6));
        triangle.closeSubpath();
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.fillPath(triangle, m_palette.color(Palette::Role::Departure));
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setFont(m_detailFont);
        painter.setPen(m_palette.color(Palette::Role::Background));
        painter.drawText(QRectF(chip.right() - corner * 0.95, chip.top(), corner * 0.95, corner * 0.85),
            Qt::AlignCenter, QString::number(footnote));
    }
}

void MatrixPainter::paintLegend(QPainter& painter) const
{
    const QFontMetricsF fm(m_textFont);
    const double line = std::max(fm.height(), swatch) + 8;
    double x = 0;
    double y = 0;
    painter.setFont(m_textFont);
    for (const LegendEntry& entry : legendEntries()) {
        const double textWidth = fm.horizontalAdvance(entry.text);
        const double itemWidth = swatch + 8 + textWidth;
        if (x > 0 && x + itemWidth > m_legendRect.width()) {
            x = 0;
            y += line;
        }
        const QRectF box(m_legendRect.left() + x, m_legendRect.top() + y + (line - swatch) / 2, swatch, swatch);
        if (entry.departure) {
            QPainterPath triangle;
            triangle.moveTo(box.topLeft());
            triangle.lineTo(box.topRight());
            triangle.lineTo(box.bottomRight());
            triangle.closeSubpath();
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.fillPath(triangle, m_palette.color(entry.role));
            painter.setRenderHint(QPainter::Antialiasing, false);
        } else {
            painter.setPen(QPen(m_palette.color(Palette::Role::Grid), 1));
            painter.setBrush(m_palette.color(entry.role));
            painter.drawRect(box);
        }
        painter.setPen(m_palette.color(Palette::Role::Text));
        painter.drawText(QRectF(box.right() + 8, m_legendRect.top() + y, textWidth + 2, line),
            Qt::AlignLeft | Qt::AlignVCenter, entry.text);
        x += itemWidth + 28;
    }
}

} // namespace interleave
