// SPDX-License-Identifier: MIT
#include "pgquery.h"

#include <QJsonDocument>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace interleave::PgQuery {

namespace {

// libpg_query counts bytes of UTF-8; Qt counts UTF-16 code units. Maps each byte offset (0..size) to its unit.
class OffsetMap {
public:
    explicit OffsetMap(const QByteArray& utf8)
    {
        m_units.reserve(utf8.size() + 1);
        int unit = 0;
        for (qsizetype i = 0; i < utf8.size(); ++i) {
            m_units.append(unit);
            const auto byte = static_cast<unsigned char>(utf8.at(i));
            if ((byte & 0xC0) != 0x80) // a lead byte starts a character: one unit, two for a 4-byte sequence
                unit += (byte >= 0xF0) ? 2 : 1;
        }
        m_units.append(unit);
    }
    int unitAt(qsizetype byte) const { return m_units.value(std::clamp<qsizetype>(byte, 0, m_units.size() - 1)); }

private:
    QList<int> m_units;
};

// PostgreSQL reports a 1-based character position; QString offsets count UTF-16 units.
int unitOfCharacter(const QString& sql, int position)
{
    if (position <= 0)
        return -1;
    int characters = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        if (++characters == position)
            return int(i);
        if (sql.at(i).isHighSurrogate())
            ++i;
    }
    return int(sql.size());
}

// libpg_query 15 (Debian 12's) takes a pthread key for each thread that first calls it and never gives it back
// (pg_query_init), and a process has 1024 of them. Runs start workers by the thousand (every explored schedule,
// every run of a window left open all day), and each may read a literal statement, so every call is made on one
// long-lived thread instead; the caller waits for it.
class ParserThread {
public:
    static ParserThread& instance()
    {
        static ParserThread thread;
        return thread;
    }

    template<class Function>
    auto run(Function function) -> decltype(function())
    {
        if (std::this_thread::get_id() == m_thread.get_id())
            return function();
        std::packaged_task<decltype(function())()> task(std::move(function));
        auto result = task.get_future();
        {
            std::lock_guard lock(m_mutex);
            m_queue.emplace_back([&task] { task(); });
        }
        m_wake.notify_one();
        return result.get();
    }

    ~ParserThread()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }

private:
    ParserThread()
        : m_thread([this] { serve(); })
    {
    }

    void serve()
    {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_queue.empty())
                    return;
                job = std::move(m_queue.front());
                m_queue.pop_front();
            }
            job();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::thread m_thread; // last: it starts serving once everything above is built
};

std::optional<QList<Token>> scanHere(const QString& sql, Error* error)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryScanResult result = pg_query_scan(utf8.constData());
    std::optional<QList<Token>> tokens;
    if (result.error) {
        if (error)
            *error = { QString::fromUtf8(result.error->message), unitOfCharacter(sql, result.error->cursorpos) };
    } else if (PgQuery__ScanResult* unpacked = pg_query__scan_result__unpack(
                   nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data))) {
        const OffsetMap map(utf8);
        tokens.emplace();
        tokens->reserve(qsizetype(unpacked->n_tokens));
        for (size_t i = 0; i < unpacked->n_tokens; ++i) {
            const PgQuery__ScanToken* t = unpacked->tokens[i];
            tokens->append({ map.unitAt(t->start), map.unitAt(t->end), int(t->token),
                t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD });
        }
        pg_query__scan_result__free_unpacked(unpacked, nullptr);
    } else if (error) {
        *error = { u"the lexer's answer could not be read"_s, -1 };
    }
    pg_query_free_scan_result(result);
    return tokens;
}

std::optional<QJsonObject> parseHere(const QString& sql, Error* error)
{
    PgQueryParseResult result = pg_query_parse(sql.toUtf8().constData());
    std::optional<QJsonObject> tree;
    if (result.error) {
        if (error)
            *error = { QString::fromUtf8(result.error->message), unitOfCharacter(sql, result.error->cursorpos) };
    } else {
        QJsonParseError jsonError;
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray(result.parse_tree), &jsonError);
        if (document.isObject())
            tree = document.object();
        else if (error) // deeper than Qt's JSON reader goes: too deep to be a statement anyone types
            *error = { u"the statement is nested too deeply to check ("_s + jsonError.errorString() + u')', -1 };
    }
    pg_query_free_parse_result(result);
    return tree;
}

} // namespace

std::optional<QList<Token>> scan(const QString& sql, Error* error)
{
    return ParserThread::instance().run([&] { return scanHere(sql, error); });
}

std::optional<QJsonObject> parse(const QString& sql, Error* error)
{
    return ParserThread::instance().run([&] { return parseHere(sql, error); });
}

QString numberPlaceholders(const QString& sql, QList<int>* positions)
{
    if (!sql.contains(u'?'))
        return sql;
    const auto tokens = scan(sql, nullptr);
    if (!tokens)
        return sql;
    QString out;
    out.reserve(sql.size() + 8);
    int copied = 0;
    int number = 0;
    for (const Token& t : *tokens) {
        if (t.kind != Kind::Operator && t.kind != '?')
            continue;
        for (int i = t.start; i < t.end; ++i) {
            if (sql.at(i) != u'?')
                continue;
            out += QStringView(sql).mid(copied, i - copied);
            out += u'$' + QString::number(++number);
            copied = i + 1;
            if (positions)
                positions->append(i);
        }
    }
    out += QStringView(sql).mid(copied);
    return out;
}

} // namespace interleave::PgQuery
