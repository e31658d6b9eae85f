// Models, DDL, typed selects and the unit of work, on SQLite and PostgreSQL.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/async/AsyncSession.h>
#include <orm/session/Session.h>

#include <QTest>

#include <semaphore>
#include <thread>

using namespace Qt::StringLiterals;
using namespace quarry;
using quarry::test::await;

namespace {

// Every column option DDL knows: unique, index (and both: a unique index), length, server
// defaults, a self-referencing foreign key; and a client-side default by member initialiser.
struct Gadget
{
    qint64 id = 0;
    QString serial;
    QString label;
    std::optional<qint64> ownerId;
    QString code;
    std::optional<int> score; // NULL is left out of the INSERT: the server's DEFAULT applies
    QString status;
    int priority = 10; // the client-side default (SQLAlchemy's default=10)
};

} // namespace

template<> struct orm::Model<Gadget>
{
    static constexpr const char *table = "gadgets";
    static constexpr orm::Column<&Gadget::id> id {"id", {.primaryKey = true, .sqlType = "INTEGER"}};
    static constexpr orm::Column<&Gadget::serial> serial {
            "serial", {.unique = true, .notNull = true, .length = 32}};
    static constexpr orm::Column<&Gadget::label> label {"label", {.index = true, .length = 50}};
    static constexpr orm::Column<&Gadget::ownerId> ownerId {
            "owner_id", {.foreignKey = "gadgets.id", .sqlType = "INTEGER"}};
    static constexpr orm::Column<&Gadget::code> code {"code", {.unique = true, .index = true}};
    static constexpr orm::Column<&Gadget::score> score {"score",
                                                        {.notNull = true, .serverDefault = "0"}};
    static constexpr orm::Column<&Gadget::status> status {"status", {.serverDefault = "'new'"}};
    static constexpr orm::Column<&Gadget::priority> priority {"priority"};
    static constexpr auto columns
            = std::tuple(id, serial, label, ownerId, code, score, status, priority);
};

namespace {

const orm::MetaData gadgets = orm::MetaData::of<Gadget>();

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenDdl_data();
    void goldenDdl();
    void columnOptions_data() { quarry::test::addBackendRows(); }
    void columnOptions();
    void goldenSelect_data();
    void goldenSelect();
    void seedOperations_data() { quarry::test::addBackendRows(); }
    void seedOperations();
    void unitOfWork_data() { quarry::test::addBackendRows(); }
    void unitOfWork();
    void scalarReadsOneRow_data() { quarry::test::addBackendRows(); }
    void scalarReadsOneRow();
    void failedFlush_data() { quarry::test::addBackendRows(); }
    void failedFlush();
    void bulkInsertAssignsKeys_data() { quarry::test::addBackendRows(); }
    void bulkInsertAssignsKeys();
    void overlappingUseIsAnError_data() { quarry::test::addBackendRows(); }
    void overlappingUseIsAnError();
};

