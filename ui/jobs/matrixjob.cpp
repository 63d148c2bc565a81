// SPDX-License-Identifier: MIT
#include "matrixjob.h"

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

class RunnerSource : public MatrixSource {
public:
    explicit RunnerSource(const MatrixRunner::Options& options)
        : m_runner(options)
    {
    }
    MatrixResult plan() const override { return m_runner.plan(); }
    MatrixResult run(const MatrixRunner::CellDone& cellDone) override { return m_runner.run(cellDone); }
    void cancel() override { m_runner.cancel(); }

private:
    MatrixRunner m_runner;
};

} // namespace

std::unique_ptr<MatrixSource> runnerSource(const MatrixRunner::Options& options)
{
    return std::make_unique<RunnerSource>(options);
}

MatrixJob::MatrixJob(QObject* parent)
    : BackgroundJob(parent, u"interleave-matrix"_s)
{
    qRegisterMetaType<interleave::MatrixCell>("interleave::MatrixCell");
    qRegisterMetaType<interleave::MatrixResult>("interleave::MatrixResult");
}

quint64 MatrixJob::start(std::shared_ptr<MatrixSource> source)
{
    return launch(
        [this, source](const JobTracker::Post& post) {
            // Each cell is posted as it is judged: the tracker runs it on the GUI thread, in order, and drops it when
            // this job was superseded or discarded meanwhile (`this` is only used there, while the job is alive).
            return source->run([this, post](int row, int column, const MatrixCell& cell, int done, int total) {
                post([this, row, column, cell, done, total] { Q_EMIT cellFinished(row, column, cell, done, total); });
            });
        },
        [this](const MatrixResult& matrix) { Q_EMIT finished(matrix); }, [source] { source->cancel(); });
}

} // namespace interleave
