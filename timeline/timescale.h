// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace interleave {

// Trace time <-> layout x on the timeline's time axis (hotspot's TimeLineData, without a widget so tests can
// drive it): x = (t - originNs) * pixelsPerNs. Zooming changes only the scale; the view keeps the time under the
// mouse in place by scrolling to where zoomed() says that time went.
class TimeScale {
public:
    TimeScale() = default;
    TimeScale(qint64 originNs, double pixelsPerNs)
        : m_originNs(originNs)
        , m_pixelsPerNs(pixelsPerNs)
    {
    }

    // The scale that shows [startNs, endNs] in `width` pixels.
    static TimeScale fitting(qint64 startNs, qint64 endNs, double width);

    qint64 originNs() const { return m_originNs; }
    double pixelsPerNs() const { return m_pixelsPerNs; }

    double mapTimeToX(double ns) const { return (ns - double(m_originNs)) * m_pixelsPerNs; }
    double mapXToTime(double x) const { return double(m_originNs) + x / m_pixelsPerNs; }
    // A duration's width, never narrower than `minimum` pixels (a 1 µs COMMIT stays visible).
    double width(double ns, double minimum = 0) const;

    // The same origin with the scale multiplied by `factor`, kept within [minPixelsPerNs, maxPixelsPerNs].
    TimeScale zoomed(double factor) const;
    // The new x of the time that sat at `x`, after zooming by `factor`: where the view scrolls so that time stays
    // under the mouse.
    double xAfterZoom(double x, double factor) const { return zoomed(factor).mapTimeToX(mapXToTime(x)); }

    // One pixel per second at most zoomed out, ten pixels per nanosecond at most zoomed in.
    static constexpr double minPixelsPerNs = 1e-9;
    static constexpr double maxPixelsPerNs = 10;

    bool operator==(const TimeScale&) const = default;

private:
    qint64 m_originNs = 0;
    double m_pixelsPerNs = 1e-4; // 100 px per ms
};

} // namespace interleave
