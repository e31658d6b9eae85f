// The icons of resources/: every name the app uses loads and draws at 1x and 2x, the neutral
// strokes follow the palette (light and dark themes), and the application icon is there.
#include "support/TestBackends.h"

#include <ui/Icons.h>
#include <ui/Theme.h>

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The names the window's actions and the SQL log dock use; each must have a file.
const QStringList usedNames {
        u"new-user"_s, u"edit"_s,     u"delete"_s,       u"find"_s,      u"undo"_s,
        u"redo"_s,     u"refresh"_s,  u"new-database"_s, u"open"_s,      u"connect-server"_s,
        u"export"_s,   u"import"_s,   u"add-post"_s,     u"move-post"_s, u"sample-data"_s,
        u"sql-log"_s,  u"settings"_s, u"copy"_s,         u"clear"_s,
};

int paintedPixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
    return count;
}

QImage render(const QIcon &icon, int size, qreal scale, QIcon::Mode mode = QIcon::Normal)
{
    return icon.pixmap(QSize(size, size), scale, mode).toImage();
}

} // namespace

class tst_Icons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { quarry::test::failOnQtWarnings(); }
    void cleanup() { quarry::applyTheme(quarry::Theme::System); }
    void namesMatchFiles();
    void draws_data();
    void draws();
    void followsPalette_data() { draws_data(); }
    void followsPalette();
    void disabledIsFainter();
    void paintsAtDevicePixelRatio();
    void applicationIcon();
    void unknownName();
};

void tst_Icons::namesMatchFiles()
{
    QStringList sorted = usedNames;
    sorted.sort();
    QCOMPARE(quarry::iconNames(), sorted);
}

void tst_Icons::draws_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : usedNames)
        QTest::newRow(qPrintable(name)) << name;
}

void tst_Icons::draws()
{
    QFETCH(QString, name);
    const QIcon icon = quarry::icon(name);
    QVERIFY(!icon.isNull());
    QCOMPARE(icon.name(), name);

    for (const int size : {16, 22, 24, 32}) {
        const QPixmap one = icon.pixmap(QSize(size, size), 1.0);
        QCOMPARE(one.size(), QSize(size, size));
        QCOMPARE(one.devicePixelRatio(), 1.0);
        const QPixmap two = icon.pixmap(QSize(size, size), 2.0);
        QCOMPARE(two.size(), QSize(2 * size, 2 * size));
        QCOMPARE(two.devicePixelRatio(), 2.0);
        QCOMPARE(two.deviceIndependentSize(), QSizeF(size, size));

        // Drawn, not blank, and not filling the square either.
        const int drawn1 = paintedPixels(one.toImage());
        const int drawn2 = paintedPixels(two.toImage());
        QVERIFY2(drawn1 > size * size / 10 && drawn1 < size * size, qPrintable(name));
        QVERIFY2(drawn2 > drawn1, qPrintable(name));
        // At 2x it is drawn afresh, not the 1x pixmap blown up.
        QVERIFY(two.toImage() != one.toImage().scaled(2 * size, 2 * size));
    }
}

void tst_Icons::followsPalette()
{
    QFETCH(QString, name);
    const QIcon icon = quarry::icon(name);
    quarry::applyTheme(quarry::Theme::Light);
    const QImage light = render(icon, 24, 2.0);
    quarry::applyTheme(quarry::Theme::Dark);
    const QImage dark = render(icon, 24, 2.0);
    QVERIFY(light != dark);
    QCOMPARE(paintedPixels(light), paintedPixels(dark));

    // Light strokes on the dark palette: the brightest painted pixel is near its text colour.
    const QColor text = QGuiApplication::palette().color(QPalette::WindowText);
    bool found = false;
    for (int y = 0; y < dark.height() && !found; ++y)
        for (int x = 0; x < dark.width() && !found; ++x)
            found = dark.pixelColor(x, y).alpha() == 255 && dark.pixelColor(x, y) == text;
    QVERIFY2(found, qPrintable(name));
}

void tst_Icons::disabledIsFainter()
{
    const QIcon icon = quarry::icon(u"delete"_s);
    const QImage normal = render(icon, 24, 1.0);
    const QImage disabled = render(icon, 24, 1.0, QIcon::Disabled);
    QVERIFY(normal != disabled);
    int normalAlpha = 0;
    int disabledAlpha = 0;
    for (int y = 0; y < 24; ++y) {
        for (int x = 0; x < 24; ++x) {
            normalAlpha += qAlpha(normal.pixel(x, y));
            disabledAlpha += qAlpha(disabled.pixel(x, y));
        }
    }
    QVERIFY(disabledAlpha < normalAlpha * 3 / 4);
}

void tst_Icons::paintsAtDevicePixelRatio()
{
    // What a tool button does on a 200% screen: QIcon::paint on a 2x device.
    const QIcon icon = quarry::icon(u"find"_s);
    QImage target(48, 48, QImage::Format_ARGB32_Premultiplied);
    target.setDevicePixelRatio(2.0);
    target.fill(Qt::transparent);
    {
        QPainter painter(&target);
        icon.paint(&painter, QRect(0, 0, 24, 24));
    }
    QImage expected = render(icon, 24, 2.0).convertToFormat(QImage::Format_ARGB32_Premultiplied);
    expected.setDevicePixelRatio(2.0);
    QCOMPARE(target, expected);
}

void tst_Icons::applicationIcon()
{
    const QIcon icon = quarry::applicationIcon();
    QVERIFY(!icon.isNull());
    for (const int size : {16, 32, 64, 256}) {
        const QImage image = render(icon, size, 1.0);
        QCOMPARE(image.size(), QSize(size, size));
        QVERIFY(paintedPixels(image) > size * size / 3);
    }
    // Its colours are its own: the theme does not change it.
    quarry::applyTheme(quarry::Theme::Light);
    const QImage light = render(icon, 64, 1.0);
    quarry::applyTheme(quarry::Theme::Dark);
    QCOMPARE(render(icon, 64, 1.0), light);
}

void tst_Icons::unknownName()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"No icon named \"no-such-icon\""_s));
    QVERIFY(quarry::icon(u"no-such-icon"_s).isNull());
}

QTEST_MAIN(tst_Icons)
#include "tst_icons.moc"
