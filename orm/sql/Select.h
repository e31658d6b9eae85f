// Typed SELECT statements (SQLAlchemy's select()):
//     orm::select<User>().where(Users::name == u"Смитти"_s).orderBy(Users::id.asc()).limit(10)
//     orm::select(Users::name, Users::age)              // rows: std::tuple<QString, optional<int>>
//     orm::select<User, Post>().join<Post>()            // rows: tuple<shared_ptr<User>, ...<Post>>
//     orm::select(Users::name, orm::count(Posts::id)).outerJoin(&User::posts).groupBy(Users::id)
// Several where() calls combine with AND. Values are always bound parameters. A join without a
// condition follows the one foreign key between the new table and the ones already there.
#pragma once

#include "../session/LoadOption.h"

#include <optional>

namespace orm {

namespace detail {

struct Join
{
    const ModelInfo *model;
    std::optional<Condition> on; // inferred from the foreign keys when empty
    bool outer = false;
};

// The clauses every select shares.
struct SelectClauses
{
    QList<const ModelInfo *> from; // the models the select reads, in order
    QStringList fromTables; // tables of selected expressions that are not models' own
    QList<Join> joins;
    std::optional<Condition> where;
    QList<Expression> groupBy;
    std::optional<Condition> having;
    QList<Ordering> orderBy;
    std::optional<qint64> limit;
    std::optional<qint64> offset;
    bool distinct = false;
    bool forUpdate = false;

    void addFrom(const ModelInfo &model);
    // " \nFROM a JOIN b ON ..." (FROM lists what is not joined).
    void writeFrom(SqlWriter &out) const;
    // WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET, FOR UPDATE.
    void writeTail(SqlWriter &out) const;
};

// table.col, ... — every mapped column of a model.
void writeEntityColumns(SqlWriter &out, const ModelInfo &model);
// SELECT [DISTINCT] table.col, ... FROM table — every mapped column of a model.
void writeSelectEntity(SqlWriter &out, const ModelInfo &model, bool distinct = false);
// The ON condition of joining model to the ones before it, from their foreign keys.
Condition inferredJoin(const QList<const ModelInfo *> &before, const ModelInfo &joined);
// The ON condition of a relationship.
Condition relationshipJoin(const RelationshipInfo &relationship);

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
    // JOIN model ON condition; without a condition, along the foreign key to the tables so far.
    template<Mapped M> Derived join() const { return joined(modelInfo<M>(), std::nullopt, false); }
    template<Mapped M> Derived join(const Condition &on) const
    {
        return joined(modelInfo<M>(), on, false);
    }
    template<Mapped M> Derived outerJoin() const
    {
        return joined(modelInfo<M>(), std::nullopt, true);
    }
    template<Mapped M> Derived outerJoin(const Condition &on) const
    {
        return joined(modelInfo<M>(), on, true);
    }
    // Along a relationship: select<User>().join(&User::posts).
    template<typename C, typename R> Derived join(R C::*relationship) const
    {
        const RelationshipInfo &info = relationshipOf(relationship);
        return joined(info.target(), detail::relationshipJoin(info), false);
    }
    template<typename C, typename R> Derived outerJoin(R C::*relationship) const
    {
        const RelationshipInfo &info = relationshipOf(relationship);
        return joined(info.target(), detail::relationshipJoin(info), true);
    }
    // FROM model, for selects whose columns name no table (select(orm::count())).
    template<Mapped M> Derived selectFrom() const
    {
        Derived copy = self();
        copy.m_clauses.addFrom(modelInfo<M>());
        return copy;
    }
    template<ValueExpression... E> Derived groupBy(const E &...expression) const
    {
        Derived copy = self();
        (copy.m_clauses.groupBy.append(expression.expression()), ...);
        return copy;
    }
    Derived having(const Condition &condition) const
    {
        Derived copy = self();
        copy.m_clauses.having = m_clauses.having ? (*m_clauses.having && condition) : condition;
        return copy;
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
    // SQLAlchemy's with_for_update(): the rows read are locked until the transaction ends, so
    // a read-modify-write through the unit of work loses no concurrent update. PostgreSQL gets
    // FOR UPDATE; SQLite, which locks the whole database instead, takes its write lock (BEGIN
    // IMMEDIATE) before this read rather than before the first write.
    Derived withForUpdate() const
    {
        Derived copy = self();
        copy.m_clauses.forUpdate = true;
        return copy;
    }

    CompiledSql compile(Dialect dialect) const
    {
        SqlWriter out(dialect);
        self().write(out);
        return out.finish();
    }

protected:
    const Derived &self() const { return static_cast<const Derived &>(*this); }
    Derived joined(const ModelInfo &model, std::optional<Condition> on, bool outer) const
    {
        Derived copy = self();
        if (!on) {
            QList<const ModelInfo *> before = m_clauses.from;
            for (const detail::Join &join : m_clauses.joins)
                before.append(join.model);
            on = detail::inferredJoin(before, model);
        }
        copy.m_clauses.joins.append({&model, std::move(on), outer});
        return copy;
    }
    void writeSelect(SqlWriter &out) const
    {
        out << (m_clauses.distinct ? QStringLiteral("SELECT DISTINCT ")
                                   : QStringLiteral("SELECT "));
    }

    detail::SelectClauses m_clauses;
};

// SELECT of whole entities: the session turns each row into (or finds) an object.
template<Mapped T> class Select : public SelectBase<Select<T>>
{
public:
    using Entity = T;

    Select() { this->m_clauses.addFrom(modelInfo<T>()); }

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

    void write(SqlWriter &out) const
    {
        this->writeSelect(out);
        detail::writeEntityColumns(out, modelInfo<T>());
        this->m_clauses.writeFrom(out);
        this->m_clauses.writeTail(out);
    }

private:
    QList<LoadOption> m_loads;
};

// SELECT of several entities side by side (over a join): rows of shared_ptrs, null where an
// outer join found nothing.
template<Mapped... T> class SelectEntities : public SelectBase<SelectEntities<T...>>
{
public:
    using Row = std::tuple<std::shared_ptr<T>...>;

    SelectEntities() { (this->m_clauses.addFrom(modelInfo<T>()), ...); }

    void write(SqlWriter &out) const
    {
        this->writeSelect(out);
        bool first = true;
        ((out << (std::exchange(first, false) ? QString() : QStringLiteral(", ")),
          detail::writeEntityColumns(out, modelInfo<T>())),
         ...);
        this->m_clauses.writeFrom(out);
        this->m_clauses.writeTail(out);
    }
};

// SELECT of chosen columns and aggregates: rows come back as typed tuples.
template<ValueExpression... Columns>
class SelectColumns : public SelectBase<SelectColumns<Columns...>>
{
public:
    using Row = std::tuple<typename Columns::Value...>;
    using First = std::tuple_element_t<0, Row>;

