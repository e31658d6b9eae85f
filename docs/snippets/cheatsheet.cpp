// The code of docs/cheatsheet.md and docs/cheatsheet.ru.md. Every ```cpp block of both pages is
// one of the snippets below, between "// [name]" and "// [/name]", byte for byte (indentation
// aside). tests/docs/tst_cheatsheet.cpp compiles this file, runs every section on SQLite and
// PostgreSQL, and fails when a page's code differs from the code here. Edit the code here first,
// then copy the snippet into both pages.
//
// Built twice: as a program of its own (cheatsheet_program, with main()), and included by the
// test with QUARRY_CHEATSHEET_NO_MAIN defined.

// [includes]
#include <orm/async/AsyncSession.h>
#include <orm/async/Deliver.h>
#include <orm/session/MetaData.h>
#include <orm/session/ToDict.h>

#include <QCoreApplication>
#include <QCoroAsyncGenerator>
#include <QCoroFuture>
#include <QCoroTask>
#include <QDebug>

using namespace Qt::StringLiterals;
// [/includes]

// [connect]
std::shared_ptr<orm::AsyncEngine> engine;
std::function<orm::AsyncSession()> async_session;

// Called from main(), once the QCoreApplication (or QApplication) exists.
void connect_database()
{
    const QString DATABASE_URL = u"sqlite+aiosqlite:///./mydb.db"_s;
    engine = orm::createAsyncEngine(DATABASE_URL, {.echo = true});
    async_session = orm::asyncSessionMaker(engine, {.expireOnCommit = false});
}
// [/connect]

// The URL forms, for the test to parse.
QStringList url_examples()
{
    // [urls]
    const QStringList urls = {
            u"sqlite+aiosqlite:///./mydb.db"_s, // a file, relative to the working directory
            u"sqlite:///mydb.db"_s, // the same without the driver name
            u"sqlite:////home/smitty/mydb.db"_s, // an absolute path: four slashes
            u"sqlite://"_s, // in memory
            u"sqlite:///mydb.db?mode=ro"_s, // read-only
            u"postgresql+asyncpg://smitty:secret@localhost:5432/mydb"_s,
            u"postgresql://smitty:secret@db.example.org/mydb"_s,
    };
    // [/urls]
    return urls;
}

// The engine options, for the test to check.
std::shared_ptr<orm::AsyncEngine> engine_with_options()
{
    // [engine-options]
    using namespace std::chrono_literals;
    const orm::EngineOptions options {
            .echo = true, // log every statement (category quarry.orm.sql)
            .poolSize = 5, // connections, each on a thread of its own
            .checkoutTimeout = 30s, // then orm::TimeoutError
            .busyTimeout = 5s, // SQLite waits this long on "database is locked"
    };
    auto engine = orm::createAsyncEngine(u"sqlite+aiosqlite:///./mydb.db"_s, options);
    engine->setEcho(false); // echo can be switched at any time
    // [/engine-options]
    return engine;
}

// [models]
struct Post;

struct User
{
    qint64 id = 0; // 0 until the INSERT assigns the key
    QString name;
    std::optional<int> age; // a nullable column: std::optional (None ↔ std::nullopt)
    orm::Many<Post> posts; // relationship("Post", back_populates="user")

    QVariantMap to_dict() const;
};

struct Post
{
    qint64 id = 0;
    QString title;
    std::optional<qint64> userId; // Column(Integer, ForeignKey("users.id"))
    orm::One<User> user; // relationship("User", back_populates="posts")
};

// __tablename__ and the Column(...) declarations: one mapping per struct.
template<> struct orm::Model<User>
{
    static constexpr const char *table = "users";
    static constexpr orm::Column<&User::id> id {"id", {.primaryKey = true, .sqlType = "INTEGER"}};
    static constexpr orm::Column<&User::name> name {"name"};
    static constexpr orm::Column<&User::age> age {"age"};
    static constexpr auto columns = std::tuple(id, name, age);
    static constexpr orm::Relationship<&User::posts> posts {"posts", {.backPopulates = "user"}};
    static constexpr auto relationships = std::tuple(posts);
};

