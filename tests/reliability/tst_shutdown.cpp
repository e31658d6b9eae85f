// Shutting down while work is queued or running: the engine disposed (or its last reference let
// go) under sessions in use, coroutines awaiting it, the main window closed in the middle of an
// export, an import, sample data or a load, and the quarry executable sent SIGTERM while it
// works. Every future finishes or fails with orm::OperationalError, nothing crashes or hangs, no
// Qt warning is printed (no "connection is still in use"), and the database keeps exactly what
// was committed. tst_asyncengine covers dispose() under AsyncConnection and runSync() work; this
// covers the sessions, coroutines and the app on top.
#include "support/TestBackends.h"

#include <orm/async/AsyncSession.h>
#include <ui/DataTransfer.h>
#include <ui/DemoData.h>
#include <ui/MainWindow.h>
#include <ui/Models.h>
#include <ui/UsersTableModel.h>

#include <QCoroFuture>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace quarry;
using quarry::test::await;
using quarry::test::awaitTask;

namespace {

// Every wait is bounded by this; shutting down takes well under a second.
constexpr int timeoutMs = 20'000;

const auto userNames = orm::select(Users::name).orderBy(Users::id.asc());

std::shared_ptr<orm::AsyncEngine> engineWithTables(const QString &url, int poolSize)
{
    auto engine = orm::createAsyncEngine(url, {.poolSize = poolSize, .checkoutTimeout = 20s});
    await(engine->runSync([](orm::Connection &c) {
        Base.dropAll(c);
        Base.createAll(c);
        orm::Session session(c);
        session.add(User {.name = u"kept"_s});
        session.commit();
    }));
    return engine;
}

QList<QString> namesIn(const QString &url)
{
    auto engine = orm::createAsyncEngine(url, {.poolSize = 1});
    orm::AsyncSession session(engine);
    return await(session.execute(userNames)).scalars().all();
}

// Sets *destroyed when the engine object is gone: its lanes are stopped by then.
void watchDestruction(const std::shared_ptr<orm::AsyncEngine> &engine,
                      const std::shared_ptr<std::atomic_bool> &destroyed)
{
    QObject::connect(
            engine.get(), &QObject::destroyed, engine.get(), [destroyed] { *destroyed = true; },
            Qt::DirectConnection);
}

// Either value, or an OperationalError that says the engine went away: nothing else.
template<typename T> bool finishedOrDisposed(const QFuture<T> &future)
{
    try {
        await(future, timeoutMs);
        return true;
    } catch (const orm::OperationalError &error) {
        if (!error.message().contains(u"disposed"_s))
            qWarning("unexpected error: %s", qPrintable(error.message()));
        return error.message().contains(u"disposed"_s);
    }
}

QCoro::Task<QString> slowThenAgain(orm::AsyncSession session, QString slow)
{
    QString outcome;
    try {
        co_await session.execute(orm::text(slow));
        outcome = u"ran; "_s;
    } catch (const orm::OperationalError &error) {
        outcome = u"failed: "_s + error.message() + u"; "_s;
    }
    // The engine is gone by now: the next operation says so at once.
    try {
        co_await session.execute(userNames);
        outcome += u"ran again"_s;
    } catch (const orm::OperationalError &error) {
        outcome += u"then: "_s + error.message();
    }
    co_return outcome;
}

QString quarryExecutable()
{
    return QStringLiteral(QUARRY_EXECUTABLE);
}

// Runs quarry to the end (setup steps); fails the test on a non-zero exit.
bool runQuarry(const QStringList &arguments, const QString &directory)
{
    QProcess quarry;
    quarry.setWorkingDirectory(directory);
    quarry.start(quarryExecutable(), arguments);
    if (!quarry.waitForFinished(120'000) || quarry.exitCode() != 0) {
        qWarning("quarry %s: %s", qPrintable(arguments.join(u' ')),
                 quarry.readAllStandardError().constData());
        return false;
    }
    return true;
}

// Sends SIGTERM and waits: true when the process then ended by itself, normally, in time.
// *errors is what it wrote on stderr.
bool terminate(QProcess &process, QByteArray *errors)
{
    QElapsedTimer elapsed;
    elapsed.start();
    if (::kill(pid_t(process.processId()), SIGTERM) != 0 || !process.waitForFinished(timeoutMs))
        return false;
    qInfo("exited %lld ms after SIGTERM", elapsed.elapsed());
    *errors = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit;
}

QByteArray csvOfUsers(int count)
{
    QByteArray csv = "name,age\n";
    for (int i = 0; i < count; ++i)
        csv += "Imported " + QByteArray::number(i) + ',' + QByteArray::number(18 + i % 70) + '\n';
    return csv;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

qint64 userCount(const QString &path)
{
    auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(path), {.poolSize = 1});
    return await(engine->runSync([](orm::Connection &c) {
        const QString check = c.execute(u"PRAGMA integrity_check"_s).scalarOne().toString();
        if (check != u"ok"_s)
            throw std::runtime_error(check.toStdString());
        return c.execute(u"SELECT count(*) FROM users"_s).scalarOne().toLongLong();
    }));
}

} // namespace

class tst_Shutdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { quarry::test::failOnQtWarnings(); }
    void disposeUnderSessions_data() { quarry::test::addBackendRows(); }
    void disposeUnderSessions();
    void lastReferenceLetGoByWork_data() { quarry::test::addBackendRows(); }
    void lastReferenceLetGoByWork();
    void coroutinesAwaitingDisposal_data() { quarry::test::addBackendRows(); }
    void coroutinesAwaitingDisposal();
    void closeWindowWhileWorking_data();
    void closeWindowWhileWorking();
    void quarryInterrupted_data();
    void quarryInterrupted();
    void windowTerminated();

private:
    QTemporaryDir m_directory;
    // A database with many users, made once: slow enough to export or load that closing
    // happens in the middle.
    QString m_bigDatabase;
    qint64 m_bigUsers = 0;
};

