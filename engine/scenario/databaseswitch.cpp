// SPDX-License-Identifier: MIT
#include "databaseswitch.h"

#include "isolationlevel.h"
#include "oneline.h"
#include "serverurl.h"

using namespace Qt::StringLiterals;

namespace interleave {

QString DatabaseSwitch::writtenForNote(const Scenario& scenario, const QString& reference)
{
    const QString kind = BackendSpec::kindName(scenario.backend.kind);
    if (scenario.databases.isEmpty() || scenario.databases.contains(kind))
        return {};
    return u"%1 is written for %2; on %3 it may not show what its description promises"_s.arg(
        reference, scenario.databases.join(u" or "_s), kind);
}

Scenario DatabaseSwitch::switchedTo(const Scenario& scenario, BackendSpec::Kind kind)
{
    Scenario s = scenario;
    const BackendSpec::Kind was = s.backend.kind;
    s.backend.kind = kind;
    if (kind == BackendSpec::Kind::Sqlite) {
        s.backend.url.clear();
        s.backend.lockTimeoutMs = 0;
    } else if (kind != was) {
        auto url = ServerUrl::parse(s.backend.url, nullptr);
        if (url) {
            url->kind = kind == BackendSpec::Kind::Mysql ? ServerUrl::Kind::Mysql : ServerUrl::Kind::Postgresql;
            url->port = 0; // the other server's default port
        }
        s.backend.url = url ? url->toString() : QString();
    }
    const IsolationLevel level = isolationOf(s);
    if (isolationOn(level, kind) != level)
        s.isolation = isolationName(isolationOn(level, kind));
    return s;
}

QString DatabaseSwitch::unsupportedReason(const TableSpec& table, BackendSpec::Kind kind)
{
    if (kind == BackendSpec::Kind::Mysql)
        for (const ConstraintSpec& c : table.constraints)
            if (!c.where.isEmpty())
                return u"MySQL and MariaDB have no partial unique indexes (\"where\": \"%1\"); run this scenario on "
                       "PostgreSQL or SQLite"_s.arg(oneLine(c.where));
    return {};
}

QString DatabaseSwitch::unsupportedReason(const Scenario& scenario, BackendSpec::Kind kind)
{
    if (QString table = unsupportedReason(scenario.table, kind); !table.isEmpty())
        return table;
    const auto error = switchedTo(scenario, kind).validate();
    return error ? error->toString() : QString();
}

DatabaseSwitch DatabaseSwitch::apply(const Scenario& scenario, const BackendSpec& target, const QString& reference)
{
    DatabaseSwitch out;
    out.scenario = switchedTo(scenario, target.kind);
    Scenario& s = out.scenario;
    const BackendSpec written = scenario.backend;
    const QString there = BackendSpec::displayName(target.kind);
    // SQLite on SQLite keeps the file's SQLite settings: --backend sqlite names the embedded database, not new
    // settings for it.
    if (target.isServer() || written.isServer()) {
        s.backend = target;
        s.backend.replyTimeoutMs = written.replyTimeoutMs;
        if (target.isServer() && written.isServer()) {
            s.backend.lockTimeoutMs = written.lockTimeoutMs; // both servers have one
        } else if (target.isServer()) {
            const BackendSpec sqlite;
            if (written.journalMode != sqlite.journalMode)
                out.notes.append(u"journal_mode \"%1\" is SQLite's; %2 has no journal mode to set"_s.arg(
                    written.journalMode, there));
            if (written.beginMode != sqlite.beginMode)
                out.notes.append(u"begin \"%1\" is SQLite's (BEGIN IMMEDIATE takes the write lock at once); %2 begins "
                                 "its transactions as Django does"_s.arg(written.beginMode, there));
            if (written.busyTimeoutMs != sqlite.busyTimeoutMs)
                out.notes.append(u"busy_timeout_ms %1 is SQLite's; %2 waits for a lock as long as its own lock "
                                 "timeout (lock_timeout_ms in a file for the server)"_s.arg(written.busyTimeoutMs)
                                     .arg(there));
        } else if (written.lockTimeoutMs > 0) {
            out.notes.append(u"lock_timeout_ms %1 is a server's; SQLite waits for a lock up to its busy_timeout_ms "
                             "(%2 ms)"_s.arg(written.lockTimeoutMs)
                                 .arg(s.backend.busyTimeoutMs));
        }
    }
    // SQLite has one level: what it runs is serializable, whatever the file asked a server for.
    if (s.isolation != scenario.isolation)
        out.notes.append(
            u"isolation \"%1\" is a server's; SQLite runs every transaction serializable"_s.arg(scenario.isolation));
    const QString writtenFor = writtenForNote(s, reference);
    if (!writtenFor.isEmpty())
        out.notes.append(writtenFor);
    // What has no fallback: a statement in another database's dialect (validate() checks literal SQL for the
    // scenario's database), refused with its field.
    out.error = s.validate();
    return out;
}

} // namespace interleave
