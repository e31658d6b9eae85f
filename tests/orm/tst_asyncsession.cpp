// The seed's program, awaited with QCoro through AsyncSession, on SQLite and PostgreSQL, while
// the caller's event loop keeps running.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncConnection.h>
#include <orm/async/AsyncSession.h>

#include <QCoroFuture>
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace quarry;
using namespace std::chrono_literals;
using quarry::test::await;
using quarry::test::awaitTask;

namespace {

QCoro::Task<> addUser(std::function<orm::AsyncSession()> sessionMaker, QString name, int age)
{
    auto session = sessionMaker();
    session.add(User {.name = name, .age = age});
    co_await session.commit();
}

QCoro::Task<> addManyUsers(std::function<orm::AsyncSession()> sessionMaker,
                           QList<std::pair<QString, int>> users)
{
    auto session = sessionMaker();
    QList<User> objects;
    for (const auto &[name, age] : users)
        objects.append({.name = name, .age = age});
    session.addAll(objects);
    co_await session.commit();
}

QCoro::Task<> updateUserName(std::function<orm::AsyncSession()> sessionMaker, qint64 userId,
                             QString newName)
{
    auto session = sessionMaker();
    auto user = (co_await session.execute(orm::select<User>().where(Users::id == userId)))
                        .scalarOneOrNone();
    if (user) {
        user->name = newName;
        co_await session.commit();
    }
}

QCoro::Task<> deleteUser(std::function<orm::AsyncSession()> sessionMaker, qint64 userId)
{
    auto session = sessionMaker();
    auto user = (co_await session.execute(orm::select<User>().where(Users::id == userId)))
                        .scalarOneOrNone();
    if (user) {
        co_await session.remove(user);
        co_await session.commit();
    }
}

QCoro::Task<QList<std::shared_ptr<Post>>>
getUserPosts(std::function<orm::AsyncSession()> sessionMaker, qint64 userId)
{
    auto session = sessionMaker();
    co_return (co_await session.execute(orm::select<Post>().where(Posts::userId == userId)))
            .scalars()
            .all();
}

} // namespace

class tst_AsyncSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seedProgram_data() { quarry::test::addBackendRows(); }
    void seedProgram();
    void concurrentUseIsAnError_data() { quarry::test::addBackendRows(); }
    void concurrentUseIsAnError();
    void expireOnCommit_data();
    void expireOnCommit();
    void autoflushBeforeQuery_data();
    void autoflushBeforeQuery();
    void expireAndExpunge_data() { quarry::test::addBackendRows(); }
    void expireAndExpunge();
    void failedFlushOnLostConnection_data();
    void failedFlushOnLostConnection();
};

namespace {

// Changes a user's age behind the session's back, in a transaction of its own.
void setAgeElsewhere(const std::shared_ptr<orm::AsyncEngine> &engine, qint64 id, int age)
{
    await(engine->runSync([id, age](orm::Connection &c) {
        c.execute(u"UPDATE users SET age = ? WHERE id = ?"_s, {age, id});
    }));
}

} // namespace

