// Must not compile: where() given a comparison of plain C++ values (a bool computed now), not of
// the column (Users::name == name).
// Expected: "orm: where() takes a condition built from columns"
#include "Flags.h"

#include <ui/Models.h>

using namespace Qt::StringLiterals;

int main()
{
    const quarry::User user {.name = u"Смитти"_s};
    return cfail::run(orm::select<quarry::User>().where(user.name == u"Смитти"_s));
}
