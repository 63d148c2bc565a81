// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QAbstractTableModel>

namespace interleave {

// The table's columns as the editor shows them: name, SQL type, nullable, the model field's default. Edits are not
// applied here: the model announces the list it would become (edited()) and the editor applies it through its undo
// stack, which then hands the list back with setColumns().
class ColumnsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Nullable, Default, ColumnCount };
    explicit ColumnsModel(QObject* parent = nullptr);

    void setColumns(const QList<ColumnSpec>& columns);
    const QList<ColumnSpec>& columns() const { return m_columns; }
    // Common SQL types offered by the type editor (any other type name can be typed).
    static QStringList suggestedTypes();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void edited(const QList<ColumnSpec>& columns, const QString& description);

private:
    QList<ColumnSpec> m_columns;
};

} // namespace interleave
