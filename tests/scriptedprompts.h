// SPDX-License-Identifier: MIT
#pragma once

#include "prompts.h"

#include <QStringList>

#include <functional>
#include <memory>

namespace interleave::test {

// Prompts whose answers a test writes: a question without an answer is answered "no" (cancelled, declined, not
// replaced), as a person who closes every dialog would.
struct ScriptedPrompts : Prompts {
    std::function<std::optional<QString>(const QString& url)> askPassword;
    std::function<bool(const QString& url)> confirmServer;
    std::function<bool(const QString& url, const QStringList& statements)> confirmLiteralSql;
    std::function<UnsavedAnswer(const QString& name)> askUnsaved;
    std::function<QString(const QString& suggestion)> askSavePath;
    std::function<QString(const QString& suggestion)> askTracePath;
    std::function<bool(const QString& path)> confirmOverwrite;

    std::optional<QString> password(const QString& url) override
    {
        return askPassword ? askPassword(url) : std::nullopt;
    }
    bool runOnServer(const QString& url) override { return confirmServer && confirmServer(url); }
    bool runLiteralSql(const QString& url, const QStringList& statements) override
    {
        return confirmLiteralSql && confirmLiteralSql(url, statements);
    }
    UnsavedAnswer unsavedChanges(const QString& name) override
    {
        return askUnsaved ? askUnsaved(name) : UnsavedAnswer::Cancel;
    }
    QString savePath(const QString& suggestion) override { return askSavePath ? askSavePath(suggestion) : QString(); }
    QString tracePath(const QString& suggestion) override
    {
        return askTracePath ? askTracePath(suggestion) : QString();
    }
    bool replaceFile(const QString& path) override { return confirmOverwrite && confirmOverwrite(path); }

    // Every question is written into *asked (a few words and what it is about) and answered "no": for a test in
    // which nothing may ask, which then checks that *asked stayed empty.
    void recordEveryQuestion(QStringList* asked)
    {
        askPassword = [asked](const QString& url) -> std::optional<QString> {
            asked->append(QStringLiteral("password for ") + url);
            return std::nullopt;
        };
        confirmServer = [asked](const QString& url) {
            asked->append(QStringLiteral("run on ") + url);
            return false;
        };
        confirmLiteralSql = [asked](const QString& url, const QStringList&) {
            asked->append(QStringLiteral("literal SQL on ") + url);
            return false;
        };
        askUnsaved = [asked](const QString& name) {
            asked->append(QStringLiteral("save changes to ") + name);
            return UnsavedAnswer::Cancel;
        };
        askSavePath = [asked](const QString& suggestion) {
            asked->append(QStringLiteral("save as ") + suggestion);
            return QString();
        };
        askTracePath = [asked](const QString& suggestion) {
            asked->append(QStringLiteral("trace as ") + suggestion);
            return QString();
        };
        confirmOverwrite = [asked](const QString& path) {
            asked->append(QStringLiteral("replace ") + path);
            return false;
        };
    }

    // The scripted prompts of `window` (a MainWindow, which owns them): installed in place of its dialogs on the
    // first call, the same object on every later one, so a test can write its answers one by one.
    template<typename Window>
    static ScriptedPrompts& of(Window& window)
    {
        if (auto* scripted = dynamic_cast<ScriptedPrompts*>(&window.prompts()))
            return *scripted;
        auto prompts = std::make_unique<ScriptedPrompts>();
        ScriptedPrompts& installed = *prompts;
        window.setPrompts(std::move(prompts));
        return installed;
    }
};

} // namespace interleave::test
