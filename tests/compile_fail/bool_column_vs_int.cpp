// Must not compile: a bool column compared with an integer.
// Expected: "orm: this value cannot be compared with this column"
#include "Flags.h"

using cfail::Flags;

int main()
{
    return cfail::run(orm::select<cfail::Flag>().where(Flags::active == 1));
}
