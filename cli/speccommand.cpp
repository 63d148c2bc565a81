// SPDX-License-Identifier: MIT
#include "speccommand.h"

#include "commandline.h"
#include "oneline.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace interleave::SpecCommand {

bool isSpec(const QString& reference)
{
    return reference.endsWith(u".spec"_s, Qt::CaseInsensitive);
}

std::variant<IsolationImport::Result, InputError> load(const QString& path)
{
    ScenarioError error;
    const auto spec = IsolationSpec::load(path, &error);
    if (!spec)
        return InputError { error.toString() + u'\n' };
    auto imported = IsolationImport::toScenarios(*spec, &error);
    if (!imported)
        return InputError { error.toString() + u'\n' };
    return std::move(*imported);
}

QString header(const IsolationImport::Imported& imported)
{
    if (imported.permutation.isEmpty())
        return u"starting permutations: every interleaving of the steps (explore)\n"_s;
    return u"starting permutation: "_s + oneLine(imported.permutation) + u'\n';
}

QString importHelp()
{
    return u"Usage: interleave import FILE.spec [--output FILE|DIR]\n"
           "Turns a PostgreSQL isolation spec (isolationtester's .spec) into scenarios: one per permutation line,\n"
           "run in exactly that order (script mode); with no permutation line, one that explores every\n"
           "interleaving. What is supported and refused: docs/guide/isolation-specs.md.\n"
           "\n"
           "  --output FILE|DIR    write the scenario to FILE, or each permutation's to DIR/NAME-N.json (a\n"
           "                       directory is needed when the spec has several permutations); without it\n"
           "                       the one scenario is printed\n"
           "  --help, -h           print this help\n"
           "\n"
           "A note for each permutation, and for what was mapped, goes to stderr. Exit status: 0 imported,\n"
           "2 the spec is refused (the message names the file, line and column) or could not be written.\n"_s;
}

namespace {

bool write(const QString& path, const QByteArray& json, QTextStream& err)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        err << u"interleave import: cannot write "_s << oneLine(path) << u": "_s << oneLine(file.errorString())
            << u'\n';
        return false;
    }
    return true;
}

} // namespace

int importCommand(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QString reference;
    std::optional<QString> output;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments.at(i);
        if (a == u"--output"_s || a == u"-o"_s) {
            if (i + 1 >= arguments.size() || output) {
                err << u"interleave import: --output takes one FILE or DIR\n"_s;
                return CommandLine::BadInput;
            }
            output = arguments.at(++i);
        } else if (a.startsWith(u"--output="_s)) {
            if (output) {
                err << u"interleave import: --output takes one FILE or DIR\n"_s;
                return CommandLine::BadInput;
            }
            output = a.mid(9);
        } else if (a.startsWith(u'-') && a.size() > 1) {
            err << u"interleave import: unknown option \"%1\"\n\n"_s.arg(oneLine(a)) << importHelp();
            return CommandLine::BadInput;
        } else if (!reference.isEmpty()) {
            err << u"interleave import: one spec at a time (got \"%1\" and \"%2\")\n"_s.arg(
                oneLine(reference), oneLine(a));
            return CommandLine::BadInput;
        } else {
            reference = a;
        }
    }
    if (reference.isEmpty()) {
        err << u"interleave import: which spec? interleave import FILE.spec\n\n"_s << importHelp();
        return CommandLine::BadInput;
    }
    if (output && output->isEmpty()) {
        err << u"interleave import: --output needs a FILE or DIR\n"_s;
        return CommandLine::BadInput;
    }
    const auto loaded = load(reference);
    if (const auto* error = std::get_if<InputError>(&loaded)) {
        err << error->text;
        return CommandLine::BadInput;
    }
    const IsolationImport::Result& result = std::get<IsolationImport::Result>(loaded);
    for (const QString& note : result.notes)
        err << u"note: "_s << oneLine(note) << u'\n';
    const qsizetype count = result.scenarios.size();
    const QString base = QFileInfo(reference).completeBaseName();
    const bool toDirectory = output && (QFileInfo(*output).isDir() || output->endsWith(u'/'));
    if (count > 1 && !toDirectory) {
        err << u"interleave import: %1 has %2 permutations, a scenario each: name a directory with --output DIR"
               "%3\n"_s.arg(oneLine(reference))
                   .arg(count)
                   .arg(output ? u" (\"%1\" is not one)"_s.arg(oneLine(*output)) : QString());
        return CommandLine::BadInput;
    }
    if (toDirectory && !QDir().mkpath(*output)) {
        err << u"interleave import: cannot create the directory "_s << oneLine(*output) << u'\n';
        return CommandLine::BadInput;
    }
    for (qsizetype n = 0; n < count; ++n) {
        const IsolationImport::Imported& imported = result.scenarios.at(n);
        const QByteArray json = imported.scenario.toJson();
        QString where = u"stdout"_s;
        if (toDirectory) {
            where = QDir(*output).filePath(count > 1 ? u"%1-%2.json"_s.arg(base).arg(n + 1) : base + u".json"_s);
        } else if (output) {
            where = *output;
        }
        if (where == u"stdout"_s) {
            out << QString::fromUtf8(json);
            out.flush();
        } else if (!write(where, json, err)) {
            return CommandLine::BadInput;
        }
        err << u"note: "_s
            << (imported.permutation.isEmpty() ? u"every interleaving (explore mode, no permutation line)"_s
                                               : u"permutation %1: %2"_s.arg(n + 1).arg(oneLine(imported.permutation)))
            << (where == u"stdout"_s ? QString() : u" -> "_s + oneLine(where)) << u'\n';
    }
    return CommandLine::Completed;
}

} // namespace interleave::SpecCommand
