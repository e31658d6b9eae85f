// Accumulates SQL text and its bound parameters for one dialect. Values only ever enter the
// statement as '?' placeholders; identifiers are quoted when the dialect needs it.
#pragma once

#include "../engine/Dialect.h"

#include <QString>
#include <QVariantList>

namespace orm {

struct CompiledSql
{
    QString sql;
    QVariantList parameters;
};

class SqlWriter
{
public:
    explicit SqlWriter(Dialect dialect) : m_dialect(dialect) { }

    Dialect dialect() const { return m_dialect; }
    SqlWriter &operator<<(const QString &text)
    {
        m_sql += text;
        return *this;
    }
    void bind(const QVariant &value)
    {
        m_sql += u'?';
        m_parameters.append(value);
    }
    // An identifier as SQLAlchemy writes it: bare when it is a plain lower-case word that is not
    // reserved, double-quoted otherwise.
    static QString quote(const QString &identifier);
    CompiledSql finish() { return {std::move(m_sql), std::move(m_parameters)}; }

private:
    Dialect m_dialect;
    QString m_sql;
    QVariantList m_parameters;
};

} // namespace orm
