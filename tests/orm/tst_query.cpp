// The query language beyond single-table selects — joins, aggregates, subqueries, bulk update and
// delete, text() — as golden SQL without a database and as behaviour on SQLite and PostgreSQL;
// the Result API's mappings/unique/partitions, streaming, and toDict/toJson.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/async/AsyncSession.h>
#include <orm/session/ToDict.h>

#include <QCoroAsyncGenerator>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace quarry;
using quarry::test::await;

class tst_Query : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenSql_data();
    void goldenSql();
    void textNeedsEveryValue();
    void joins_data() { quarry::test::addBackendRows(); }
    void joins();
    void aggregatesAndSubqueries_data() { quarry::test::addBackendRows(); }
    void aggregatesAndSubqueries();
    void bulkUpdateAndDelete_data() { quarry::test::addBackendRows(); }
    void bulkUpdateAndDelete();
    void textStatements_data() { quarry::test::addBackendRows(); }
    void textStatements();
    void resultShapes_data() { quarry::test::addBackendRows(); }
    void resultShapes();
    void streaming_data() { quarry::test::addBackendRows(); }
    void streaming();
    void toDictAndJson();
    void toDictPaths_data() { quarry::test::addBackendRows(); }
    void toDictPaths();
    void quoting_data();
    void quoting();
    void oddIdentifiers_data() { quarry::test::addBackendRows(); }
    void oddIdentifiers();
};

namespace {

// A table whose names all need quoting: reserved words, upper case, a space, a quote.
struct Odd
{
    qint64 id = 0;
    QString group;
    std::optional<int> order;
    QString spaced;
    QString mixed;
    QString quoted;
};

} // namespace

template<> struct orm::Model<Odd>
{
    static constexpr const char *table = "select";
    static constexpr orm::Column<&Odd::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&Odd::group> group {"group", {.unique = true, .index = true}};
    static constexpr orm::Column<&Odd::order> order {"order"};
    static constexpr orm::Column<&Odd::spaced> spaced {"with space", {.index = true}};
    static constexpr orm::Column<&Odd::mixed> mixed {"MixedCase"};
    static constexpr orm::Column<&Odd::quoted> quoted {"quo\"te", {.unique = true}};
    static constexpr auto columns = std::tuple(id, group, order, spaced, mixed, quoted);
};

namespace {

using Odds = orm::Model<Odd>;
const orm::MetaData oddTables = orm::MetaData::of<Odd>();

// Three users (one without age), four posts (one unassigned).
std::shared_ptr<orm::AsyncEngine> engineWithData()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto smitty = session.add(User {.name = u"Смитти"_s, .age = 30});
        smitty->posts.append(Post {.title = u"first"_s});
        smitty->posts.append(Post {.title = u"second"_s});
        auto ada = session.add(User {.name = u"Ada"_s, .age = 36});
        ada->posts.append(Post {.title = u"engines"_s});
        session.add(User {.name = u"Nobody"_s});
        session.add(Post {.title = u"unassigned"_s});
        session.commit();
    }));
    return engine;
}

} // namespace

