// orm_bench: what the Quarry ORM costs over hand-written Qt SQL, workload by workload.
//
// Each workload (W1..W10) runs twice in one process, on the same database, each time on tables
// dropped, recreated and seeded the same way beforehand (the seeding is not measured):
//   quarry     the ORM's public async API: an AsyncEngine and AsyncSessions, every operation
//              co_awaited on the main thread's event loop, exactly as an application does;
//   qsqlquery  plain QSqlQuery on one connection of the main thread: prepared statements, bulk
//              work in one transaction, rows read into small structs.
// Both sides send the same statements in the same transactions: like the ORM's Connection, the
// qsqlquery side begins a session's transaction at once on PostgreSQL and with BEGIN IMMEDIATE
// just before the first write on SQLite, and commits where the seed's helpers commit. Each
// workload checks that both sides read, and left behind, the same rows.
//
// It prints one line per workload, with the time of each side and their ratio against the
// target the issue sets (OK, or MISS when the ORM is over it), and the process's peak resident
// memory so far (getrusage's ru_maxrss, a high-water mark that never goes down):
//   W2 add_all n=100000 quarry=0.131s qsqlquery=0.118s ratio=1.11 target<=1.5 OK peak_rss=61.2MiB
// With --side one side runs alone, so peak_rss is that side's own (with --only, one workload's):
//   build/bench/bench/orm_bench --only W4 --side quarry      the ORM's peak memory for W4
//   build/bench/bench/orm_bench --only W4 --side qsqlquery   plain QSqlQuery's, to compare
//
// Build and run (an optimised build; the database is a fresh SQLite file in a temporary folder):
//   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_BUILD_TESTS=OFF
//   cmake --build build/bench --target orm_bench
//   build/bench/bench/orm_bench                    all workloads at full size (a few minutes)
//   build/bench/bench/orm_bench --scale 0.1        every size shrunk tenfold, for a quick look
//   build/bench/bench/orm_bench --repeat 3         each side's fastest of 3 runs (less noise)
//   /usr/bin/time -v build/bench/bench/orm_bench --only W4 --side quarry   the same from outside
//   build/bench/bench/orm_bench --url postgresql://user:password@127.0.0.1:5432/quarry_bench
//       on PostgreSQL instead: the tables users and posts of that database are DROPPED and made
//       anew, so give it a database of its own.
// The exit status is 0 when every workload ran and both sides agreed, whatever the ratios.
#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/async/AsyncSession.h>
#include <orm/session/ToDict.h>

#include <QCoreApplication>
#include <QCoroFuture>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>

using namespace Qt::StringLiterals;
using quarry::Base;
using quarry::Post;
using quarry::Posts;
using quarry::User;
using quarry::Users;

namespace {

using SessionMaker = std::function<orm::AsyncSession()>;

// ------------------------------------------------------------------------------------------------
// Sizes, inputs and the check that both sides did the same work

// The sizes; --scale multiplies each of them.
struct Sizes
{
    qsizetype users = 100'000; // W2, W4, W10, and the users table W5..W9 work on
    qsizetype posts = 500'000; // the posts table of W9
    qsizetype helperCalls = 1'000; // W3, W6, W7, W8 and W9's get_user_posts
    qsizetype pointLookups = 10'000; // W5
    qsizetype selectinUsers = 10'000; // W9's selectinLoad
    qsizetype createAllRounds = 20; // W1: one createAll takes milliseconds, so it is repeated

    static Sizes scaledBy(double scale)
    {
        auto scaled = [scale](qsizetype n) {
            return std::max<qsizetype>(1, qRound64(n * scale));
        };
        Sizes sizes;
        sizes.users = scaled(sizes.users);
        sizes.posts = scaled(sizes.posts);
        sizes.helperCalls = std::min(sizes.users, scaled(sizes.helperCalls));
        sizes.pointLookups = scaled(sizes.pointLookups);
        sizes.selectinUsers = std::min(sizes.users, scaled(sizes.selectinUsers));
        return sizes;
    }
};

struct UserRow
{
    qint64 id = 0;
    QString name;
    std::optional<int> age;
};

struct PostRow
{
    qint64 id = 0;
    QString title;
    std::optional<qint64> userId;
};

struct UserWithPosts
{
    UserRow user;
    QList<PostRow> posts;
};

// The users the seed and W2/W3 insert: "user 1", "user 2", ...; every tenth has no age.
QString seededUserName(qint64 id)
{
    return u"user %1"_s.arg(id);
}

QList<UserRow> newUsers(qsizetype count, bool everyoneHasAnAge = false)
{
    QList<UserRow> users;
    users.reserve(count);
    for (qint64 i = 1; i <= count; ++i)
        users.append({.name = seededUserName(i),
                      .age = !everyoneHasAnAge && i % 10 == 0 ? std::nullopt
                                                              : std::optional<int>(18 + i % 60)});
    return users;
}

// count distinct ids spread evenly over 1..highest.
QList<qint64> spreadIds(qsizetype count, qsizetype highest)
{
    QList<qint64> ids;
    ids.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        ids.append(1 + i * highest / count);
    return ids;
}

// count ids drawn from 1..highest, the same ones on every run.
QList<qint64> randomIds(qsizetype count, qsizetype highest, quint32 seed)
{
    QRandomGenerator generator(seed);
    QList<qint64> ids;
    ids.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        ids.append(1 + qint64(generator.bounded(quint64(highest))));
    return ids;
}

// What one side read, or what a table holds: enough to tell that both sides did the same work.
struct Fingerprint
{
    qint64 rows = 0;
    qint64 idSum = 0;
    qint64 textLength = 0;

