// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"
#include "serverurl.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace interleave {

class ConnectionTestJob;
class Prompts;

// Run → Database… (Ctrl+D): where runs go, as fields (the embedded SQLite, or a PostgreSQL / MySQL server's host,
// port, database, user, password and lock timeout), with a Test button. Its messages name the field the user typed
// ("Database: type the database name"), never a URL the user did not write. The password stays in this process's
// memory (ServerConnection::setPassword); Test tries without asking first and asks only when the server refuses the
// login for a password.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    ConnectionDialog(const BackendSpec& current, Prompts* prompts, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    // The database the fields describe (the URL built from them), or nullopt with *error naming the field.
    std::optional<BackendSpec> backend(QString* error) const;
    void test(); // the Test button

    QComboBox* kindCombo() const { return m_kind; }
    QLineEdit* hostEdit() const { return m_host; }
    QSpinBox* portSpin() const { return m_port; }
    QLineEdit* databaseEdit() const { return m_database; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }
    QSpinBox* lockTimeoutSpin() const { return m_lockTimeout; }
    QPushButton* testButton() const { return m_testButton; }
    QLabel* messageLabel() const { return m_message; }
    bool isTesting() const;

    void accept() override; // refused, with the reason under the fields, while a field is wrong

Q_SIGNALS:
    void tested(bool ok, const QString& text);

private:
    void kindChanged();
    void testFinished(bool ok, const QString& text);
    void say(const QString& text, bool error);
    std::optional<ServerUrl> url(QString* error) const;

    Prompts* m_prompts;
    ConnectionTestJob* m_job = nullptr;
    bool m_askedPassword = false; // this test already asked once
    QComboBox* m_kind = nullptr;
    QWidget* m_serverFields = nullptr;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QSpinBox* m_lockTimeout = nullptr;
    QPushButton* m_testButton = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace interleave
