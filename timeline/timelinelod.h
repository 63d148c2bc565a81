// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"

#include <QList>
#include <QRect>
#include <QRectF>
#include <array>

namespace interleave {

class TimelineLayout;

// The level-of-detail reduction of a timeline's statement boxes for one frame, without a widget (STYLE.md
// "Painting"): boxes outside the visible range are culled with a binary search per lane; within a lane every
// pixel column is drawn at most once, boxes narrower than a pixel melting into one rectangle per column (the
// first box to reach a column gives it its colour), and touching rectangles of one colour are joined. The result
// is integer rectangles grouped by colour, for one QPainter::drawRects call each, with no pen and antialiasing
// off: the raster engine's fast path.
//
// Coordinates stay layout units: the painter translates by a whole number of pixels, so a layout column is a
// device column.
class TimelineLod {
public:
    // A box whose event starts after `fadeAfterNs` goes into the faded group of its colour (the playhead).
    static constexpr qint64 noFade = std::numeric_limits<qint64>::max();

    void reduce(const TimelineLayout& layout, const QRectF& visible, qint64 fadeAfterNs = noFade);

    // Rectangles of colour `role`, faded or not.
    const QList<QRect>& rects(Palette::Role role, bool faded = false) const { return m_rects.at(key(role, faded)); }
    int rectCount() const; // all groups together
    // Boxes at least `detailWidth` wide: the ones that get frames and labels, in box order.
    const QList<int>& detailed() const { return m_detailed; }
    int culledCount() const { return m_culled; } // boxes looked at and found outside the range

    static constexpr double detailWidth = 6;

private:
    static std::size_t key(Palette::Role role, bool faded) { return std::size_t(role) * 2 + (faded ? 1 : 0); }

    std::array<QList<QRect>, std::size_t(Palette::Role::Count_) * 2> m_rects;
    QList<int> m_detailed;
    int m_culled = 0;
};

} // namespace interleave