    void add(qint64 id, const QString &text)
    {
        ++rows;
        idSum += id;
        textLength += text.size();
    }
    friend bool operator==(const Fingerprint &, const Fingerprint &) = default;
    QString toString() const
    {
        return u"rows=%1 idSum=%2 textLength=%3"_s.arg(rows).arg(idSum).arg(textLength);
    }
};

// The measured time of one side; a side stops it around work that is not to be measured.
class Stopwatch
{
public:
    void start() { m_timer.start(); }
    void stop() { m_nanoseconds += m_timer.nsecsElapsed(); }
    double seconds() const { return double(m_nanoseconds) / 1e9; }

private:
    QElapsedTimer m_timer;
    qint64 m_nanoseconds = 0;
};

// ------------------------------------------------------------------------------------------------
// Waiting on the main thread's event loop (what an application's loop does between awaits)

// Waits for a future of setup work while the event loop runs; rethrows its error.
template<typename T> T waitFor(QFuture<T> future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    if constexpr (std::is_void_v<T>)
        future.waitForFinished();
    else
        return future.result();
}

template<typename T> struct TaskOutcome
{
    QEventLoop loop;
    bool done = false;
    std::exception_ptr error;
    std::optional<T> value;
};

template<typename T>
QCoro::Task<> settleInto(QCoro::Task<T> task, std::shared_ptr<TaskOutcome<T>> outcome)
{
    try {
        outcome->value = co_await std::move(task);
    } catch (...) {
        outcome->error = std::current_exception();
    }
    outcome->done = true;
    outcome->loop.quit();
}

// Runs a coroutine to its end on the event loop and returns its value or rethrows its error
// (QCoro::waitFor() would hang when the coroutine throws).
template<typename T> T runOnEventLoop(QCoro::Task<T> task)
{
    auto outcome = std::make_shared<TaskOutcome<T>>();
    auto settling = settleInto(std::move(task), outcome);
    if (!outcome->done)
        outcome->loop.exec();
    if (outcome->error)
        std::rethrow_exception(outcome->error);
    return std::move(*outcome->value);
}

// ------------------------------------------------------------------------------------------------
// The quarry side: the seed's helpers, as tests/orm/tst_asyncsession.cpp writes them

QCoro::Task<> addUser(SessionMaker sessionMaker, QString name, int age)
{
    auto session = sessionMaker();
    session.add(User {.name = name, .age = age});
    co_await session.commit();
}

QCoro::Task<> updateUserName(SessionMaker sessionMaker, qint64 userId, QString newName)
{
    auto session = sessionMaker();
    auto user = (co_await session.execute(orm::select<User>().where(Users::id == userId)))
                        .scalarOneOrNone();
    if (user) {
        user->name = newName;
        co_await session.commit();
    }
}

QCoro::Task<> deleteUser(SessionMaker sessionMaker, qint64 userId)
{
    auto session = sessionMaker();
    auto user = (co_await session.execute(orm::select<User>().where(Users::id == userId)))
                        .scalarOneOrNone();
    if (user) {
        co_await session.remove(user);
        co_await session.commit();
    }
}

QCoro::Task<QList<std::shared_ptr<Post>>> getUserPosts(SessionMaker sessionMaker, qint64 userId)
{
    auto session = sessionMaker();
    co_return (co_await session.execute(orm::select<Post>().where(Posts::userId == userId)))
            .scalars()
            .all();
}

// What every quarry workload gets: the engine's session maker and its stopwatch.
struct QuarrySide
{
    std::shared_ptr<orm::AsyncEngine> engine;
    SessionMaker sessions;
    Stopwatch *watch;
};

// ------------------------------------------------------------------------------------------------
// The qsqlquery side

class SqlFailure : public std::runtime_error
{
public:
    SqlFailure(const QString &what, const QSqlError &error)
        : std::runtime_error(qPrintable(what + u": "_s + error.text()))
    { }
};

QSqlQuery preparedQuery(const QSqlDatabase &database, const QString &sql)
{
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        throw SqlFailure(sql, query.lastError());
    return query;
}

void execPrepared(QSqlQuery &query)
{
    if (!query.exec())
        throw SqlFailure(query.lastQuery(), query.lastError());
}

void execText(const QSqlDatabase &database, const QString &sql)
{
    QSqlQuery query(database);
    if (!query.exec(sql))
        throw SqlFailure(sql, query.lastError());
}

UserRow userRowOf(const QSqlQuery &query)
{
    const QVariant age = query.value(2);
    return {.id = query.value(0).toLongLong(),
            .name = query.value(1).toString(),
            .age = age.isNull() ? std::nullopt : std::optional<int>(age.toInt())};
}

// The seed's select(User).where(User.id == id) on a prepared selectUserByIdSql query.
std::optional<UserRow> userById(QSqlQuery &select, qint64 id)
{
    select.bindValue(0, id);
    execPrepared(select);
    std::optional<UserRow> user;
    if (select.next())
        user = userRowOf(select);
    select.finish();
    return user;
}

PostRow postRowOf(const QSqlQuery &query)
{
    const QVariant userId = query.value(2);
    return {.id = query.value(0).toLongLong(),
            .title = query.value(1).toString(),
            .userId = userId.isNull() ? std::nullopt : std::optional<qint64>(userId.toLongLong())};
}

// The transaction of one unit of work, begun where the ORM's Connection begins it: at once on
// PostgreSQL, and on SQLite just before the first write, with BEGIN IMMEDIATE (pysqlite's way).
// A unit of work that ends without commit() rolls back, as a session that is dropped does.
class UnitOfWork
{
public:
    explicit UnitOfWork(const QSqlDatabase &database, orm::Dialect dialect)
        : m_database(database), m_dialect(dialect)
    {
        if (m_dialect == orm::Dialect::PostgreSQL)
            begin();
    }
    ~UnitOfWork() { close(); }
    Q_DISABLE_COPY_MOVE(UnitOfWork)

