// SPDX-License-Identifier: MIT
#include "connectiontestjob.h"

#include "serverconnection.h"

#include <QStringList>

#include <algorithm>
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

bool ConnectionTestJob::refusedForPassword(const QString& error)
{
    // The drivers' words (Qt's QPSQL and QMYSQL pass the server's message through, without its code).
    static const QStringList refusals { u"no password supplied"_s, u"password authentication failed"_s,
        u"Access denied for user"_s, u"28P01"_s, u"1045"_s };
    return std::any_of(refusals.cbegin(), refusals.cend(),
        [&](const QString& refusal) { return error.contains(refusal, Qt::CaseInsensitive); });
}

void ConnectionTestJob::discard()
{
    m_tracker.discard();
}

} // namespace interleave