void tst_AsyncSession::seedProgram()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    auto asyncSession = orm::asyncSessionMaker(engine, {.expireOnCommit = false});

    awaitTask(addUser(asyncSession, u"Смитти"_s, 30));
    awaitTask(addManyUsers(asyncSession, {{u"Ada"_s, 36}, {u"Linus"_s, 54}}));
    auto session = asyncSession();
    const auto users
            = await(session.execute(orm::select<User>().orderBy(Users::id.asc()))).scalars().all();
    QCOMPARE(users.size(), 3);
    await(session.close());
    const qint64 smittyId = users.at(0)->id;

    awaitTask(updateUserName(asyncSession, smittyId, u"Смитти 2"_s));
    awaitTask(deleteUser(asyncSession, users.at(1)->id));
    auto writer = asyncSession();
    writer.add(Post {.title = u"first"_s, .userId = smittyId});
    writer.add(Post {.title = u"second"_s, .userId = smittyId});
    await(writer.commit());
    const auto posts = awaitTask(getUserPosts(asyncSession, smittyId));
    QCOMPARE(posts.size(), 2);

    auto reader = asyncSession();
    const auto rows
            = await(reader.execute(orm::select(Users::name, Users::age).orderBy(Users::id.asc())))
                      .all();
    QCOMPARE(rows,
             (QList<std::tuple<QString, std::optional<int>>> {{u"Смитти 2"_s, 30},
                                                              {u"Linus"_s, 54}}));

    // A session's work runs on its lane: during a slow statement this thread's loop keeps
    // ticking (on this thread it would not tick at all). Counting ticks over the quick calls
    // above measured only how long they took, so the check is made over a slow one.
    const quarry::test::LoopWatch loop;
    QVERIFY(await(reader.runSync([](orm::Session &s) {
                return s.connection()
                        .execute(quarry::test::slowQuery(s.dialect()))
                        .scalarOne()
                        .toLongLong();
            }))
            > 0);
    QVERIFY2(loop.elapsedMs() >= 100, "the slow query was not slow enough to measure anything");
    QVERIFY2(loop.keptTicking(), qPrintable(loop.describe()));
}

void tst_AsyncSession::concurrentUseIsAnError()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    orm::AsyncSession session(engine);
    // An operation that surely still runs when the second one is attempted.
    QFuture<qint64> first = session.runSync([](orm::Session &s) {
        return s.connection()
                .execute(quarry::test::slowQuery(s.dialect()))
                .scalarOne()
                .toLongLong();
    });
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, await(session.execute(orm::select<User>())));
    QVERIFY(await(first) > 0);
    // Once the first finished the session is free again.
    QCOMPARE(await(session.execute(orm::select<User>())).scalars().size(), 0);
}

void tst_AsyncSession::expireOnCommit_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("expireOnCommit");
    QTest::addColumn<int>("ageSeen");
    for (const QString &backend : quarry::test::backendNames()) {
        // Expired by the commit: the next query overwrites the object with the row.
        QTest::addRow("%s/expireOnCommit", qPrintable(backend)) << backend << true << 2;
        // Kept: the identity map's object keeps what it had (SQLAlchemy does the same).
        QTest::addRow("%s/keep", qPrintable(backend)) << backend << false << 1;
    }
}

void tst_AsyncSession::expireOnCommit()
{
    QFETCH(bool, expireOnCommit);
    QFETCH(int, ageSeen);
    auto engine = quarry::test::engineWithFreshTables(Base);
    orm::AsyncSession session(engine, {.expireOnCommit = expireOnCommit});
    const auto user = session.add(User {.name = u"a"_s, .age = 1});
    await(session.commit());
    setAgeElsewhere(engine, user->id, 2);
    const auto again
            = await(session.execute(orm::select<User>().where(Users::id == user->id))).scalarOne();
    QCOMPARE(again, user); // one object per row
    QCOMPARE(user->age, ageSeen);
    QVERIFY(!session.isModified(user));
    // get() of an expired object loads it too; of a fresh one it answers from the identity map.
    setAgeElsewhere(engine, user->id, 3);
    await(session.commit());
    QCOMPARE(await(session.get<User>(user->id)), user);
    QCOMPARE(user->age, expireOnCommit ? 3 : 1);
    await(session.close());
}

void tst_AsyncSession::autoflushBeforeQuery_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("autoflush");
    for (const QString &backend : quarry::test::backendNames()) {
        QTest::addRow("%s/autoflush", qPrintable(backend)) << backend << true;
        QTest::addRow("%s/no autoflush", qPrintable(backend)) << backend << false;
    }
}

