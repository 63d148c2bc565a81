// SPDX-License-Identifier: MIT
#include "connectiondialog.h"

#include "connectiontestjob.h"
#include "prompts.h"
#include "serverconnection.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

ConnectionDialog::ConnectionDialog(const BackendSpec& current, Prompts* prompts, QWidget* parent)
    : QDialog(parent)
    , m_prompts(prompts)
{
    setWindowTitle(u"Database"_s);
    setObjectName(u"connectionDialog"_s);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"kindCombo"_s);
    m_kind->addItem(u"SQLite (embedded, nothing to set up)"_s, int(BackendSpec::Kind::Sqlite));
    m_kind->addItem(u"PostgreSQL"_s, int(BackendSpec::Kind::Postgresql));
    m_kind->addItem(u"MySQL / MariaDB"_s, int(BackendSpec::Kind::Mysql));
    form->addRow(u"&Run on:"_s, m_kind);
    layout->addLayout(form);

    m_serverFields = new QWidget(this);
    auto* server = new QFormLayout(m_serverFields);
    server->setContentsMargins(0, 0, 0, 0);
    m_host = new QLineEdit(m_serverFields);
    m_host->setObjectName(u"hostEdit"_s);
    m_host->setPlaceholderText(u"localhost"_s);
    server->addRow(u"&Host:"_s, m_host);
    m_port = new QSpinBox(m_serverFields);
    m_port->setObjectName(u"portSpin"_s);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(u"default"_s);
    server->addRow(u"&Port:"_s, m_port);
    m_database = new QLineEdit(m_serverFields);
    m_database->setObjectName(u"databaseEdit"_s);
    server->addRow(u"Data&base:"_s, m_database);
    m_user = new QLineEdit(m_serverFields);
    m_user->setObjectName(u"userEdit"_s);
    m_user->setPlaceholderText(u"your login name"_s);
    server->addRow(u"&User:"_s, m_user);
    m_password = new QLineEdit(m_serverFields);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(u"asked for when the server wants one"_s);
    m_password->setToolTip(u"Kept in memory until Interleave quits; never written to a file"_s);
    server->addRow(u"Pass&word:"_s, m_password);
    m_lockTimeout = new QSpinBox(m_serverFields);
    m_lockTimeout->setObjectName(u"lockTimeoutSpin"_s);
    m_lockTimeout->setRange(0, 600000);
    m_lockTimeout->setSingleStep(500);
    m_lockTimeout->setSuffix(u" ms"_s);
    m_lockTimeout->setSpecialValueText(u"server's own"_s);
    server->addRow(u"&Lock timeout:"_s, m_lockTimeout);
    m_testButton = new QPushButton(u"&Test"_s, m_serverFields);
    m_testButton->setObjectName(u"testButton"_s);
    m_testButton->setToolTip(u"Connect to the server and show its version"_s);
    server->addRow(QString(), m_testButton);
    layout->addWidget(m_serverFields);

    m_message = new QLabel(this);
    m_message->setObjectName(u"connectionMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    m_job = new ConnectionTestJob(this);
    connect(m_job, &ConnectionTestJob::finished, this, &ConnectionDialog::testFinished);
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionDialog::test);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ConnectionDialog::kindChanged);

    // The fields from where runs go now.
    m_kind->setCurrentIndex(m_kind->findData(int(current.kind)));
    if (const auto url = ServerUrl::parse(current.url, nullptr)) {
        m_host->setText(url->host);
        m_port->setValue(url->port);
        m_database->setText(url->database);
        m_user->setText(url->user);
    }
    m_lockTimeout->setValue(current.lockTimeoutMs);
    kindChanged();
}

ConnectionDialog::~ConnectionDialog() = default;

bool ConnectionDialog::isTesting() const
{
    return m_job->isRunning();
}

void ConnectionDialog::kindChanged()
{
    const auto kind = BackendSpec::Kind(m_kind->currentData().toInt());
    m_serverFields->setVisible(kind != BackendSpec::Kind::Sqlite);
    m_message->clear();
    adjustSize();
}

