// SPDX-License-Identifier: MIT
#include "session.h"

namespace interleave {

Session::~Session() = default;

TransactionBoard::TransactionBoard(int workers)
    : m_states(std::size_t(workers))
{
}

void TransactionBoard::set(int worker, State state)
{
    m_states[std::size_t(worker)].store(state, std::memory_order_release);
}

QList<int> TransactionBoard::holders(int worker) const
{
    QList<int> writers;
    QList<int> readers;
    for (std::size_t i = 0; i < m_states.size(); ++i) {
        if (int(i) == worker)
            continue;
        const int state = m_states[i].load(std::memory_order_acquire);
        if (state == Write)
            writers.append(int(i));
        else if (state == Read)
            readers.append(int(i));
    }
    return writers.isEmpty() ? readers : writers;
}

} // namespace interleave
