// SPDX-License-Identifier: MIT
#pragma once

#include "palette.h"
#include "scenario.h"

#include <QWidget>
#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QToolBox;
class QToolButton;
class QUndoStack;

namespace interleave {

class DatabaseSection;
class Prompts;
class EditorSection;
class ScenarioEditModel;
class ScheduleSection;
class TableSection;
class WorkersSection;

// The Scenario dock: the table, the workers, the schedule and the database of a scenario, edited in place, one
// section widget each (TableSection, WorkersSection, ScheduleSection, DatabaseSection). The sections share one
// ScenarioEditModel: one Scenario value and one undo stack (typing into one field merges into one command). After
// each edit the scenario is validated with Scenario::validate(), and the field the error names (a JSON path such as
// workers[1].lookup) is marked where its section shows it: a red frame, the reason as its tooltip, and the reason in
// the message line under the sections.
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
    const Scenario& scenario() const;
    // What File → Save writes: the scenario, without a script that another mode keeps but no longer fits.
    Scenario scenarioToSave() const;
    QUndoStack* undoStack() const;
    bool isValid() const;
    const std::optional<ScenarioError>& error() const;
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
    int currentWorker() const;
    void showSection(Section section);
    Section currentSection() const;

    // The widget showing a JSON path of the scenario ("table.columns[1].type" -> the columns table).
    QWidget* widgetForField(const QString& field) const;
    // Where Run → Database… puts the focus.
    QComboBox* backendCombo() const;

    // Who asks for a server's password before a connection test: the window's prompts (not owned); nullptr, the
    // default, asks with a dialog of the editor's own.
    void setPrompts(Prompts* prompts);

    TableSection* tableSection() const { return m_table; }
    WorkersSection* workersSection() const { return m_workers; }
    ScheduleSection* scheduleSection() const { return m_schedule; }
    DatabaseSection* databaseSection() const { return m_database; }
    // For tests.
    QLabel* messageLabel() const { return m_messageLabel; }
    QToolBox* sections() const { return m_sections; }

public Q_SLOTS:
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
    void markField();

    ScenarioEditModel* m_model = nullptr;
    Palette m_colors;
    QWidget* m_marked = nullptr;

    QToolBox* m_sections = nullptr;
    TableSection* m_table = nullptr;
    WorkersSection* m_workers = nullptr;
    ScheduleSection* m_schedule = nullptr;
    DatabaseSection* m_database = nullptr;
    QLabel* m_messageLabel = nullptr;
    QToolButton* m_showErrorButton = nullptr;
};

} // namespace interleave