std::optional<ServerUrl> ConnectionDialog::url(QString* error) const
{
    const auto kind = BackendSpec::Kind(m_kind->currentData().toInt());
    ServerUrl url;
    url.kind = kind == BackendSpec::Kind::Mysql ? ServerUrl::Kind::Mysql : ServerUrl::Kind::Postgresql;
    url.host = m_host->text().trimmed().isEmpty() ? u"localhost"_s : m_host->text().trimmed();
    url.port = m_port->value();
    url.database = m_database->text().trimmed();
    url.user = m_user->text().trimmed();
    // Each field on its own terms, so a message names what the user typed, never a URL built from it.
    static const QString forbidden = u"/@?#:% "_s;
    const auto bad = [&](const QString& text) {
        return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return forbidden.contains(c) || !c.isPrint(); });
    };
    if (bad(url.host)) {
        *error = u"Host: a name or an address, such as localhost or db.example.org"_s;
        return std::nullopt;
    }
    if (url.database.isEmpty()) {
        *error = u"Database: type the database name"_s;
        return std::nullopt;
    }
    if (bad(url.database)) {
        *error = u"Database: a name without / @ ? # : % or spaces"_s;
        return std::nullopt;
    }
    if (bad(url.user)) {
        *error = u"User: a login name without / @ ? # : % or spaces"_s;
        return std::nullopt;
    }
    QString why;
    const auto parsed = ServerUrl::parse(url.toString(), &why);
    if (!parsed) // not expected after the checks above; said of the fields all the same
        *error = u"Host, port, database or user: "_s + why;
    return parsed;
}

std::optional<BackendSpec> ConnectionDialog::backend(QString* error) const
{
    BackendSpec spec;
    spec.kind = BackendSpec::Kind(m_kind->currentData().toInt());
    if (spec.kind == BackendSpec::Kind::Sqlite)
        return spec;
    const auto parsed = url(error);
    if (!parsed)
        return std::nullopt;
    spec.url = parsed->toString();
    spec.lockTimeoutMs = m_lockTimeout->value();
    return spec;
}

void ConnectionDialog::say(const QString& text, bool error)
{
    m_message->setText(text);
    // A dark red that reads on the light and the dark desktop palettes alike; the dialog's own text colour else.
    QPalette palette = m_message->palette();
    palette.setColor(
        QPalette::WindowText, error ? QColor(0xc0, 0x10, 0x30) : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

void ConnectionDialog::test()
{
    QString error;
    const auto parsed = url(&error);
    if (BackendSpec::Kind(m_kind->currentData().toInt()) == BackendSpec::Kind::Sqlite) {
        say(u"SQLite needs no connection: it is built in"_s, false);
        Q_EMIT tested(true, m_message->text());
        return;
    }
    if (!parsed) {
        say(error, true);
        Q_EMIT tested(false, error);
        return;
    }
    if (!m_password->text().isEmpty())
        ServerConnection::setPassword(*parsed, m_password->text()); // memory only
    m_askedPassword = false;
    m_testButton->setEnabled(false);
    say(u"Connecting to %1…"_s.arg(parsed->host), false);
    // Without asking first: a login that needs no password (or has one in PGPASSWORD / MYSQL_PWD) is not asked.
    m_job->start(*parsed);
}

void ConnectionDialog::testFinished(bool ok, const QString& text)
{
    QString error;
    const auto parsed = url(&error);
    if (!ok && parsed && !m_askedPassword && ConnectionTestJob::refusedForPassword(text) && m_prompts) {
        m_askedPassword = true; // once per test: a wrong answer is said, not asked again
        if (const auto password = m_prompts->password(parsed->toString())) {
            ServerConnection::setPassword(*parsed, *password);
            m_job->start(*parsed);
            return;
        }
        m_testButton->setEnabled(true);
        say(u"Password: the server wants one for %1"_s.arg(parsed->effectiveUser()), true);
        Q_EMIT tested(false, m_message->text());
        return;
    }
    m_testButton->setEnabled(true);
    QString reason = text;
    // The driver's message names the URL built from the fields: said of the host the user typed instead.
    const QString prefix = parsed ? u"cannot connect to "_s + parsed->toString() + u": "_s : QString();
    if (parsed && reason.startsWith(prefix))
        reason = u"Cannot connect to %1 port %2: "_s.arg(parsed->host).arg(parsed->effectivePort())
            + reason.mid(prefix.size());
    say(ok ? u"Connected: "_s + text : reason, !ok);
    Q_EMIT tested(ok, ok ? text : reason);
}

void ConnectionDialog::accept()
{
    QString error;
    if (!backend(&error)) {
        say(error, true);
        return;
    }
    const auto parsed = url(&error);
    if (parsed && !m_password->text().isEmpty())
        ServerConnection::setPassword(*parsed, m_password->text()); // memory only
    QDialog::accept();
}

} // namespace interleave