    void beforeWrite()
    {
        if (!m_begun)
            begin();
    }
    void commit()
    {
        if (std::exchange(m_begun, false))
            execText(m_database, u"COMMIT"_s);
    }
    // What session.close() does: rolls back what is still open.
    void close()
    {
        if (std::exchange(m_begun, false))
            execText(m_database, u"ROLLBACK"_s);
    }

private:
    void begin()
    {
        execText(m_database, m_dialect == orm::Dialect::SQLite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
        m_begun = true;
    }

    QSqlDatabase m_database;
    orm::Dialect m_dialect;
    bool m_begun = false;
};

// The statements, as a programmer would write them by hand.
const QString selectUsersSql = u"SELECT users.id, users.name, users.age FROM users"_s;
const QString selectUserByIdSql = selectUsersSql + u" WHERE users.id = ?"_s;
const QString selectUserByNameSql = selectUsersSql + u" WHERE users.name = ?"_s;
const QString insertUserSql = u"INSERT INTO users (name, age) VALUES (?, ?) RETURNING id"_s;
const QString updateUserNameSql = u"UPDATE users SET name = ? WHERE users.id = ?"_s;
const QString deleteUserSql = u"DELETE FROM users WHERE users.id = ?"_s;
const QString selectPostsSql = u"SELECT posts.id, posts.title, posts.user_id FROM posts"_s;
const QString selectPostsOfUserSql = selectPostsSql + u" WHERE posts.user_id = ?"_s;
const QString detachPostSql = u"UPDATE posts SET user_id = NULL WHERE posts.id = ?"_s;
// SQLAlchemy's selectinload chunk, which the ORM uses too.
constexpr qsizetype selectInChunk = 500;

// What every qsqlquery workload gets: the open connection and its stopwatch.
struct PlainSide
{
    QSqlDatabase database;
    orm::Dialect dialect;
    Stopwatch *watch;
};

// ------------------------------------------------------------------------------------------------
// The database under test: its URL, the connections of the qsqlquery side and of the setup

class BenchDatabase
{
public:
    // A fresh SQLite file in a temporary folder, or the PostgreSQL database the URL names.
    explicit BenchDatabase(const QString &postgresUrl)
    {
        if (postgresUrl.isEmpty()) {
            if (!m_folder.isValid())
                throw std::runtime_error("cannot make a temporary folder");
            m_ormUrl = u"sqlite:///"_s + m_folder.filePath(u"bench.db"_s);
        } else {
            m_ormUrl = postgresUrl;
        }
        m_url = orm::Url::parse(m_ormUrl);
    }

    QString ormUrl() const { return m_ormUrl; }
    orm::Dialect dialect() const { return m_url.dialect(); }
    QString description() const { return m_url.toString(); }

    // Opens a connection set up as the ORM's Connection sets up its own.
    QSqlDatabase open(const QString &connectionName) const
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(m_url.qtDriver(), connectionName);
        if (dialect() == orm::Dialect::SQLite) {
            database.setDatabaseName(m_url.database());
            database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        } else {
            database.setHostName(m_url.host().isEmpty() ? u"localhost"_s : m_url.host());
            if (m_url.port() > 0)
                database.setPort(m_url.port());
            database.setUserName(m_url.username());
            database.setPassword(m_url.password());
            database.setDatabaseName(m_url.database());
        }
        if (!database.open())
            throw SqlFailure(u"cannot open "_s + description(), database.lastError());
        if (dialect() == orm::Dialect::SQLite) {
            execText(database, u"PRAGMA foreign_keys = ON"_s);
            execText(database, u"PRAGMA journal_mode = WAL"_s);
        }
        return database;
    }
    static void close(const QString &connectionName)
    {
        QSqlDatabase::database(connectionName, false).close();
        QSqlDatabase::removeDatabase(connectionName);
    }

    // Drops users and posts and makes them anew with the ORM's DDL, then seeds them: users
    // "user 1".."user n" (ids 1..n) and posts "post 1".."post m", spread round-robin over them.
    // Done on a connection of its own, so neither measured side starts with a warmer cache.
    void resetTables(qsizetype users, qsizetype posts) const
    {
        const QSqlDatabase database = QSqlDatabase::database(setupConnection);
        execText(database, u"DROP TABLE IF EXISTS posts"_s);
        execText(database, u"DROP TABLE IF EXISTS users"_s);
        for (const QString &statement : Base.createStatements(dialect()))
            execText(database, statement);
        const QString numbers = u"WITH RECURSIVE numbers(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                u"FROM numbers WHERE i < %1) "_s;
        if (users > 0)
            execText(database,
                     numbers.arg(users)
                             + u"INSERT INTO users (name, age) SELECT 'user ' || i, CASE WHEN "
                               u"i % 10 = 0 THEN NULL ELSE 18 + i % 60 END FROM numbers "
                               u"ORDER BY i"_s);
        if (posts > 0)
            execText(database,
                     numbers.arg(posts)
                             + u"INSERT INTO posts (title, user_id) SELECT 'post ' || i, "
                               u"(i - 1) % %1 + 1 FROM numbers ORDER BY i"_s.arg(users));
        if (dialect() == orm::Dialect::PostgreSQL)
            execText(database, u"ANALYZE"_s);
    }

