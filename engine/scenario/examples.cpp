// SPDX-License-Identifier: MIT
#include "examples.h"

#include "challenge.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {
const QString examplesDir = u":/examples"_s;
}

QList<Examples::Entry> Examples::list()
{
    QList<Entry> entries;
    const QStringList files = QDir(examplesDir).entryList({ u"*.json"_s }, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        QFile f(examplesDir + u'/' + file);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QStringList databases;
        for (const auto& d : o.value(u"databases"_s).toArray())
            databases.append(d.toString());
        entries.append(
            { file.chopped(5), o.value(u"name"_s).toString(), o.value(u"description"_s).toString(), databases });
    }
    return entries;
}

std::optional<Scenario> Examples::load(const QString& id, ScenarioError* error)
{
    const QString path = examplesDir + u'/' + id + u".json"_s;
    if (!QFile::exists(path)) {
        if (error) {
            QStringList ids;
            for (const Entry& e : list())
                ids.append(e.id);
            *error = ScenarioError { u"example:"_s + id, 0, 0, {},
                u"no such example; the built-in examples are: "_s + ids.join(u", "_s) };
        }
        return std::nullopt;
    }
    auto scenario = Scenario::load(path, error);
    if (!scenario && error)
        error->file = u"example:"_s + id;
    return scenario;
}

QString Examples::referenceId(const QString& reference)
{
    const QString prefix = u"example:"_s;
    return reference.startsWith(prefix) ? reference.mid(prefix.size()) : QString();
}

std::optional<Scenario> Examples::loadReference(const QString& reference, ScenarioError* error)
{
    if (reference.startsWith(u"example:"_s))
        return load(referenceId(reference), error);
    if (const QString challenge = Challenges::referenceId(reference); !challenge.isEmpty())
        return Challenges::load(challenge, error);
    return Scenario::load(reference, error);
}

} // namespace interleave
