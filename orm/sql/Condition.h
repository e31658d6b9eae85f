// A boolean SQL expression for where(): built from typed column handles (Users::name == x),
// combined with &&, || and !. Only the column handles make one, so a plain bool cannot be
// passed to where(). Values are kept as bound parameters.
#pragma once

#include "Expression.h"

#include <QList>

#include <memory>

namespace orm {

class Condition
{
public:
    enum class Kind { Compare, IsNull, IsNotNull, Like, In, NotIn, Between, And, Or, Not, Custom };

    static Condition compare(Expression left, QString op, QVariant value);
    // left op right, both expressions (Posts::userId == Users::id, Users::age > subquery).
    static Condition compare(Expression left, QString op, Expression right);
    static Condition isNull(Expression left, bool null);
    // pattern is a LIKE pattern; escaped patterns use '\' as the escape character.
    static Condition like(Expression left, QString pattern, bool caseInsensitive, bool escaped);
    static Condition in(Expression left, QVariantList values, bool negated);
    // left IN (SELECT ...).
    static Condition in(Expression left, Expression subquery, bool negated);
    static Condition between(Expression left, QVariant low, QVariant high);
    // Written by the caller (text(), EXISTS); values still go through out.bind().
    static Condition custom(std::function<void(SqlWriter &)> write);

    friend Condition operator&&(const Condition &a, const Condition &b);
    friend Condition operator||(const Condition &a, const Condition &b);
    friend Condition operator!(const Condition &a);

    void write(SqlWriter &out) const;

private:
    struct Node
    {
        Kind kind;
        std::optional<Expression> left;
        std::optional<Expression> right;
        std::function<void(SqlWriter &)> custom;
        QString op;
        QVariantList values;
        QList<Condition> children;
        bool flag = false; // caseInsensitive for Like
        bool escaped = false;
    };
    explicit Condition(std::shared_ptr<const Node> node) : m_node(std::move(node)) { }
    static Condition combine(Kind kind, const Condition &a, const Condition &b);

    std::shared_ptr<const Node> m_node;
};

// Escapes LIKE's wildcards in text typed by a person, for contains/startsWith/endsWith.
QString escapeLike(const QString &text);

} // namespace orm
