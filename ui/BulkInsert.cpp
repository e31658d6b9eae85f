#include "BulkInsert.h"

namespace quarry::detail {

void addUsersWithPosts(orm::Session &session, QList<User> users, const QList<QStringList> &titles)
{
    // The posts' keys are set here from the keys the users were given, rather than by the
    // relationship's cascade at flush: the same SQL for much less work per object. Expunging
    // what was written keeps the session's bookkeeping at one chunk however many there are
    // (its flush looks at every object it holds).
    const QList<std::shared_ptr<User>> added = session.addAll(std::move(users));
    session.flush();
    QList<Post> posts;
    for (qsizetype i = 0; i < added.size(); ++i)
        for (const QString &title : titles.at(i))
            posts.append(Post {.title = title, .userId = added.at(i)->id});
    const QList<std::shared_ptr<Post>> addedPosts = session.addAll(std::move(posts));
    session.flush();
    for (const std::shared_ptr<User> &user : added)
        session.expunge(user);
    for (const std::shared_ptr<Post> &post : addedPosts)
        session.expunge(post);
}

} // namespace quarry::detail
