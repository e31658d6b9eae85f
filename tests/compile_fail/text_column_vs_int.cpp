// Must not compile: a text column compared with a number.
// Expected: "orm: this value cannot be compared with this column"
#include "Flags.h"

#include <ui/Models.h>

using quarry::Users;

int main()
{
    return cfail::run(orm::select<quarry::User>().where(Users::name == 5));
}