template<> struct orm::Model<Post>
{
    static constexpr const char *table = "posts";
    static constexpr orm::Column<&Post::id> id {"id", {.primaryKey = true, .sqlType = "INTEGER"}};
    static constexpr orm::Column<&Post::title> title {"title"};
    static constexpr orm::Column<&Post::userId> userId {
            "user_id", {.foreignKey = "users.id", .sqlType = "INTEGER"}};
    static constexpr auto columns = std::tuple(id, title, userId);
    static constexpr orm::Relationship<&Post::user> user {"user", {.backPopulates = "posts"}};
    static constexpr auto relationships = std::tuple(user);
};

// The column handles that queries use: Users::name == u"Смитти"_s (Python: User.name == ...).
using Users = orm::Model<User>;
using Posts = orm::Model<Post>;

// Base.metadata: the tables create_all() makes.
const orm::MetaData Base = orm::MetaData::of<User, Post>();
// [/models]

// [to-dict]
QVariantMap User::to_dict() const
{
    return orm::toDict(*this); // {"id": ..., "name": ..., "age": ...}
}
// [/to-dict]

// [create-tables]
QCoro::Task<> create_all_tables()
{
    co_await engine->runSync([](orm::Connection &conn) { Base.createAll(conn); });
}
// [/create-tables]

// [add-user]
// One user
QCoro::Task<> add_user(QString name, int age)
{
    auto session = async_session();
    session.add(User {.name = name, .age = age});
    co_await session.commit();
}
// [/add-user]

// [add-many-users]
// Several users
QCoro::Task<> add_many_users(QList<std::pair<QString, int>> users)
{
    auto session = async_session();
    QList<User> objects;
    for (const auto &[name, age] : users)
        objects.append(User {.name = name, .age = age});
    session.addAll(objects);
    co_await session.commit();
}
// [/add-many-users]

struct ReadResults
{
    QList<std::shared_ptr<User>> all;
    std::shared_ptr<User> first;
    std::shared_ptr<User> one;
    std::shared_ptr<User> oneOrNone;
};

QCoro::Task<ReadResults> read_data()
{
    auto session = async_session();
    ReadResults out;
    // [read]
    // All users
    auto result = co_await session.execute(orm::select<User>());
    QList<std::shared_ptr<User>> users = result.scalars().all();

    // One by a condition (null when there is none)
    result = co_await session.execute(orm::select<User>().where(Users::name == u"Смитти"_s));
    std::shared_ptr<User> user = result.scalars().first();

    // Exactly one (throws orm::NoResultFound when there is none)
    result = co_await session.execute(orm::select<User>().where(Users::id == 1));
    user = result.scalarOne();

    // One or null
    user = result.scalarOneOrNone();
    // [/read]
    out.all = users;
    out.first = (co_await session.execute(orm::select<User>().where(Users::name == u"Смитти"_s)))
                        .scalars()
                        .first();
    out.one = result.scalarOne();
    out.oneOrNone = user;
    co_return out;
}

// Whether scalarOne() raised NoResultFound for a missing user.
QCoro::Task<bool> read_missing(qint64 user_id)
{
    auto session = async_session();
    bool missing = false;
    // [scalar-one-error]
    try {
        auto result = co_await session.execute(orm::select<User>().where(Users::id == user_id));
        std::shared_ptr<User> user = result.scalarOne();
        qInfo() << "found" << user->name;
    } catch (const orm::NoResultFound &) {
        qInfo() << "no user with id" << user_id;
        missing = true;
    }
    // [/scalar-one-error]
    co_return missing;
}

struct MoreReadResults
{
    QList<std::tuple<QString, std::optional<int>>> rows;
    QList<std::shared_ptr<User>> adults;
    std::shared_ptr<User> byKey;
    qint64 userCount = 0;
};