void tst_Query::goldenSql_data()
{
    quarry::test::addGoldenSqlColumns();
    using quarry::test::addGoldenRows;
    addGoldenRows(
            "join inferred", orm::select<User, Post>().join<Post>(),
            u"SELECT users.id, users.name, users.age, posts.id, posts.title, posts.user_id \nFROM users JOIN posts ON users.id = posts.user_id"_s,
            {});
    addGoldenRows(
            "outer join along a relationship",
            orm::select(Users::name, orm::count(Posts::id))
                    .outerJoin(&User::posts)
                    .groupBy(Users::id, Users::name)
                    .having(orm::count(Posts::id) >= 1)
                    .orderBy(orm::count(Posts::id).desc()),
            u"SELECT users.name, count(posts.id) \nFROM users LEFT OUTER JOIN posts ON users.id = posts.user_id GROUP BY users.id, users.name \nHAVING count(posts.id) >= ? ORDER BY count(posts.id) DESC"_s,
            {qint64(1)});
    addGoldenRows(
            "explicit join condition",
            orm::select<Post>().join<User>(Posts::userId == Users::id).where(Users::age > 18),
            u"SELECT posts.id, posts.title, posts.user_id \nFROM posts JOIN users ON posts.user_id = users.id \nWHERE users.age > ?"_s,
            {18});
    addGoldenRows("count star", orm::select(orm::count()).selectFrom<User>(),
                  u"SELECT count(*) \nFROM users"_s, {});
    addGoldenRows(
            "aggregates",
            orm::select(orm::sum(Users::age), orm::avg(Users::age), orm::min(Users::name),
                        orm::max(Users::id), orm::countDistinct(Users::age)),
            u"SELECT sum(users.age), avg(users.age), min(users.name), max(users.id), count(DISTINCT users.age) \nFROM users"_s,
            {});
    addGoldenRows(
            "in subquery",
            orm::select<User>().where(
                    Users::id.in(orm::select(Posts::userId).where(Posts::title == u"x"_s))),
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE users.id IN (SELECT posts.user_id \nFROM posts \nWHERE posts.title = ?)"_s,
            {u"x"_s});
    addGoldenRows(
            "not in subquery",
            orm::select(Users::name)
                    .where(Users::id.notIn(
                            orm::select(Posts::userId).where(Posts::userId.isNotNull()))),
            u"SELECT users.name \nFROM users \nWHERE users.id NOT IN (SELECT posts.user_id \nFROM posts \nWHERE posts.user_id IS NOT NULL)"_s,
            {});
    addGoldenRows(
            "scalar subquery",
            orm::select(Users::name)
                    .where(Users::age > orm::select(orm::avg(Users::age)).scalarSubquery()),
            u"SELECT users.name \nFROM users \nWHERE users.age > (SELECT avg(users.age) \nFROM users)"_s,
            {});
    addGoldenRows(
            "correlated exists",
            orm::select<User>().where(
                    orm::exists(orm::select(Posts::id).where(Posts::userId == Users::id))),
            u"SELECT users.id, users.name, users.age \nFROM users \nWHERE EXISTS (SELECT posts.id \nFROM posts \nWHERE posts.user_id = users.id)"_s,
            {});
    // SQLite has taken NULLS FIRST/LAST since 3.30 (Debian 12 has 3.40).
    addGoldenRows(
            "nulls first",
            orm::select<User>().orderBy(Users::age.asc().nullsFirst(), Users::id.asc()),
            u"SELECT users.id, users.name, users.age \nFROM users ORDER BY users.age NULLS FIRST, users.id"_s,
            {});
    addGoldenRows(
            "nulls last", orm::select<User>().orderBy(Users::age.desc().nullsLast()),
            u"SELECT users.id, users.name, users.age \nFROM users ORDER BY users.age DESC NULLS LAST"_s,
            {});
    addGoldenRows(
            "update",
            orm::update<User>().set(Users::name, u"x"_s).setNull(Users::age).where(Users::id == 1),
            u"UPDATE users SET name=?, age=? WHERE users.id = ? RETURNING users.id"_s,
            {u"x"_s, QVariant(), 1});
    // SQLAlchemy's values(name="x", age=None), spelled as sqlpp11 spells SET items.
    addGoldenRows("update values",
                  orm::update<User>()
                          .where(Users::id == 1)
                          .values(Users::name = u"x"_s, Users::age = std::nullopt),
                  u"UPDATE users SET name=?, age=? WHERE users.id = ? RETURNING users.id"_s,
                  {u"x"_s, QVariant(), 1});
    addGoldenRows("update every row", orm::update<User>().set(Users::age, 1).unconditionally(),
                  u"UPDATE users SET age=? RETURNING users.id"_s, {1});
    addGoldenRows("delete", orm::deleteFrom<Post>().where(Posts::userId.isNull()),
                  u"DELETE FROM posts WHERE posts.user_id IS NULL RETURNING posts.id"_s, {});
    addGoldenRows(
            "text",
            orm::text(
                    u"SELECT name FROM users WHERE age > :age AND name != ':not' AND id::text = :id"_s)
                    .bind(u"age"_s, 18)
                    .bind(u"id"_s, u"1"_s),
            u"SELECT name FROM users WHERE age > ? AND name != ':not' AND id::text = ?"_s,
            {18, u"1"_s});
}

