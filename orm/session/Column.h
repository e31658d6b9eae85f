// The typed column handle of a mapped member (the seed's `User.name`): declared once in a
// model's mapping, it drives DDL, loading and dirty tracking, and builds type-checked conditions:
//     Users::name == u"Смитти"_s      Users::age >= 18      Users::name.contains(text)
// Comparing a column with a value of another kind does not compile.
#pragma once

#include "ColumnType.h"

#include "../sql/TypedExpression.h"

#include <QList>

#include <concepts>

namespace orm {

// Specialised by the user for each model: the table name and the mapped columns. See ModelInfo.h.
template<typename T> struct Model;

// SQLAlchemy's Column(...) keyword arguments. There is no client-side `default`: a member's
// initialiser (`int priority = 10;`) is the value a new object starts with, so it is what the
// INSERT writes unless the program changed it (SQLAlchemy's default= applies when the attribute
// was never set, which a C++ member cannot tell apart). serverDefault is the DDL's DEFAULT.
struct ColumnOptions
{
    bool primaryKey = false;
    // "table.column" of the referenced key, as SQLAlchemy's ForeignKey("users.id").
    const char *foreignKey = nullptr;
    bool unique = false;
    bool index = false;
    // Force NOT NULL on a type that could hold NULL (a QString that must be present).
    bool notNull = false;
    // VARCHAR(length) when set.
    int length = 0;
    // A server-side DEFAULT, as SQL text ("0", "CURRENT_TIMESTAMP"). A NULL value is left out
    // of the INSERT so the default applies, and the stored value is read back.
    const char *serverDefault = nullptr;
    // The column's SQL type when it differs from the C++ type's: "INTEGER" for a qint64 member
    // of a table that SQLAlchemy declares with Integer (an integer key then becomes SERIAL, not
    // BIGSERIAL, on PostgreSQL).
    const char *sqlType = nullptr;
};

// One SET item of a bulk update: what `Users::age = 18` makes (see Column::operator=).
template<typename Class> struct ColumnAssignment
{
    QString column;
    QVariant value;
};

namespace detail {

template<typename M> struct MemberPointer;
template<typename C, typename T> struct MemberPointer<T C::*>
{
    using Class = C;
    using Value = T;
};

} // namespace detail

template<auto Member> struct Column
{
    using Class = typename detail::MemberPointer<decltype(Member)>::Class;
    using Value = typename detail::MemberPointer<decltype(Member)>::Value;
    using Type = ColumnType<Value>;
    // The type a condition compares with: the value inside an optional.
    using Operand = typename detail::Unwrapped<Value>::Type;

    const char *name;
    ColumnOptions options {};

    static constexpr auto member = Member;

    ColumnRef ref() const
    {
        return {QString::fromUtf8(Model<Class>::table), QString::fromUtf8(name)};
    }
    bool nullable() const { return Type::canBeNull && !options.primaryKey && !options.notNull; }

    static QVariant read(const Class &object) { return Type::toVariant(object.*Member); }
    static void write(Class &object, const QVariant &value)
    {
        object.*Member = Type::fromVariant(value);
    }

    Expression expression() const { return ref(); }

    template<typename V> static QVariant operand(const V &value)
    {
        return detail::operandOf<Operand>(value);
    }

    // Not an assignment to the handle: the SET item of a bulk update, spelled as sqlpp11 spells
    // it, for SQLAlchemy's values(age=18):
    //     orm::update<User>().values(Users::age = 18, Users::name = u"x"_s).where(...)
    // The value is type-checked like a comparison's; std::nullopt is NULL.
    template<typename V> ColumnAssignment<Class> operator=(const V &value) const
    {
        if constexpr (std::is_same_v<V, std::nullopt_t>) {
            static_assert(Type::canBeNull, "orm: this column cannot hold NULL");
            return {QString::fromUtf8(name), Type::null()};
        } else {
            return {QString::fromUtf8(name), operand(value)};
        }
    }

    Ordering asc() const { return {ref(), false}; }
    Ordering desc() const { return {ref(), true}; }

    // IN (SELECT ...): select(Posts::userId).where(...) as the list.
    template<typename S>
    requires requires(const S &s) { s.asSubquery(); }
    Condition in(const S &subquery) const { return inSubquery(subquery, false); }
    template<typename S>
    requires requires(const S &s) { s.asSubquery(); }
    Condition notIn(const S &subquery) const { return inSubquery(subquery, true); }

    Condition isNull() const { return Condition::isNull(ref(), true); }
    Condition isNotNull() const { return Condition::isNull(ref(), false); }

    template<typename V> Condition between(const V &low, const V &high) const
    {
        return Condition::between(ref(), operand(low), operand(high));
    }
    template<typename V> Condition in(const QList<V> &values) const
    {
        return Condition::in(ref(), operands(values), false);
    }
    template<typename V> Condition notIn(const QList<V> &values) const
    {
        return Condition::in(ref(), operands(values), true);
    }

    // LIKE with a pattern the caller wrote ('%' and '_' are wildcards).
    Condition like(const QString &pattern) const
    {
        requireText();
        return Condition::like(ref(), pattern, false, false);
    }
    Condition ilike(const QString &pattern) const
    {
        requireText();
        return Condition::like(ref(), pattern, true, false);
    }
    // Text as typed by a person: '%' and '_' in it match themselves.
    Condition contains(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        requireText();
        return Condition::like(ref(), u'%' + escapeLike(text) + u'%', cs == Qt::CaseInsensitive,
                               true);
    }
    Condition startsWith(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        requireText();
        return Condition::like(ref(), escapeLike(text) + u'%', cs == Qt::CaseInsensitive, true);
    }
    Condition endsWith(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        requireText();
        return Condition::like(ref(), u'%' + escapeLike(text), cs == Qt::CaseInsensitive, true);
    }

private:
    template<typename S> Condition inSubquery(const S &subquery, bool negated) const
    {
        static_assert(
                detail::comparable<Operand, typename detail::Unwrapped<typename S::First>::Type>,
                "orm: the subquery's column cannot be compared with this column");
        return Condition::in(ref(), subquery.asSubquery(), negated);
    }
    static constexpr void requireText()
    {
        static_assert(detail::isText<Operand>, "orm: LIKE needs a text column");
    }
    template<typename V> static QVariantList operands(const QList<V> &values)
    {
        QVariantList list;
        list.reserve(values.size());
        for (const V &value : values)
            list.append(operand(value));
        return list;
    }
};

} // namespace orm
