// The typed face of expressions: anything with a C++ value type and an SQL expression —
// a column handle (Users::age), an aggregate (orm::count(), orm::sum(Users::age)), a scalar
// subquery — compares with values of its own kind and with other expressions:
//     Users::age >= 18        Posts::userId == Users::id        orm::count(Posts::id) > 1
// Comparing with a value of another kind does not compile; the message says why.
#pragma once

#include "Condition.h"

#include "../session/ColumnType.h"

#include <concepts>

namespace orm {

namespace detail {

template<typename T> struct Unwrapped
{
    using Type = T;
};
template<typename T> struct Unwrapped<std::optional<T>>
{
    using Type = T;
};

template<typename T> inline constexpr bool isText = std::is_same_v<T, QString>;

// Whether a value of type V may be compared with an expression holding C: the same type,
// numbers of the same kind (a fraction never meets an integer column, where it would be cut
// off), text with text, an enum with its own enum.
template<typename C, typename V, typename D = std::decay_t<V>>
inline constexpr bool comparable
        = std::is_same_v<
                  C,
                  D> || (std::is_arithmetic_v<C> && std::is_arithmetic_v<D> && std::is_same_v<C, bool> == std::is_same_v<D, bool> && (std::is_floating_point_v<C> || std::is_integral_v<D>))
        || (isText<C> && (std::is_same_v<D, QLatin1String> || std::is_convertible_v<V, QStringView>));

// A value as the bound parameter of a comparison with an expression holding Operand.
template<typename Operand, typename V> QVariant operandOf(const V &value)
{
    static_assert(comparable<Operand, V>,
                  "orm: this value cannot be compared with this column: the types differ "
                  "(an integer column takes numbers, a text column takes QString)");
    if constexpr (!comparable<Operand, V>)
        return {}; // the static_assert above is the one error reported
    else if constexpr (std::is_convertible_v<V, QStringView> && isText<Operand>)
        return QVariant(QStringView(value).toString());
    else
        return ColumnType<Operand>::toVariant(Operand(value));
}

} // namespace detail

// Satisfied by column handles, aggregates and scalar subqueries.
template<typename E>
concept ValueExpression = requires(const E &e)
{
    typename E::Value;
    typename E::Operand;
    {
        e.expression()
        } -> std::convertible_to<Expression>;
};

// An expression with a value type that is not a column: what aggregates and subqueries return.
template<typename V> struct TypedExpression
{
    using Value = V;
    using Operand = typename detail::Unwrapped<V>::Type;

    Expression sql;

    Expression expression() const { return sql; }
    Ordering asc() const { return {sql, false}; }
    Ordering desc() const { return {sql, true}; }
    Condition isNull() const { return Condition::isNull(sql, true); }
    Condition isNotNull() const { return Condition::isNull(sql, false); }
};

#define QUARRY_ORM_COMPARISON(op, sql)                                                                    \
    template<ValueExpression E, typename V>                                                               \
    requires(!ValueExpression<V>) Condition operator op(const E &e, const V &value)                       \
    {                                                                                                     \
        return Condition::compare(e.expression(), QStringLiteral(sql),                                    \
                                  detail::operandOf<typename E::Operand>(value));                         \
    }                                                                                                     \
    template<ValueExpression L, ValueExpression R>                                                        \
    Condition operator op(const L &left, const R &right)                                                  \
    {                                                                                                     \
        static_assert(                                                                                    \
                detail::comparable<                                                                       \
                        typename L::Operand,                                                              \
                        typename R::                                                                      \
                                Operand> || detail::comparable<typename R::Operand, typename L::Operand>, \
                "orm: these two columns hold different kinds of values and cannot be "                    \
                "compared");                                                                              \
        return Condition::compare(left.expression(), QStringLiteral(sql), right.expression());            \
    }

QUARRY_ORM_COMPARISON(==, "=")
QUARRY_ORM_COMPARISON(!=, "!=")
QUARRY_ORM_COMPARISON(<, "<")
QUARRY_ORM_COMPARISON(<=, "<=")
QUARRY_ORM_COMPARISON(>, ">")
QUARRY_ORM_COMPARISON(>=, ">=")

#undef QUARRY_ORM_COMPARISON

// Aggregates (SQLAlchemy's func.count() and friends), for select(), having() and orderBy().
// count(*): the number of rows.
inline TypedExpression<qint64> count()
{
    return {Expression::function(QStringLiteral("count"), std::nullopt)};
}
// The number of non-NULL values.
template<ValueExpression E> TypedExpression<qint64> count(const E &e)
{
    return {Expression::function(QStringLiteral("count"), e.expression())};
}
template<ValueExpression E> TypedExpression<qint64> countDistinct(const E &e)
{
    return {Expression::function(QStringLiteral("count"), e.expression(), true)};
}
// NULL (nullopt) over no rows, as in SQL.
template<ValueExpression E> TypedExpression<std::optional<typename E::Operand>> sum(const E &e)
{
    static_assert(std::is_arithmetic_v<typename E::Operand>, "orm: sum() needs a number column");
    return {Expression::function(QStringLiteral("sum"), e.expression())};
}
template<ValueExpression E> TypedExpression<std::optional<double>> avg(const E &e)
{
    static_assert(std::is_arithmetic_v<typename E::Operand>, "orm: avg() needs a number column");
    return {Expression::function(QStringLiteral("avg"), e.expression())};
}
template<ValueExpression E> TypedExpression<std::optional<typename E::Operand>> min(const E &e)
{
    return {Expression::function(QStringLiteral("min"), e.expression())};
}
template<ValueExpression E> TypedExpression<std::optional<typename E::Operand>> max(const E &e)
{
    return {Expression::function(QStringLiteral("max"), e.expression())};
}

} // namespace orm