void tst_Query::goldenSql()
{
    quarry::test::compareGoldenSql();
}

void tst_Query::textNeedsEveryValue()
{
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                             orm::text(u"SELECT :missing"_s).compile(orm::Dialect::SQLite));
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                             orm::select<User>().join<User>().compile(orm::Dialect::SQLite));
}

void tst_Query::joins()
{
    auto engine = engineWithData();
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto pairs
                = session.execute(orm::select<User, Post>().join<Post>().orderBy(Posts::id.asc()))
                          .all();
        QCOMPARE(pairs.size(), 3);
        QCOMPARE(std::get<0>(pairs.at(0))->name, u"Смитти"_s);
        QCOMPARE(std::get<0>(pairs.at(0)), std::get<0>(pairs.at(1))); // one object per row
        QCOMPARE(std::get<1>(pairs.at(2))->title, u"engines"_s);

        const auto outer = session.execute(orm::select<User, Post>().outerJoin<Post>().where(
                                                   Users::name == u"Nobody"_s))
                                   .one();
        QCOMPARE(std::get<0>(outer)->name, u"Nobody"_s);
        QVERIFY(!std::get<1>(outer)); // no post: null

        const auto adults
                = session.execute(orm::select<Post>().join(&Post::user).where(Users::age > 31))
                          .scalars()
                          .all();
        QCOMPARE(adults.size(), 1);
        QCOMPARE(adults.at(0)->title, u"engines"_s);
    }));
}

void tst_Query::aggregatesAndSubqueries()
{
    auto engine = engineWithData();
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        QCOMPARE(session.execute(orm::select(orm::count()).selectFrom<User>()).scalarOne(), 3);
        const auto [sum, avg, youngest, oldest]
                = session.execute(orm::select(orm::sum(Users::age), orm::avg(Users::age),
                                              orm::min(Users::age), orm::max(Users::age)))
                          .one();
        QCOMPARE(sum, 66);
        QCOMPARE(avg, 33.0);
        QCOMPARE(youngest, 30);
        QCOMPARE(oldest, 36);
        // No rows: NULL, not 0.
        QCOMPARE(
                session.execute(orm::select(orm::sum(Users::age)).where(Users::id < 0)).scalarOne(),
                std::nullopt);

        const auto counts = session.execute(orm::select(Users::name, orm::count(Posts::id))
                                                    .outerJoin(&User::posts)
                                                    .groupBy(Users::id, Users::name)
                                                    .orderBy(Users::id.asc()))
                                    .all();
        QCOMPARE(counts,
                 (QList<std::tuple<QString, qint64>> {
                         {u"Смитти"_s, 2}, {u"Ada"_s, 1}, {u"Nobody"_s, 0}}));
        const auto busy = session.execute(orm::select(Users::name)
                                                  .join(&User::posts)
                                                  .groupBy(Users::id, Users::name)
                                                  .having(orm::count(Posts::id) > 1))
                                  .scalars()
                                  .all();
        QCOMPARE(busy, QList<QString> {u"Смитти"_s});

        const auto writers
                = session.execute(orm::select<User>()
                                          .where(Users::id.in(orm::select(Posts::userId)))
                                          .orderBy(Users::id.asc()))
                          .scalars()
                          .all();
        QCOMPARE(writers.size(), 2);
        // NOT IN a subquery: the users without posts. One NULL among the subquery's values
        // makes NOT IN unknown for every row (SQL's rule, and SQLAlchemy's), so it is left out.
        const auto withoutPosts
                = session.execute(orm::select(Users::name)
                                          .where(Users::id.notIn(
                                                  orm::select(Posts::userId)
                                                          .where(Posts::userId.isNotNull()))))
                          .scalars()
                          .all();
        QCOMPARE(withoutPosts, QList<QString> {u"Nobody"_s});
        QVERIFY(session.execute(orm::select(Users::name)
                                        .where(Users::id.notIn(orm::select(Posts::userId))))
                        .scalars()
                        .all()
                        .isEmpty());
        const auto silent
                = session.execute(orm::select(Users::name)
                                          .where(!orm::exists(orm::select(Posts::id).where(
                                                  Posts::userId == Users::id))))
                          .scalars()
                          .all();
        QCOMPARE(silent, QList<QString> {u"Nobody"_s});
        const auto older
                = session.execute(orm::select(Users::name)
                                          .where(Users::age > orm::select(orm::avg(Users::age))
                                                                      .scalarSubquery()))
                          .scalars()
                          .all();
        QCOMPARE(older, QList<QString> {u"Ada"_s});
        const auto byAge
                = session.execute(orm::select(Users::name).orderBy(Users::age.asc().nullsFirst()))
                          .scalars()
                          .all();
        QCOMPARE(byAge.first(), u"Nobody"_s);
    }));
}

