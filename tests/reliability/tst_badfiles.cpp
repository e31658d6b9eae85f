// Files Quarry is handed that are not what it hopes for, opened as a person opens them (the main
// window) and as `quarry export` reads them: random bytes, an empty file, a text file, a SQLite
// file cut in half; a read-only file, folder and URL; a disk that fills up while writing. Each
// gives one clear sentence, leaves the file byte for byte as it was (SHA-256 before and after)
// and leaves the window usable for the next database.
//
// An empty file is the one case where SQLite sees a database (a new, empty one). Quarry treats it
// as such when it may write (File ▸ Open on a file made with `touch` starts a new database, as
// File ▸ New Database does), but whatever only reads it (?mode=ro, an export) must leave it empty.
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Connection.h>
#include <orm/engine/Error.h>
#include <ui/DataTransfer.h>
#include <ui/ErrorText.h>
#include <ui/MainWindow.h>
#include <ui/Schema.h>
#include <ui/UserStore.h>
#include <ui/UsersTableModel.h>

#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <unistd.h>

using namespace Qt::StringLiterals;
using quarry::MainWindow;
using quarry::test::await;

class tst_BadFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { quarry::test::failOnQtWarnings(); }
    void openInWindow_data();
    void openInWindow();
    void exportFrom_data();
    void exportFrom();
    void readOnly_data();
    void readOnly();
    void diskFull();
};

namespace {

const QString notADatabase
        = u"This file is not a database Quarry can open. It was left unchanged."_s;
const QString noTables = u"The database does not have the tables Quarry expects."_s;
const QString damaged = u"The database file is damaged"_s;

QByteArray checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A real Quarry database with users (and posts for the first two), closed and checkpointed so
// that the main file holds everything and no -wal file is left beside it.
void makeDatabase(const QString &path, int users)
{
    auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(path));
    await(engine->runSync([users](orm::Connection &c) {
        quarry::prepareSchema(c);
        c.execute(u"INSERT INTO users (name, age) VALUES (?, ?), (?, ?), (?, NULL)"_s,
                  {u"Смитти"_s, 30, u"Ada"_s, 36, u"Nobody"_s});
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('a', 1), ('b', 1), ('c', 2)"_s);
        // Long names, so the users table spans many pages and a cut lands inside it.
        for (int i = 3; i < users; ++i)
            c.execute(u"INSERT INTO users (name, age) VALUES (?, ?)"_s,
                      {QString(u"User %1 "_s.arg(i) + QString(300, u'x')), i % 100});
    }));
    // Outside the transaction runSync wrapped the writes in.
    await(engine->runSync(
            [](orm::Connection &c) { c.execute(u"PRAGMA wal_checkpoint(TRUNCATE)"_s); }));
}

// Makes the bad file of a kind in dir and returns its path.
QString makeBadFile(const QString &kind, const QTemporaryDir &dir)
{
    const QString path = dir.filePath(kind + u".db"_s);
    if (kind == u"random"_s) {
        // A fixed seed: a failure reproduces with the same bytes.
        QRandomGenerator random(7);
        QByteArray bytes(16384, Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        writeFile(path, bytes);
    } else if (kind == u"empty"_s) {
        writeFile(path, {});
    } else if (kind == u"text"_s) {
        writeFile(path, QByteArray("name,age\r\nAda,36\r\nGrace,85\r\n").repeated(500));
    } else if (kind == u"truncated"_s) {
        makeDatabase(path, 2000);
        QFile::remove(path + u"-wal"_s);
        QFile::remove(path + u"-shm"_s);
        QFile file(path);
        file.resize(file.size() / 2);
    }
    return path;
}

std::shared_ptr<orm::AsyncEngine> goodDatabase(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"good.db"_s);
    makeDatabase(path, 3);
    return orm::createAsyncEngine(orm::Url::sqliteFile(path));
}

QString engineUrl(const QString &path, bool readOnly)
{
    return readOnly ? u"sqlite:///%1?mode=ro"_s.arg(path) : orm::Url::sqliteFile(path).toString();
}

} // namespace

