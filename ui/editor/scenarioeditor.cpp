// SPDX-License-Identifier: MIT
#include "scenarioeditor.h"

#include "columnsmodel.h"
#include "connectiontestjob.h"
#include "constraintsmodel.h"
#include "initialrowsmodel.h"
#include "keyvaluemodel.h"
#include "recipe.h"
#include "serverconnection.h"
#include "serverurl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBox>
#include <QToolButton>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

// One edit of the scenario: the whole value before and after, so undo and redo restore it exactly.
class ScenarioEditCommand : public QUndoCommand {
public:
    ScenarioEditCommand(
        ScenarioEditor* editor, Scenario before, Scenario after, const QString& text, const QString& mergeKey)
        : QUndoCommand(text)
        , m_editor(editor)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_mergeKey(mergeKey)
    {
    }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const ScenarioEditCommand*>(other);
        if (next->m_mergeKey != m_mergeKey)
            return false;
        m_after = next->m_after;
        return true;
    }
    void undo() override { m_editor->apply(m_before); }
    void redo() override { m_editor->apply(m_after); }

private:
    ScenarioEditor* m_editor;
    Scenario m_before;
    Scenario m_after;
    QString m_mergeKey;
};

namespace {

const char* normalToolTip = "interleaveNormalToolTip";

// An editable combo box as a cell editor: a list of suggestions, and anything else may be typed.
class SuggestionDelegate : public QStyledItemDelegate {
public:
    SuggestionDelegate(std::function<QStringList()> suggestions, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_suggestions(std::move(suggestions))
    {
    }
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* combo = new QComboBox(parent);
        combo->setEditable(true);
        combo->addItems(m_suggestions());
        combo->setInsertPolicy(QComboBox::NoInsert);
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
    }

private:
    std::function<QStringList()> m_suggestions;
};

QTableView* makeEditTable(const QString& objectName, QAbstractItemModel* model, QWidget* parent, int rows)
{
    auto* view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    const int rowHeight = view->verticalHeader()->defaultSectionSize();
    view->setMinimumHeight(view->horizontalHeader()->sizeHint().height() + rows * rowHeight + 4);
    view->setMaximumHeight(view->horizontalHeader()->sizeHint().height() + (rows + 3) * rowHeight + 4);
    return view;
}

QToolButton* smallButton(const QString& text, const QString& toolTip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAutoRaise(false);
    return button;
}

QLabel* heading(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

void setTextIfDifferent(QLineEdit* edit, const QString& text)
{
    if (edit->text() != text) {
        const QSignalBlocker block(edit);
        edit->setText(text);
    }
}

void setComboData(QComboBox* combo, const QVariant& data)
{
    const QSignalBlocker block(combo);
    const int index = combo->findData(data);
    combo->setCurrentIndex(index);
}

void setSpin(QSpinBox* spin, int value)
{
    if (spin->value() != value) {
        const QSignalBlocker block(spin);
        spin->setValue(value);
    }
}

// "workers[1].lookup" -> {"workers", 1, "lookup"}
struct FieldPath {
    QString head;
    int index = -1;
    QString rest;
};
FieldPath splitField(const QString& field)
{
    static const QRegularExpression pattern(u"^([a-z_]+)(?:\\[(\\d+)\\])?(?:\\.(.*))?$"_s);
    const auto match = pattern.match(field);
    if (!match.hasMatch())
        return { field, -1, {} };
    return { match.captured(1), match.captured(2).isEmpty() ? -1 : match.captured(2).toInt(), match.captured(3) };
}

ServerUrl urlOf(const BackendSpec& backend)
{
    if (const auto url = ServerUrl::parse(backend.url, nullptr))
        return *url;
    ServerUrl url;
    url.kind = backend.kind == BackendSpec::Kind::Mysql ? ServerUrl::Kind::Mysql : ServerUrl::Kind::Postgresql;
    url.host = u"localhost"_s;
    return url;
}

} // namespace

ScenarioEditor::ScenarioEditor(QWidget* parent)
    : QWidget(parent)
{
    m_undo = new QUndoStack(this);
    askPassword = [this](const QString& url) -> std::optional<QString> {
        bool ok = false;
        const QString password = QInputDialog::getText(this, u"Password"_s,
            u"Password for %1\n(kept in memory until Interleave quits; never written anywhere)"_s.arg(url),
            QLineEdit::Password, QString(), &ok);
        return ok ? std::optional(password) : std::nullopt;
    };

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    m_sections = new QToolBox(this);
    m_sections->setObjectName(u"scenarioSections"_s);
    m_sections->addItem(createTableSection(), u"Table"_s);
    m_sections->addItem(createWorkersSection(), u"Workers"_s);
    m_sections->addItem(createScheduleSection(), u"Schedule"_s);
    m_sections->addItem(createDatabaseSection(), u"Database"_s);
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

ScenarioEditor::~ScenarioEditor()
{
    m_connectionTest->discard(); // a connection test still running must not report to a half-destroyed editor
    // A cell editor still open commits its text while the views are destroyed: not into a half-destroyed editor.
    for (QObject* model : { static_cast<QObject*>(m_columnsModel), static_cast<QObject*>(m_constraintsModel),
             static_cast<QObject*>(m_lookupModel), static_cast<QObject*>(m_defaultsModel),
             static_cast<QObject*>(m_rowsModel) })
        disconnect(model, nullptr, this, nullptr);
    m_applying = true;
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

QWidget* ScenarioEditor::createTableSection()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_nameEdit = new QLineEdit(page);
    m_nameEdit->setObjectName(u"scenarioNameEdit"_s);
    m_nameEdit->setToolTip(u"The scenario's title"_s);
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            u"Rename scenario"_s, [&](Scenario& s) { s.name = text; }, u"name"_s);
    });
    form->addRow(u"&Scenario:"_s, m_nameEdit);
    m_descriptionEdit = new QPlainTextEdit(page);
    m_descriptionEdit->setObjectName(u"descriptionEdit"_s);
    m_descriptionEdit->setTabChangesFocus(true);
    m_descriptionEdit->setFixedHeight(m_descriptionEdit->fontMetrics().lineSpacing() * 4 + 12);
    m_descriptionEdit->setToolTip(u"What the scenario shows"_s);
    connect(m_descriptionEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_applying)
            return;
        const QString text = m_descriptionEdit->toPlainText();
        edit(
            u"Edit description"_s, [&](Scenario& s) { s.description = text; }, u"description"_s);
    });
    form->addRow(u"&Description:"_s, m_descriptionEdit);
    m_tableNameEdit = new QLineEdit(page);
    m_tableNameEdit->setObjectName(u"tableNameEdit"_s);
    m_tableNameEdit->setToolTip(u"The SQL table name: letters, digits and _"_s);
    connect(m_tableNameEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            u"Rename table"_s, [&](Scenario& s) { s.table.name = text.trimmed(); }, u"table.name"_s);
    });
    form->addRow(u"&Table:"_s, m_tableNameEdit);
    m_modelEdit = new QLineEdit(page);
    m_modelEdit->setObjectName(u"modelEdit"_s);
    m_modelEdit->setPlaceholderText(u"Race"_s);
    m_modelEdit->setToolTip(u"The Django model's class name, used in messages such as \"get() returned more than "
                            "one Race\""_s);
    connect(m_modelEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            u"Rename model"_s, [&](Scenario& s) { s.table.model = text.trimmed(); }, u"table.model"_s);
    });
    form->addRow(u"&Model:"_s, m_modelEdit);
    layout->addLayout(form);

    auto* columnsHeader = new QHBoxLayout;
    columnsHeader->addWidget(heading(u"Columns"_s, page));
    columnsHeader->addStretch();
    QToolButton* addColumnButton = smallButton(u"Add"_s, u"Add a column"_s, page);
    addColumnButton->setObjectName(u"addColumnButton"_s);
    QToolButton* removeColumnButton = smallButton(u"Remove"_s, u"Remove the selected column"_s, page);
    removeColumnButton->setObjectName(u"removeColumnButton"_s);
    columnsHeader->addWidget(addColumnButton);
    columnsHeader->addWidget(removeColumnButton);
    layout->addLayout(columnsHeader);
    m_columnsModel = new ColumnsModel(this);
    m_columnsView = makeEditTable(u"columnsView"_s, m_columnsModel, page, 3);
    m_columnsView->setItemDelegateForColumn(
        ColumnsModel::Type, new SuggestionDelegate([] { return ColumnsModel::suggestedTypes(); }, m_columnsView));
    m_columnsView->setToolTip(u"An implicit id integer primary key precedes these columns"_s);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Name, QHeaderView::Stretch);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Type, QHeaderView::Stretch);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Nullable, QHeaderView::ResizeToContents);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Default, QHeaderView::Stretch);
    m_columnsView->horizontalHeader()->setStretchLastSection(false);
    layout->addWidget(m_columnsView);
    connect(addColumnButton, &QToolButton::clicked, this, &ScenarioEditor::addColumn);
    connect(removeColumnButton, &QToolButton::clicked, this, &ScenarioEditor::removeColumn);
    connect(m_columnsModel, &ColumnsModel::edited, this,
        [this](const QList<ColumnSpec>& columns, const QString& description) {
            edit(description, [&](Scenario& s) {
                // A renamed column stays the one the constraints, rows and workers name.
                for (qsizetype i = 0; i < columns.size() && i < s.table.columns.size(); ++i) {
                    const QString from = s.table.columns.at(i).name;
                    const QString to = columns.at(i).name;
                    if (from == to || from.isEmpty() || to.isEmpty())
                        continue;
                    const auto renameKey = [&](QVariantMap& map) {
                        if (map.contains(from) && !map.contains(to))
                            map.insert(to, map.take(from));
                    };
                    for (ConstraintSpec& c : s.table.constraints)
                        c.columns.replaceInStrings(
                            QRegularExpression(u"^"_s + QRegularExpression::escape(from) + u"$"_s), to);
                    for (QVariantMap& row : s.table.rows)
                        renameKey(row);
                    for (WorkerSpec& w : s.workers) {
                        renameKey(w.lookup);
                        renameKey(w.defaults);
                        if (w.column == from)
                            w.column = to;
                    }
                }
                s.table.columns = columns;
            });
        });

    auto* constraintsHeader = new QHBoxLayout;
    constraintsHeader->addWidget(heading(u"Constraints"_s, page));
    constraintsHeader->addStretch();
    QToolButton* addConstraintButton = smallButton(u"Add"_s, u"Add a unique constraint"_s, page);
    addConstraintButton->setObjectName(u"addConstraintButton"_s);
    addConstraintButton->setPopupMode(QToolButton::InstantPopup);
    auto* addMenu = new QMenu(addConstraintButton);
    for (const QString& kind : { u"unique"_s, u"unique together"_s, u"partial unique"_s }) {
        QAction* action = addMenu->addAction(kind.at(0).toUpper() + kind.mid(1));
        action->setObjectName(u"add "_s + kind);
        connect(action, &QAction::triggered, this, [this, kind] { addConstraint(kind); });
    }
    addConstraintButton->setMenu(addMenu);
    QToolButton* removeConstraintButton = smallButton(u"Remove"_s, u"Remove the selected constraint"_s, page);
    removeConstraintButton->setObjectName(u"removeConstraintButton"_s);
    connect(removeConstraintButton, &QToolButton::clicked, this, &ScenarioEditor::removeConstraint);
    constraintsHeader->addWidget(addConstraintButton);
    constraintsHeader->addWidget(removeConstraintButton);
    layout->addLayout(constraintsHeader);
    m_constraintsModel = new ConstraintsModel(this);
    m_constraintsView = makeEditTable(u"constraintsView"_s, m_constraintsModel, page, 2);
    m_constraintsView->horizontalHeader()->setSectionResizeMode(ConstraintsModel::Columns, QHeaderView::Stretch);
    m_constraintsView->horizontalHeader()->setSectionResizeMode(ConstraintsModel::Where, QHeaderView::Stretch);
    m_constraintsView->horizontalHeader()->setSectionResizeMode(ConstraintsModel::Name, QHeaderView::Interactive);
    m_constraintsView->horizontalHeader()->setStretchLastSection(false);
    layout->addWidget(m_constraintsView);
    connect(m_constraintsModel, &ConstraintsModel::edited, this,
        [this](const QList<ConstraintSpec>& constraints, const QString& description) {
            edit(description, [&](Scenario& s) { s.table.constraints = constraints; });
        });

    auto* rowsHeader = new QHBoxLayout;
    rowsHeader->addWidget(heading(u"Initial rows"_s, page));
    rowsHeader->addStretch();
    QToolButton* addRowButton = smallButton(u"Add"_s, u"Add a row the table holds before the workers start"_s, page);
    addRowButton->setObjectName(u"addRowButton"_s);
    QToolButton* removeRowButton = smallButton(u"Remove"_s, u"Remove the selected row"_s, page);
    removeRowButton->setObjectName(u"removeRowButton"_s);
    rowsHeader->addWidget(addRowButton);
    rowsHeader->addWidget(removeRowButton);
    layout->addLayout(rowsHeader);
    m_rowsModel = new InitialRowsModel(this);
    m_rowsView = makeEditTable(u"initialRowsView"_s, m_rowsModel, page, 1);
    m_rowsView->verticalHeader()->setVisible(true);
    m_rowsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_rowsView->setToolTip(u"The table starts with these rows; an empty cell is NULL"_s);
    layout->addWidget(m_rowsView);
    connect(m_rowsModel, &InitialRowsModel::edited, this,
        [this](const QList<QVariantMap>& rows, const QString& description) {
            edit(description, [&](Scenario& s) { s.table.rows = rows; });
        });
    connect(addRowButton, &QToolButton::clicked, this, [this] {
        // A row that already satisfies the columns: every NOT NULL column gets a value of its type.
        QVariantMap row;
        for (const ColumnSpec& c : m_scenario.table.columns) {
            if (c.nullable)
                continue;
            const QVariant zero = KeyValueModel::valueFor(u"0"_s, c.type);
            row.insert(c.name, zero.typeId() == QMetaType::QString ? QVariant(u"initial"_s) : zero);
        }
        edit(u"Add an initial row"_s, [&](Scenario& s) { s.table.rows.append(row); });
    });
    connect(removeRowButton, &QToolButton::clicked, this, [this] {
        const QModelIndex current = m_rowsView->currentIndex();
        if (current.isValid())
            edit(u"Remove initial row %1"_s.arg(current.row() + 1),
                [&](Scenario& s) { s.table.rows.removeAt(current.row()); });
    });
    layout->addStretch();
    return page;
}

