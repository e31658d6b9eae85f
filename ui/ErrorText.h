// The one place where the ORM's errors (English, for developers) become one sentence for the
// person using Quarry, in their language. The ORM's own text goes along as the details.
#pragma once

#include <QString>

namespace orm {
class Error;
}

namespace quarry {

// "The database is busy: another program is writing to it. Try again in a moment."
QString describeError(const orm::Error &error);
// Whether the same change may well succeed when tried again unchanged: the database was busy,
// the server was away, or it asked for the transaction to be run again.
bool isWorthRetrying(const orm::Error &error);

} // namespace quarry
