// SPDX-License-Identifier: MIT
#pragma once

#include "lockwaits.h"
#include "trace.h"

#include <QList>

namespace interleave {

// The order in which the events of a trace took effect, for everything that tells or judges a run in order (the
// narration, the anomaly analysis): a lock wait when it began, a statement when its reply came, but a statement
// whose wait its holders ended (LockWaits::endedByRelease) never before the holder's statement that let the lock
// go. A server wakes the waiter as the holder commits, and the waiter's reply can be recorded before the holder's
// COMMIT reply is: by the clock alone, B's IntegrityError would come before the commit of the row it collided
// with. A worker's statements keep their order, and a statement still waiting for its reply (endNs before startNs: a
// live step run's) comes after every other. Ties keep the trace's order; a cycle of such waits (a trace no server
// writes) is ordered by the clock.
namespace CausalOrder {

// Every event's index, in that order.
QList<int> of(const Trace& trace);
// The same with the trace's lock waits (LockWaits::of(trace)) already worked out, for a caller that needs them too.
QList<int> of(const Trace& trace, const QList<LockWaits::Wait>& waits);

} // namespace CausalOrder

} // namespace interleave
