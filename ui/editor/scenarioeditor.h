// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "scenario.h"

#include <QWidget>
#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;
class QToolBox;
class QToolButton;
class QUndoStack;
class QHBoxLayout;

namespace interleave {

class ColumnsModel;
class ConnectionTestJob;
class ConstraintsModel;
class InitialRowsModel;
class KeyValueModel;

// The Scenario dock: the table, the workers, the schedule and the database of a scenario, edited in place. The
// editor holds a Scenario value; every edit is a command on its undo stack (typing into one field merges into one
// command). After each edit the scenario is validated with Scenario::validate(), and the field the error names
// (a JSON path such as workers[1].lookup) is marked where it is shown: a red frame, the reason as its tooltip, and
// the reason in the message line under the sections.
class ScenarioEditor : public QWidget {
    Q_OBJECT
public:
    enum class Section { Table, Workers, Schedule, Database };

    explicit ScenarioEditor(QWidget* parent = nullptr);
    ~ScenarioEditor() override;

protected:
    // A plain key typed in one of the editor's tables edits the cell, even where the window binds the key (step
    // mode's 1-9, D and Backspace).
    bool event(QEvent* event) override;

public:
    // Loads a scenario: a new document (the undo history is cleared and the stack is clean).
    void setScenario(const Scenario& scenario);
    void setColors(const Palette& palette); // the error frame's and the messages' colours
    const Scenario& scenario() const { return m_scenario; }
    // What File → Save writes: the scenario, without a script that another mode keeps but no longer fits.
    Scenario scenarioToSave() const;
    QUndoStack* undoStack() const { return m_undo; }
    bool isValid() const { return !m_error.has_value(); }
    const std::optional<ScenarioError>& error() const { return m_error; }
    // "Workers › B › lookup: unknown column ..." or empty.
    QString errorText() const;

    // One undoable edit: `change` turns a copy of the scenario into the new one. Consecutive edits with the same
    // non-empty mergeKey (typing into one field) become one command.
    void edit(const QString& description, const std::function<void(Scenario&)>& change, const QString& mergeKey = {});
    void setScheduleMode(ScheduleSpec::Mode mode);
    void setScriptText(const QString& text); // typing: merged into one undo step
    void setScriptSteps(const QStringList& steps, const QString& description);
    void setWorkerCount(int count);
    void selectWorker(int index);
    int currentWorker() const { return m_worker; }
    void showSection(Section section);
    Section currentSection() const;

    // The widget showing a JSON path of the scenario ("table.columns[1].type" -> the columns table).
    QWidget* widgetForField(const QString& field) const;
    // Worker names for a count: A, B, ..., Z, then AA, AB, ...
    static QString workerName(int index);

    // Asks for a server's password before a connection test; replaced in tests. nullopt: cancelled.
    std::function<std::optional<QString>(const QString& url)> askPassword;

