// SPDX-License-Identifier: MIT
#include "trialtable.h"

#include "backend.h"
#include "djangosql.h"

using namespace Qt::StringLiterals;

namespace interleave {

TrialTable::TrialTable(const Scenario& scenario, Backend& backend)
    : m_backend(backend)
{
    m_select = DjangoSql(scenario.table, backend.kind()).allRows();
    m_reset = backend.trialReset(scenario);
}

TrialTable::~TrialTable() = default;

bool TrialTable::open(QString* error)
{
    // No gate: this connection never waits for a lock, because it only runs between trials, when every worker
    // has finished its recipe and, in autocommit again, holds no lock.
    QString why;
    m_session = m_backend.openHarness(&why);
    if (!m_session) {
        *error = u"cannot open the connection that resets the table: "_s + why;
        return false;
    }
    StatementResult ignored;
    for (const QString& sql : std::as_const(m_reset.setup))
        if (!exec({ sql, {} }, &ignored, error))
            return false;
    return true;
}

bool TrialTable::exec(const Statement& statement, StatementResult* result, QString* error)
{
    *result = m_session->exec(statement, nullptr);
    if (result->ok())
        return true;
    *error = u"%1: %2 (error %3)"_s.arg(statement.sql, result->error.message, result->error.codeText());
    return false;
}

bool TrialTable::takeRows(QStringList* columns, QList<Row>* rows, QString* error)
{
    StatementResult r;
    const bool transaction = !m_reset.begin.isEmpty();
    if (transaction && !exec({ m_reset.begin, {} }, &r, error))
        return false;
    bool ok = exec(m_select, &r, error);
    if (ok) {
        *columns = std::move(r.columns);
        *rows = std::move(r.rows);
    }
    for (qsizetype i = 0; ok && i < m_reset.reset.size(); ++i)
        ok = exec(m_reset.reset[i], &r, error);
    if (!transaction)
        return ok;
    if (ok && exec({ u"COMMIT"_s, {} }, &r, error))
        return true;
    QString ignored;
    exec({ u"ROLLBACK"_s, {} }, &r, &ignored);
    return false;
}

} // namespace interleave
