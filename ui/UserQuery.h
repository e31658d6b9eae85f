// What the users table shows: a filter and a sort order, both applied in SQL.
#pragma once

#include <QString>

#include <optional>

namespace quarry {

struct UserQuery
{
    enum class SortKey { Id, Name, Age };

    // Users whose name contains this text, case-insensitively; '%' and '_' match themselves.
    QString nameContains;
    std::optional<int> minimumAge;
    std::optional<int> maximumAge;
    SortKey sortKey = SortKey::Id;
    bool descending = false;

    friend bool operator==(const UserQuery &, const UserQuery &) = default;
};

} // namespace quarry
