// The main window driven as a person drives it, offscreen, on real SQLite files (and PostgreSQL
// where the row says so): users arrive asynchronously; create, edit in the form and in place,
// delete with the choice about posts, undo and redo several levels deep; validation messages
// next to the fields; posts added, renamed, moved and unassigned; a file that is not a database,
// a locked database and a read-only one give a sentence and leave the window usable.
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <ui/ErrorText.h>
#include <ui/MainWindow.h>
#include <ui/Models.h>
#include <ui/PostsTableModel.h>
#include <ui/Schema.h>
#include <ui/UserForm.h>
#include <ui/UsersTableModel.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using quarry::MainWindow;
using quarry::UsersTableModel;
using quarry::test::await;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { quarry::test::failOnQtWarnings(); }
    void showsUsers();
    void createEditUndoRedo_data() { quarry::test::addBackendRows(); }
    void createEditUndoRedo();
    void validationMessagesNextToFields();
    void newUserDialog();
    void inPlaceEdit();
    void deleteAsksAboutPosts_data();
    void deleteAsksAboutPosts();
    void postsAddRenameMoveDelete_data() { quarry::test::addBackendRows(); }
    void postsAddRenameMoveDelete();
    void notADatabase();
    void lockedDatabase();
    void readOnlyDatabase();
    void searchFiltersInSql();
    void exportImportAndSampleData();
};

namespace {

std::shared_ptr<orm::AsyncEngine> sqliteWithUsers(orm::EngineOptions options = {})
{
    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl(), options);
    await(engine->runSync([](orm::Connection &c) {
        quarry::prepareSchema(c);
        c.execute(u"INSERT INTO users (name, age) VALUES (?, ?), (?, ?), (?, NULL)"_s,
                  {u"Смитти"_s, 30, u"Ada"_s, 36, u"Nobody"_s});
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('a', 1), ('b', 1), ('c', 2)"_s);
    }));
    return engine;
}

QVariant queryValue(const std::shared_ptr<orm::AsyncEngine> &engine, const QString &sql)
{
    return await(engine->runSync([sql](orm::Connection &c) { return c.execute(sql).scalar(); }));
}

// Waits for the users to arrive and selects the row of a user.
bool selectUser(MainWindow &window, qint64 id)
{
    if (!QTest::qWaitFor([&] { return window.usersModel()->rowOfUser(id).has_value(); }))
        return false;
    window.usersView()->selectRow(*window.usersModel()->rowOfUser(id));
    return QTest::qWaitFor([&] { return window.currentUser() && window.currentUser()->id == id; });
}

// Selects one post as a click does. (QTableView::selectRow() goes through the view's selection
// command, which depends on the keyboard modifiers the platform last reported.)
void selectPost(MainWindow &window, int row)
{
    window.postsView()->selectionModel()->select(window.postsModel()->index(row, 0),
                                                 QItemSelectionModel::ClearAndSelect
                                                         | QItemSelectionModel::Rows);
}

bool waitForWrite(MainWindow &window)
{
    const bool written = QTest::qWaitFor([&] { return !window.isWriting(); });
    // What the window said, for a failure that follows.
    if (!window.statusText().isEmpty())
        qInfo("status: %s", qPrintable(window.statusText()));
    return written;
}

// Clicks a button of the next modal dialog, once it is shown.
void clickInNextDialog(const QString &buttonName)
{
    QTimer::singleShot(0, [buttonName] {
        QTRY_VERIFY(QApplication::activeModalWidget());
        auto *button = QApplication::activeModalWidget()->findChild<QPushButton *>(buttonName);
        QVERIFY(button);
        button->click();
    });
}

QByteArray checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

void tst_MainWindow::showsUsers()
{
    MainWindow window(sqliteWithUsers());
    QAbstractItemModelTester tester(window.usersModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);
    QTRY_VERIFY(window.usersModel()->userAt(2).has_value());
    const auto cell = [&](int row, int column) {
        return window.usersModel()->index(row, column).data();
    };
    QCOMPARE(cell(0, UsersTableModel::NameColumn).toString(), u"Смитти"_s);
    QCOMPARE(cell(0, UsersTableModel::PostCountColumn).toInt(), 2);
    QCOMPARE(cell(1, UsersTableModel::AgeColumn).toInt(), 36);
    QVERIFY(cell(2, UsersTableModel::AgeColumn).isNull());
    QTRY_COMPARE(window.statusText(), u"3 user(s)"_s);
    // The selected user's form and posts.
    QVERIFY(selectUser(window, 1));
    QCOMPARE(window.userForm()->nameEdit()->text(), u"Смитти"_s);
    QTRY_COMPARE(window.postsModel()->rowCount(), 2);
}

