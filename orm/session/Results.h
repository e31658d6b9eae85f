// Typed results of the ORM's selects, with SQLAlchemy's vocabulary (engine/result.py):
//   EntityResult<User>: scalars().all(), scalars().first(), scalarOne(), scalarOneOrNone()
//   TupleResult<...>:   all() → list of tuples, first(), one(), oneOrNone(), scalar()
// Every method says what it raises; none does I/O: the rows were read on the lane.
#pragma once

#include "../engine/Result.h"

#include <QList>

#include <memory>
#include <optional>

namespace orm {

namespace detail {
template<typename T> QList<QList<T>> partitioned(const QList<T> &items, qsizetype size)
{
    QList<QList<T>> parts;
    for (qsizetype start = 0; start < items.size(); start += std::max<qsizetype>(size, 1))
        parts.append(items.mid(start, size));
    return parts;
}
} // namespace detail

// Entities of one select, each once, in row order.
template<typename T> class ScalarResult
{
public:
    ScalarResult() = default;
    explicit ScalarResult(QList<std::shared_ptr<T>> items) : m_items(std::move(items)) { }

    // Every entity. Raises nothing.
    QList<std::shared_ptr<T>> all() const { return m_items; }
    // The first entity, or null when there are none. Raises nothing.
    std::shared_ptr<T> first() const { return m_items.isEmpty() ? nullptr : m_items.first(); }
    // Exactly one. Raises NoResultFound or MultipleResultsFound.
    std::shared_ptr<T> one() const
    {
        detail::requireOne(m_items.size());
        return m_items.first();
    }
    // One or null. Raises MultipleResultsFound.
    std::shared_ptr<T> oneOrNone() const
    {
        detail::requireAtMostOne(m_items.size());
        return first();
    }
    qsizetype size() const { return m_items.size(); }
    // Each entity once, first occurrence kept. Raises nothing.
    ScalarResult unique() const
    {
        QList<std::shared_ptr<T>> items;
        for (const auto &item : m_items)
            if (!items.contains(item))
                items.append(item);
        return ScalarResult(std::move(items));
    }
    // The entities in lists of at most size. Raises nothing.
    QList<QList<std::shared_ptr<T>>> partitions(qsizetype size) const
    {
        return detail::partitioned(m_items, size);
    }

private:
    QList<std::shared_ptr<T>> m_items;
};

template<typename T> class EntityResult
{
public:
    EntityResult() = default;
    explicit EntityResult(QList<std::shared_ptr<T>> items) : m_scalars(std::move(items)) { }

    ScalarResult<T> scalars() const { return m_scalars; }
    // Raises NoResultFound or MultipleResultsFound.
    std::shared_ptr<T> scalarOne() const { return m_scalars.one(); }
    // Raises MultipleResultsFound.
    std::shared_ptr<T> scalarOneOrNone() const { return m_scalars.oneOrNone(); }
    // The first entity or null. Raises nothing.
    std::shared_ptr<T> scalar() const { return m_scalars.first(); }
    // The first row, or nothing. Raises nothing.
    std::optional<std::tuple<std::shared_ptr<T>>> first() const
    {
        if (auto item = m_scalars.first())
            return std::tuple(item);
        return std::nullopt;
    }
    // Exactly one row. Raises NoResultFound or MultipleResultsFound.
    std::tuple<std::shared_ptr<T>> one() const { return std::tuple(m_scalars.one()); }
    // One row or nothing. Raises MultipleResultsFound.
    std::optional<std::tuple<std::shared_ptr<T>>> oneOrNone() const
    {
        if (auto item = m_scalars.oneOrNone())
            return std::tuple(item);
        return std::nullopt;
    }
    // Each entity once (after a join that repeats them). Raises nothing.
    EntityResult unique() const { return EntityResult(m_scalars.unique().all()); }
    // Rows of one entity each, as SQLAlchemy's Row tuples. Raises nothing.
    QList<std::tuple<std::shared_ptr<T>>> all() const
    {
        QList<std::tuple<std::shared_ptr<T>>> rows;
        for (const auto &item : m_scalars.all())
            rows.append(std::tuple(item));
        return rows;
    }

private:
    ScalarResult<T> m_scalars;
};

template<typename Row> class TupleResult
{
public:
    using First = std::tuple_element_t<0, Row>;

    TupleResult() = default;
    explicit TupleResult(QList<Row> rows, Result raw = {})
        : m_rows(std::move(rows)), m_raw(std::move(raw))
    { }

    // Every row. Raises nothing.
    QList<Row> all() const { return m_rows; }
    // The first row or nothing. Raises nothing.
    std::optional<Row> first() const
    {
        return m_rows.isEmpty() ? std::nullopt : std::optional<Row>(m_rows.first());
    }
    // Exactly one row. Raises NoResultFound or MultipleResultsFound.
    Row one() const
    {
        detail::requireOne(m_rows.size());
        return m_rows.first();
    }
    // One row or nothing. Raises MultipleResultsFound.
    std::optional<Row> oneOrNone() const
    {
        detail::requireAtMostOne(m_rows.size());
        return first();
    }
    // The first column of the first row, or nothing. Raises nothing.
    std::optional<First> scalar() const
    {
        return m_rows.isEmpty() ? std::nullopt : std::optional<First>(std::get<0>(m_rows.first()));
    }
    // The first column of exactly one row. Raises NoResultFound or MultipleResultsFound.
    First scalarOne() const { return std::get<0>(one()); }
    // The first column of every row. Raises nothing.
    QList<First> scalars() const
    {
        QList<First> values;
        values.reserve(m_rows.size());
        for (const Row &row : m_rows)
            values.append(std::get<0>(row));
        return values;
    }
    qsizetype size() const { return m_rows.size(); }

    // Every row as a column-name → value map (SQLAlchemy's mappings()). Raises nothing.
    QList<QVariantMap> mappings() const { return m_raw.mappings(); }
    // The rows without repeats, first occurrence kept (SQLAlchemy's unique()). Raises nothing.
    TupleResult unique() const
    {
        QList<Row> rows;
        for (const Row &row : m_rows)
            if (!rows.contains(row))
                rows.append(row);
        return TupleResult(std::move(rows), m_raw);
    }
    // The rows in lists of at most size (SQLAlchemy's partitions(n)). For a result too big to
    // hold, AsyncSession::stream() reads the rows chunk by chunk instead.
    QList<QList<Row>> partitions(qsizetype size) const { return detail::partitioned(m_rows, size); }

private:
    QList<Row> m_rows;
    Result m_raw;
};

} // namespace orm
