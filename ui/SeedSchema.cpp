#include "SeedSchema.h"

#include <orm/engine/Connection.h>

using namespace Qt::StringLiterals;

namespace quarry {

void createSeedSchema(orm::Connection &connection)
{
    // SQLAlchemy's Integer primary key: INTEGER (a rowid alias) on SQLite, SERIAL on PostgreSQL.
    const QString key = connection.dialect() == orm::Dialect::SQLite ? u"INTEGER"_s : u"SERIAL"_s;
    connection.execute(u"CREATE TABLE IF NOT EXISTS users (\n"
                       u"\tid %1 NOT NULL, \n"
                       u"\tname VARCHAR, \n"
                       u"\tage INTEGER, \n"
                       u"\tPRIMARY KEY (id)\n"
                       u")"_s.arg(key));
    connection.execute(u"CREATE TABLE IF NOT EXISTS posts (\n"
                       u"\tid %1 NOT NULL, \n"
                       u"\ttitle VARCHAR, \n"
                       u"\tuser_id INTEGER, \n"
                       u"\tPRIMARY KEY (id), \n"
                       u"\tFOREIGN KEY(user_id) REFERENCES users (id)\n"
                       u")"_s.arg(key));
}

} // namespace quarry
