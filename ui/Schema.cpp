#include "Schema.h"

#include "Models.h"

#include <orm/engine/Connection.h>

using namespace Qt::StringLiterals;

namespace quarry {

void prepareSchema(orm::Connection &connection)
{
    Base.createAll(connection);
    // The number of posts per user, the name and age sorts and the keyset seeks of the users
    // table. Named as SQLAlchemy names index=True columns.
    connection.execute(u"CREATE INDEX IF NOT EXISTS ix_posts_user_id ON posts (user_id)"_s);
    connection.execute(u"CREATE INDEX IF NOT EXISTS ix_users_name ON users (name)"_s);
    connection.execute(u"CREATE INDEX IF NOT EXISTS ix_users_age ON users (age)"_s);
}

} // namespace quarry
