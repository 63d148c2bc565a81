// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QAbstractTableModel>

namespace interleave {

// The table's unique constraints: one column (unique), several (unique together), or with a `where` predicate
// (a partial unique index). Like ColumnsModel, an edit is announced (edited()) and applied by the editor.
class ConstraintsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Columns, Where, Name, ColumnCount };
    explicit ConstraintsModel(QObject* parent = nullptr);

    void setConstraints(const QList<ConstraintSpec>& constraints);
    const QList<ConstraintSpec>& constraints() const { return m_constraints; }
    // "user_id, name" -> {"user_id", "name"}
    static QStringList parseColumns(const QString& text);
    // "unique", "unique together" or "partial unique"
    static QString kindText(const ConstraintSpec& constraint);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void edited(const QList<ConstraintSpec>& constraints, const QString& description);

private:
    QList<ConstraintSpec> m_constraints;
};

} // namespace interleave
