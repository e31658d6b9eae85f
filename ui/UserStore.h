// Every change the window makes, as one ORM unit of work each: an AsyncSession whose runSync()
// does the reads and writes on a lane and commits, so a change is either wholly written or not
// at all. The values that come back are what undo needs to put things back as they were.
#pragma once

#include "PostRecord.h"
#include "UserRecord.h"

#include <QFuture>
#include <QList>

#include <memory>

namespace orm {
class AsyncEngine;
}

namespace quarry {

// What deleting users took away, so that undo can put it back.
struct DeletedUsers
{
    QList<UserRecord> users;
    QList<PostRecord> posts; // as they were before the delete, owners included
    bool postsDeleted = false; // otherwise the posts were kept, unassigned
};

class UserStore
{
public:
    explicit UserStore(std::shared_ptr<orm::AsyncEngine> engine);

    // The new user, with the id the database gave it.
    QFuture<UserRecord> createUser(const QString &name, std::optional<int> age);
    // Writes name and age; fails with InvalidRequestError when the user is gone.
    QFuture<void> updateUser(const UserRecord &user);
    // Deletes the users, and their posts with them or not (then they stay, unassigned: the
    // ORM sets their user_id to NULL). Users already gone are skipped.
    QFuture<DeletedUsers> deleteUsers(const QList<qint64> &ids, bool deletePosts);
    // Puts deleted users back with their ids, and their posts with them.
    QFuture<void> restoreUsers(const DeletedUsers &deleted);

    // The posts of a user, or the unassigned ones, by id.
    QFuture<QList<PostRecord>> postsOf(std::optional<qint64> userId);
    QFuture<PostRecord> addPost(std::optional<qint64> userId, const QString &title);
    // Writes title and owner.
    QFuture<void> updatePost(const PostRecord &post);
    QFuture<QList<PostRecord>> deletePosts(const QList<qint64> &ids);
    QFuture<void> restorePosts(const QList<PostRecord> &posts);

    std::shared_ptr<orm::AsyncEngine> engine() const { return m_engine; }

private:
    std::shared_ptr<orm::AsyncEngine> m_engine;
};

} // namespace quarry
