// SPDX-License-Identifier: MIT
#include "arguments.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

using Option = Arguments::Option;

enum class Whose { Run, Window, Both };

struct Declaration {
    Option option;
    QString name; // the long name: `--name`
    QString valueName; // empty for a flag
    Whose whose;
};

const QList<Declaration>& declarations()
{
    static const QList<Declaration> all {
        { Option::Backend, u"backend"_s, u"URL"_s, Whose::Both },
        { Option::Isolation, u"isolation"_s, u"LEVEL"_s, Whose::Run },
        { Option::Schedule, u"schedule"_s, u"A,B,A,B"_s, Whose::Run },
        { Option::Free, u"free"_s, QString(), Whose::Run },
        { Option::Jitter, u"jitter"_s, u"US"_s, Whose::Run },
        { Option::Trials, u"trials"_s, u"N"_s, Whose::Run },
        { Option::Workers, u"workers"_s, u"K"_s, Whose::Run },
        { Option::Explore, u"explore"_s, QString(), Whose::Run },
        { Option::MaxSchedules, u"max-schedules"_s, u"N"_s, Whose::Run },
        { Option::NoReduction, u"no-reduction"_s, QString(), Whose::Run },
        { Option::Json, u"json"_s, QString(), Whose::Run },
        { Option::Format, u"format"_s, u"FORMAT"_s, Whose::Run },
        { Option::ImageOut, u"image-out"_s, u"FILE"_s, Whose::Run },
        { Option::ImageWidth, u"image-width"_s, u"PX"_s, Whose::Run },
        { Option::ImageTheme, u"image-theme"_s, u"THEME"_s, Whose::Run },
        { Option::ImageAnomaly, u"image-anomaly"_s, u"N"_s, Whose::Run },
        { Option::TraceOut, u"trace-out"_s, u"FILE"_s, Whose::Run },
        { Option::Check, u"check"_s, QString(), Whose::Run },
        { Option::AllowSql, u"allow-sql"_s, QString(), Whose::Run },
        { Option::Mode, u"mode"_s, u"MODE"_s, Whose::Window },
        { Option::Screenshot, u"screenshot"_s, u"FILE"_s, Whose::Window },
        { Option::WindowSize, u"window-size"_s, u"WxH"_s, Whose::Window },
        { Option::Presenter, u"presenter"_s, QString(), Whose::Window },
        { Option::Lesson, u"lesson"_s, u"FILE"_s, Whose::Window },
        { Option::Lab, u"lab"_s, QString(), Whose::Window },
    };
    return all;
}

// A flag that may be given a value, as `--name=value` only: --check, --check=duplicates.
bool takesOptionalValue(Option option)
{
    return option == Option::Check;
}

const QCommandLineOption& helpOption()
{
    static const QCommandLineOption help(QStringList { u"help"_s, u"h"_s });
    return help;
}

const QCommandLineOption& versionOption()
{
    static const QCommandLineOption version(QStringList { u"version"_s, u"v"_s });
    return version;
}

bool spells(const QCommandLineOption& option, const QString& argument)
{
    const QStringList names = option.names();
    return std::any_of(names.cbegin(), names.cend(),
        [&](const QString& name) { return argument == (name.size() == 1 ? u"-"_s : u"--"_s) + name; });
}

const Declaration* find(const QList<Declaration>& declared, const QString& name)
{
    const auto it =
        std::find_if(declared.cbegin(), declared.cend(), [&](const Declaration& d) { return d.name == name; });
    return it == declared.cend() ? nullptr : &*it;
}

// The first argument that starts like an option but is not one as interleave spells them (`--name`, and
// `--name=value` or `--name value` for one that takes a value), as typed. A value an option took ("--jitter -5",
// "--schedule --") is not one.
QString firstUnknown(const QStringList& arguments, const QList<Declaration>& declared, QStringList taken)
{
    for (const QString& a : arguments) {
        if (!a.startsWith(u'-') || a == u"-"_s || taken.removeOne(a))
            continue;
        const QString name = a.mid(2).section(u'=', 0, 0);
        const Declaration* declaration = find(declared, name);
        const bool spelt =
            a.startsWith(u"--"_s) && declaration && (a.size() == name.size() + 2 || !declaration->valueName.isEmpty());
        if (!spelt)
            return a;
    }
    return {};
}

} // namespace

Arguments Arguments::read(const QStringList& arguments, Command command)
{
    QList<Declaration> declared;
    QCommandLineParser parser;
    // "-json" is one word, "json" (refused as unknown below), rather than -j -s -o -n.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const Declaration& d : declarations()) {
        if (d.whose == Whose::Both || (d.whose == Whose::Run) == (command == Command::Run)) {
            declared.append(d);
            parser.addOption(QCommandLineOption(d.name, QString(), d.valueName));
        }
    }
    // parse() fails on an unknown option, a flag given a value or a missing value; what it read is there all the
    // same, and those failures are told below as interleave tells them.
    // `--check=LIST` is taken here: to QCommandLineParser --check is a flag, and a flag given a value fails.
    Arguments read;
    QStringList forParser;
    QList<Given> withOptionalValue;
    for (const QString& a : arguments) {
        const Declaration* declaration =
            a.startsWith(u"--"_s) && a.contains(u'=') ? find(declared, a.mid(2).section(u'=', 0, 0)) : nullptr;
        if (declaration && takesOptionalValue(declaration->option))
            withOptionalValue.append({ declaration->option, a.section(u'=', 1), true });
        else
            forParser.append(a);
    }
    static_cast<void>(parser.parse(QStringList { QString() } + forParser)); // its first argument is the program's

    QHash<QString, qsizetype> seen; // how many of each option were read so far
    QStringList taken; // the values the options took
    for (const QString& name : parser.optionNames()) {
        const Declaration& declaration = *find(declared, name);
        if (declaration.valueName.isEmpty()) {
            read.given.append({ declaration.option, QString(), false });
            continue;
        }
        const QStringList values = parser.values(name);
        const qsizetype index = seen[name]++;
        if (index >= values.size()) { // only the last argument can miss its value
            read.missingValue = declaration.option;
            continue;
        }
        read.given.append({ declaration.option, values.at(index), true });
        taken.append(values.at(index));
    }
    read.given.append(withOptionalValue); // after the others: the order of --check's values does not matter
    read.positional = parser.positionalArguments();
    read.unknown = firstUnknown(forParser, declared, taken);
    return read;
}

QString Arguments::spelling(Option option)
{
    const auto it = std::find_if(
        declarations().cbegin(), declarations().cend(), [&](const Declaration& d) { return d.option == option; });
    return u"--"_s + it->name;
}

bool Arguments::isHelp(const QString& argument)
{
    return spells(helpOption(), argument);
}

bool Arguments::isVersion(const QString& argument)
{
    return spells(versionOption(), argument);
}

} // namespace interleave
