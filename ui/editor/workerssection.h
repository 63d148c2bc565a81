// SPDX-License-Identifier: MIT
#pragma once

#include "editorsection.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace interleave {

class KeyValueModel;

// The editor's Workers section: how many workers run, and for the worker chosen (or all of them) its recipe, its
// lookup and defaults, whether it runs atomic and a counter recipe's column. Which worker is shown is this
// section's own state, not the scenario's.
class WorkersSection : public EditorSection {
    Q_OBJECT
public:
    WorkersSection(ScenarioEditModel* model, QWidget* parent);
    ~WorkersSection() override;

    QWidget* widgetForField(const FieldPath& path) const override;

    void setWorkerCount(int count);
    void selectWorker(int index);
    int currentWorker() const { return m_worker; }
    // A new document starts at its first worker.
    void showFirstWorker() { m_worker = 0; }
    // Worker names for a count: A, B, ..., Z, then AA, AB, ...
    static QString workerName(int index);

    QSpinBox* workerCountSpin() const { return m_workerCount; }
    QComboBox* workerCombo() const { return m_workerCombo; }
    QCheckBox* allWorkersCheck() const { return m_allWorkers; }
    QComboBox* recipeCombo() const { return m_recipeCombo; }
    QTableView* lookupView() const { return m_lookupView; }
    KeyValueModel* lookupModel() const { return m_lookupModel; }
    QTableView* defaultsView() const { return m_defaultsView; }
    KeyValueModel* defaultsModel() const { return m_defaultsModel; }

Q_SIGNALS:
    // Another worker is shown: the field an error names may now be on screen, or no longer.
    void workerSelected(int index);

private:
    void refresh() override;
    void refreshWorker();
    void editWorkers(
        const QString& description, const std::function<void(WorkerSpec&)>& change, const QString& mergeKey = {});
    void addLookupKey();
    void addDefaultsKey();

    int m_worker = 0;
    QFormLayout* m_workerForm = nullptr;
    QSpinBox* m_workerCount = nullptr;
    QComboBox* m_workerCombo = nullptr;
    QCheckBox* m_allWorkers = nullptr;
    QComboBox* m_recipeCombo = nullptr;
    QLabel* m_recipeSummary = nullptr;
    KeyValueModel* m_lookupModel = nullptr;
    QTableView* m_lookupView = nullptr;
    KeyValueModel* m_defaultsModel = nullptr;
    QTableView* m_defaultsView = nullptr;
    QCheckBox* m_atomicCheck = nullptr;
    QLineEdit* m_counterColumnEdit = nullptr;
};

} // namespace interleave
