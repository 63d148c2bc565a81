// SPDX-License-Identifier: MIT
#include "examplesgallery.h"

#include "examples.h"
#include "scenario.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString databasesText(const QStringList& databases)
{
    if (databases.isEmpty())
        return u"SQLite, PostgreSQL, MySQL"_s;
    QStringList names;
    for (const QString& d : databases) {
        if (d == u"sqlite"_s)
            names.append(u"SQLite"_s);
        else if (d == u"postgresql"_s)
            names.append(u"PostgreSQL"_s);
        else if (d == u"mysql"_s)
            names.append(u"MySQL"_s);
        else
            names.append(d);
    }
    return names.join(u", "_s);
}

} // namespace

ExamplesGallery::ExamplesGallery(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(u"Examples"_s);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(u"Built-in scenarios. Each shows what its description promises on the databases "
                             "listed; choose one and press Enter to load it."_s,
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"examplesList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(false);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({ u"Example"_s, u"Databases"_s, u"What it shows"_s });
    m_list->header()->setStretchLastSection(true);
    for (const Examples::Entry& entry : Examples::list()) {
        auto* item = new QTreeWidgetItem(m_list, { entry.name, databasesText(entry.databases), entry.description });
        item->setData(0, Qt::UserRole, entry.id);
        item->setToolTip(0, entry.id);
        item->setToolTip(2, entry.description);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
    }
    m_list->setColumnWidth(0, 240);
    m_list->setColumnWidth(1, 170);
    m_list->setCurrentItem(m_list->topLevelItem(0));
    layout->addWidget(m_list, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Open)->setText(u"&Load"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] { accept(); });
    resize(980, 560);
}

QString ExamplesGallery::chosenId() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void ExamplesGallery::selectExample(const QString& id)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->data(0, Qt::UserRole).toString() == id)
            m_list->setCurrentItem(m_list->topLevelItem(i));
}

} // namespace interleave
