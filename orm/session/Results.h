// Typed results of the ORM's selects, with SQLAlchemy's vocabulary (engine/result.py):
//   EntityResult<User>: scalars().all(), scalars().first(), scalarOne(), scalarOneOrNone(),
//                       mappings() (rows as toDict() maps), partitions(n)
//   TupleResult<...>:   all() → list of tuples, first(), one(), oneOrNone(), scalar(),
//                       scalarOne(), scalarOneOrNone(), scalars() → a ScalarResult of column 1
//   ScalarResult<V>:    all(), first(), one(), oneOrNone(), unique(), partitions(n)
// Every method says what it raises; none does I/O: the rows were read on the lane.
#pragma once

#include "ToDict.h"

#include "../engine/Result.h"

#include <QList>
#include <QSet>

#include <memory>
#include <optional>
#include <unordered_set>

namespace orm {

namespace detail {

template<typename T> QList<QList<T>> partitioned(const QList<T> &items, qsizetype size)
{
    requirePartitionSize(size);
    QList<QList<T>> parts;
    parts.reserve((items.size() + size - 1) / size);
    for (qsizetype start = 0; start < items.size(); start += size)
        parts.append(items.mid(start, size));
    return parts;
}

// What first() and oneOrNone() hand back: a null pointer stands for "none" where the values are
// entities (as scalars().first() of SQLAlchemy gives None), std::optional wraps anything else,
// so a NULL column value (nullopt inside) stays apart from "no row" (nullopt outside).
template<typename V> struct Maybe
{
    using Type = std::optional<V>;
};
template<typename T> struct Maybe<std::shared_ptr<T>>
{
    using Type = std::shared_ptr<T>;
};

template<typename T> struct IsSharedPtr : std::false_type
{
};
template<typename T> struct IsSharedPtr<std::shared_ptr<T>> : std::true_type
{
};

// The values without repeats, first occurrence kept: entities by identity (one object per row of
// the identity map), hashable values through a set, the rest (tuples) by ==.
template<typename V> QList<V> withoutRepeats(const QList<V> &items)
{
    QList<V> kept;
    const auto keepNew = [&](auto &seen, const auto &key, const V &item) {
        if (seen.insert(key).second)
            kept.append(item);
    };
    if constexpr (IsSharedPtr<V>::value) {
        std::unordered_set<const void *> seen;
        for (const V &item : items)
            keepNew(seen, item.get(), item);
    } else if constexpr (requires(const V &v) { std::hash<V> {}(v); }) {
        std::unordered_set<V> seen;
        for (const V &item : items)
            keepNew(seen, item, item);
    } else if constexpr (requires(const V &v) { qHash(v, size_t(0)); }) {
        QSet<V> seen;
        for (const V &item : items) {
            if (seen.contains(item))
                continue;
            seen.insert(item);
            kept.append(item);
        }
    } else {
        for (const V &item : items)
            if (!kept.contains(item))
                kept.append(item);
    }
    return kept;
}

} // namespace detail

// One value per row: the entities of select<User>(), or the first column of a select of columns
// (SQLAlchemy's ScalarResult). Iterable, and convertible to the plain list of values.
template<typename V> class ScalarResult
{
public:
    using Maybe = typename detail::Maybe<V>::Type;

    ScalarResult() = default;
    explicit ScalarResult(QList<V> values) : m_values(std::move(values)) { }

    // Every value. Raises nothing.
    QList<V> all() const { return m_values; }
    // The first value, or none (null / nullopt) when there are no rows. Raises nothing.
    Maybe first() const { return m_values.isEmpty() ? Maybe() : Maybe(m_values.first()); }
    // Exactly one value. Raises NoResultFound or MultipleResultsFound.
    V one() const
    {
        detail::requireOne(m_values.size());
        return m_values.first();
    }
    // One value, or none when there are no rows. Raises MultipleResultsFound.
    Maybe oneOrNone() const
    {
        detail::requireAtMostOne(m_values.size());
        return first();
    }
    // Each value once, first occurrence kept (entities by identity). Raises nothing.
    ScalarResult unique() const { return ScalarResult(detail::withoutRepeats(m_values)); }
    // The values in lists of at most size, in order. Raises ArgumentError when size < 1.
    QList<QList<V>> partitions(qsizetype size) const { return detail::partitioned(m_values, size); }

    qsizetype size() const { return m_values.size(); }
    bool isEmpty() const { return m_values.isEmpty(); }
    auto begin() const { return m_values.cbegin(); }
    auto end() const { return m_values.cend(); }
    // The values as all() gives them: QList<QString> names = result.scalars();
    operator QList<V>() const { return m_values; }

private:
    QList<V> m_values;
};

// The result of select<T>(): rows of one entity each.
template<typename T> class EntityResult
{
public:
    using Row = std::tuple<std::shared_ptr<T>>;

    EntityResult() = default;
    explicit EntityResult(QList<std::shared_ptr<T>> items) : m_items(std::move(items)) { }

    // The entities. Raises nothing.
    ScalarResult<std::shared_ptr<T>> scalars() const
    {
        return ScalarResult<std::shared_ptr<T>>(m_items);
    }
    // Exactly one entity. Raises NoResultFound or MultipleResultsFound.
    std::shared_ptr<T> scalarOne() const { return scalars().one(); }
    // One entity or null. Raises MultipleResultsFound.
    std::shared_ptr<T> scalarOneOrNone() const { return scalars().oneOrNone(); }
    // The first entity or null. Raises nothing.
    std::shared_ptr<T> scalar() const { return scalars().first(); }
    // The first row, or nothing. Raises nothing.
    std::optional<Row> first() const
    {
        if (m_items.isEmpty())
            return std::nullopt;
        return Row(m_items.first());
    }
    // Exactly one row. Raises NoResultFound or MultipleResultsFound.
    Row one() const { return Row(scalarOne()); }
    // One row or nothing. Raises MultipleResultsFound.
    std::optional<Row> oneOrNone() const
    {
        if (auto item = scalarOneOrNone())
            return Row(item);
        return std::nullopt;
    }
    // Each entity once (after a join that repeats them). Raises nothing.
    EntityResult unique() const { return EntityResult(detail::withoutRepeats(m_items)); }
    // Rows of one entity each, as SQLAlchemy's Row tuples. Raises nothing.
    QList<Row> all() const
    {
        QList<Row> rows;
        rows.reserve(m_items.size());
        for (const auto &item : m_items)
            rows.append(Row(item));
        return rows;
    }
    // The rows in lists of at most size, in order (SQLAlchemy's partitions(n)). For a result too
    // big to hold, AsyncSession::stream() reads the rows chunk by chunk instead.
    // Raises ArgumentError when size < 1.
    QList<QList<Row>> partitions(qsizetype size) const { return detail::partitioned(all(), size); }
    // Every entity as a column-name → value map, as toDict() makes it (options pick columns and
    // nest loaded relationships). Raises ArgumentError for a column or relationship the model
    // does not have, NotLoadedError for a relationship that was not loaded.
    QList<QVariantMap> mappings(const ToDictOptions &options = {}) const
    {
        QList<QVariantMap> maps;
        maps.reserve(m_items.size());
        for (const auto &item : m_items)
            maps.append(toDict(*item, options));
        return maps;
    }
    qsizetype size() const { return m_items.size(); }

private:
    QList<std::shared_ptr<T>> m_items;
};

// The result of select(columns...) and select<A, B>(): rows of typed tuples.
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
    // The first column of one row, or nothing when there is no row (a NULL value of a nullable
    // column is a nullopt inside). Raises MultipleResultsFound.
    std::optional<First> scalarOneOrNone() const
    {
        detail::requireAtMostOne(m_rows.size());
        return scalar();
    }
    // The first column of every row: .scalars().all(), .scalars().first(), ... Raises nothing.
    ScalarResult<First> scalars() const
    {
        QList<First> values;
        values.reserve(m_rows.size());
        for (const Row &row : m_rows)
            values.append(std::get<0>(row));
        return ScalarResult<First>(std::move(values));
    }
    qsizetype size() const { return m_rows.size(); }

    // Every row as a column-name → value map (SQLAlchemy's mappings()). Raises nothing.
    QList<QVariantMap> mappings() const { return m_raw.mappings(); }
    // The rows without repeats, first occurrence kept (SQLAlchemy's unique()). Raises nothing.
    TupleResult unique() const { return TupleResult(detail::withoutRepeats(m_rows), m_raw); }
    // The rows in lists of at most size (SQLAlchemy's partitions(n)). For a result too big to
    // hold, AsyncSession::stream() reads the rows chunk by chunk instead.
    // Raises ArgumentError when size < 1.
    QList<QList<Row>> partitions(qsizetype size) const { return detail::partitioned(m_rows, size); }

private:
    QList<Row> m_rows;
    Result m_raw;
};

} // namespace orm
