// Bulk DELETE (SQLAlchemy's delete(User).where(...)):
//     orm::deleteFrom<User>().where(Users::age.isNull())
// `delete` is a C++ keyword. Executing one that has neither where() nor unconditionally() does
// not compile. The session forgets the objects of the deleted rows (their keys come back
// through RETURNING). Relationship cascades do not run: this is one statement, as in SQLAlchemy.
#pragma once

#include "../engine/Error.h"
#include "../session/ModelInfo.h"

namespace orm {

template<Mapped T, bool Restricted = false> class Delete
{
public:
    static constexpr bool restricted = Restricted;
    using Entity = T;

    Delete<T, true> where(const Condition &condition) const
    {
        Delete<T, true> copy;
        copy.m_where = m_where ? (*m_where && condition) : condition;
        return copy;
    }
    // Every row, on purpose.
    Delete<T, true> unconditionally() const
    {
        Delete<T, true> copy;
        copy.m_where = m_where;
        return copy;
    }

    void write(SqlWriter &out) const
    {
        const ModelInfo &model = modelInfo<T>();
        out << QStringLiteral("DELETE FROM ") << SqlWriter::quote(model.table);
        if (m_where) {
            out << QStringLiteral(" WHERE ");
            m_where->write(out);
        }
        out << QStringLiteral(" RETURNING ");
        ColumnRef {model.table, model.primaryKeyColumn().name}.write(out);
    }
    CompiledSql compile(Dialect dialect) const
    {
        SqlWriter out(dialect);
        write(out);
        return out.finish();
    }

private:
    template<Mapped, bool> friend class Delete;

    std::optional<Condition> m_where;
};

template<Mapped T> Delete<T> deleteFrom()
{
    return {};
}

} // namespace orm
