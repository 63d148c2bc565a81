// SPDX-License-Identifier: MIT
#pragma once

#include "scenarioeditmodel.h"

#include <QWidget>

namespace interleave {

// One section of the Scenario dock (Table, Workers, Schedule, Database): a view of the one scenario the
// ScenarioEditModel holds. It shows the value whenever the model says it changed and edits it through the model,
// so every section's edits share one undo stack.
class EditorSection : public QWidget {
    Q_OBJECT
public:
    EditorSection(ScenarioEditModel* model, QWidget* parent);

    // The widget of this section that shows a JSON path of the scenario, or nullptr when the path is not this
    // section's.
    virtual QWidget* widgetForField(const FieldPath& path) const = 0;

protected:
    // Shows the model's value; the model has edits off meanwhile.
    virtual void refresh() = 0;
    void edit(const QString& description, const std::function<void(Scenario&)>& change, const QString& mergeKey = {})
    {
        m_model->edit(description, change, mergeKey);
    }

    ScenarioEditModel* m_model;
    const Scenario& m_scenario; // the model's value, read in place
};

} // namespace interleave