    explicit SelectColumns(Columns... columns) : m_columns(columns...)
    {
        (addFromOf(columns), ...);
    }

    void write(SqlWriter &out) const
    {
        this->writeSelect(out);
        bool first = true;
        std::apply(
                [&](const auto &...column) {
                    ((out << (std::exchange(first, false) ? QString() : QStringLiteral(", ")),
                      column.expression().write(out)),
                     ...);
                },
                m_columns);
        this->m_clauses.writeFrom(out);
        this->m_clauses.writeTail(out);
    }

    // As a value inside another statement: Users::age > select(orm::avg(Users::age))
    // .scalarSubquery(), or Users::id.in(select(Posts::userId)).
    TypedExpression<First> scalarSubquery() const { return {asSubquery()}; }
    Expression asSubquery() const
    {
        const SelectColumns copy = *this;
        return Expression::subquery([copy](SqlWriter &out) { copy.write(out); });
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
    template<typename E> void addFromOf(const E &column)
    {
        if constexpr (requires { typename E::Class; })
            this->m_clauses.addFrom(modelInfo<typename E::Class>());
        else if (!column.expression().table().isEmpty()
                 && !this->m_clauses.fromTables.contains(column.expression().table()))
            this->m_clauses.fromTables.append(column.expression().table());
    }

    std::tuple<Columns...> m_columns;
};

template<Mapped T> Select<T> select()
{
    return {};
}

template<Mapped T, Mapped U, Mapped... More> SelectEntities<T, U, More...> select()
{
    return {};
}

template<ValueExpression... Columns>
requires(sizeof...(Columns) > 0) SelectColumns<Columns...> select(const Columns &...columns)
{
    return SelectColumns<Columns...>(columns...);
}

// EXISTS (subquery), for where().
template<typename S>
requires requires(const S &s)
{
    s.asSubquery();
}
Condition exists(const S &subquery)
{
    const Expression sql = subquery.asSubquery();
    return Condition::custom([sql](SqlWriter &out) {
        out << QStringLiteral("EXISTS ");
        sql.write(out);
    });
}

} // namespace orm
