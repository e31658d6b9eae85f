// A boolean SQL expression for where(): built from typed column handles (Users::name == x),
// combined with &&, || and !. Only the column handles make one, so a plain bool cannot be
// passed to where(). Values are kept as bound parameters.
#pragma once

#include "SqlWriter.h"

#include <QList>

#include <memory>

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

// One ORDER BY term: Users::name.asc(), Users::age.desc().
struct Ordering
{
    ColumnRef column;
    bool descending = false;
};

class Condition
{
public:
    enum class Kind { Compare, IsNull, IsNotNull, Like, In, NotIn, Between, And, Or, Not };

    static Condition compare(ColumnRef column, QString op, QVariant value);
    static Condition isNull(ColumnRef column, bool null);
    // pattern is a LIKE pattern; escaped patterns use '\' as the escape character.
    static Condition like(ColumnRef column, QString pattern, bool caseInsensitive, bool escaped);
    static Condition in(ColumnRef column, QVariantList values, bool negated);
    static Condition between(ColumnRef column, QVariant low, QVariant high);

    friend Condition operator&&(const Condition &a, const Condition &b);
    friend Condition operator||(const Condition &a, const Condition &b);
    friend Condition operator!(const Condition &a);

    void write(SqlWriter &out) const;

private:
    struct Node
    {
        Kind kind;
        ColumnRef column;
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