void tst_Shutdown::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_directory.isValid());
    m_bigUsers = qEnvironmentVariableIntValue("QUARRY_SHUTDOWN_USERS");
    if (m_bigUsers <= 0)
        m_bigUsers = 50'000;
    m_bigDatabase = m_directory.filePath(u"big.db"_s);
    QVERIFY(runQuarry({u"init"_s, u"--demo"_s, QString::number(m_bigUsers), m_bigDatabase},
                      m_directory.path()));
}

void tst_Shutdown::disposeUnderSessions()
{
    const QString url = quarry::test::currentBackend().url;
    auto engine = engineWithTables(url, 2);
    const QString slow = quarry::test::slowQuery(engine->dialect());

    // One session in a transaction with a row flushed, one running a slow statement, and more
    // queued for a lane than the pool has.
    orm::AsyncSession inTransaction(engine, {.expireOnCommit = false});
    const auto flushed = inTransaction.add(User {.name = u"flushed"_s});
    await(inTransaction.flush());
    orm::AsyncSession running(engine);
    const QFuture<orm::Result> slowResult = running.execute(orm::text(slow));
    QList<orm::AsyncSession> queued;
    QList<QFuture<orm::TupleResult<std::tuple<QString>>>> queuedReads;
    for (int i = 0; i < 6; ++i) {
        queued.append(orm::AsyncSession(engine));
        queuedReads.append(queued.last().execute(userNames));
    }

    QElapsedTimer elapsed;
    elapsed.start();
    engine->dispose();
    qInfo("disposed in %lld ms", elapsed.elapsed());
    QVERIFY(finishedOrDisposed(slowResult));
    for (const auto &read : std::as_const(queuedReads)) {
        try {
            await(read, timeoutMs);
            QFAIL("a session waiting for a lane ran after dispose()");
        } catch (const orm::OperationalError &error) {
            QVERIFY2(error.message().contains(u"disposed"_s), qPrintable(error.message()));
        }
    }

    // The sessions outlive their engine: each operation now fails at once and says why (not
    // "busy"), what needs no I/O still works, and they are destroyed without a warning.
    for (orm::AsyncSession *session : {&inTransaction, &running, &queued.first()}) {
        try {
            await(session->execute(userNames), timeoutMs);
            QFAIL("a session ran on a disposed engine");
        } catch (const orm::OperationalError &error) {
            QVERIFY2(error.message().contains(u"disposed"_s), qPrintable(error.message()));
        }
    }
    QVERIFY_THROWS_EXCEPTION(orm::OperationalError, await(inTransaction.commit(), timeoutMs));
    QVERIFY(inTransaction.contains(flushed));
    inTransaction.add(User {.name = u"never written"_s});
    queued.clear();
    engine.reset();

    // The flushed row was never committed; what was committed before is all there.
    QCOMPARE(namesIn(url), QList<QString> {u"kept"_s});
}

