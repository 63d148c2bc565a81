// SPDX-License-Identifier: MIT
#pragma once

#include "narration.h"
#include "palette.h"

#include <QListWidget>

namespace interleave {

// The story of a run, a sentence per line, newest at the bottom. The sentences of the current step are
// highlighted and scrolled into view, so a class can follow along on a projector.
class NarrationView : public QListWidget {
    Q_OBJECT
public:
    explicit NarrationView(QWidget* parent = nullptr);

    void setColors(const Palette& palette);
    // `currentFrom`: lines[currentFrom..] are what the last step did (highlighted); -1 highlights nothing.
    void setLines(const QList<NarrationLine>& lines, int currentFrom = -1);
    void clearLines();

    QStringList texts() const;
    QList<int> currentRows() const;
    const QList<NarrationLine>& lines() const { return m_lines; }

Q_SIGNALS:
    void eventActivated(int event); // a sentence about a trace event was clicked

protected:
    void changeEvent(QEvent* event) override;

private:
    void restyle();

    Palette m_palette;
    QList<NarrationLine> m_lines;
    int m_currentFrom = -1;
};

} // namespace interleave