QWidget* ScenarioEditor::createWorkersSection()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_workerForm = form;
    m_workerCount = new QSpinBox(page);
    m_workerCount->setObjectName(u"workerCountSpin"_s);
    m_workerCount->setRange(1, 64);
    m_workerCount->setToolTip(u"How many workers (threads, each with its own connection) run at once"_s);
    connect(m_workerCount, &QSpinBox::valueChanged, this, &ScenarioEditor::setWorkerCount);
    form->addRow(u"&Workers:"_s, m_workerCount);

    auto* which = new QHBoxLayout;
    m_workerCombo = new QComboBox(page);
    m_workerCombo->setObjectName(u"workerCombo"_s);
    m_workerCombo->setToolTip(u"The worker whose recipe, lookup and defaults are shown"_s);
    connect(m_workerCombo, &QComboBox::currentIndexChanged, this, &ScenarioEditor::selectWorker);
    m_allWorkers = new QCheckBox(u"All wor&kers"_s, page);
    m_allWorkers->setObjectName(u"allWorkersCheck"_s);
    m_allWorkers->setToolTip(u"Recipe, lookup, defaults and atomic changes apply to every worker"_s);
    which->addWidget(m_workerCombo, 1);
    which->addWidget(m_allWorkers);
    form->addRow(u"Worker:"_s, which);

    m_recipeCombo = new QComboBox(page);
    m_recipeCombo->setObjectName(u"recipeCombo"_s);
    for (const Recipe& recipe : Recipe::all()) {
        m_recipeCombo->addItem(recipe.name, recipe.name);
        m_recipeCombo->setItemData(m_recipeCombo->count() - 1, recipe.summary, Qt::ToolTipRole);
    }
    connect(m_recipeCombo, &QComboBox::activated, this, [this](int index) {
        const QString recipe = m_recipeCombo->itemData(index).toString();
        editWorkers(u"Recipe %1"_s.arg(recipe), [&](WorkerSpec& w) { w.recipe = recipe; });
    });
    form->addRow(u"&Recipe:"_s, m_recipeCombo);
    m_recipeSummary = new QLabel(page);
    m_recipeSummary->setWordWrap(true);
    // Wrapped to the dock's width rather than widening it.
    m_recipeSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_recipeSummary->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_recipeSummary);
    m_atomicCheck = new QCheckBox(u"&Atomic (ATOMIC_REQUESTS)"_s, page);
    m_atomicCheck->setObjectName(u"atomicCheck"_s);
    m_atomicCheck->setToolTip(u"Run the recipe inside an outer transaction, as Django does with ATOMIC_REQUESTS: "
                              "the insert then happens in a savepoint"_s);
    connect(m_atomicCheck, &QCheckBox::clicked, this, [this](bool on) {
        editWorkers(on ? u"Make atomic"_s : u"Make not atomic"_s, [&](WorkerSpec& w) { w.atomic = on; });
    });
    form->addRow(QString(), m_atomicCheck);
    m_counterColumnEdit = new QLineEdit(page);
    m_counterColumnEdit->setObjectName(u"counterColumnEdit"_s);
    m_counterColumnEdit->setToolTip(u"counter recipes: the integer column to increment"_s);
    connect(m_counterColumnEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        editWorkers(
            u"Counter column"_s, [&](WorkerSpec& w) { w.column = text.trimmed(); }, u"column"_s);
    });
    form->addRow(u"&Counter column:"_s, m_counterColumnEdit);
    layout->addLayout(form);

    const auto keyValueEditor = [&](const QString& title, const QString& objectName, KeyValueModel*& model,
                                    QTableView*& view, void (ScenarioEditor::*add)(), bool lookup) {
        auto* header = new QHBoxLayout;
        header->addWidget(heading(title, page));
        header->addStretch();
        QToolButton* addButton = smallButton(u"Add"_s, u"Add a column to the %1"_s.arg(title.toLower()), page);
        addButton->setObjectName(objectName + u"AddButton"_s);
        QToolButton* removeButton = smallButton(u"Remove"_s, u"Remove the selected key"_s, page);
        removeButton->setObjectName(objectName + u"RemoveButton"_s);
        header->addWidget(addButton);
        header->addWidget(removeButton);
        layout->addLayout(header);
        model = new KeyValueModel(this);
        view = makeEditTable(objectName, model, page, 2);
        view->setItemDelegateForColumn(KeyValueModel::Key,
            new SuggestionDelegate(
                [this] {
                    QStringList names;
                    for (const ColumnSpec& c : m_scenario.table.columns)
                        names.append(c.name);
                    return names;
                },
                view));
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        layout->addWidget(view);
        connect(addButton, &QToolButton::clicked, this, add);
        QTableView* v = view;
        KeyValueModel* m = model;
        connect(removeButton, &QToolButton::clicked, this, [this, v, m, lookup, title] {
            const QModelIndex current = v->currentIndex();
            if (!current.isValid())
                return;
            const QString key = m->index(current.row(), KeyValueModel::Key).data().toString();
            editWorkers(u"Remove %1 from the %2"_s.arg(key, title.toLower()),
                [&](WorkerSpec& w) { (lookup ? w.lookup : w.defaults).remove(key); });
        });
        connect(model, &KeyValueModel::edited, this, [this, lookup](const QVariantMap& map, const QString& what) {
            editWorkers(what, [&](WorkerSpec& w) { (lookup ? w.lookup : w.defaults) = map; });
        });
    };
    keyValueEditor(u"Lookup"_s, u"lookupView"_s, m_lookupModel, m_lookupView, &ScenarioEditor::addLookupKey, true);
    m_lookupView->setToolTip(u"get_or_create(**lookup): the columns and values the worker looks for"_s);
    keyValueEditor(
        u"Defaults"_s, u"defaultsView"_s, m_defaultsModel, m_defaultsView, &ScenarioEditor::addDefaultsKey, false);
    m_defaultsView->setToolTip(u"defaults={...}: what an INSERT adds to the lookup (defaults win)"_s);
    layout->addStretch();
    return page;
}

