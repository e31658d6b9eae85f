// The seed's SQLAlchemy async program (connect, models, create_all, add, query, update, delete,
// relationships, to_dict) with the installed Quarry ORM. It says what it does, checks every
// answer, and exits 0 when all of them were right (1 otherwise).
//
//     seed [URL] [--echo]      URL: default sqlite+aiosqlite:///./mydb.db, as in the seed
//
// It starts from empty tables: it drops and re-creates the tables users and posts of the database
// it is given, so point it at a database of its own.
#include <orm/async/AsyncSession.h>
#include <orm/session/MetaData.h>
#include <orm/session/ToDict.h>

#include <QCoreApplication>
#include <QCoroFuture>
#include <QCoroTask>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <stdexcept>

using namespace Qt::StringLiterals;

// --- Models (the seed's User and Post, with back_populates on both sides) ---

struct Post;

struct User
{
    qint64 id = 0; // 0 until the INSERT assigns the key
    QString name;
    std::optional<int> age; // nullable: std::nullopt is NULL
    orm::Many<Post> posts; // relationship("Post", back_populates="user")

    QVariantMap to_dict() const; // defined after the mapping
};

struct Post
{
    qint64 id = 0;
    QString title;
    std::optional<qint64> userId; // Column(Integer, ForeignKey("users.id"))
    orm::One<User> user; // relationship("User", back_populates="posts")
};

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

using Users = orm::Model<User>; // Users::name == ... (Python: User.name == ...)
using Posts = orm::Model<Post>;

const orm::MetaData Base = orm::MetaData::of<User, Post>(); // Base.metadata

QVariantMap User::to_dict() const
{
    return orm::toDict(*this); // {"id": ..., "name": ..., "age": ...}
}

// --- Printing and checking ---

namespace {

void say(const QString &line)
{
    std::fputs((line + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

struct CheckFailed : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

void check(bool ok, const QString &what)
{
    if (!ok)
        throw CheckFailed(what.toStdString());
}

QString describe(const std::shared_ptr<User> &user)
{
    if (!user)
        return u"(none)"_s;
    return u"#%1 %2 (%3)"_s.arg(QString::number(user->id), user->name,
                                user->age ? QString::number(*user->age) : u"no age"_s);
}

QString json(const QVariantMap &map)
{
    return QString::fromUtf8(
            QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact));
}

} // namespace

// --- Connect ---

std::shared_ptr<orm::AsyncEngine> engine;
std::function<orm::AsyncSession()> async_session;

// --- The seed's helpers, as coroutines ---

QCoro::Task<> create_all_tables()
{
    co_await engine->runSync([](orm::Connection &conn) {
        Base.dropAll(conn); // this example starts from empty tables
        Base.createAll(conn);
    });
}

QCoro::Task<> add_user(QString name, int age)
{
    auto session = async_session();
    session.add(User {.name = name, .age = age});
    co_await session.commit();
}

QCoro::Task<> add_many_users(QList<std::pair<QString, int>> users)
{
    auto session = async_session();
    QList<User> objects;
    for (const auto &[name, age] : users)
        objects.append(User {.name = name, .age = age});
    session.addAll(objects);
    co_await session.commit();
}

QCoro::Task<QList<std::shared_ptr<User>>> get_all_users()
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().orderBy(Users::id.asc()));
    co_return result.scalars().all();
}

QCoro::Task<std::shared_ptr<User>> get_user_by_name(QString name)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().where(Users::name == name));
    co_return result.scalars().first();
}

// Exactly one: throws orm::NoResultFound when there is none.
QCoro::Task<std::shared_ptr<User>> get_user(qint64 user_id)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().where(Users::id == user_id));
    co_return result.scalarOne();
}

// One or none.
QCoro::Task<std::shared_ptr<User>> find_user(qint64 user_id)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().where(Users::id == user_id));
    co_return result.scalarOneOrNone();
}

QCoro::Task<QList<std::tuple<QString, std::optional<int>>>> names_and_ages()
{
    auto session = async_session();
    auto result = co_await session.execute(
            orm::select(Users::name, Users::age).orderBy(Users::id.asc()));
    co_return result.all();
}

