// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>

namespace interleave::test {

// How many threads of this process have a name starting with `prefix`, as /proc shows them (Linux keeps the first
// 15 characters of a thread's name; a new thread starts with its creator's name). The kernel removes a joined
// thread's entry a moment after the join returns: compare with QTRY_*.
inline int threadsNamed(const QByteArray& prefix)
{
    int n = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith(prefix))
            ++n;
    }
    return n;
}

} // namespace interleave::test
