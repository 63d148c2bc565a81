// SPDX-License-Identifier: MIT
#pragma once

#include "editorsection.h"

class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace interleave {

class ColumnsModel;
class ConstraintsModel;
class InitialRowsModel;

// The editor's Table section: the scenario's name and description, the table's name and Django model, its columns,
// its unique constraints and the rows it starts with. Renaming a column renames it wherever the scenario names it.
class TableSection : public EditorSection {
    Q_OBJECT
public:
    TableSection(ScenarioEditModel* model, QWidget* parent);
    ~TableSection() override;

    QWidget* widgetForField(const FieldPath& path) const override;

    QLineEdit* nameEdit() const { return m_nameEdit; }
    QLineEdit* tableNameEdit() const { return m_tableNameEdit; }
    QTableView* columnsView() const { return m_columnsView; }
    ColumnsModel* columnsModel() const { return m_columnsModel; }
    QTableView* constraintsView() const { return m_constraintsView; }
    ConstraintsModel* constraintsModel() const { return m_constraintsModel; }
    QTableView* initialRowsView() const { return m_rowsView; }
    InitialRowsModel* initialRowsModel() const { return m_rowsModel; }

public Q_SLOTS:
    void addColumn();
    void removeColumn();
    void addConstraint(const QString& kind); // "unique", "unique together", "partial unique"
    void removeConstraint();

private:
    void refresh() override;

    QLineEdit* m_nameEdit = nullptr;
    QPlainTextEdit* m_descriptionEdit = nullptr;
    QLineEdit* m_tableNameEdit = nullptr;
    QLineEdit* m_modelEdit = nullptr;
    ColumnsModel* m_columnsModel = nullptr;
    QTableView* m_columnsView = nullptr;
    ConstraintsModel* m_constraintsModel = nullptr;
    QTableView* m_constraintsView = nullptr;
    InitialRowsModel* m_rowsModel = nullptr;
    QTableView* m_rowsView = nullptr;
};

} // namespace interleave
