// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "picturefile.h"
#include "runresult.h"
#include "timelinelayout.h"
#include "timelinepainter.h"

#include <QFont>
#include <QImage>
#include <QRectF>
#include <QSize>
#include <memory>
#include <optional>

class QPainter;

namespace interleave {

// A run's timeline as a picture for slides and write-ups (PNG, SVG or PDF), without a widget: a title, one line
// that says what ran (table, constraint, workers and recipes, database, schedule), the timeline itself painted by
// TimelinePainter at the export's own size and theme, a legend of the statement colours and the verdict. The
// window's Export dialog and `interleave run --image-out` both use it.
//
// The exporter lays the run out again for its target instead of copying the window's layout: the whole run (or the
// window's visible range) is squeezed into the picture's width, and the painter's level of detail reduces what
// falls into one pixel column, so a trace of a million statements exports in bounded time and size (STYLE.md:
// "Export writes the reduced draw list").
//
// Sizes are pixels at 96 DPI ("logical" pixels). A higher DPI keeps the same picture and multiplies a PNG's pixels
// (and records the DPI in the file); SVG and PDF are vector drawings of the logical size (an SVG viewBox of it, a
// PDF page of width × 0.75 points), to which DPI does not apply.
class TimelineExporter {
public:
    using Format = PictureFile::Format;
    enum class Range { WholeRun, Visible };

    struct Options {
        QString title; // empty: the scenario's name
        QString summary; // empty: summaryLine()
        bool showSummary = true;
        bool legend = true;
        bool verdict = true;
        Range range = Range::WholeRun;
        // Range::Visible: the part of the run to show, in the axis' units (TimelineLayout::axisValueOfX()).
        double visibleFrom = 0;
        double visibleTo = 0;
        TimelineLayout::Axis axis = TimelineLayout::Axis::Sequence;
        int width = 1600; // logical pixels
        int height = 0; // logical pixels; 0: as tall as the content needs
        int dpi = 96;
        Palette::Theme theme = Palette::Theme::Light;
        QString fontFamily; // empty: the application's font
        // The anomaly whose cycle is drawn (an index into the outcome's anomalies), and the legend then explains
        // the dependency kinds; -1 for none.
        int anomaly = -1;
    };

    static constexpr int minWidth = 320;
    static constexpr int maxWidth = 16384;
    static constexpr int maxHeight = 16384;
    static constexpr int minDpi = 48;
    static constexpr int maxDpi = 1200;

    TimelineExporter(const RunResult& result, const Options& options);
    ~TimelineExporter();
    TimelineExporter(const TimelineExporter&) = delete;
    TimelineExporter& operator=(const TimelineExporter&) = delete;

    // By the file's extension (case-insensitive); nullopt for anything but .png, .svg and .pdf.
    static std::optional<Format> formatOf(const QString& path);
    static QString formatName(Format format); // "PNG"
    // "table race · unique (user_id) · A, B: django_get_or_create · SQLite 3.45.1 · script A,B,A,B"
    static QString summaryLine(const RunResult& result);
    // The database as a run saw it, never with a password: "SQLite 3.45.1", "postgresql://u@h:5432/db (PostgreSQL 16)".
    static QString databaseText(const RunResult& result);
    static QString verdictText(const RunResult& result);
    // "light", "dark", "high-contrast" (the command line's words) <-> themes.
    static std::optional<Palette::Theme> themeFromName(const QString& name);
    static QString themeKey(Palette::Theme theme);
    // The anomaly `--image-out` draws by default: the first that violates (Anomaly::violates), else -1.
    static int firstViolatingAnomaly(const Outcome& outcome);
    // The legend's entries, in order: the statement colours, and the dependency kinds when a cycle is drawn.
    QStringList legendTexts() const;

    const Options& options() const { return m_options; }
    QString title() const { return m_title; }
    QString summary() const { return m_summary; }

    // The picture's logical size (height resolved) and its size in output pixels (times DPI / 96).
    QSize logicalSize() const { return m_logicalSize; }
    QSize pixelSize() const; // a PNG's
    double scale() const { return m_options.dpi / 96.0; }

    // Paints the whole picture in logical pixels (the caller scales for DPI).
    void paint(QPainter& painter);
    QImage toImage();

    // Writes the file in the format its extension names. false with *error (naming the file) otherwise.
    bool write(const QString& path, QString* error);
    bool write(const QString& path, Format format, QString* error);

    // Where the timeline went, for tests and previews: its rectangle and a layout point, in a PNG's pixels (divide by
    // scale() for the SVG's and PDF's logical units).
    QRectF timelineRect() const;
    QPointF mapFromLayout(QPointF layoutPos) const;
    const TimelineLayout& timelineLayout() const { return m_layout; }
    const TimelinePainter& timelinePainter() const { return *m_painter; }

private:
    void arrange();
    PictureFile::Picture picture(); // paint() at the logical size, for PictureFile
    void paintLegend(QPainter& painter) const;

    RunResult m_result;
    Options m_options;
    Palette m_palette;
    QString m_title;
    QString m_summary;
    QString m_verdict;
    QFont m_titleFont;
    QFont m_textFont;
    QFont m_verdictFont;
    TimelineLayout m_layout;
    std::unique_ptr<TimelinePainter> m_painter; // paints m_layout
    double m_layoutLeft = 0;
    QSize m_logicalSize;
    QRectF m_titleRect;
    QRectF m_summaryRect;
    QRectF m_timelineRect;
    QRectF m_legendRect;
    QRectF m_verdictRect;
};

} // namespace interleave