void tst_MainWindow::createEditUndoRedo()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    MainWindow window(engine);
    window.show();
    QTRY_VERIFY(window.usersModel()->totalCount() == 0);

    window.createUser(u"Смитти 🙂"_s, 30);
    QVERIFY(waitForWrite(window));
    QTRY_COMPARE(window.usersModel()->rowCount(), 1);
    const qint64 id = queryValue(engine, u"SELECT id FROM users"_s).toLongLong();

    // Edit in the form: a changed name and an emptied age (NULL).
    QVERIFY(selectUser(window, id));
    window.userForm()->nameEdit()->setText(u"Ada"_s);
    window.userForm()->nameEdit()->setModified(true);
    window.userForm()->ageEdit()->setText(QString());
    window.userForm()->ageEdit()->setModified(true);
    QTest::keyClick(window.userForm()->ageEdit(), Qt::Key_Return);
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT name FROM users"_s).toString(), u"Ada"_s);
    QVERIFY(queryValue(engine, u"SELECT age FROM users"_s).isNull());

    // Undo twice: the edit, then the creation; redo both.
    QCOMPARE(window.undoStack()->count(), 2);
    window.findChild<QAction *>(u"undoAction"_s)->trigger();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT name FROM users"_s).toString(), u"Смитти 🙂"_s);
    QCOMPARE(queryValue(engine, u"SELECT age FROM users"_s).toInt(), 30);
    window.findChild<QAction *>(u"undoAction"_s)->trigger();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT count(*) FROM users"_s).toInt(), 0);
    QTRY_COMPARE(window.usersModel()->rowCount(), 0);
    window.findChild<QAction *>(u"redoAction"_s)->trigger();
    QVERIFY(waitForWrite(window));
    window.findChild<QAction *>(u"redoAction"_s)->trigger();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT name FROM users WHERE id = %1"_s.arg(id)).toString(),
             u"Ada"_s);
    QTRY_COMPARE(window.usersModel()->rowCount(), 1);
    QVERIFY(!window.findChild<QAction *>(u"redoAction"_s)->isEnabled());
}