    // What the tables hold now, to compare what the two sides left behind.
    std::pair<Fingerprint, Fingerprint> tableFingerprints() const
    {
        const QSqlDatabase database = QSqlDatabase::database(setupConnection);
        auto fingerprintOf = [&](const QString &sql) {
            QSqlQuery query(database);
            if (!query.exec(sql) || !query.next())
                throw SqlFailure(sql, query.lastError());
            return Fingerprint {query.value(0).toLongLong(), query.value(1).toLongLong(),
                                query.value(2).toLongLong()};
        };
        return {fingerprintOf(u"SELECT count(*), coalesce(sum(id), 0), "
                              u"coalesce(sum(length(name)), 0) FROM users"_s),
                fingerprintOf(u"SELECT count(*), coalesce(sum(id), 0) + coalesce(sum(user_id), 0), "
                              u"coalesce(sum(length(title)), 0) FROM posts"_s)};
    }

    static inline const QString setupConnection = u"bench-setup"_s;
    static inline const QString plainConnection = u"bench-qsqlquery"_s;

private:
    QTemporaryDir m_folder;
    QString m_ormUrl;
    orm::Url m_url;
};

// ------------------------------------------------------------------------------------------------
// The workloads

struct Workload
{
    QString id; // "W2"
    QString name; // "add_all"
    qsizetype n = 0;
    std::optional<double> target; // the highest acceptable quarry/qsqlquery ratio
    // The rows the tables hold before each side runs.
    qsizetype seededUsers = 0;
    qsizetype seededPosts = 0;
    std::function<QCoro::Task<Fingerprint>(QuarrySide)> quarry;
    std::function<Fingerprint(PlainSide)> qsqlquery;
};

