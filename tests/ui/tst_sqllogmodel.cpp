// The SQL log: its model under QAbstractItemModelTester (appends, the bound dropping the oldest
// rows, clearing), and the dock offscreen (the filter, Ctrl+C copying echo lines, failed
// statements in the error colour, accessible names).
#include "support/TestBackends.h"

#include <ui/SqlLogDock.h>
#include <ui/SqlLogModel.h>
#include <ui/Theme.h>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QMainWindow>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

orm::StatementLog statement(const QString &sql, QVariantList parameters = {}, qint64 rows = 1,
                            const QString &error = {})
{
    orm::StatementLog log;
    log.sql = sql;
    log.parameters = std::move(parameters);
    log.duration = 1250us;
    log.rows = rows;
    log.error = error;
    log.connectionName = u"lane-0"_s;
    return log;
}

QString cell(const QAbstractItemModel *model, int row, int column, int role = Qt::DisplayRole)
{
    return model->index(row, column).data(role).toString();
}

} // namespace

class tst_SqlLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { quarry::test::failOnQtWarnings(); }
    void appends();
    void columns_data();
    void columns();
    void boundDropsOldest();
    void batchLargerThanBound();
    void clear();
    void errorRows();
    void dockIsHiddenAndBatches();
    void filter_data();
    void filter();
    void copyPutsEchoLines();
    void accessibleNames();
};

void tst_SqlLogModel::appends()
{
    quarry::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.append(statement(u"SELECT 1"_s));
    model.append(statement(u"SELECT 2"_s));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(quarry::SqlLogModel::ColumnCount));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 1);
    QCOMPARE(inserted.at(1).at(2).toInt(), 1);

    // A batch is one insertion at the end.
    const QDateTime now = QDateTime::currentDateTime();
    model.append(QList<quarry::SqlLogModel::Entry> {{statement(u"SELECT 3"_s), now},
                                                    {statement(u"SELECT 4"_s), now},
                                                    {statement(u"SELECT 5"_s), now}});
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(inserted.at(2).at(1).toInt(), 2);
    QCOMPARE(inserted.at(2).at(2).toInt(), 4);
    QCOMPARE(model.rowCount(), 5);
    for (int row = 0; row < 5; ++row)
        QCOMPARE(cell(&model, row, quarry::SqlLogModel::SqlColumn), u"SELECT %1"_s.arg(row + 1));
}

void tst_SqlLogModel::columns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    using M = quarry::SqlLogModel;
    QTest::newRow("sql, on one line")
            << int(M::SqlColumn) << u"INSERT INTO users (name, age) VALUES (?, ?)"_s;
    QTest::newRow("parameters") << int(M::ParametersColumn) << u"['Смитти', 30, NULL]"_s;
    QTest::newRow("duration") << int(M::DurationColumn) << QLocale().toString(1.25, 'f', 2);
    QTest::newRow("rows") << int(M::RowsColumn) << u"1"_s;
    QTest::newRow("no error") << int(M::ErrorColumn) << QString();
}

void tst_SqlLogModel::columns()
{
    QFETCH(int, column);
    QFETCH(QString, display);
    quarry::SqlLogModel model;
    const QDateTime at(QDate(2024, 5, 17), QTime(13, 14, 15, 678));
    model.append(statement(u"INSERT INTO users (name, age)\n    VALUES (?, ?)"_s,
                           {u"Смитти"_s, 30, QVariant()}),
                 at);
    QCOMPARE(cell(&model, 0, column), display);
    QCOMPARE(cell(&model, 0, quarry::SqlLogModel::TimeColumn), u"13:14:15.678"_s);
    QCOMPARE(cell(&model, 0, column, quarry::SqlLogModel::EchoLineRole),
             model.entry(0).statement.toString());
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void tst_SqlLogModel::boundDropsOldest()
{
    quarry::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.capacity(), quarry::SqlLogModel::DefaultCapacity);
    model.setCapacity(3);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 1; i <= 5; ++i)
        model.append(statement(u"SELECT %1"_s.arg(i)));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(removed.size(), 2);
    for (const QList<QVariant> &signal : std::as_const(removed)) {
        QCOMPARE(signal.at(1).toInt(), 0);
        QCOMPARE(signal.at(2).toInt(), 0);
    }
    QCOMPARE(inserted.last().at(1).toInt(), 2);
    QCOMPARE(cell(&model, 0, quarry::SqlLogModel::SqlColumn), u"SELECT 3"_s);
    QCOMPARE(cell(&model, 2, quarry::SqlLogModel::SqlColumn), u"SELECT 5"_s);

    // Lowering the bound drops the oldest at once.
    model.setCapacity(1);
    QCOMPARE(removed.last().at(1).toInt(), 0);
    QCOMPARE(removed.last().at(2).toInt(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(&model, 0, quarry::SqlLogModel::SqlColumn), u"SELECT 5"_s);
}

