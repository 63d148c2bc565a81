// SPDX-License-Identifier: MIT
#include "timescale.h"

#include <algorithm>

namespace interleave {

TimeScale TimeScale::fitting(qint64 startNs, qint64 endNs, double width)
{
    const double span = double(std::max<qint64>(1, endNs - startNs));
    return { startNs, std::clamp(std::max(1.0, width) / span, minPixelsPerNs, maxPixelsPerNs) };
}

double TimeScale::width(double ns, double minimum) const
{
    return std::max(minimum, ns * m_pixelsPerNs);
}

TimeScale TimeScale::zoomed(double factor) const
{
    return { m_originNs, std::clamp(m_pixelsPerNs * factor, minPixelsPerNs, maxPixelsPerNs) };
}

} // namespace interleave
