#include "Result.h"

#include "Error.h"

using namespace Qt::StringLiterals;

namespace orm {

Result::Result(QStringList columns, QList<QVariantList> rows, qint64 rowsAffected,
               QVariant lastInsertId)
    : m_columns(QSharedPointer<const QStringList>::create(std::move(columns))),
      m_rows(std::move(rows)), m_rowsAffected(rowsAffected), m_lastInsertId(std::move(lastInsertId))
{ }

QList<Row> Result::all() const
{
    QList<Row> rows;
    rows.reserve(m_rows.size());
    for (const QVariantList &values : m_rows)
        rows.append(Row(m_columns, values));
    return rows;
}

std::optional<Row> Result::first() const
{
    if (m_rows.isEmpty())
        return std::nullopt;
    return Row(m_columns, m_rows.first());
}

void detail::requireAtMostOne(qsizetype rows)
{
    if (rows > 1)
        throw MultipleResultsFound(
                u"Multiple rows were found when one or none was required (%1 rows)"_s.arg(rows));
}

void detail::requirePartitionSize(qsizetype size)
{
    if (size < 1)
        throw ArgumentError(u"partitions() needs a size of at least 1, not %1"_s.arg(size));
}

void detail::requireOne(qsizetype rows)
{
    if (rows == 0)
        throw NoResultFound(u"No row was found when one was required"_s);
    requireAtMostOne(rows);
}

Row Result::one() const
{
    detail::requireOne(m_rows.size());
    return Row(m_columns, m_rows.first());
}

std::optional<Row> Result::oneOrNone() const
{
    detail::requireAtMostOne(m_rows.size());
    return first();
}

QVariant Result::scalar() const
{
    return m_rows.isEmpty() ? QVariant() : m_rows.first().value(0);
}

QVariant Result::scalarOne() const
{
    return one().value(0);
}

std::optional<QVariant> Result::scalarOneOrNone() const
{
    detail::requireAtMostOne(m_rows.size());
    if (m_rows.isEmpty())
        return std::nullopt;
    return m_rows.first().value(0);
}

QVariantList Result::scalars() const
{
    QVariantList values;
    values.reserve(m_rows.size());
    for (const QVariantList &row : m_rows)
        values.append(row.value(0));
    return values;
}

QList<QVariantMap> Result::mappings() const
{
    QList<QVariantMap> maps;
    maps.reserve(m_rows.size());
    for (const QVariantList &values : m_rows)
        maps.append(Row(m_columns, values).toMap());
    return maps;
}

} // namespace orm
