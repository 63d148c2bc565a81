// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QObject>
#include <QScopedValueRollback>
#include <functional>
#include <optional>

class QUndoStack;

namespace interleave {

// A JSON path of the scenario, as Scenario::validate() names a field: "workers[1].lookup" -> {"workers", 1, "lookup"}.
struct FieldPath {
    QString head;
    int index = -1;
    QString rest;
};
FieldPath splitField(const QString& field);

// The scenario the editor edits: ONE Scenario value and ONE undo stack that every section of the editor shares. A
// section reads the value, edits it through edit() and shows it again when changed() says so. Every edit is a
// command on the undo stack holding the whole value before and after; after each edit, undo or redo the value is
// validated with Scenario::validate().
class ScenarioEditModel : public QObject {
    Q_OBJECT
public:
    explicit ScenarioEditModel(QObject* parent = nullptr);

    const Scenario& scenario() const { return m_scenario; }
    QUndoStack* undoStack() const { return m_undo; }
    // Loads a scenario: a new document (the undo history is cleared and the stack is clean).
    void setScenario(const Scenario& scenario);
    // What File → Save writes: the scenario, without a script that another mode keeps but no longer fits.
    Scenario scenarioToSave() const;

    // One undoable edit: `change` turns a copy of the scenario into the new one. Consecutive edits with the same
    // non-empty mergeKey (typing into one field) become one command. Ignored while the sections show a value.
    void edit(const QString& description, const std::function<void(Scenario&)>& change, const QString& mergeKey = {});
    // True while the sections show a new value: the change signals of their widgets are not edits then.
    bool applying() const { return m_applying; }
    // For a section that shows part of the value again by itself (another worker chosen).
    [[nodiscard]] QScopedValueRollback<bool> showing() { return QScopedValueRollback<bool>(m_applying, true); }
    // The editor is going away: from now on nothing is an edit.
    void freeze() { m_applying = true; }

    bool isValid() const { return !m_error.has_value(); }
    const std::optional<ScenarioError>& error() const { return m_error; }
    // "Workers › B › lookup: unknown column ..." or empty.
    QString errorText() const;

Q_SIGNALS:
    // The value changed (an edit, undo, redo or a new document): the sections show it. Edits are off meanwhile.
    void changed(const Scenario& scenario);
    // After changed(): error() is the new value's; the editor marks the field it names.
    void validated();
    // The scenario became valid or invalid (or stays invalid); `reason` is errorText().
    void validityChanged(bool valid, const QString& reason);
    // After every edit, undo or redo, valid or not.
    void edited(const Scenario& scenario);
    // After an edit, undo or redo that leaves the scenario valid.
    void scenarioChanged(const Scenario& scenario);

private:
    friend class ScenarioEditCommand;
    void apply(const Scenario& scenario); // the undo stack's way in
    void validate();

    Scenario m_scenario;
    std::optional<ScenarioError> m_error;
    QUndoStack* m_undo = nullptr;
    bool m_applying = false;
};

} // namespace interleave
