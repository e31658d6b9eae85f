#include "SqlWriter.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace orm {

QString SqlWriter::quote(const QString &identifier)
{
    // Words reserved by SQLite or PostgreSQL that are plausible table or column names.
    static const QSet<QString> reserved
            = {u"all"_s,    u"and"_s,    u"as"_s,      u"asc"_s,   u"by"_s,       u"case"_s,
               u"check"_s,  u"column"_s, u"default"_s, u"desc"_s,  u"distinct"_s, u"end"_s,
               u"from"_s,   u"group"_s,  u"having"_s,  u"in"_s,    u"index"_s,    u"is"_s,
               u"join"_s,   u"key"_s,    u"like"_s,    u"limit"_s, u"not"_s,      u"null"_s,
               u"offset"_s, u"on"_s,     u"or"_s,      u"order"_s, u"primary"_s,  u"references"_s,
               u"select"_s, u"set"_s,    u"table"_s,   u"to"_s,    u"union"_s,    u"unique"_s,
               u"user"_s,   u"values"_s, u"when"_s,    u"where"_s};
    auto isPlain = [](const QString &word) {
        if (word.isEmpty()
            || !(word.front() == u'_' || (word.front() >= u'a' && word.front() <= u'z')))
            return false;
        return std::all_of(word.cbegin(), word.cend(), [](QChar c) {
            return c == u'_' || c == u'$' || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        });
    };
    if (isPlain(identifier) && !reserved.contains(identifier))
        return identifier;
    QString quoted = identifier;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

} // namespace orm