void tst_Shutdown::lastReferenceLetGoByWork()
{
    // The sessions' operations hold the engine alive; the test lets go of everything else, so
    // the last reference goes with the last operation, on one of the engine's own threads.
    const QString url = quarry::test::currentBackend().url;
    auto engine = engineWithTables(url, 2);
    const QString slow = quarry::test::slowQuery(engine->dialect());
    auto destroyed = std::make_shared<std::atomic_bool>(false);
    watchDestruction(engine, destroyed);
    QList<QFuture<orm::Result>> running;
    QList<QFuture<void>> commits;
    for (int i = 0; i < 4; ++i) {
        orm::AsyncSession session(engine);
        running.append(session.execute(orm::text(slow)));
    }
    for (int i = 0; i < 3; ++i) {
        orm::AsyncSession session(engine);
        session.add(User {.name = u"added %1"_s.arg(i)});
        commits.append(session.commit()); // waits for a lane
    }
    engine.reset();
    for (const auto &future : std::as_const(running))
        QVERIFY(await(future, timeoutMs).scalarOne().toLongLong() > 0);
    for (const auto &future : std::as_const(commits))
        await(future, timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(destroyed->load(), timeoutMs);
    QCOMPARE(namesIn(url).size(), 4);
}

void tst_Shutdown::coroutinesAwaitingDisposal()
{
    const QString url = quarry::test::currentBackend().url;
    auto engine = engineWithTables(url, 1);
    const QString slow = quarry::test::slowQuery(engine->dialect());
    // Both start at once and stop at their first co_await: the first runs on the only lane,
    // the second waits for it.
    QCoro::Task<QString> first = slowThenAgain(orm::AsyncSession(engine), slow);
    QCoro::Task<QString> second = slowThenAgain(orm::AsyncSession(engine), slow);
    engine->dispose();
    engine.reset(); // the coroutines' sessions hold the last references

    const QString firstOutcome = awaitTask(std::move(first), timeoutMs);
    const QString secondOutcome = awaitTask(std::move(second), timeoutMs);
    qInfo("first: %s", qPrintable(firstOutcome));
    qInfo("second: %s", qPrintable(secondOutcome));
    QVERIFY2(firstOutcome.startsWith(u"ran; then: "_s)
                     || firstOutcome.startsWith(u"failed: The engine was disposed"_s),
             qPrintable(firstOutcome));
    QVERIFY2(firstOutcome.contains(u"then: The engine was disposed"_s), qPrintable(firstOutcome));
    QVERIFY2(secondOutcome.startsWith(u"failed: The engine was disposed"_s),
             qPrintable(secondOutcome));
    QVERIFY2(secondOutcome.contains(u"then: The engine was disposed"_s), qPrintable(secondOutcome));
}

void tst_Shutdown::closeWindowWhileWorking_data()
{
    QTest::addColumn<QString>("work");
    for (const char *work : {"load", "export", "import", "sample data"})
        QTest::newRow(work) << QString::fromLatin1(work);
}

void tst_Shutdown::closeWindowWhileWorking()
{
    QFETCH(QString, work);
    QTemporaryDir directory;
    const QString database = directory.filePath(u"work.db"_s);
    QVERIFY(QFile::copy(m_bigDatabase, database));
    const QString exported = directory.filePath(u"users.json"_s);
    const QString csv = directory.filePath(u"users.csv"_s);
    constexpr int imported = 20'000;
    QVERIFY(writeFile(csv, csvOfUsers(imported)));

    auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(database));
    auto destroyed = std::make_shared<std::atomic_bool>(false);
    watchDestruction(engine, destroyed);
    auto *window = new MainWindow(engine);
    window->show();
    if (work != u"load"_s)
        QTRY_COMPARE_WITH_TIMEOUT(window->usersModel()->totalCount(), m_bigUsers, timeoutMs);
    if (work == u"export"_s)
        window->exportUsers(exported, ExportFormat::Json);
    else if (work == u"import"_s)
        window->importUsers(csv);
    else if (work == u"sample data"_s)
        window->generateSampleData(200'000);
    engine.reset();

    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(window->close());
    delete window;
    // The window's work lets go of the engine when it ends, canceled or not.
    QTRY_VERIFY_WITH_TIMEOUT(destroyed->load(), timeoutMs);
    qInfo("%s: the engine was gone %lld ms after the window closed", qPrintable(work),
          elapsed.elapsed());

    // All or nothing: the file is sound and has the users it had, or all the new ones too.
    const qint64 users = userCount(database);
    if (work == u"import"_s)
        QVERIFY2(users == m_bigUsers || users == m_bigUsers + imported,
                 qPrintable(QString::number(users)));
    else if (work == u"sample data"_s)
        QVERIFY2(users == m_bigUsers || users == m_bigUsers + 200'000,
                 qPrintable(QString::number(users)));
    else
        QCOMPARE(users, m_bigUsers);
    if (QFile::exists(exported)) {
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).array().size(), m_bigUsers);
    }
    // No half-written export beside it either.
    QCOMPARE(QDir(directory.path()).entryList({u"users.json*"_s}, QDir::Files).size(),
             QFile::exists(exported) ? 1 : 0);
}

