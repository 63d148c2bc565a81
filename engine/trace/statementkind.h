// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace interleave {

// The one reading of what kind of statement a text is, shared by the literal-SQL check, the sessions' transaction
// bookkeeping, the narration, the lock-wait holders and the timeline, so that they never disagree on where a
// transaction begins and ends.
//
// The words are read as a lexer reads them, never as a text prefix: whitespace, line comments (-- and MySQL's #)
// and /* ... */ comments are skipped, case is folded, a leading '(' (a parenthesized query) is skipped, and
// reading stops at the first token that is not a word, such as the ';' a psql user types. Comments do not nest
// here (as in MySQL and SQLite); where a database would read the statement's kind differently from this reading
// (PostgreSQL's nested comments, MySQL's /*! ... */ code), the literal-SQL check refuses the statement, so what
// runs is always what is classified.
namespace StatementKind {

// The statement's first `count` words, upper case.
QStringList leadingWords(const QString& sql, int count);

// The statement's kind: the transaction statements under one name each, whatever the spelling — BEGIN (BEGIN
// [WORK | TRANSACTION | DEFERRED | IMMEDIATE | EXCLUSIVE] ..., START TRANSACTION ...), COMMIT (COMMIT, END),
// ROLLBACK (ROLLBACK, ABORT), "ROLLBACK TO" (ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name), SAVEPOINT,
// RELEASE — and for any other statement its first word (SELECT, INSERT, SET, WITH, ...); empty for no word.
QString verb(const QString& sql);

// True for the verbs that end a transaction (COMMIT, ROLLBACK), whatever spelling they came from.
bool endsTransaction(const QString& verb);

// True for a COMMIT or ROLLBACK that opens the next transaction at once, with the same isolation level and access
// mode: COMMIT / END / ROLLBACK / ABORT [WORK | TRANSACTION] AND CHAIN (PostgreSQL 12+, MySQL, MariaDB). Such a
// statement ends a transaction (its verb is COMMIT or ROLLBACK) and the session is in the next one after it.
bool chains(const QString& sql);

// True for BEGIN, COMMIT, ROLLBACK, "ROLLBACK TO", SAVEPOINT and RELEASE.
bool isTransactionVerb(const QString& verb);

} // namespace StatementKind

} // namespace interleave
