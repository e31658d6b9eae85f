// Models, DDL, typed selects and the unit of work, on SQLite and PostgreSQL.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/session/Session.h>

#include <QSemaphore>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace quarry;
using quarry::test::await;

class tst_Session : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenDdl_data();
    void goldenDdl();
    void goldenSelect_data();
    void goldenSelect();
    void seedOperations_data() { quarry::test::addBackendRows(); }
    void seedOperations();
    void unitOfWork_data() { quarry::test::addBackendRows(); }
    void unitOfWork();
    void failedFlush_data() { quarry::test::addBackendRows(); }
    void failedFlush();
    void bulkInsertAssignsKeys_data() { quarry::test::addBackendRows(); }
    void bulkInsertAssignsKeys();
    void overlappingUseIsAnError_data() { quarry::test::addBackendRows(); }
    void overlappingUseIsAnError();
};

void tst_Session::goldenDdl_data()
{
    QTest::addColumn<orm::Dialect>("dialect");
    QTest::addColumn<QStringList>("expected");
    // What SQLAlchemy 1.4's create_all emits for the seed's models (tests/interop checks it
    // against SQLAlchemy itself on SQLite).
    QTest::newRow("sqlite")
            << orm::Dialect::SQLite
            << QStringList {
                       u"\nCREATE TABLE users (\n\tid INTEGER NOT NULL, \n\tname VARCHAR, \n\tage INTEGER, \n\tPRIMARY KEY (id)\n)\n\n"_s,
                       u"\nCREATE TABLE posts (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR, \n\tuser_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(user_id) REFERENCES users (id)\n)\n\n"_s};
    QTest::newRow("postgresql")
            << orm::Dialect::PostgreSQL
            << QStringList {
                       u"\nCREATE TABLE users (\n\tid SERIAL NOT NULL, \n\tname VARCHAR, \n\tage INTEGER, \n\tPRIMARY KEY (id)\n)\n\n"_s,
                       u"\nCREATE TABLE posts (\n\tid SERIAL NOT NULL, \n\ttitle VARCHAR, \n\tuser_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(user_id) REFERENCES users (id)\n)\n\n"_s};
}

void tst_Session::goldenDdl()
{
    QFETCH(orm::Dialect, dialect);
    QTEST(Base.createStatements(dialect), "expected");
}

void tst_Session::goldenSelect_data()
{
    quarry::test::addGoldenSqlColumns();
    const auto row = [](const char *tag, orm::CompiledSql c, QString sql, QVariantList parameters) {
        QTest::newRow(tag) << c << sql << parameters;
    };
    const auto sqlite = orm::Dialect::SQLite;
    row("all", orm::select<User>().compile(sqlite),
        u"SELECT users.id, users.name, users.age \nFROM users"_s, {});
    row("where name", orm::select<User>().where(Users::name == u"Смитти"_s).compile(sqlite),
        u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.name = ?"_s,
        {u"Смитти"_s});
    row("two wheres",
        orm::select<User>().where(Users::age >= 18).where(Users::age.isNotNull()).compile(sqlite),
        u"SELECT users.id, users.name, users.age \nFROM users \nWHERE (users.age >= ? AND users.age IS NOT NULL)"_s,
        {18});
    row("or not in",
        orm::select<User>()
                .where(Users::id.in(QList<int> {1, 2}) || !(Users::name != u"x"_s))
                .compile(sqlite),
        u"SELECT users.id, users.name, users.age \nFROM users \nWHERE (users.id IN (?, ?) OR NOT (users.name != ?))"_s,
        {qint64(1), qint64(2), u"x"_s});
    row("contains escapes",
        orm::select<User>().where(Users::name.contains(u"50%_off"_s)).compile(sqlite),
        u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.name LIKE ? ESCAPE '\\'"_s,
        {u"%50\\%\\_off%"_s});
    row("order limit offset",
        orm::select<User>()
                .orderBy(Users::age.desc(), Users::id.asc())
                .limit(10)
                .offset(20)
                .compile(sqlite),
        u"SELECT users.id, users.name, users.age \nFROM users ORDER BY users.age DESC, users.id\n LIMIT ? OFFSET ?"_s,
        {qint64(10), qint64(20)});
    row("offset only, postgresql", orm::select<User>().offset(5).compile(orm::Dialect::PostgreSQL),
        u"SELECT users.id, users.name, users.age \nFROM users\n LIMIT ALL OFFSET ?"_s, {qint64(5)});
    row("ilike postgresql",
        orm::select<Post>().where(Posts::title.ilike(u"a%"_s)).compile(orm::Dialect::PostgreSQL),
        u"SELECT posts.id, posts.title, posts.user_id \nFROM posts \nWHERE posts.title ILIKE ?"_s,
        {u"a%"_s});
    row("columns",
        orm::select(Users::name, Users::age).where(Users::age.between(1, 9)).compile(sqlite),
        u"SELECT users.name, users.age \nFROM users \nWHERE users.age BETWEEN ? AND ?"_s, {1, 9});
}

