// Must not compile: an integer column compared with text.
// Expected: "orm: this value cannot be compared with this column"
#include "Flags.h"

#include <ui/Models.h>

using namespace Qt::StringLiterals;
using quarry::Users;

int main()
{
    return cfail::run(orm::select<quarry::User>().where(Users::age == u"x"_s));
}