void tst_AsyncSession::autoflushBeforeQuery()
{
    QFETCH(bool, autoflush);
    auto engine = quarry::test::engineWithFreshTables(Base);
    orm::AsyncSession session(engine, {.autoflush = autoflush});
    const auto pending = session.add(User {.name = u"pending"_s, .age = 5});
    QVERIFY(session.contains(pending));
    QVERIFY(session.isModified(pending)); // new: the next flush writes it
    const auto found
            = await(session.execute(orm::select<User>().where(Users::name == u"pending"_s)))
                      .scalarOneOrNone();
    if (autoflush) {
        QCOMPARE(found, pending); // flushed first, then found as the very same object
        QVERIFY(pending->id > 0);
        QVERIFY(!session.isModified(pending));
    } else {
        QVERIFY(!found);
        QCOMPARE(pending->id, 0);
    }
    // Not committed: another session sees nothing either way.
    auto other = orm::AsyncSession(engine);
    QCOMPARE(await(other.execute(orm::select(orm::count()).selectFrom<User>())).scalarOne(), 0);
    await(other.close());
    await(session.commit());
    QCOMPARE(await(session.execute(orm::select<User>())).scalarOne(), pending);
    await(session.close());
}

void tst_AsyncSession::expireAndExpunge()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    orm::AsyncSession session(engine, {.expireOnCommit = false});
    const auto user = session.add(User {.name = u"a"_s, .age = 1});
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.expire(user)); // never flushed
    await(session.commit());
    const auto byId = orm::select<User>().where(Users::id == user->id);

    // Changed behind the session's back: stale until expired, fresh after.
    setAgeElsewhere(engine, user->id, 2);
    QCOMPARE(await(session.execute(byId)).scalarOne()->age, 1);
    session.expire(user);
    QCOMPARE(await(session.execute(byId)).scalarOne(), user);
    QCOMPARE(user->age, 2);

    // expire() drops unflushed changes: nothing is written, the row's values come back.
    user->name = u"changed"_s;
    QVERIFY(session.isModified(user));
    session.expire(user);
    QVERIFY(!session.isModified(user));
    await(session.commit());
    QCOMPARE(await(session.execute(byId)).scalarOne()->name, u"a"_s);
    QCOMPARE(user->name, u"a"_s);

    // expunge(): forgotten; a query makes a new object, changes to the old one are not written.
    session.expunge(user);
    QVERIFY(!session.contains(user));
    QVERIFY(!session.isModified(user));
    session.expunge(user); // twice is harmless
    user->name = u"not written"_s;
    const auto reloaded = await(session.execute(byId)).scalarOne();
    QVERIFY(reloaded != user);
    QCOMPARE(reloaded->name, u"a"_s);
    QVERIFY(session.contains(reloaded));
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.expire(user));
    await(session.commit());
    QCOMPARE(await(session.execute(orm::select(Users::name))).scalars().all(),
             QList<QString> {u"a"_s});

    // A pending object expunged is never inserted.
    const auto ghost = session.add(User {.name = u"ghost"_s});
    session.expunge(ghost);
    await(session.commit());
    QCOMPARE(await(session.execute(orm::select(orm::count()).selectFrom<User>())).scalarOne(), 1);

    // While an operation runs, the calls without I/O are refused too.
    QFuture<qint64> slow = session.runSync([](orm::Session &s) {
        return s.connection()
                .execute(quarry::test::slowQuery(s.dialect()))
                .scalarOne()
                .toLongLong();
    });
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.isModified(reloaded));
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.contains(reloaded));
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.expire(reloaded));
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.expunge(reloaded));
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.add(User {.name = u"x"_s}));
    QVERIFY(await(slow) > 0);
    QVERIFY(session.contains(reloaded));
    await(session.close());
}

