// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <array>

namespace interleave {

// The one place colours come from (STYLE.md): the timeline, the models and the window all ask a Palette, so a
// theme switch is a data change, never an edit of paint code.
class Palette {
public:
    enum class Theme { Light, Dark, HighContrast };

    enum class Role {
        Background, // behind everything in the timeline
        LaneBackground,
        LaneBackgroundAlt, // every second lane, so lanes read as rows
        LaneHeader, // the fixed column with the worker names
        TableLane, // the lane that shows the table's rows
        Grid,
        Text,
        TextMuted, // recipe names, axis numbers, NULL values
        DisabledText, // the widgets' disabled state
        Select,
        Insert,
        Write, // UPDATE, DELETE and other writes
        Transaction, // BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE
        Other,
        BoxText, // labels on the statement boxes above
        Error, // a failed statement's box
        ErrorText, // the label on an error box
        ErrorForeground, // error text on the ordinary background (the log)
        LockWait,
        LockWaitHatch,
        Arrow,
        Success, // result badges: created, got
        Failure, // result badges: IntegrityError, MultipleObjectsReturned, ...
        BadgeText,
        RowMarker, // a final row in the table lane
        Duplicate, // a duplicate row, in the table lane and the rows view
        DuplicateText,
        Highlight, // the box under the mouse
        // An anomaly's cycle: each kind of dependency its own colour (and the painter its own line style), the
        // boxes it joins framed in Cycle.
        DependencyWW,
        DependencyWR,
        DependencyRW,
        DependencyPredicateRW,
        Cycle,
        Version, // a row version's write marker and line in the table lane
        // The isolation lab's matrix: a cell's chip by its outcome (its text is BoxText), and a departure from the
        // documented behaviour (its corner mark and footnote number).
        CellOccurred,
        CellBlocked,
        CellAborted,
        CellPrevented,
        CellNotRun,
        CellFailed,
        Departure,
        Count_
    };

    explicit Palette(Theme theme = Theme::Light);

    Theme theme() const { return m_theme; }
    QColor color(Role role) const { return m_colors.at(static_cast<std::size_t>(role)); }

    static QString themeName(Theme theme); // "Light", "Dark", "High contrast"

    // The widgets' palette for this theme, so tables and labels around the timeline match it. The light theme
    // keeps the desktop's own palette (`base`).
    QPalette widgetPalette(const QPalette& base) const;

private:
    Theme m_theme;
    std::array<QColor, static_cast<std::size_t>(Role::Count_)> m_colors;
};

} // namespace interleave
