// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QString>
#include <QStringList>
#include <optional>

class QWidget;

namespace interleave {

// Every question the window and its parts ask the person at the keyboard, in one place: the window owns one and
// hands it to the parts that ask (the scenario editor, the export dialog); tests replace that one object with
// answers of their own (tests/scriptedprompts.h).
class Prompts {
public:
    enum class UnsavedAnswer { Save, Discard, Cancel };

    virtual ~Prompts() = default;
    // A server's password, kept in memory only. nullopt: the user cancelled.
    virtual std::optional<QString> password(const QString& url) = 0;
    // Whether to run on a server that a scenario file, not the user, named.
    virtual bool runOnServer(const QString& url) = 0;
    // Shows a scenario's literal SQL ("A: SELECT ...") and asks whether it may run on that server.
    virtual bool runLiteralSql(const QString& url, const QStringList& statements) = 0;
    // What to do with unsaved edits of `name` before they would be lost.
    virtual UnsavedAnswer unsavedChanges(const QString& name) = 0;
    // Where to save the scenario; empty: cancelled.
    virtual QString savePath(const QString& suggestion) = 0;
    // Where to write File → Export Trace…; empty: cancelled.
    virtual QString tracePath(const QString& suggestion) = 0;
    // Whether Export Timeline may replace a file that was typed rather than chosen in a file dialog.
    virtual bool replaceFile(const QString& path) = 0;
};

// A warning over `parent` that does not wait for its OK: not exec(), whose modal loop would stall a test or a
// command-line driven window. Not a question, so not one of the Prompts.
void showWarning(QWidget* parent, const QString& title, const QString& text);

// The questions as dialogs over `parent`.
class DialogPrompts : public Prompts {
public:
    explicit DialogPrompts(QWidget* parent);
    std::optional<QString> password(const QString& url) override;
    bool runOnServer(const QString& url) override;
    bool runLiteralSql(const QString& url, const QStringList& statements) override;
    UnsavedAnswer unsavedChanges(const QString& name) override;
    QString savePath(const QString& suggestion) override;
    QString tracePath(const QString& suggestion) override;
    bool replaceFile(const QString& path) override;

private:
    QPointer<QWidget> m_parent;
};

} // namespace interleave
