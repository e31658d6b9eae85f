// Raw SQL with bound parameters (SQLAlchemy's text()): ":name" marks a parameter, bound by name;
// the values never become part of the SQL text.
//     session.execute(orm::text(u"SELECT name FROM users WHERE age > :age"_s).bind(u"age"_s, 18))
//     select<User>().where(orm::text(u"length(users.name) > :n"_s).bind(u"n"_s, 3))
// "::" (a PostgreSQL cast) and text inside quotes are left alone.
#pragma once

#include "Condition.h"

#include <QVariantMap>

namespace orm {

class Text
{
public:
    explicit Text(QString sql) : m_sql(std::move(sql)) { }

    Text bind(const QString &name, const QVariant &value) const
    {
        Text copy = *this;
        copy.m_values.insert(name, value);
        return copy;
    }

    // Raises ArgumentError when a :name has no value.
    void write(SqlWriter &out) const;
    CompiledSql compile(Dialect dialect) const
    {
        SqlWriter out(dialect);
        write(out);
        return out.finish();
    }
    // As a where() condition.
    operator Condition() const
    {
        const Text copy = *this;
        return Condition::custom([copy](SqlWriter &out) { copy.write(out); });
    }

private:
    QString m_sql;
    QVariantMap m_values;
};

inline Text text(QString sql)
{
    return Text(std::move(sql));
}

} // namespace orm
