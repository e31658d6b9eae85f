#include "Select.h"

using namespace Qt::StringLiterals;

namespace orm::detail {

void writeSelectEntity(SqlWriter &out, const ModelInfo &model, bool distinct)
{
    out << (distinct ? u"SELECT DISTINCT "_s : u"SELECT "_s);
    for (qsizetype i = 0; i < model.columns.size(); ++i) {
        if (i)
            out << u", "_s;
        ColumnRef {model.table, model.columns.at(i).name}.write(out);
    }
    out << u" \nFROM "_s << SqlWriter::quote(model.table);
}

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