void tst_BadFiles::openInWindow_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("readOnly");
    // The whole sentence, or its start for a message that quotes the driver.
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("unchanged");

    QTest::newRow("random bytes") << u"random"_s << false << notADatabase << true;
    QTest::newRow("random bytes, read-only") << u"random"_s << true << notADatabase << true;
    QTest::newRow("text") << u"text"_s << false << notADatabase << true;
    QTest::newRow("text, read-only") << u"text"_s << true << notADatabase << true;
    QTest::newRow("truncated") << u"truncated"_s << false << damaged << true;
    QTest::newRow("truncated, read-only") << u"truncated"_s << true << damaged << true;
    // Writable: a new database, made ready as File ▸ New Database would.
    QTest::newRow("empty") << u"empty"_s << false << u"0 user(s)"_s << false;
    // Read-only: nothing to show, and the file stays empty.
    QTest::newRow("empty, read-only") << u"empty"_s << true << noTables << true;
}

void tst_BadFiles::openInWindow()
{
    QFETCH(QString, kind);
    QFETCH(bool, readOnly);
    QFETCH(QString, status);
    QFETCH(bool, unchanged);
    QTemporaryDir dir;
    const QString path = makeBadFile(kind, dir);
    const QByteArray before = checksum(path);
    {
        MainWindow window(orm::createAsyncEngine(engineUrl(path, readOnly)));
        window.show();
        QTRY_VERIFY2(window.statusText().startsWith(status), qPrintable(window.statusText()));
        qInfo("status: %s", qPrintable(window.statusText()));
        QCOMPARE(window.isReadOnly(), readOnly);
        if (unchanged)
            QCOMPARE(checksum(path), before);

        // Still usable: another database opens in the same window, and can be written.
        QTemporaryDir other;
        window.openDatabase(goodDatabase(other));
        QTRY_COMPARE(window.usersModel()->totalCount(), 3);
        QVERIFY(!window.isReadOnly());
        QCOMPARE(window.statusText(), u"3 user(s)"_s);
        window.createUser(u"After"_s, 1);
        QTRY_COMPARE(window.usersModel()->totalCount(), 4);
    }
    // Closing the window wrote nothing either.
    if (unchanged)
        QCOMPARE(checksum(path), before);
}

void tst_BadFiles::exportFrom_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("random bytes") << u"random"_s << notADatabase;
    QTest::newRow("text") << u"text"_s << notADatabase;
    QTest::newRow("truncated") << u"truncated"_s << damaged;
    QTest::newRow("empty") << u"empty"_s << noTables;
}

// `quarry export` opens the file writable (it is the default URL) but only reads it.
void tst_BadFiles::exportFrom()
{
    QFETCH(QString, kind);
    QFETCH(QString, sentence);
    QTemporaryDir dir;
    const QString path = makeBadFile(kind, dir);
    const QByteArray before = checksum(path);
    const QString out = dir.filePath(u"users.json"_s);
    {
        auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(path));
        try {
            await(quarry::exportUsers(engine, quarry::ExportFormat::Json, out));
            QFAIL("the export succeeded");
        } catch (const orm::Error &error) {
            const QString described = quarry::describeError(error);
            QVERIFY2(described.startsWith(sentence), qPrintable(described));
        }
    }
    // No half-written export, and the source as it was.
    QVERIFY(!QFile::exists(out));
    QCOMPARE(checksum(path), before);
}

void tst_BadFiles::readOnly_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("file 0444") << u"file"_s;
    QTest::newRow("folder 0555") << u"folder"_s;
    QTest::newRow("?mode=ro") << u"url"_s;
    QTest::newRow("folder 0555, ?mode=ro") << u"folder url"_s;
    QTest::newRow("--read-only") << u"flag"_s;
}