void tst_MainWindow::validationMessagesNextToFields()
{
    auto engine = sqliteWithUsers();
    MainWindow window(engine);
    window.show();
    QVERIFY(selectUser(window, 2));
    quarry::UserForm *form = window.userForm();
    for (const auto &[name, age, nameError, ageError] :
         QList<std::tuple<QString, QString, bool, bool>> {{u"   "_s, u"30"_s, true, false},
                                                          {u"Ada"_s, u"abc"_s, false, true},
                                                          {u"Ada"_s, u"-1"_s, false, true},
                                                          {u"Ada"_s, u"4294967296"_s, false, true},
                                                          {QString(), u"x"_s, true, true}}) {
        // Typed as a person types: select all, then the new text (or delete for empty).
        for (const auto &[edit, text] :
             {std::pair(form->nameEdit(), name), std::pair(form->ageEdit(), age)}) {
            edit->setFocus();
            QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClick(edit, Qt::Key_Delete);
            QTest::keyClicks(edit, text);
        }
        QTest::mouseClick(window.findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
        QCOMPARE(!form->nameError().isEmpty(), nameError);
        QCOMPARE(!form->ageError().isEmpty(), ageError);
        // Screen readers hear the message too.
        if (ageError)
            QCOMPARE(form->ageEdit()->accessibleDescription(), form->ageError());
        QVERIFY(!window.isWriting());
    }
    QCOMPARE(queryValue(engine, u"SELECT name FROM users WHERE id = 2"_s).toString(), u"Ada"_s);
    QCOMPARE(window.undoStack()->count(), 0);
}

void tst_MainWindow::newUserDialog()
{
    auto engine = sqliteWithUsers();
    MainWindow window(engine);
    window.show();
    QTRY_COMPARE(window.usersModel()->totalCount(), 3);
    // The shortcut reaches the window once it is the active one. (Before the dialog's driver is
    // scheduled: waiting runs the event loop, which would start the driver too early.)
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    bool checked = false;
    QTimer::singleShot(0, [&] {
        // A check that fails below returns early: close the dialog then, or exec() never ends.
        struct CloseOnFailure
        {
            const bool &done;
            ~CloseOnFailure()
            {
                if (QWidget *open = QApplication::activeModalWidget(); open && !done)
                    open->close();
            }
        } guard {checked};
        QTRY_VERIFY(QApplication::activeModalWidget());
        QWidget *dialog = QApplication::activeModalWidget();
        auto *form = dialog->findChild<quarry::UserForm *>();
        QVERIFY(form);
        QTest::keyClicks(form->nameEdit(), u"  Grace  "_s);
        QTest::keyClicks(form->ageEdit(), u"abc"_s);
        QTest::keyClick(form->ageEdit(), Qt::Key_Return);
        // Refused next to the field; the dialog stays open with what was typed.
        QVERIFY(dialog->isVisible());
        QCOMPARE(form->ageError(), u"The age must be a whole number, like 42."_s);
        form->ageEdit()->clear();
        QTest::keyClicks(form->ageEdit(), u"85"_s);
        QTest::keyClick(form->ageEdit(), Qt::Key_Return);
        checked = true;
    });
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QVERIFY(checked);
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT age FROM users WHERE name = 'Grace'"_s).toInt(), 85);
    QTRY_COMPARE(window.usersModel()->totalCount(), 4);
}

void tst_MainWindow::inPlaceEdit()
{
    auto engine = sqliteWithUsers();
    MainWindow window(engine);
    window.show();
    QVERIFY(selectUser(window, 3));
    const int row = *window.usersModel()->rowOfUser(3);
    QVERIFY(window.usersModel()->setData(
            window.usersModel()->index(row, UsersTableModel::AgeColumn), 41));
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT age FROM users WHERE id = 3"_s).toInt(), 41);
    QVERIFY(!window.usersModel()->setData(
            window.usersModel()->index(row, UsersTableModel::NameColumn), u" "_s));
    QCOMPARE(window.statusText(), u"Enter a name."_s);
    window.undoStack()->undo();
    QVERIFY(waitForWrite(window));
    QVERIFY(queryValue(engine, u"SELECT age FROM users WHERE id = 3"_s).isNull());
}

void tst_MainWindow::deleteAsksAboutPosts_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<int>("usersLeft");
    QTest::addColumn<int>("postsLeft");
    QTest::addColumn<int>("unassignedPosts");
    QTest::newRow("cancel") << u"cancelButton"_s << 3 << 3 << 0;
    QTest::newRow("keep posts") << u"keepPostsButton"_s << 2 << 3 << 2;
    QTest::newRow("delete posts") << u"deletePostsButton"_s << 2 << 1 << 0;
}

void tst_MainWindow::deleteAsksAboutPosts()
{
    QFETCH(QString, button);
    auto engine = sqliteWithUsers();
    MainWindow window(engine);
    window.show();
    QVERIFY(selectUser(window, 1));
    clickInNextDialog(button);
    window.findChild<QAction *>(u"deleteAction"_s)->trigger();
    QVERIFY(waitForWrite(window));
    QTEST(queryValue(engine, u"SELECT count(*) FROM users"_s).toInt(), "usersLeft");
    QTEST(queryValue(engine, u"SELECT count(*) FROM posts"_s).toInt(), "postsLeft");
    QTEST(queryValue(engine, u"SELECT count(*) FROM posts WHERE user_id IS NULL"_s).toInt(),
          "unassignedPosts");
    if (button == u"cancelButton"_s) {
        QCOMPARE(window.undoStack()->count(), 0);
        return;
    }
    // Undo puts the user back with their posts, redo takes them again.
    window.undoStack()->undo();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT name FROM users WHERE id = 1"_s).toString(), u"Смитти"_s);
    QCOMPARE(queryValue(engine, u"SELECT count(*) FROM posts WHERE user_id = 1"_s).toInt(), 2);
    window.undoStack()->redo();
    QVERIFY(waitForWrite(window));
    QTEST(queryValue(engine, u"SELECT count(*) FROM posts"_s).toInt(), "postsLeft");
    QTRY_COMPARE(window.usersModel()->rowCount(), 2);
}