void tst_SqlLogModel::batchLargerThanBound()
{
    quarry::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(4);
    model.append(statement(u"SELECT old"_s));
    QList<quarry::SqlLogModel::Entry> batch;
    for (int i = 0; i < 10; ++i)
        batch.append({statement(u"SELECT %1"_s.arg(i)), QDateTime::currentDateTime()});
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append(batch);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 3);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(cell(&model, 0, quarry::SqlLogModel::SqlColumn), u"SELECT 6"_s);
    QCOMPARE(cell(&model, 3, quarry::SqlLogModel::SqlColumn), u"SELECT 9"_s);
}

void tst_SqlLogModel::clear()
{
    quarry::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(statement(u"SELECT 1"_s));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.append(statement(u"SELECT 2"_s));
    QCOMPARE(model.rowCount(), 1);
}

void tst_SqlLogModel::errorRows()
{
    quarry::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(statement(u"SELECT 1"_s));
    model.append(statement(u"INSERT INTO users (id) VALUES (?)"_s, {1}, -1,
                           u"UNIQUE constraint failed: users.id"_s));
    using M = quarry::SqlLogModel;
    QVERIFY(!model.index(0, M::SqlColumn).data(M::FailedRole).toBool());
    QVERIFY(!model.index(0, M::SqlColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(model.index(1, M::SqlColumn).data(M::FailedRole).toBool());
    QCOMPARE(cell(&model, 1, M::ErrorColumn), u"UNIQUE constraint failed: users.id"_s);
    QCOMPARE(cell(&model, 1, M::RowsColumn), QString());
    QVERIFY(cell(&model, 1, M::SqlColumn, M::EchoLineRole)
                    .endsWith(u"| failed: UNIQUE constraint failed: users.id"_s));

    // Every column of a failed row is in the error colour of the palette in use.
    for (const auto theme : {quarry::Theme::Light, quarry::Theme::Dark}) {
        quarry::applyTheme(theme);
        const QColor expected = quarry::errorColor(QGuiApplication::palette());
        for (int column = 0; column < M::ColumnCount; ++column)
            QCOMPARE(model.index(1, column).data(Qt::ForegroundRole).value<QColor>(), expected);
    }
    QVERIFY(quarry::errorColor(quarry::lightPalette())
            != quarry::errorColor(quarry::darkPalette()));
    quarry::applyTheme(quarry::Theme::System);
}

void tst_SqlLogModel::dockIsHiddenAndBatches()
{
    QMainWindow window;
    auto *dock = new quarry::SqlLogDock(&window);
    window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(dock->objectName(), u"sqlLogDock"_s);
    QVERIFY(!dock->isVisible());

    QSignalSpy inserted(dock->model(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 50; ++i)
        dock->append(statement(u"SELECT %1"_s.arg(i)));
    QCOMPARE(dock->model()->rowCount(), 0);
    QTRY_COMPARE(dock->model()->rowCount(), 50);
    QCOMPARE(inserted.size(), 1);

    dock->toggleViewAction()->trigger();
    QVERIFY(dock->isVisible());
}

void tst_SqlLogModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<bool>("showsNewOne"); // "SELECT count(*) FROM users", logged afterwards
    const QString select = u"SELECT users.id, users.name FROM users WHERE users.name = ?"_s;
    const QString insert = u"INSERT INTO posts (title, user_id) VALUES (?, ?)"_s;
    const QString failed = u"DELETE FROM users WHERE id = ?"_s;
    QTest::newRow("everything") << QString() << QStringList {select, insert, failed} << true;
    QTest::newRow("sql, any case") << u"from USERS"_s << QStringList {select, failed} << true;
    QTest::newRow("a parameter") << u"смитти"_s << QStringList {select} << false;
    QTest::newRow("a number parameter") << u"[42]"_s << QStringList {failed} << false;
    QTest::newRow("nothing") << u"UPDATE"_s << QStringList {} << false;
}

void tst_SqlLogModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, shown);
    QFETCH(bool, showsNewOne);
    quarry::SqlLogDock dock(nullptr);
    QAbstractItemModelTester tester(dock.filterModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dock.append(statement(u"SELECT users.id, users.name FROM users WHERE users.name = ?"_s,
                          {u"Смитти"_s}));
    dock.append(statement(u"INSERT INTO posts (title, user_id) VALUES (?, ?)"_s, {u"Hello"_s, 1}));
    dock.append(statement(u"DELETE FROM users WHERE id = ?"_s, {42}, 0, u"no such table"_s));
    dock.flush();
    QCOMPARE(dock.model()->rowCount(), 3);

    QLineEdit *edit = dock.findChild<QLineEdit *>(u"sqlLogFilter"_s);
    QVERIFY(edit);
    QVERIFY(edit->isClearButtonEnabled());
    edit->setText(text);
    QStringList actual;
    for (int row = 0; row < dock.filterModel()->rowCount(); ++row)
        actual << cell(dock.filterModel(), row, quarry::SqlLogModel::SqlColumn);
    QCOMPARE(actual, shown);

    // New statements are filtered as they arrive.
    dock.append(statement(u"SELECT count(*) FROM users"_s));
    dock.flush();
    QCOMPARE(dock.filterModel()->rowCount(), int(shown.size()) + (showsNewOne ? 1 : 0));

    edit->clear();
    QCOMPARE(dock.filterModel()->rowCount(), 4);
}

void tst_SqlLogModel::copyPutsEchoLines()
{
    QMainWindow window;
    auto *dock = new quarry::SqlLogDock(&window);
    window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->show();
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    const QList<orm::StatementLog> statements {
            statement(u"SELECT 1"_s),
            statement(u"UPDATE users SET name = ? WHERE users.id = ?"_s, {u"Ada"_s, 2}),
            statement(u"DELETE FROM users WHERE id = ?"_s, {3}, -1, u"database is locked"_s),
    };
    for (const orm::StatementLog &s : statements)
        dock->append(s);
    dock->flush();
    QVERIFY(!dock->copyAction()->isEnabled());

    // Rows 1 and 2, selected bottom-up, are copied top-down as echo lines.
    QTableView *view = dock->view();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    view->selectionModel()->select(view->model()->index(2, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view->selectionModel()->select(view->model()->index(1, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(dock->copyAction()->isEnabled());
    const QString expected = statements.at(1).toString() + u'\n' + statements.at(2).toString();
    QVERIFY(expected.contains(u"| ['Ada', 2] |"_s));

    QGuiApplication::clipboard()->clear();
    QTest::keySequence(view, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), expected);

    // The toolbar button does the same.
    QGuiApplication::clipboard()->clear();
    const QList<QToolButton *> buttons = dock->findChildren<QToolButton *>();
    const auto button = std::find_if(buttons.begin(), buttons.end(), [&](QToolButton *b) {
        return b->defaultAction() == dock->copyAction();
    });
    QVERIFY(button != buttons.end());
    (*button)->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), expected);

    // Clear empties the log and disables itself.
    QVERIFY(dock->clearAction()->isEnabled());
    dock->clearAction()->trigger();
    QCOMPARE(dock->model()->rowCount(), 0);
    QVERIFY(!dock->clearAction()->isEnabled());
    QVERIFY(!dock->copyAction()->isEnabled());
}

void tst_SqlLogModel::accessibleNames()
{
    quarry::SqlLogDock dock(nullptr);
    QVERIFY(!dock.accessibleName().isEmpty());
    QVERIFY(!dock.accessibleDescription().isEmpty());
    const QList<QWidget *> controls = dock.widget()->findChildren<QWidget *>();
    int checked = 0;
    for (QWidget *control : controls) {
        // Layout-only containers and the view's own parts (scroll bars, headers) aside.
        if (!qobject_cast<QLineEdit *>(control) && !qobject_cast<QToolButton *>(control)
            && !qobject_cast<QTableView *>(control) && !control->objectName().startsWith(u"sqlLog"))
            continue;
        if (qobject_cast<QToolButton *>(control) && control->parentWidget() != dock.widget())
            continue; // the line edit's clear button is Qt's
        QVERIFY2(!control->accessibleName().isEmpty(), qPrintable(control->objectName()));
        QVERIFY2(!control->accessibleDescription().isEmpty(), qPrintable(control->objectName()));
        ++checked;
    }
    QCOMPARE(checked, 5); // filter, count, view, copy, clear
}

QTEST_MAIN(tst_SqlLogModel)
#include "tst_sqllogmodel.moc"
