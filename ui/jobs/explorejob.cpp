// SPDX-License-Identifier: MIT
#include "explorejob.h"

using namespace Qt::StringLiterals;

namespace interleave {

ExploreJob::ExploreJob(QObject* parent)
    : BackgroundJob(parent, u"interleave-explore"_s)
{
    qRegisterMetaType<interleave::ExploreProgress>("interleave::ExploreProgress");
    qRegisterMetaType<interleave::ExploreResult>("interleave::ExploreResult");
    // The last report is flushed before the result too, so a progress bar ends where the result says.
    m_tracker.setProgressFlush([this] { flushProgress(); }, 100);
}

void ExploreJob::setProgressIntervalMs(int ms)
{
    m_tracker.setProgressIntervalMs(ms);
}

quint64 ExploreJob::start(const Scenario& scenario, const ExploreOptions& options)
{
    auto explorer = std::make_shared<Explorer>(scenario, options);
    auto latest = std::make_shared<Latest<ExploreProgress>>();
    m_latest = latest;
    m_clock.start();
    return launch(
        [explorer, latest](
            const JobTracker::Post&) { return explorer->run([latest](const ExploreProgress& p) { latest->put(p); }); },
        [this](const ExploreResult& result) { Q_EMIT finished(result); }, [explorer] { explorer->cancel(); });
}

void ExploreJob::flushProgress()
{
    if (!m_tracker.isRunning() || !m_latest)
        return;
    if (const std::optional<ExploreProgress> p = m_latest->take()) {
        const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
        Q_EMIT progress(*p, seconds > 0 ? double(p->explored) / seconds : 0.0);
    }
}

} // namespace interleave
