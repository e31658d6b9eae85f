// The schema Quarry works on: the seed's tables, exactly as SQLAlchemy's create_all makes them
// (so the seed's Python program and Quarry share databases), plus the indexes the browser's
// queries need on a million rows. The indexes are extra, never required: a database made by the
// seed's program opens as it is, and gains them the first time Quarry opens it writable.
#pragma once

namespace orm {
class Connection;
}

namespace quarry {

// Creates what is missing; changes nothing that is there. Runs inside the caller's transaction.
void prepareSchema(orm::Connection &connection);

} // namespace quarry