    // For tests.
    QLineEdit* nameEdit() const { return m_nameEdit; }
    QLineEdit* tableNameEdit() const { return m_tableNameEdit; }
    QTableView* columnsView() const { return m_columnsView; }
    QTableView* constraintsView() const { return m_constraintsView; }
    QTableView* initialRowsView() const { return m_rowsView; }
    InitialRowsModel* initialRowsModel() const { return m_rowsModel; }
    QTableView* lookupView() const { return m_lookupView; }
    QTableView* defaultsView() const { return m_defaultsView; }
    ColumnsModel* columnsModel() const { return m_columnsModel; }
    ConstraintsModel* constraintsModel() const { return m_constraintsModel; }
    KeyValueModel* lookupModel() const { return m_lookupModel; }
    KeyValueModel* defaultsModel() const { return m_defaultsModel; }
    QSpinBox* workerCountSpin() const { return m_workerCount; }
    QComboBox* workerCombo() const { return m_workerCombo; }
    QComboBox* recipeCombo() const { return m_recipeCombo; }
    QCheckBox* allWorkersCheck() const { return m_allWorkers; }
    QComboBox* modeCombo() const { return m_modeCombo; }
    QLineEdit* scriptEdit() const { return m_scriptEdit; }
    QWidget* scriptPicker() const { return m_picker; }
    QComboBox* backendCombo() const { return m_backendCombo; }
    QComboBox* isolationCombo() const { return m_isolationCombo; }
    QLineEdit* hostEdit() const { return m_hostEdit; }
    QSpinBox* portSpin() const { return m_portSpin; }
    QLineEdit* databaseEdit() const { return m_databaseEdit; }
    QLineEdit* userEdit() const { return m_userEdit; }
    QPushButton* testConnectionButton() const { return m_testButton; }
    QLabel* connectionLabel() const { return m_connectionLabel; }
    QLabel* messageLabel() const { return m_messageLabel; }
    QToolBox* sections() const { return m_sections; }

public Q_SLOTS:
    void addColumn();
    void removeColumn();
    void addConstraint(const QString& kind); // "unique", "unique together", "partial unique"
    void removeConstraint();
    void addLookupKey();
    void addDefaultsKey();
    void testConnection();
    void showErrorField(); // opens the section of the invalid field and puts the focus there

Q_SIGNALS:
    // After an edit, undo or redo that leaves the scenario valid.
    void scenarioChanged(const Scenario& scenario);
    // After every edit, undo or redo, valid or not.
    void edited(const Scenario& scenario);
    // The scenario became valid or invalid; `reason` is errorText().
    void validityChanged(bool valid, const QString& reason);
    void connectionTested(bool ok, const QString& text);

private:
    friend class ScenarioEditCommand;
    void apply(const Scenario& scenario); // the undo stack's way in
    QWidget* createTableSection();
    QWidget* createWorkersSection();
    QWidget* createScheduleSection();
    QWidget* createDatabaseSection();
    void refresh();
    void refreshWorker();
    void refreshPicker();
    void refreshDatabase();
    void validate();
    void markField();
    void editWorkers(
        const QString& description, const std::function<void(WorkerSpec&)>& change, const QString& mergeKey = {});
    void editUrl(const QString& description,
        const std::function<void(QString& host, int& port, QString& database, QString& user)>& change,
        const QString& mergeKey);
    void setBackendKind(BackendSpec::Kind kind);
    void finishConnectionTest(bool ok, const QString& text);

    Scenario m_scenario;
    std::optional<ScenarioError> m_error;
    Palette m_colors;
    QUndoStack* m_undo = nullptr;
    int m_worker = 0;
    bool m_applying = false;
    QWidget* m_marked = nullptr;
    ConnectionTestJob* m_connectionTest = nullptr;

    QToolBox* m_sections = nullptr;
    QLabel* m_messageLabel = nullptr;
    QToolButton* m_showErrorButton = nullptr;
    // Table
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
    // Workers
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
    // Schedule
    QComboBox* m_modeCombo = nullptr;
    QLineEdit* m_scriptEdit = nullptr;
    QWidget* m_picker = nullptr;
    QHBoxLayout* m_pickerLayout = nullptr;
    QSpinBox* m_trialsSpin = nullptr;
    QSpinBox* m_jitterSpin = nullptr;
    // Database
    QComboBox* m_backendCombo = nullptr;
    QStackedWidget* m_databaseStack = nullptr;
    QWidget* m_sqlitePage = nullptr;
    QWidget* m_serverPage = nullptr;
    QComboBox* m_journalCombo = nullptr;
    QComboBox* m_beginCombo = nullptr;
    QSpinBox* m_busySpin = nullptr;
    QLineEdit* m_hostEdit = nullptr;
    QSpinBox* m_portSpin = nullptr;
    QLineEdit* m_databaseEdit = nullptr;
    QLineEdit* m_userEdit = nullptr;
    QSpinBox* m_lockTimeoutSpin = nullptr;
    QPushButton* m_passwordButton = nullptr;
    QPushButton* m_testButton = nullptr;
    QProgressBar* m_testBusy = nullptr;
    QLabel* m_connectionLabel = nullptr;
    QComboBox* m_isolationCombo = nullptr;
};

} // namespace interleave
