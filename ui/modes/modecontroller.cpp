// SPDX-License-Identifier: MIT
#include "modecontroller.h"

namespace interleave {

ModeController::ModeController(ResultPane* results, QObject* parent)
    : QObject(parent)
    , m_results(results)
{
}

} // namespace interleave
