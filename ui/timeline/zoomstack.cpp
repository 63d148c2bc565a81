// SPDX-License-Identifier: MIT
#include "zoomstack.h"

#include <QAction>
#include <QKeySequence>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace interleave {

ZoomStack::ZoomStack(QObject* parent)
    : QObject(parent)
{
    const auto make = [this](const QString& text, const QString& name, const QList<QKeySequence>& keys,
                          const QString& tip, void (ZoomStack::*slot)()) {
        auto* action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        // Window-wide: Ctrl+Shift+Z (Redo in editors) is avoided on purpose.
        action->setShortcutContext(Qt::WindowShortcut);
        action->setToolTip(tip + u" ("_s + keys.value(0).toString(QKeySequence::NativeText) + u")"_s);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_zoomIn = make(u"Zoom &In"_s, u"zoomInAction"_s, { QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal) },
        u"Magnify the timeline"_s, &ZoomStack::zoomIn);
    m_zoomOut = make(
        u"Zoom &Out"_s, u"zoomOutAction"_s, { QKeySequence::ZoomOut }, u"Show more of the run"_s, &ZoomStack::zoomOut);
    m_zoomToSelection =
        make(u"Zoom to &Selection"_s, u"zoomToSelectionAction"_s, { QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z) },
            u"Zoom to the selected statement, or Shift+drag across the timeline"_s, &ZoomStack::zoomToSelection);
    m_back = make(u"Zoom &Back"_s, u"zoomBackAction"_s, { QKeySequence(Qt::ALT | Qt::Key_Left) },
        u"Back to the previous zoom"_s, &ZoomStack::back);
    m_reset = make(u"&Fit Whole Run"_s, u"resetZoomAction"_s, { QKeySequence(Qt::CTRL | Qt::Key_0) },
        u"Show every statement of the run at once"_s, &ZoomStack::reset);
    updateActions();
}

void ZoomStack::setLength(double length)
{
    m_length = length;
    updateActions();
}

void ZoomStack::setSelection(ZoomRange selection)
{
    m_selection = selection;
    updateActions();
}

ZoomRange ZoomStack::clamped(ZoomRange range) const
{
    if (range.end < range.start)
        std::swap(range.start, range.end);
    double length = std::max(range.length(), m_minimumLength);
    if (m_length > 0 && length >= m_length)
        return {}; // all of it: the whole run
    const double middle = (range.start + range.end) / 2;
    range = { middle - length / 2, middle + length / 2 };
    if (range.start < 0)
        range = { 0, length };
    if (m_length > 0 && range.end > m_length)
        range = { m_length - length, m_length };
    return range;
}

void ZoomStack::zoomTo(ZoomRange range, bool coalesce)
{
    range = clamped(range);
    if (range == current())
        return;
    if (range.isNull()) {
        reset();
        return;
    }
    if (coalesce && m_lastCoalesced && !m_stack.isEmpty())
        m_stack.last() = range;
    else
        m_stack.append(range);
    m_lastCoalesced = coalesce;
    updateActions();
    Q_EMIT zoomChanged(range);
}

void ZoomStack::zoomAround(double anchor, double factor, bool coalesce)
{
    if (factor <= 0)
        return;
    const ZoomRange visible = m_visible.isNull() ? ZoomRange { 0, m_length } : m_visible;
    zoomTo({ anchor - (anchor - visible.start) / factor, anchor + (visible.end - anchor) / factor }, coalesce);
}

void ZoomStack::zoomIn()
{
    const ZoomRange visible = m_visible.isNull() ? ZoomRange { 0, m_length } : m_visible;
    zoomAround((visible.start + visible.end) / 2, 2);
}

void ZoomStack::zoomOut()
{
    const ZoomRange visible = m_visible.isNull() ? ZoomRange { 0, m_length } : m_visible;
    zoomAround((visible.start + visible.end) / 2, 0.5);
}

void ZoomStack::zoomToSelection()
{
    if (!m_selection.isNull())
        zoomTo(m_selection);
}

void ZoomStack::back()
{
    if (m_stack.isEmpty())
        return;
    m_stack.removeLast();
    m_lastCoalesced = false;
    updateActions();
    Q_EMIT zoomChanged(current());
}

void ZoomStack::reset()
{
    m_lastCoalesced = false;
    if (m_stack.isEmpty() && (m_fitWhole || m_length <= 0))
        return;
    m_stack.clear();
    m_fitWhole = true;
    updateActions();
    Q_EMIT zoomChanged({});
}

void ZoomStack::clear()
{
    m_selection = {};
    m_visible = {};
    m_lastCoalesced = false;
    m_fitWhole = false;
    const bool zoomed = isZoomed();
    m_stack.clear();
    updateActions();
    if (zoomed)
        Q_EMIT zoomChanged({});
}

void ZoomStack::updateActions()
{
    const bool hasRun = m_length > 0;
    m_zoomIn->setEnabled(hasRun);
    m_zoomOut->setEnabled(hasRun && isZoomed());
    m_reset->setEnabled(hasRun);
    m_back->setEnabled(isZoomed());
    m_zoomToSelection->setEnabled(hasRun && !m_selection.isNull());
}

} // namespace interleave
