// SPDX-License-Identifier: MIT
#include "gate.h"

namespace interleave {

Gate::~Gate() = default;

void Gate::onLockWait(int, bool)
{
}

} // namespace interleave
