// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QAbstractTableModel>

namespace interleave {

// A worker's lookup or defaults (column -> value). Values are typed from the column's SQL type (an integer column
// gets a number, a boolean column true/false); a key that is not a column of the table says so in its tooltip.
// Like ColumnsModel, an edit is announced (edited()) and applied by the editor.
class KeyValueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Key, Value, ColumnCount };
    explicit KeyValueModel(QObject* parent = nullptr);

    void setMap(const QVariantMap& map);
    QVariantMap map() const;
    void setTableColumns(const QList<ColumnSpec>& columns);
    // The value `text` means in a column of `type`: integer types give a number, boolean true/false, else text.
    static QVariant valueFor(const QString& text, const QString& type);
    static QString displayText(const QVariant& value);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void edited(const QVariantMap& map, const QString& description);

private:
    QString typeOf(const QString& column) const;

    QList<std::pair<QString, QVariant>> m_rows; // in the order shown; a key being renamed keeps its row
    QList<ColumnSpec> m_tableColumns;
};

} // namespace interleave
