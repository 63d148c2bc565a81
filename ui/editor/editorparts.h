// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>
#include <functional>

class QAbstractItemModel;
class QBoxLayout;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QToolButton;

namespace interleave {

// The parts the editor's sections are built of, so that the four look and behave alike: a table edited in place, a
// small Add/Remove button, a bold heading, a cell editor with suggestions, and setters that leave a widget alone
// (and silent) when it already shows the value.

// An editable combo box as a cell editor: a list of suggestions, and anything else may be typed.
class SuggestionDelegate : public QStyledItemDelegate {
public:
    SuggestionDelegate(std::function<QStringList()> suggestions, QObject* parent);
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;

private:
    std::function<QStringList()> m_suggestions;
};

// A table that edits on a typed key, one row selected, between `rows` and `rows` + 3 rows high.
QTableView* makeEditTable(const QString& objectName, QAbstractItemModel* model, QWidget* parent, int rows);
QToolButton* smallButton(const QString& text, const QString& toolTip, QWidget* parent);
QLabel* heading(const QString& text, QWidget* parent);
// A table's bold heading with its Add and Remove buttons at the right, as a row of `layout`.
struct TableHeading {
    QToolButton* add = nullptr;
    QToolButton* remove = nullptr;
};
TableHeading addTableHeading(
    QBoxLayout* layout, const QString& title, const QString& addToolTip, const QString& removeToolTip, QWidget* parent);

void setTextIfDifferent(QLineEdit* edit, const QString& text);
void setComboData(QComboBox* combo, const QVariant& data);
void setSpin(QSpinBox* spin, int value);

} // namespace interleave