void tst_Session::goldenDdl_data()
{
    QTest::addColumn<const orm::MetaData *>("metadata");
    QTest::addColumn<orm::Dialect>("dialect");
    QTest::addColumn<QStringList>("expected");
    // What SQLAlchemy 1.4's create_all emits for the seed's models (tests/interop checks it
    // against SQLAlchemy itself on SQLite).
    QTest::newRow("sqlite")
            << &Base << orm::Dialect::SQLite
            << QStringList {
                       u"\nCREATE TABLE users (\n\tid INTEGER NOT NULL, \n\tname VARCHAR, \n\tage INTEGER, \n\tPRIMARY KEY (id)\n)\n\n"_s,
                       u"\nCREATE TABLE posts (\n\tid INTEGER NOT NULL, \n\ttitle VARCHAR, \n\tuser_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(user_id) REFERENCES users (id)\n)\n\n"_s};
    QTest::newRow("postgresql")
            << &Base << orm::Dialect::PostgreSQL
            << QStringList {
                       u"\nCREATE TABLE users (\n\tid SERIAL NOT NULL, \n\tname VARCHAR, \n\tage INTEGER, \n\tPRIMARY KEY (id)\n)\n\n"_s,
                       u"\nCREATE TABLE posts (\n\tid SERIAL NOT NULL, \n\ttitle VARCHAR, \n\tuser_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(user_id) REFERENCES users (id)\n)\n\n"_s};
    // What SQLAlchemy 1.4 emits for the same table (Column(String(32), unique=True,
    // nullable=False), Column(String(50), index=True), Column(String, unique=True, index=True),
    // Column(Integer, server_default=text("0"), nullable=False), Column(String,
    // server_default="new"), Column(Integer, nullable=False, default=10)): a client-side default
    // is not DDL.
    for (const auto &[tag, dialect, key] :
         {std::tuple("gadgets sqlite", orm::Dialect::SQLite, u"INTEGER"_s),
          std::tuple("gadgets postgresql", orm::Dialect::PostgreSQL, u"SERIAL"_s)})
        QTest::newRow(tag)
                << &gadgets << dialect
                << QStringList {
                           u"\nCREATE TABLE gadgets (\n\tid %1 NOT NULL, \n\tserial VARCHAR(32) NOT NULL, \n\tlabel VARCHAR(50), \n\towner_id INTEGER, \n\tcode VARCHAR, \n\tscore INTEGER DEFAULT 0 NOT NULL, \n\tstatus VARCHAR DEFAULT 'new', \n\tpriority INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (serial), \n\tFOREIGN KEY(owner_id) REFERENCES gadgets (id)\n)\n\n"_s
                                   .arg(key),
                           u"CREATE INDEX ix_gadgets_label ON gadgets (label)"_s,
                           u"CREATE UNIQUE INDEX ix_gadgets_code ON gadgets (code)"_s};
}

void tst_Session::goldenDdl()
{
    QFETCH(const orm::MetaData *, metadata);
    QFETCH(orm::Dialect, dialect);
    QTEST(metadata->createStatements(dialect), "expected");
}

void tst_Session::columnOptions()
{
    auto engine = quarry::test::engineWithFreshTables(gadgets);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c, {.expireOnCommit = false});
        auto first = session.add(Gadget {.serial = u"s1"_s, .label = u"a"_s, .code = u"c1"_s});
        session.commit();
        QCOMPARE(first->priority, 10); // the member initialiser was written
        QCOMPARE(first->score, 0); // the server's defaults were read back
        QCOMPARE(first->status, u"new"_s);
        const orm::Row row
                = c.execute(u"SELECT priority, score, status FROM gadgets WHERE id = ?"_s,
                            {first->id})
                          .one();
        QCOMPARE(row.value(0).toInt(), 10);
        QCOMPARE(row.value(1).toInt(), 0);
        QCOMPARE(row.value(2).toString(), u"new"_s);
        // Set values win over both kinds of default.
        auto second = session.add(Gadget {.serial = u"s2"_s,
                                          .ownerId = first->id,
                                          .code = u"c2"_s,
                                          .score = 7,
                                          .status = u"used"_s,
                                          .priority = 1});
        session.commit();
        QCOMPARE(session.execute(orm::select(orm::Model<Gadget>::score, orm::Model<Gadget>::status,
                                             orm::Model<Gadget>::priority)
                                         .where(orm::Model<Gadget>::id == second->id))
                         .one(),
                 std::tuple(std::optional<int>(7), u"used"_s, 1));
        // unique, as a constraint (serial) and as a unique index (code).
        session.add(Gadget {.serial = u"s1"_s, .code = u"c3"_s});
        QVERIFY_THROWS_EXCEPTION(orm::IntegrityError, session.commit());
        session.rollback();
        session.add(Gadget {.serial = u"s3"_s, .code = u"c1"_s});
        QVERIFY_THROWS_EXCEPTION(orm::IntegrityError, session.commit());
        session.rollback();
        // NOT NULL of a server-defaulted column: an explicit NULL cannot get past it.
        QVERIFY_THROWS_EXCEPTION(
                orm::IntegrityError,
                c.execute(
                        u"INSERT INTO gadgets (serial, code, score, priority) VALUES (?, ?, ?, ?)"_s,
                        {u"s4"_s, u"c4"_s, QVariant(QMetaType::fromType<int>()), 1}));
    }));
    // The indexes exist, named as SQLAlchemy names them, the one on code unique.
    const auto indexes = await(engine->runSync([](orm::Connection &c) {
        const QString sql = c.dialect() == orm::Dialect::SQLite
                ? u"SELECT name, sql LIKE 'CREATE UNIQUE%' FROM sqlite_master WHERE type = "
                  u"'index' AND tbl_name = 'gadgets' AND name LIKE 'ix_%' ORDER BY name"_s
                : u"SELECT indexname, indexdef LIKE 'CREATE UNIQUE%' FROM pg_indexes WHERE "
                  u"tablename = 'gadgets' AND indexname LIKE 'ix_%' ORDER BY indexname"_s;
        QStringList found;
        for (const orm::Row &row : c.execute(sql).all())
            found << row.value(0).toString() + (row.value(1).toBool() ? u" unique"_s : QString());
        return found;
    }));
    QCOMPARE(indexes, (QStringList {u"ix_gadgets_code unique"_s, u"ix_gadgets_label"_s}));
}

