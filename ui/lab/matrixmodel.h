// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"
#include "palette.h"

#include <QAbstractTableModel>

namespace interleave {

// The isolation lab's matrix for a QTableView: a row per anomaly test, a column per database × level, each cell worded
// and coloured as the matrix picture words and colours it (MatrixPainter: the outcome's word, its detail on the line
// under it), "≠" before a cell that departs from the
// documented behaviour, and a tooltip with what happened and what is documented. The headers carry the anomaly and its
// common name, the database, level and exact version. The window sets the planned grid, then each cell as it arrives.
class MatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        OutcomeRole = Qt::UserRole + 1, // int(CellOutcome)
        DepartsRole, // bool
        HasRunRole, // bool: the cell has a run whose timeline can be shown
    };

    explicit MatrixModel(QObject* parent = nullptr);

    void setMatrix(const MatrixResult& matrix); // the whole grid (a plan, or a finished run)
    // One cell that finished; its run carries the column's version, which the header then shows.
    void setCell(int row, int column, const MatrixCell& cell);
    void setColumnVersion(int column, const QString& version);
    void setColors(const Palette& palette);
    const MatrixResult& matrix() const { return m_matrix; }
    // The cell's tooltip: its sentence, what is documented (and where), and a departure said as one.
    static QString toolTip(const MatrixResult& matrix, int row, int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    MatrixResult m_matrix;
    Palette m_palette;
};

} // namespace interleave