QCoro::Task<MoreReadResults> read_more_data()
{
    auto session = async_session();
    MoreReadResults out;
    // [read-more]
    // Several columns: typed tuples (Python: result.all() → list of tuples)
    auto rows = (co_await session.execute(orm::select(Users::name, Users::age))).all();
    for (const auto &[name, age] : rows)
        qInfo() << name << (age ? QString::number(*age) : u"no age"_s);

    // AND, OR, NOT, IS NULL, LIKE, IN; ORDER BY, LIMIT, OFFSET
    const QList<qint64> ids = {1, 2}; // a brace list inside co_await trips GCC 12
    auto adults = (co_await session.execute(
                           orm::select<User>()
                                   .where(Users::age >= 18 && !Users::name.like(u"A%"_s))
                                   .where(Users::age.isNotNull() || Users::id.in(ids))
                                   .orderBy(Users::age.desc(), Users::name.asc())
                                   .limit(10)
                                   .offset(0)))
                          .scalars()
                          .all();

    // By primary key (Python: await session.get(User, 1)): null when there is no such row
    std::shared_ptr<User> user = co_await session.get<User>(1);

    // One value (Python: select(func.count()).select_from(User), then scalar_one())
    qint64 user_count
            = (co_await session.execute(orm::select(orm::count()).selectFrom<User>())).scalarOne();
    // [/read-more]
    out.rows = rows;
    out.adults = adults;
    out.byKey = user;
    out.userCount = user_count;
    co_return out;
}

// [update-user-name]
QCoro::Task<> update_user_name(qint64 user_id, QString new_name)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().where(Users::id == user_id));
    std::shared_ptr<User> user = result.scalarOneOrNone();
    if (user) {
        user->name = new_name; // the session notices the change...
        co_await session.commit(); // ...and UPDATEs just this column
    }
}
// [/update-user-name]

QCoro::Task<qint64> bulk_update()
{
    auto session = async_session();
    // [bulk-update]
    // UPDATE users SET age = 18 WHERE users.age < 18, in one statement; returns the row count
    qint64 changed = co_await session.execute(
            orm::update<User>().set(Users::age, 18).where(Users::age < 18));
    co_await session.commit();
    // [/bulk-update]
    co_return changed;
}

// [delete-user]
QCoro::Task<> delete_user(qint64 user_id)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().where(Users::id == user_id));
    std::shared_ptr<User> user = result.scalarOneOrNone();
    if (user) {
        co_await session.remove(user); // Python: await session.delete(user)
        co_await session.commit();
    }
}
// [/delete-user]

QCoro::Task<qint64> bulk_delete()
{
    auto session = async_session();
    // [bulk-delete]
    // DELETE FROM posts WHERE posts.user_id IS NULL; returns the row count
    qint64 deleted
            = co_await session.execute(orm::deleteFrom<Post>().where(Posts::userId.isNull()));
    co_await session.commit();
    // [/bulk-delete]
    co_return deleted;
}

QCoro::Task<qint64> add_posts()
{
    // [add-posts]
    auto session = async_session();
    std::shared_ptr<User> smitty = session.add(User {.name = u"Смитти"_s, .age = 30});
    smitty->posts.append(Post {.title = u"Привет, мир"_s}); // user_id is set at the flush
    smitty->posts.append(Post {.title = u"Второй пост"_s});
    session.add(Post {.title = u"Ничей пост"_s}); // no user: user_id stays NULL
    co_await session.commit();
    // [/add-posts]
    co_return smitty->id;
}

// [get-user-posts]
// All the posts of a user
QCoro::Task<QList<std::shared_ptr<Post>>> get_user_posts(qint64 user_id)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<Post>().where(Posts::userId == user_id));
    co_return result.scalars().all();
}
// [/get-user-posts]

struct RelationshipResults
{
    QList<std::shared_ptr<User>> users;
    QList<std::shared_ptr<Post>> posts;
    QList<std::shared_ptr<Post>> postsOfAdults;
    QList<std::tuple<QString, qint64>> counts;
    QList<std::pair<QString, QString>> pairs;
};

