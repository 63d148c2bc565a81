// SPDX-License-Identifier: MIT
#include "prompts.h"

#include "oneline.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

void showWarning(QWidget* parent, const QString& title, const QString& text)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

DialogPrompts::DialogPrompts(QWidget* parent)
    : m_parent(parent)
{
}

std::optional<QString> DialogPrompts::password(const QString& url)
{
    bool ok = false;
    const QString password = QInputDialog::getText(m_parent, u"Password"_s,
        u"Password for %1\n(kept in memory until Interleave quits; never written anywhere)"_s.arg(url),
        QLineEdit::Password, QString(), &ok);
    return ok ? std::optional(password) : std::nullopt;
}

bool DialogPrompts::runOnServer(const QString& url)
{
    return QMessageBox::question(m_parent, u"Run on a server?"_s,
               u"This scenario file connects to\n%1\nand runs its statements there with your login. Run it?"_s.arg(url))
        == QMessageBox::Yes;
}

bool DialogPrompts::runLiteralSql(const QString& url, const QStringList& statements)
{
    // A file's literal SQL is code: before it first runs on a server the window shows every statement and asks.
    QDialog dialog(m_parent);
    dialog.setWindowTitle(u"Run this scenario's own SQL?"_s);
    auto* layout = new QVBoxLayout(&dialog);
    auto* text = new QLabel(
        u"<p>This scenario runs <b>%1 statements of its own</b> on <b>%2</b>, with your login. "
        "Read them before you let them run: a scenario file from someone else is code.</p>"
        "<p>Interleave refuses statements that change the schema or the server's settings, or "
        "name anything but the scenario's table; what remains reads and writes that table.</p>"_s.arg(statements.size())
            .arg(url.toHtmlEscaped()),
        &dialog);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* list = new QPlainTextEdit(&dialog);
    list->setReadOnly(true);
    list->setLineWrapMode(QPlainTextEdit::NoWrap);
    list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QStringList lines;
    for (const QString& statement : statements)
        lines.append(oneLine(statement));
    list->setPlainText(lines.join(u'\n'));
    list->setObjectName(u"literalSqlStatements"_s);
    layout->addWidget(list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    buttons->addButton(u"Run These Statements"_s, QDialogButtonBox::AcceptRole);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    dialog.resize(720, 420);
    return dialog.exec() == QDialog::Accepted;
}

Prompts::UnsavedAnswer DialogPrompts::unsavedChanges(const QString& name)
{
    QMessageBox box(QMessageBox::Warning, u"Unsaved changes"_s, u"“%1” has changes that are not saved."_s.arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_parent);
    box.setInformativeText(u"Save them before going on?"_s);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedAnswer::Save;
    case QMessageBox::Discard:
        return UnsavedAnswer::Discard;
    default:
        return UnsavedAnswer::Cancel;
    }
}

QString DialogPrompts::savePath(const QString& suggestion)
{
    return QFileDialog::getSaveFileName(
        m_parent, u"Save scenario"_s, suggestion, u"Scenarios (*.json);;All files (*)"_s);
}

QString DialogPrompts::tracePath(const QString& suggestion)
{
    return QFileDialog::getSaveFileName(
        m_parent, u"Export Trace"_s, suggestion, u"Chrome traces (*.json);;All files (*)"_s);
}

bool DialogPrompts::replaceFile(const QString& path)
{
    return QMessageBox::question(m_parent, u"Export Timeline"_s,
               u"%1 already exists. Replace it?"_s.arg(QDir::toNativeSeparators(path)),
               QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

} // namespace interleave
