// SPDX-License-Identifier: MIT
#include "timelinelod.h"

#include "timelinelayout.h"

#include <cmath>

namespace interleave {

void TimelineLod::reduce(const TimelineLayout& layout, const QRectF& visible, qint64 fadeAfterNs)
{
    for (QList<QRect>& list : m_rects)
        list.clear(); // keeps the capacity: no allocation per frame once warm
    m_detailed.clear();
    m_culled = 0;

    // The playhead's x; a statement's box on the time axis starts after its lock wait, which is when it ran.
    const double fadeX =
        fadeAfterNs == noFade ? std::numeric_limits<double>::infinity() : layout.xOfTime(fadeAfterNs) + 1e-9;
    const int visibleLeft = int(std::floor(visible.left()));
    const int visibleRight = int(std::ceil(visible.right()));
    for (int lane = 0; lane < layout.workerLaneCount(); ++lane) {
        const QRectF laneRect = layout.lanes().at(lane).rect;
        if (laneRect.bottom() < visible.top() || laneRect.top() > visible.bottom())
            continue;
        const QList<int>& order = layout.laneBoxes(lane);
        const QList<TimelineLayout::Edges>& edges = layout.laneEdges(lane);
        const QList<quint8>& roles = layout.laneRoles(lane);
        const auto [first, last] = layout.laneBoxRange(lane, visible.left(), visible.right());
        const double widest = layout.laneMaxWidth(lane);
        int covered = std::numeric_limits<int>::min(); // the first pixel column not drawn yet in this lane
        QList<QRect>* previousList = nullptr; // the group the lane's last rectangle went to, to join touching ones
        const int top = qRound(laneRect.top() + layout.metrics().boxInset);
        const int height = std::max(1, qRound(laneRect.bottom() - layout.metrics().boxInset) - top);
        for (int i = first; i < last; ++i) {
            const TimelineLayout::Edges edge = edges.at(i);
            if (edge.right < visible.left()) {
                ++m_culled;
                continue;
            }
            int left = qRound(edge.left);
            int right = std::max(left + 1, qRound(edge.right)); // exclusive: at least one column
            if (right <= covered) {
                // Zoomed out, thousands of boxes share a column: jump past every box that cannot reach a column
                // not drawn yet (one starting left of `threshold` rounds into a drawn column at both ends), so a
                // frame costs about columns x log(boxes), not boxes.
                const double threshold = std::min(covered - 0.5, covered + 0.5 - widest);
                if (edge.left < threshold) {
                    // Galloping, not bisecting the whole lane: the next column's boxes are close by, and a
                    // binary search over a megabyte of edges is a cache miss per step.
                    int step = 1;
                    while (i + step < last && edges.at(i + step).left < threshold)
                        step *= 2;
                    const auto next =
                        std::lower_bound(edges.cbegin() + i + step / 2, edges.cbegin() + std::min(i + step, last),
                            threshold, [](const TimelineLayout::Edges& e, double x) { return e.left < x; });
                    i = int(next - edges.cbegin()) - 1;
                }
                continue; // every column it would touch is drawn already
            }
            left = std::max({ left, covered, visibleLeft - 1 });
            right = std::min(right, visibleRight + 1);
            if (left >= right)
                continue;
            // Starts are in x order on both axes, so "started after the playhead" is "right of it": no look at the
            // trace (a cache miss per rectangle).
            const bool faded = edge.left > fadeX;
            QList<QRect>& list = m_rects[key(Palette::Role(roles.at(i)), faded)];
            if (previousList == &list && !list.isEmpty() && list.last().x() + list.last().width() == left) {
                list.last().setWidth(right - list.last().x());
            } else {
                list.append(QRect(left, top, right - left, height));
            }
            previousList = &list;
            covered = right;
            if (edge.right - edge.left >= detailWidth)
                m_detailed.append(order.at(i));
        }
    }
    std::sort(m_detailed.begin(), m_detailed.end());
}

int TimelineLod::rectCount() const
{
    int count = 0;
    for (const QList<QRect>& list : m_rects)
        count += int(list.size());
    return count;
}

} // namespace interleave
