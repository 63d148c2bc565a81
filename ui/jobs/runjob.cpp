// SPDX-License-Identifier: MIT
#include "runjob.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace interleave {

RunJob::RunJob(QObject* parent)
    : QObject(parent)
    , m_tracker(this, u"interleave-run"_s)
{
    qRegisterMetaType<interleave::RunResult>("interleave::RunResult");
}

RunJob::~RunJob() = default;

quint64 RunJob::start(const Scenario& scenario)
{
    auto runner = std::make_shared<Runner>(scenario);
    const quint64 id = m_tracker.start([runner](const JobTracker::Post&) { return runner->run(); },
        [this](const RunResult& result) {
            Q_EMIT runningChanged(false);
            Q_EMIT finished(result);
        },
        [runner] { runner->cancel(); });
    Q_EMIT started(id);
    Q_EMIT runningChanged(true);
    return id;
}

void RunJob::cancel()
{
    m_tracker.cancel();
}

void RunJob::discard()
{
    if (m_tracker.discard())
        Q_EMIT runningChanged(false);
}

} // namespace interleave
