// SPDX-License-Identifier: MIT
#include "indexexpression.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace interleave {

std::optional<IndexExpression> IndexExpression::parse(const QString& text, const TableSpec& table, QString* error)
{
    static const QRegularExpression pattern(u"^\\s*(lower|upper)\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]{0,62})\\s*\\)\\s*$"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch()) {
        if (error)
            *error = u"\"%1\" is not an index expression; Interleave knows lower(column) and upper(column)"_s.arg(text);
        return std::nullopt;
    }
    IndexExpression e { m.captured(1).toUpper(), m.captured(2) };
    if (!table.column(e.column)) {
        if (error) {
            QStringList names;
            for (const ColumnSpec& c : table.columns)
                names.append(c.name);
            *error = u"unknown column \"%1\"; the table has %2"_s.arg(e.column, names.join(u", "_s));
        }
        return std::nullopt;
    }
    return e;
}

} // namespace interleave