QWidget* ScenarioEditor::createScheduleSection()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_modeCombo = new QComboBox(page);
    m_modeCombo->setObjectName(u"editorModeCombo"_s);
    const QStringList texts { u"Free threads"_s, u"Script"_s, u"Step"_s, u"Explore"_s, u"Stress"_s };
    const QList<ScheduleSpec::Mode> modes = ScheduleSpec::modes();
    for (qsizetype i = 0; i < modes.size(); ++i)
        m_modeCombo->addItem(texts.value(i, ScheduleSpec::modeName(modes.at(i))), int(modes.at(i)));
    connect(m_modeCombo, &QComboBox::activated, this,
        [this](int index) { setScheduleMode(ScheduleSpec::Mode(m_modeCombo->itemData(index).toInt())); });
    form->addRow(u"&Mode:"_s, m_modeCombo);

    m_scriptEdit = new QLineEdit(page);
    m_scriptEdit->setObjectName(u"editorScriptEdit"_s);
    m_scriptEdit->setPlaceholderText(u"A,B,A,B"_s);
    m_scriptEdit->setClearButtonEnabled(true);
    m_scriptEdit->setToolTip(u"Worker names, one statement each; after the script the workers take turns"_s);
    connect(m_scriptEdit, &QLineEdit::textEdited, this, &ScenarioEditor::setScriptText);
    form->addRow(u"S&cript:"_s, m_scriptEdit);
    m_picker = new QWidget(page);
    m_picker->setObjectName(u"scriptPicker"_s);
    m_pickerLayout = new QHBoxLayout(m_picker);
    m_pickerLayout->setContentsMargins(0, 0, 0, 0);
    m_pickerLayout->setSpacing(3);
    form->addRow(QString(), m_picker);

    m_trialsSpin = new QSpinBox(page);
    m_trialsSpin->setObjectName(u"trialsSpin"_s);
    m_trialsSpin->setRange(1, int(std::min<qint64>(ScheduleSpec::maxTrials, std::numeric_limits<int>::max())));
    m_trialsSpin->setSingleStep(100);
    m_trialsSpin->setGroupSeparatorShown(true);
    m_trialsSpin->setToolTip(u"Stress mode: how many free runs"_s);
    connect(m_trialsSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_applying)
            edit(
                u"Trials %1"_s.arg(value), [&](Scenario& s) { s.schedule.trials = value; }, u"schedule.trials"_s);
    });
    form->addRow(u"&Trials:"_s, m_trialsSpin);
    m_jitterSpin = new QSpinBox(page);
    m_jitterSpin->setObjectName(u"jitterSpin"_s);
    m_jitterSpin->setRange(0, 1'000'000);
    m_jitterSpin->setSuffix(u" µs"_s);
    m_jitterSpin->setSpecialValueText(u"none"_s);
    m_jitterSpin->setToolTip(u"Free and stress modes: a random pause of up to this long before each statement"_s);
    connect(m_jitterSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_applying)
            edit(
                u"Jitter %1 µs"_s.arg(value), [&](Scenario& s) { s.schedule.jitterUs = value; },
                u"schedule.jitter_us"_s);
    });
    form->addRow(u"&Jitter:"_s, m_jitterSpin);
    layout->addLayout(form);
    layout->addStretch();
    return page;
}

