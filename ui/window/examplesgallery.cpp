// SPDX-License-Identifier: MIT
#include "examplesgallery.h"

#include "databaseswitch.h"
#include "examples.h"
#include "scenario.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

// Where it is written for; an example that names none runs on all three but those that refuse it
// (DatabaseSwitch::unsupportedReason, the rule the run itself follows).
QString databasesText(const Examples::Entry& entry)
{
    const QList<BackendSpec::Kind> kinds { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql,
        BackendSpec::Kind::Mysql };
    QStringList databases = entry.databases;
    if (databases.isEmpty()) {
        ScenarioError error;
        const auto scenario = Examples::load(entry.id, &error);
        for (const BackendSpec::Kind kind : kinds)
            if (!scenario || DatabaseSwitch::unsupportedReason(*scenario, kind).isEmpty())
                databases.append(BackendSpec::kindName(kind));
    }
    QStringList names;
    for (const QString& d : databases) {
        QString name = d;
        for (const BackendSpec::Kind kind : kinds)
            if (d == BackendSpec::kindName(kind))
                name = BackendSpec::displayName(kind);
        names.append(name);
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
    // The list names them; the pane beside it tells the whole story of the one chosen (descriptions run to a
    // paragraph, which a table cell would cut).
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_list = new QTreeWidget(splitter);
    m_list->setObjectName(u"examplesList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({ u"Example"_s, u"Databases"_s, u"What it shows"_s });
    m_list->setColumnHidden(2, true);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    for (const Examples::Entry& entry : Examples::list()) {
        auto* item = new QTreeWidgetItem(m_list, { entry.name, databasesText(entry), entry.description });
        item->setData(0, Qt::UserRole, entry.id);
        item->setToolTip(0, entry.id);
        item->setToolTip(1, entry.description);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
    }
    auto* details = new QWidget(splitter);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(12, 4, 4, 4);
    auto* title = new QLabel(details);
    title->setObjectName(u"exampleTitle"_s);
    title->setWordWrap(true);
    title->setTextFormat(Qt::PlainText);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);
    auto* databases = new QLabel(details);
    databases->setObjectName(u"exampleDatabases"_s);
    databases->setTextFormat(Qt::PlainText);
    databases->setForegroundRole(QPalette::PlaceholderText);
    auto* description = new QLabel(details);
    description->setObjectName(u"exampleDescription"_s);
    description->setWordWrap(true);
    description->setTextFormat(Qt::PlainText);
    description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    description->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    detailsLayout->addWidget(title);
    detailsLayout->addWidget(databases);
    detailsLayout->addSpacing(6);
    detailsLayout->addWidget(description, 1);
    splitter->addWidget(m_list);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 560, 400 });
    connect(m_list, &QTreeWidget::currentItemChanged, this, [=](QTreeWidgetItem* item) {
        title->setText(item ? item->text(0) : QString());
        databases->setText(item ? u"Written for: "_s + item->text(1) : QString());
        description->setText(item ? item->text(2) : QString());
    });
    m_list->setCurrentItem(m_list->topLevelItem(0));
    layout->addWidget(splitter, 1);
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