void tst_Query::bulkUpdateAndDelete()
{
    auto engine = engineWithData();
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto ada
                = session.execute(orm::select<User>().where(Users::name == u"Ada"_s)).scalarOne();
        const qint64 changed = session.execute(
                orm::update<User>().set(Users::age, 40).where(Users::age.isNotNull()));
        QCOMPARE(changed, 2);
        QCOMPARE(ada->age, 40); // the session's object follows
        QVERIFY(!session.isModified(ada));
        const qint64 deleted
                = session.execute(orm::deleteFrom<Post>().where(Posts::userId.isNull()));
        QCOMPARE(deleted, 1);
        QCOMPARE(session.execute(orm::update<Post>().set(Posts::title, u"t"_s).unconditionally()),
                 3);
        session.commit();
        QCOMPARE(c.execute(u"SELECT count(*) FROM users WHERE age = 40"_s).scalar().toInt(), 2);
        QCOMPARE(c.execute(u"SELECT count(*) FROM posts WHERE title = 't'"_s).scalar().toInt(), 3);
        QCOMPARE(session.execute(orm::deleteFrom<Post>().unconditionally()), 3);
        session.commit();
    }));
}

void tst_Query::textStatements()
{
    auto engine = engineWithData();
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const orm::Result result = session.execute(
                orm::text(u"SELECT name FROM users WHERE age > :age ORDER BY id"_s)
                        .bind(u"age"_s, 31));
        QCOMPARE(result.scalars(), QVariantList {u"Ada"_s});
        // Hostile text stays a value.
        const auto none = session.execute(orm::select<User>().where(
                orm::text(u"users.name = :name"_s).bind(u"name"_s, u"x' OR '1'='1"_s)));
        QCOMPARE(none.scalars().size(), 0);
    }));
}

void tst_Query::resultShapes()
{
    auto engine = engineWithData();
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto mappings = session.execute(orm::select(Users::name, Users::age)
                                                      .where(Users::name == u"Ada"_s))
                                      .mappings();
        QCOMPARE(mappings.size(), 1);
        QCOMPARE(mappings.at(0).value(u"name"_s).toString(), u"Ada"_s);
        QCOMPARE(mappings.at(0).value(u"age"_s).toInt(), 36);

        // A join repeats the user once per post; unique() keeps each once.
        const auto repeated = session.execute(orm::select<User>().join<Post>());
        QCOMPARE(repeated.scalars().size(), 3);
        QCOMPARE(repeated.unique().scalars().size(), 2);
        const auto names = session.execute(orm::select(Users::name).join<Post>());
        QCOMPARE(names.unique().size(), 2);
        QCOMPARE(names.scalars().unique().all(), (QList<QString> {u"Смитти"_s, u"Ada"_s}));
        // Rows of entities: their first column's objects, each once by identity.
        const auto pairs
                = session.execute(orm::select<User, Post>().join<Post>().orderBy(Posts::id.asc()));
        QCOMPARE(pairs.scalars().size(), 3);
        const auto writers = pairs.scalars().unique().all();
        QCOMPARE(writers.size(), 2);
        QCOMPARE(writers.at(0)->name, u"Смитти"_s);
        QCOMPARE(pairs.scalars().first(), std::get<0>(pairs.all().at(0)));
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound, pairs.scalarOneOrNone());
        const auto parts = session.execute(orm::select(Posts::title)).partitions(3);
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(0).size(), 3);
        QCOMPARE(parts.at(1).size(), 1);
    }));
}

