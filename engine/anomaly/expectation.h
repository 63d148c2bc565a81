// SPDX-License-Identifier: MIT
#pragma once

#include "outcome.h"
#include "predicate.h"
#include "scenario.h"

#include <QString>
#include <optional>

namespace interleave {

// One expectation a scenario's author writes about the final rows, in its "expect" list, checked after the run:
//
//   <condition>                            every row satisfies it, and there is at least one row: "likes = 2"
//   no row[s] [where <condition>]          none does (none at all without "where")
//   [exactly] <count> row[s] [where ...]   exactly that many: "exactly one row where user_id = 'u1'", "2 rows"
//   at least <count> row[s] [where ...]
//   at most <count> row[s] [where ...]
//
// <count> is a whole number or "one"; words are case-insensitive; the condition is a Predicate (its grammar, the
// table's columns) judged on each row as the run's database would (Predicate::matches).
class Expectation {
public:
    enum class Quantity { Every, Exactly, AtLeast, AtMost };
    static constexpr qint64 maxCount = 10000; // RowCollector::tableRows: more rows make a run incomplete

    struct Error {
        qsizetype offset = 0; // UTF-16 code units into the text, where the problem starts
        QString message;
    };

    // nullopt, with *error set, for text that is none of the forms above or whose condition the Predicate grammar
    // refuses (the offset is then into the whole text).
    static std::optional<Expectation> parse(const QString& text, const TableSpec& table, Error* error);

    struct Result {
        bool held = false;
        QString sentence; // "Expected exactly one row where user_id = 'u1' but found 2 (ids 3, 4)."
        QVariantList rowIds; // the rows that broke it (Every), or the rows counted (the others)
    };
    Result check(const QStringList& columns, const QList<Row>& rows, BackendSpec::Kind dialect) const;

    const QString& text() const { return m_text; } // as written, trimmed
    Quantity quantity() const { return m_quantity; }
    qint64 count() const { return m_count; }

private:
    QString m_text;
    Quantity m_quantity = Quantity::Every;
    qint64 m_count = 0;
    std::optional<Predicate> m_condition; // none: every row counts ("2 rows")
    QString m_conditionText;
};

// The result a worker may end with when its scenario lists it in "expected_errors": the failure kinds of
// WorkerResult by their names ("IntegrityError", "Busy", "unexpected"), in any case. nullopt, with *why set, for a
// name that is not one of them (or names a result that is no failure, or one that leaves the run incomplete).
std::optional<ResultKind> expectedErrorKind(const QString& name, QString* why);

} // namespace interleave