// The quarry lambdas are coroutines: their captures live in the Workload, which outlives every
// run of it.
QList<Workload> workloads(const Sizes &sizes)
{
    QList<Workload> all;

    // W1: Base.createAll on a database without the tables, in the transaction runSync opens.
    all.append({
            .id = u"W1"_s,
            .name = u"create_all"_s,
            .n = sizes.createAllRounds,
            .quarry
            = [rounds = sizes.createAllRounds](QuarrySide side) -> QCoro::Task<Fingerprint> {
                Fingerprint done;
                for (qsizetype round = 0; round < rounds; ++round) {
                    co_await side.engine->runSync([](orm::Connection &c) { Base.dropAll(c); });
                    side.watch->start();
                    co_await side.engine->runSync([](orm::Connection &c) { Base.createAll(c); });
                    side.watch->stop();
                    done.add(round, {});
                }
                co_return done;
            },
            .qsqlquery =
                    [rounds = sizes.createAllRounds](PlainSide side) {
                        // createAll(checkFirst = true): look each table up, create the missing
                        // ones.
                        const QString hasTableSql = side.dialect == orm::Dialect::SQLite
                                ? u"SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"_s
                                : u"SELECT c.relname FROM pg_catalog.pg_class c JOIN "
                                  u"pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                                  u"n.nspname "
                                  u"= current_schema() AND c.relname = ? AND c.relkind IN ('r', "
                                  u"'p', "
                                  u"'v', 'm', 'f')"_s;
                        QStringList tables;
                        for (const orm::ModelInfo *model : Base.sortedTables())
                            tables.append(model->table);
                        const QStringList ddl = Base.createStatements(side.dialect);
                        if (ddl.size() != tables.size())
                            throw std::runtime_error(
                                    "expected one CREATE TABLE per table, no indexes");
                        QSqlQuery hasTable = preparedQuery(side.database, hasTableSql);
                        Fingerprint done;
                        for (qsizetype round = 0; round < rounds; ++round) {
                            execText(side.database, u"DROP TABLE IF EXISTS posts"_s);
                            execText(side.database, u"DROP TABLE IF EXISTS users"_s);
                            side.watch->start();
                            UnitOfWork work(side.database, side.dialect);
                            for (qsizetype i = 0; i < tables.size(); ++i) {
                                hasTable.bindValue(0, tables.at(i));
                                execPrepared(hasTable);
                                const bool exists = hasTable.next();
                                hasTable.finish();
                                if (exists)
                                    continue;
                                work.beforeWrite();
                                execText(side.database, ddl.at(i));
                            }
                            work.commit();
                            side.watch->stop();
                            done.add(round, {});
                        }
                        return done;
                    },
    });

    // W2: 100,000 new users, one commit.
    const QList<UserRow> usersToAdd = newUsers(sizes.users);
    all.append({
            .id = u"W2"_s,
            .name = u"add_all"_s,
            .n = sizes.users,
            .target = 1.5,
            .quarry = [usersToAdd](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                auto session = side.sessions();
                QList<User> users;
                users.reserve(usersToAdd.size());
                for (const UserRow &row : usersToAdd)
                    users.append(User {.name = row.name, .age = row.age});
                const QList<std::shared_ptr<User>> added = session.addAll(std::move(users));
                co_await session.commit();
                Fingerprint written;
                for (const std::shared_ptr<User> &user : added)
                    written.add(user->id, user->name);
                co_await session.close();
                side.watch->stop();
                co_return written;
            },
            .qsqlquery =
                    [usersToAdd](PlainSide side) {
                        side.watch->start();
                        QList<UserRow> users = usersToAdd;
                        UnitOfWork work(side.database, side.dialect);
                        QSqlQuery insert = preparedQuery(side.database, insertUserSql);
                        work.beforeWrite();
                        Fingerprint written;
                        for (UserRow &user : users) {
                            insert.bindValue(0, user.name);
                            insert.bindValue(1, user.age ? QVariant(*user.age) : QVariant());
                            execPrepared(insert);
                            insert.next();
                            user.id = insert.value(0).toLongLong();
                            insert.finish();
                            written.add(user.id, user.name);
                        }
                        work.commit();
                        side.watch->stop();
                        return written;
                    },
    });

    // W3: the seed's add_user, each in its own session and commit.
    const QList<UserRow> usersAddedOneByOne = newUsers(sizes.helperCalls, true);
    all.append({
            .id = u"W3"_s,
            .name = u"add_user"_s,
            .n = sizes.helperCalls,
            .target = 1.2,
            .quarry = [usersAddedOneByOne](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                Fingerprint calls;
                for (const UserRow &user : usersAddedOneByOne) {
                    co_await addUser(side.sessions, user.name, *user.age);
                    calls.add(0, user.name);
                }
                side.watch->stop();
                co_return calls;
            },
            .qsqlquery =
                    [usersAddedOneByOne](PlainSide side) {
                        side.watch->start();
                        QSqlQuery insert = preparedQuery(side.database, insertUserSql);
                        Fingerprint calls;
                        for (const UserRow &row : usersAddedOneByOne) {
                            UserRow user = row;
                            UnitOfWork work(side.database, side.dialect);
                            work.beforeWrite();
                            insert.bindValue(0, user.name);
                            insert.bindValue(1, *user.age);
                            execPrepared(insert);
                            insert.next();
                            user.id = insert.value(0).toLongLong();
                            insert.finish();
                            work.commit();
                            calls.add(0, user.name);
                        }
                        side.watch->stop();
                        return calls;
                    },
    });

    // W4: every user, as objects.
    all.append({
            .id = u"W4"_s,
            .name = u"select_all"_s,
            .n = sizes.users,
            .target = 1.5,
            .seededUsers = sizes.users,
            .quarry = [](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                auto session = side.sessions();
                const QList<std::shared_ptr<User>> users
                        = (co_await session.execute(orm::select<User>())).scalars().all();
                Fingerprint read;
                for (const std::shared_ptr<User> &user : users)
                    read.add(user->id, user->name);
                co_await session.close();
                side.watch->stop();
                co_return read;
            },
            .qsqlquery =
                    [](PlainSide side) {
                        side.watch->start();
                        UnitOfWork work(side.database, side.dialect);
                        QSqlQuery select = preparedQuery(side.database, selectUsersSql);
                        execPrepared(select);
                        QList<UserRow> users;
                        while (select.next())
                            users.append(userRowOf(select));
                        select.finish();
                        Fingerprint read;
                        for (const UserRow &user : users)
                            read.add(user.id, user.name);
                        work.close();
                        side.watch->stop();
                        return read;
                    },
    });

    // W5: point lookups by primary key in one session.
    const QList<qint64> lookedUpIds = randomIds(sizes.pointLookups, sizes.users, 5);
    all.append({
            .id = u"W5"_s,
            .name = u"get_by_id"_s,
            .n = sizes.pointLookups,
            .target = 2.5,
            .seededUsers = sizes.users,
            .quarry = [lookedUpIds](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                auto session = side.sessions();
                Fingerprint read;
                for (qint64 id : lookedUpIds) {
                    const auto user
                            = (co_await session.execute(orm::select<User>().where(Users::id == id)))
                                      .scalarOne();
                    read.add(user->id, user->name);
                }
                co_await session.close();
                side.watch->stop();
                co_return read;
            },
            .qsqlquery =
                    [lookedUpIds](PlainSide side) {
                        side.watch->start();
                        UnitOfWork work(side.database, side.dialect);
                        QSqlQuery select = preparedQuery(side.database, selectUserByIdSql);
                        Fingerprint read;
                        for (qint64 id : lookedUpIds) {
                            select.bindValue(0, id);
                            execPrepared(select);
                            if (!select.next())
                                throw std::runtime_error("a looked-up user is missing");
                            const UserRow user = userRowOf(select);
                            select.finish();
                            read.add(user.id, user.name);
                        }
                        work.close();
                        side.watch->stop();
                        return read;
                    },
    });

    // W6: the first user of a given name, in one session; users.name has no index.
    QStringList lookedUpNames;
    for (qint64 id : randomIds(sizes.helperCalls, sizes.users, 6))
        lookedUpNames.append(seededUserName(id));
    all.append({
            .id = u"W6"_s,
            .name = u"where_name_first"_s,
            .n = sizes.helperCalls,
            .target = 1.2,
            .seededUsers = sizes.users,
            .quarry = [lookedUpNames](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                auto session = side.sessions();
                Fingerprint read;
                for (const QString &name : lookedUpNames) {
                    // session.scalar(stmt), SQLAlchemy's idiom for "the first one": it reads no
                    // further than the first row, as the plain side's finish() after next().
                    // execute(stmt).scalars().first() would read the whole result first (as
                    // SQLAlchemy's AsyncSession.execute buffers it), scanning the whole table.
                    const auto user = co_await session.scalar(
                            orm::select<User>().where(Users::name == name));
                    read.add(user->id, user->name);
                }
                co_await session.close();
                side.watch->stop();
                co_return read;
            },
            .qsqlquery =
                    [lookedUpNames](PlainSide side) {
                        side.watch->start();
                        UnitOfWork work(side.database, side.dialect);
                        QSqlQuery select = preparedQuery(side.database, selectUserByNameSql);
                        Fingerprint read;
                        for (const QString &name : lookedUpNames) {
                            select.bindValue(0, name);
                            execPrepared(select);
                            if (!select.next())
                                throw std::runtime_error("a looked-up user is missing");
                            const UserRow user = userRowOf(select);
                            select.finish(); // first(): the rest of the result is not wanted
                            read.add(user.id, user.name);
                        }
                        work.close();
                        side.watch->stop();
                        return read;
                    },
    });

    // W7: the seed's update_user_name: a session each, select by id, rename, commit.
    const QList<qint64> renamedIds = spreadIds(sizes.helperCalls, sizes.users);
    all.append({
            .id = u"W7"_s,
            .name = u"update_user_name"_s,
            .n = sizes.helperCalls,
            .target = 1.2,
            .seededUsers = sizes.users,
            .quarry = [renamedIds](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                Fingerprint calls;
                for (qint64 id : renamedIds) {
                    co_await updateUserName(side.sessions, id, u"renamed %1"_s.arg(id));
                    calls.add(id, {});
                }
                side.watch->stop();
                co_return calls;
            },
            .qsqlquery =
                    [renamedIds](PlainSide side) {
                        side.watch->start();
                        QSqlQuery select = preparedQuery(side.database, selectUserByIdSql);
                        QSqlQuery update = preparedQuery(side.database, updateUserNameSql);
                        Fingerprint calls;
                        for (qint64 id : renamedIds) {
                            UnitOfWork work(side.database, side.dialect);
                            std::optional<UserRow> user = userById(select, id);
                            if (user) {
                                user->name = u"renamed %1"_s.arg(id);
                                work.beforeWrite();
                                update.bindValue(0, user->name);
                                update.bindValue(1, user->id);
                                execPrepared(update);
                                work.commit();
                            }
                            calls.add(id, {});
                        }
                        side.watch->stop();
                        return calls;
                    },
    });

    // W8: the seed's delete_user. The ORM looks up the user's posts before the DELETE, to set
    // their user_id to NULL (SQLAlchemy does the same); the posts table is empty here.
    const QList<qint64> deletedIds = spreadIds(sizes.helperCalls, sizes.users);
    all.append({
            .id = u"W8"_s,
            .name = u"delete_user"_s,
            .n = sizes.helperCalls,
            .target = 1.2,
            .seededUsers = sizes.users,
            .quarry = [deletedIds](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                Fingerprint calls;
                for (qint64 id : deletedIds) {
                    co_await deleteUser(side.sessions, id);
                    calls.add(id, {});
                }
                side.watch->stop();
                co_return calls;
            },
            .qsqlquery =
                    [deletedIds](PlainSide side) {
                        side.watch->start();
                        QSqlQuery select = preparedQuery(side.database, selectUserByIdSql);
                        QSqlQuery selectPosts = preparedQuery(side.database, selectPostsOfUserSql);
                        QSqlQuery detachPost = preparedQuery(side.database, detachPostSql);
                        QSqlQuery remove = preparedQuery(side.database, deleteUserSql);
                        Fingerprint calls;
                        for (qint64 id : deletedIds) {
                            UnitOfWork work(side.database, side.dialect);
                            std::optional<UserRow> user = userById(select, id);
                            if (user) {
                                selectPosts.bindValue(0, user->id);
                                execPrepared(selectPosts);
                                QList<PostRow> posts;
                                while (selectPosts.next())
                                    posts.append(postRowOf(selectPosts));
                                selectPosts.finish();
                                work.beforeWrite();
                                for (const PostRow &post : std::as_const(posts)) {
                                    detachPost.bindValue(0, post.id);
                                    execPrepared(detachPost);
                                }
                                remove.bindValue(0, user->id);
                                execPrepared(remove);
                                work.commit();
                            }
                            calls.add(id, {});
                        }
                        side.watch->stop();
                        return calls;
                    },
    });

    // W9: the seed's get_user_posts for 1,000 users, then 10,000 users with their posts in one
    // selectinLoad (SELECT users, then SELECT posts ... WHERE user_id IN (500 ids) per chunk).
    // posts.user_id has no index (the mapping declares none), as in the seed's schema.
    const QList<qint64> postOwnerIds = spreadIds(sizes.helperCalls, sizes.users);
    const qint64 lastSelectinUser = sizes.selectinUsers;
    all.append({
            .id = u"W9"_s,
            .name = u"get_user_posts+selectinload"_s,
            .n = sizes.helperCalls + sizes.selectinUsers,
            .target = 1.2,
            .seededUsers = sizes.users,
            .seededPosts = sizes.posts,
            .quarry
            = [postOwnerIds, lastSelectinUser](QuarrySide side) -> QCoro::Task<Fingerprint> {
                side.watch->start();
                Fingerprint read;
                for (qint64 id : postOwnerIds) {
                    const QList<std::shared_ptr<Post>> posts
                            = co_await getUserPosts(side.sessions, id);
                    for (const std::shared_ptr<Post> &post : posts)
                        read.add(post->id, post->title);
                }
                auto session = side.sessions();
                const QList<std::shared_ptr<User>> users
                        = (co_await session.execute(
                                   orm::select<User>()
                                           .where(Users::id <= lastSelectinUser)
                                           .options(orm::selectinLoad(&User::posts))))
                                  .scalars()
                                  .all();
                for (const std::shared_ptr<User> &user : users) {
                    read.add(user->id, user->name);
                    for (const std::shared_ptr<Post> &post : user->posts)
                        read.add(post->id, post->title);
                }
                co_await session.close();
                side.watch->stop();
                co_return read;
            },
            .qsqlquery =
                    [postOwnerIds, lastSelectinUser](PlainSide side) {
                        side.watch->start();
                        Fingerprint read;
                        QSqlQuery selectPosts = preparedQuery(side.database, selectPostsOfUserSql);
                        for (qint64 id : postOwnerIds) {
                            UnitOfWork work(side.database, side.dialect);
                            selectPosts.bindValue(0, id);
                            execPrepared(selectPosts);
                            QList<PostRow> posts;
                            while (selectPosts.next())
                                posts.append(postRowOf(selectPosts));
                            selectPosts.finish();
                            for (const PostRow &post : std::as_const(posts))
                                read.add(post.id, post.title);
                        }

                        UnitOfWork work(side.database, side.dialect);
                        QSqlQuery selectUsers = preparedQuery(
                                side.database, selectUsersSql + u" WHERE users.id <= ?"_s);
                        selectUsers.bindValue(0, lastSelectinUser);
                        execPrepared(selectUsers);
                        QList<UserWithPosts> users;
                        QHash<qint64, qsizetype> userAt;
                        while (selectUsers.next()) {
                            userAt.insert(selectUsers.value(0).toLongLong(), users.size());
                            users.append({userRowOf(selectUsers), {}});
                        }
                        selectUsers.finish();
                        for (qsizetype start = 0; start < users.size(); start += selectInChunk) {
                            const qsizetype end = std::min(users.size(), start + selectInChunk);
                            QStringList marks;
                            for (qsizetype i = start; i < end; ++i)
                                marks.append(u"?"_s);
                            QSqlQuery chunk = preparedQuery(
                                    side.database,
                                    selectPostsSql + u" WHERE posts.user_id IN ("_s
                                            + marks.join(u", "_s) + u") ORDER BY posts.id"_s);
                            for (qsizetype i = start; i < end; ++i)
                                chunk.bindValue(int(i - start), users.at(i).user.id);
                            execPrepared(chunk);
                            while (chunk.next()) {
                                PostRow post = postRowOf(chunk);
                                users[userAt.value(*post.userId)].posts.append(std::move(post));
                            }
                            chunk.finish();
                        }
                        for (const UserWithPosts &user : std::as_const(users)) {
                            read.add(user.user.id, user.user.name);
                            for (const PostRow &post : user.posts)
                                read.add(post.id, post.title);
                        }
                        work.close();
                        side.watch->stop();
                        return read;
                    },
    });

    // W10: toDict of every user; loading them is not measured. The baseline builds the same
    // maps from its rows.
    all.append({
            .id = u"W10"_s,
            .name = u"to_dict"_s,
            .n = sizes.users,
            .target = 1.5,
            .seededUsers = sizes.users,
            .quarry = [](QuarrySide side) -> QCoro::Task<Fingerprint> {
                auto session = side.sessions();
                const QList<std::shared_ptr<User>> users
                        = (co_await session.execute(orm::select<User>())).scalars().all();
                side.watch->start();
                QList<QVariantMap> dicts;
                dicts.reserve(users.size());
                for (const std::shared_ptr<User> &user : users)
                    dicts.append(orm::toDict(*user));
                side.watch->stop();
                co_await session.close();
                Fingerprint made;
                for (const QVariantMap &dict : std::as_const(dicts))
                    made.add(dict.value(u"id"_s).toLongLong(),
                             dict.value(u"name"_s).toString() + dict.value(u"age"_s).toString());
                co_return made;
            },
            .qsqlquery =
                    [](PlainSide side) {
                        QSqlQuery select = preparedQuery(side.database, selectUsersSql);
                        execPrepared(select);
                        QList<UserRow> users;
                        while (select.next())
                            users.append(userRowOf(select));
                        select.finish();
                        side.watch->start();
                        QList<QVariantMap> dicts;
                        dicts.reserve(users.size());
                        for (const UserRow &user : std::as_const(users))
                            dicts.append({{u"id"_s, user.id},
                                          {u"name"_s, user.name.isNull() ? QVariant() : user.name},
                                          {u"age"_s, user.age ? QVariant(*user.age) : QVariant()}});
                        side.watch->stop();
                        Fingerprint made;
                        for (const QVariantMap &dict : std::as_const(dicts))
                            made.add(dict.value(u"id"_s).toLongLong(),
                                     dict.value(u"name"_s).toString()
                                             + dict.value(u"age"_s).toString());
                        return made;
                    },
    });
    return all;
}

