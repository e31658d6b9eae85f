// A tiny mapped model with a bool and an enum column (ui/Models.h has neither), following
// ui/Models.h's pattern, for the compile-failure cases and their valid.cpp control.
#pragma once

#include <orm/sql/Select.h>

namespace cfail {

enum class Colour { Red, Green };

struct Flag
{
    qint64 id = 0;
    bool active = false;
    int count = 0;
    Colour colour = Colour::Red;
};

} // namespace cfail

template<> struct orm::Model<cfail::Flag>
{
    static constexpr const char *table = "flags";
    static constexpr orm::Column<&cfail::Flag::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&cfail::Flag::active> active {"active"};
    static constexpr orm::Column<&cfail::Flag::count> count {"count"};
    static constexpr orm::Column<&cfail::Flag::colour> colour {"colour"};
    static constexpr auto columns = std::tuple(id, active, count, colour);
};

namespace cfail {

using Flags = orm::Model<Flag>;

// Compiles a query so that every condition in it is instantiated in full.
template<typename Query> int run(const Query &query)
{
    return query.compile(orm::Dialect::SQLite).sql.isEmpty() ? 1 : 0;
}

} // namespace cfail