void tst_Query::streaming()
{
    auto engine = quarry::test::engineWithFreshTables(Base);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        QList<User> many;
        for (int i = 0; i < 2500; ++i)
            many.append({.name = u"user %1"_s.arg(i), .age = i});
        session.addAll(many);
        session.commit();
    }));
    orm::AsyncSession session(engine);
    quarry::test::LoopWatch watch;
    const auto read = quarry::test::awaitTask([&]() -> QCoro::Task<QList<qsizetype>> {
        QList<qsizetype> sizes;
        qint64 expected = 0;
        auto chunks = session.stream(orm::select<User>().orderBy(Users::age.asc()), 1000);
        QCORO_FOREACH(const QList<std::shared_ptr<User>> &chunk, chunks)
        {
            sizes.append(chunk.size());
            for (const auto &user : chunk)
                if (user->age != expected++)
                    throw std::runtime_error("rows out of order");
        }
        co_return sizes;
    }());
    QCOMPARE(read, (QList<qsizetype> {1000, 1000, 500}));
    // The session is usable afterwards.
    QCOMPARE(await(session.execute(orm::select(orm::count()).selectFrom<User>())).scalarOne(),
             2500);
    await(session.close());
}

void tst_Query::toDictAndJson()
{
    User user {.id = 7, .name = u"Смитти"_s, .age = std::nullopt};
    user.posts.append(std::make_shared<Post>(Post {.id = 1, .title = u"a"_s, .userId = 7}));
    const QVariantMap plain = orm::toDict(user);
    QCOMPARE(plain.keys(), (QStringList {u"age"_s, u"id"_s, u"name"_s}));
    QVERIFY(plain.value(u"age"_s).isNull()); // NULL stays NULL
    QCOMPARE(plain.value(u"name"_s).toString(), u"Смитти"_s);
    QCOMPARE(orm::toDict(user, {.only = {u"name"_s}}).keys(), QStringList {u"name"_s});
    QCOMPARE(orm::toDict(user, {.exclude = {u"age"_s}}).keys(), (QStringList {u"id"_s, u"name"_s}));
    const QJsonObject json = orm::toJson(user, {.relationships = {u"posts"_s}});
    QVERIFY(json.value(u"age"_s).isNull());
    QCOMPARE(json.value(u"id"_s).toInteger(), 7);
    QCOMPARE(json.value(u"posts"_s).toArray().at(0).toObject().value(u"title"_s).toString(),
             u"a"_s);
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, orm::toDict(user, {.only = {u"nope"_s}}));
    Post post {.title = u"p"_s};
    QVERIFY(orm::toDict(post, {.relationships = {u"user"_s}}).value(u"user"_s).isNull());
}