// ------------------------------------------------------------------------------------------------
// Running a workload on both sides

struct Measurement
{
    double seconds = 0;
    Fingerprint read;
    std::pair<Fingerprint, Fingerprint> tablesAfter;
};

Measurement measureQuarry(const BenchDatabase &database, const Workload &workload)
{
    database.resetTables(workload.seededUsers, workload.seededPosts);
    Stopwatch watch;
    Measurement measured;
    {
        auto engine = orm::createAsyncEngine(database.ormUrl(), {.echo = false});
        // Open the first lane's connection before measuring, as the qsqlquery side opens its own.
        waitFor(engine->runSync([](orm::Connection &) {}));
        QuarrySide side {engine, orm::asyncSessionMaker(engine, {.expireOnCommit = false}), &watch};
        measured.read = runOnEventLoop(workload.quarry(side));
        engine->dispose();
    }
    measured.seconds = watch.seconds();
    measured.tablesAfter = database.tableFingerprints();
    return measured;
}

Measurement measureQSqlQuery(const BenchDatabase &database, const Workload &workload)
{
    database.resetTables(workload.seededUsers, workload.seededPosts);
    Stopwatch watch;
    Measurement measured;
    {
        const QSqlDatabase connection = database.open(BenchDatabase::plainConnection);
        measured.read = workload.qsqlquery({connection, database.dialect(), &watch});
    }
    BenchDatabase::close(BenchDatabase::plainConnection);
    measured.seconds = watch.seconds();
    measured.tablesAfter = database.tableFingerprints();
    return measured;
}

