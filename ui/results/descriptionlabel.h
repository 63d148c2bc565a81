// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace interleave {

// A scenario's description above the timeline: wrapped, but at most a few lines, so a long story does not push the
// timeline down (the editor dock and the tooltip hold the whole text). A click shows it all; another folds it.
class DescriptionLabel : public QLabel {
    Q_OBJECT
public:
    explicit DescriptionLabel(QWidget* parent = nullptr);

    void setDescription(const QString& text);
    QString description() const { return m_text; }
    void setMaximumLines(int lines);
    int maximumLines() const { return m_maxLines; }
    bool isFolded() const { return m_folded; }
    void setFolded(bool folded);
    bool isElided() const { return text() != m_text; } // the shown text is cut short

protected:
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void refold();

    QString m_text;
    int m_maxLines = 2;
    bool m_folded = true;
    int m_foldedWidth = -1;
};

} // namespace interleave
