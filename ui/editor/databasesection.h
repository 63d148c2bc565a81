// SPDX-License-Identifier: MIT
#pragma once

#include "editorsection.h"
#include "palette.h"

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace interleave {

class ConnectionTestJob;
class Prompts;

// The editor's Database section: where the scenario runs (the embedded SQLite or a PostgreSQL / MySQL server), at
// which isolation level, SQLite's journal, BEGIN and busy timeout or the server's address and lock timeout, its
// password (kept in memory only) and a connection test.
class DatabaseSection : public EditorSection {
    Q_OBJECT
public:
    DatabaseSection(ScenarioEditModel* model, QWidget* parent);
    ~DatabaseSection() override;

    QWidget* widgetForField(const FieldPath& path) const override;
    void setColors(const Palette& palette); // the connection test's answer
    void testConnection();

    // Who asks for a server's password (the password button, a connection test): the window's prompts (not owned);
    // nullptr, the default, asks with a dialog of the section's own.
    void setPrompts(Prompts* prompts) { m_prompts = prompts; }

    QComboBox* backendCombo() const { return m_backendCombo; }
    QComboBox* isolationCombo() const { return m_isolationCombo; }
    QLineEdit* hostEdit() const { return m_hostEdit; }
    QSpinBox* portSpin() const { return m_portSpin; }
    QLineEdit* databaseEdit() const { return m_databaseEdit; }
    QLineEdit* userEdit() const { return m_userEdit; }
    QPushButton* testConnectionButton() const { return m_testButton; }
    QLabel* connectionLabel() const { return m_connectionLabel; }

Q_SIGNALS:
    void connectionTested(bool ok, const QString& text);

private:
    Prompts& prompts() const { return m_prompts ? *m_prompts : *m_ownPrompts; }
    void refresh() override;
    void editUrl(const QString& description,
        const std::function<void(QString& host, int& port, QString& database, QString& user)>& change,
        const QString& mergeKey);
    void setBackendKind(BackendSpec::Kind kind);
    void finishConnectionTest(bool ok, const QString& text);

    Palette m_colors;
    ConnectionTestJob* m_connectionTest = nullptr;
    bool m_askedPassword = false; // the test going has asked for the password once
    QComboBox* m_backendCombo = nullptr;
    QStackedWidget* m_databaseStack = nullptr;
    QWidget* m_sqlitePage = nullptr;
    QWidget* m_serverPage = nullptr;
    QComboBox* m_journalCombo = nullptr;
    QComboBox* m_beginCombo = nullptr;
    QSpinBox* m_busySpin = nullptr;
    QLineEdit* m_hostEdit = nullptr;
    QSpinBox* m_portSpin = nullptr;
    QLineEdit* m_databaseEdit = nullptr;
    QLineEdit* m_userEdit = nullptr;
    QSpinBox* m_lockTimeoutSpin = nullptr;
    QPushButton* m_passwordButton = nullptr;
    QPushButton* m_testButton = nullptr;
    QProgressBar* m_testBusy = nullptr;
    QLabel* m_connectionLabel = nullptr;
    std::unique_ptr<Prompts> m_ownPrompts;
    Prompts* m_prompts = nullptr;
    QComboBox* m_isolationCombo = nullptr;
};

} // namespace interleave
