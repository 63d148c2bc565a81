// SPDX-License-Identifier: MIT
#include "schedulesection.h"

#include "editorparts.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

ScheduleSection::ScheduleSection(ScenarioEditModel* model, QWidget* parent)
    : EditorSection(model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_modeCombo = new QComboBox(this);
    m_modeCombo->setObjectName(u"editorModeCombo"_s);
    const QStringList texts { u"Free threads"_s, u"Script"_s, u"Step"_s, u"Explore"_s, u"Stress"_s };
    const QList<ScheduleSpec::Mode> modes = ScheduleSpec::modes();
    for (qsizetype i = 0; i < modes.size(); ++i)
        m_modeCombo->addItem(texts.value(i, ScheduleSpec::modeName(modes.at(i))), int(modes.at(i)));
    connect(m_modeCombo, &QComboBox::activated, this,
        [this](int index) { setScheduleMode(ScheduleSpec::Mode(m_modeCombo->itemData(index).toInt())); });
    form->addRow(u"&Mode:"_s, m_modeCombo);

    m_scriptEdit = new QLineEdit(this);
    m_scriptEdit->setObjectName(u"editorScriptEdit"_s);
    m_scriptEdit->setPlaceholderText(u"A,B,A,B"_s);
    m_scriptEdit->setClearButtonEnabled(true);
    m_scriptEdit->setToolTip(u"Worker names, one statement each; after the script the workers take turns"_s);
    connect(m_scriptEdit, &QLineEdit::textEdited, this, &ScheduleSection::setScriptText);
    form->addRow(u"S&cript:"_s, m_scriptEdit);
    m_picker = new QWidget(this);
    m_picker->setObjectName(u"scriptPicker"_s);
    m_pickerLayout = new QHBoxLayout(m_picker);
    m_pickerLayout->setContentsMargins(0, 0, 0, 0);
    m_pickerLayout->setSpacing(3);
    form->addRow(QString(), m_picker);

    m_trialsSpin = new QSpinBox(this);
    m_trialsSpin->setObjectName(u"trialsSpin"_s);
    m_trialsSpin->setRange(1, int(std::min<qint64>(ScheduleSpec::maxTrials, std::numeric_limits<int>::max())));
    m_trialsSpin->setSingleStep(100);
    m_trialsSpin->setGroupSeparatorShown(true);
    m_trialsSpin->setToolTip(u"Stress mode: how many free runs"_s);
    connect(m_trialsSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_model->applying())
            edit(
                u"Trials %1"_s.arg(value), [&](Scenario& s) { s.schedule.trials = value; }, u"schedule.trials"_s);
    });
    form->addRow(u"&Trials:"_s, m_trialsSpin);
    m_jitterSpin = new QSpinBox(this);
    m_jitterSpin->setObjectName(u"jitterSpin"_s);
    m_jitterSpin->setRange(0, 1'000'000);
    m_jitterSpin->setSuffix(u" µs"_s);
    m_jitterSpin->setSpecialValueText(u"none"_s);
    m_jitterSpin->setToolTip(u"Free and stress modes: a random pause of up to this long before each statement"_s);
    connect(m_jitterSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_model->applying())
            edit(
                u"Jitter %1 µs"_s.arg(value), [&](Scenario& s) { s.schedule.jitterUs = value; },
                u"schedule.jitter_us"_s);
    });
    form->addRow(u"&Jitter:"_s, m_jitterSpin);
    layout->addLayout(form);
    layout->addStretch();
}

void ScheduleSection::refresh()
{
    setComboData(m_modeCombo, int(m_scenario.schedule.mode));
    const bool script = m_scenario.schedule.mode == ScheduleSpec::Mode::Script;
    // The typed text stays as typed ("A, B,") while it means the same steps.
    if (ScheduleSpec::scriptSteps(m_scriptEdit->text()) != m_scenario.schedule.script)
        setTextIfDifferent(m_scriptEdit, m_scenario.schedule.scriptText());
    m_scriptEdit->setEnabled(script);
    m_picker->setEnabled(script);
    refreshPicker();
    setSpin(m_trialsSpin, int(std::min<qint64>(m_scenario.schedule.trialCount(), m_trialsSpin->maximum())));
    m_trialsSpin->setEnabled(m_scenario.schedule.mode == ScheduleSpec::Mode::Stress);
    setSpin(m_jitterSpin, m_scenario.schedule.jitterUs);
    m_jitterSpin->setEnabled(
        m_scenario.schedule.mode == ScheduleSpec::Mode::Free || m_scenario.schedule.mode == ScheduleSpec::Mode::Stress);
}

void ScheduleSection::refreshPicker()
{
    const QStringList names = m_scenario.workerNames();
    QStringList shown;
    for (QToolButton* button : m_picker->findChildren<QToolButton*>(Qt::FindDirectChildrenOnly))
        if (button->objectName() != u"pickBackspace"_s)
            shown.append(button->text());
    if (shown == names)
        return;
    // Later: the button being clicked may be the one whose click changed the workers.
    while (QLayoutItem* item = m_pickerLayout->takeAt(0)) {
        if (QWidget* widget = item->widget()) {
            widget->hide();
            widget->setObjectName(QString());
            widget->setParent(nullptr);
            widget->deleteLater();
        }
        delete item;
    }
    for (const QString& name : names) {
        auto* button = new QToolButton(m_picker);
        button->setObjectName(u"pick"_s + name);
        button->setText(name);
        button->setToolTip(u"Append a step of worker %1 to the script"_s.arg(name));
        connect(button, &QToolButton::clicked, this, [this, name] {
            setScriptSteps(m_scenario.schedule.script + QStringList { name }, u"Script: add %1"_s.arg(name));
        });
        m_pickerLayout->addWidget(button);
    }
    auto* undoStep = new QToolButton(m_picker);
    undoStep->setObjectName(u"pickBackspace"_s);
    undoStep->setText(u"⌫"_s);
    undoStep->setToolTip(u"Remove the script's last step"_s);
    connect(undoStep, &QToolButton::clicked, this, [this] {
        QStringList steps = m_scenario.schedule.script;
        if (steps.isEmpty())
            return;
        steps.removeLast();
        setScriptSteps(steps, u"Script: remove the last step"_s);
    });
    m_pickerLayout->addWidget(undoStep);
    m_pickerLayout->addStretch();
}

void ScheduleSection::setScheduleMode(ScheduleSpec::Mode mode)
{
    edit(u"Schedule %1"_s.arg(ScheduleSpec::modeName(mode)), [&](Scenario& s) {
        s.schedule.mode = mode;
        if (mode != ScheduleSpec::Mode::Stress)
            s.schedule.trials = 0; // the file refuses trials outside stress mode
    });
}

void ScheduleSection::setScriptText(const QString& text)
{
    const QStringList steps = ScheduleSpec::scriptSteps(text);
    edit(
        u"Edit script"_s, [&](Scenario& s) { s.schedule.script = steps; }, u"schedule.script"_s);
}

void ScheduleSection::setScriptSteps(const QStringList& steps, const QString& description)
{
    // A click of the picker is a step of its own in the undo history, not merged with typing.
    edit(description, [&](Scenario& s) { s.schedule.script = steps; });
}

QWidget* ScheduleSection::widgetForField(const FieldPath& path) const
{
    if (path.head != u"schedule"_s)
        return nullptr;
    if (path.rest == u"script"_s)
        return m_scriptEdit;
    if (path.rest == u"trials"_s)
        return m_trialsSpin;
    if (path.rest == u"jitter_us"_s)
        return m_jitterSpin;
    return m_modeCombo;
}

} // namespace interleave
