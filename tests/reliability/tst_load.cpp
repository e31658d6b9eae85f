// Load and concurrency (issue 7): eight AsyncSessions write and read the same SQLite file and the
// same PostgreSQL database at once for a bounded time, through one engine with a lane each and
// through eight engines of one lane each (the contention eight processes would give). Then
// nothing committed is missing, nothing deleted is back, and no counter lost an increment where
// the ORM promises none.
//
// What the ORM promises when sessions race, and so what is checked:
// - An atomic SQL increment (UPDATE ... SET value = value + 1) is applied by the database to the
//   latest committed value: none is lost. orm::update().values() binds values only, so it is
//   written with orm::text().
// - A read-modify-write through the unit of work (get, change, commit) is NOT isolated, as in
//   SQLAlchemy without with_for_update(): on SQLite the read runs before the transaction's BEGIN
//   IMMEDIATE (sent lazily, before the first write), on PostgreSQL under READ COMMITTED without
//   a row lock. Two sessions read the same value and both write value + 1: one increment is lost
//   (readModifyWrite shows it step by step).
// - The same read-modify-write is safe when the read is select().withForUpdate(): PostgreSQL
//   locks the row (FOR UPDATE), SQLite takes the database's write lock (BEGIN IMMEDIATE) before
//   the read; the read sees the latest value and nobody changes it until the commit.
// - SQLite's lock waits are absorbed by the busy timeout (EngineOptions' default): no "database
//   is locked" reaches a caller. PostgreSQL serialization failures and deadlocks (SQLSTATE 40001,
//   40P01) would be rolled back and counted, and the session would go on with its next
//   transaction; this workload, one shared row per transaction, should cause none, and the
//   figures say how many there were.
//
// QUARRY_LOAD_SECONDS (default 5) is the time per backend, shared by its two variants;
// QUARRY_LOAD_SEED repeats a run's random choices (the interleaving is the scheduler's).
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/async/AsyncSession.h>

#include <QCoroFuture>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <random>

using namespace Qt::StringLiterals;
using quarry::Post;
using quarry::Posts;
using quarry::User;
using quarry::Users;
using quarry::test::await;
using quarry::test::awaitTask;

namespace {

struct Counter
{
    qint64 id = 0;
    QString name;
    qint64 value = 0;
};

} // namespace

template<> struct orm::Model<Counter>
{
    static constexpr const char *table = "load_counters";
    static constexpr orm::Column<&Counter::id> id {"id",
                                                   {.primaryKey = true, .sqlType = "INTEGER"}};
    static constexpr orm::Column<&Counter::name> name {"name", {.unique = true, .notNull = true}};
    static constexpr orm::Column<&Counter::value> value {"value"};
    static constexpr auto columns = std::tuple(id, name, value);
};