void tst_MainWindow::postsAddRenameMoveDelete()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO users (name) VALUES ('Ada'), ('Bob')"_s);
    }));
    MainWindow window(engine);
    QAbstractItemModelTester tester(window.postsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    const qint64 ada
            = queryValue(engine, u"SELECT id FROM users WHERE name = 'Ada'"_s).toLongLong();
    const qint64 bob
            = queryValue(engine, u"SELECT id FROM users WHERE name = 'Bob'"_s).toLongLong();
    QVERIFY(selectUser(window, ada));
    window.addPost(u"  first post  "_s);
    QVERIFY(waitForWrite(window));
    QTRY_COMPARE(window.postsModel()->rowCount(), 1);
    QCOMPARE(window.postsModel()->postAt(0).title, u"first post"_s);

    // Rename in place; a blank title is refused.
    QVERIFY(!window.postsModel()->setData(window.postsModel()->index(0, 1), u" "_s));
    QVERIFY(window.postsModel()->setData(window.postsModel()->index(0, 1), u"renamed"_s));
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT title FROM posts"_s).toString(), u"renamed"_s);

    // Move to Bob, then to no one; undo the last move.
    QTRY_COMPARE(window.postsModel()->rowCount(), 1);
    selectPost(window, 0);
    window.moveSelectedPosts(bob);
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT user_id FROM posts"_s).toLongLong(), bob);
    QTRY_COMPARE(window.postsModel()->rowCount(), 0);
    window.showUnassignedPosts(true);
    QTRY_COMPARE(window.postsModel()->rowCount(), 0);
    window.undoStack()->undo();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT user_id FROM posts"_s).toLongLong(), ada);
    QVERIFY(selectUser(window, bob));
    window.showUnassignedPosts(false);
    QVERIFY(selectUser(window, ada));
    QTRY_COMPARE(window.postsModel()->rowCount(), 1);
    selectPost(window, 0);
    window.moveSelectedPosts(std::nullopt);
    QVERIFY(waitForWrite(window));
    QVERIFY(queryValue(engine, u"SELECT user_id FROM posts"_s).isNull());
    window.showUnassignedPosts(true);
    QTRY_VERIFY(!window.postsModel()->isLoading());
    QTRY_COMPARE(window.postsModel()->rowCount(), 1);

    // Delete the unassigned post; undo brings it back with its id.
    const qint64 postId = window.postsModel()->postAt(0).id;
    selectPost(window, 0);
    QCOMPARE(window.postsView()->selectionModel()->selectedRows().size(), 1);
    window.deleteSelectedPosts();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT count(*) FROM posts"_s).toInt(), 0);
    window.undoStack()->undo();
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT id FROM posts"_s).toLongLong(), postId);
    // add, rename, move to no one, delete: the undone move to Bob was dropped from the history.
    QCOMPARE(window.undoStack()->count(), 4);
}

void tst_MainWindow::notADatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    const QByteArray before = checksum(path);
    MainWindow window(orm::createAsyncEngine(orm::Url::sqliteFile(path)));
    window.show();
    QTRY_COMPARE(window.statusText(),
                 u"This file is not a database Quarry can open. It was left unchanged."_s);
    QCOMPARE(window.usersModel()->rowCount(), 0);
    QCOMPARE(checksum(path), before);
    // Still usable: another database opens in the same window.
    window.openDatabase(sqliteWithUsers());
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);
}

void tst_MainWindow::lockedDatabase()
{
    auto engine = sqliteWithUsers({.busyTimeout = std::chrono::milliseconds(200)});
    MainWindow window(engine);
    window.show();
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);

    // Another program holds the write lock.
    QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"locker"_s);
    other.setDatabaseName(engine->url().database());
    QVERIFY(other.open());
    QSqlQuery lock(other);
    QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s));
    window.createUser(u"Waiting"_s, 20);
    QVERIFY(waitForWrite(window));
    QTRY_VERIFY(window.statusText().startsWith(u"The database is busy"_s));
    QCOMPARE(window.undoStack()->count(), 0);
    // The window offers to try again; while the lock is held, trying fails the same way.
    auto *retryButton = window.findChild<QToolButton *>(u"retryButton"_s);
    auto *retryAction = window.findChild<QAction *>(u"retryAction"_s);
    QVERIFY(retryButton && retryAction);
    QTRY_VERIFY(retryButton->isVisible());
    QVERIFY(retryAction->isEnabled());
    QTest::mouseClick(retryButton, Qt::LeftButton);
    QVERIFY(waitForWrite(window));
    QTRY_VERIFY(window.statusText().startsWith(u"The database is busy"_s));
    QVERIFY(retryButton->isVisible());

    // Retry once the lock is gone: the same change is written, nothing was lost.
    QVERIFY(lock.exec(u"ROLLBACK"_s));
    lock = QSqlQuery();
    other.close();
    other = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"locker"_s);
    QTest::mouseClick(retryButton, Qt::LeftButton);
    QVERIFY(waitForWrite(window));
    QCOMPARE(queryValue(engine, u"SELECT count(*) FROM users WHERE name = 'Waiting' AND age = 20"_s)
                     .toInt(),
             1);
    QCOMPARE(queryValue(engine, u"SELECT count(*) FROM users"_s).toInt(), 4);
    QCOMPARE(window.undoStack()->count(), 1);
    QTRY_VERIFY(!retryButton->isVisible());
    QVERIFY(!retryAction->isEnabled());

    // Only a failure that may pass is offered again: a broken rule stays broken.
    QVERIFY(quarry::isWorthRetrying(orm::OperationalError(u"database is locked"_s)));
    QVERIFY(quarry::isWorthRetrying(orm::TimeoutError(u"no lane became free"_s)));
    QVERIFY(!quarry::isWorthRetrying(orm::IntegrityError(u"UNIQUE constraint failed"_s)));
    QVERIFY(!quarry::isWorthRetrying(orm::OperationalError(u"database or disk is full"_s)));
}

