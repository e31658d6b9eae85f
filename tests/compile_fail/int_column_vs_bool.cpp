// Must not compile: an integer column compared with a bool.
// Expected: "orm: this value cannot be compared with this column"
#include "Flags.h"

using cfail::Flags;

int main()
{
    return cfail::run(orm::select<cfail::Flag>().where(Flags::count == true));
}