namespace {

using Counters = orm::Model<Counter>;

const orm::MetaData tables = orm::MetaData::of<Post, User, Counter>();

constexpr int sessionCount = 8;

// How a counter is incremented; each counter is incremented one way only.
enum class Increment { Atomic, LockedFirst, Plain };
// The counters of each way, indexed by Increment.
using CounterIds = std::array<QList<qint64>, 3>;

const QString incrementSql = u"UPDATE load_counters SET value = value + 1 WHERE id = :id"_s;

// The counter, read with the lock that makes writing it back safe.
orm::Select<Counter> lockedCounter(qint64 id)
{
    return orm::select<Counter>().where(Counters::id == id).withForUpdate();
}

enum class Operation {
    Insert,
    Update,
    Delete,
    AtomicIncrement,
    LockedIncrement,
    PlainIncrement,
    Select
};

// Weights out of 100, in the order of Operation.
constexpr std::array<int, 7> weights = {20, 15, 8, 20, 10, 7, 20};

const char *nameOf(Operation operation)
{
    static constexpr std::array names
            = {"inserts",           "updates",          "deletes", "atomic increments",
               "locked increments", "plain increments", "selects"};
    return names.at(size_t(operation));
}

quint64 seed()
{
    static const quint64 seed = qEnvironmentVariableIsSet("QUARRY_LOAD_SEED")
            ? qEnvironmentVariable("QUARRY_LOAD_SEED").toULongLong()
            : QRandomGenerator::global()->generate64();
    return seed;
}

// What one session did and saw; only what was committed is recorded.
struct Tally
{
    std::array<qint64, weights.size()> done {};
    // Ordered maps: a pick by position then depends on the seed only, not on QHash's own seed.
    QMap<qint64, QString> names; // the live users this session made → their committed names
    QMap<qint64, QList<qint64>> posts; // the live users this session made → their posts
    // Users this session deleted, with their posts → their names then. On SQLite the key of the
    // newest row comes back for the next INSERT (a rowid without AUTOINCREMENT, as SQLAlchemy
    // makes it), so a deleted row is told by its name, which no other row ever has.
    QList<std::pair<qint64, QString>> deleted;
    QHash<qint64, qint64> increments; // counter → increments committed
    qint64 retried = 0; // PostgreSQL serialization failures and deadlocks, rolled back
    QStringList failures;
};

bool isSerializationFailure(const orm::Error &error)
{
    const QString code = error.sqlError().nativeErrorCode();
    return code == u"40001"_s || code == u"40P01"_s;
}

// One of the eight: a loop of transactions, each in a new session (the seed's
// `async with async_session()`), until the deadline.
class Worker
{
public:
    Worker(int index, std::shared_ptr<orm::AsyncEngine> engine, CounterIds counters,
           QDeadlineTimer deadline)
        : m_index(index), m_engine(std::move(engine)), m_counters(std::move(counters)),
          m_deadline(deadline), m_random(seed() + quint64(index))
    { }

    const Tally &tally() const { return m_tally; }

    // Takes the worker by shared_ptr: should the test give up waiting, the coroutine still has it.
    static QCoro::Task<> run(std::shared_ptr<Worker> self) { co_await self->loop(); }

private:
    QCoro::Task<> loop();
    QCoro::Task<> perform(Operation operation, orm::AsyncSession &session);
    QCoro::Task<> insert(orm::AsyncSession &session);
    QCoro::Task<> update(orm::AsyncSession &session);
    QCoro::Task<> remove(orm::AsyncSession &session);
    QCoro::Task<> increment(orm::AsyncSession &session, Increment how);
    QCoro::Task<> select(orm::AsyncSession &session);

    Operation pick();
    qint64 anyLiveUser();
    // Count entries of from, picked at random (some maybe twice).
    template<typename T> QList<T> sample(const QList<T> &from, qsizetype count)
    {
        QList<T> picked;
        for (qsizetype i = 0; i < count && !from.isEmpty(); ++i)
            picked << from.at(qsizetype(m_random() % quint64(from.size())));
        return picked;
    }
    void fail(const QString &what)
    {
        m_tally.failures << u"session %1: %2"_s.arg(m_index).arg(what);
    }

