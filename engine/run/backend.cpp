// SPDX-License-Identifier: MIT
#include "backend.h"

#include "literalsql.h"
#include "remotebackend.h"
#include "sqlitebackend.h"

namespace interleave {

Backend::~Backend() = default;

std::unique_ptr<Backend> Backend::create(
    const BackendSpec& spec, const QString& isolation, const std::shared_ptr<SocketGroup>& group)
{
    switch (spec.kind) {
    case BackendSpec::Kind::Sqlite:
        return std::make_unique<SqliteBackend>(spec);
    case BackendSpec::Kind::Postgresql:
    case BackendSpec::Kind::Mysql:
        return std::make_unique<RemoteBackend>(spec, isolation, group);
    }
    return nullptr;
}

std::unique_ptr<Backend> Backend::prepare(
    const Scenario& scenario, QString* error, const std::shared_ptr<SocketGroup>& group)
{
    const BackendSpec& spec = scenario.backend;
    const TableSpec& table = scenario.table;
    // The scenario was checked when it was loaded, but perhaps for another database, or built in code.
    if (const auto problem = LiteralSql::checkScenario(scenario, spec.kind)) {
        *error = QStringLiteral("%1: %2").arg(problem->field, problem->problem.message);
        return nullptr;
    }
    std::unique_ptr<Backend> backend = create(spec, scenario.isolation, group);
    if (!backend) {
        *error =
            QStringLiteral("the %1 backend is not available in this version").arg(BackendSpec::kindName(spec.kind));
        return nullptr;
    }
    QString why;
    if (!backend->setUp(table, &why)) {
        *error = QStringLiteral("setting up table \"%1\" failed: %2").arg(table.name, why);
        return nullptr;
    }
    return backend;
}

QString Backend::tableTooLarge(const StatementResult& read)
{
    return QStringLiteral("the table ended with %1 rows; a run keeps at most %2, so it cannot judge the outcome")
        .arg(read.rowCount())
        .arg(RowCollector::tableRows);
}

} // namespace interleave
