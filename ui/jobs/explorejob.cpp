// SPDX-License-Identifier: MIT
#include "explorejob.h"

using namespace Qt::StringLiterals;

namespace interleave {

ExploreJob::ExploreJob(QObject* parent)
    : QObject(parent)
    , m_tracker(this, u"interleave-explore"_s)
{
    qRegisterMetaType<interleave::ExploreProgress>("interleave::ExploreProgress");
    qRegisterMetaType<interleave::ExploreResult>("interleave::ExploreResult");
    // The last report is flushed before the result too, so a progress bar ends where the result says.
    m_tracker.setProgressFlush([this] { flushProgress(); }, 100);
}

ExploreJob::~ExploreJob() = default;

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
    const quint64 id = m_tracker.start(
        [explorer, latest](
            const JobTracker::Post&) { return explorer->run([latest](const ExploreProgress& p) { latest->put(p); }); },
        [this](const ExploreResult& result) {
            Q_EMIT runningChanged(false);
            Q_EMIT finished(result);
        },
        [explorer] { explorer->cancel(); });
    Q_EMIT started(id);
    Q_EMIT runningChanged(true);
    return id;
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

void ExploreJob::cancel()
{
    m_tracker.cancel();
}

void ExploreJob::discard()
{
    if (m_tracker.discard())
        Q_EMIT runningChanged(false);
}

} // namespace interleave