void tst_Session::goldenSelect()
{
    quarry::test::compareGoldenSql();
}

void tst_Session::seedOperations()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    await(engine->runSync([](orm::Connection &c) {
        Base.createAll(c); // checkfirst: a second call is harmless
    }));
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        // add_user, add_many_users
        session.add(User {.name = u"Смитти"_s, .age = 30});
        session.addAll(QList<User> {{.name = u"Ada"_s, .age = 36},
                                    {.name = u"Emoji 🦀"_s, .age = std::nullopt}});
        session.commit();

        const auto all
                = session.execute(orm::select<User>().orderBy(Users::id.asc())).scalars().all();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(2)->name, u"Emoji 🦀"_s);
        QVERIFY(!all.at(2)->age);
        const auto first = session.execute(orm::select<User>().where(Users::name == u"Смитти"_s))
                                   .scalars()
                                   .first();
        QVERIFY(first);
        QCOMPARE(first->age, 30);
        QCOMPARE(session.execute(orm::select<User>().where(Users::id == first->id)).scalarOne(),
                 first); // identity map
        QVERIFY(!session.execute(orm::select<User>().where(Users::id == -1)).scalarOneOrNone());
        QVERIFY_THROWS_EXCEPTION(
                orm::NoResultFound,
                session.execute(orm::select<User>().where(Users::id == -1)).scalarOne());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(orm::select<User>()).scalarOne());
        const auto rows
                = session.execute(orm::select(Users::name, Users::age).orderBy(Users::id.asc()))
                          .all();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0), std::tuple(u"Смитти"_s, std::optional<int>(30)));
        QCOMPARE(std::get<1>(rows.at(2)), std::nullopt);

        // update_user_name
        first->name = u"Смитти-2"_s;
        session.commit();
        // delete_user
        const auto ada = session.execute(orm::select<User>().where(Users::name == u"Ada"_s))
                                 .scalarOneOrNone();
        session.remove(ada);
        session.commit();
        // get_user_posts
        session.add(Post {.title = u"hello"_s, .userId = first->id});
        session.add(Post {.title = u"orphan"_s});
        session.commit();
        const auto posts = session.execute(orm::select<Post>().where(Posts::userId == first->id))
                                   .scalars()
                                   .all();
        QCOMPARE(posts.size(), 1);
        QCOMPARE(posts.at(0)->title, u"hello"_s);
    }));
    // A fresh session sees what was committed.
    const auto names = await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        return session.execute(orm::select(Users::name).orderBy(Users::id.asc())).scalars().all();
    }));
    QCOMPARE(names, (QList<QString> {u"Смитти-2"_s, u"Emoji 🦀"_s}));
}

void tst_Session::unitOfWork()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    QStringList statements;
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) { statements << log.sql; }, Qt::DirectConnection);
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c, {.expireOnCommit = false});
        auto user = session.add(User {.name = u"a"_s, .age = 1});
        session.flush();
        QVERIFY(user->id > 0); // the key came back
        QCOMPARE(session.get<User>(user->id), user);
        statements.clear();
        session.flush(); // nothing changed: no SQL
        QCOMPARE(session.get<User>(user->id), user); // from the identity map: no SQL
        QVERIFY(statements.isEmpty());
        user->age = 2;
        QVERIFY(session.isModified(user));
        session.flush();
        QCOMPARE(statements.filter(u"UPDATE"_s),
                 (QStringList {u"UPDATE users SET age=? WHERE users.id = ?"_s}));
        session.commit();
    }));
}

