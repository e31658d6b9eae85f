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
    // A SELECT ... FOR UPDATE: the rows it reads are to be written back, so the transaction
    // takes its write lock before reading (on SQLite, where FOR UPDATE does not exist, the
    // BEGIN IMMEDIATE that is otherwise sent before the first write).
    bool locksRows = false;
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
    void lockRows() { m_locksRows = true; }
    CompiledSql finish() { return {std::move(m_sql), std::move(m_parameters), m_locksRows}; }

private:
    Dialect m_dialect;
    QString m_sql;
    QVariantList m_parameters;
    bool m_locksRows = false;
};

} // namespace orm
