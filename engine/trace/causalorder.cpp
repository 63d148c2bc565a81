// SPDX-License-Identifier: MIT
#include "causalorder.h"

#include "lockwaits.h"

#include <QHash>
#include <algorithm>
#include <utility>
#include <vector>

namespace interleave::CausalOrder {

namespace {

// When an event takes effect, as (moment, depth): `depth` keeps a waiter after its holder at the same moment.
using Moment = std::pair<qint64, int>;

class Orderer {
public:
    explicit Orderer(const Trace& trace)
        : m_trace(trace)
        , m_moments(trace.events.size(), Moment { 0, -1 })
        , m_visiting(trace.events.size(), false)
    {
        for (const LockWaits::Wait& wait : LockWaits::of(trace)) {
            if (!LockWaits::endedByRelease(trace.events.at(wait.statementEvent).error))
                continue;
            for (const LockWaits::Holder& holder : wait.holders)
                m_releasedBy[wait.statementEvent].append(holder.event);
        }
    }

    Moment moment(int event)
    {
        Moment& known = m_moments[event];
        if (known.second >= 0)
            return known;
        const TraceEvent& e = m_trace.events.at(event);
        Moment moment { e.kind == EventKind::LockWait ? e.startNs : e.endNs, 0 };
        m_visiting[event] = true;
        for (const int holder : m_releasedBy.value(event)) {
            if (m_visiting.at(holder))
                continue;
            const Moment after = this->moment(holder);
            if (after >= moment)
                moment = { after.first, after.second + 1 };
        }
        m_visiting[event] = false;
        m_moments[event] = moment;
        return moment;
    }

private:
    const Trace& m_trace;
    QHash<int, QList<int>> m_releasedBy; // statement event -> the holder statements whose release ended its wait
    std::vector<Moment> m_moments; // -1 depth: not worked out yet
    std::vector<bool> m_visiting;
};

} // namespace

QList<int> of(const Trace& trace)
{
    QList<int> order;
    order.reserve(trace.events.size());
    for (int i = 0; i < trace.events.size(); ++i)
        order.append(i);
    Orderer orderer(trace);
    std::vector<Moment> moments;
    moments.reserve(trace.events.size());
    for (int i = 0; i < trace.events.size(); ++i)
        moments.push_back(orderer.moment(i));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return moments.at(a) < moments.at(b); });
    return order;
}

} // namespace interleave::CausalOrder
