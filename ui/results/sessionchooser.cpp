// SPDX-License-Identifier: MIT
#include "sessionchooser.h"

#include "playback.h"
#include "rowsmodel.h"
#include "runresult.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace interleave {

SessionChooser::SessionChooser(RowsModel* model, QTableView* view, Playback* playback, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(view)
    , m_playback(playback)
{
    setObjectName(u"sessionChooser"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 2);
    layout->setSpacing(2);
    auto* row = new QHBoxLayout;
    auto* label = new QLabel(u"Seen &by:"_s, this);
    m_chooser = new QComboBox(this);
    m_chooser->setObjectName(u"seenBy"_s);
    m_chooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_chooser->setToolTip(u"Everyone: the table as the run left it. A worker: the table as that session sees it at "
                          u"the playhead, its own uncommitted rows included and the rows hidden from it greyed"_s);
    label->setBuddy(m_chooser);
    row->addWidget(label);
    row->addWidget(m_chooser);
    row->addStretch(1);
    layout->addLayout(row);
    m_mismatch = new QLabel(this);
    m_mismatch->setObjectName(u"sessionMismatch"_s);
    m_mismatch->setWordWrap(true);
    m_mismatch->setTextFormat(Qt::PlainText);
    m_mismatch->setVisible(false);
    layout->addWidget(m_mismatch);
    clear();
    connect(m_chooser, &QComboBox::currentIndexChanged, this, &SessionChooser::update);
    connect(m_playback, &Playback::positionChanged, this, &SessionChooser::update);
}

SessionChooser::~SessionChooser() = default;

int SessionChooser::viewer() const
{
    return m_chooser->currentIndex() - 1;
}

void SessionChooser::setViewer(int worker)
{
    m_chooser->setCurrentIndex(std::clamp(worker + 1, 0, m_chooser->count() - 1));
}

void SessionChooser::clear()
{
    m_sessionView.reset();
    m_history.reset();
    m_check = {};
    m_scenario = {};
    m_trace = {};
    m_columns.clear();
    const QSignalBlocker blocker(m_chooser);
    m_chooser->clear();
    m_chooser->addItem(u"everyone"_s);
    m_chooser->setEnabled(false);
    m_mismatch->setVisible(false);
}

void SessionChooser::setColors(const Palette& palette)
{
    m_palette = palette;
    QPalette p = m_mismatch->palette();
    p.setColor(QPalette::WindowText, m_palette.color(Palette::Role::ErrorForeground));
    m_mismatch->setPalette(p);
}

void SessionChooser::setResult(const RunResult& result)
{
    const QString chosen = m_chooser->currentIndex() > 0 ? m_chooser->currentText() : QString();
    clear();
    m_scenario = result.scenario;
    m_trace = result.trace;
    m_columns = result.outcome.columns;
    {
        const QSignalBlocker blocker(m_chooser);
        m_chooser->addItems(m_trace.workers);
        m_chooser->setEnabled(!m_trace.workers.isEmpty() && !m_columns.isEmpty());
        m_chooser->setCurrentIndex(std::max(0, int(m_trace.workers.indexOf(chosen)) + 1));
    }
    update();
}

void SessionChooser::ensureView()
{
    if (m_sessionView)
        return;
    m_history = History::of(m_scenario, m_trace);
    m_sessionView = std::make_unique<SessionView>(m_scenario, m_trace, *m_history);
    m_check = m_sessionView->check();
}

void SessionChooser::update()
{
    const int worker = viewer();
    if (worker < 0 || m_columns.isEmpty()) {
        if (m_model->showsSession())
            m_model->setSessionRows(std::nullopt, {});
        m_mismatch->setVisible(false);
        return;
    }
    ensureView();
    const int position =
        m_playback->atEnd() ? int(m_sessionView->order().size()) : m_sessionView->positionAt(m_playback->position());
    QList<RowsModel::SessionRow> shown;
    for (const SessionRow& r : m_sessionView->at(worker, position)) {
        const RowVersion& v = m_history->versions.at(r.version);
        RowsModel::SessionRow row;
        for (const QString& column : std::as_const(m_columns))
            row.values.append(column == u"id"_s ? QVariant(v.row) : v.values.value(column));
        row.hidden = !r.visible();
        row.reason = m_sessionView->reason(r, worker);
        const QString writer = m_trace.workers.value(r.writer);
        switch (r.visibility) {
        case SessionRow::Visibility::Committed:
            row.seen = u"yes"_s;
            break;
        case SessionRow::Visibility::Own:
            row.seen = u"yes: its own, not committed"_s;
            break;
        case SessionRow::Visibility::Dirty:
            row.seen = u"yes: %1's, not committed (dirty read)"_s.arg(writer);
            break;
        case SessionRow::Visibility::Uncommitted:
            row.seen = u"no: %1 has not committed it"_s.arg(writer);
            break;
        case SessionRow::Visibility::AfterSnapshot:
            row.seen = u"no: committed after its snapshot"_s;
            break;
        }
        shown.append(row);
    }
    const bool resize = !m_model->showsSession() || m_model->rowCount() != shown.size();
    m_model->setSessionRows(shown, m_trace.workers.value(worker));
    if (resize)
        m_view->resizeColumnsToContents(); // sized for the final rows, which may have been none
    // The playback hides final rows by their index; these rows are the session's, all shown.
    for (int r = 0; r < m_model->rowCount(); ++r)
        m_view->setRowHidden(r, false);
    QStringList found;
    for (const SessionMismatch& m : std::as_const(m_check.mismatches))
        found.append(m.sentence);
    m_mismatch->setText(found.isEmpty() ? QString()
                                        : u"\u26a0 What a SELECT returned differs from what its session could see, "
                                          u"as worked out here: "_s
                + found.join(u"; "_s));
    m_mismatch->setToolTip(found.join(u"\n"_s));
    m_mismatch->setVisible(!found.isEmpty());
}

} // namespace interleave
