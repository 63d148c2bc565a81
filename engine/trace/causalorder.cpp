// SPDX-License-Identifier: MIT
#include "causalorder.h"

#include "lockwaits.h"

#include <QHash>
#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

namespace interleave::CausalOrder {

namespace {

// When an event takes effect, as (moment, depth): `depth` keeps a waiter after its holder at the same moment.
using Moment = std::pair<qint64, int>;

class Orderer {
public:
    Orderer(const Trace& trace, const QList<LockWaits::Wait>& waits)
        : m_trace(trace)
        , m_previous(trace.events.size(), -1)
        , m_moments(trace.events.size(), Moment { 0, -1 })
        , m_visiting(trace.events.size(), false)
    {
        for (const LockWaits::Wait& wait : waits) {
            if (!LockWaits::endedByRelease(trace.events.at(wait.statementEvent).error))
                continue;
            for (const LockWaits::Holder& holder : wait.holders)
                m_releasedBy[wait.statementEvent].append(holder.event);
        }
        // A worker's statements in its own order: a released waiter moved after its holder's COMMIT takes the
        // statements it sent after its reply along.
        std::vector<int> last(std::size_t(trace.workers.size()), -1); // per worker: its latest Statement event so far
        for (int i = 0; i < trace.events.size(); ++i) {
            const TraceEvent& e = trace.events.at(i);
            if (e.kind != EventKind::Statement || e.worker < 0 || e.worker >= trace.workers.size())
                continue;
            int& latest = last[std::size_t(e.worker)];
            if (latest >= 0 && trace.events.at(latest).step < e.step)
                m_previous[std::size_t(i)] = latest;
            latest = i;
        }
    }

    Moment moment(int event)
    {
        Moment& known = m_moments[event];
        if (known.second >= 0)
            return known;
        const TraceEvent& e = m_trace.events.at(event);
        // A statement still waiting for its reply (a live step run's, whose end is before its start) takes effect
        // after everything that has.
        const bool open = e.kind == EventKind::Statement && e.endNs < e.startNs;
        Moment moment { e.kind == EventKind::LockWait ? e.startNs
                : open                                ? std::numeric_limits<qint64>::max()
                                                      : e.endNs,
            0 };
        m_visiting[event] = true;
        const auto after = [&](int earlier) {
            if (m_visiting.at(earlier))
                return;
            const Moment then = this->moment(earlier);
            if (then >= moment)
                moment = { then.first, then.second + 1 };
        };
        if (const auto released = m_releasedBy.constFind(event); released != m_releasedBy.cend())
            for (const int holder : *released)
                after(holder);
        if (const int previous = m_previous[std::size_t(event)]; previous >= 0)
            after(previous);
        m_visiting[event] = false;
        m_moments[event] = moment;
        return moment;
    }

private:
    const Trace& m_trace;
    QHash<int, QList<int>> m_releasedBy; // statement event -> the holder statements whose release ended its wait
    std::vector<int> m_previous; // per event: its worker's Statement event before it (statements only), else -1
    std::vector<Moment> m_moments; // -1 depth: not worked out yet
    std::vector<bool> m_visiting;
};

} // namespace

QList<int> of(const Trace& trace)
{
    return of(trace, LockWaits::of(trace));
}

QList<int> of(const Trace& trace, const QList<LockWaits::Wait>& waits)
{
    QList<int> order;
    order.reserve(trace.events.size());
    for (int i = 0; i < trace.events.size(); ++i)
        order.append(i);
    Orderer orderer(trace, waits);
    std::vector<Moment> moments;
    moments.reserve(trace.events.size());
    for (int i = 0; i < trace.events.size(); ++i)
        moments.push_back(orderer.moment(i));
    const auto earlier = [&](int a, int b) { return moments.at(a) < moments.at(b); };
    if (!std::is_sorted(order.cbegin(), order.cend(), earlier))
        std::stable_sort(order.begin(), order.end(), earlier);
    return order;
}

} // namespace interleave::CausalOrder
