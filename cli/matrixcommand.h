// SPDX-License-Identifier: MIT
#pragma once

#include "matrix.h"

#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace interleave {

// `interleave matrix [--backend URL]... [--json|--markdown|--html] [--rows ID,ID]`: the isolation lab's matrix
// (MatrixRunner) on SQLite and each server given, printed as an aligned table, a JSON report, or a course page in
// Markdown or HTML. Exit status: 0 every cell ran, 2 bad input, 3 some cell could not run (a server unreachable, a
// run incomplete).
namespace MatrixCommand {

int run(const QStringList& arguments, QTextStream& out, QTextStream& err);
QString help(); // `interleave matrix --help`
QString options(); // the options' lines, for the whole usage

// The four forms, from a finished (or cancelled) matrix.
QString text(const MatrixResult& result);
QJsonObject json(const MatrixResult& result);
QString markdown(const MatrixResult& result);
QString html(const MatrixResult& result);
// What a cell says in Markdown and HTML: "occurred: G-single", "prevented by abort (40001)", "prevented".
QString cellText(const MatrixCell& cell);

} // namespace MatrixCommand

} // namespace interleave
