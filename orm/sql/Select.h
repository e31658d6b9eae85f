// Typed SELECT statements (SQLAlchemy's select()):
//     orm::select<User>().where(Users::name == u"Смитти"_s).orderBy(Users::id.asc()).limit(10)
//     orm::select(Users::name, Users::age)          // rows as std::tuple<QString,
//     std::optional<int>>
// Several where() calls combine with AND. Values are always bound parameters.
#pragma once

#include "../session/LoadOption.h"

#include <optional>

namespace orm {

namespace detail {

// The clauses every select shares: WHERE, ORDER BY, LIMIT, OFFSET.
struct SelectClauses
{
    std::optional<Condition> where;
    QList<Ordering> orderBy;
    std::optional<qint64> limit;
    std::optional<qint64> offset;
    bool distinct = false;

    void writeTail(SqlWriter &out) const;
};

// SELECT [DISTINCT] table.col, ... FROM table — every mapped column of a model.
void writeSelectEntity(SqlWriter &out, const ModelInfo &model, bool distinct = false);

} // namespace detail

template<typename Derived> class SelectBase
{
public:
    Derived where(const Condition &condition) const
    {
        Derived copy = self();
        copy.m_clauses.where = m_clauses.where ? (*m_clauses.where && condition) : condition;
        return copy;
    }
    // where(true), where(user.age > 18): a bool computed in C++, not SQL.
    template<typename B>
    requires std::is_same_v<B, bool> Derived where(B)
    const
    {
        static_assert(!std::is_same_v<B, bool>,
                      "orm: where() takes a condition built from columns (Users::age > 18), "
                      "not a plain bool");
        return self();
    }
    template<typename... O>
    requires(std::is_same_v<O, Ordering> &&...) Derived orderBy(const O &...ordering)
    const
    {
        Derived copy = self();
        (copy.m_clauses.orderBy.append(ordering), ...);
        return copy;
    }
    Derived limit(qint64 count) const
    {
        Derived copy = self();
        copy.m_clauses.limit = count;
        return copy;
    }
    Derived offset(qint64 count) const
    {
        Derived copy = self();
        copy.m_clauses.offset = count;
        return copy;
    }
    Derived distinct() const
    {
        Derived copy = self();
        copy.m_clauses.distinct = true;
        return copy;
    }

protected:
    const Derived &self() const { return static_cast<const Derived &>(*this); }
    detail::SelectClauses m_clauses;
};

// SELECT of whole entities: the session turns each row into (or finds) an object.
template<Mapped T> class Select : public SelectBase<Select<T>>
{
public:
    using Entity = T;

    // Relationships to load for the returned objects: options(selectinLoad(&User::posts)).
    template<typename... O>
    requires(std::is_same_v<O, LoadOption> &&...) Select options(const O &...option)
    const
    {
        Select copy = *this;
        (copy.m_loads.append(option), ...);
        return copy;
    }
    const QList<LoadOption> &loadOptions() const { return m_loads; }

    CompiledSql compile(Dialect dialect) const
    {
        SqlWriter out(dialect);
        detail::writeSelectEntity(out, modelInfo<T>(), this->m_clauses.distinct);
        this->m_clauses.writeTail(out);
        return out.finish();
    }

private:
    QList<LoadOption> m_loads;
};

// SELECT of chosen columns of one table: rows come back as typed tuples.
template<typename... Columns> class SelectColumns : public SelectBase<SelectColumns<Columns...>>
{
public:
    using Row = std::tuple<typename Columns::Value...>;
    using First = std::tuple_element_t<0, Row>;
    using Table = typename std::tuple_element_t<0, std::tuple<Columns...>>::Class;
    static_assert(
            (std::is_same_v<typename Columns::Class, Table> && ...),
            "orm: select(columns...) takes columns of one table; joins are not supported yet");

    explicit SelectColumns(Columns... columns) : m_columns(columns...) { }

    CompiledSql compile(Dialect dialect) const
    {
        SqlWriter out(dialect);
        out << (this->m_clauses.distinct ? QStringLiteral("SELECT DISTINCT ")
                                         : QStringLiteral("SELECT "));
        bool first = true;
        std::apply(
                [&](const auto &...column) {
                    ((out << (std::exchange(first, false) ? QString() : QStringLiteral(", ")),
                      column.ref().write(out)),
                     ...);
                },
                m_columns);
        out << QStringLiteral(" \nFROM ")
            << SqlWriter::quote(QString::fromUtf8(Model<Table>::table));
        this->m_clauses.writeTail(out);
        return out.finish();
    }

    // Converts one row's values into the typed tuple.
    static Row convert(const QVariantList &values)
    {
        return [&]<std::size_t... I>(std::index_sequence<I...>)
        {
            return Row(ColumnType<typename Columns::Value>::fromVariant(values.at(I))...);
        }
        (std::index_sequence_for<Columns...>());
    }

private:
    std::tuple<Columns...> m_columns;
};

template<Mapped T> Select<T> select()
{
    return {};
}

template<auto... Members>
SelectColumns<Column<Members>...> select(const Column<Members> &...columns)
{
    return SelectColumns<Column<Members>...>(columns...);
}

} // namespace orm
