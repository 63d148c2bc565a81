// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QAbstractTableModel>

namespace interleave {

// The rows the table holds before the workers start, one model column per table column. An empty cell leaves the
// column out of the row (NULL, or an error for a NOT NULL column, which the editor reports). Like ColumnsModel, an
// edit is announced (edited()) and applied by the editor.
class InitialRowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit InitialRowsModel(QObject* parent = nullptr);

    void setTable(const QList<ColumnSpec>& columns, const QList<QVariantMap>& rows);
    const QList<QVariantMap>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void edited(const QList<QVariantMap>& rows, const QString& description);

private:
    QList<ColumnSpec> m_columns;
    QList<QVariantMap> m_rows;
};

} // namespace interleave
