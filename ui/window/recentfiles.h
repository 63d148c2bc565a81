// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace interleave {

// File → Open Recent: the last scenario files opened or saved, newest first, kept in QSettings.
class RecentFiles {
public:
    static constexpr int maxFiles = 8;
    static QStringList files();
    static void add(const QString& path);
    static void remove(const QString& path);
    static void clear();
    // Drops the files that no longer exist; returns the ones dropped.
    static QStringList pruneMissing();
};

} // namespace interleave
