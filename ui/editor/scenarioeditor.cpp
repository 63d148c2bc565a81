// SPDX-License-Identifier: MIT
#include "scenarioeditor.h"

#include "databasesection.h"
#include "scenarioeditmodel.h"
#include "schedulesection.h"
#include "tablesection.h"
#include "workerssection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTableView>
#include <QToolBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

const char* normalToolTip = "interleaveNormalToolTip";

} // namespace

ScenarioEditor::ScenarioEditor(QWidget* parent)
    : QWidget(parent)
{
    m_model = new ScenarioEditModel(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    m_sections = new QToolBox(this);
    m_sections->setObjectName(u"scenarioSections"_s);
    m_table = new TableSection(m_model, this);
    m_sections->addItem(m_table, u"Table"_s);
    m_workers = new WorkersSection(m_model, this);
    m_sections->addItem(m_workers, u"Workers"_s);
    m_schedule = new ScheduleSection(m_model, this);
    m_sections->addItem(m_schedule, u"Schedule"_s);
    m_database = new DatabaseSection(m_model, this);
    m_sections->addItem(m_database, u"Database"_s);
    connect(m_database, &DatabaseSection::connectionTested, this, &ScenarioEditor::connectionTested);
    connect(m_workers, &WorkersSection::workerSelected, this, &ScenarioEditor::markField);
    connect(m_model, &ScenarioEditModel::validated, this, &ScenarioEditor::markField);
    connect(m_model, &ScenarioEditModel::validityChanged, this, &ScenarioEditor::validityChanged);
    connect(m_model, &ScenarioEditModel::edited, this, &ScenarioEditor::edited);
    connect(m_model, &ScenarioEditModel::scenarioChanged, this, &ScenarioEditor::scenarioChanged);
    layout->addWidget(m_sections, 1);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(u"editorMessage"_s);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* messageRow = new QHBoxLayout;
    messageRow->setContentsMargins(0, 0, 0, 0);
    messageRow->addWidget(m_messageLabel, 1);
    m_showErrorButton = new QToolButton(this);
    m_showErrorButton->setObjectName(u"showErrorButton"_s);
    m_showErrorButton->setText(u"Show"_s);
    m_showErrorButton->setToolTip(u"Open the section with the field to fix"_s);
    connect(m_showErrorButton, &QToolButton::clicked, this, &ScenarioEditor::showErrorField);
    messageRow->addWidget(m_showErrorButton, 0, Qt::AlignTop);
    layout->addLayout(messageRow);
    m_messageLabel->setVisible(false);
    m_showErrorButton->setVisible(false);

    // Long recipe names and example texts must not widen the dock past its width (it would scroll sideways).
    for (QComboBox* combo : findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
    }

    Scenario empty;
    setScenario(empty);
}

void ScenarioEditor::setPrompts(Prompts* prompts)
{
    m_database->setPrompts(prompts);
}

ScenarioEditor::~ScenarioEditor()
{
    // The sections go first, while the scenario they show is still there; what a closing cell editor commits on
    // the way is no edit.
    m_model->freeze();
    delete m_sections;
    m_sections = nullptr;
}

bool ScenarioEditor::event(QEvent* event)
{
    // A key the focused field ignored as a shortcut comes up here: without Ctrl, Alt or Meta it is typing.
    if (event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const Qt::KeyboardModifiers command = Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier;
        const bool typing = !key->text().isEmpty() || key->key() == Qt::Key_Backspace || key->key() == Qt::Key_Delete;
        if (typing && !(key->modifiers() & command) && key->key() != Qt::Key_Escape) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void ScenarioEditor::setScenario(const Scenario& scenario)
{
    m_workers->showFirstWorker();
    m_model->setScenario(scenario);
}

void ScenarioEditor::setColors(const Palette& palette)
{
    m_colors = palette;
    m_database->setColors(palette);
    markField();
}

const Scenario& ScenarioEditor::scenario() const
{
    return m_model->scenario();
}

Scenario ScenarioEditor::scenarioToSave() const
{
    return m_model->scenarioToSave();
}

QUndoStack* ScenarioEditor::undoStack() const
{
    return m_model->undoStack();
}

bool ScenarioEditor::isValid() const
{
    return m_model->isValid();
}

const std::optional<ScenarioError>& ScenarioEditor::error() const
{
    return m_model->error();
}

QString ScenarioEditor::errorText() const
{
    return m_model->errorText();
}

void ScenarioEditor::edit(
    const QString& description, const std::function<void(Scenario&)>& change, const QString& mergeKey)
{
    m_model->edit(description, change, mergeKey);
}

void ScenarioEditor::setScheduleMode(ScheduleSpec::Mode mode)
{
    m_schedule->setScheduleMode(mode);
}

void ScenarioEditor::setScriptText(const QString& text)
{
    m_schedule->setScriptText(text);
}

void ScenarioEditor::setScriptSteps(const QStringList& steps, const QString& description)
{
    m_schedule->setScriptSteps(steps, description);
}

void ScenarioEditor::setWorkerCount(int count)
{
    m_workers->setWorkerCount(count);
}

void ScenarioEditor::selectWorker(int index)
{
    m_workers->selectWorker(index);
}

int ScenarioEditor::currentWorker() const
{
    return m_workers->currentWorker();
}

void ScenarioEditor::showSection(Section section)
{
    m_sections->setCurrentIndex(int(section));
}

ScenarioEditor::Section ScenarioEditor::currentSection() const
{
    return Section(m_sections->currentIndex());
}

QComboBox* ScenarioEditor::backendCombo() const
{
    return m_database->backendCombo();
}

void ScenarioEditor::testConnection()
{
    m_database->testConnection();
}

QWidget* ScenarioEditor::widgetForField(const QString& field) const
{
    const FieldPath path = splitField(field);
    for (const EditorSection* section :
        std::initializer_list<const EditorSection*> { m_table, m_workers, m_schedule, m_database })
        if (QWidget* widget = section->widgetForField(path))
            return widget;
    return nullptr;
}

void ScenarioEditor::markField()
{
    if (m_marked) {
        m_marked->setStyleSheet(QString());
        m_marked->setToolTip(m_marked->property(normalToolTip).toString());
        m_marked = nullptr;
    }
    if (m_model->isValid()) {
        m_messageLabel->clear();
        m_messageLabel->setVisible(false);
        m_showErrorButton->setVisible(false);
        return;
    }
    const QString text = errorText();
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(true);
    m_showErrorButton->setVisible(widgetForField(m_model->error()->field) != nullptr);
    QPalette palette = m_messageLabel->palette();
    palette.setColor(QPalette::WindowText, m_colors.color(Palette::Role::ErrorForeground));
    m_messageLabel->setPalette(palette);
    QWidget* widget = widgetForField(m_model->error()->field);
    if (!widget)
        return;
    m_marked = widget;
    widget->setProperty(normalToolTip, widget->toolTip());
    widget->setToolTip(text);
    const QString selector = QString::fromLatin1(widget->metaObject()->className()) + u"#"_s + widget->objectName();
    widget->setStyleSheet(u"%1 { border: 2px solid %2; border-radius: 3px; }"_s.arg(
        selector, m_colors.color(Palette::Role::Error).name()));
}

void ScenarioEditor::showErrorField()
{
    if (m_model->isValid())
        return;
    const FieldPath path = splitField(m_model->error()->field);
    if (path.head == u"workers"_s) {
        showSection(Section::Workers);
        if (path.index >= 0 && !m_workers->allWorkersCheck()->isChecked())
            selectWorker(path.index);
    } else if (path.head == u"schedule"_s) {
        showSection(Section::Schedule);
    } else if (path.head == u"backend"_s || path.head == u"isolation"_s) {
        showSection(Section::Database);
    } else {
        showSection(Section::Table);
    }
    if (QWidget* widget = widgetForField(m_model->error()->field)) {
        // The table's columns, constraints or rows: the row the path names, when it names one.
        if (auto* view = qobject_cast<QTableView*>(widget)) {
            static const QRegularExpression row(u"\\[(\\d+)\\]"_s);
            const auto match = row.match(path.rest);
            if (path.head == u"table"_s && match.hasMatch())
                view->selectRow(match.captured(1).toInt());
        }
        widget->setFocus(Qt::OtherFocusReason);
    }
}

} // namespace interleave
