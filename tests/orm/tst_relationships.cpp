// Relationships in the unit of work: back_populates in memory, save-update and delete cascades,
// set-NULL on parent delete, delete-orphan, NotLoadedError, selectinLoad, refresh, merge, server
// defaults and the session's states, on SQLite and PostgreSQL.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/session/Session.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace quarry;
using quarry::test::await;

namespace {

// Models that opt into delete cascades, and a column with a server default.
struct Note;
struct Folder
{
    qint64 id = 0;
    QString name;
    std::optional<int> priority; // NULL on insert lets the server default (5) apply
    orm::Many<Note> notes;
};
struct Note
{
    qint64 id = 0;
    QString text;
    std::optional<qint64> folderId;
    orm::One<Folder> folder;
};

} // namespace

template<> struct orm::Model<Folder>
{
    static constexpr const char *table = "folders";
    static constexpr orm::Column<&Folder::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&Folder::name> name {"name", {.notNull = true}};
    static constexpr orm::Column<&Folder::priority> priority {"priority", {.serverDefault = "5"}};
    static constexpr auto columns = std::tuple(id, name, priority);
    static constexpr orm::Relationship<&Folder::notes> notes {
            "notes", {.backPopulates = "folder", .cascadeDelete = true, .deleteOrphan = true}};
    static constexpr auto relationships = std::tuple(notes);
};

template<> struct orm::Model<Note>
{
    static constexpr const char *table = "notes";
    static constexpr orm::Column<&Note::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&Note::text> text {"text"};
    static constexpr orm::Column<&Note::folderId> folderId {"folder_id",
                                                            {.foreignKey = "folders.id"}};
    static constexpr auto columns = std::tuple(id, text, folderId);
    static constexpr orm::Relationship<&Note::folder> folder {"folder", {.backPopulates = "notes"}};
    static constexpr auto relationships = std::tuple(folder);
};

namespace {

const orm::MetaData everything = orm::MetaData::of<User, Post, Folder, Note>();

qint64 countRows(orm::Connection &c, const QString &sql)
{
    return c.execute(sql).scalar().toLongLong();
}

} // namespace

class tst_Relationships : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backPopulatesInMemory_data() { quarry::test::addBackendRows(); }
    void backPopulatesInMemory();
    void notLoaded_data() { quarry::test::addBackendRows(); }
    void notLoaded();
    void saveUpdateCascade_data() { quarry::test::addBackendRows(); }
    void saveUpdateCascade();
    void movingAChild_data() { quarry::test::addBackendRows(); }
    void movingAChild();
    void selectinLoad_data() { quarry::test::addBackendRows(); }
    void selectinLoad();
    void refreshLoadsRelationships_data() { quarry::test::addBackendRows(); }
    void refreshLoadsRelationships();
    void deletingAParentNullsChildren_data() { quarry::test::addBackendRows(); }
    void deletingAParentNullsChildren();
    void cascadeDeleteAndOrphans_data() { quarry::test::addBackendRows(); }
    void cascadeDeleteAndOrphans();
    void serverDefault_data() { quarry::test::addBackendRows(); }
    void serverDefault();
    void merge_data() { quarry::test::addBackendRows(); }
    void merge();
    void droppedChangesAreStillWritten_data() { quarry::test::addBackendRows(); }
    void droppedChangesAreStillWritten();
    void closedSessionRefusesWork_data() { quarry::test::addBackendRows(); }
    void closedSessionRefusesWork();
};

void tst_Relationships::backPopulatesInMemory()
{
    // Outside a session the two sides are independent values; add() brings them in step.
    auto user = std::make_shared<User>(User {.name = u"Смитти"_s});
    auto post = user->posts.append(Post {.title = u"first"_s});
    QVERIFY(!post->user); // not in a session yet
    QVERIFY(user->posts.isLoaded());

    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        session.add(user);
        QCOMPARE(post->user.get(), user); // the cascade linked it
        QVERIFY(session.contains(post));

        // In a session, each side follows the other at once.
        auto second = std::make_shared<Post>(Post {.title = u"second"_s});
        user->posts.append(second);
        QCOMPARE(second->user.get(), user);
        auto other = session.add(User {.name = u"other"_s});
        second->user = other;
        QVERIFY(!user->posts.contains(second));
        QVERIFY(other->posts.contains(second));
        QVERIFY(user->posts.remove(post));
        QVERIFY(!post->user);
        QVERIFY(!user->posts.remove(post));
    }));
}

void tst_Relationships::notLoaded()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto user = session.add(User {.name = u"u"_s});
        session.add(Post {.title = u"p"_s, .user = user});
        session.commit();
    }));
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto user = session.execute(orm::select<User>()).scalarOne();
        QVERIFY(!user->posts.isLoaded());
        QVERIFY_THROWS_EXCEPTION(orm::NotLoadedError, user->posts.size());
        QVERIFY_THROWS_EXCEPTION(orm::NotLoadedError, user->posts.append(Post {}));
        const auto post = session.execute(orm::select<Post>()).scalarOne();
        QVERIFY_THROWS_EXCEPTION(orm::NotLoadedError, post->user.get());
        try {
            post->user.get();
        } catch (const orm::NotLoadedError &e) {
            QVERIFY2(e.message().contains(u"posts.user"_s), qPrintable(e.message()));
        }
        // Reading the foreign key column is always possible.
        QCOMPARE(post->userId, user->id);
    }));
}

