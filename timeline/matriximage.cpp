// SPDX-License-Identifier: MIT
#include "matriximage.h"

#include "matrixpainter.h"
#include "picturefile.h"

#include <QPainter>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

PictureFile::Picture picture(const MatrixPainter& painter)
{
    PictureFile::Picture picture;
    picture.logicalSize = painter.size();
    picture.title = painter.title();
    picture.description = painter.title();
    picture.pageName = u"Matrix"_s;
    picture.background = painter.palette().color(Palette::Role::Background);
    picture.paint = [&painter](QPainter& p) { painter.paint(p); };
    return picture;
}

MatrixPainter::Options options(int width, Palette::Theme theme)
{
    MatrixPainter::Options options;
    options.width = width;
    options.theme = theme;
    return options;
}

} // namespace

bool MatrixImage::write(
    const MatrixResult& matrix, const QString& path, int width, Palette::Theme theme, QString* error)
{
    const auto format = PictureFile::formatOf(path);
    if (!format) {
        if (error)
            *error = u"%1: an image is a .png, .svg or .pdf file"_s.arg(path);
        return false;
    }
    const MatrixPainter painter(matrix, options(width, theme));
    return PictureFile::write(picture(painter), path, *format, error);
}

QImage MatrixImage::toImage(const MatrixResult& matrix, int width, Palette::Theme theme)
{
    const MatrixPainter painter(matrix, options(width, theme));
    return PictureFile::toImage(picture(painter));
}

} // namespace interleave
