// One post as the window shows and edits it; a plain value, like UserRecord.
#pragma once

#include <QString>

#include <optional>

namespace quarry {

struct PostRecord
{
    qint64 id = 0;
    QString title;
    std::optional<qint64> userId; // none: the post belongs to no one

    friend bool operator==(const PostRecord &, const PostRecord &) = default;
};

} // namespace quarry