    int m_index;
    std::shared_ptr<orm::AsyncEngine> m_engine;
    CounterIds m_counters;
    QDeadlineTimer m_deadline;
    std::mt19937_64 m_random;
    int m_serial = 0;
    Tally m_tally;
};

QCoro::Task<> Worker::loop()
{
    // A few failures say enough; more would only repeat them.
    while (!m_deadline.hasExpired() && m_tally.failures.size() < 5) {
        orm::AsyncSession session(m_engine);
        const Operation operation = pick();
        bool failed = false;
        try {
            co_await perform(operation, session);
            ++m_tally.done.at(size_t(operation));
        } catch (const orm::Error &error) {
            failed = true;
            if (m_engine->dialect() == orm::Dialect::PostgreSQL && isSerializationFailure(error))
                ++m_tally.retried;
            else
                fail(u"%1: %2"_s.arg(QString::fromUtf8(nameOf(operation)), error.message()));
        } catch (const std::exception &error) {
            failed = true;
            fail(QString::fromUtf8(error.what()));
        }
        if (!failed)
            continue;
        QFuture<void> rolledBack = session.rollback();
        try {
            co_await rolledBack;
        } catch (const std::exception &error) {
            fail(u"rollback: "_s + QString::fromUtf8(error.what()));
        }
    }
}

Operation Worker::pick()
{
    int roll = int(m_random() % 100);
    size_t i = 0;
    while (roll >= weights.at(i))
        roll -= weights.at(i++);
    const auto operation = Operation(i);
    // Updates, deletes and the checks of a select need a user of one's own.
    if (m_tally.names.isEmpty()
        && (operation == Operation::Update || operation == Operation::Delete))
        return Operation::Insert;
    return operation;
}

qint64 Worker::anyLiveUser()
{
    const QList<qint64> ids = m_tally.names.keys();
    return ids.at(qsizetype(m_random() % quint64(ids.size())));
}

QCoro::Task<> Worker::perform(Operation operation, orm::AsyncSession &session)
{
    switch (operation) {
    case Operation::Insert:
        co_await insert(session);
        break;
    case Operation::Update:
        co_await update(session);
        break;
    case Operation::Delete:
        co_await remove(session);
        break;
    case Operation::AtomicIncrement:
        co_await increment(session, Increment::Atomic);
        break;
    case Operation::LockedIncrement:
        co_await increment(session, Increment::LockedFirst);
        break;
    case Operation::PlainIncrement:
        co_await increment(session, Increment::Plain);
        break;
    case Operation::Select:
        co_await select(session);
        break;
    }
}

// A user and two posts, through add() and commit(); the flush between gives the posts a user id.
QCoro::Task<> Worker::insert(orm::AsyncSession &session)
{
    const QString name = u"s%1-u%2"_s.arg(m_index).arg(++m_serial);
    const auto user = session.add(User {.name = name, .age = m_index});
    co_await session.flush();
    const auto first = session.add(Post {.title = name + u"/1"_s, .userId = user->id});
    const auto second = session.add(Post {.title = name + u"/2"_s, .userId = user->id});
    co_await session.commit();
    m_tally.names.insert(user->id, name);
    m_tally.posts.insert(user->id, {first->id, second->id});
}

// A rename through the unit of work. Only this session writes its users, so nothing races here.
QCoro::Task<> Worker::update(orm::AsyncSession &session)
{
    const qint64 id = anyLiveUser();
    const auto user = co_await session.get<User>(id);
    if (!user) {
        fail(u"user %1, committed, is gone"_s.arg(id));
        co_return;
    }
    const QString name = u"s%1-u%2"_s.arg(m_index).arg(++m_serial);
    user->name = name;
    co_await session.commit();
    m_tally.names.insert(id, name);
}

// The posts by a bulk delete, then the user through the unit of work.
QCoro::Task<> Worker::remove(orm::AsyncSession &session)
{
    const qint64 id = anyLiveUser();
    const auto posts = orm::deleteFrom<Post>().where(Posts::userId == id);
    const qint64 removedPosts = co_await session.execute(posts);
    if (removedPosts != m_tally.posts.value(id).size())
        fail(u"user %1 had %2 posts, not %3"_s.arg(id)
                     .arg(removedPosts)
                     .arg(m_tally.posts.value(id).size()));
    const auto user = co_await session.get<User>(id);
    if (!user) {
        fail(u"user %1, committed, is gone"_s.arg(id));
        co_return;
    }
    co_await session.remove(user);
    co_await session.commit();
    m_tally.deleted.append({id, m_tally.names.take(id)});
    m_tally.posts.remove(id);
}

QCoro::Task<> Worker::increment(orm::AsyncSession &session, Increment how)
{
    const QList<qint64> &counters = m_counters.at(size_t(how));
    const qint64 id = counters.at(qsizetype(m_random() % quint64(counters.size())));
    if (how == Increment::Atomic) {
        const orm::Text increment = orm::text(incrementSql).bind(u"id"_s, id);
        const orm::Result result = co_await session.execute(increment);
        if (result.rowsAffected() != 1)
            fail(u"the increment of counter %1 changed %2 rows"_s.arg(id).arg(
                    result.rowsAffected()));
    } else {
        std::shared_ptr<Counter> counter;
        if (how == Increment::LockedFirst) {
            const orm::Select<Counter> read = lockedCounter(id);
            counter = (co_await session.execute(read)).scalarOneOrNone();
        } else {
            counter = co_await session.get<Counter>(id);
        }
        if (!counter) {
            fail(u"counter %1 is gone"_s.arg(id));
            co_return;
        }
        counter->value += 1;
    }
    co_await session.commit();
    ++m_tally.increments[id];
}

// Reads back some of this session's users with their posts, as committed, and some it deleted,
// which must stay gone; and counts everybody's, which needs no lock on either backend.
QCoro::Task<> Worker::select(orm::AsyncSession &session)
{
    const QList<qint64> live = sample(m_tally.names.keys(), 4);
    if (!live.isEmpty()) {
        const auto statement = orm::select<User>()
                                       .where(Users::id.in(live))
                                       .options(orm::selectinLoad(&User::posts));
        const auto users = (co_await session.execute(statement)).scalars().all();
        if (users.size() != QSet<qint64>(live.cbegin(), live.cend()).size())
            fail(u"%1 of %2 committed users were found"_s.arg(users.size()).arg(live.size()));
        for (const auto &user : users) {
            if (user->name != m_tally.names.value(user->id))
                fail(u"user %1 is named %2, not %3"_s.arg(user->id).arg(
                        user->name, m_tally.names.value(user->id)));
            QList<qint64> posts;
            for (const auto &post : user->posts)
                posts << post->id;
            std::sort(posts.begin(), posts.end());
            if (posts != m_tally.posts.value(user->id))
                fail(u"user %1 has other posts than the ones committed"_s.arg(user->id));
        }
    }
    const QList<std::pair<qint64, QString>> deleted = sample(m_tally.deleted, 4);
    if (!deleted.isEmpty()) {
        QList<qint64> ids;
        for (const auto &[id, name] : deleted)
            ids << id;
        const auto statement = orm::select<User>().where(Users::id.in(ids));
        for (const auto &user : (co_await session.execute(statement)).scalars().all())
            if (deleted.contains(std::pair(user->id, user->name)))
                fail(u"deleted user %1 (%2) is back"_s.arg(user->id).arg(user->name));
    }
    const auto everybody = orm::select(orm::count()).selectFrom<User>();
    const qint64 count = (co_await session.execute(everybody)).scalarOne();
    if (count < m_tally.names.size())
        fail(u"%1 users in all, fewer than this session's own %2"_s.arg(count).arg(
                m_tally.names.size()));
    co_await session.commit();
}

QCoro::Task<> joinAll(std::vector<QCoro::Task<>> tasks)
{
    for (QCoro::Task<> &task : tasks)
        co_await std::move(task);
}

// The entries of expected that actual lacks or holds otherwise, and the ones it has besides.
template<typename K, typename V>
QString differences(const QMap<K, V> &expected, const QMap<K, V> &actual, const QString &what)
{
    QStringList found;
    for (auto it = expected.cbegin(); it != expected.cend() && found.size() < 5; ++it)
        if (!actual.contains(it.key()))
            found << u"%1 %2 is missing"_s.arg(what).arg(it.key());
        else if (actual.value(it.key()) != it.value())
            found << u"%1 %2 differs"_s.arg(what).arg(it.key());
    for (auto it = actual.cbegin(); it != actual.cend() && found.size() < 5; ++it)
        if (!expected.contains(it.key()))
            found << u"%1 %2 should not be there"_s.arg(what).arg(it.key());
    return found.join(u"; "_s);
}

} // namespace