// The faster of repeats runs: a shared machine adds noise, never speed.
template<typename Measure> Measurement fastestOf(int repeats, Measure measure)
{
    Measurement fastest = measure();
    for (int i = 1; i < repeats; ++i) {
        Measurement again = measure();
        if (again.seconds < fastest.seconds)
            fastest = again;
    }
    return fastest;
}

// Runs one workload on both sides (each side `repeats` times, keeping its fastest run) and prints
// its line; false when the sides disagreed.
enum class Sides { Both, Quarry, QSqlQuery };

// The process's peak resident set so far, in MiB (Linux reports ru_maxrss in KiB).
double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// One side alone: its time and the process's peak memory, nothing to compare with.
void runOneSide(const BenchDatabase &database, const Workload &workload, int repeats, Sides side)
{
    const bool quarry = side == Sides::Quarry;
    const Measurement measured = fastestOf(repeats, [&] {
        return quarry ? measureQuarry(database, workload) : measureQSqlQuery(database, workload);
    });
    std::printf("%s\n",
                qPrintable(u"%1 %2 n=%3 %4=%5s peak_rss=%6MiB"_s.arg(workload.id, workload.name)
                                   .arg(workload.n)
                                   .arg(quarry ? u"quarry"_s : u"qsqlquery"_s)
                                   .arg(measured.seconds, 0, 'f', 3)
                                   .arg(peakRssMiB(), 0, 'f', 1)));
    std::fflush(stdout);
}

