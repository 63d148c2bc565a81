// SPDX-License-Identifier: MIT
#pragma once

#include "isolationimport.h"
#include "runoptions.h"

#include <QStringList>
#include <QTextStream>
#include <variant>

namespace interleave {

// PostgreSQL isolation specs on the command line (docs/guide/isolation-specs.md): `interleave import FILE.spec`
// writes the scenarios IsolationImport makes of one; `interleave run FILE.spec` (commandline.cpp) runs them.
namespace SpecCommand {

// Whether a run's or an import's reference is an isolation spec: a file whose name ends in .spec.
bool isSpec(const QString& reference);

// The spec's scenarios, or the message (file:line:column) that refuses it, for stderr.
std::variant<IsolationImport::Result, InputError> load(const QString& path);

// What `run` prints before each permutation's report: isolationtester's own header.
QString header(const IsolationImport::Imported& imported);

// `interleave import FILE.spec [--output FILE|DIR]`; `arguments` are those after `import`.
int importCommand(const QStringList& arguments, QTextStream& out, QTextStream& err);
QString importHelp();

} // namespace SpecCommand

} // namespace interleave