QWidget* ScenarioEditor::createDatabaseSection()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_backendCombo = new QComboBox(page);
    m_backendCombo->setObjectName(u"backendCombo"_s);
    m_backendCombo->addItem(u"SQLite (embedded)"_s, int(BackendSpec::Kind::Sqlite));
    m_backendCombo->addItem(u"PostgreSQL"_s, int(BackendSpec::Kind::Postgresql));
    m_backendCombo->addItem(u"MySQL / MariaDB"_s, int(BackendSpec::Kind::Mysql));
    connect(m_backendCombo, &QComboBox::activated, this,
        [this](int index) { setBackendKind(BackendSpec::Kind(m_backendCombo->itemData(index).toInt())); });
    form->addRow(u"&Run on:"_s, m_backendCombo);
    m_isolationCombo = new QComboBox(page);
    m_isolationCombo->setObjectName(u"isolationCombo"_s);
    for (const QString& level :
        { u"default"_s, u"read uncommitted"_s, u"read committed"_s, u"repeatable read"_s, u"serializable"_s })
        m_isolationCombo->addItem(level, level);
    m_isolationCombo->setToolTip(u"The transaction isolation level; default keeps the server's own"_s);
    connect(m_isolationCombo, &QComboBox::activated, this, [this](int index) {
        const QString level = m_isolationCombo->itemData(index).toString();
        edit(u"Isolation %1"_s.arg(level), [&](Scenario& s) { s.isolation = level; });
    });
    form->addRow(u"&Isolation:"_s, m_isolationCombo);
    layout->addLayout(form);

    auto* stack = new QStackedWidget(page);
    m_sqlitePage = new QWidget(stack);
    auto* sqliteForm = new QFormLayout(m_sqlitePage);
    sqliteForm->setContentsMargins(0, 0, 0, 0);
    sqliteForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_journalCombo = new QComboBox(m_sqlitePage);
    m_journalCombo->setObjectName(u"journalCombo"_s);
    m_journalCombo->addItem(u"delete (rollback journal)"_s, u"delete"_s);
    m_journalCombo->addItem(u"wal (write-ahead log)"_s, u"wal"_s);
    connect(m_journalCombo, &QComboBox::activated, this, [this](int index) {
        const QString mode = m_journalCombo->itemData(index).toString();
        edit(u"Journal mode %1"_s.arg(mode), [&](Scenario& s) { s.backend.journalMode = mode; });
    });
    sqliteForm->addRow(u"&Journal:"_s, m_journalCombo);
    m_beginCombo = new QComboBox(m_sqlitePage);
    m_beginCombo->setObjectName(u"beginCombo"_s);
    m_beginCombo->addItem(u"BEGIN (deferred)"_s, u"deferred"_s);
    m_beginCombo->addItem(u"BEGIN IMMEDIATE"_s, u"immediate"_s);
    m_beginCombo->setToolTip(u"Django's transaction_mode option: IMMEDIATE takes the write lock at BEGIN"_s);
    connect(m_beginCombo, &QComboBox::activated, this, [this](int index) {
        const QString mode = m_beginCombo->itemData(index).toString();
        edit(u"BEGIN %1"_s.arg(mode), [&](Scenario& s) { s.backend.beginMode = mode; });
    });
    sqliteForm->addRow(u"&BEGIN:"_s, m_beginCombo);
    m_busySpin = new QSpinBox(m_sqlitePage);
    m_busySpin->setObjectName(u"busyTimeoutSpin"_s);
    m_busySpin->setRange(0, 600000);
    m_busySpin->setSingleStep(500);
    m_busySpin->setSuffix(u" ms"_s);
    m_busySpin->setToolTip(u"How long a locked database is waited for before \"database is locked\""_s);
    connect(m_busySpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_applying)
            edit(
                u"Busy timeout %1 ms"_s.arg(value), [&](Scenario& s) { s.backend.busyTimeoutMs = value; },
                u"backend.busy_timeout_ms"_s);
    });
    sqliteForm->addRow(u"B&usy timeout:"_s, m_busySpin);
    stack->addWidget(m_sqlitePage);

    m_serverPage = new QWidget(stack);
    auto* serverForm = new QFormLayout(m_serverPage);
    serverForm->setContentsMargins(0, 0, 0, 0);
    serverForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_hostEdit = new QLineEdit(m_serverPage);
    m_hostEdit->setObjectName(u"hostEdit"_s);
    m_hostEdit->setPlaceholderText(u"localhost"_s);
    connect(m_hostEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        editUrl(
            u"Server host"_s, [&](QString& host, int&, QString&, QString&) { host = text.trimmed(); },
            u"backend.host"_s);
    });
    serverForm->addRow(u"&Host:"_s, m_hostEdit);
    m_portSpin = new QSpinBox(m_serverPage);
    m_portSpin->setObjectName(u"portSpin"_s);
    m_portSpin->setRange(0, 65535);
    m_portSpin->setSpecialValueText(u"default"_s);
    connect(m_portSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_applying)
            editUrl(
                u"Server port"_s, [&](QString&, int& port, QString&, QString&) { port = value; }, u"backend.port"_s);
    });
    serverForm->addRow(u"&Port:"_s, m_portSpin);
    m_databaseEdit = new QLineEdit(m_serverPage);
    m_databaseEdit->setObjectName(u"databaseEdit"_s);
    connect(m_databaseEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        editUrl(
            u"Server database"_s, [&](QString&, int&, QString& database, QString&) { database = text.trimmed(); },
            u"backend.database"_s);
    });
    serverForm->addRow(u"Data&base:"_s, m_databaseEdit);
    m_userEdit = new QLineEdit(m_serverPage);
    m_userEdit->setObjectName(u"userEdit"_s);
    m_userEdit->setPlaceholderText(u"your login name"_s);
    connect(m_userEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        editUrl(
            u"Server user"_s, [&](QString&, int&, QString&, QString& user) { user = text.trimmed(); },
            u"backend.user"_s);
    });
    serverForm->addRow(u"&User:"_s, m_userEdit);
    m_lockTimeoutSpin = new QSpinBox(m_serverPage);
    m_lockTimeoutSpin->setObjectName(u"lockTimeoutSpin"_s);
    m_lockTimeoutSpin->setRange(0, 600000);
    m_lockTimeoutSpin->setSingleStep(500);
    m_lockTimeoutSpin->setSuffix(u" ms"_s);
    m_lockTimeoutSpin->setSpecialValueText(u"server's own"_s);
    connect(m_lockTimeoutSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_applying)
            edit(
                u"Lock timeout %1 ms"_s.arg(value), [&](Scenario& s) { s.backend.lockTimeoutMs = value; },
                u"backend.lock_timeout_ms"_s);
    });
    serverForm->addRow(u"&Lock timeout:"_s, m_lockTimeoutSpin);
    auto* buttons = new QHBoxLayout;
    m_passwordButton = new QPushButton(u"Pass&word…"_s, m_serverPage);
    m_passwordButton->setObjectName(u"passwordButton"_s);
    m_passwordButton->setToolTip(u"Kept in memory until Interleave quits; never written to the scenario file"_s);
    connect(m_passwordButton, &QPushButton::clicked, this, [this] {
        const auto url = ServerUrl::parse(m_scenario.backend.url, nullptr);
        if (!url || !askPassword)
            return;
        if (const auto password = askPassword(url->toString()))
            ServerConnection::setPassword(*url, *password);
    });
    m_testButton = new QPushButton(u"&Test connection"_s, m_serverPage);
    m_testButton->setObjectName(u"testConnectionButton"_s);
    m_testButton->setToolTip(u"Connect to the server and show its version"_s);
    connect(m_testButton, &QPushButton::clicked, this, &ScenarioEditor::testConnection);
    m_connectionTest = new ConnectionTestJob(this);
    connect(m_connectionTest, &ConnectionTestJob::finished, this, &ScenarioEditor::finishConnectionTest);
    m_testBusy = new QProgressBar(m_serverPage);
    m_testBusy->setObjectName(u"testConnectionBusy"_s);
    m_testBusy->setRange(0, 0);
    m_testBusy->setTextVisible(false);
    m_testBusy->setMaximumWidth(80);
    m_testBusy->setMaximumHeight(m_testButton->sizeHint().height() / 2);
    m_testBusy->setVisible(false);
    buttons->addWidget(m_passwordButton);
    buttons->addWidget(m_testButton);
    buttons->addWidget(m_testBusy);
    buttons->addStretch();
    serverForm->addRow(QString(), buttons);
    m_connectionLabel = new QLabel(m_serverPage);
    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    m_connectionLabel->setWordWrap(true);
    m_connectionLabel->setTextFormat(Qt::PlainText);
    m_connectionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    serverForm->addRow(QString(), m_connectionLabel);
    stack->addWidget(m_serverPage);
    layout->addWidget(stack);
    m_databaseStack = stack;
    layout->addStretch();
    return page;
}

