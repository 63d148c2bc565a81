// SPDX-License-Identifier: MIT
#pragma once

// A connection of the test's own to a test server (testdatabases.h), outside any run: for what a test prepares
// (a table of its own Interleave must leave alone) and inspects (what the server holds or is running) afterwards.

#include "serverconnection.h"
#include "serverurl.h"
#include "testdatabases.h"

namespace interleave::test {

struct DirectConnection {
    ServerConnection connection;
    ServerUrl url;
    bool ok = false;

    // `database` overrides the URL's, as ServerConnection::open does.
    explicit DirectConnection(BackendSpec::Kind kind, const QString& database = QString())
    {
        QString error;
        const auto parsed = ServerUrl::parse(serverUrl(kind), &error);
        if (parsed) {
            url = *parsed;
            ok = connection.open(url, database, &error);
        }
        if (!ok)
            qWarning("%s", qPrintable(error));
        else if (kind == BackendSpec::Kind::Postgresql)
            exec(QStringLiteral("SET client_min_messages TO warning")); // no NOTICEs about IF [NOT] EXISTS
    }
    StatementResult exec(const QString& sql, const QVariantList& params = {})
    {
        return connection.exec({ sql, params });
    }
};

} // namespace interleave::test
