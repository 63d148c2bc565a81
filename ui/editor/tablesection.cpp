// SPDX-License-Identifier: MIT
#include "tablesection.h"

#include "columnsmodel.h"
#include "constraintsmodel.h"
#include "editorparts.h"
#include "initialrowsmodel.h"
#include "keyvaluemodel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

TableSection::TableSection(ScenarioEditModel* model, QWidget* parent)
    : EditorSection(model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(u"scenarioNameEdit"_s);
    m_nameEdit->setToolTip(u"The scenario's title"_s);
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            u"Rename scenario"_s, [&](Scenario& s) { s.name = text; }, u"name"_s);
    });
    form->addRow(u"&Scenario:"_s, m_nameEdit);
    m_descriptionEdit = new QPlainTextEdit(this);
    m_descriptionEdit->setObjectName(u"descriptionEdit"_s);
    m_descriptionEdit->setTabChangesFocus(true);
    m_descriptionEdit->setFixedHeight(m_descriptionEdit->fontMetrics().lineSpacing() * 4 + 12);
    m_descriptionEdit->setToolTip(u"What the scenario shows"_s);
    connect(m_descriptionEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_model->applying())
            return;
        const QString text = m_descriptionEdit->toPlainText();
        edit(
            u"Edit description"_s, [&](Scenario& s) { s.description = text; }, u"description"_s);
    });
    form->addRow(u"&Description:"_s, m_descriptionEdit);
    m_tableNameEdit = new QLineEdit(this);
    m_tableNameEdit->setObjectName(u"tableNameEdit"_s);
    m_tableNameEdit->setToolTip(u"The SQL table name: letters, digits and _"_s);
    connect(m_tableNameEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            u"Rename table"_s, [&](Scenario& s) { s.table.name = text.trimmed(); }, u"table.name"_s);
    });
    form->addRow(u"&Table:"_s, m_tableNameEdit);
    m_modelEdit = new QLineEdit(this);
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

    const auto [addColumnButton, removeColumnButton] =
        addTableHeading(layout, u"Columns"_s, u"Add a column"_s, u"Remove the selected column"_s, this);
    addColumnButton->setObjectName(u"addColumnButton"_s);
    removeColumnButton->setObjectName(u"removeColumnButton"_s);
    m_columnsModel = new ColumnsModel(this);
    m_columnsView = makeEditTable(u"columnsView"_s, m_columnsModel, this, 3);
    m_columnsView->setItemDelegateForColumn(
        ColumnsModel::Type, new SuggestionDelegate([] { return ColumnsModel::suggestedTypes(); }, m_columnsView));
    m_columnsView->setToolTip(u"An implicit id integer primary key precedes these columns"_s);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Name, QHeaderView::Stretch);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Type, QHeaderView::Stretch);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Nullable, QHeaderView::ResizeToContents);
    m_columnsView->horizontalHeader()->setSectionResizeMode(ColumnsModel::Default, QHeaderView::Stretch);
    m_columnsView->horizontalHeader()->setStretchLastSection(false);
    layout->addWidget(m_columnsView);
    connect(addColumnButton, &QToolButton::clicked, this, &TableSection::addColumn);
    connect(removeColumnButton, &QToolButton::clicked, this, &TableSection::removeColumn);
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

    const auto [addConstraintButton, removeConstraintButton] = addTableHeading(
        layout, u"Constraints"_s, u"Add a unique constraint"_s, u"Remove the selected constraint"_s, this);
    addConstraintButton->setObjectName(u"addConstraintButton"_s);
    addConstraintButton->setPopupMode(QToolButton::InstantPopup);
    auto* addMenu = new QMenu(addConstraintButton);
    for (const QString& kind : { u"unique"_s, u"unique together"_s, u"partial unique"_s }) {
        QAction* action = addMenu->addAction(kind.at(0).toUpper() + kind.mid(1));
        action->setObjectName(u"add "_s + kind);
        connect(action, &QAction::triggered, this, [this, kind] { addConstraint(kind); });
    }
    addConstraintButton->setMenu(addMenu);
    removeConstraintButton->setObjectName(u"removeConstraintButton"_s);
    connect(removeConstraintButton, &QToolButton::clicked, this, &TableSection::removeConstraint);
    m_constraintsModel = new ConstraintsModel(this);
    m_constraintsView = makeEditTable(u"constraintsView"_s, m_constraintsModel, this, 2);
    m_constraintsView->horizontalHeader()->setSectionResizeMode(ConstraintsModel::Columns, QHeaderView::Stretch);
    m_constraintsView->horizontalHeader()->setSectionResizeMode(ConstraintsModel::Where, QHeaderView::Stretch);
    m_constraintsView->horizontalHeader()->setSectionResizeMode(ConstraintsModel::Name, QHeaderView::Interactive);
    m_constraintsView->horizontalHeader()->setStretchLastSection(false);
    layout->addWidget(m_constraintsView);
    connect(m_constraintsModel, &ConstraintsModel::edited, this,
        [this](const QList<ConstraintSpec>& constraints, const QString& description) {
            edit(description, [&](Scenario& s) { s.table.constraints = constraints; });
        });

    const auto [addRowButton, removeRowButton] = addTableHeading(layout, u"Initial rows"_s,
        u"Add a row the table holds before the workers start"_s, u"Remove the selected row"_s, this);
    addRowButton->setObjectName(u"addRowButton"_s);
    removeRowButton->setObjectName(u"removeRowButton"_s);
    m_rowsModel = new InitialRowsModel(this);
    m_rowsView = makeEditTable(u"initialRowsView"_s, m_rowsModel, this, 1);
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
}

TableSection::~TableSection()
{
    // A cell editor still open commits its text while the views are destroyed: not into a half-destroyed section.
    for (QObject* model : { static_cast<QObject*>(m_columnsModel), static_cast<QObject*>(m_constraintsModel),
             static_cast<QObject*>(m_rowsModel) })
        disconnect(model, nullptr, this, nullptr);
}

void TableSection::refresh()
{
    setTextIfDifferent(m_nameEdit, m_scenario.name);
    if (m_descriptionEdit->toPlainText() != m_scenario.description)
        m_descriptionEdit->setPlainText(m_scenario.description);
    setTextIfDifferent(m_tableNameEdit, m_scenario.table.name);
    setTextIfDifferent(m_modelEdit, m_scenario.table.model);
    m_columnsModel->setColumns(m_scenario.table.columns);
    m_constraintsModel->setConstraints(m_scenario.table.constraints);
    m_rowsModel->setTable(m_scenario.table.columns, m_scenario.table.rows);
}

void TableSection::addColumn()
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

void TableSection::removeColumn()
{
    const QModelIndex current = m_columnsView->currentIndex();
    if (!current.isValid())
        return;
    const QString name = m_scenario.table.columns.value(current.row()).name;
    edit(u"Remove column %1"_s.arg(name), [&](Scenario& s) { s.table.columns.removeAt(current.row()); });
}

void TableSection::addConstraint(const QString& kind)
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

void TableSection::removeConstraint()
{
    const QModelIndex current = m_constraintsView->currentIndex();
    if (!current.isValid())
        return;
    edit(u"Remove constraint %1"_s.arg(current.row() + 1),
        [&](Scenario& s) { s.table.constraints.removeAt(current.row()); });
}

QWidget* TableSection::widgetForField(const FieldPath& path) const
{
    if (path.head == u"name"_s)
        return m_nameEdit;
    if (path.head == u"description"_s)
        return m_descriptionEdit;
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
    return nullptr;
}

} // namespace interleave