Scenario ScenarioEditor::scenarioToSave() const
{
    Scenario s = m_scenario;
    if (s.schedule.mode != ScheduleSpec::Mode::Script && !Scenario::parseScript(s.schedule.scriptText(), s, nullptr))
        s.schedule.script.clear();
    return s;
}

void ScenarioEditor::setColors(const Palette& palette)
{
    m_colors = palette;
    markField();
}

void ScenarioEditor::setScenario(const Scenario& scenario)
{
    m_undo->clear();
    m_worker = 0;
    apply(scenario);
    m_undo->setClean();
}

void ScenarioEditor::edit(
    const QString& description, const std::function<void(Scenario&)>& change, const QString& mergeKey)
{
    if (m_applying)
        return;
    Scenario after = m_scenario;
    change(after);
    if (after.toJson() == m_scenario.toJson())
        return;
    m_undo->push(new ScenarioEditCommand(this, m_scenario, after, description, mergeKey));
}

void ScenarioEditor::editWorkers(
    const QString& description, const std::function<void(WorkerSpec&)>& change, const QString& mergeKey)
{
    const bool all = m_allWorkers->isChecked();
    const int current = m_worker;
    const QString name = m_scenario.workers.value(current).name;
    edit((all ? u"All workers: "_s : name + u": "_s) + description,
        [&](Scenario& s) {
            for (qsizetype i = 0; i < s.workers.size(); ++i)
                if (all || i == current)
                    change(s.workers[i]);
        },
        mergeKey.isEmpty() ? QString() : u"workers[%1].%2"_s.arg(all ? -1 : current).arg(mergeKey));
}

