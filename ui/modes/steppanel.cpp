// SPDX-License-Identifier: MIT
#include "steppanel.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

QString resultText(const WorkerResult& result)
{
    QString text = u"finished: "_s + result.kindName();
    if (result.rowId.isValid())
        text += u" (id "_s + result.rowId.toString() + u")"_s;
    if (result.afterIntegrityError && !result.isFailure())
        text += u" after IntegrityError"_s;
    else if (result.isFailure() && !result.detail.isEmpty())
        text += u": "_s + result.detail;
    return text;
}

QString paramsText(const QVariantList& params)
{
    QStringList values;
    for (const QVariant& value : params)
        values.append(formatSqlValue(value));
    return values.join(u", "_s);
}

} // namespace

StepPanel::StepPanel(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(u"stepPanel"_s);
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);

    auto* header = new QHBoxLayout;
    m_title = new QLabel(u"Step by step"_s, this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_hint = new QLabel(this);
    m_hint->setObjectName(u"stepHint"_s);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_back = new QPushButton(u"Back"_s, this);
    m_back->setObjectName(u"stepBackButton"_s);
    m_back->setToolTip(u"Undo the last step: the run is replayed without it on a fresh database (Backspace)"_s);
    m_back->setFocusPolicy(Qt::NoFocus); // keys belong to the window: 1-9 and Backspace step
    m_breakDeadlock = new QPushButton(u"Break the deadlock"_s, this);
    m_breakDeadlock->setObjectName(u"breakDeadlockButton"_s);
    m_breakDeadlock->setToolTip(
        u"Every worker waits for another: let the one that has waited longest give up, as its lock timeout "
        "would make it (D)"_s);
    m_breakDeadlock->setFocusPolicy(Qt::NoFocus);
    m_breakDeadlock->setVisible(false);
    m_breakDeadlock->setFont(bold);
    header->addWidget(m_title);
    header->addSpacing(8);
    header->addWidget(m_hint, 1);
    header->addWidget(m_breakDeadlock);
    header->addWidget(m_back);
    layout->addLayout(header);

    // Challenge mode's goal: what to make happen, and how far the student is.
    m_goalRow = new QWidget(this);
    m_goalRow->setObjectName(u"goalRow"_s);
    auto* goalLayout = new QHBoxLayout(m_goalRow);
    goalLayout->setContentsMargins(0, 0, 0, 0);
    m_goal = new QLabel(m_goalRow);
    m_goal->setObjectName(u"goalLabel"_s);
    m_goal->setTextFormat(Qt::PlainText);
    m_goal->setWordWrap(true);
    m_goal->setFont(bold);
    m_goalStatus = new QLabel(m_goalRow);
    m_goalStatus->setObjectName(u"goalStatus"_s);
    m_goalStatus->setTextFormat(Qt::PlainText);
    m_nextChallenge = new QPushButton(u"Next challenge"_s, m_goalRow);
    m_nextChallenge->setObjectName(u"nextChallengeButton"_s);
    m_nextChallenge->setFocusPolicy(Qt::NoFocus);
    m_nextChallenge->setToolTip(u"Open the next challenge of the lesson"_s);
    m_nextChallenge->setVisible(false);
    goalLayout->addWidget(m_goal, 1);
    goalLayout->addWidget(m_goalStatus);
    goalLayout->addWidget(m_nextChallenge);
    m_goalRow->setVisible(false);
    layout->addWidget(m_goalRow);
    connect(m_nextChallenge, &QPushButton::clicked, this, &StepPanel::nextChallengeRequested);

    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(10);
    m_grid->setVerticalSpacing(3);
    m_grid->setColumnStretch(3, 1);
    layout->addLayout(m_grid);

    m_busyTimer = new QTimer(this);
    m_busyTimer->setSingleShot(true);
    m_busyTimer->setInterval(300);
    connect(m_busyTimer, &QTimer::timeout, this, [this] {
        m_hint->setText(u"Working… the database has not answered yet (Esc stops)"_s);
        setCursor(Qt::BusyCursor);
    });
    connect(m_back, &QPushButton::clicked, this, &StepPanel::backRequested);
    connect(m_breakDeadlock, &QPushButton::clicked, this, &StepPanel::breakDeadlockRequested);
    setStopped(QString());
}

