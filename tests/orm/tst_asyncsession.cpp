// The seed's program, awaited with QCoro through AsyncSession, on SQLite and PostgreSQL, while
// the caller's event loop keeps running.
#include "support/TestBackends.h"

#include <ui/Models.h>

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
};

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

QTEST_GUILESS_MAIN(tst_AsyncSession)
#include "tst_asyncsession.moc"
