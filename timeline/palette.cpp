// SPDX-License-Identifier: MIT
#include "palette.h"

using namespace Qt::StringLiterals;

namespace interleave {

namespace {

struct Entry {
    Palette::Role role;
    QRgb light;
    QRgb dark;
    QRgb highContrast;
};

// Fills are pale in the light theme and deep in the dark one so the labels on them keep their contrast; the
// high-contrast theme uses black, white and saturated colours only, for projectors in bright rooms.
constexpr Entry entries[] = {
    { Palette::Role::Background, 0xffffffff, 0xff1e1f22, 0xffffffff },
    { Palette::Role::LaneBackground, 0xfffbfbfc, 0xff25272b, 0xffffffff },
    { Palette::Role::LaneBackgroundAlt, 0xfff1f3f6, 0xff2c2f34, 0xffe6e6e6 },
    { Palette::Role::LaneHeader, 0xffe8ebf0, 0xff33363c, 0xffd0d0d0 },
    { Palette::Role::TableLane, 0xfffff8e6, 0xff2f2b22, 0xfffff4c2 },
    { Palette::Role::Grid, 0xffd5d9e0, 0xff454850, 0xff000000 },
    { Palette::Role::Text, 0xff1d2125, 0xffe6e8eb, 0xff000000 },
    { Palette::Role::TextMuted, 0xff5f6670, 0xff9aa1ab, 0xff000000 },
    { Palette::Role::DisabledText, 0xffa0a5ad, 0xff6b6f76, 0xff808080 },
    { Palette::Role::Select, 0xffcfe2fb, 0xff2b4a72, 0xff7fb2ff },
    { Palette::Role::Insert, 0xffcdebd0, 0xff2d5a35, 0xff6fdc7c },
    { Palette::Role::Write, 0xffe6d8f5, 0xff4e3a69, 0xffc69cff },
    { Palette::Role::Transaction, 0xffe3e5e8, 0xff43464d, 0xffd9d9d9 },
    { Palette::Role::Other, 0xfff3e6d3, 0xff5a4a34, 0xffffd49a },
    { Palette::Role::BoxText, 0xff1d2125, 0xfff0f2f4, 0xff000000 },
    { Palette::Role::Error, 0xffd32f2f, 0xffe05555, 0xffcc0000 },
    { Palette::Role::ErrorText, 0xffffffff, 0xff1e1f22, 0xffffffff },
    { Palette::Role::ErrorForeground, 0xffc62828, 0xffff8a80, 0xffcc0000 },
    { Palette::Role::LockWait, 0xffffe3a3, 0xff6b5217, 0xffffd000 },
    { Palette::Role::LockWaitHatch, 0xffd99a00, 0xffe0a82e, 0xff000000 },
    { Palette::Role::Arrow, 0xffb26a00, 0xffffb74d, 0xff000000 },
    { Palette::Role::Success, 0xff2e7d32, 0xff66bb6a, 0xff006400 },
    { Palette::Role::Failure, 0xffc62828, 0xffef5350, 0xffcc0000 },
    { Palette::Role::BadgeText, 0xffffffff, 0xff111214, 0xffffffff },
    { Palette::Role::RowMarker, 0xffd8dce3, 0xff4a4e57, 0xffffffff },
    { Palette::Role::Duplicate, 0xffffcdd2, 0xff6d2a2e, 0xffff9e9e },
    { Palette::Role::DuplicateText, 0xff1d2125, 0xfff0f2f4, 0xff000000 },
    { Palette::Role::Highlight, 0xff1565c0, 0xff90caf9, 0xff0000ff },
    { Palette::Role::DependencyWW, 0xff6a1b9a, 0xffce93d8, 0xff7a00cc },
    { Palette::Role::DependencyWR, 0xff00796b, 0xff4dd0c0, 0xff006b00 },
    { Palette::Role::DependencyRW, 0xffd84315, 0xffff8a50, 0xffe03c00 },
    { Palette::Role::DependencyPredicateRW, 0xffad1457, 0xfff48fb1, 0xffc8007a },
    { Palette::Role::Cycle, 0xff263238, 0xfffff59d, 0xff000000 },
    { Palette::Role::Version, 0xff5e35b1, 0xffb39ddb, 0xff000000 },
    // The matrix's chips: red for an anomaly that happened, amber for a wait, orange for an abort, green for a
    // snapshot; pale enough in the light theme for BoxText on them, deep enough in the dark one for its light text.
    { Palette::Role::CellOccurred, 0xfff4a3a3, 0xff8a2f2f, 0xffff5c5c },
    { Palette::Role::CellBlocked, 0xffffe08a, 0xff6b6214, 0xffffd000 },
    { Palette::Role::CellAborted, 0xfff9bf8f, 0xff8c4514, 0xffff9a3c },
    { Palette::Role::CellPrevented, 0xffb9e4bf, 0xff2d5a35, 0xff6fdc7c },
    { Palette::Role::CellNotRun, 0xffeceff1, 0xff33363c, 0xffffffff },
    { Palette::Role::CellFailed, 0xffd7ccc8, 0xff4e3f3a, 0xffc0c0c0 },
    { Palette::Role::Departure, 0xff6a1b9a, 0xffe1a6ff, 0xff0000ff },
};
static_assert(
    std::size(entries) == static_cast<std::size_t>(Palette::Role::Count_), "every role needs a colour in every theme");

} // namespace

Palette::Palette(Theme theme)
    : m_theme(theme)
{
    for (const Entry& entry : entries) {
        const QRgb rgb = theme == Theme::Light ? entry.light : theme == Theme::Dark ? entry.dark : entry.highContrast;
        m_colors.at(static_cast<std::size_t>(entry.role)) = QColor::fromRgba(rgb);
    }
}

QPalette Palette::widgetPalette(const QPalette& base) const
{
    if (m_theme == Theme::Light)
        return base;
    QPalette palette = base;
    const auto set = [&palette](QPalette::ColorRole role, const QColor& color) {
        palette.setColor(QPalette::All, role, color);
    };
    set(QPalette::Window, color(Role::LaneHeader));
    set(QPalette::WindowText, color(Role::Text));
    set(QPalette::Base, color(Role::Background));
    set(QPalette::AlternateBase, color(Role::LaneBackgroundAlt));
    set(QPalette::Text, color(Role::Text));
    set(QPalette::Button, color(Role::LaneHeader));
    set(QPalette::ButtonText, color(Role::Text));
    set(QPalette::BrightText, color(Role::ErrorForeground));
    set(QPalette::Highlight, color(Role::Highlight));
    set(QPalette::HighlightedText, color(Role::Background));
    set(QPalette::ToolTipBase, color(Role::LaneHeader));
    set(QPalette::ToolTipText, color(Role::Text));
    set(QPalette::PlaceholderText, color(Role::TextMuted));
    set(QPalette::Link, color(Role::Highlight));
    set(QPalette::Light, color(Role::LaneBackgroundAlt).lighter(130));
    set(QPalette::Midlight, color(Role::LaneBackgroundAlt));
    set(QPalette::Mid, color(Role::Grid));
    set(QPalette::Dark, color(Role::Grid).darker(130));
    set(QPalette::Shadow, color(Role::Grid).darker(200));
    // Disabled widgets read as disabled: their text takes the muted colour.
    for (const QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, color(Role::DisabledText));
    return palette;
}

QString Palette::themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"Light"_s;
    case Theme::Dark:
        return u"Dark"_s;
    case Theme::HighContrast:
        return u"High contrast"_s;
    }
    return {};
}

} // namespace interleave
