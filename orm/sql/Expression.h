// An SQL value expression: a column, a function over one (count(*), sum(users.age)), or a
// statement in parentheses (a scalar subquery, the list of IN). Kept as the way to write it,
// so conditions, orderings and selected columns all take any of them alike.
#pragma once

#include "SqlWriter.h"

#include <functional>
#include <memory>
#include <optional>

namespace orm {

// A column as it appears in SQL: table.column.
struct ColumnRef
{
    QString table;
    QString column;
    void write(SqlWriter &out) const
    {
        out << SqlWriter::quote(table) << QStringLiteral(".") << SqlWriter::quote(column);
    }
};

class Expression
{
public:
    Expression(ColumnRef column);
    // name(argument), or name(*) without one; DISTINCT inside the parentheses when asked.
    static Expression function(const QString &name, std::optional<Expression> argument,
                               bool distinct = false);
    // A statement written in parentheses where a value goes.
    static Expression subquery(std::function<void(SqlWriter &)> write);

    void write(SqlWriter &out) const { (*m_write)(out); }
    // The table of a plain column (or of a function's column argument), or empty.
    const QString &table() const { return m_table; }

private:
    Expression(std::function<void(SqlWriter &)> write, QString table);

    std::shared_ptr<const std::function<void(SqlWriter &)>> m_write;
    QString m_table;
};

// One ORDER BY term: Users::name.asc(), Users::age.desc().nullsLast().
struct Ordering
{
    enum class Nulls { Default, First, Last };
    Expression expression;
    bool descending = false;
    Nulls nulls = Nulls::Default;

    Ordering nullsFirst() const { return {expression, descending, Nulls::First}; }
    Ordering nullsLast() const { return {expression, descending, Nulls::Last}; }
    void write(SqlWriter &out) const;
};

} // namespace orm
