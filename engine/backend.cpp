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

} // namespace interleave
