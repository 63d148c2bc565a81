// SPDX-License-Identifier: MIT
#include "descriptionlabel.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QTextLayout>

using namespace Qt::StringLiterals;

namespace interleave {

DescriptionLabel::DescriptionLabel(QWidget* parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setCursor(Qt::PointingHandCursor);
}

void DescriptionLabel::setDescription(const QString& text)
{
    m_text = text;
    m_folded = true;
    setToolTip(QString());
    refold();
}

void DescriptionLabel::setMaximumLines(int lines)
{
    m_maxLines = std::max(1, lines);
    refold();
}

void DescriptionLabel::setFolded(bool folded)
{
    m_folded = folded;
    refold();
}

void DescriptionLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    if (m_foldedWidth != width())
        refold();
}

void DescriptionLabel::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && (isElided() || !m_folded)) {
        setFolded(!m_folded);
        event->accept();
        return;
    }
    QLabel::mousePressEvent(event);
}

void DescriptionLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        refold();
}

void DescriptionLabel::refold()
{
    m_foldedWidth = width();
    const double lineWidth = std::max(100, contentsRect().width());
    if (!m_folded || m_text.isEmpty()) {
        setText(m_text);
        setToolTip(m_folded ? QString() : u"Click to fold the description"_s);
        return;
    }
    // Lay the text out as the label will wrap it, and keep the lines that fit.
    QTextLayout layout(m_text, font());
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    int lines = 0;
    int cut = -1;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(lineWidth);
        if (++lines == m_maxLines)
            cut = line.textStart() + line.textLength();
    }
    layout.endLayout();
    if (lines <= m_maxLines || cut < 0) {
        setText(m_text);
        setToolTip(QString());
        return;
    }
    // The last kept line ends in "… more", cut at a word so that it still fits.
    const QFontMetricsF metrics(font());
    const QString more = u" … more"_s;
    const int lastStart = layout.lineAt(m_maxLines - 1).textStart();
    QString lastLine = m_text.mid(lastStart, cut - lastStart).trimmed();
    while (!lastLine.isEmpty() && metrics.horizontalAdvance(lastLine + more) > lineWidth - 4)
        lastLine.chop(1);
    const qsizetype space = lastLine.lastIndexOf(u' ');
    if (space > lastLine.size() / 2)
        lastLine.truncate(space);
    setText(m_text.left(lastStart) + lastLine + more);
    setToolTip(u"Click to read the whole description"_s);
}

} // namespace interleave