void tst_Session::failedFlush()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        session.add(User {.name = u"kept"_s});
        session.commit();
        auto ghost = session.add(User {.name = u"ghost"_s});
        session.add(Post {.title = u"dangling"_s, .userId = 999'999}); // no such user
        QVERIFY_THROWS_EXCEPTION(orm::IntegrityError, session.commit());
        QCOMPARE(ghost->id, 0); // the rolled-back key is not left behind
        QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.execute(orm::select<User>()));
        session.rollback();
        QVERIFY(!session.contains(ghost));
        const auto users = session.execute(orm::select<User>()).scalars().all();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.at(0)->name, u"kept"_s);
    }));
}

void tst_Session::bulkInsertAssignsKeys()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    int inserts = 0;
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) { inserts += log.sql.startsWith(u"INSERT"_s); },
            Qt::DirectConnection);
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        QList<User> many;
        for (int i = 0; i < 5000; ++i)
            many.append({.name = u"user %1"_s.arg(i), .age = i % 90});
        const auto added = session.addAll(many);
        session.commit();
        QCOMPARE(inserts, 5); // a thousand rows per statement, not a round trip each
        QSet<qint64> keys;
        for (const auto &user : added)
            keys.insert(user->id);
        QCOMPARE(keys.size(), 5000);
        QVERIFY(!keys.contains(0));
        const auto back
                = session.execute(orm::select<User>().where(Users::id == added.at(4321)->id))
                          .scalarOne();
        QCOMPARE(back->name, u"user 4321"_s);
    }));
}

void tst_Session::overlappingUseIsAnError()
{
    // The checks are on in every build type (Session.h says why), so this runs in all of them.
    auto engine = quarry::test::engineWithFreshTables(Base);
    QSemaphore flushing, tried;
    std::atomic_bool pauseAtInsert {false};
    orm::Session *running = nullptr; // the lane's session, only touched while it is paused
    std::shared_ptr<User> pending;
    QString reentrant;
    // The observer runs on the lane, in the middle of the session's flush: it tries the session
    // itself (a re-entrant call), then holds the flush until this thread has tried it too.
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) {
                if (!log.sql.startsWith(u"INSERT"_s) || !pauseAtInsert.exchange(false))
                    return;
                try {
                    running->isModified(pending);
                } catch (const orm::InvalidRequestError &error) {
                    reentrant = error.message();
                }
                flushing.release();
                tried.acquire();
            },
            Qt::DirectConnection);

    QFuture<QString> lane = engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        running = &session;
        pending = session.add(User {.name = u"first"_s});
        pauseAtInsert = true;
        session.flush();
        // Idle now: calls without I/O are fine from another thread, SQL is not.
        QString fromOtherThread;
        std::unique_ptr<QThread> other(QThread::create([&] {
            if (!session.contains(pending))
                fromOtherThread = u"contains() did not find the object"_s;
            try {
                session.execute(orm::select<User>());
            } catch (const orm::InvalidRequestError &error) {
                fromOtherThread = error.message();
            }
        }));
        other->start();
        other->wait();
        session.commit();
        return fromOtherThread;
    });

    QString whileFlushing;
    const bool paused = flushing.tryAcquire(1, 20'000);
    if (paused) {
        try {
            running->add(User {.name = u"second"_s});
        } catch (const orm::InvalidRequestError &error) {
            whileFlushing = error.message();
        }
    }
    tried.release(); // the lane goes on, paused or not, before anything can return
    const QString fromOtherThread = await(lane);
    QVERIFY(paused);
    QVERIFY2(whileFlushing.contains(u"Session::add() was called while Session::flush()"_s),
             qPrintable(whileFlushing));
    QVERIFY2(reentrant.contains(u"Session::isModified() was called while Session::flush()"_s),
             qPrintable(reentrant));
    QVERIFY2(fromOtherThread.contains(u"Session::execute() was called on a thread that does not "
                                      u"own the session's connection"_s),
             qPrintable(fromOtherThread));
    // Nothing was half-done: the one user is there, the refused one is not.
    const auto names = await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        return session.execute(orm::select(Users::name)).scalars().all();
    }));
    QCOMPARE(names, QList<QString> {u"first"_s});
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