class tst_Load : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { quarry::test::failOnQtWarnings(); }
    void readModifyWrite_data();
    void readModifyWrite();
    void eightSessions_data();
    void eightSessions();
};

void tst_Load::initTestCase()
{
    qInfo("seed %llu (QUARRY_LOAD_SEED=%llu repeats the choices)", seed(), seed());
}

void tst_Load::readModifyWrite_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("forUpdate");
    QTest::addColumn<qint64>("expected");
    for (const QString &backend : quarry::test::backendNames()) {
        // The documented limitation: both sessions read 0 and both write 1.
        QTest::addRow("%s/plain", qPrintable(backend)) << backend << false << qint64(1);
        QTest::addRow("%s/forUpdate", qPrintable(backend)) << backend << true << qint64(2);
    }
}

// Two sessions increment one counter through the unit of work, interleaved on purpose: A reads,
// B reads, A writes and commits, then B. Whether B's read comes before or after A's commit is
// what the lock decides.
void tst_Load::readModifyWrite()
{
    QFETCH(bool, forUpdate);
    QFETCH(qint64, expected);
    auto engine = quarry::test::engineWithFreshTables(tables);
    orm::AsyncSession setup(engine);
    const auto counter = setup.add(Counter {.name = u"shared"_s});
    await(setup.commit());
    const qint64 id = counter->id;
    const auto read = [forUpdate, id](orm::AsyncSession &session) {
        if (!forUpdate)
            return session.get<Counter>(id);
        return session.runSync(
                [id](orm::Session &s) { return s.execute(lockedCounter(id)).scalarOne(); });
    };

    orm::AsyncSession a(engine);
    orm::AsyncSession b(engine);
    const auto seenByA = await(read(a));
    QCOMPARE(seenByA->value, 0);
    QFuture<std::shared_ptr<Counter>> seenByB = read(b);
    if (forUpdate) {
        // B's read waits for A's lock (the busy timeout on SQLite, the row lock on PostgreSQL):
        // it cannot finish before A commits, and it must not fail with "database is locked"
        // when A does.
        QVERIFY(!QTest::qWaitFor([&] { return seenByB.isFinished(); }, 200));
    } else {
        await(seenByB);
    }
    seenByA->value += 1;
    await(a.commit());
    const auto counterOfB = await(seenByB);
    QCOMPARE(counterOfB->value, expected - 1);
    counterOfB->value += 1;
    await(b.commit());

    orm::AsyncSession check(engine);
    const auto stored = await(check.execute(orm::select(Counters::value).where(Counters::id == id)))
                                .scalarOne();
    QCOMPARE(stored, expected);
}

