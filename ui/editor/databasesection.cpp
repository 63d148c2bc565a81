// SPDX-License-Identifier: MIT
#include "databasesection.h"

#include "connectiontestjob.h"
#include "databaseswitch.h"
#include "editorparts.h"
#include "isolationlevel.h"
#include "prompts.h"
#include "serverconnection.h"
#include "serverurl.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

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

DatabaseSection::DatabaseSection(ScenarioEditModel* model, QWidget* parent)
    : EditorSection(model, parent)
{
    m_ownPrompts = std::make_unique<DialogPrompts>(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_backendCombo = new QComboBox(this);
    m_backendCombo->setObjectName(u"backendCombo"_s);
    m_backendCombo->addItem(u"SQLite (embedded)"_s, int(BackendSpec::Kind::Sqlite));
    m_backendCombo->addItem(u"PostgreSQL"_s, int(BackendSpec::Kind::Postgresql));
    m_backendCombo->addItem(u"MySQL / MariaDB"_s, int(BackendSpec::Kind::Mysql));
    connect(m_backendCombo, &QComboBox::activated, this,
        [this](int index) { setBackendKind(BackendSpec::Kind(m_backendCombo->itemData(index).toInt())); });
    form->addRow(u"&Run on:"_s, m_backendCombo);
    m_isolationCombo = new QComboBox(this);
    m_isolationCombo->setObjectName(u"isolationCombo"_s);
    for (const QString& level : isolationNames())
        m_isolationCombo->addItem(level, level);
    m_isolationCombo->setToolTip(u"The transaction isolation level; default keeps the server's own"_s);
    connect(m_isolationCombo, &QComboBox::activated, this, [this](int index) {
        const QString level = m_isolationCombo->itemData(index).toString();
        edit(u"Isolation %1"_s.arg(level), [&](Scenario& s) { s.isolation = level; });
    });
    form->addRow(u"&Isolation:"_s, m_isolationCombo);
    layout->addLayout(form);

    auto* stack = new QStackedWidget(this);
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
        if (!m_model->applying())
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
        if (!m_model->applying())
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
        if (!m_model->applying())
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
        if (!url)
            return;
        if (const auto password = prompts().password(url->toString()))
            ServerConnection::setPassword(*url, *password);
    });
    m_testButton = new QPushButton(u"&Test connection"_s, m_serverPage);
    m_testButton->setObjectName(u"testConnectionButton"_s);
    m_testButton->setToolTip(u"Connect to the server and show its version"_s);
    connect(m_testButton, &QPushButton::clicked, this, &DatabaseSection::testConnection);
    m_connectionTest = new ConnectionTestJob(this);
    connect(m_connectionTest, &ConnectionTestJob::finished, this, &DatabaseSection::finishConnectionTest);
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
}

DatabaseSection::~DatabaseSection()
{
    m_connectionTest->discard(); // a connection test still running must not report to a half-destroyed section
}

void DatabaseSection::setColors(const Palette& palette)
{
    m_colors = palette;
}

void DatabaseSection::refresh()
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

void DatabaseSection::editUrl(const QString& description,
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

void DatabaseSection::setBackendKind(BackendSpec::Kind kind)
{
    if (kind == m_scenario.backend.kind)
        return;
    edit(u"Database %1"_s.arg(BackendSpec::kindName(kind)), [&](Scenario& s) {
        s = DatabaseSwitch::switchedTo(s, kind);
        if (s.backend.isServer() && s.backend.url.isEmpty())
            s.backend.url = urlOf(s.backend).toString(); // the connection fields start at localhost
    });
    m_connectionLabel->clear();
}

QWidget* DatabaseSection::widgetForField(const FieldPath& path) const
{
    if (path.head == u"isolation"_s)
        return m_isolationCombo;
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

void DatabaseSection::testConnection()
{
    const auto url = ServerUrl::parse(m_scenario.backend.url, nullptr);
    if (!m_scenario.backend.isServer() || !url) {
        // Said of the fields the user typed, never of the URL the editor builds from them.
        const QString text = !m_scenario.backend.isServer() ? u"Choose PostgreSQL or MySQL / MariaDB first"_s
            : m_hostEdit->text().trimmed().isEmpty()        ? u"Cannot test: Host: type the server's name or address"_s
            : m_databaseEdit->text().trimmed().isEmpty()    ? u"Cannot test: Database: type the database name"_s
                                                            : u"Cannot test: check the host, port, database and user"_s;
        m_connectionLabel->setText(text);
        Q_EMIT connectionTested(false, text);
        return;
    }
    // Without asking first: a password is asked for only when the server refuses the login for one.
    m_askedPassword = false;
    m_testButton->setEnabled(false);
    m_testBusy->setVisible(true);
    m_connectionLabel->setText(u"Connecting to %1…"_s.arg(url->toString()));
    // A connection can take seconds (connect_timeout is 5 s): a job of its own connects on its thread, and its answer
    // (finishConnectionTest) is dropped when a newer test or the section's end overtook it.
    m_connectionTest->start(*url);
}

void DatabaseSection::finishConnectionTest(bool ok, const QString& text)
{
    const auto url = ServerUrl::parse(m_scenario.backend.url, nullptr);
    if (!ok && url && !m_askedPassword && ConnectionTestJob::refusedForPassword(text)) {
        m_askedPassword = true; // once per test
        if (const auto password = prompts().password(url->toString())) {
            ServerConnection::setPassword(*url, *password); // memory only
            m_connectionTest->start(*url);
            return;
        }
        m_testButton->setEnabled(true);
        m_testBusy->setVisible(false);
        m_connectionLabel->setText(u"Not tested: the server wants a password"_s);
        Q_EMIT connectionTested(false, m_connectionLabel->text());
        return;
    }
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
