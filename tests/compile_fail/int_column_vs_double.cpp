// Must not compile: an integer column compared with a fraction, which would be cut off.
// Expected: "orm: this value cannot be compared with this column"
#include "Flags.h"

#include <ui/Models.h>

using namespace Qt::StringLiterals;
using quarry::Users;

int main()
{
    return cfail::run(orm::select<quarry::User>().where(Users::age < 65.5));
}