void tst_Query::toDictPaths()
{
    auto engine = engineWithData();
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto smitty = session.execute(orm::select<User>()
                                                    .where(Users::name == u"Смитти"_s)
                                                    .options(orm::selectinLoad(&User::posts)))
                                    .scalarOne();
        // A dotted path nests each step: the posts, and in each post its user.
        const QVariantMap dict = orm::toDict(*smitty, {.relationships = {u"posts.user"_s}});
        const QVariantList posts = dict.value(u"posts"_s).toList();
        QCOMPARE(posts.size(), 2);
        for (const QVariant &post : posts) {
            const QVariantMap map = post.toMap();
            QCOMPARE(map.keys(), (QStringList {u"id"_s, u"title"_s, u"user"_s, u"user_id"_s}));
            QCOMPARE(map.value(u"user"_s).toMap().value(u"name"_s).toString(), u"Смитти"_s);
            QVERIFY(!map.value(u"user"_s).toMap().contains(u"posts"_s)); // no deeper than asked
        }
        // "posts" beside "posts.user" adds nothing.
        QCOMPARE(orm::toDict(*smitty, {.relationships = {u"posts"_s, u"posts.user"_s}}), dict);
        const QJsonObject json = orm::toJson(*smitty, {.relationships = {u"posts.user"_s}});
        QCOMPARE(json.value(u"posts"_s)
                         .toArray()
                         .at(1)
                         .toObject()
                         .value(u"user"_s)
                         .toObject()
                         .value(u"id"_s)
                         .toInteger(),
                 smitty->id);
        QCOMPARE(session.execute(orm::select<User>()
                                         .where(Users::id == smitty->id)
                                         .options(orm::selectinLoad(&User::posts)))
                         .mappings({.relationships = {u"posts.user"_s}}),
                 QList<QVariantMap> {dict});

        // Not loaded, at the first step or a deeper one: NotLoadedError, never a query.
        const auto ada
                = session.execute(orm::select<User>().where(Users::name == u"Ada"_s)).scalarOne();
        QVERIFY_THROWS_EXCEPTION(orm::NotLoadedError,
                                 orm::toDict(*ada, {.relationships = {u"posts"_s}}));
        const auto engines = session.execute(orm::select<Post>()
                                                     .where(Posts::title == u"engines"_s)
                                                     .options(orm::selectinLoad(&Post::user)))
                                     .scalarOne();
        QCOMPARE(orm::toDict(*engines, {.relationships = {u"user"_s}})
                         .value(u"user"_s)
                         .toMap()
                         .value(u"name"_s)
                         .toString(),
                 u"Ada"_s);
        QVERIFY_THROWS_EXCEPTION(orm::NotLoadedError,
                                 orm::toDict(*engines, {.relationships = {u"user.posts"_s}}));
        QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                                 orm::toDict(*engines, {.relationships = {u"user.nope"_s}}));
    }));
}

void tst_Query::quoting_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("quoted");
    const auto bare = [](const char *name) {
        QTest::newRow(name) << QString::fromUtf8(name) << QString::fromUtf8(name);
    };
    const auto quoted = [](const char *tag, const QString &name, const QString &expected) {
        QTest::newRow(tag) << name << expected;
    };
    bare("users");
    bare("user_id");
    bare("_private");
    bare("a$b");
    bare("name");
    bare("count"); // a function, not a reserved word
    bare("value");
    // Reserved in both dialects, in SQLite only, in PostgreSQL only: quoted on both.
    quoted("order", u"order"_s, u"\"order\""_s);
    quoted("group", u"group"_s, u"\"group\""_s);
    quoted("select", u"select"_s, u"\"select\""_s);
    quoted("key (SQLite)", u"key"_s, u"\"key\""_s);
    quoted("pragma (SQLite)", u"pragma"_s, u"\"pragma\""_s);
    quoted("user (PostgreSQL)", u"user"_s, u"\"user\""_s);
    quoted("returning (PostgreSQL)", u"returning"_s, u"\"returning\""_s);
    quoted("window", u"window"_s, u"\"window\""_s);
    // Not a plain lower-case word: quoted, so the database keeps it as written.
    quoted("upper case", u"MixedCase"_s, u"\"MixedCase\""_s);
    quoted("upper reserved", u"ORDER"_s, u"\"ORDER\""_s);
    quoted("space", u"with space"_s, u"\"with space\""_s);
    quoted("leading digit", u"1st"_s, u"\"1st\""_s);
    quoted("leading dollar", u"$x"_s, u"\"$x\""_s);
    quoted("dash", u"a-b"_s, u"\"a-b\""_s);
    quoted("dot", u"a.b"_s, u"\"a.b\""_s);
    quoted("cyrillic", u"имя"_s, u"\"имя\""_s);
    quoted("double quote doubled", u"quo\"te"_s, u"\"quo\"\"te\""_s);
    quoted("empty", QString(), u"\"\""_s);
}

