// The main window on a real SQLite file, offscreen: the users arrive asynchronously, and a file
// that is not a database gives an error while the window stays usable.
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <ui/MainWindow.h>
#include <ui/Models.h>
#include <ui/UsersTableModel.h>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using quarry::test::await;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        // Anything Qt warns about fails the test; the offscreen platform's own notice aside.
        QTest::failOnWarning(
                QRegularExpression(u"^(?!This plugin does not support propagateSizeHints).*"_s));
    }
    void showsUsers();
    void notADatabase();
};

void tst_MainWindow::showsUsers()
{
    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl());
    await(engine->runSync([](orm::Connection &c) {
        quarry::Base.createAll(c);
        c.execute(u"INSERT INTO users (name, age) VALUES (?, ?), (?, ?), (?, NULL)"_s,
                  {u"Смитти"_s, 30, u"Ada"_s, 36, u"Nobody"_s});
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('a', 1), ('b', 1), ('c', 2)"_s);
    }));
    quarry::MainWindow window(engine);
    QAbstractItemModelTester tester(window.usersModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);
    const auto cell = [&](int row, int column) {
        return window.usersModel()->index(row, column).data();
    };
    QCOMPARE(cell(0, quarry::UsersTableModel::NameColumn).toString(), u"Смитти"_s);
    QCOMPARE(cell(0, quarry::UsersTableModel::PostCountColumn).toInt(), 2);
    QCOMPARE(cell(1, quarry::UsersTableModel::AgeColumn).toInt(), 36);
    QVERIFY(cell(2, quarry::UsersTableModel::AgeColumn).isNull());
    QTRY_COMPARE(window.statusText(), u"3 user(s)"_s);
}

void tst_MainWindow::notADatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    quarry::MainWindow window(orm::createAsyncEngine(orm::Url::sqliteFile(path)));
    window.show();
    QTRY_VERIFY(window.statusText().startsWith(u"Error: file is not a database"_s));
    QCOMPARE(window.usersModel()->rowCount(), 0);
    QFile check(path);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray(8192, 'x'));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
