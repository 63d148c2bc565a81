// SPDX-License-Identifier: MIT
#include "matrix.h"

using namespace Qt::StringLiterals;

namespace interleave {

QString MatrixRow::exampleFor(BackendSpec::Kind kind) const
{
    return examples.value(int(kind));
}

QString MatrixResult::versionsLine() const
{
    QStringList seen;
    for (const MatrixColumn& c : columns) {
        const QString text = c.version.isEmpty() ? c.database : c.database + u' ' + c.version;
        if (!seen.contains(text))
            seen.append(text);
    }
    return seen.join(u" \u00b7 "_s);
}

QString cellOutcomeName(CellOutcome outcome)
{
    switch (outcome) {
    case CellOutcome::Occurred:
        return u"occurred"_s;
    case CellOutcome::PreventedByBlocking:
        return u"prevented by blocking"_s;
    case CellOutcome::PreventedByAbort:
        return u"prevented by abort"_s;
    case CellOutcome::Prevented:
        return u"prevented"_s;
    case CellOutcome::NotRun:
        return u"not run"_s;
    case CellOutcome::Failed:
        return u"failed"_s;
    }
    return {};
}

} // namespace interleave
