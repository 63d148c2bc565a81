// SPDX-License-Identifier: MIT
#include "presentermode.h"

#include <QDockWidget>
#include <QEvent>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace interleave {

namespace {

QFont scaled(QFont font, double factor)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else if (font.pixelSize() > 0)
        font.setPixelSize(qRound(font.pixelSize() * factor));
    return font;
}

} // namespace

PresenterMode::PresenterMode(QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
}

double PresenterMode::scaleFor(const QFont& font)
{
    const double points = font.pointSizeF() > 0 ? font.pointSizeF() : font.pixelSize() * 72.0 / 96.0;
    return points > 0 ? std::max(fontScale, minimumPointSize / points) : fontScale;
}

bool PresenterMode::eventFilter(QObject* watched, QEvent* event)
{
    if (m_active && watched == m_window && event->type() == QEvent::Resize)
        QTimer::singleShot(0, this, &PresenterMode::resized); // once the layouts have their new sizes
    return QObject::eventFilter(watched, event);
}

void PresenterMode::setVisible(QWidget* widget, bool visible)
{
    if (!widget)
        return;
    // isVisibleTo: the pane's own setting, also while the window itself is hidden (tests, a minimised window).
    m_visibility.append({ widget, !widget->isHidden() });
    widget->setVisible(visible);
}

void PresenterMode::enter(const QList<QWidget*>& hide, const QList<QWidget*>& show)
{
    if (m_active)
        return;
    m_active = true;
    m_geometry = m_window->geometry();
    m_windowState = m_window->windowState();
    m_visibility.clear();
    m_fonts.clear();
    m_splitters.clear();
    m_rowHeights.clear();

    for (QSplitter* splitter : m_window->findChildren<QSplitter*>())
        m_splitters.append({ splitter, splitter->saveState() });
    for (QWidget* widget : hide)
        setVisible(widget, false);
    for (QToolBar* bar : m_window->findChildren<QToolBar*>())
        setVisible(bar, false);
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
        setVisible(dock, false);
    setVisible(m_window->menuBar(), false);
    setVisible(m_window->statusBar(), false);
    for (QWidget* widget : show)
        setVisible(widget, true);

    // Widgets that set a size of their own (titles) do not follow the window's font: scale them one by one. They
    // are found before the window's font changes, so none is scaled twice.
    for (QWidget* widget : m_window->findChildren<QWidget*>()) {
        if (widget->testAttribute(Qt::WA_SetFont) && (widget->font().resolveMask() & QFont::SizeResolved))
            m_fonts.append({ widget, widget->font() });
    }
    m_fontWasSet = m_window->testAttribute(Qt::WA_SetFont);
    m_font = m_window->font();
    m_scale = scaleFor(m_window->font());
    m_window->setFont(scaled(m_window->font(), m_scale));
    for (const SavedFont& saved : std::as_const(m_fonts)) {
        if (saved.widget)
            saved.widget->setFont(scaled(saved.font, m_scale));
    }
    // Table rows were sized for the old font.
    for (QTableView* view : m_window->findChildren<QTableView*>()) {
        const int height = view->verticalHeader()->defaultSectionSize();
        m_rowHeights.append({ view, height });
        view->verticalHeader()->setDefaultSectionSize(qRound(height * m_scale));
    }
    m_window->installEventFilter(this);
    if (m_fullScreen)
        m_window->showFullScreen();
    QTimer::singleShot(0, this, &PresenterMode::resized);
}

void PresenterMode::leave()
{
    if (!m_active)
        return;
    m_active = false;
    m_window->removeEventFilter(this);
    m_window->setFont(m_fontWasSet ? m_font : QFont());
    if (!m_fontWasSet)
        m_window->setAttribute(Qt::WA_SetFont, false);
    for (const SavedFont& saved : std::as_const(m_fonts)) {
        if (saved.widget)
            saved.widget->setFont(saved.font);
    }
    for (const SavedRowHeight& saved : std::as_const(m_rowHeights)) {
        if (saved.view)
            saved.view->verticalHeader()->setDefaultSectionSize(saved.height);
    }
    // In reverse: a widget changed twice (hidden, then shown) gets its first state back.
    for (qsizetype i = m_visibility.size() - 1; i >= 0; --i) {
        if (const Saved& saved = m_visibility.at(i); saved.widget)
            saved.widget->setVisible(saved.visible);
    }
    m_window->setWindowState(m_windowState);
    if (!(m_windowState & (Qt::WindowMaximized | Qt::WindowFullScreen)))
        m_window->setGeometry(m_geometry); // the client area, exactly (restoreGeometry() guesses the frame)
    for (const SavedSplitter& saved : std::as_const(m_splitters)) {
        if (saved.splitter)
            saved.splitter->restoreState(saved.state);
    }
}

} // namespace interleave