void tst_BadFiles::readOnly()
{
    QFETCH(QString, how);
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"ro"_s);
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + u"/users.db"_s;
    makeDatabase(path, 3);
    const QString protectedPath = how == u"file"_s ? path : folder;
    const bool protect = how == u"file"_s || how.startsWith(u"folder"_s);
    if (protect) {
        QVERIFY(QFile::setPermissions(
                protectedPath,
                how == u"file"_s ? QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther
                                 : QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup
                                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    }
    // Give the folder back for QTemporaryDir's cleanup, whatever happens below.
    const auto restore = qScopeGuard([folder, path] {
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    });
    if (protect && ::access(QFile::encodeName(protectedPath).constData(), W_OK) == 0)
        QSKIP("Permissions are not enforced for this user (root?): the chmod changes nothing.");

    const QByteArray before = checksum(path);
    const QString url = engineUrl(path, how.endsWith(u"url"_s));
    {
        // --read-only: the command line's flag, as app/main.cpp hands it to the window.
        MainWindow window;
        window.openDatabase(orm::createAsyncEngine(url), how == u"flag"_s);
        window.show();
        QVERIFY2(QTest::qWaitFor([&] { return window.usersModel()->totalCount() == 3; }),
                 qPrintable(window.statusText()));
        QVERIFY2(QTest::qWaitFor([&] { return window.isReadOnly(); }, 2'000),
                 qPrintable(window.statusText()));
        for (const char *name :
             {"newUserAction", "deleteAction", "importAction", "sampleDataAction", "addPostAction"})
            QVERIFY2(!window.findChild<QAction *>(QString::fromLatin1(name))->isEnabled(), name);
        window.createUser(u"x"_s, 1);
        QCOMPARE(window.statusText(), u"The database is open read-only."_s);
        QCOMPARE(window.undoStack()->count(), 0);

        // Reading works: an export of the read-only database.
        const QString out = dir.filePath(u"users.json"_s);
        QCOMPARE(await(quarry::exportUsers(window.engine(), quarry::ExportFormat::Json, out)), 3);
    }
    QCOMPARE(checksum(path), before);
}

// A full disk, as SQLite's page limit makes one: the write fails with OperationalError, the
// person reads that the disk is full, and what was written before is intact.
void tst_BadFiles::diskFull()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"full.db"_s);
    makeDatabase(path, 3);
    // One lane: max_page_count holds for the connection that sets it.
    auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(path), {.poolSize = 1});
    await(engine->runSync([](orm::Connection &c) {
        const qint64 pages = c.execute(u"PRAGMA page_count"_s).scalar().toLongLong();
        c.execute(u"PRAGMA max_page_count = %1"_s.arg(pages + 2));
    }));
    quarry::UserStore store(engine);
    QStringList written;
    bool full = false;
    for (int i = 0; i < 200 && !full; ++i) {
        const QString name = u"Filler %1 "_s.arg(i) + QString(190, u'é');
        try {
            await(store.createUser(name, i % 100));
            written << name;
        } catch (const orm::OperationalError &error) {
            QVERIFY2(error.message().contains(u"database or disk is full"_s),
                     qPrintable(error.message()));
            QCOMPARE(quarry::describeError(error),
                     u"The disk is full: the change was not saved."_s);
            full = true;
        }
    }
    QVERIFY2(full, "200 users fitted into two more pages");
    QVERIFY(!written.isEmpty());

    // Earlier rows intact, the failed one absent, the file sound.
    const auto names = await(engine->runSync([](orm::Connection &c) {
        QStringList names;
        for (const QVariant &name : c.execute(u"SELECT name FROM users ORDER BY id"_s).scalars())
            names << name.toString();
        return names;
    }));
    QCOMPARE(names, QStringList({u"Смитти"_s, u"Ada"_s, u"Nobody"_s}) + written);
    QCOMPARE(await(engine->runSync([](orm::Connection &c) {
                 return c.execute(u"PRAGMA integrity_check"_s).scalar().toString();
             })),
             u"ok"_s);
}

QTEST_MAIN(tst_BadFiles)
#include "tst_badfiles.moc"
