// SPDX-License-Identifier: MIT
#include "backgroundjob.h"

namespace interleave {

BackgroundJob::BackgroundJob(QObject* parent, QString threadName)
    : QObject(parent)
    , m_tracker(this, std::move(threadName))
{
}

BackgroundJob::~BackgroundJob() = default;

void BackgroundJob::cancel()
{
    m_tracker.cancel();
}

void BackgroundJob::discard()
{
    if (m_tracker.discard())
        Q_EMIT runningChanged(false);
}

} // namespace interleave
