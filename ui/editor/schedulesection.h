// SPDX-License-Identifier: MIT
#pragma once

#include "editorsection.h"

class QComboBox;
class QHBoxLayout;
class QLineEdit;
class QSpinBox;

namespace interleave {

// The editor's Schedule section: the mode, the script (typed, or picked a worker at a time), and the trials and
// jitter of the free and stress modes. A field that does not belong to the chosen mode is disabled.
class ScheduleSection : public EditorSection {
    Q_OBJECT
public:
    ScheduleSection(ScenarioEditModel* model, QWidget* parent);

    QWidget* widgetForField(const FieldPath& path) const override;

    void setScheduleMode(ScheduleSpec::Mode mode);
    void setScriptText(const QString& text); // typing: merged into one undo step
    void setScriptSteps(const QStringList& steps, const QString& description);

    QComboBox* modeCombo() const { return m_modeCombo; }
    QLineEdit* scriptEdit() const { return m_scriptEdit; }
    QWidget* scriptPicker() const { return m_picker; }

private:
    void refresh() override;
    void refreshPicker();

    QComboBox* m_modeCombo = nullptr;
    QLineEdit* m_scriptEdit = nullptr;
    QWidget* m_picker = nullptr;
    QHBoxLayout* m_pickerLayout = nullptr;
    QSpinBox* m_trialsSpin = nullptr;
    QSpinBox* m_jitterSpin = nullptr;
};

} // namespace interleave