void ScenarioEditor::apply(const Scenario& scenario)
{
    m_scenario = scenario;
    m_worker = std::clamp(m_worker, 0, std::max(0, int(m_scenario.workers.size()) - 1));
    refresh();
    validate();
    Q_EMIT edited(m_scenario);
    if (!m_error)
        Q_EMIT scenarioChanged(m_scenario);
}

void ScenarioEditor::refresh()
{
    m_applying = true;
    setTextIfDifferent(m_nameEdit, m_scenario.name);
    if (m_descriptionEdit->toPlainText() != m_scenario.description)
        m_descriptionEdit->setPlainText(m_scenario.description);
    setTextIfDifferent(m_tableNameEdit, m_scenario.table.name);
    setTextIfDifferent(m_modelEdit, m_scenario.table.model);
    m_columnsModel->setColumns(m_scenario.table.columns);
    m_constraintsModel->setConstraints(m_scenario.table.constraints);
    m_rowsModel->setTable(m_scenario.table.columns, m_scenario.table.rows);

    setSpin(m_workerCount, std::max(1, int(m_scenario.workers.size())));
    {
        const QSignalBlocker block(m_workerCombo);
        QStringList names;
        for (const WorkerSpec& w : m_scenario.workers)
            names.append(w.name);
        QStringList shown;
        for (int i = 0; i < m_workerCombo->count(); ++i)
            shown.append(m_workerCombo->itemText(i));
        if (names != shown) {
            m_workerCombo->clear();
            m_workerCombo->addItems(names);
        }
        m_workerCombo->setCurrentIndex(m_worker);
    }
    refreshWorker();

    setComboData(m_modeCombo, int(m_scenario.schedule.mode));
    const bool script = m_scenario.schedule.mode == ScheduleSpec::Mode::Script;
    // The typed text stays as typed ("A, B,") while it means the same steps.
    static const QRegularExpression separators(u"[\\s,]+"_s);
    if (m_scriptEdit->text().split(separators, Qt::SkipEmptyParts) != m_scenario.schedule.script)
        setTextIfDifferent(m_scriptEdit, m_scenario.schedule.scriptText());
    m_scriptEdit->setEnabled(script);
    m_picker->setEnabled(script);
    refreshPicker();
    setSpin(m_trialsSpin, int(std::min<qint64>(m_scenario.schedule.trialCount(), m_trialsSpin->maximum())));
    m_trialsSpin->setEnabled(m_scenario.schedule.mode == ScheduleSpec::Mode::Stress);
    setSpin(m_jitterSpin, m_scenario.schedule.jitterUs);
    m_jitterSpin->setEnabled(
        m_scenario.schedule.mode == ScheduleSpec::Mode::Free || m_scenario.schedule.mode == ScheduleSpec::Mode::Stress);

    refreshDatabase();
    m_applying = false;
}

void ScenarioEditor::refreshWorker()
{
    const WorkerSpec worker = m_scenario.workers.value(m_worker);
    setComboData(m_recipeCombo, worker.recipe);
    if (const Recipe* recipe = Recipe::find(worker.recipe))
        m_recipeSummary->setText(recipe->summary);
    else
        m_recipeSummary->clear();
    m_recipeSummary->setVisible(!m_recipeSummary->text().isEmpty());
    m_atomicCheck->setChecked(worker.atomic);
    setTextIfDifferent(m_counterColumnEdit, worker.column);
    const bool counter = worker.recipe.startsWith(u"counter"_s);
    m_workerForm->setRowVisible(m_counterColumnEdit, counter || !worker.column.isEmpty());
    m_lookupModel->setTableColumns(m_scenario.table.columns);
    m_defaultsModel->setTableColumns(m_scenario.table.columns);
    m_lookupModel->setMap(worker.lookup);
    m_defaultsModel->setMap(worker.defaults);
}

