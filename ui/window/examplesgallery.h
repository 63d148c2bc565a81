// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QTreeWidget;

namespace interleave {

// File → Examples…: every built-in example with its name, the databases it is written for and what it shows.
// Enter or a double click chooses one (chosenId()).
class ExamplesGallery : public QDialog {
    Q_OBJECT
public:
    explicit ExamplesGallery(QWidget* parent = nullptr);
    QString chosenId() const;
    QTreeWidget* list() const { return m_list; }
    void selectExample(const QString& id);

private:
    QTreeWidget* m_list = nullptr;
};

} // namespace interleave
