// Must not compile: a bulk DELETE with neither where() nor unconditionally() would touch every
// row, so executing it is refused at compile time.
// Expected: "orm: this DELETE has no where()"
#include <ui/Models.h>

#include <orm/session/Session.h>

using quarry::Users;

int main()
{
    auto wipe = [](orm::Session &session) {
        return session.execute(orm::deleteFrom<quarry::User>());
    };
    return sizeof(wipe) > 0 ? 0 : 1;
}
