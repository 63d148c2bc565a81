// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace interleave {

// A lesson: the examples a teacher shows, in order, each with its schedule mode, what to say and the question to
// ask (docs/guide/lesson-format.md). The window's lesson player steps through the items; this reads and checks the
// file, without widgets. A lesson file is untrusted input: it names no server (the window's connection is used) and
// runs no SQL of its own; a scenario it names is read with Scenario::load, as File → Open reads it.
struct Lesson {
    struct Item {
        QString example; // a built-in example's id ("race-unique"), or empty when `scenarioPath` is set
        QString scenarioPath; // an absolute path to a scenario file (relative in the file: to the lesson's folder)
        ScheduleSpec::Mode mode = ScheduleSpec::Mode::Free;
        // "sqlite", "postgresql" or "mysql"; empty: the scenario's own. The server's URL is never the file's.
        std::optional<BackendSpec::Kind> backend;
        QStringList script; // script mode only; empty: the scenario's own
        QString say; // what the teacher says before the item
        QString ask; // the question for the class (presenter mode shows it)
        int minutes = 0; // 0: not given
        // "race-unique" or the scenario file's name: how the item is named in the window.
        QString label() const;
    };

    QString title;
    QList<Item> items;

    // `path`, or "lesson:NAME" for a lesson built into Interleave (resources/lessons/NAME.json). nullopt with *error
    // (file, line, the field such as items[2].mode, and why) when the file breaks a rule of the format.
    static std::optional<Lesson> read(const QString& path, ScenarioError* error);
    // The same from the text of a lesson file; `path` names it in messages and anchors relative scenario paths.
    static std::optional<Lesson> fromJson(const QByteArray& json, const QString& path, ScenarioError* error);
    // ":/lessons/NAME.json" for "lesson:NAME"; `reference` itself otherwise.
    static QString resolve(const QString& reference);
    static QStringList builtIn(); // the names of the lessons built into Interleave
};

} // namespace interleave
