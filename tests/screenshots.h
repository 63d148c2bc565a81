// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QWidget>
#include <QtTest>

// A picture of `widget` in $INTERLEAVE_SCREENSHOT_DIR (nothing without it), for people to look at (STYLE.md: a GUI
// change is looked at), never compared.
inline void screenshot(QWidget& widget, const QString& name)
{
    using namespace Qt::StringLiterals;
    const QString dir = qEnvironmentVariable("INTERLEAVE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name + u".png"_s);
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}