void tst_AsyncSession::failedFlushOnLostConnection_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("fault");
    for (const QString &backend : quarry::test::backendNames()) {
        if (backend == u"sqlite"_s) {
            // Another connection holds the write lock longer than the busy timeout.
            QTest::newRow("sqlite/locked") << backend << u"locked"_s;
            // The file was opened read-only (mode=ro): every write fails.
            QTest::newRow("sqlite/read-only") << backend << u"read-only"_s;
        } else {
            // The server ends the session's backend in the middle of its transaction.
            QTest::newRow("postgresql/terminated") << backend << u"terminated"_s;
        }
    }
}

void tst_AsyncSession::failedFlushOnLostConnection()
{
    QFETCH(QString, fault);
    auto engine = quarry::test::engineWithFreshTables(Base);
    const QString url = engine->url().toString(true);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        session.add(User {.name = u"kept"_s});
        session.commit();
    }));

    std::shared_ptr<orm::AsyncEngine> sessionEngine = engine;
    orm::AsyncConnection locker;
    if (fault == u"locked"_s) {
        sessionEngine = orm::createAsyncEngine(url, {.busyTimeout = 100ms});
        locker = await(engine->begin());
        await(locker.execute(u"INSERT INTO users (name) VALUES ('locker')"_s));
    } else if (fault == u"read-only"_s) {
        // Out of WAL mode first (on the only connection, outside a transaction), so that a
        // read-only connection can read the file on its own.
        engine->dispose();
        engine = orm::createAsyncEngine(url, {.poolSize = 1});
        orm::AsyncConnection connection = await(engine->connect());
        await(connection.execute(u"PRAGMA journal_mode = DELETE"_s));
        connection.close();
        sessionEngine = orm::createAsyncEngine(url + u"?mode=ro"_s);
    }

    orm::AsyncSession session(sessionEngine, {.expireOnCommit = false});
    std::shared_ptr<User> flushed;
    if (fault == u"terminated"_s) {
        // A transaction with a row written but not committed, then its backend is ended from
        // another connection (and waited for, up to 5 s).
        flushed = session.add(User {.name = u"flushed"_s});
        await(session.flush());
        QVERIFY(flushed->id > 0);
        const qint64 pid = await(session.runSync([](orm::Session &s) {
            return s.connection().execute(u"SELECT pg_backend_pid()"_s).scalarOne().toLongLong();
        }));
        QVERIFY(await(engine->runSync([pid](orm::Connection &c) {
            return c.execute(u"SELECT pg_terminate_backend(?, 5000)"_s, {pid}).scalarOne().toBool();
        })));
    }

    const auto ghost = session.add(User {.name = u"ghost"_s});
    try {
        await(session.commit());
        QFAIL("the commit succeeded");
    } catch (const orm::OperationalError &error) {
        qInfo("%s: %s", qPrintable(fault), qPrintable(error.message().section(u'\n', 0, 0)));
    }
    QCOMPARE(ghost->id, 0); // no key of a rolled-back INSERT is left behind
    // Until rollback() the session says why it refuses.
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, await(session.execute(orm::select<User>())));
    await(session.rollback());
    QVERIFY(!session.contains(ghost));
    if (flushed) {
        // Written in the transaction that was lost: forgotten, its key cleared.
        QVERIFY(!session.contains(flushed));
        QCOMPARE(flushed->id, 0);
    }
    // Usable again (on PostgreSQL over a new connection): only the committed row is there.
    const auto names = orm::select(Users::name).orderBy(Users::id.asc());
    QCOMPARE(await(session.execute(names)).scalars().all(), QList<QString> {u"kept"_s});

    if (fault == u"read-only"_s) {
        await(session.close());
        return;
    }
    if (fault == u"locked"_s)
        await(locker.rollback());
    session.add(User {.name = u"later"_s});
    await(session.commit());
    QCOMPARE(await(session.execute(names)).scalars().all(),
             (QList<QString> {u"kept"_s, u"later"_s}));
    await(session.close());
}

QTEST_GUILESS_MAIN(tst_AsyncSession)
#include "tst_asyncsession.moc"
