// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"
#include "palette.h"

#include <QFont>
#include <QList>
#include <QRectF>
#include <QSize>
#include <QStringList>

class QPainter;

namespace interleave {

// The isolation lab's matrix as a figure for slides (issue 18), without a widget: a title, the exact versions line,
// the column headers grouped by database (its name and version over its levels), one row per anomaly (its name and
// common name), each cell a chip coloured by its outcome and worded as the window words it ("occurred · G-single",
// "abort · 40001", "blocks", "prevented"), a departure from the documented behaviour marked by a corner and a
// numbered footnote, and a legend of the colours the figure uses. MatrixImage writes it to a file; the window's
// MatrixModel takes its words and colours from here, so the table and the picture say the same.
//
// Sizes are logical pixels (96 DPI); the height follows from the width and the content.
class MatrixPainter {
public:
    struct Options {
        Palette::Theme theme = Palette::Theme::Light;
        int width = 1920;
        QString title; // empty: defaultTitle
        QString fontFamily; // empty: the application's font
    };
    static constexpr int minWidth = 480;
    static constexpr int maxWidth = 16384;
    static inline const QString defaultTitle = QStringLiteral("Which isolation level prevents which anomaly");

    MatrixPainter(const MatrixResult& matrix, const Options& options);

    // The chip's colour and its short word: "occurred", "blocks", "abort", "prevented", "not run", "failed".
    static Palette::Role chipRole(CellOutcome outcome);
    static QString outcomeWord(CellOutcome outcome);
    // The word and the cell's detail: "occurred · G-single", "abort · 40001", "blocks".
    static QString cellText(const MatrixCell& cell);
    // "MariaDB repeatable read, P4 lost update: documented prevented by blocking, ran prevented by abort (1020). ..."
    static QString departureText(const MatrixResult& matrix, int row, int column);

    QSize size() const { return m_size; }
    QString title() const { return m_title; }
    const Palette& palette() const { return m_palette; }
    QRectF cellRect(int row, int column) const; // the chip, in logical pixels
    QStringList footnotes() const { return m_footnotes; } // one per departure, numbered in reading order
    QStringList legendTexts() const;
    void paint(QPainter& painter) const;

private:
    struct LegendEntry {
        Palette::Role role;
        QString text;
        bool departure = false;
    };
    void arrange();
    QList<LegendEntry> legendEntries() const;
    void paintHeader(QPainter& painter) const;
    void paintCell(QPainter& painter, int row, int column) const;
    void paintLegend(QPainter& painter) const;

    MatrixResult m_matrix;
    Options m_options;
    Palette m_palette;
    QString m_title;
    QString m_versions;
    QFont m_titleFont, m_textFont, m_groupFont, m_rowFont, m_smallFont, m_chipFont, m_detailFont;
    QSize m_size;
    QRectF m_titleRect, m_versionsRect, m_legendRect, m_footnotesRect;
    double m_groupTop = 0, m_groupHeight = 0, m_levelTop = 0, m_levelHeight = 0;
    double m_left = 0, m_labelWidth = 0, m_rowHeight = 0, m_rowsTop = 0;
    QList<double> m_columnX; // each column's left edge
    double m_columnWidth = 0;
    QList<QList<int>> m_footnoteOf; // [row][column]: its footnote's number, 0 for none
    QStringList m_footnotes;
};

} // namespace interleave
