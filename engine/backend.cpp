// SPDX-License-Identifier: MIT
#include "backend.h"

#include "sqlitebackend.h"

namespace interleave {

Backend::~Backend() = default;

std::unique_ptr<Backend> Backend::create(const BackendSpec& spec)
{
    switch (spec.kind) {
    case BackendSpec::Kind::Sqlite:
        return std::make_unique<SqliteBackend>(spec);
    case BackendSpec::Kind::Postgresql:
    case BackendSpec::Kind::Mysql:
        break;
    }
    return nullptr;
}

std::unique_ptr<Backend> Backend::prepare(const BackendSpec& spec, const TableSpec& table, QString* error)
{
    std::unique_ptr<Backend> backend = create(spec);
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

} // namespace interleave
