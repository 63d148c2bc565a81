// SPDX-License-Identifier: MIT
#include "matrixcommand.h"

#include "interruption.h"
#include "matriximage.h"
#include "timelineexporter.h"

#include "matrixrunner.h"
#include "serverurl.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace interleave {

namespace MatrixCommand {

namespace {

enum class Format { Text, Json, Markdown, Html };

// "occurred", "abort (40001)", "waits (T2 waits for T1)": the aligned table's short form.
QString shortText(const MatrixCell& cell)
{
    QString text;
    switch (cell.outcome) {
    case CellOutcome::Occurred:
        text = u"OCCURRED "_s + cell.detail;
        break;
    case CellOutcome::PreventedByAbort:
        text = u"abort "_s + cell.detail;
        break;
    case CellOutcome::PreventedByBlocking:
        text = u"blocks: "_s + cell.detail;
        break;
    case CellOutcome::Prevented:
        text = u"prevented"_s;
        break;
    case CellOutcome::NotRun:
        text = u"not run"_s;
        break;
    case CellOutcome::Failed:
        text = u"FAILED"_s;
        break;
    }
    return cell.departs() ? text + u" *"_s : text;
}

QString columnHeading(const MatrixColumn& c)
{
    return c.database + u' ' + c.level;
}

QString redactedUrl(const BackendSpec& backend)
{
    return backend.isServer() ? ServerUrl::redacted(backend.url) : u"sqlite"_s;
}

// The departures, one line each, for every form: "G-single on MariaDB serializable: measured ..., documented ...".
QStringList departures(const MatrixResult& result)
{
    QStringList lines;
    for (int r = 0; r < result.rows.size(); ++r)
        for (int c = 0; c < result.columns.size(); ++c) {
            const MatrixCell& cell = result.cell(r, c);
            if (!cell.departs())
                continue;
            lines.append(u"%1 on %2: measured %3, documented %4 (%5)"_s.arg(result.rows.at(r).anomaly,
                columnHeading(result.columns.at(c)), cellText(cell), cellOutcomeName(*cell.documented),
                cell.documentedNote));
        }
    return lines;
}

QStringList columnNotes(const MatrixResult& result)
{
    QStringList notes;
    for (const MatrixColumn& c : result.columns) {
        QStringList parts;
        if (!c.note.isEmpty())
            parts.append(c.note);
        if (!c.settings.isEmpty())
            parts.append(c.settings.join(u", "_s));
        if (!parts.isEmpty())
            notes.append(columnHeading(c) + u": "_s + parts.join(u"; "_s));
    }
    return notes;
}

// "G-single (read skew)"; the name alone when it already says it ("counter lost update").
QString rowTitle(const MatrixRow& row)
{
    return row.commonName.isEmpty() || row.anomaly.contains(row.commonName)
        ? row.anomaly
        : row.anomaly + u" ("_s + row.commonName + u')';
}

QString escapeMarkdown(QString text)
{
    return text.replace(u'|', u"\\|"_s);
}

} // namespace

QString cellText(const MatrixCell& cell)
{
    switch (cell.outcome) {
    case CellOutcome::Occurred:
        return u"occurred: "_s + cell.detail;
    case CellOutcome::PreventedByAbort:
    case CellOutcome::PreventedByBlocking:
    case CellOutcome::Failed:
        return cell.detail.isEmpty() ? cellOutcomeName(cell.outcome)
                                     : cellOutcomeName(cell.outcome) + u" ("_s + cell.detail + u')';
    case CellOutcome::Prevented:
    case CellOutcome::NotRun:
        return cellOutcomeName(cell.outcome);
    }
    return {};
}

QString text(const MatrixResult& result)
{
    QString out = u"Isolation matrix: "_s + result.versionsLine() + u"\n"_s;
    // One table per database, so that a terminal holds it: the rows down, the database's levels across.
    QList<QList<int>> groups;
    for (int c = 0; c < result.columns.size(); ++c) {
        if (groups.isEmpty() || result.columns.at(groups.last().first()).backend.url != result.columns.at(c).backend.url
            || result.columns.at(groups.last().first()).backend.kind != result.columns.at(c).backend.kind)
            groups.append(QList<int>());
        groups.last().append(c);
    }
    qsizetype first = 0;
    for (const MatrixRow& row : result.rows)
        first = std::max(first, row.anomaly.size());
    for (const QList<int>& group : std::as_const(groups)) {
        const MatrixColumn& head = result.columns.at(group.first());
        out += u"\n"_s + head.database + (head.version.isEmpty() ? QString() : u' ' + head.version) + u'\n';
        QList<qsizetype> widths;
        for (int c : group) {
            qsizetype w = result.columns.at(c).level.size();
            for (int r = 0; r < result.rows.size(); ++r)
                w = std::max(w, shortText(result.cell(r, c)).size());
            widths.append(w);
        }
        QString line = QString(first, u' ');
        for (qsizetype i = 0; i < group.size(); ++i)
            line += u"  "_s + result.columns.at(group.at(i)).level.leftJustified(widths.at(i));
        while (line.endsWith(u' '))
            line.chop(1);
        out += line + u'\n';
        for (int r = 0; r < result.rows.size(); ++r) {
            QString cells = result.rows.at(r).anomaly.leftJustified(first);
            for (qsizetype i = 0; i < group.size(); ++i)
                cells += u"  "_s + shortText(result.cell(r, group.at(i))).leftJustified(widths.at(i));
            while (cells.endsWith(u' '))
                cells.chop(1);
            out += cells + u'\n';
        }
    }
    const QStringList notes = columnNotes(result);
    if (!notes.isEmpty())
        out += u"\nNotes:\n  "_s + notes.join(u"\n  "_s) + u'\n';
    const QStringList departed = departures(result);
    if (!departed.isEmpty())
        out += u"\n* departs from the documented behaviour:\n  "_s + departed.join(u"\n  "_s) + u'\n';
    if (result.cancelled)
        out += u"\nCancelled: the cells not run are marked so.\n"_s;
    return out;
}

QJsonObject json(const MatrixResult& result)
{
    QJsonArray columns;
    for (const MatrixColumn& c : result.columns)
        columns.append(QJsonObject { { u"database"_s, c.database }, { u"level"_s, c.level },
            { u"isolation"_s, c.isolation }, { u"version"_s, c.version }, { u"note"_s, c.note },
            { u"settings"_s, QJsonArray::fromStringList(c.settings) }, { u"backend"_s, redactedUrl(c.backend) },
            { u"kind"_s, BackendSpec::kindName(c.backend.kind) } });
    QJsonArray rows;
    for (const MatrixRow& r : result.rows) {
        QJsonArray examples;
        for (const QString& e : r.examples)
            examples.append(e);
        rows.append(QJsonObject { { u"id"_s, r.id }, { u"anomaly"_s, r.anomaly }, { u"common_name"_s, r.commonName },
            { u"kind"_s, Anomaly::id(r.anomalyKind) }, { u"analysis"_s, Anomaly::levelName(r.analysis) },
            { u"explanation"_s, r.explanation }, { u"examples"_s, examples } });
    }
    QJsonArray cells;
    for (int r = 0; r < result.rows.size(); ++r)
        for (int c = 0; c < result.columns.size(); ++c) {
            const MatrixCell& cell = result.cell(r, c);
            QJsonObject o { { u"row"_s, result.rows.at(r).id }, { u"column"_s, c },
                { u"outcome"_s, cellOutcomeName(cell.outcome) }, { u"detail"_s, cell.detail },
                { u"sentence"_s, cell.sentence }, { u"departs"_s, cell.departs() },
                { u"version"_s, result.columns.at(c).version } };
            o.insert(u"documented"_s, cell.documented ? QJsonValue(cellOutcomeName(*cell.documented)) : QJsonValue());
            o.insert(u"documented_note"_s, cell.documentedNote);
            if (cell.run)
                o.insert(u"wall_ms"_s, double(cell.run->wallNs) / 1e6);
            cells.append(o);
        }
    return QJsonObject { { u"versions"_s, result.versionsLine() }, { u"cancelled"_s, result.cancelled },
        { u"wall_ms"_s, double(result.wallNs) / 1e6 }, { u"columns"_s, columns }, { u"rows"_s, rows },
        { u"cells"_s, cells } };
}

QString markdown(const MatrixResult& result)
{
    QString out = u"# Isolation matrix\n\n"_s;
    out += u"Measured on "_s + result.versionsLine()
        + u". Each cell is a real run of the row's anomaly test at the column's level: **occurred** (the "
          "anomaly's name), **prevented by blocking** (a session waited for another's lock), **prevented by "
          "abort** (a serialization failure, a deadlock, SQLite's busy), **prevented** (a snapshot, or reading "
          "only committed data). \u26a0 marks a cell that departs from the documented behaviour.\n\n"_s;
    out += u"| Anomaly |"_s;
    QString rule = u"|---|"_s;
    for (const MatrixColumn& c : result.columns) {
        out += u' ' + escapeMarkdown(columnHeading(c)) + u" |"_s;
        rule += u"---|"_s;
    }
    out += u'\n' + rule + u'\n';
    for (int r = 0; r < result.rows.size(); ++r) {
        const MatrixRow& row = result.rows.at(r);
        out += u"| **"_s + escapeMarkdown(row.anomaly) + u"**"_s
            + (rowTitle(row) == row.anomaly ? QString() : u" ("_s + row.commonName + u')') + u" |"_s;
        for (int c = 0; c < result.columns.size(); ++c) {
            const MatrixCell& cell = result.cell(r, c);
            out += u' ' + escapeMarkdown(cellText(cell))
                + (cell.departs() ? u" \u26a0 (documented: "_s + cellOutcomeName(*cell.documented) + u')' : QString())
                + u" |"_s;
        }
        out += u'\n';
    }
    const QStringList notes = columnNotes(result);
    if (!notes.isEmpty()) {
        out += u"\nNotes on the columns:\n\n"_s;
        for (const QString& n : notes)
            out += u"- "_s + n + u'\n';
    }
    const QStringList departed = departures(result);
    if (!departed.isEmpty()) {
        out += u"\nDepartures from the documented behaviour:\n\n"_s;
        for (const QString& d : departed)
            out += u"- "_s + d + u'\n';
    }
    out += u"\n## The rows\n"_s;
    for (const MatrixRow& row : result.rows)
        out += u"\n### "_s + rowTitle(row) + u"\n\n"_s + row.explanation + u"\n"_s;
    if (result.cancelled)
        out += u"\n*Cancelled: the cells not run are marked so.*\n"_s;
    return out;
}

QString html(const MatrixResult& result)
{
    const auto e = [](const QString& s) { return s.toHtmlEscaped(); };
    QString out = u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<title>Isolation matrix</title>\n<style>\n"
                  "body { font-family: sans-serif; margin: 2em; }\n"
                  "table { border-collapse: collapse; }\n"
                  "th, td { border: 1px solid #999; padding: 0.3em 0.5em; vertical-align: top; }\n"
                  "td.occurred { background: #f8d0d0; } td.abort { background: #d8e8f8; }\n"
                  "td.blocking { background: #f8f0c8; } td.prevented { background: #d8f0d8; }\n"
                  "td.departs { outline: 3px solid #c00; }\n"
                  "</style>\n</head>\n<body>\n<h1>Isolation matrix</h1>\n"_s;
    out += u"<p>Measured on "_s + e(result.versionsLine())
        + u". Each cell is a real run of the row's anomaly test at the column's level. &#9888; marks a cell that "
          "departs from the documented behaviour.</p>\n<table>\n<tr><th>Anomaly</th>"_s;
    for (const MatrixColumn& c : result.columns)
        out += u"<th>"_s + e(c.database) + u"<br>"_s + e(c.level) + u"</th>"_s;
    out += u"</tr>\n"_s;
    for (int r = 0; r < result.rows.size(); ++r) {
        const MatrixRow& row = result.rows.at(r);
        out += u"<tr><th><a href=\"#%1\">%2</a></th>"_s.arg(e(row.id), e(row.anomaly));
        for (int c = 0; c < result.columns.size(); ++c) {
            const MatrixCell& cell = result.cell(r, c);
            const QString cls = cell.outcome == CellOutcome::Occurred ? u"occurred"_s
                : cell.outcome == CellOutcome::PreventedByAbort       ? u"abort"_s
                : cell.outcome == CellOutcome::PreventedByBlocking    ? u"blocking"_s
                : cell.outcome == CellOutcome::Prevented              ? u"prevented"_s
                                                                      : u"other"_s;
            out += u"<td class=\"%1%2\" title=\"%3\">%4%5</td>"_s.arg(cls, cell.departs() ? u" departs"_s : QString(),
                e(cell.sentence), e(cellText(cell)),
                cell.departs() ? u" &#9888; (documented: "_s + e(cellOutcomeName(*cell.documented)) + u')' : QString());
        }
        out += u"</tr>\n"_s;
    }
    out += u"</table>\n"_s;
    const QStringList notes = columnNotes(result);
    if (!notes.isEmpty()) {
        out += u"<p>Notes on the columns:</p>\n<ul>\n"_s;
        for (const QString& n : notes)
            out += u"<li>"_s + e(n) + u"</li>\n"_s;
        out += u"</ul>\n"_s;
    }
    const QStringList departed = departures(result);
    if (!departed.isEmpty()) {
        out += u"<p>Departures from the documented behaviour:</p>\n<ul>\n"_s;
        for (const QString& d : departed)
            out += u"<li>"_s + e(d) + u"</li>\n"_s;
        out += u"</ul>\n"_s;
    }
    out += u"<h2>The rows</h2>\n"_s;
    for (const MatrixRow& row : result.rows)
        out += u"<h3 id=\"%1\">%2</h3>\n<p>%3</p>\n"_s.arg(e(row.id), e(rowTitle(row)), e(row.explanation));
    if (result.cancelled)
        out += u"<p><em>Cancelled: the cells not run are marked so.</em></p>\n"_s;
    out += u"</body>\n</html>\n"_s;
    return out;
}

QString options()
{
    return u"Options of matrix:\n"
           "  --backend URL        also run every row at each isolation level of this server (repeatable);\n"
           "                       SQLite's four modes always run\n"
           "  --rows ID,ID         only these rows (g0, g1a, g1b, g1c, otv, pmp, lost-update, g-single,\n"
           "                       g2-item, g2, g2-doctors, get-or-create, counter)\n"
           "  --json               print every cell as JSON (outcome, detail, sentence, documented, departs)\n"
           "  --markdown           print a course page in Markdown: versions, the table, each row explained\n"
           "  --html               print the same course page as HTML\n"
           "  --image-out FILE     also draw the matrix as a picture for slides: .png, .svg or .pdf\n"
           "  --image-width PX     the picture's width (default 1920)\n"
           "  --image-theme THEME  light (default), dark or high-contrast\n"_s;
}

QString help()
{
    return u"Usage: interleave matrix [--backend URL]... [--json|--markdown|--html] [--rows ID,ID] [--image-out FILE]\n"
           "Runs the isolation lab's matrix: every anomaly test (G0, G1a, G1b, G1c, OTV, PMP, P4 lost update,\n"
           "G-single, G2-item, G2, the get_or_create race, the counter) on SQLite's modes and each server's\n"
           "isolation levels, and prints how each cell went: occurred, prevented by blocking, prevented by\n"
           "abort, prevented. A cell that departs from the documented behaviour is marked.\n"
           "\n"_s
        + options()
        + u"\nExit status: 0 every cell ran, 2 bad input, 3 some cell could not run (a server could not be\n"
          "reached, a run was incomplete).\n"_s;
}

int run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    MatrixRunner::Options options;
    Format format = Format::Text;
    int formats = 0;
    QString imageOut; // --image-out: the matrix picture (MatrixImage), beside the printed form
    int imageWidth = 1920;
    Palette::Theme imageTheme = Palette::Theme::Light;
    const auto bad = [&](const QString& message) {
        err << u"interleave matrix: "_s << message << u"\n\n"_s << help();
        return 2;
    };
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments.at(i);
        const auto value = [&](QString* v) {
            if (i + 1 >= arguments.size())
                return false;
            *v = arguments.at(++i);
            return true;
        };
        if (a == u"--backend"_s || a.startsWith(u"--backend="_s)) {
            QString text = a.section(u'=', 1);
            if (!a.contains(u'=') && !value(&text))
                return bad(u"--backend needs a URL"_s);
            QString why;
            const auto spec = BackendSpec::fromCommandLine(text, &why);
            if (!spec)
                return bad(u"--backend: "_s + why);
            if (spec->isServer())
                options.servers.append(*spec); // SQLite is always a column group
        } else if (a == u"--rows"_s || a.startsWith(u"--rows="_s)) {
            QString text = a.section(u'=', 1);
            if (!a.contains(u'=') && !value(&text))
                return bad(u"--rows needs row ids"_s);
            QStringList known;
            for (const MatrixRow& r : MatrixRunner::allRows())
                known.append(r.id);
            for (const QString& id : text.split(u',', Qt::SkipEmptyParts)) {
                if (!known.contains(id.trimmed()))
                    return bad(u"--rows: no row \"%1\"; the rows are %2"_s.arg(id, known.join(u", "_s)));
                options.rows.append(id.trimmed());
            }
            if (options.rows.isEmpty())
                return bad(u"--rows needs row ids"_s);
        } else if (a == u"--json"_s) {
            format = Format::Json;
            ++formats;
        } else if (a == u"--markdown"_s) {
            format = Format::Markdown;
            ++formats;
        } else if (a == u"--html"_s) {
            format = Format::Html;
            ++formats;
        } else if (a == u"--image-out"_s || a.startsWith(u"--image-out="_s)) {
            imageOut = a.section(u'=', 1);
            if (!a.contains(u'=') && !value(&imageOut))
                return bad(u"--image-out needs a file: .png, .svg or .pdf"_s);
            const QString suffix = QFileInfo(imageOut).suffix().toLower();
            if (suffix != u"png"_s && suffix != u"svg"_s && suffix != u"pdf"_s)
                return bad(u"--image-out: \"%1\" is not a .png, .svg or .pdf file"_s.arg(imageOut));
        } else if (a == u"--image-width"_s || a.startsWith(u"--image-width="_s)) {
            QString text = a.section(u'=', 1);
            if (!a.contains(u'=') && !value(&text))
                return bad(u"--image-width needs a number of pixels"_s);
            bool ok = false;
            imageWidth = text.toInt(&ok);
            if (!ok || imageWidth < 640 || imageWidth > 8000)
                return bad(u"--image-width is a number of pixels from 640 to 8000, not \"%1\""_s.arg(text));
        } else if (a == u"--image-theme"_s || a.startsWith(u"--image-theme="_s)) {
            QString text = a.section(u'=', 1);
            if (!a.contains(u'=') && !value(&text))
                return bad(u"--image-theme needs light, dark or high-contrast"_s);
            const auto chosen = TimelineExporter::themeFromName(text);
            if (!chosen)
                return bad(u"--image-theme is light, dark or high-contrast, not \"%1\""_s.arg(text));
            imageTheme = *chosen;
        } else {
            return bad(u"unknown argument \"%1\""_s.arg(a));
        }
    }
    if (formats > 1)
        return bad(u"--json, --markdown and --html: choose one"_s);

    // Ctrl-C cancels: the cells that ran are still printed, the rest "not run", and the exit status is 3.
    MatrixRunner runner(options);
    const MatrixResult result = [&] {
        LongRun longRun(err, [&] { runner.cancel(); });
        return runner.run([&](int, int, const MatrixCell&, int done, int total) {
            longRun.progress(u"cell %1/%2"_s.arg(done).arg(total));
        });
    }();
    switch (format) {
    case Format::Text:
        out << text(result);
        break;
    case Format::Json:
        out << QJsonDocument(json(result)).toJson(QJsonDocument::Indented);
        break;
    case Format::Markdown:
        out << markdown(result);
        break;
    case Format::Html:
        out << html(result);
        break;
    }
    if (!imageOut.isEmpty()) {
        QString why;
        if (!MatrixImage::write(result, imageOut, imageWidth, imageTheme, &why)) {
            err << u"interleave matrix: "_s << why << u'\n';
            return 2;
        }
    }
    for (const QList<MatrixCell>& row : result.cells)
        for (const MatrixCell& cell : row)
            if (cell.outcome == CellOutcome::NotRun || cell.outcome == CellOutcome::Failed)
                return 3;
    return result.cancelled ? 3 : 0;
}

} // namespace MatrixCommand

} // namespace interleave
