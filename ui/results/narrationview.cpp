// SPDX-License-Identifier: MIT
#include "narrationview.h"

#include "resultpane.h"

#include <QEvent>

using namespace Qt::StringLiterals;

namespace interleave {

namespace {
constexpr int EventRole = Qt::UserRole + 1;
}

NarrationView::NarrationView(QWidget* parent)
    : QListWidget(parent)
{
    setObjectName(u"narrationView"_s);
    setWordWrap(true);
    setUniformItemSizes(false);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust); // word wrap follows the width
    setSpacing(1);
    setToolTip(u"What happened, in plain words; the sentences of the last step are highlighted"_s);
    connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int event = item->data(EventRole).toInt();
        if (event >= 0)
            Q_EMIT eventActivated(event);
    });
}

void NarrationView::setColors(const Palette& palette)
{
    m_palette = palette;
    restyle();
}

void NarrationView::setLines(const QList<NarrationLine>& lines, int currentFrom)
{
    const bool appended =
        lines.size() >= m_lines.size() && std::equal(m_lines.cbegin(), m_lines.cend(), lines.cbegin());
    m_lines = lines;
    m_currentFrom = currentFrom;
    if (!appended)
        clear();
    for (qsizetype i = count(); i < m_lines.size(); ++i) {
        // A long value in a sentence is elided in the middle; the tooltip (and texts()) keep the sentence whole.
        const QString& text = m_lines.at(i).text;
        auto* item = new QListWidgetItem(elideLongWords(text), this);
        if (item->text() != text)
            item->setToolTip(text);
        item->setData(EventRole, m_lines.at(i).event);
    }
    restyle();
    if (m_currentFrom >= 0 && m_currentFrom < count())
        scrollToItem(item(m_currentFrom), QAbstractItemView::PositionAtTop);
    if (count() > 0)
        scrollToItem(item(count() - 1), QAbstractItemView::EnsureVisible);
}

void NarrationView::clearLines()
{
    m_lines.clear();
    m_currentFrom = -1;
    clear();
}

QStringList NarrationView::texts() const
{
    QStringList out;
    for (const NarrationLine& line : m_lines)
        out.append(line.text);
    return out;
}

QList<int> NarrationView::currentRows() const
{
    QList<int> rows;
    if (m_currentFrom >= 0)
        for (int i = m_currentFrom; i < m_lines.size(); ++i)
            rows.append(i);
    return rows;
}

void NarrationView::changeEvent(QEvent* event)
{
    QListWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        restyle(); // the items carry their own (bold) fonts, made from the view's
}

void NarrationView::restyle()
{
    for (int i = 0; i < count() && i < m_lines.size(); ++i) {
        QListWidgetItem* it = item(i);
        const NarrationLine& line = m_lines.at(i);
        Palette::Role role = Palette::Role::Text;
        switch (line.tone) {
        case NarrationLine::Tone::Good:
            role = Palette::Role::Success;
            break;
        case NarrationLine::Tone::Bad:
            role = Palette::Role::ErrorForeground;
            break;
        case NarrationLine::Tone::Wait:
            role = Palette::Role::Arrow;
            break;
        case NarrationLine::Tone::Plain:
            break;
        }
        const bool current = m_currentFrom >= 0 && i >= m_currentFrom;
        QFont f = font();
        f.setBold(current || line.worker < 0);
        it->setFont(f);
        it->setForeground(m_palette.color(role));
        it->setBackground(current ? m_palette.color(Palette::Role::Select) : QBrush());
    }
}

} // namespace interleave
