// Themes: the settings spelling, Fusion with a dark or light palette, and back to the platform's.
#include "support/TestBackends.h"

#include <ui/Theme.h>

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QTest>

using namespace Qt::StringLiterals;
using quarry::Theme;

class tst_Theme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { quarry::test::failOnQtWarnings(); }
    void strings_data();
    void strings();
    void unknownStrings();
    void darkAndLight();
    void systemRestoresPlatform();
};

void tst_Theme::strings_data()
{
    QTest::addColumn<Theme>("theme");
    QTest::addColumn<QString>("text");
    QTest::newRow("system") << Theme::System << u"system"_s;
    QTest::newRow("light") << Theme::Light << u"light"_s;
    QTest::newRow("dark") << Theme::Dark << u"dark"_s;
}

void tst_Theme::strings()
{
    QFETCH(Theme, theme);
    QFETCH(QString, text);
    QCOMPARE(quarry::themeToString(theme), text);
    QCOMPARE(quarry::themeFromString(text), theme);
    QCOMPARE(quarry::themeFromString(u' ' + text.toUpper()), theme);
}

void tst_Theme::unknownStrings()
{
    QCOMPARE(quarry::themeFromString(QString()), Theme::System);
    QCOMPARE(quarry::themeFromString(u"solarized"_s), Theme::System);
    QCOMPARE(quarry::themeFromString(u"solarized"_s, Theme::Dark), Theme::Dark);
}

void tst_Theme::darkAndLight()
{
    // Widgets already on screen take the new palette.
    QWidget window;
    auto *widget = new QWidget(&window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    quarry::applyTheme(Theme::Dark);
    QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
    QVERIFY(quarry::isDark(QApplication::palette()));
    QTRY_VERIFY(quarry::isDark(window.palette())); // widgets take it from a posted event
    QVERIFY(quarry::isDark(widget->palette()));
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             quarry::darkPalette().color(QPalette::Window));

    quarry::applyTheme(Theme::Light);
    QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
    QVERIFY(!quarry::isDark(QApplication::palette()));
    QTRY_VERIFY(!quarry::isDark(window.palette()));
    QVERIFY(!quarry::isDark(widget->palette()));

    // Text is readable: disabled text differs from normal text, highlights from the base.
    for (const QPalette &palette : {quarry::lightPalette(), quarry::darkPalette()}) {
        QVERIFY(palette.color(QPalette::Disabled, QPalette::Text) != palette.color(QPalette::Text));
        QVERIFY(palette.color(QPalette::Highlight) != palette.color(QPalette::Base));
    }
}

void tst_Theme::systemRestoresPlatform()
{
    // This test's process has had its themes applied before; the first style it saw is Fusion
    // on the offscreen platform too, so compare palettes rather than style names.
    quarry::applyTheme(Theme::Dark);
    quarry::applyTheme(Theme::System);
    QVERIFY(!QCoreApplication::testAttribute(Qt::AA_SetPalette));
    QVERIFY(!quarry::isDark(QApplication::palette()));
}

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
