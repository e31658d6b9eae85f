// One user as the window shows and edits it: the columns plus the number of posts. A plain
// value, so it can travel between the lanes and the GUI thread and live in undo commands.
#pragma once

#include <QString>

#include <optional>

namespace quarry {

struct UserRecord
{
    qint64 id = 0;
    QString name;
    std::optional<int> age;
    qint64 postCount = 0;

    friend bool operator==(const UserRecord &, const UserRecord &) = default;
};

} // namespace quarry
