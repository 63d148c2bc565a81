// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"

namespace interleave {

// What each database's documentation says every cell of the matrix does: the published Hermitage results
// (github.com/ept/hermitage: postgres.md, mysql.md), PostgreSQL's manual (13.2 Transaction Isolation), MariaDB's
// (SET TRANSACTION, InnoDB's innodb_snapshot_isolation) and SQLite's (isolation.html, lockingv3.html, wal.html),
// for the scenario as the matrix runs it. One place, so a measured cell that departs is flagged against it.
namespace MatrixDocumented {

struct Entry {
    CellOutcome outcome = CellOutcome::Prevented;
    QString note; // the source, and how the documentation says it comes about
};

// The documented cell of the row (MatrixRow::id) in the column, with what the column knows of its server
// (MatrixColumn::settings: MariaDB's innodb_snapshot_isolation=ON); nullopt when nothing is published.
std::optional<Entry> of(const QString& row, const MatrixColumn& column);

// Sets the cell's `documented` and `documentedNote` from of().
void apply(MatrixCell& cell, const QString& row, const MatrixColumn& column);

} // namespace MatrixDocumented

} // namespace interleave
