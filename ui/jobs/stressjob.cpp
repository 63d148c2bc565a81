// SPDX-License-Identifier: MIT
#include "stressjob.h"

#include <mutex>

using namespace Qt::StringLiterals;

namespace interleave {

// The run in flight, for cancel() from the GUI thread while the sweep's thread replaces it point by point.
struct StressJob::Sweep {
    std::mutex mutex;
    StressRunner* runner = nullptr;
    bool cancelled = false;

    void cancel()
    {
        const std::lock_guard lock(mutex);
        cancelled = true;
        if (runner)
            runner->cancel();
    }
};

StressJob::StressJob(QObject* parent)
    : BackgroundJob(parent, u"interleave-stress"_s)
{
    qRegisterMetaType<interleave::StressProgress>("interleave::StressProgress");
    qRegisterMetaType<interleave::StressResult>("interleave::StressResult");
    qRegisterMetaType<QList<interleave::StressResult>>("QList<interleave::StressResult>");
    m_tracker.setProgressFlush([this] { flushProgress(); }, 100);
}

void StressJob::setProgressIntervalMs(int ms)
{
    m_tracker.setProgressIntervalMs(ms);
}

quint64 StressJob::start(const Scenario& scenario, const StressOptions& options)
{
    return startSweep(scenario, { options });
}

quint64 StressJob::startSweep(const Scenario& scenario, const QList<StressOptions>& points)
{
    auto sweep = std::make_shared<Sweep>();
    auto latest = std::make_shared<Latest<Snapshot>>();
    m_latest = latest;
    m_points = int(points.size());
    return launch(
        [this, scenario, points, sweep, latest](const JobTracker::Post& post) {
            QList<StressResult> results;
            for (int i = 0; i < points.size(); ++i) {
                StressRunner runner(scenario, points[i]);
                runner.setProgressCallback([latest, i](const StressProgress& p) { latest->put(Snapshot { i, p }); });
                {
                    const std::lock_guard lock(sweep->mutex);
                    if (sweep->cancelled)
                        break;
                    sweep->runner = &runner;
                }
                StressResult result = runner.run();
                {
                    const std::lock_guard lock(sweep->mutex);
                    sweep->runner = nullptr;
                }
                // `this` is only used on the GUI thread, where the tracker runs this while the job is alive.
                post([this, i, result] {
                    flushProgress(); // the point's last snapshot first, so the charts never go back from its result
                    Q_EMIT pointFinished(i, result);
                });
                const bool stop = result.cancelled || !result.ok();
                results.append(std::move(result));
                if (stop)
                    break;
            }
            return results;
        },
        [this](const QList<StressResult>& results) { Q_EMIT finished(results); }, [sweep] { sweep->cancel(); });
}

void StressJob::flushProgress()
{
    if (!m_tracker.isRunning() || !m_latest)
        return;
    if (const std::optional<Snapshot> snapshot = m_latest->take())
        Q_EMIT progress(snapshot->point, m_points, snapshot->progress);
}

} // namespace interleave