void tst_Query::quoting()
{
    QFETCH(QString, identifier);
    QTEST(orm::SqlWriter::quote(identifier), "quoted");
}

void tst_Query::oddIdentifiers()
{
    // DDL, INSERT, SELECT, UPDATE (unit of work and bulk), DELETE over names that only work
    // quoted, on a real database.
    QCOMPARE(oddTables.createStatements(orm::Dialect::SQLite).mid(1),
             (QStringList {
                     u"CREATE UNIQUE INDEX ix_select_group ON \"select\" (\"group\")"_s,
                     u"CREATE INDEX \"ix_select_with space\" ON \"select\" (\"with space\")"_s}));
    auto engine = quarry::test::engineWithFreshTables(oddTables);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c, {.expireOnCommit = false});
        auto a = session.add(Odd {.group = u"a"_s,
                                  .order = 2,
                                  .spaced = u"s a"_s,
                                  .mixed = u"M"_s,
                                  .quoted = u"q1"_s});
        session.add(Odd {.group = u"b"_s, .order = 1, .quoted = u"q2"_s});
        session.commit();
        QVERIFY(a->id > 0);
        const auto byOrder
                = session.execute(orm::select<Odd>()
                                          .where(Odds::group.in(QList<QString> {u"a"_s, u"b"_s}))
                                          .orderBy(Odds::order.asc()))
                          .scalars()
                          .all();
        QCOMPARE(byOrder.size(), 2);
        QCOMPARE(byOrder.at(1), a);
        a->mixed = u"changed"_s; // UPDATE "select" SET "MixedCase"=?
        session.commit();
        QCOMPARE(session.execute(orm::update<Odd>()
                                         .values(Odds::spaced = u"bulk"_s)
                                         .where(Odds::quoted == u"q2"_s)),
                 1);
        const auto rows = session.execute(orm::select(Odds::group, Odds::mixed, Odds::spaced)
                                                  .orderBy(Odds::group.asc()))
                                  .all();
        QCOMPARE(rows,
                 (QList<std::tuple<QString, QString, QString>> {{u"a"_s, u"changed"_s, u"s a"_s},
                                                                {u"b"_s, QString(), u"bulk"_s}}));
        const QVariantMap mapped
                = session.execute(orm::select(Odds::spaced, Odds::quoted).where(Odds::id == a->id))
                          .mappings()
                          .value(0);
        // LIMITATION (SQLite): Qt's QSQLITE driver removes every '"' from the column names it
        // reports, so mappings() keys a name holding one without it there.
        const QString quotedKey = c.dialect() == orm::Dialect::SQLite ? u"quote"_s : u"quo\"te"_s;
        QCOMPARE(mapped.keys(), (QStringList {quotedKey, u"with space"_s}));
        QCOMPARE(orm::toDict(*a).value(u"MixedCase"_s).toString(), u"changed"_s);
        session.add(Odd {.group = u"a"_s, .quoted = u"q3"_s}); // the unique index holds
        QVERIFY_THROWS_EXCEPTION(orm::IntegrityError, session.commit());
        session.rollback();
        session.remove(a);
        session.commit();
        QCOMPARE(session.execute(orm::deleteFrom<Odd>().where(Odds::order == 1)), 1);
        session.commit();
        QCOMPARE(session.execute(orm::select(orm::count()).selectFrom<Odd>()).scalarOne(), 0);
        oddTables.dropAll(c);
        QVERIFY(!orm::MetaData::hasTable(c, u"select"_s));
    }));
}

QTEST_GUILESS_MAIN(tst_Query)
#include "tst_query.moc"
