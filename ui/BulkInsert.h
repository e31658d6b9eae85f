// Many users with their posts written by a session in as few round trips and as little
// bookkeeping as the unit of work allows. Internal to ui/: sample data and the CSV import.
#pragma once

#include "Models.h"

#include <orm/session/Session.h>

namespace quarry::detail {

// Adds the users, then for each the posts with titles[i] (a null title is NULL), flushing both;
// the objects written are expunged, so that the session holds nothing of them afterwards. Throws
// what the flush throws (the session's transaction is then rolled back).
void addUsersWithPosts(orm::Session &session, QList<User> users, const QList<QStringList> &titles);

} // namespace quarry::detail
