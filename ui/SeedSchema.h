// The tables of the seed's models (users, posts) exactly as SQLAlchemy's create_all writes them,
// so Quarry and the seed's Python program open each other's databases. The declarative models
// of the ORM (issue 3) will generate this; until then the DDL is spelled out here.
#pragma once

namespace orm {
class Connection;
}

namespace quarry {

// Creates the users and posts tables when they do not exist yet.
void createSeedSchema(orm::Connection &connection);

} // namespace quarry
