// SPDX-License-Identifier: MIT
// The isolation lab's whole matrix (issue 18 asks for it under 30 s on SQLite and the two test servers): the wall time,
// each database group's seconds per cell, and the slowest cells. Run with the test servers' URLs in the environment
// (scripts/test-servers.sh, INTERLEAVE_TEST_PG_URL, INTERLEAVE_TEST_MYSQL_URL); without them, SQLite only. Prints
// figures; it is not a test.
//
//   bench_matrix [--repeats N] [--cells]       (--cells: also every cell, measured and documented)

#include "matrixrunner.h"

#include <QCoreApplication>
#include <QTextStream>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace interleave;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.indexOf(u"--repeats"_s);
    const int repeats = at >= 0 ? args.value(at + 1).toInt() : 1;
    MatrixRunner::Options options;
    for (const char* variable : { "INTERLEAVE_TEST_PG_URL", "INTERLEAVE_TEST_MYSQL_URL" })
        if (const QString url = qEnvironmentVariable(variable); !url.isEmpty()) {
            QString error;
            if (const auto spec = BackendSpec::fromCommandLine(url, &error))
                options.servers.append(*spec);
        }
    QTextStream out(stdout);
    for (int repeat = 0; repeat < std::max(1, repeats); ++repeat) {
        MatrixRunner runner(options);
        const MatrixResult r = runner.run();
        const int cells = int(r.rows.size() * r.columns.size());
        out << u"matrix: %1 cells in %2 s (%3 s per cell, database groups in parallel); %4\n"_s.arg(cells)
                   .arg(double(r.wallNs) / 1e9, 0, 'f', 2)
                   .arg(double(r.wallNs) / 1e9 / std::max(1, cells), 0, 'f', 3)
                   .arg(r.versionsLine());
        // Per database: the sum of its cells' run times (its thread's work) over its cells.
        QMap<QString, QPair<double, int>> groups;
        QList<QPair<double, QString>> slowest;
        for (int row = 0; row < r.rows.size(); ++row)
            for (int column = 0; column < r.columns.size(); ++column) {
                const MatrixCell& cell = r.cell(row, column);
                if (!cell.run)
                    continue;
                const double s = double(cell.run->wallNs) / 1e9;
                auto& g = groups[r.columns.at(column).database];
                g.first += s;
                g.second += 1;
                slowest.append({ s, r.rows.at(row).id + u" on "_s + r.columns.at(column).title() });
            }
        for (auto it = groups.cbegin(); it != groups.cend(); ++it)
            out << u"  %1: %2 cells, %3 s, %4 s per cell\n"_s.arg(it.key())
                       .arg(it.value().second)
                       .arg(it.value().first, 0, 'f', 2)
                       .arg(it.value().first / std::max(1, it.value().second), 0, 'f', 3);
        if (args.contains(u"--cells"_s))
            for (int row = 0; row < r.rows.size(); ++row)
                for (int column = 0; column < r.columns.size(); ++column) {
                    const MatrixCell& cell = r.cell(row, column);
                    QStringList found; // every anomaly the run has, at its level
                    if (cell.run)
                        for (const Anomaly& a : cell.run->outcome.anomalies)
                            found.append(Anomaly::name(a.kind) + u'@' + Anomaly::levelName(a.level)
                                + (a.inOperations ? u"+operation"_s : QString()));
                    out << u"  %1 | %2 | %3 | %4 | documented %5 | found %6%7\n"_s.arg(r.rows.at(row).id,
                        r.columns.at(column).title(), cellOutcomeName(cell.outcome), cell.detail,
                        cell.documented ? cellOutcomeName(*cell.documented) : u"-"_s, found.join(u", "_s),
                        cell.departs() ? u" | DEPARTS: "_s + cell.sentence : QString());
                    if (cell.departs() && cell.run)
                        out << u"      "_s << cell.run->trace.sequence().join(u"\n      "_s) << u'\n';
                }
        std::sort(slowest.begin(), slowest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        out << u"  slowest cells:\n"_s;
        for (qsizetype i = 0; i < std::min<qsizetype>(5, slowest.size()); ++i)
            out << u"    %1 s  %2\n"_s.arg(slowest.at(i).first, 0, 'f', 3).arg(slowest.at(i).second);
        out.flush();
    }
    return 0;
}
