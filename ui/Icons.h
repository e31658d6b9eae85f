// Quarry's icons: the SVG documents of resources/, drawn in the current palette's colours.
#pragma once

#include <QIcon>
#include <QString>
#include <QStringList>

namespace quarry {

// The action icon `name`: resources/actions/<name>.svg, e.g. icon(u"new-user"_s). Its neutral
// strokes are drawn in the application palette's text colour each time the icon is drawn, so it
// follows the light and dark themes; it is rendered at the target's device pixel ratio, so it is
// crisp at 200%. An unknown name warns (a typo) and gives a null icon.
QIcon icon(const QString &name);

// The names icon() knows, sorted.
QStringList iconNames();

// The application icon, resources/quarry.svg, in its own colours.
QIcon applicationIcon();

} // namespace quarry
