// SPDX-License-Identifier: MIT
#include "gate.h"

namespace interleave {

Gate::~Gate() = default;

} // namespace interleave
