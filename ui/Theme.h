// Light, dark and follow-the-system themes. Qt 6.4 has no colour-scheme hint, so Light and Dark
// are the Fusion style with a palette of our own; System leaves the platform's style and palette.
#pragma once

#include <QColor>
#include <QString>

class QPalette;

namespace quarry {

enum class Theme { System, Light, Dark };

// Applies `theme` to the whole application; widgets repaint, and the icons of ui/Icons.h follow
// the new palette. The first call remembers the platform's style so that System can return to it.
void applyTheme(Theme theme);

QPalette lightPalette();
QPalette darkPalette();

// The settings spelling: "system", "light", "dark".
QString themeToString(Theme theme);
// Unknown or empty text (an old or hand-edited settings file) gives `fallback`.
Theme themeFromString(const QString &text, Theme fallback = Theme::System);

// Whether text is drawn light on dark in `palette`.
bool isDark(const QPalette &palette);
// QPalette has no role for errors: a red that reads on the palette's base and window colours.
QColor errorColor(const QPalette &palette);

} // namespace quarry
