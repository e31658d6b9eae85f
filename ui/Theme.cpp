#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <memory>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

const QString fusion = u"Fusion"_s;

// The style the platform chose (or -style asked for), before any theme replaced it.
QString platformStyleName()
{
    static const QString name = QApplication::style() ? QApplication::style()->name() : fusion;
    return name;
}

void setStyleNamed(const QString &name)
{
    // Setting the same style again would re-polish every widget for nothing.
    if (QApplication::style()
        && QApplication::style()->name().compare(name, Qt::CaseInsensitive) == 0)
        return;
    QApplication::setStyle(name);
}

} // namespace

void applyTheme(Theme theme)
{
    platformStyleName();
    switch (theme) {
    case Theme::System:
        // A palette with no roles set resolves to the platform theme's palette again.
        QApplication::setPalette(QPalette());
        setStyleNamed(platformStyleName());
        break;
    case Theme::Light:
        setStyleNamed(fusion);
        QApplication::setPalette(lightPalette());
        break;
    case Theme::Dark:
        setStyleNamed(fusion);
        QApplication::setPalette(darkPalette());
        break;
    }
}

QPalette lightPalette()
{
    // Fusion's own palette is the light one; taken from a private instance so the current
    // application style does not matter.
    const std::unique_ptr<QStyle> style(QStyleFactory::create(fusion));
    QPalette palette = style->standardPalette();
    palette.setColor(QPalette::PlaceholderText, QColor(0x6e, 0x6e, 0x6e));
    return palette;
}

QPalette darkPalette()
{
    const QColor window(0x2a, 0x2e, 0x32);
    const QColor base(0x1e, 0x21, 0x24);
    const QColor button(0x33, 0x38, 0x3d);
    const QColor text(0xf0, 0xf1, 0xf2);
    const QColor disabledText(0x7c, 0x81, 0x86);
    const QColor highlight(0x2f, 0x80, 0xc8);

    QPalette palette(button, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x25, 0x29, 0x2d));
    palette.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    palette.setColor(QPalette::Light, QColor(0x45, 0x4b, 0x52));
    palette.setColor(QPalette::Midlight, QColor(0x3a, 0x40, 0x46));
    palette.setColor(QPalette::Mid, QColor(0x24, 0x28, 0x2c));
    palette.setColor(QPalette::Dark, QColor(0x1a, 0x1d, 0x20));
    palette.setColor(QPalette::Shadow, QColor(0x0c, 0x0d, 0x0e));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::Link, QColor(0x5c, 0xb0, 0xf0));
    palette.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xe8));

    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Base, window);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x4a, 0x50));
    palette.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Light, window);
    return palette;
}

QString themeToString(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    case Theme::System:
        break;
    }
    return u"system"_s;
}

Theme themeFromString(const QString &text, Theme fallback)
{
    const QString key = text.trimmed().toLower();
    if (key == u"system")
        return Theme::System;
    if (key == u"light")
        return Theme::Light;
    if (key == u"dark")
        return Theme::Dark;
    return fallback;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF()
            < palette.color(QPalette::WindowText).lightnessF();
}

QColor errorColor(const QPalette &palette)
{
    // Both have a contrast of at least 4.5:1 on the Fusion and dark palettes' base colours.
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

} // namespace quarry
