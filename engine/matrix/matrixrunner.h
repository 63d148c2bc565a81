// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"

#include <functional>
#include <memory>

namespace interleave {

// Runs the isolation lab's matrix: every anomaly test (row) on every database × level (column), each cell a real
// run of the row's built-in scenario for the column's dialect, and judges each run into a CellOutcome.
class MatrixRunner {
public:
    struct Options {
        // The servers besides SQLite (which is always a column group): postgresql://... and mysql://... URLs, as
        // --backend takes them. Each gives one column per isolation level its database has.
        QList<BackendSpec> servers;
        QStringList rows; // row ids to run ("g0", "lost-update"); empty: every row
    };

    explicit MatrixRunner(Options options);
    ~MatrixRunner();
    MatrixRunner(const MatrixRunner&) = delete;
    MatrixRunner& operator=(const MatrixRunner&) = delete;

    // The rows and columns it will run, every cell NotRun (with its documented outcome): the grid a window shows
    // before the first cell has run. Versions are empty until run() has connected.
    MatrixResult plan() const;

    // Called on the running thread after each cell, in any order: the cell's row and column, the cell as judged,
    // and how many cells are done of how many.
    using CellDone = std::function<void(int row, int column, const MatrixCell& cell, int done, int total)>;

    // Runs every cell and returns the whole matrix; blocks. A cancelled run returns what it has, the rest NotRun,
    // with MatrixResult::cancelled set.
    MatrixResult run(const CellDone& cellDone = {});
    void cancel(); // from any thread: the running cells are interrupted, no new cell starts

    // Every row the matrix knows, in its order (the anomaly tests G0 ... G2, then the get_or_create race and the
    // counter): what --rows names and the window lists.
    static QList<MatrixRow> allRows();
    // The columns of one database: SQLite's four modes (for a default BackendSpec), a server's four isolation
    // levels.
    static QList<MatrixColumn> columnsOf(const BackendSpec& backend);
    // The scenario a cell runs: the row's example for the column's dialect, on the column's database, at its level
    // or mode (SQLite immediate: `begin;` typed as `begin immediate;`). nullopt with *error when the example does not
    // load there.
    static std::optional<Scenario> cellScenario(const MatrixRow& row, const MatrixColumn& column, QString* error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace interleave
