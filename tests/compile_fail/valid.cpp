// The control case: correct uses of everything the other cases misuse. It must compile (and
// link), so a broken harness that fails every build cannot pass the failing cases silently.
#include "Flags.h"

#include <ui/Models.h>

using namespace Qt::StringLiterals;
using cfail::Colour;
using cfail::Flags;
using quarry::Posts;
using quarry::Users;

int main()
{
    const QString name = u"Смитти"_s;
    const qint64 userId = 1;
    const auto users
            = orm::select<quarry::User>()
                      .where(Users::age == 18 && Users::age >= qint64(18) && Users::age != short(3))
                      .where(Users::name == name && Users::name != u"x"_s
                             && Users::name == QStringView(name)
                             && Users::name == QLatin1String("ascii"))
                      .where(Users::name.like(u"Sm%"_s) || Users::name.ilike(u"sm%"_s))
                      .where(Users::name.contains(u"itt"_s, Qt::CaseInsensitive)
                             && Users::name.startsWith(u"Sm"_s) && Users::name.endsWith(u"ти"_s))
                      .where(Users::age.between(18, 65) && Users::age.in(QList {1, 2})
                             && !Users::age.isNull())
                      .orderBy(Users::name.asc(), Users::age.desc())
                      .limit(10);
    const auto posts = orm::select(Posts::id, Posts::title).where(Posts::userId == userId);
    const auto flags = orm::select<cfail::Flag>()
                               .where(Flags::active == true && Flags::active != false)
                               .where(Flags::count == 1 && Flags::count > 0)
                               .where(Flags::colour == Colour::Green
                                      || Flags::colour.in(QList {Colour::Red}));
    return cfail::run(users) + cfail::run(posts) + cfail::run(flags);
}