void StepPanel::setColors(const Palette& palette)
{
    m_palette = palette;
    restyle();
    if (m_state)
        setState(*m_state); // the parameters' colour is in the rich text
}

void StepPanel::setWorkers(const QStringList& names)
{
    for (Row& row : m_rows) {
        delete row.key;
        delete row.name;
        delete row.run;
        delete row.status;
    }
    m_rows.clear();
    m_looks.clear();
    for (int w = 0; w < names.size(); ++w) {
        Row row;
        row.key = new QLabel(w < 9 ? QString::number(w + 1) : QString(), this);
        row.key->setAlignment(Qt::AlignCenter);
        QFont keyFont = row.key->font();
        keyFont.setBold(true);
        row.key->setFont(keyFont);
        row.key->setToolTip(w < 9 ? u"Press %1 to run %2's next statement"_s.arg(w + 1).arg(names.at(w))
                                  : u"Only workers 1-9 have a key: use the Run button"_s);
        row.name = new QLabel(names.at(w), this);
        QFont bold = row.name->font();
        bold.setBold(true);
        row.name->setFont(bold);
        row.run = new QPushButton(u"Run"_s, this);
        row.run->setObjectName(u"stepRun"_s + names.at(w));
        row.run->setFocusPolicy(Qt::NoFocus);
        row.run->setToolTip(w < 9 ? u"Send %1's next statement (%2)"_s.arg(names.at(w)).arg(w + 1)
                                  : u"Send %1's next statement"_s.arg(names.at(w)));
        row.status = new QLabel(this);
        row.status->setWordWrap(true);
        row.status->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row.status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // wraps rather than widens
        m_grid->addWidget(row.key, w, 0, Qt::AlignTop);
        m_grid->addWidget(row.name, w, 1, Qt::AlignTop);
        m_grid->addWidget(row.run, w, 2, Qt::AlignTop);
        m_grid->addWidget(row.status, w, 3);
        connect(row.run, &QPushButton::clicked, this, [this, w] {
            if (m_rows.at(w).waiting)
                Q_EMIT giveUpRequested(w);
            else
                Q_EMIT stepRequested(w);
        });
        m_rows.append(row);
        m_looks.append(Look::Idle);
    }
    restyle();
    setStopped(QString());
}

void StepPanel::setStopped(const QString& message)
{
    m_state.reset();
    for (int w = 0; w < m_rows.size(); ++w)
        setRow(w, Look::Idle, QString(), QString(), false);
    m_back->setEnabled(false);
    m_breakDeadlock->setVisible(false);
    m_hint->setText(message.isEmpty()
            ? u"Press Run (F5) to start; then the keys 1–9 run each worker's next statement, Backspace goes back"_s
            : message);
}

