// A missing Qt SQL driver plugin is an ArgumentError that names the Debian package to install.
// Its own process: Qt caches the plugin list on first use, so the paths are emptied before that.
#include <orm/async/AsyncEngine.h>

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_MissingDriver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesThePackage_data();
    void namesThePackage();
};

void tst_MissingDriver::namesThePackage_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("sqlite") << u"sqlite:///x.db"_s
                            << u"The Qt SQL driver QSQLITE for sqlite URLs is not installed; "
                               u"install the Debian package libqt6sql6-sqlite"_s;
    QTest::newRow("postgresql") << u"postgresql://u@h/d"_s
                                << u"The Qt SQL driver QPSQL for postgresql URLs is not installed; "
                                   u"install the Debian package libqt6sql6-psql"_s;
}

void tst_MissingDriver::namesThePackage()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    try {
        orm::createAsyncEngine(url);
        QFAIL("an engine was created without its driver");
    } catch (const orm::ArgumentError &error) {
        QCOMPARE(error.message(), message);
    }
}

int main(int argc, char *argv[])
{
    static QTemporaryDir noPlugins;
    QCoreApplication::setLibraryPaths({noPlugins.path()});
    QCoreApplication app(argc, argv);
    QCoreApplication::setLibraryPaths({noPlugins.path()});
    tst_MissingDriver test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_missingdriver.moc"