void tst_Shutdown::quarryInterrupted_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("output"); // a file that appears once the work is under way
    QTest::newRow("export") << QStringList {u"export"_s, u"-o"_s, u"users.json"_s, u"work.db"_s}
                            << u"users.json*"_s;
    QTest::newRow("import") << QStringList {u"import"_s, u"users.csv"_s, u"work.db"_s}
                            << u"work.db-wal"_s;
    QTest::newRow("init --demo") << QStringList {u"init"_s, u"--demo"_s, u"1000000"_s, u"new.db"_s}
                                 << u"new.db*"_s;
}

void tst_Shutdown::quarryInterrupted()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, output);
    QTemporaryDir directory;
    const QString database = directory.filePath(u"work.db"_s);
    QVERIFY(QFile::copy(m_bigDatabase, database));
    constexpr int imported = 200'000;
    QVERIFY(writeFile(directory.filePath(u"users.csv"_s), csvOfUsers(imported)));

    QProcess quarry;
    quarry.setWorkingDirectory(directory.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The command line needs no display: none is given, as in a script.
    environment.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    environment.remove(u"DISPLAY"_s);
    quarry.setProcessEnvironment(environment);
    quarry.start(quarryExecutable(), arguments);
    QVERIFY(quarry.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(directory.path()).entryList({output}, QDir::Files).isEmpty()
                                     || quarry.state() == QProcess::NotRunning,
                             timeoutMs);
    if (quarry.state() != QProcess::Running) {
        // On a fast machine a 50 000-user export can end first; it must have ended well. (The
        // other rows take long enough, and all three stop through the same code.)
        QCOMPARE(quarry.exitCode(), 0);
        qInfo("finished before it could be interrupted");
        return;
    }

    QByteArray errors;
    QVERIFY(terminate(quarry, &errors));
    // Interrupted (130) and rolled back, or just done (0) when the signal came at the end.
    QVERIFY2(quarry.exitCode() == 130 || quarry.exitCode() == 0, errors.constData());
    if (quarry.exitCode() == 130)
        QCOMPARE(errors, QByteArray("quarry: interrupted\n"));

    // What the exit code says is what happened: 0 when the work was written whole, 130 when
    // nothing of it was, even when the signal came just as the job ended (finishJob()).
    const bool written = quarry.exitCode() == 0;
    const qint64 users = userCount(database);
    if (arguments.first() == u"import"_s)
        QCOMPARE(users, written ? m_bigUsers + imported : m_bigUsers);
    else
        QCOMPARE(users, m_bigUsers);
    if (arguments.first() == u"export"_s) {
        // Canceled: no file, not even a temporary one.
        const QStringList left = QDir(directory.path()).entryList({u"users.json*"_s}, QDir::Files);
        QCOMPARE(left, written ? QStringList {u"users.json"_s} : QStringList {});
    }
    if (arguments.first() == u"init"_s) {
        const QString demoDatabase = directory.filePath(u"new.db"_s);
        const qint64 demo = QFile::exists(demoDatabase) ? userCount(demoDatabase) : 0;
        QCOMPARE(demo, written ? qint64(1'000'000) : qint64(0));
    }
}

// SIGTERM to the app with its window open (the desktop session ending, `kill`): it closes the
// window as the close button does, saving its settings, and exits normally.
void tst_Shutdown::windowTerminated()
{
    QTemporaryDir directory;
    const QString database = directory.filePath(u"window.db"_s);
    QProcess quarry;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"XDG_CONFIG_HOME"_s, directory.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, directory.filePath(u"data"_s));
    // Under ThreadSanitizer (the tsan preset) the window's process would report the platform
    // plugin's threads inside libQt6Gui, which TSan cannot see into; this test is about how the
    // process ends, and the engine's threads are checked in this process.
    environment.insert(u"TSAN_OPTIONS"_s,
                       environment.value(u"TSAN_OPTIONS"_s) + u" report_bugs=0"_s);
    quarry.setProcessEnvironment(environment);
    quarry.start(quarryExecutable(), {database});
    QVERIFY(quarry.waitForStarted());
    // The window made the tables: it is up, and its handlers are installed.
    QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(database).size() > 0 || quarry.state() == QProcess::NotRunning, timeoutMs);
    QCOMPARE(quarry.state(), QProcess::Running);

    QByteArray errors;
    QVERIFY(terminate(quarry, &errors));
    QVERIFY2(quarry.exitCode() == 0, errors.constData());
    QVERIFY2(!errors.contains("still in use"), errors.constData());
    QVERIFY(QFile::exists(directory.filePath(u"config/Quarry/Quarry.conf"_s)));
}

QTEST_MAIN(tst_Shutdown)
#include "tst_shutdown.moc"