void StepPanel::setState(const StepState& state)
{
    m_state = state;
    if (state.workers.size() != m_rows.size()) {
        QStringList names;
        for (const StepRun::WorkerView& view : state.workers)
            names.append(view.name);
        setWorkers(names);
    }
    const QStringList names = state.snapshot.trace.workers;
    for (int w = 0; w < state.workers.size(); ++w) {
        const StepRun::WorkerView& view = state.workers.at(w);
        switch (view.state) {
        case StepController::State::Ready: {
            const QString params = paramsText(view.next.params);
            // The label's font is the panel's in its monospace family (setRow): no font in the rich text, whose
            // spans would keep their own size when presenter mode makes the panel's larger.
            QString rich = view.next.sql.toHtmlEscaped();
            QString plain = view.next.sql;
            if (!params.isEmpty()) {
                rich += u"&nbsp;&nbsp;<span style=\"color: %1;\">[%2]</span>"_s.arg(
                    m_palette.color(Palette::Role::TextMuted).name(), params.toHtmlEscaped());
                plain += u"  ["_s + params + u"]"_s;
            }
            setRow(w, Look::Ready, rich, plain, true);
            break;
        }
        case StepController::State::Waiting: {
            const QString text =
                Narration::waiting(names.isEmpty() ? QStringList { view.name } : names, w, view.waitingFor).text;
            setRow(w, Look::Waiting, u"<i>"_s + text.toHtmlEscaped() + u"</i>"_s, text, true);
            break;
        }
        case StepController::State::Finished: {
            const QString text = resultText(view.result);
            setRow(w, view.result.isFailure() ? Look::Bad : Look::Good, u"<b>"_s + text.toHtmlEscaped() + u"</b>"_s,
                text, false);
            break;
        }
        case StepController::State::Starting:
        case StepController::State::Running:
            setRow(w, Look::Running, u"running…"_s, u"running…"_s, false);
            break;
        }
    }
    m_back->setEnabled(!state.history.isEmpty());
    m_breakDeadlock->setVisible(state.deadlocked);
    if (!state.refused.isEmpty())
        m_hint->setText(state.refused);
    else if (state.deadlocked)
        m_hint->setText(u"Deadlock: every worker waits for another. Break it (D), or go back (Backspace)"_s);
    else if (state.finished)
        m_hint->setText(u"Every worker has finished. Backspace goes back; F5 starts over"_s);
    else if (std::ranges::any_of(
                 state.workers, [](const StepRun::WorkerView& v) { return v.state == StepController::State::Waiting; }))
        m_hint->setText(u"Keys 1–9 run a worker's next statement · T times a wait out · Backspace goes back"_s);
    else
        m_hint->setText(u"Keys 1–9 run a worker's next statement · Backspace goes back · Esc stops"_s);
}

void StepPanel::setBusy(bool busy)
{
    if (busy) {
        if (!m_busyTimer->isActive())
            m_busyTimer->start();
        return;
    }
    m_busyTimer->stop();
    unsetCursor();
}

void StepPanel::setGoal(const QString& text)
{
    m_goal->setText(text.isEmpty() ? QString() : u"Goal: "_s + text);
    m_goalRow->setVisible(!text.isEmpty());
    setGoalProgress(0, false, false);
}

void StepPanel::setGoalProgress(int steps, bool reached, bool hasNext)
{
    m_goalReached = reached;
    m_goalStatus->setText(reached
            ? u"\u2714 Goal reached in %1"_s.arg(steps == 1 ? u"1 step"_s : u"%1 steps"_s.arg(steps))
            : steps == 1 ? u"1 step"_s
                         : u"%1 steps"_s.arg(steps));
    QPalette p = m_goalStatus->palette();
    p.setColor(QPalette::WindowText,
        reached ? m_palette.color(Palette::Role::Success) : palette().color(QPalette::WindowText));
    m_goalStatus->setPalette(p);
    QFont f = font();
    f.setBold(reached);
    m_goalStatus->setFont(f);
    m_nextChallenge->setVisible(reached && hasNext);
}

QString StepPanel::goalText() const
{
    return m_goalRow->isVisible() || !m_goal->text().isEmpty() ? m_goal->text() : QString();
}

QString StepPanel::goalStatusText() const
{
    return m_goalStatus->text();
}

QString StepPanel::statusText(int worker) const
{
    return worker >= 0 && worker < m_rows.size() ? m_rows.at(worker).plain : QString();
}

QPushButton* StepPanel::runButton(int worker) const
{
    return worker >= 0 && worker < m_rows.size() ? m_rows.at(worker).run : nullptr;
}

QString StepPanel::hintText() const
{
    return m_hint->text();
}

QList<QLabel*> StepPanel::textLabels() const
{
    QList<QLabel*> labels { m_title, m_hint, m_goal, m_goalStatus };
    for (const Row& row : m_rows)
        labels.append({ row.key, row.name, row.status });
    return labels;
}