void tst_Relationships::saveUpdateCascade()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    const qint64 userId = await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        User user {.name = u"Смитти"_s, .age = 30};
        user.posts.append(std::make_shared<Post>(Post {.title = u"a"_s}));
        user.posts.append(std::make_shared<Post>(Post {.title = u"b"_s}));
        auto added = session.add(std::move(user));
        // A child that names its parent brings the parent along too.
        auto lone = std::make_shared<User>(User {.name = u"lone"_s});
        session.add(Post {.title = u"c"_s, .user = lone});
        session.commit();
        [&] {
            QVERIFY(added->id > 0);
            for (const auto &post : added->posts) {
                QVERIFY(post->id > 0);
                QCOMPARE(post->userId, added->id);
            }
            QVERIFY(lone->id > 0);
            QVERIFY(session.contains(lone));
        }();
        return added->id;
    }));
    await(engine->runSync([&](orm::Connection &c) {
        QCOMPARE(countRows(c, u"SELECT count(*) FROM posts WHERE user_id = %1"_s.arg(userId)), 2);
        QCOMPARE(countRows(c,
                           u"SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id "
                           u"WHERE u.name = 'lone'"_s),
                 1);
    }));
}

void tst_Relationships::movingAChild()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto a = session.add(User {.name = u"a"_s});
        auto b = session.add(User {.name = u"b"_s});
        auto post = a->posts.append(Post {.title = u"moving"_s});
        session.commit();
        QCOMPARE(post->userId, a->id);

        post->user = b;
        QVERIFY(b->posts.contains(post));
        QVERIFY(!a->posts.contains(post));
        session.flush();
        QCOMPARE(post->userId, b->id);
        session.commit();
        QCOMPARE(countRows(c, u"SELECT user_id FROM posts"_s), b->id);

        // Clearing the One sets the column to NULL.
        post->user = nullptr;
        session.commit();
        QVERIFY(!post->userId);
        QVERIFY(c.execute(u"SELECT user_id FROM posts"_s).scalar().isNull());
    }));
}

void tst_Relationships::selectinLoad()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        for (int u = 0; u < 3; ++u) {
            auto user = session.add(User {.name = u"user %1"_s.arg(u)});
            for (int p = 0; p < u; ++p)
                user->posts.append(Post {.title = u"post %1.%2"_s.arg(u).arg(p)});
        }
        session.add(Post {.title = u"unassigned"_s});
        session.commit();
    }));
    QStringList statements;
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) { statements << log.sql; }, Qt::DirectConnection);
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        statements.clear();
        const auto users = session.execute(orm::select<User>()
                                                   .orderBy(Users::id.asc())
                                                   .options(orm::selectinLoad(&User::posts)))
                                   .scalars()
                                   .all();
        QCOMPARE(statements.size(), 2); // the users, then all their posts at once
        QVERIFY2(statements.at(1).contains(u"IN ("_s), qPrintable(statements.at(1)));
        QCOMPARE(users.size(), 3);
        for (int u = 0; u < 3; ++u) {
            QCOMPARE(users.at(u)->posts.size(), u);
            for (const auto &post : users.at(u)->posts)
                QCOMPARE(post->user.get(), users.at(u)); // back-populated
        }
        // A path: posts, their users, and those users' posts; the users come from the map.
        const auto posts
                = session.execute(orm::select<Post>()
                                          .orderBy(Posts::id.asc())
                                          .options(orm::selectinLoad(&Post::user, &User::posts)))
                          .scalars()
                          .all();
        QCOMPARE(posts.size(), 4);
        for (const auto &post : posts) {
            if (post->title == u"unassigned"_s) {
                QVERIFY(!post->user);
                continue;
            }
            QCOMPARE(post->user->posts.size(), post->user->name == u"user 1"_s ? 1 : 2);
            QVERIFY(post->user->posts.contains(post));
        }
    }));
}

void tst_Relationships::refreshLoadsRelationships()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c, {.expireOnCommit = false});
        auto user = session.add(User {.name = u"u"_s});
        session.commit();
        // Written behind the session's back: only a refresh sees it.
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('behind', ?)"_s, {user->id});
        c.execute(u"UPDATE users SET name = 'renamed'"_s);
        QCOMPARE(user->posts.size(), 0);
        session.refresh(user, orm::selectinLoad(&User::posts));
        QCOMPARE(user->name, u"renamed"_s);
        QCOMPARE(user->posts.size(), 1);
        QCOMPARE(user->posts.at(0)->title, u"behind"_s);
    }));
}

