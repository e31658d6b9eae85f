#include "SqlWriter.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace orm {

QString SqlWriter::quote(const QString &identifier)
{
    // SQLAlchemy's rule (IdentifierPreparer._requires_quotes): quoted when the word is reserved,
    // when it has a character other than a-z, 0-9, '_' and '$' (upper case included: quoting
    // keeps its case), or when it starts with a digit or '$'. The words are the union of
    // SQLAlchemy 1.4's reserved words for SQLite and for PostgreSQL, so a name is written the
    // same way on both (SQLAlchemy would leave one reserved on the other dialect only bare).
    // clang-format off
    static const QSet<QString> reserved = {
        u"add"_s, u"after"_s, u"all"_s, u"alter"_s, u"analyse"_s, u"analyze"_s, u"and"_s, u"any"_s,
        u"array"_s, u"as"_s, u"asc"_s, u"asymmetric"_s, u"attach"_s, u"authorization"_s,
        u"autoincrement"_s, u"before"_s, u"begin"_s, u"between"_s, u"binary"_s, u"both"_s, u"by"_s,
        u"cascade"_s, u"case"_s, u"cast"_s, u"check"_s, u"collate"_s, u"column"_s, u"commit"_s,
        u"conflict"_s, u"constraint"_s, u"create"_s, u"cross"_s, u"current_catalog"_s,
        u"current_date"_s, u"current_role"_s, u"current_schema"_s, u"current_time"_s,
        u"current_timestamp"_s, u"current_user"_s, u"database"_s, u"default"_s, u"deferrable"_s,
        u"deferred"_s, u"delete"_s, u"desc"_s, u"detach"_s, u"distinct"_s, u"do"_s, u"drop"_s,
        u"each"_s, u"else"_s, u"end"_s, u"escape"_s, u"except"_s, u"exclusive"_s, u"exists"_s,
        u"explain"_s, u"fail"_s, u"false"_s, u"fetch"_s, u"for"_s, u"foreign"_s, u"freeze"_s,
        u"from"_s, u"full"_s, u"glob"_s, u"grant"_s, u"group"_s, u"having"_s, u"if"_s, u"ignore"_s,
        u"ilike"_s, u"immediate"_s, u"in"_s, u"index"_s, u"indexed"_s, u"initially"_s, u"inner"_s,
        u"insert"_s, u"instead"_s, u"intersect"_s, u"into"_s, u"is"_s, u"isnull"_s, u"join"_s,
        u"key"_s, u"leading"_s, u"left"_s, u"like"_s, u"limit"_s, u"localtime"_s,
        u"localtimestamp"_s, u"match"_s, u"natural"_s, u"new"_s, u"not"_s, u"notnull"_s, u"null"_s,
        u"of"_s, u"off"_s, u"offset"_s, u"old"_s, u"on"_s, u"only"_s, u"or"_s, u"order"_s,
        u"outer"_s, u"over"_s, u"overlaps"_s, u"placing"_s, u"plan"_s, u"pragma"_s, u"primary"_s,
        u"query"_s, u"raise"_s, u"references"_s, u"reindex"_s, u"rename"_s, u"replace"_s,
        u"restrict"_s, u"returning"_s, u"right"_s, u"rollback"_s, u"row"_s, u"select"_s,
        u"session_user"_s, u"set"_s, u"similar"_s, u"some"_s, u"symmetric"_s, u"table"_s, u"temp"_s,
        u"temporary"_s, u"then"_s, u"to"_s, u"trailing"_s, u"transaction"_s, u"trigger"_s,
        u"true"_s, u"union"_s, u"unique"_s, u"update"_s, u"user"_s, u"using"_s, u"vacuum"_s,
        u"values"_s, u"variadic"_s, u"verbose"_s, u"view"_s, u"virtual"_s, u"when"_s, u"where"_s,
        u"window"_s, u"with"_s};
    // clang-format on
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
