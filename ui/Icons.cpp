#include "Icons.h"

#include "SvgIconEngine.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

// resources.qrc is compiled into the static ui library; nothing else would reference it, so the
// linker would drop it from the executables. Q_INIT_RESOURCE must be called outside a namespace.
static void initQuarryResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace quarry {

namespace {

Q_LOGGING_CATEGORY(lcIcons, "quarry.ui.icons")

// The grey the action icons are drawn in; SvgIconEngine swaps it for the palette's text colour.
// Drawn as it is (in a file manager, say), it reads on light and dark backgrounds alike.
constexpr auto neutralColour = "#808080";

const QString actionsFolder = u":/icons/actions/"_s;

void ensureResources()
{
    static const bool once = (initQuarryResources(), true);
    Q_UNUSED(once);
}

QIcon loadSvg(const QString &name, const QString &path, const QByteArray &neutral)
{
    ensureResources();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcIcons, "No icon named \"%s\" (%s)", qUtf8Printable(name), qUtf8Printable(path));
        return {};
    }
    return QIcon(new SvgIconEngine(name, file.readAll(), neutral));
}

} // namespace

QIcon icon(const QString &name)
{
    return loadSvg(name, actionsFolder + name + u".svg"_s, QByteArray(neutralColour));
}

QStringList iconNames()
{
    ensureResources();
    QStringList names;
    const QStringList files = QDir(actionsFolder).entryList({u"*.svg"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        names << file.chopped(4);
    return names;
}

QIcon applicationIcon()
{
    return loadSvg(u"quarry"_s, u":/icons/quarry.svg"_s, {});
}

} // namespace quarry
