// SPDX-License-Identifier: MIT
#include "picturefile.h"

#include <QFile>
#include <QFileInfo>
#include <QFontInfo>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// QSvgGenerator names one font family; a viewer without it (a slide on another computer) then picks its default face,
// often a serif. The generic family after it keeps the picture's look.
bool addGenericFamily(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QByteArray svg = file.readAll();
    file.close();
    static const QRegularExpression family(u"font-family=\"([^\",]*)\""_s);
    const QString text = QString::fromUtf8(svg).replace(family, u"font-family=\"\\1, sans-serif\""_s);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(text.toUtf8()) >= 0;
}

} // namespace

std::optional<PictureFile::Format> PictureFile::formatOf(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png"_s)
        return Format::Png;
    if (suffix == u"svg"_s)
        return Format::Svg;
    if (suffix == u"pdf"_s)
        return Format::Pdf;
    return std::nullopt;
}

QString PictureFile::formatName(Format format)
{
    switch (format) {
    case Format::Png:
        return u"PNG"_s;
    case Format::Svg:
        return u"SVG"_s;
    case Format::Pdf:
        return u"PDF"_s;
    }
    return {};
}

int PictureFile::fontDpi()
{
    // QImage's default resolution is the same as the one fonts are measured at.
    static const int dpi = QImage(1, 1, QImage::Format_ARGB32_Premultiplied).logicalDpiY();
    return dpi > 0 ? dpi : 96;
}

QFont PictureFile::pixelFont(const QString& family, int pixels, bool bold)
{
    QFont font = family.isEmpty() ? QGuiApplication::font() : QFont(family);
    // The family fontconfig picked ("DejaVu Sans"), not an alias ("Sans Serif"): an SVG names it to its viewer,
    // which knows no such alias and would fall back to a serif face.
    font.setFamily(QFontInfo(font).family());
    // Points, as TimelinePainter derives its small and bold fonts from a point size. Every device a picture is drawn
    // on has the resolution fonts are measured at (fontDpi()), so a point is the same number of pixels when a layout
    // measures a label and when the device draws it; DPI is a painter scale on top.
    font.setPointSizeF(pixels * 72.0 / fontDpi());
    font.setBold(bold);
    font.setStyleStrategy(QFont::PreferAntialias);
    return font;
}

QImage PictureFile::toImage(const Picture& picture)
{
    const double scale = picture.dpi / 96.0;
    const QSize pixels(qRound(picture.logicalSize.width() * scale), qRound(picture.logicalSize.height() * scale));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(picture.background);
    QPainter painter(&image);
    painter.scale(scale, scale);
    picture.paint(painter);
    painter.end();
    // Only now: the image's resolution while painting is the one fonts were measured at (see pixelFont()).
    const int dotsPerMeter = qRound(picture.dpi / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    return image;
}

bool PictureFile::write(const Picture& picture, const QString& path, Format format, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = path + u": "_s + why;
        return false;
    };
    const QSize size = picture.logicalSize;
    switch (format) {
    case Format::Png: {
        const QImage image = toImage(picture);
        if (!image.save(path, "PNG"))
            return fail(u"cannot write the PNG file (is the folder there and writable?)"_s);
        return true;
    }
    case Format::Svg: {
        if (QFileInfo(path).exists() && !QFileInfo(path).isWritable())
            return fail(u"the file is not writable"_s);
        // A drawing has no pixels: its viewBox is the logical size and DPI does not apply.
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setResolution(fontDpi());
        generator.setTitle(picture.title);
        generator.setDescription(picture.description);
        QPainter painter;
        if (!painter.begin(&generator))
            return fail(u"cannot write the SVG file (is the folder there and writable?)"_s);
        picture.paint(painter);
        if (!painter.end())
            return fail(u"cannot finish the SVG file"_s);
        return addGenericFamily(path) ? true : fail(u"cannot finish the SVG file"_s);
    }
    case Format::Pdf: {
        QPdfWriter writer(path);
        writer.setCreator(u"Interleave"_s);
        writer.setTitle(picture.title);
        // Vector too: one page exactly the picture's logical size (1600 px at 96 DPI are 1200 pt), a figure to place
        // rather than a document to print; text and boxes stay sharp at any zoom, so DPI does not apply.
        writer.setResolution(fontDpi());
        const QSizeF points(size.width() * 72.0 / fontDpi(), size.height() * 72.0 / fontDpi());
        writer.setPageSize(QPageSize(points, QPageSize::Point, picture.pageName, QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            return fail(u"cannot write the PDF file (is the folder there and writable?)"_s);
        picture.paint(painter);
        if (!painter.end())
            return fail(u"cannot finish the PDF file"_s);
        return true;
    }
    }
    return fail(u"unknown format"_s);
}

} // namespace interleave
