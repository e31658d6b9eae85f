#include "UserStore.h"

#include "Models.h"

#include <orm/async/AsyncSession.h>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Runs work(Session &) on a lane in a session of its own and commits; a failure rolls the
// whole unit back (the session is never reused, so no half-written state survives it).
template<typename Work> auto unitOfWork(const std::shared_ptr<orm::AsyncEngine> &engine, Work work)
{
    orm::AsyncSession session(engine, {.expireOnCommit = false});
    return session.runSync([work = std::move(work)](orm::Session &s) mutable {
        if constexpr (std::is_void_v<std::invoke_result_t<Work &, orm::Session &>>) {
            work(s);
            s.commit();
        } else {
            auto result = work(s);
            s.commit();
            return result;
        }
    });
}

PostRecord recordOf(const Post &post)
{
    return {post.id, post.title, post.userId};
}

std::shared_ptr<User> requireUser(orm::Session &s, qint64 id)
{
    auto user = s.get<User>(id);
    if (!user)
        throw orm::InvalidRequestError(u"User %1 no longer exists"_s.arg(id));
    return user;
}

std::shared_ptr<Post> requirePost(orm::Session &s, qint64 id)
{
    auto post = s.get<Post>(id);
    if (!post)
        throw orm::InvalidRequestError(u"Post %1 no longer exists"_s.arg(id));
    return post;
}

} // namespace

UserStore::UserStore(std::shared_ptr<orm::AsyncEngine> engine) : m_engine(std::move(engine)) { }

QFuture<UserRecord> UserStore::createUser(const QString &name, std::optional<int> age)
{
    return unitOfWork(m_engine, [name, age](orm::Session &s) {
        auto user = s.add(User {.name = name, .age = age});
        s.flush();
        return UserRecord {user->id, user->name, user->age, 0};
    });
}

QFuture<void> UserStore::updateUser(const UserRecord &record)
{
    return unitOfWork(m_engine, [record](orm::Session &s) {
        auto user = requireUser(s, record.id);
        // The unit of work writes only what differs.
        user->name = record.name;
        user->age = record.age;
    });
}

QFuture<DeletedUsers> UserStore::deleteUsers(const QList<qint64> &ids, bool deletePosts)
{
    return unitOfWork(m_engine, [ids, deletePosts](orm::Session &s) {
        DeletedUsers deleted;
        deleted.postsDeleted = deletePosts;
        const auto users = s.execute(orm::select<User>()
                                             .where(Users::id.in(ids))
                                             .orderBy(Users::id.asc())
                                             .options(orm::selectinLoad(&User::posts)))
                                   .scalars()
                                   .all();
        for (const auto &user : users) {
            deleted.users.append({user->id, user->name, user->age, user->posts.size()});
            for (const auto &post : user->posts) {
                deleted.posts.append(recordOf(*post));
                if (deletePosts)
                    s.remove(post);
            }
            // Posts still loaded in user->posts get their user_id set to NULL at flush.
            s.remove(user);
        }
        return deleted;
    });
}

QFuture<void> UserStore::restoreUsers(const DeletedUsers &deleted)
{
    return unitOfWork(m_engine, [deleted](orm::Session &s) {
        for (const UserRecord &user : deleted.users)
            s.add(User {.id = user.id, .name = user.name, .age = user.age});
        // Users first: the posts point at them.
        s.flush();
        for (const PostRecord &record : deleted.posts) {
            if (deleted.postsDeleted) {
                s.add(Post {.id = record.id, .title = record.title, .userId = record.userId});
            } else if (auto post = s.get<Post>(record.id)) {
                // Unless someone gave it another owner meanwhile.
                if (!post->userId)
                    post->userId = record.userId;
            }
        }
    });
}

QFuture<QList<PostRecord>> UserStore::postsOf(std::optional<qint64> userId)
{
    return unitOfWork(m_engine, [userId](orm::Session &s) {
        const auto owner = userId ? (Posts::userId == *userId) : Posts::userId.isNull();
        QList<PostRecord> posts;
        for (const auto &post :
             s.execute(orm::select<Post>().where(owner).orderBy(Posts::id.asc())).scalars().all())
            posts.append(recordOf(*post));
        return posts;
    });
}

QFuture<PostRecord> UserStore::addPost(std::optional<qint64> userId, const QString &title)
{
    return unitOfWork(m_engine, [userId, title](orm::Session &s) {
        auto post = s.add(Post {.title = title, .userId = userId});
        s.flush();
        return recordOf(*post);
    });
}

QFuture<void> UserStore::updatePost(const PostRecord &record)
{
    return unitOfWork(m_engine, [record](orm::Session &s) {
        auto post = requirePost(s, record.id);
        post->title = record.title;
        post->userId = record.userId;
    });
}

QFuture<QList<PostRecord>> UserStore::deletePosts(const QList<qint64> &ids)
{
    return unitOfWork(m_engine, [ids](orm::Session &s) {
        QList<PostRecord> deleted;
        for (const auto &post :
             s.execute(orm::select<Post>().where(Posts::id.in(ids)).orderBy(Posts::id.asc()))
                     .scalars()
                     .all()) {
            deleted.append(recordOf(*post));
            s.remove(post);
        }
        return deleted;
    });
}

QFuture<void> UserStore::restorePosts(const QList<PostRecord> &posts)
{
    return unitOfWork(m_engine, [posts](orm::Session &s) {
        for (const PostRecord &post : posts)
            s.add(Post {.id = post.id, .title = post.title, .userId = post.userId});
    });
}

} // namespace quarry
