// SPDX-License-Identifier: MIT
#include "recentfiles.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

const QString key = u"recentFiles"_s;

void store(const QStringList& files)
{
    QSettings().setValue(key, files);
}

} // namespace

QStringList RecentFiles::files()
{
    return QSettings().value(key).toStringList().mid(0, maxFiles);
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    store(list.mid(0, maxFiles));
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = files();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

QStringList RecentFiles::pruneMissing()
{
    QStringList kept;
    QStringList missing;
    for (const QString& file : files())
        (QFileInfo::exists(file) ? kept : missing).append(file);
    if (!missing.isEmpty())
        store(kept);
    return missing;
}

} // namespace interleave
