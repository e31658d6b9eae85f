// Bulk UPDATE (SQLAlchemy's update(User).where(...).values(...)):
//     orm::update<User>().set(Users::age, 18).where(Users::age < 18)
//     orm::update<User>().values(Users::age = 18, Users::name = u"x"_s).where(...)
// Executing one that has neither where() nor unconditionally() does not compile, so an
// accidental "change every row" cannot slip through (sqlpp11's rule). The session expires the
// objects of the rows it changed (their keys come back through RETURNING).
#pragma once

#include "../engine/Error.h"
#include "../session/ModelInfo.h"

namespace orm {

template<Mapped T, bool Restricted = false> class Update
{
public:
    static constexpr bool restricted = Restricted;
    using Entity = T;

    // SET column = value; the value is checked against the column's type.
    template<auto Member, typename V> Update set(const Column<Member> &column, const V &value) const
    {
        static_assert(std::is_same_v<typename Column<Member>::Class, T>,
                      "orm: set() takes a column of the table being updated");
        Update copy = *this;
        copy.m_assignments.append({QString::fromUtf8(column.name), column.operand(value)});
        return copy;
    }
    // SET column = NULL.
    template<auto Member> Update setNull(const Column<Member> &column) const
    {
        static_assert(std::is_same_v<typename Column<Member>::Class, T>,
                      "orm: setNull() takes a column of the table being updated");
        static_assert(Column<Member>::Type::canBeNull, "orm: this column cannot hold NULL");
        Update copy = *this;
        copy.m_assignments.append({QString::fromUtf8(column.name), Column<Member>::Type::null()});
        return copy;
    }
    // SET column = value for each (SQLAlchemy's values(age=18, name="x")); the same as one set()
    // or setNull() per item: values(Users::age = 18, Users::name = std::nullopt).
    template<typename... C> Update values(const ColumnAssignment<C> &...assignments) const
    {
        static_assert((std::is_same_v<C, T> && ...),
                      "orm: values() takes columns of the table being updated");
        Update copy = *this;
        (copy.m_assignments.append({assignments.column, assignments.value}), ...);
        return copy;
    }
    Update<T, true> where(const Condition &condition) const
    {
        Update<T, true> copy = restrict();
        copy.m_where = m_where ? (*m_where && condition) : condition;
        return copy;
    }
    // Every row, on purpose.
    Update<T, true> unconditionally() const { return restrict(); }

    void write(SqlWriter &out) const
    {
        const ModelInfo &model = modelInfo<T>();
        if (m_assignments.isEmpty())
            throw ArgumentError(QStringLiteral("update<%1>() has nothing to set").arg(model.table));
        out << QStringLiteral("UPDATE ") << SqlWriter::quote(model.table)
            << QStringLiteral(" SET ");
        for (qsizetype i = 0; i < m_assignments.size(); ++i) {
            out << (i ? QStringLiteral(", ") : QString())
                << SqlWriter::quote(m_assignments.at(i).first) << QStringLiteral("=");
            out.bind(m_assignments.at(i).second);
        }
        if (m_where) {
            out << QStringLiteral(" WHERE ");
            m_where->write(out);
        }
        out << QStringLiteral(" RETURNING ");
        ColumnRef {model.table, model.primaryKeyColumn().name}.write(out);
    }
    // Column name → new value, for the session to bring its objects up to date.
    const QList<std::pair<QString, QVariant>> &assignments() const { return m_assignments; }

    CompiledSql compile(Dialect dialect) const
    {
        SqlWriter out(dialect);
        write(out);
        return out.finish();
    }

private:
    template<Mapped, bool> friend class Update;

    Update<T, true> restrict() const
    {
        Update<T, true> copy;
        copy.m_assignments = m_assignments;
        copy.m_where = m_where;
        return copy;
    }

    QList<std::pair<QString, QVariant>> m_assignments;
    std::optional<Condition> m_where;
};

template<Mapped T> Update<T> update()
{
    return {};
}

} // namespace orm
