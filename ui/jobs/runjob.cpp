// SPDX-License-Identifier: MIT
#include "runjob.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace interleave {

RunJob::RunJob(QObject* parent)
    : BackgroundJob(parent, u"interleave-run"_s)
{
    qRegisterMetaType<interleave::RunResult>("interleave::RunResult");
}

quint64 RunJob::start(const Scenario& scenario)
{
    auto runner = std::make_shared<Runner>(scenario);
    return launch([runner](const JobTracker::Post&) { return runner->run(); },
        [this](const RunResult& result) { Q_EMIT finished(result); }, [runner] { runner->cancel(); });
}

} // namespace interleave