bool runWorkload(const BenchDatabase &database, const Workload &workload, int repeats)
{
    const Measurement quarry
            = fastestOf(repeats, [&] { return measureQuarry(database, workload); });
    const Measurement plain
            = fastestOf(repeats, [&] { return measureQSqlQuery(database, workload); });
    const double ratio = quarry.seconds / plain.seconds;
    QString line = u"%1 %2 n=%3 quarry=%4s qsqlquery=%5s ratio=%6"_s.arg(workload.id, workload.name)
                           .arg(workload.n)
                           .arg(quarry.seconds, 0, 'f', 3)
                           .arg(plain.seconds, 0, 'f', 3)
                           .arg(ratio, 0, 'f', 2);
    if (workload.target)
        line += u" target<=%1 %2"_s.arg(*workload.target)
                        .arg(ratio <= *workload.target ? u"OK"_s : u"MISS"_s);
    else
        line += u" target=none"_s;
    line += u" peak_rss=%1MiB"_s.arg(peakRssMiB(), 0, 'f', 1);
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);

    bool agree = true;
    auto compare = [&](const char *what, const Fingerprint &a, const Fingerprint &b) {
        if (a == b)
            return;
        agree = false;
        std::fprintf(stderr, "%s: the two sides differ in %s: quarry %s, qsqlquery %s\n",
                     qPrintable(workload.id), what, qPrintable(a.toString()),
                     qPrintable(b.toString()));
    };
    compare("what they read", quarry.read, plain.read);
    compare("the users table after", quarry.tablesAfter.first, plain.tablesAfter.first);
    compare("the posts table after", quarry.tablesAfter.second, plain.tablesAfter.second);
    return agree;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments().mid(1);
    QString only;
    double scale = 1.0;
    QString postgresUrl;
    int repeats = 1;
    Sides sides = Sides::Both;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const bool hasValue = i + 1 < arguments.size();
        if (argument == u"--only"_s && hasValue) {
            only = arguments.at(++i).toUpper();
        } else if (argument == u"--scale"_s && hasValue) {
            bool ok = false;
            scale = arguments.at(++i).toDouble(&ok);
            if (!ok || scale <= 0) {
                std::fprintf(stderr, "--scale takes a positive number\n");
                return 2;
            }
        } else if (argument == u"--repeat"_s && hasValue) {
            repeats = arguments.at(++i).toInt();
            if (repeats < 1) {
                std::fprintf(stderr, "--repeat takes a count of at least 1\n");
                return 2;
            }
        } else if (argument == u"--side"_s && hasValue) {
            const QString side = arguments.at(++i);
            if (side == u"quarry"_s) {
                sides = Sides::Quarry;
            } else if (side == u"qsqlquery"_s) {
                sides = Sides::QSqlQuery;
            } else if (side != u"both"_s) {
                std::fprintf(stderr, "--side takes quarry, qsqlquery or both\n");
                return 2;
            }
        } else if (argument == u"--url"_s && hasValue) {
            postgresUrl = arguments.at(++i);
        } else {
            std::fprintf(stderr,
                         "usage: orm_bench [--only W1..W10] [--scale FACTOR] [--repeat N] "
                         "[--side quarry|qsqlquery|both] "
                         "[--url postgresql://user:password@host:port/database]\n"
                         "--repeat N runs each side N times and keeps its fastest run.\n"
                         "--side runs one side alone (its peak_rss is then its own).\n"
                         "Without --url it runs on a fresh SQLite file in a temporary folder.\n"
                         "With --url the tables users and posts of that database are dropped.\n");
            return argument == u"--help"_s ? 0 : 2;
        }
    }

    try {
        const BenchDatabase database(postgresUrl);
        if (!postgresUrl.isEmpty() && database.dialect() != orm::Dialect::PostgreSQL) {
            std::fprintf(stderr, "--url takes a postgresql:// URL\n");
            return 2;
        }
        database.open(BenchDatabase::setupConnection);
        std::fprintf(stderr, "orm_bench on %s, scale %g\n", qPrintable(database.description()),
                     scale);

        const QList<Workload> all = workloads(Sizes::scaledBy(scale));
        bool ran = false;
        bool agree = true;
        for (const Workload &workload : all) {
            if (!only.isEmpty() && workload.id != only)
                continue;
            ran = true;
            if (sides == Sides::Both)
                agree = runWorkload(database, workload, repeats) && agree;
            else
                runOneSide(database, workload, repeats, sides);
        }
        database.resetTables(0, 0);
        BenchDatabase::close(BenchDatabase::setupConnection);
        if (!ran) {
            std::fprintf(stderr, "no workload is called %s (W1..W10)\n", qPrintable(only));
            return 2;
        }
        return agree ? 0 : 1;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "orm_bench: %s\n", error.what());
        return 1;
    }
}