void StepPanel::setRow(int worker, Look look, const QString& rich, const QString& plain, bool runnable)
{
    Row& row = m_rows[worker];
    row.plain = plain;
    // A waiting worker's button ends the wait as its timeout would: in a real run that is what a wait comes to when
    // the holder keeps its lock longer than busy_timeout_ms / lock_timeout allow.
    row.waiting = look == Look::Waiting;
    row.run->setText(row.waiting ? u"Time out"_s : u"Run"_s);
    const QString name = row.name->text();
    const QString key = worker < 9 ? u" (%1)"_s.arg(worker + 1) : QString();
    row.run->setToolTip(row.waiting
            ? u"End %1's wait now, as the database's lock timeout would: SQLite answers \"database is locked\", "
              "PostgreSQL 55P03, MariaDB 1205 (T times out the wait that began first)"_s.arg(name)
            : u"Send %1's next statement%2"_s.arg(name, key));
    row.status->setTextFormat(Qt::RichText);
    row.status->setText(rich.isEmpty() ? u"—"_s : rich);
    row.status->setToolTip(plain);
    row.run->setEnabled(runnable);
    m_looks[worker] = look;
    styleRow(worker);
}

QFont StepPanel::statementFont() const
{
    QFont mono = font();
    mono.setFamily(QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    mono.setStyleHint(QFont::Monospace);
    return mono;
}

// A row's colours and font, from the panel's palette and font: no style sheet, so that a change of the panel's font
// (presenter mode) reaches every line.
void StepPanel::styleRow(int worker)
{
    const Row& row = m_rows.at(worker);
    const Look look = m_looks.value(worker);
    QPalette p = palette();
    p.setColor(QPalette::WindowText, colorFor(look));
    row.status->setPalette(p);
    row.status->setFont(look == Look::Ready ? statementFont() : font());
    QFont bold = font();
    bold.setBold(true);
    row.key->setFont(bold);
    row.name->setFont(bold);
}

QColor StepPanel::colorFor(Look look) const
{
    switch (look) {
    case Look::Waiting:
        return m_palette.color(Palette::Role::Arrow);
    case Look::Good:
        return m_palette.color(Palette::Role::Success);
    case Look::Bad:
        return m_palette.color(Palette::Role::ErrorForeground);
    case Look::Idle:
    case Look::Running:
        return m_palette.color(Palette::Role::TextMuted);
    case Look::Ready:
        break;
    }
    return palette().color(QPalette::WindowText);
}

void StepPanel::restyle()
{
    // The key caps keep a border drawn by a style sheet that names no font: their font is set (bold, the panel's
    // size) in styleRow.
    const QString keyStyle = u"QLabel { border: 2px solid %1; border-radius: 4px; padding: 0px 6px; "
                             "background: %2; color: %1; }"_s.arg(m_palette.color(Palette::Role::Text).name(),
                                 m_palette.color(Palette::Role::LaneBackground).name());
    for (int w = 0; w < m_rows.size(); ++w) {
        m_rows[w].key->setStyleSheet(keyStyle);
        styleRow(w);
    }
    QPalette deadlock = m_breakDeadlock->palette();
    deadlock.setColor(QPalette::ButtonText, m_palette.color(Palette::Role::ErrorForeground));
    m_breakDeadlock->setPalette(deadlock);
}

void StepPanel::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        // The labels with fonts of their own (bold, monospace) follow the panel's size (presenter mode).
        QFont bold = font();
        bold.setBold(true);
        for (int w = 0; w < m_rows.size(); ++w)
            styleRow(w);
        m_title->setFont(bold);
        m_breakDeadlock->setFont(bold);
        m_goal->setFont(bold);
        QFont status = font();
        status.setBold(m_goalReached);
        m_goalStatus->setFont(status);
    }
}

} // namespace interleave
