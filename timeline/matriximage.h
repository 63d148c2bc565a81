// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"
#include "palette.h"

#include <QImage>
#include <QString>

namespace interleave {

// The isolation lab's matrix as a file for slides: MatrixPainter's figure written as PNG, SVG or PDF by the file's
// suffix (PictureFile, as TimelineExporter writes a timeline). The lab window's Export… and `interleave matrix
// --image-out` both use it.
class MatrixImage {
public:
    // `width` in logical pixels (96 DPI); the height follows from the content. false with *error (naming the file)
    // when the suffix is not .png, .svg or .pdf or the file cannot be written.
    static bool write(const MatrixResult& matrix, const QString& path, int width, Palette::Theme theme, QString* error);
    static QImage toImage(const MatrixResult& matrix, int width, Palette::Theme theme);
};

} // namespace interleave
