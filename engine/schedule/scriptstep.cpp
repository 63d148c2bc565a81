// SPDX-License-Identifier: MIT
#include "scriptstep.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

const QString timeoutOpen = u"timeout("_s;
const QString refusalPrefix = u"schedule.script: step "_s;

} // namespace

std::optional<int> ScriptStep::parse(const QString& token, const QStringList& names)
{
    // A worker's own name wins, however odd it is; only then is the token read as a give-up.
    if (const qsizetype index = names.indexOf(token); index >= 0)
        return int(index);
    if (token.startsWith(timeoutOpen) && token.endsWith(u')')) {
        const QString name = token.mid(timeoutOpen.size(), token.size() - timeoutOpen.size() - 1);
        if (const qsizetype index = names.indexOf(name); index >= 0)
            return giveUp(int(index));
    }
    return std::nullopt;
}

QString ScriptStep::text(int step, const QStringList& names)
{
    const QString name = names.value(worker(step));
    return isGiveUp(step) ? timeoutOpen + name + u')' : name;
}

QString ScriptStep::refusal(int stepNumber, const QString& token, const QString& why)
{
    return refusalPrefix + u"%1 (%2): %3"_s.arg(stepNumber).arg(token, why);
}

std::optional<int> ScriptStep::refusedStep(const QString& runError)
{
    static const QRegularExpression number(u"^schedule\\.script: step (\\d+) \\("_s);
    const QRegularExpressionMatch m = number.match(runError);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toInt();
}

qsizetype ScriptStep::offsetOf(const QString& script, int stepNumber)
{
    static const QRegularExpression token(u"[^\\s,]+"_s);
    int n = 0;
    for (const QRegularExpressionMatch& m : token.globalMatch(script))
        if (++n == stepNumber)
            return m.capturedStart();
    return -1;
}

} // namespace interleave
