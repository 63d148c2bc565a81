// SPDX-License-Identifier: MIT
#pragma once

// The three databases every backend test runs on: the embedded SQLite, and the throw-away PostgreSQL and MariaDB
// servers `make test` starts (scripts/test-servers.sh), found through INTERLEAVE_TEST_PG_URL and
// INTERLEAVE_TEST_MYSQL_URL. Data-driven tests add one row per database; a test on a database whose server is
// not there skips with a message saying how to get it, never passes silently, and under `make test`
// (INTERLEAVE_REQUIRE_SERVERS, set by scripts/run-tests.sh) it fails: there the servers must be up.

#include "scenario.h"

#include <QTest>

namespace interleave::test {

inline QString serverUrl(BackendSpec::Kind kind)
{
    switch (kind) {
    case BackendSpec::Kind::Postgresql:
        return qEnvironmentVariable("INTERLEAVE_TEST_PG_URL");
    case BackendSpec::Kind::Mysql:
        return qEnvironmentVariable("INTERLEAVE_TEST_MYSQL_URL");
    case BackendSpec::Kind::Sqlite:
        break;
    }
    return {};
}

// Adds the column "database" (BackendSpec::Kind as int); call from a _data() function after any other columns.
inline void addDatabaseColumn()
{
    QTest::addColumn<int>("database");
}

inline QList<BackendSpec::Kind> allDatabases()
{
    return { BackendSpec::Kind::Sqlite, BackendSpec::Kind::Postgresql, BackendSpec::Kind::Mysql };
}

// The scenario moved onto `kind` (its table, workers and schedule unchanged). Skips the calling test when the
// server is missing: use through REQUIRE_DATABASE, which skips the test function.
inline std::optional<Scenario> onDatabase(Scenario s, BackendSpec::Kind kind, QString* skip)
{
    if (kind == BackendSpec::Kind::Sqlite) {
        if (s.backend.isServer())
            s.backend = BackendSpec();
        return s;
    }
    const QString url = serverUrl(kind);
    if (url.isEmpty()) {
        *skip = QStringLiteral("no %1 test server: run `make test`, or export INTERLEAVE_TEST_%2_URL (see "
                               "scripts/test-servers.sh)")
                    .arg(BackendSpec::kindName(kind),
                        kind == BackendSpec::Kind::Postgresql ? QStringLiteral("PG") : QStringLiteral("MYSQL"));
        return std::nullopt;
    }
    const auto spec = BackendSpec::fromCommandLine(url, skip);
    if (!spec)
        qFatal("bad test server URL %s: %s", qPrintable(url), qPrintable(*skip));
    const BackendSpec written = s.backend;
    s.backend = *spec;
    s.backend.lockTimeoutMs = written.lockTimeoutMs;
    s.backend.replyTimeoutMs = written.replyTimeoutMs;
    return s;
}

} // namespace interleave::test

// Inside a test function: `REQUIRE_SERVER_URL(url, kind);` declares `url`, the test server's, or skips when it is
// missing (fails under INTERLEAVE_REQUIRE_SERVERS).
#define REQUIRE_SERVER_URL(var, kind)                                                                                  \
    const QString var = interleave::test::serverUrl(kind);                                                             \
    do {                                                                                                               \
        if (var.isEmpty() && qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))                                  \
            QFAIL("no test server");                                                                                   \
        if (var.isEmpty())                                                                                             \
            QSKIP("no test server: run `make test`, or see scripts/test-servers.sh");                                  \
    } while (false)

// Inside a test function: `REQUIRE_DATABASE(s, scenario, kind);` declares `s`, or skips when the server is missing.
#define REQUIRE_DATABASE(var, scenario, kind)                                                                          \
    interleave::Scenario var;                                                                                          \
    do {                                                                                                               \
        QString skip_;                                                                                                 \
        auto moved_ = interleave::test::onDatabase((scenario), (kind), &skip_);                                        \
        if (!moved_ && qEnvironmentVariableIsSet("INTERLEAVE_REQUIRE_SERVERS"))                                        \
            QFAIL(qPrintable(skip_));                                                                                  \
        if (!moved_)                                                                                                   \
            QSKIP(qPrintable(skip_));                                                                                  \
        var = *moved_;                                                                                                 \
    } while (false)