void ScenarioEditor::refreshPicker()
{
    QStringList names;
    for (const WorkerSpec& w : m_scenario.workers)
        names.append(w.name);
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

void ScenarioEditor::refreshDatabase()
{
    const BackendSpec& b = m_scenario.backend;
    setComboData(m_backendCombo, int(b.kind));
    m_databaseStack->setCurrentWidget(b.isServer() ? m_serverPage : m_sqlitePage);
    setComboData(m_isolationCombo, m_scenario.isolation);
    setComboData(m_journalCombo, b.journalMode);
    setComboData(m_beginCombo, b.beginMode);
    setSpin(m_busySpin, b.busyTimeoutMs);
    setSpin(m_lockTimeoutSpin, b.lockTimeoutMs);
    if (const auto url = ServerUrl::parse(b.url, nullptr)) {
        setTextIfDifferent(m_hostEdit, url->host);
        setSpin(m_portSpin, url->port);
        setTextIfDifferent(m_databaseEdit, url->database);
        setTextIfDifferent(m_userEdit, url->user);
    }
    m_portSpin->setSpecialValueText(b.kind == BackendSpec::Kind::Mysql ? u"default (3306)"_s : u"default (5432)"_s);
}

void ScenarioEditor::editUrl(const QString& description,
    const std::function<void(QString& host, int& port, QString& database, QString& user)>& change,
    const QString& mergeKey)
{
    edit(
        description,
        [&](Scenario& s) {
            // From the fields as they read now: while one is half typed ("db.") the URL does not parse, and the
            // next key must not start again from the last URL that did.
            ServerUrl url = urlOf(s.backend);
            url.host = m_hostEdit->text().trimmed();
            url.port = m_portSpin->value();
            url.database = m_databaseEdit->text().trimmed();
            url.user = m_userEdit->text().trimmed();
            change(url.host, url.port, url.database, url.user);
            s.backend.url = url.host.isEmpty() ? QString() : url.toString();
        },
        mergeKey);
}

void ScenarioEditor::setBackendKind(BackendSpec::Kind kind)
{
    if (kind == m_scenario.backend.kind)
        return;
    edit(u"Database %1"_s.arg(BackendSpec::kindName(kind)), [&](Scenario& s) {
        ServerUrl url = urlOf(s.backend);
        const BackendSpec::Kind was = s.backend.kind;
        s.backend.kind = kind;
        if (kind == BackendSpec::Kind::Sqlite) {
            s.backend.url.clear();
            s.backend.lockTimeoutMs = 0;
            if (s.isolation != u"default"_s && s.isolation != u"serializable"_s)
                s.isolation = u"default"_s; // SQLite has no other level
            return;
        }
        url.kind = kind == BackendSpec::Kind::Mysql ? ServerUrl::Kind::Mysql : ServerUrl::Kind::Postgresql;
        if (was != BackendSpec::Kind::Sqlite)
            url.port = 0; // the other server's default port
        s.backend.url = url.host.isEmpty() ? QString() : url.toString();
    });
    m_connectionLabel->clear();
}

void ScenarioEditor::setScheduleMode(ScheduleSpec::Mode mode)
{
    edit(u"Schedule %1"_s.arg(ScheduleSpec::modeName(mode)), [&](Scenario& s) {
        s.schedule.mode = mode;
        if (mode != ScheduleSpec::Mode::Stress)
            s.schedule.trials = 0; // the file refuses trials outside stress mode
    });
}

void ScenarioEditor::setScriptText(const QString& text)
{
    static const QRegularExpression separators(u"[\\s,]+"_s);
    const QStringList steps = text.split(separators, Qt::SkipEmptyParts);
    edit(
        u"Edit script"_s, [&](Scenario& s) { s.schedule.script = steps; }, u"schedule.script"_s);
}

void ScenarioEditor::setScriptSteps(const QStringList& steps, const QString& description)
{
    // A click of the picker is a step of its own in the undo history, not merged with typing.
    edit(description, [&](Scenario& s) { s.schedule.script = steps; });
}

QString ScenarioEditor::workerName(int index)
{
    QString name;
    for (int n = index; n >= 0; n = n / 26 - 1)
        name.prepend(QChar(u'A' + n % 26));
    return name;
}

void ScenarioEditor::setWorkerCount(int count)
{
    count = std::clamp(count, 1, 64);
    if (m_applying || count == m_scenario.workers.size())
        return;
    edit(count > m_scenario.workers.size() ? u"Add workers (%1)"_s.arg(count) : u"Remove workers (%1)"_s.arg(count),
        [&](Scenario& s) {
            while (s.workers.size() > count) {
                const QString gone = s.workers.takeLast().name;
                s.schedule.script.removeAll(gone);
            }
            while (s.workers.size() < count) {
                // A new worker races the last one: same recipe, lookup and defaults.
                WorkerSpec w;
                if (s.workers.isEmpty())
                    w.recipe = u"django_get_or_create"_s;
                else
                    w = s.workers.last();
                int i = int(s.workers.size());
                while (s.workerIndex(workerName(i)) >= 0)
                    ++i;
                w.name = workerName(i);
                s.workers.append(w);
            }
        });
}

void ScenarioEditor::selectWorker(int index)
{
    if (index < 0 || index >= m_scenario.workers.size())
        return;
    m_worker = index;
    {
        const QSignalBlocker block(m_workerCombo);
        m_workerCombo->setCurrentIndex(index);
    }
    m_applying = true;
    refreshWorker();
    m_applying = false;
    markField();
}

void ScenarioEditor::showSection(Section section)
{
    m_sections->setCurrentIndex(int(section));
}

ScenarioEditor::Section ScenarioEditor::currentSection() const
{
    return Section(m_sections->currentIndex());
}

void ScenarioEditor::addColumn()
{
    int n = int(m_scenario.table.columns.size()) + 1;
    while (m_scenario.table.column(u"column%1"_s.arg(n)))
        ++n;
    const QString name = u"column%1"_s.arg(n);
    edit(u"Add column %1"_s.arg(name), [&](Scenario& s) { s.table.columns.append({ name, u"varchar(32)"_s, true }); });
    const QModelIndex index = m_columnsModel->index(m_columnsModel->rowCount() - 1, ColumnsModel::Name);
    m_columnsView->setCurrentIndex(index);
    m_columnsView->edit(index);
}

void ScenarioEditor::removeColumn()
{
    const QModelIndex current = m_columnsView->currentIndex();
    if (!current.isValid())
        return;
    const QString name = m_scenario.table.columns.value(current.row()).name;
    edit(u"Remove column %1"_s.arg(name), [&](Scenario& s) { s.table.columns.removeAt(current.row()); });
}

void ScenarioEditor::addConstraint(const QString& kind)
{
    QStringList columns;
    for (const ColumnSpec& c : m_scenario.table.columns)
        columns.append(c.name);
    ConstraintSpec constraint;
    if (kind == u"unique together"_s)
        constraint.columns = columns.mid(0, 2);
    else
        constraint.columns = columns.mid(0, 1);
    if (kind == u"partial unique"_s)
        constraint.where = columns.size() > 1 ? columns.last() + u" = 1"_s : u"id > 0"_s;
    edit(u"Add %1 constraint"_s.arg(kind), [&](Scenario& s) { s.table.constraints.append(constraint); });
    const QModelIndex index = m_constraintsModel->index(m_constraintsModel->rowCount() - 1,
        kind == u"partial unique"_s ? ConstraintsModel::Where : ConstraintsModel::Columns);
    m_constraintsView->setCurrentIndex(index);
}

void ScenarioEditor::removeConstraint()
{
    const QModelIndex current = m_constraintsView->currentIndex();
    if (!current.isValid())
        return;
    edit(u"Remove constraint %1"_s.arg(current.row() + 1),
        [&](Scenario& s) { s.table.constraints.removeAt(current.row()); });
}

void ScenarioEditor::addLookupKey()
{
    const WorkerSpec worker = m_scenario.workers.value(m_worker);
    for (const ColumnSpec& c : m_scenario.table.columns) {
        if (!worker.lookup.contains(c.name)) {
            const QString name = c.name;
            editWorkers(u"Add %1 to the lookup"_s.arg(name),
                [&](WorkerSpec& w) { w.lookup.insert(name, KeyValueModel::valueFor(QString(), c.type)); });
            return;
        }
    }
}

void ScenarioEditor::addDefaultsKey()
{
    const WorkerSpec worker = m_scenario.workers.value(m_worker);
    for (const ColumnSpec& c : m_scenario.table.columns) {
        if (!worker.lookup.contains(c.name) && !worker.defaults.contains(c.name)) {
            const QString name = c.name;
            editWorkers(u"Add %1 to the defaults"_s.arg(name),
                [&](WorkerSpec& w) { w.defaults.insert(name, KeyValueModel::valueFor(QString(), c.type)); });
            return;
        }
    }
}

void ScenarioEditor::validate()
{
    const bool wasValid = !m_error.has_value();
    // A script kept while another mode is chosen is not run, so it does not stop one (the file drops it when it
    // names workers that are gone: see scenarioToSave()).
    Scenario checked = m_scenario;
    if (checked.schedule.mode != ScheduleSpec::Mode::Script)
        checked.schedule.script.clear();
    m_error = checked.validate();
    markField();
    if (wasValid != !m_error.has_value() || m_error)
        Q_EMIT validityChanged(!m_error.has_value(), errorText());
}

QString ScenarioEditor::errorText() const
{
    if (!m_error)
        return {};
    const FieldPath path = splitField(m_error->field);
    QString where;
    if (path.head == u"workers"_s && path.index >= 0) {
        where = u"Workers › "_s + m_scenario.workers.value(path.index).name
            + (path.rest.isEmpty() ? QString() : u" › "_s + path.rest);
    } else if (path.head == u"table"_s) {
        where = u"Table › "_s + path.rest;
        if (path.rest.startsWith(u"columns["_s)) {
            const int row = path.rest.mid(8, path.rest.indexOf(u']') - 8).toInt();
            where = u"Table › column %1"_s.arg(row + 1);
        } else if (path.rest.startsWith(u"constraints["_s)) {
            const int row = path.rest.mid(12, path.rest.indexOf(u']') - 12).toInt();
            where = u"Table › constraint %1"_s.arg(row + 1);
        }
    } else if (path.head == u"schedule"_s) {
        where = u"Schedule › "_s + path.rest;
    } else if (path.head == u"backend"_s || path.head == u"isolation"_s) {
        where = u"Database › "_s + (path.rest.isEmpty() ? path.head : path.rest);
    } else {
        where = m_error->field;
    }
    return where.isEmpty() ? m_error->message : where + u": "_s + m_error->message;
}

QWidget* ScenarioEditor::widgetForField(const QString& field) const
{
    const FieldPath path = splitField(field);
    if (path.head == u"name"_s)
        return m_nameEdit;
    if (path.head == u"description"_s)
        return m_descriptionEdit;
    if (path.head == u"isolation"_s)
        return m_isolationCombo;
    if (path.head == u"table"_s) {
        if (path.rest == u"name"_s)
            return m_tableNameEdit;
        if (path.rest == u"model"_s)
            return m_modelEdit;
        if (path.rest.startsWith(u"columns"_s))
            return m_columnsView;
        if (path.rest.startsWith(u"constraints"_s))
            return m_constraintsView;
        return m_rowsView;
    }
    if (path.head == u"workers"_s) {
        if (path.index < 0)
            return m_workerCount;
        if (path.index != m_worker && !m_allWorkers->isChecked())
            return m_workerCombo; // the field is on a worker not shown: the selector says which
        if (path.rest.startsWith(u"lookup"_s))
            return m_lookupView;
        if (path.rest.startsWith(u"defaults"_s))
            return m_defaultsView;
        if (path.rest == u"recipe"_s)
            return m_recipeCombo;
        if (path.rest == u"atomic"_s)
            return m_atomicCheck;
        if (path.rest == u"column"_s)
            return m_counterColumnEdit;
        return m_workerCombo;
    }
    if (path.head == u"schedule"_s) {
        if (path.rest == u"script"_s)
            return m_scriptEdit;
        if (path.rest == u"trials"_s)
            return m_trialsSpin;
        if (path.rest == u"jitter_us"_s)
            return m_jitterSpin;
        return m_modeCombo;
    }
    if (path.head == u"backend"_s) {
        if (path.rest == u"journal_mode"_s)
            return m_journalCombo;
        if (path.rest == u"begin"_s)
            return m_beginCombo;
        if (path.rest == u"busy_timeout_ms"_s)
            return m_busySpin;
        if (path.rest == u"lock_timeout_ms"_s)
            return m_lockTimeoutSpin;
        if (path.rest == u"url"_s)
            return m_hostEdit;
        return m_backendCombo;
    }
    return nullptr;
}

void ScenarioEditor::markField()
{
    if (m_marked) {
        m_marked->setStyleSheet(QString());
        m_marked->setToolTip(m_marked->property(normalToolTip).toString());
        m_marked = nullptr;
    }
    if (!m_error) {
        m_messageLabel->clear();
        m_messageLabel->setVisible(false);
        m_showErrorButton->setVisible(false);
        return;
    }
    const QString text = errorText();
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(true);
    m_showErrorButton->setVisible(widgetForField(m_error->field) != nullptr);
    QPalette palette = m_messageLabel->palette();
    palette.setColor(QPalette::WindowText, m_colors.color(Palette::Role::ErrorForeground));
    m_messageLabel->setPalette(palette);
    QWidget* widget = widgetForField(m_error->field);
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
    if (!m_error)
        return;
    const FieldPath path = splitField(m_error->field);
    if (path.head == u"workers"_s) {
        showSection(Section::Workers);
        if (path.index >= 0 && !m_allWorkers->isChecked())
            selectWorker(path.index);
    } else if (path.head == u"schedule"_s) {
        showSection(Section::Schedule);
    } else if (path.head == u"backend"_s || path.head == u"isolation"_s) {
        showSection(Section::Database);
    } else {
        showSection(Section::Table);
    }
    if (QWidget* widget = widgetForField(m_error->field)) {
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

void ScenarioEditor::testConnection()
{
    QString why;
    const auto url = ServerUrl::parse(m_scenario.backend.url, &why);
    if (!m_scenario.backend.isServer() || !url) {
        const QString text =
            m_scenario.backend.isServer() ? u"Cannot test: "_s + why : u"Choose PostgreSQL or MySQL / MariaDB first"_s;
        m_connectionLabel->setText(text);
        Q_EMIT connectionTested(false, text);
        return;
    }
    if (!ServerConnection::hasPassword(*url)) {
        const auto password = askPassword ? askPassword(url->toString()) : std::nullopt;
        if (!password) {
            m_connectionLabel->setText(u"Not tested: no password"_s);
            Q_EMIT connectionTested(false, m_connectionLabel->text());
            return;
        }
        ServerConnection::setPassword(*url, *password); // memory only
    }
    m_testButton->setEnabled(false);
    m_testBusy->setVisible(true);
    m_connectionLabel->setText(u"Connecting to %1…"_s.arg(url->toString()));
    // A connection can take seconds (connect_timeout is 5 s): a job of its own connects on its thread, and its answer
    // (finishConnectionTest) is dropped when a newer test or the editor's end overtook it.
    m_connectionTest->start(*url);
}

void ScenarioEditor::finishConnectionTest(bool ok, const QString& text)
{
    m_testButton->setEnabled(true);
    m_testBusy->setVisible(false);
    m_connectionLabel->setText(ok ? u"Connected: "_s + text : text);
    QPalette palette = m_connectionLabel->palette();
    palette.setColor(
        QPalette::WindowText, m_colors.color(ok ? Palette::Role::Success : Palette::Role::ErrorForeground));
    m_connectionLabel->setPalette(palette);
    Q_EMIT connectionTested(ok, text);
}

} // namespace interleave
