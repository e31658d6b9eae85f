#include "Select.h"

using namespace Qt::StringLiterals;

namespace orm::detail {

void SelectClauses::writeTail(SqlWriter &out) const
{
    if (where) {
        out << u" \nWHERE "_s;
        where->write(out);
    }
    for (qsizetype i = 0; i < orderBy.size(); ++i) {
        out << (i ? u", "_s : u" ORDER BY "_s);
        orderBy.at(i).column.write(out);
        if (orderBy.at(i).descending)
            out << u" DESC"_s;
    }
    if (limit || offset) {
        // SQLite needs a LIMIT before an OFFSET; -1 means no limit there. PostgreSQL takes ALL.
        out << u"\n LIMIT "_s;
        if (limit)
            out.bind(*limit);
        else
            out << (out.dialect() == Dialect::SQLite ? u"-1"_s : u"ALL"_s);
        if (offset) {
            out << u" OFFSET "_s;
            out.bind(*offset);
        }
    }
}

} // namespace orm::detail
