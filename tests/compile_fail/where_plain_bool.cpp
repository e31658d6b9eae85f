// Must not compile: where() given a plain bool instead of a condition built from columns.
// Expected: "orm: where() takes a condition built from columns"
#include "Flags.h"

#include <ui/Models.h>

int main()
{
    return cfail::run(orm::select<quarry::User>().where(true));
}
