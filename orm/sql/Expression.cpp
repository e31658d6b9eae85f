#include "Expression.h"

using namespace Qt::StringLiterals;

namespace orm {

Expression::Expression(std::function<void(SqlWriter &)> write, QString table)
    : m_write(std::make_shared<const std::function<void(SqlWriter &)>>(std::move(write))),
      m_table(std::move(table))
{ }

Expression::Expression(ColumnRef column)
    : Expression([column](SqlWriter &out) { column.write(out); }, column.table)
{ }

Expression Expression::function(const QString &name, std::optional<Expression> argument,
                                bool distinct)
{
    // sum(users.age) reads users: the select's FROM needs it as much as for the column.
    const QString table = argument ? argument->table() : QString();
    return Expression(
            [name, argument = std::move(argument), distinct](SqlWriter &out) {
                out << name << u"("_s << (distinct ? u"DISTINCT "_s : QString());
                if (argument)
                    argument->write(out);
                else
                    out << u"*"_s;
                out << u")"_s;
            },
            table);
}

Expression Expression::subquery(std::function<void(SqlWriter &)> write)
{
    return Expression(
            [write = std::move(write)](SqlWriter &out) {
                out << u"("_s;
                write(out);
                out << u")"_s;
            },
            QString());
}

void Ordering::write(SqlWriter &out) const
{
    expression.write(out);
    if (descending)
        out << u" DESC"_s;
    if (nulls != Nulls::Default)
        out << (nulls == Nulls::First ? u" NULLS FIRST"_s : u" NULLS LAST"_s);
}

} // namespace orm
