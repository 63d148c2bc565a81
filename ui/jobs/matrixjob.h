// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "matrixrunner.h"

#include <QMetaType>
#include <QObject>
#include <functional>
#include <memory>

namespace interleave {

// What a MatrixJob runs: MatrixRunner's plan, run and cancel. The window runs the real MatrixRunner (runnerSource());
// a test can hand it its own small matrix of real runs through the same three calls.
class MatrixSource {
public:
    virtual ~MatrixSource() = default;
    virtual MatrixResult plan() const = 0;
    virtual MatrixResult run(const MatrixRunner::CellDone& cellDone) = 0; // blocks, on the job's thread
    virtual void cancel() = 0; // from the GUI thread while run() goes on
};

std::unique_ptr<MatrixSource> runnerSource(const MatrixRunner::Options& options);
using MatrixSourceFactory = std::function<std::unique_ptr<MatrixSource>(const MatrixRunner::Options& options)>;

// Runs the isolation lab's matrix on a thread of its own (the JobTracker's lifetime: a job id per start; a superseded
// or discarded job's cells are dropped). Each cell reaches the GUI thread as it finishes, in cellFinished(), so the
// window fills the table while the rest still runs; the whole matrix follows in finished(). cancel() stops the
// running cells and starts no new one: the matrix so far is still delivered, the rest NotRun.
class MatrixJob : public BackgroundJob {
    Q_OBJECT
public:
    explicit MatrixJob(QObject* parent = nullptr);
    quint64 start(std::shared_ptr<MatrixSource> source);

Q_SIGNALS:
    void cellFinished(int row, int column, const interleave::MatrixCell& cell, int done, int total);
    void finished(const interleave::MatrixResult& matrix);
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::MatrixCell)
Q_DECLARE_METATYPE(interleave::MatrixResult)
