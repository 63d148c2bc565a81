// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QFont>
#include <QImage>
#include <QSize>
#include <QString>
#include <functional>
#include <optional>

class QPainter;

namespace interleave {

// What every picture Interleave writes shares (a run's timeline, TimelineExporter; the isolation lab's matrix,
// MatrixImage): the file format by the suffix, fonts sized in pixels that measure the same on every device, and one
// paint function written to PNG (pixels, times DPI / 96), SVG (a viewBox of the logical size) or PDF (one page of the
// logical size in points).
class PictureFile {
public:
    enum class Format { Png, Svg, Pdf };

    // By the file's extension (case-insensitive); nullopt for anything but .png, .svg and .pdf.
    static std::optional<Format> formatOf(const QString& path);
    static QString formatName(Format format); // "PNG"

    // The resolution QFontMetricsF measures at without a device (the screen's; 96 on the offscreen platform).
    static int fontDpi();
    // A font `pixels` high on every device the picture is drawn on, in the family fontconfig resolves `family` to (the
    // application's font when empty), so an SVG names a real face.
    static QFont pixelFont(const QString& family, int pixels, bool bold = false);

    struct Picture {
        QSize logicalSize; // 96-DPI pixels
        int dpi = 96; // a PNG's pixels per logical inch; SVG and PDF are vector drawings and ignore it
        QString title; // the SVG's and PDF's title
        QString description; // the SVG's description
        QString pageName = QStringLiteral("Picture"); // the PDF's page size name
        QColor background;
        std::function<void(QPainter&)> paint; // in logical pixels
    };

    static QImage toImage(const Picture& picture);
    // false with *error (naming the file) when it cannot be written.
    static bool write(const Picture& picture, const QString& path, Format format, QString* error);
};

} // namespace interleave