void tst_Relationships::deletingAParentNullsChildren()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto user = session.add(User {.name = u"parent"_s});
        user->posts.append(Post {.title = u"one"_s});
        user->posts.append(Post {.title = u"two"_s});
        session.commit();
    }));
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        // Not loaded: the session loads the children itself to keep them (SQLAlchemy's default).
        session.remove(session.execute(orm::select<User>()).scalarOne());
        session.commit();
        QCOMPARE(countRows(c, u"SELECT count(*) FROM users"_s), 0);
        QCOMPARE(countRows(c, u"SELECT count(*) FROM posts WHERE user_id IS NULL"_s), 2);
    }));
}

void tst_Relationships::cascadeDeleteAndOrphans()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto work = session.add(Folder {.name = u"work"_s});
        for (const QString &text : {u"a"_s, u"b"_s, u"c"_s})
            work->notes.append(Note {.text = text});
        auto home = session.add(Folder {.name = u"home"_s});
        home->notes.append(Note {.text = u"h"_s});
        session.commit();
    }));
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto work = session.execute(orm::select<Folder>()
                                                  .where(orm::Model<Folder>::name == u"work"_s)
                                                  .options(orm::selectinLoad(&Folder::notes)))
                                  .scalarOne();
        // An orphan is deleted; a note moved to another folder is not an orphan.
        const auto a = work->notes.at(0);
        const auto b = work->notes.at(1);
        work->notes.remove(a);
        const auto home = session.execute(orm::select<Folder>().where(orm::Model<Folder>::name
                                                                      == u"home"_s))
                                  .scalarOne();
        b->folder = home;
        session.commit();
        QCOMPARE(countRows(c, u"SELECT count(*) FROM notes WHERE text = 'a'"_s), 0);
        QCOMPARE(countRows(c, u"SELECT folder_id FROM notes WHERE text = 'b'"_s), home->id);

        // Removing the folder removes its notes, without them being loaded first.
        session.remove(home);
        session.commit();
        QCOMPARE(countRows(c, u"SELECT count(*) FROM notes"_s), 1); // only 'c' in work
        QCOMPARE(session.execute(orm::select<Note>()).scalarOne()->text, u"c"_s);
    }));
}

void tst_Relationships::serverDefault()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto defaulted = session.add(Folder {.name = u"d"_s});
        auto given = session.add(Folder {.name = u"g"_s, .priority = 1});
        session.flush();
        QCOMPARE(defaulted->priority, 5); // came back through RETURNING
        QCOMPARE(given->priority, 1);
        session.commit();
        QCOMPARE(countRows(c, u"SELECT sum(priority) FROM folders"_s), 6);
    }));
}

void tst_Relationships::merge()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    const qint64 id = await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        auto user = session.add(User {.name = u"before"_s, .age = 1});
        session.commit();
        return user->id;
    }));
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        // A detached copy, as a form would hold it, with a new child.
        User edited {.id = id, .name = u"after"_s, .age = std::nullopt};
        edited.posts.append(std::make_shared<Post>(Post {.title = u"merged"_s}));
        const auto merged = session.merge(edited);
        QCOMPARE(merged->name, u"after"_s);
        QVERIFY(merged.get() != &edited);
        QCOMPARE(session.get<User>(id), merged);
        // A new object (no key) becomes pending.
        const auto fresh = session.merge(User {.name = u"new"_s});
        session.commit();
        QVERIFY(fresh->id > 0);
        QCOMPARE(countRows(c, u"SELECT count(*) FROM users WHERE name = 'after' AND age IS NULL"_s),
                 1);
        QCOMPARE(countRows(c, u"SELECT user_id FROM posts WHERE title = 'merged'"_s), id);
    }));
}

void tst_Relationships::droppedChangesAreStillWritten()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        for (int i = 0; i < 10; ++i)
            session.add(User {.name = u"u%1"_s.arg(i)});
        session.commit();
        // Changed, then let go before the flush: the session keeps changed objects.
        session.execute(orm::select<User>().where(Users::name == u"u3"_s)).scalarOne()->age = 42;
        // Loaded and let go unchanged: nothing to write, and the session lets them go too.
        QCOMPARE(session.execute(orm::select<User>()).scalars().size(), 10);
        session.commit();
        QCOMPARE(countRows(c, u"SELECT age FROM users WHERE name = 'u3'"_s), 42);
    }));
}

void tst_Relationships::closedSessionRefusesWork()
{
    auto engine = quarry::test::engineWithFreshTables(everything);
    await(engine->runSync([](orm::Connection &c) {
        orm::Session session(c);
        session.add(User {.name = u"u"_s});
        session.close();
        QVERIFY(session.isClosed());
        session.close(); // harmless twice
        QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.commit());
        QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.add(User {}));
        QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.execute(orm::select<User>()));
        QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, session.rollback());
        QCOMPARE(countRows(c, u"SELECT count(*) FROM users"_s), 0);
    }));
}

QTEST_GUILESS_MAIN(tst_Relationships)
#include "tst_relationships.moc"
