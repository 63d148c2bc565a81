// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QFont>
#include <QList>
#include <QPointer>
#include <QRect>
#include <QWidget>

class QMainWindow;
class QSplitter;
class QTableView;

namespace interleave {

// Presenter mode for a projector at the back of a classroom: full screen, every font 1.6 times larger, and only
// the panes the class needs; the toolbars, docks, menu and status bars go. leave() puts back exactly what
// enter() changed: window geometry and state, fonts, which panes were visible, splitter positions, row heights.
// The colour theme is the window's business (it owns the palette).
class PresenterMode : public QObject {
    Q_OBJECT
public:
    static constexpr double fontScale = 1.6;
    static constexpr double minimumPointSize = 16; // what still reads from the back of a room on a 1080p projector

    explicit PresenterMode(QMainWindow* window);

    bool isActive() const { return m_active; }
    // false: the window keeps its size (a screenshot of presenter mode at a given size); true, the default: full
    // screen.
    void setFullScreen(bool fullScreen) { m_fullScreen = fullScreen; }
    void enter(const QList<QWidget*>& hide, const QList<QWidget*>& show);
    void leave();
    // The factor fonts grow by: 1.6, or more when that would still be smaller than minimumPointSize.
    static double scaleFor(const QFont& font);

Q_SIGNALS:
    void resized(); // the full-screen window got its size (later than enter(), on a real desktop)

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setVisible(QWidget* widget, bool visible);

    QMainWindow* m_window;
    bool m_active = false;
    bool m_fullScreen = true;
    double m_scale = fontScale;
    QRect m_geometry;
    Qt::WindowStates m_windowState;
    bool m_fontWasSet = false;
    QFont m_font;
    struct Saved {
        QPointer<QWidget> widget;
        bool visible = false;
    };
    QList<Saved> m_visibility;
    struct SavedFont {
        QPointer<QWidget> widget;
        QFont font;
    };
    QList<SavedFont> m_fonts; // widgets whose own font fixes its size: scaled one by one
    struct SavedSplitter {
        QPointer<QSplitter> splitter;
        QByteArray state;
    };
    QList<SavedSplitter> m_splitters;
    struct SavedRowHeight {
        QPointer<QTableView> view;
        int height = 0;
    };
    QList<SavedRowHeight> m_rowHeights;
};

} // namespace interleave