void tst_MainWindow::readOnlyDatabase()
{
    const QString url = sqliteWithUsers()->url().database();
    const QByteArray before = checksum(url);
    MainWindow window(orm::createAsyncEngine(u"sqlite:///%1?mode=ro"_s.arg(url)));
    window.show();
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);
    QVERIFY(window.isReadOnly());
    for (const char *name :
         {"newUserAction", "deleteAction", "importAction", "sampleDataAction", "addPostAction"})
        QVERIFY2(!window.findChild<QAction *>(QString::fromLatin1(name))->isEnabled(), name);
    QVERIFY(selectUser(window, 1));
    QVERIFY(!(window.usersModel()->flags(window.usersModel()->index(0, 1)) & Qt::ItemIsEditable));
    window.createUser(u"x"_s, 1);
    QCOMPARE(window.statusText(), u"The database is open read-only."_s);
    QCOMPARE(checksum(url), before);
}

void tst_MainWindow::searchFiltersInSql()
{
    MainWindow window(sqliteWithUsers());
    window.show();
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);
    QTest::keyClicks(window.searchEdit(), u"ada"_s);
    QTRY_COMPARE(window.usersModel()->rowCount(), 1);
    QTRY_COMPARE(window.statusText(), u"1 user(s)"_s);
    window.searchEdit()->clear();
    QTRY_COMPARE(window.usersModel()->rowCount(), 3);
}

void tst_MainWindow::exportImportAndSampleData()
{
    auto engine = sqliteWithUsers();
    MainWindow window(engine);
    window.show();
    QTRY_COMPARE(window.usersModel()->totalCount(), 3);
    QTemporaryDir dir;

    // File ▸ Export as JSON: the seed's to_dict shape, posts nested.
    const QString json = dir.filePath(u"users.json"_s);
    window.exportUsers(json, quarry::ExportFormat::Json);
    QTRY_VERIFY(window.statusText().startsWith(u"Exported 3 user"_s));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray users = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(users.size(), 3);
    QCOMPARE(users.at(0)[u"name"_s].toString(), u"Смитти"_s);
    QCOMPARE(users.at(0)[u"posts"_s].toArray().size(), 2);

    // File ▸ Import: a rejected file writes nothing and says where; a good one is added.
    const QString bad = dir.filePath(u"bad.csv"_s);
    const QString good = dir.filePath(u"good.csv"_s);
    for (const auto &[path, text] : {std::pair(bad, QByteArray("name,age\nGrace,85\nBad,abc\n")),
                                     std::pair(good, QByteArray("name,age\nGrace,85\nLin,\n"))}) {
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(text);
    }
    window.importUsers(bad);
    QTRY_VERIFY(window.statusText().startsWith(u"Nothing was imported: row 3, column age"_s));
    QCOMPARE(queryValue(engine, u"SELECT count(*) FROM users"_s).toInt(), 3);
    window.importUsers(good);
    QTRY_VERIFY(window.statusText().startsWith(u"Imported 2 user"_s));
    QTRY_COMPARE(window.usersModel()->totalCount(), 5);

    // File ▸ Add Sample Data.
    window.generateSampleData(20);
    QTRY_VERIFY(window.statusText().startsWith(u"Added 20 sample user"_s));
    QTRY_COMPARE(window.usersModel()->totalCount(), 25);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