void tst_Session::goldenSelect_data()
{
    quarry::test::addGoldenSqlColumns();
    using quarry::test::addGoldenRows;
    addGoldenRows("all", orm::select<User>(),
                  u"SELECT users.id, users.name, users.age \nFROM users"_s, {});
    addGoldenRows("where name", orm::select<User>().where(Users::name == u"Смитти"_s),
                  u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.name = ?"_s,
                  {u"Смитти"_s});
    addGoldenRows(
            "two wheres", orm::select<User>().where(Users::age >= 18).where(Users::age.isNotNull()),
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE (users.age >= ? AND users.age IS NOT NULL)"_s,
            {18});
    addGoldenRows(
            "or not in",
            orm::select<User>().where(Users::id.in(QList<int> {1, 2}) || !(Users::name != u"x"_s)),
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE (users.id IN (?, ?) OR NOT (users.name != ?))"_s,
            {qint64(1), qint64(2), u"x"_s});
    addGoldenRows(
            "contains escapes", orm::select<User>().where(Users::name.contains(u"50%_off"_s)),
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.name LIKE ? ESCAPE '\\'"_s,
            {u"%50\\%\\_off%"_s});
    addGoldenRows(
            "order limit offset",
            orm::select<User>().orderBy(Users::age.desc(), Users::id.asc()).limit(10).offset(20),
            u"SELECT users.id, users.name, users.age \nFROM users ORDER BY users.age DESC, users.id\n LIMIT ? OFFSET ?"_s,
            {qint64(10), qint64(20)});
    // SQLite has no FOR UPDATE: it takes its database-wide write lock before the read instead
    // (tests/reliability/tst_load.cpp, readModifyWrite, shows both locks at work).
    addGoldenRows(
            "for update", orm::select<User>().where(Users::id == 1).withForUpdate(),
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.id = ?"_s,
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.id = ? FOR UPDATE"_s,
            {qint64(1)});
    // OFFSET needs a LIMIT before it on SQLite, where -1 means none.
    addGoldenRows("offset only", orm::select<User>().offset(5),
                  u"SELECT users.id, users.name, users.age \nFROM users\n LIMIT -1 OFFSET ?"_s,
                  u"SELECT users.id, users.name, users.age \nFROM users\n LIMIT ALL OFFSET ?"_s,
                  {qint64(5)});
    // SQLite has no ILIKE: SQLAlchemy writes lower() LIKE lower() there, and so does the ORM.
    addGoldenRows(
            "ilike", orm::select<Post>().where(Posts::title.ilike(u"a%"_s)),
            u"SELECT posts.id, posts.title, posts.user_id \nFROM posts \nWHERE lower(posts.title) LIKE lower(?)"_s,
            u"SELECT posts.id, posts.title, posts.user_id \nFROM posts \nWHERE posts.title ILIKE ?"_s,
            {u"a%"_s});
    addGoldenRows(
            "contains, case-insensitive",
            orm::select<Post>().where(Posts::title.contains(u"A_"_s, Qt::CaseInsensitive)),
            u"SELECT posts.id, posts.title, posts.user_id \nFROM posts \nWHERE lower(posts.title) LIKE lower(?) ESCAPE '\\'"_s,
            u"SELECT posts.id, posts.title, posts.user_id \nFROM posts \nWHERE posts.title ILIKE ? ESCAPE '\\'"_s,
            {u"%A\\_%"_s});
    addGoldenRows("columns", orm::select(Users::name, Users::age).where(Users::age.between(1, 9)),
                  u"SELECT users.name, users.age \nFROM users \nWHERE users.age BETWEEN ? AND ?"_s,
                  {1, 9});
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

void tst_Session::scalarReadsOneRow()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    QList<qint64> rowsRead;
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) {
                if (log.sql.startsWith(u"SELECT"_s))
                    rowsRead << log.rows;
            },
            Qt::DirectConnection);
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c, {.expireOnCommit = false});
        session.addAll(QList<User> {{.name = u"a"_s, .age = 1},
                                    {.name = u"b"_s, .age = std::nullopt},
                                    {.name = u"c"_s, .age = 3}});
        // Autoflush first, like execute(); then one row is read, not three.
        rowsRead.clear();
        const auto first = session.scalar(orm::select<User>().orderBy(Users::id.asc()));
        QVERIFY(first);
        QCOMPARE(first->name, u"a"_s);
        QCOMPARE(rowsRead, QList<qint64> {1});
        // The identity map's object, as execute() gives it.
        QCOMPARE(session.execute(orm::select<User>().where(Users::name == u"a"_s)).scalarOne(),
                 first);
        QVERIFY(!session.scalar(orm::select<User>().where(Users::id == -1)));

        // Columns: the first value; a NULL is a nullopt inside, no row a nullopt outside.
        QCOMPARE(session.scalar(orm::select(Users::name).orderBy(Users::id.desc())),
                 std::optional<QString>(u"c"_s));
        const auto age = session.scalar(orm::select(Users::age).where(Users::name == u"b"_s));
        QVERIFY(age.has_value());
        QVERIFY(!age->has_value());
        QVERIFY(!session.scalar(orm::select(Users::age).where(Users::id == -1)).has_value());

        // An expired object the first row returns is refreshed, as by any query.
        first->name = u"changed"_s;
        session.expire(first); // drops the unflushed change
        QCOMPARE(session.scalar(orm::select<User>().orderBy(Users::id.asc())), first);
        QCOMPARE(first->name, u"a"_s);
        session.commit();
    }));
    // Through AsyncSession too.
    orm::AsyncSession session(engine);
    const auto user = await(session.scalar(orm::select<User>().where(Users::name == u"c"_s)));
    QVERIFY(user);
    QCOMPARE(user->age, 3);
    QCOMPARE(await(session.scalar(orm::select(orm::count()).selectFrom<User>())),
             std::optional<qint64>(3));
    await(session.close());
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
    // The standard library's semaphores and thread, which ThreadSanitizer sees (the tsan preset).
    std::binary_semaphore flushing {0}, tried {0};
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
        std::thread other([&] {
            if (!session.contains(pending))
                fromOtherThread = u"contains() did not find the object"_s;
            try {
                session.execute(orm::select<User>());
            } catch (const orm::InvalidRequestError &error) {
                fromOtherThread = error.message();
            }
        });
        other.join();
        session.commit();
        return fromOtherThread;
    });

    QString whileFlushing;
    const bool paused = flushing.try_acquire_for(std::chrono::seconds(20));
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
