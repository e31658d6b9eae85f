// Must not compile: like() on an integer column.
// Expected: "orm: LIKE needs a text column"
#include "Flags.h"

#include <ui/Models.h>

using namespace Qt::StringLiterals;
using quarry::Users;

int main()
{
    return cfail::run(orm::select<quarry::User>().where(Users::age.like(u"1%"_s)));
}