QCoro::Task<> update_user_name(qint64 user_id, QString new_name)
{
    auto session = async_session();
    auto result = co_await session.execute(orm::select<User>().where(Users::id == user_id));
    std::shared_ptr<User> user = result.scalarOneOrNone();
    if (user) {
        user->name = new_name; // the unit of work notices...
        co_await session.commit(); // ...and UPDATEs just this column
    }
}

// UPDATE users SET age = ? WHERE users.age < ?, in one statement.
QCoro::Task<qint64> raise_minimum_age(int age)
{
    auto session = async_session();
    const qint64 changed = co_await session.execute(
            orm::update<User>().set(Users::age, age).where(Users::age < age));
    co_await session.commit();
    co_return changed;
}

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

// Two posts through the user's collection, one through the post's user: back_populates keeps
// both sides in step, and the flush sets posts.user_id.
QCoro::Task<> add_posts(qint64 author_id, qint64 other_id)
{
    auto session = async_session();
    std::shared_ptr<User> author = co_await session.get<User>(author_id);
    co_await session.refresh(author, orm::selectinLoad(&User::posts)); // load the collection
    author->posts.append(Post {.title = u"Привет, мир"_s});
    std::shared_ptr<Post> second = author->posts.append(Post {.title = u"Второй пост"_s});
    check(second->user.get() == author, u"post.user follows user.posts.append()"_s);

    std::shared_ptr<User> other = co_await session.get<User>(other_id);
    std::shared_ptr<Post> post = session.add(Post {.title = u"Notes on engines"_s});
    post->user = other;
    co_await session.commit();
    check(post->userId == other_id, u"the flush set posts.user_id"_s);
}

QCoro::Task<QList<std::shared_ptr<Post>>> get_user_posts(qint64 user_id)
{
    auto session = async_session();
    auto result = co_await session.execute(
            orm::select<Post>().where(Posts::userId == user_id).orderBy(Posts::id.asc()));
    co_return result.scalars().all();
}

// --- The program ---

