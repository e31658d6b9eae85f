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

} // namespace quarry
