// SPDX-License-Identifier: MIT
#include "workerssection.h"

#include "editorparts.h"
#include "keyvaluemodel.h"
#include "recipe.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

WorkersSection::WorkersSection(ScenarioEditModel* editModel, QWidget* parent)
    : EditorSection(editModel, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_workerForm = form;
    m_workerCount = new QSpinBox(this);
    m_workerCount->setObjectName(u"workerCountSpin"_s);
    m_workerCount->setRange(1, 64);
    m_workerCount->setToolTip(u"How many workers (threads, each with its own connection) run at once"_s);
    connect(m_workerCount, &QSpinBox::valueChanged, this, &WorkersSection::setWorkerCount);
    form->addRow(u"&Workers:"_s, m_workerCount);

    auto* which = new QHBoxLayout;
    m_workerCombo = new QComboBox(this);
    m_workerCombo->setObjectName(u"workerCombo"_s);
    m_workerCombo->setToolTip(u"The worker whose recipe, lookup and defaults are shown"_s);
    connect(m_workerCombo, &QComboBox::currentIndexChanged, this, &WorkersSection::selectWorker);
    m_allWorkers = new QCheckBox(u"All wor&kers"_s, this);
    m_allWorkers->setObjectName(u"allWorkersCheck"_s);
    m_allWorkers->setToolTip(u"Recipe, lookup, defaults and atomic changes apply to every worker"_s);
    which->addWidget(m_workerCombo, 1);
    which->addWidget(m_allWorkers);
    form->addRow(u"Worker:"_s, which);

    m_recipeCombo = new QComboBox(this);
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
    m_recipeSummary = new QLabel(this);
    m_recipeSummary->setWordWrap(true);
    // Wrapped to the dock's width rather than widening it.
    m_recipeSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_recipeSummary->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_recipeSummary);
    m_atomicCheck = new QCheckBox(u"&Atomic (ATOMIC_REQUESTS)"_s, this);
    m_atomicCheck->setObjectName(u"atomicCheck"_s);
    m_atomicCheck->setToolTip(u"Run the recipe inside an outer transaction, as Django does with ATOMIC_REQUESTS: "
                              "the insert then happens in a savepoint"_s);
    connect(m_atomicCheck, &QCheckBox::clicked, this, [this](bool on) {
        editWorkers(on ? u"Make atomic"_s : u"Make not atomic"_s, [&](WorkerSpec& w) { w.atomic = on; });
    });
    form->addRow(QString(), m_atomicCheck);
    m_counterColumnEdit = new QLineEdit(this);
    m_counterColumnEdit->setObjectName(u"counterColumnEdit"_s);
    m_counterColumnEdit->setToolTip(u"counter recipes: the integer column to increment"_s);
    connect(m_counterColumnEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        editWorkers(
            u"Counter column"_s, [&](WorkerSpec& w) { w.column = text.trimmed(); }, u"column"_s);
    });
    form->addRow(u"&Counter column:"_s, m_counterColumnEdit);
    layout->addLayout(form);

    const auto keyValueEditor = [&](const QString& title, const QString& objectName, KeyValueModel*& model,
                                    QTableView*& view, void (WorkersSection::*add)(), bool lookup) {
        const auto [addButton, removeButton] = addTableHeading(
            layout, title, u"Add a column to the %1"_s.arg(title.toLower()), u"Remove the selected key"_s, this);
        addButton->setObjectName(objectName + u"AddButton"_s);
        removeButton->setObjectName(objectName + u"RemoveButton"_s);
        model = new KeyValueModel(this);
        view = makeEditTable(objectName, model, this, 2);
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
    keyValueEditor(u"Lookup"_s, u"lookupView"_s, m_lookupModel, m_lookupView, &WorkersSection::addLookupKey, true);
    m_lookupView->setToolTip(u"get_or_create(**lookup): the columns and values the worker looks for"_s);
    keyValueEditor(
        u"Defaults"_s, u"defaultsView"_s, m_defaultsModel, m_defaultsView, &WorkersSection::addDefaultsKey, false);
    m_defaultsView->setToolTip(u"defaults={...}: what an INSERT adds to the lookup (defaults win)"_s);
    layout->addStretch();
}

WorkersSection::~WorkersSection()
{
    // A cell editor still open commits its text while the views are destroyed: not into a half-destroyed section.
    for (QObject* model : { static_cast<QObject*>(m_lookupModel), static_cast<QObject*>(m_defaultsModel) })
        disconnect(model, nullptr, this, nullptr);
}

void WorkersSection::editWorkers(
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

void WorkersSection::refresh()
{
    m_worker = std::clamp(m_worker, 0, std::max(0, int(m_scenario.workers.size()) - 1));
    setSpin(m_workerCount, std::max(1, int(m_scenario.workers.size())));
    {
        const QSignalBlocker block(m_workerCombo);
        const QStringList names = m_scenario.workerNames();
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
}

void WorkersSection::refreshWorker()
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

QString WorkersSection::workerName(int index)
{
    QString name;
    for (int n = index; n >= 0; n = n / 26 - 1)
        name.prepend(QChar(u'A' + n % 26));
    return name;
}

void WorkersSection::setWorkerCount(int count)
{
    count = std::clamp(count, 1, 64);
    if (m_model->applying() || count == m_scenario.workers.size())
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

void WorkersSection::selectWorker(int index)
{
    if (index < 0 || index >= m_scenario.workers.size())
        return;
    m_worker = index;
    {
        const QSignalBlocker block(m_workerCombo);
        m_workerCombo->setCurrentIndex(index);
    }
    {
        const auto block = m_model->showing();
        refreshWorker();
    }
    Q_EMIT workerSelected(index);
}

void WorkersSection::addLookupKey()
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

void WorkersSection::addDefaultsKey()
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

QWidget* WorkersSection::widgetForField(const FieldPath& path) const
{
    if (path.head != u"workers"_s)
        return nullptr;
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

} // namespace interleave