void tst_Load::eightSessions_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("engineEach");
    for (const QString &backend : quarry::test::backendNames()) {
        QTest::addRow("%s/oneEngine", qPrintable(backend)) << backend << false;
        QTest::addRow("%s/engineEach", qPrintable(backend)) << backend << true;
    }
}

void tst_Load::eightSessions()
{
    QFETCH(QString, backend);
    QFETCH(bool, engineEach);
    const int secondsPerBackend = qEnvironmentVariableIsSet("QUARRY_LOAD_SECONDS")
            ? qEnvironmentVariableIntValue("QUARRY_LOAD_SECONDS")
            : 5;
    const qint64 runMs = secondsPerBackend * 1000 / 2;

    auto first = quarry::test::engineWithFreshTables(tables);
    // A lane per session, in one engine or in eight; both with the default busy timeout.
    std::vector<std::shared_ptr<orm::AsyncEngine>> engines;
    if (engineEach) {
        for (int i = 0; i < sessionCount; ++i)
            engines.push_back(orm::createAsyncEngine(first->url(), {.poolSize = 1}));
    } else {
        engines.push_back(orm::createAsyncEngine(first->url(), {.poolSize = sessionCount}));
    }
    first.reset();

    // Two counters for each way of incrementing: few enough that every one is fought over.
    CounterIds counters;
    qint64 counterSerial = 0;
    orm::AsyncSession setup(engines.front());
    for (const Increment how : {Increment::Atomic, Increment::LockedFirst, Increment::Plain}) {
        for (int i = 0; i < 2; ++i) {
            const auto counter = setup.add(Counter {.name = QString::number(++counterSerial)});
            await(setup.flush());
            counters.at(size_t(how)) << counter->id;
        }
    }
    await(setup.commit());

    const QDeadlineTimer deadline(runMs);
    QElapsedTimer elapsed;
    elapsed.start();
    std::vector<std::shared_ptr<Worker>> workers;
    std::vector<QCoro::Task<>> running;
    for (int i = 0; i < sessionCount; ++i) {
        workers.push_back(std::make_shared<Worker>(i, engines.at(size_t(i) % engines.size()),
                                                   counters, deadline));
        running.push_back(Worker::run(workers.back()));
    }
    // The operations in flight at the deadline finish well within a minute, or something hangs.
    awaitTask(joinAll(std::move(running)), int(runMs) + 60'000);
    const double seconds = double(elapsed.elapsed()) / 1000;

    Tally all;
    for (const auto &worker : workers) {
        const Tally &tally = worker->tally();
        for (size_t i = 0; i < all.done.size(); ++i)
            all.done.at(i) += tally.done.at(i);
        all.names.insert(tally.names);
        all.posts.insert(tally.posts);
        all.deleted << tally.deleted;
        for (auto it = tally.increments.cbegin(); it != tally.increments.cend(); ++it)
            all.increments[it.key()] += it.value();
        all.retried += tally.retried;
        all.failures << tally.failures;
    }

    // What is stored now, read through a session of its own.
    orm::AsyncSession check(engines.front());
    QMap<qint64, QString> names;
    for (const auto &[id, name] : await(check.execute(orm::select(Users::id, Users::name))).all())
        names.insert(id, name);
    QMap<qint64, QList<qint64>> posts;
    for (const auto &[id, userId] :
         await(check.execute(orm::select(Posts::id, Posts::userId))).all())
        posts[userId.value_or(0)] << id;
    for (QList<qint64> &ids : posts)
        std::sort(ids.begin(), ids.end());
    QHash<qint64, qint64> values;
    for (const auto &[id, value] :
         await(check.execute(orm::select(Counters::id, Counters::value))).all())
        values.insert(id, value);
    await(check.close());

    qint64 operations = 0;
    QStringList kinds;
    for (size_t i = 0; i < all.done.size(); ++i) {
        operations += all.done.at(i);
        kinds << u"%1 %2"_s.arg(all.done.at(i)).arg(QString::fromUtf8(nameOf(Operation(i))));
    }
    qint64 plainCommitted = 0;
    qint64 plainStored = 0;
    for (const qint64 id : counters.at(size_t(Increment::Plain))) {
        plainCommitted += all.increments.value(id);
        plainStored += values.value(id);
    }
    qInfo("%s, %s: %d sessions for %.1f s: %lld operations, %.0f/s (%s); %lld users and %lld "
          "deleted at the end; plain read-modify-write kept %lld of %lld increments; "
          "%lld serialization failures or deadlocks retried",
          qPrintable(backend), engineEach ? "an engine each" : "one engine", sessionCount, seconds,
          operations, double(operations) / seconds, qPrintable(kinds.join(u", "_s)),
          qint64(names.size()), qint64(all.deleted.size()), plainStored, plainCommitted,
          all.retried);

    // Nothing surfaced to a caller: no "database is locked", no timeout, no wrong read.
    QVERIFY2(all.failures.isEmpty(), qPrintable(all.failures.join(u'\n')));
    QVERIFY2(operations > sessionCount, "the sessions hardly got anything done");
    // Every committed user is there with its last committed name and its posts; nothing else is.
    QString difference = differences(all.names, names, u"user"_s);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    difference = differences(all.posts, posts, u"the posts of user"_s);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    for (const auto &[id, name] : std::as_const(all.deleted))
        QVERIFY2(names.value(id) != name,
                 qPrintable(u"deleted user %1 (%2) is back"_s.arg(id).arg(name)));
    // Atomic increments and increments made under the row's lock: none lost, none extra.
    for (const Increment how : {Increment::Atomic, Increment::LockedFirst})
        for (const qint64 id : counters.at(size_t(how)))
            QCOMPARE(values.value(id), all.increments.value(id));
    // Plain read-modify-write may lose increments (see the top), never invent one.
    QVERIFY(plainStored <= plainCommitted);
}

QTEST_GUILESS_MAIN(tst_Load)
#include "tst_load.moc"
