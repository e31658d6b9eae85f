// The rows a statement returned, fully read off the connection on its lane, so a Result is a
// plain value that can travel to any thread. The vocabulary and what each method raises follow
// SQLAlchemy's engine/result.py.
#pragma once

#include "Row.h"

#include <QList>

#include <optional>

namespace orm {

namespace detail {
// The checks behind one()/oneOrNone() of every result type, with SQLAlchemy's messages.
void requireAtMostOne(qsizetype rows); // raises MultipleResultsFound
void requireOne(qsizetype rows); // raises NoResultFound or MultipleResultsFound
void requirePartitionSize(qsizetype size); // raises ArgumentError when size < 1
} // namespace detail

class Result
{
public:
    Result() = default;
    Result(QStringList columns, QList<QVariantList> rows, qint64 rowsAffected,
           QVariant lastInsertId);

    QStringList columns() const { return m_columns ? *m_columns : QStringList(); }
    // The number of rows returned.
    qsizetype size() const { return m_rows.size(); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    // Rows changed by INSERT, UPDATE or DELETE (-1 when the driver cannot tell).
    qint64 rowsAffected() const { return m_rowsAffected; }
    // The rowid of the last inserted row, where the driver knows it (SQLite); prefer RETURNING.
    QVariant lastInsertId() const { return m_lastInsertId; }

    // Every row. Raises nothing.
    QList<Row> all() const;
    // The first row, or nothing when there are none. Raises nothing.
    std::optional<Row> first() const;
    // Exactly one row. Raises NoResultFound or MultipleResultsFound.
    Row one() const;
    // One row or nothing. Raises MultipleResultsFound.
    std::optional<Row> oneOrNone() const;
    // The first column of the first row, or a null QVariant when there are no rows.
    QVariant scalar() const;
    // The first column of exactly one row. Raises NoResultFound or MultipleResultsFound.
    QVariant scalarOne() const;
    // The first column of one row, or nothing. Raises MultipleResultsFound.
    std::optional<QVariant> scalarOneOrNone() const;
    // The first column of every row.
    QVariantList scalars() const;
    // Every row as a column-name → value map.
    QList<QVariantMap> mappings() const;

    // The raw values, for the ORM's own typed results.
    const QList<QVariantList> &rawRows() const { return m_rows; }

private:
    QSharedPointer<const QStringList> m_columns;
    QList<QVariantList> m_rows;
    qint64 m_rowsAffected = -1;
    QVariant m_lastInsertId;
};

} // namespace orm
