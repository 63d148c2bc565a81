// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "palette.h"

#include <QAbstractTableModel>

namespace interleave {

// The table's final rows, as the run left them, with who inserted each and its duplicates highlighted.
class RowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit RowsModel(QObject* parent = nullptr);

    // `workers` names the workers by index, for the "inserted by" column.
    void setOutcome(const Outcome& outcome, const QStringList& workers);
    void clear();
    void setColors(const Palette& palette);

    const Outcome& outcome() const { return m_outcome; }
    bool isDuplicate(int row) const { return m_duplicates.contains(row); }
    int insertedByColumn() const { return int(m_outcome.columns.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString insertedBy(int row) const;
    QString duplicateText(int row) const;

    Outcome m_outcome;
    QStringList m_workers;
    QList<int> m_duplicates;
    Palette m_palette;
};

} // namespace interleave
