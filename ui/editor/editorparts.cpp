// SPDX-License-Identifier: MIT
#include "editorparts.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace interleave {

SuggestionDelegate::SuggestionDelegate(std::function<QStringList()> suggestions, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_suggestions(std::move(suggestions))
{
}

QWidget* SuggestionDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const
{
    auto* combo = new QComboBox(parent);
    combo->setEditable(true);
    combo->addItems(m_suggestions());
    combo->setInsertPolicy(QComboBox::NoInsert);
    return combo;
}

void SuggestionDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
}

void SuggestionDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
}

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

TableHeading addTableHeading(
    QBoxLayout* layout, const QString& title, const QString& addToolTip, const QString& removeToolTip, QWidget* parent)
{
    auto* row = new QHBoxLayout;
    row->addWidget(heading(title, parent));
    row->addStretch();
    const TableHeading buttons { smallButton(u"Add"_s, addToolTip, parent),
        smallButton(u"Remove"_s, removeToolTip, parent) };
    row->addWidget(buttons.add);
    row->addWidget(buttons.remove);
    layout->addLayout(row);
    return buttons;
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

} // namespace interleave
