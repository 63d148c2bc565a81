// SPDX-License-Identifier: MIT
#include "matrixrunner.h"

// A placeholder until the runner lands (issue 18): the interface the matrix page and the command line build on.
namespace interleave {

struct MatrixRunner::Private {
    Options options;
};

MatrixRunner::MatrixRunner(Options options)
    : d(std::make_unique<Private>(Private { std::move(options) }))
{
}

MatrixRunner::~MatrixRunner() = default;

MatrixResult MatrixRunner::plan() const
{
    return {};
}

MatrixResult MatrixRunner::run(const CellDone&)
{
    return {};
}

void MatrixRunner::cancel()
{
}

} // namespace interleave
