// SPDX-License-Identifier: MIT
#include "connectiontestjob.h"

#include "serverconnection.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace interleave {

ConnectionTestJob::ConnectionTestJob(QObject* parent)
    : QObject(parent)
    , m_tracker(this, u"interleave-test"_s)
{
}

ConnectionTestJob::~ConnectionTestJob() = default;

quint64 ConnectionTestJob::start(const ServerUrl& url)
{
    // No cancel: a connection attempt cannot be interrupted, it ends by itself within its timeout.
    return m_tracker.start(
        [url](const JobTracker::Post&) {
            QString error;
            const auto version = ServerConnection::serverVersion(url, &error);
            return version ? std::pair(true, *version) : std::pair(false, error);
        },
        [this](const std::pair<bool, QString>& answer) { Q_EMIT finished(answer.first, answer.second); });
}

void ConnectionTestJob::discard()
{
    m_tracker.discard();
}

} // namespace interleave