QCoro::Task<int> program()
{
    bool noResultFound = false;
    try {
        say(u"Creating the tables users and posts"_s);
        co_await create_all_tables();

        say(u"Adding users: Смитти (30), then Ada (36), Linus (54) and Grace (15) together"_s);
        co_await add_user(u"Смитти"_s, 30);
        const QList<std::pair<QString, int>> more
                = {{u"Ada"_s, 36}, {u"Linus"_s, 54}, {u"Grace"_s, 15}};
        co_await add_many_users(more);

        const QList<std::shared_ptr<User>> users = co_await get_all_users();
        say(u"All users (scalars().all()): %1"_s.arg(users.size()));
        for (const auto &user : users)
            say(u"  "_s + describe(user));
        check(users.size() == 4, u"four users"_s);

        const std::shared_ptr<User> smitty = co_await get_user_by_name(u"Смитти"_s);
        say(u"First named Смитти (scalars().first()): "_s + describe(smitty));
        check(smitty && smitty->age == 30, u"Смитти is 30"_s);

        const std::shared_ptr<User> one = co_await get_user(smitty->id);
        say(u"User %1 (scalarOne()): %2"_s.arg(smitty->id).arg(describe(one)));
        check(one && one->name == u"Смитти"_s, u"scalarOne() finds Смитти"_s);

        const std::shared_ptr<User> missing = co_await find_user(999);
        say(u"User 999 (scalarOneOrNone()): "_s + describe(missing));
        check(!missing, u"no user 999"_s);
        try {
            co_await get_user(999);
        } catch (const orm::NoResultFound &error) {
            say(u"User 999 (scalarOne()): NoResultFound: "_s + error.message());
            noResultFound = true;
        }
        check(noResultFound, u"scalarOne() raises NoResultFound"_s);

        const auto rows = co_await names_and_ages();
        say(u"Names and ages (result.all(), typed tuples):"_s);
        for (const auto &[name, age] : rows)
            say(u"  (%1, %2)"_s.arg(name, age ? QString::number(*age) : u"NULL"_s));
        check(rows.size() == 4 && std::get<0>(rows.at(1)) == u"Ada"_s, u"four rows, Ada second"_s);

        say(u"Renaming user %1 to Смитти 2"_s.arg(smitty->id));
        co_await update_user_name(smitty->id, u"Смитти 2"_s);
        const std::shared_ptr<User> renamed = co_await get_user(smitty->id);
        say(u"  now: "_s + describe(renamed));
        check(renamed->name == u"Смитти 2"_s, u"the new name is stored"_s);

        const qint64 raised = co_await raise_minimum_age(18);
        say(u"Bulk UPDATE of ages under 18 to 18: %1 row(s)"_s.arg(raised));
        check(raised == 1, u"Grace's age was raised"_s);

        const std::shared_ptr<User> linus = co_await get_user_by_name(u"Linus"_s);
        say(u"Deleting "_s + describe(linus));
        co_await delete_user(linus->id);
        const std::shared_ptr<User> gone = co_await find_user(linus->id);
        check(!gone, u"Linus is gone"_s);
        const QList<std::shared_ptr<User>> left = co_await get_all_users();
        check(left.size() == 3, u"three users left"_s);

        const std::shared_ptr<User> ada = co_await get_user_by_name(u"Ada"_s);
        say(u"Adding two posts to Смитти 2 (user.posts.append) and one to Ada (post.user = ada)"_s);
        co_await add_posts(smitty->id, ada->id);

        const QList<std::shared_ptr<Post>> posts = co_await get_user_posts(smitty->id);
        say(u"Posts of user %1 (select(Post).where(Post.user_id == id)): %2"_s.arg(smitty->id)
                    .arg(posts.size()));
        for (const auto &post : posts)
            say(u"  #%1 %2"_s.arg(post->id).arg(post->title));
        check(posts.size() == 2, u"Смитти 2 has two posts"_s);

        {
            auto session = async_session();
            auto result = co_await session.execute(orm::select<User>()
                                                           .options(orm::selectinLoad(&User::posts))
                                                           .orderBy(Users::id.asc()));
            say(u"Users with their posts (selectinLoad):"_s);
            for (const std::shared_ptr<User> &user : result.scalars()) {
                say(u"  %1 wrote %2 post(s)"_s.arg(user->name).arg(user->posts.size()));
                for (const std::shared_ptr<Post> &post : user->posts)
                    check(post->user.get() == user, u"back_populates: post.user is its user"_s);
            }
            const std::shared_ptr<User> first = result.scalars().first();

            say(u"to_dict(): "_s + json(first->to_dict()));
            check(first->to_dict()
                          == QVariantMap {{u"id"_s, first->id},
                                          {u"name"_s, u"Смитти 2"_s},
                                          {u"age"_s, 30}},
                  u"to_dict() gives id, name and age"_s);
            const QVariantMap withPosts = orm::toDict(*first, {.relationships = {u"posts"_s}});
            say(u"toDict() with posts: "_s + json(withPosts));
            check(withPosts.value(u"posts"_s).toList().size() == 2, u"two nested posts"_s);
            say(u"toJson() without age: "_s
                + QString::fromUtf8(QJsonDocument(orm::toJson(*first, {.exclude = {u"age"_s}}))
                                            .toJson(QJsonDocument::Compact)));
        }
    } catch (const orm::Error &error) {
        say(u"database error: "_s + error.message());
        co_return 1;
    } catch (const CheckFailed &failure) {
        say(u"FAILED: "_s + QString::fromStdString(failure.what()));
        co_return 1;
    }
    say(u"All done: every answer was right."_s);
    co_return 0;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments().mid(1);
    const bool echo = arguments.removeAll(u"--echo"_s) > 0;
    const QString url = arguments.value(0, u"sqlite+aiosqlite:///./mydb.db"_s);
    try {
        engine = orm::createAsyncEngine(url, {.echo = echo});
    } catch (const orm::Error &error) {
        say(u"cannot open %1: %2"_s.arg(url, error.message()));
        return 2;
    }
    async_session = orm::asyncSessionMaker(engine, {.expireOnCommit = false});
    say(u"Database: "_s + engine->url().toString());

    QCoro::connect(program(), &app, [](int status) { QCoreApplication::exit(status); });
    const int status = app.exec();
    async_session = nullptr; // the factory holds the engine too
    engine.reset(); // closes the connections while Qt is still there
    return status;
}