QCoro::Task<RelationshipResults> relationship_data()
{
    auto session = async_session();
    RelationshipResults out;
    {
        // [selectin-load]
        // Users with their posts: one more SELECT ... WHERE posts.user_id IN (...)
        auto result = co_await session.execute(orm::select<User>()
                                                       .options(orm::selectinLoad(&User::posts))
                                                       .orderBy(Users::id.asc()));
        for (const std::shared_ptr<User> &user : result.scalars().all())
            qInfo() << user->name << "wrote" << user->posts.size() << "posts";

        // A path: each post's author, and the author's posts
        auto posts = co_await session.execute(
                orm::select<Post>().options(orm::selectinLoad(&Post::user, &User::posts)));
        // [/selectin-load]
        out.users = result.scalars().all();
        out.posts = posts.scalars().all();
    }
    {
        // [join]
        // The posts of users over 18: JOIN along the relationship
        auto result = co_await session.execute(
                orm::select<Post>().join(&Post::user).where(Users::age > 18));
        QList<std::shared_ptr<Post>> posts = result.scalars().all();

        // How many posts each user has: LEFT OUTER JOIN, count(), GROUP BY
        auto counts = co_await session.execute(orm::select(Users::name, orm::count(Posts::id))
                                                       .outerJoin(&User::posts)
                                                       .groupBy(Users::id, Users::name)
                                                       .orderBy(Users::id.asc()));
        for (const auto &[name, post_count] : counts.all())
            qInfo() << name << post_count;

        // Users and posts side by side: rows of (user, post)
        auto pairs = co_await session.execute(orm::select<User, Post>().join(&User::posts));
        for (const auto &[user, post] : pairs.all())
            qInfo() << user->name << post->title;
        // [/join]
        out.postsOfAdults = posts;
        out.counts = counts.all();
        for (const auto &[user, post] : pairs.all())
            out.pairs.append({user->name, post->title});
    }
    co_return out;
}

// How many posts the user has, and whether reading them before loading raised NotLoadedError.
QCoro::Task<std::pair<bool, qsizetype>> not_loaded(qint64 user_id)
{
    auto session = async_session();
    bool raised = false;
    // [not-loaded]
    std::shared_ptr<User> user = co_await session.get<User>(user_id);
    try {
        qInfo() << user->posts.size(); // not loaded: Quarry never queries behind your back
    } catch (const orm::NotLoadedError &error) {
        qInfo() << error.message();
        raised = true;
    }
    co_await session.refresh(user, orm::selectinLoad(&User::posts)); // loads them now
    qInfo() << user->posts.size();
    // [/not-loaded]
    co_return std::pair(raised, user->posts.size());
}

QCoro::Task<QList<QVariantMap>> to_dict_data()
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>()
                                                   .where(Users::name == u"Смитти"_s)
                                                   .options(orm::selectinLoad(&User::posts)));
    std::shared_ptr<User> user = result.scalarOne();
    // [to-dict-usage]
    QVariantMap row = user->to_dict(); // {"age": 30, "id": 1, "name": "Смитти"}
    QVariantMap name_only = orm::toDict(*user, {.only = {u"name"_s}});
    QVariantMap without_age = orm::toDict(*user, {.exclude = {u"age"_s}});
    // Loaded relationships, nested: {"id": 1, ..., "posts": [{"id": 1, "title": ...}, ...]}
    QVariantMap with_posts = orm::toDict(*user, {.relationships = {u"posts"_s}});
    QJsonObject json = orm::toJson(*user); // JSON types: dates as ISO 8601 text
    // [/to-dict-usage]
    co_return QList {row, name_only, without_age, with_posts, json.toVariantMap()};
}

