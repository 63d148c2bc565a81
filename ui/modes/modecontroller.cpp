// SPDX-License-Identifier: MIT
#include "modecontroller.h"

#include "resultpane.h"

namespace interleave {

ModeController::ModeController(ResultPane* results, QObject* parent)
    : QObject(parent)
    , m_results(results)
{
}

void ModeController::showChosenRun(const RunResult& result, const QString& what)
{
    m_results->display(result);
    m_results->fitPanes(int(result.trace.workers.size()));
    Q_EMIT stateChanged();
    Q_EMIT message(what, 0);
}

} // namespace interleave