// [then]
// get_user_posts without coroutines: the callbacks run on context's thread, and not at all
// once context is destroyed. orm::deliver() first: see the note below.
QFuture<QList<std::shared_ptr<Post>>> get_user_posts_then(QObject *context, qint64 user_id)
{
    auto session = async_session();
    return orm::deliver(session.execute(orm::select<Post>().where(Posts::userId == user_id)),
                        context)
            .then(context,
                  [](const orm::EntityResult<Post> &result) { return result.scalars().all(); })
            .onFailed(context, [](const orm::Error &error) {
                qWarning() << "get_user_posts failed:" << error.message();
                return QList<std::shared_ptr<Post>>();
            });
}
// [/then]

void show_post_count(QObject *view, qint64 user_id)
{
    // [then-usage]
    get_user_posts_then(view, user_id)
            .then(view, [view](const QList<std::shared_ptr<Post>> &posts) {
                view->setProperty("postCount", posts.size());
            });
    // [/then-usage]
}

QCoro::Task<qint64> stream_ages()
{
    auto session = async_session();
    // [stream]
    // Python: async for user in await session.stream_scalars(select(User))
    qint64 total_age = 0;
    auto statement = orm::select<User>().orderBy(Users::id.asc());
    auto chunks = session.stream(statement, 1000); // up to 1000 users in memory at a time
    QCORO_FOREACH(const QList<std::shared_ptr<User>> &chunk, chunks)
    {
        for (const std::shared_ptr<User> &user : chunk)
            total_age += user->age.value_or(0);
    }
    // [/stream]
    co_return total_age;
}

// Whether the duplicate key was rejected with IntegrityError.
QCoro::Task<bool> integrity_error()
{
    // [errors]
    auto session = async_session();
    session.add(User {.id = 1, .name = u"Двойник"_s}); // id 1 is taken
    bool failed = false;
    try {
        co_await session.commit();
    } catch (const orm::IntegrityError &error) { // unique, not null, foreign key, check
        qWarning() << "rejected:" << error.message();
        failed = true;
    } catch (const orm::OperationalError &error) { // locked, unreachable, read-only, full
        qWarning() << "database unavailable:" << error.message();
        failed = true;
    }
    if (failed)
        co_await session.rollback(); // co_await is not allowed inside a catch block
    // [/errors]
    co_return failed;
}

// Whether a bad URL raised ArgumentError.
bool bad_url()
{
    bool rejected = false;
    // [bad-url]
    try {
        auto other = orm::createAsyncEngine(u"mysql://localhost/mydb"_s);
    } catch (const orm::ArgumentError &error) {
        qWarning() << error.message(); // says what is wrong: here, the unknown dialect
        rejected = true;
    }
    // [/bad-url]
    return rejected;
}

QCoro::Task<QVariantList> text_data()
{
    auto session = async_session();
    // [text]
    // Python: text("SELECT name FROM users WHERE age > :age"), {"age": 18}
    orm::Result result = co_await session.execute(
            orm::text(u"SELECT name FROM users WHERE age > :age ORDER BY id"_s).bind(u"age"_s, 18));
    QVariantList names = result.scalars();
    // [/text]
    co_return names;
}

// [program]
QCoro::Task<int> program()
{
    try {
        co_await create_all_tables();
        co_await add_user(u"Смитти"_s, 30);
        const QList<std::pair<QString, int>> more = {{u"Ada"_s, 36}, {u"Linus"_s, 54}};
        co_await add_many_users(more);
        co_await update_user_name(1, u"Смитти 2"_s);
        co_await delete_user(3);
        const QList<std::shared_ptr<Post>> posts = co_await get_user_posts(1);
        qInfo() << "Смитти has" << posts.size() << "posts";
    } catch (const orm::Error &error) {
        qCritical() << "database error:" << error.message();
        co_return 1;
    }
    co_return 0;
}
// [/program]

#ifndef QUARRY_CHEATSHEET_NO_MAIN
// [main]
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    connect_database();
    QCoro::connect(program(), &app, [](int status) { QCoreApplication::exit(status); });
    const int status = app.exec();
    async_session = nullptr; // the factory holds the engine too
    engine.reset(); // closes the connections while Qt is still there
    return status;
}
// [/main]
#endif
