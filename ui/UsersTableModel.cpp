#include "UsersTableModel.h"

#include "ErrorText.h"
#include "Models.h"
#include "UserValidation.h"

#include <orm/async/AsyncEngine.h>
#include <orm/async/Deliver.h>
#include <orm/sql/Select.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace quarry {

// Where a page starts: after the anchor row in the query's order (before it when backward),
// or at the first row (the last when backward) without one; skip rows, then count rows.
struct UsersTableModel::PageRequest
{
    std::optional<UserRecord> anchor;
    bool backward = false;
    qint64 skip = 0;
    qint64 count = 0;
};

namespace {

using Where = std::optional<orm::Condition>;

void andWhere(Where &where, const orm::Condition &condition)
{
    where = where ? (*where && condition) : condition;
}

Where filterOf(const UserQuery &query)
{
    Where where;
    if (!query.nameContains.isEmpty())
        andWhere(where, Users::name.contains(query.nameContains, Qt::CaseInsensitive));
    if (query.minimumAge)
        andWhere(where, Users::age >= *query.minimumAge);
    if (query.maximumAge)
        andWhere(where, Users::age <= *query.maximumAge);
    return where;
}

// The rows after (value, id) when ordered by column, then id, descending or not. NULL sorts as
// the dialect sorts it by default (first in SQLite, last in PostgreSQL), so the ORDER BY keeps
// matching the indexes. The `column >= value` conjunct lets the database seek in the index.
template<typename Column, typename V>
orm::Condition rowsAfter(const Column &column, const std::optional<V> &value, qint64 id,
                         bool descending, bool nullsLargest)
{
    const orm::Condition idAfter = descending ? (Users::id < id) : (Users::id > id);
    const bool nullsAfter = nullsLargest != descending;
    if (!value)
        return nullsAfter ? (column.isNull() && idAfter)
                          : (column.isNotNull() || (column.isNull() && idAfter));
    const orm::Condition seek = descending ? (column <= *value && (column < *value || idAfter))
                                           : (column >= *value && (column > *value || idAfter));
    return nullsAfter ? (seek || column.isNull()) : seek;
}

std::optional<QString> nameKey(const QString &name)
{
    return name.isNull() ? std::nullopt : std::optional<QString>(name);
}

QList<UserRecord> readPage(orm::Connection &connection, const UserQuery &query,
                           const std::optional<UserRecord> &anchor, bool backward, qint64 skip,
                           qint64 count)
{
    const bool descending = query.descending != backward;
    const bool nullsLargest = connection.dialect() == orm::Dialect::PostgreSQL;
    Where where = filterOf(query);
    if (anchor) {
        switch (query.sortKey) {
        case UserQuery::SortKey::Id:
            andWhere(where, descending ? (Users::id < anchor->id) : (Users::id > anchor->id));
            break;
        case UserQuery::SortKey::Name:
            andWhere(where,
                     rowsAfter(Users::name, nameKey(anchor->name), anchor->id, descending,
                               nullsLargest));
            break;
        case UserQuery::SortKey::Age:
            andWhere(where,
                     rowsAfter(Users::age, anchor->age, anchor->id, descending, nullsLargest));
            break;
        }
    }
    const auto postCount = orm::select(orm::count())
                                   .selectFrom<Post>()
                                   .where(Posts::userId == Users::id)
                                   .scalarSubquery();
    auto statement
            = orm::select(Users::id, Users::name, Users::age, postCount).limit(count).offset(skip);
    if (where)
        statement = statement.where(*where);
    const orm::Ordering byId = descending ? Users::id.desc() : Users::id.asc();
    switch (query.sortKey) {
    case UserQuery::SortKey::Id:
        statement = statement.orderBy(byId);
        break;
    case UserQuery::SortKey::Name:
        statement = statement.orderBy(descending ? Users::name.desc() : Users::name.asc(), byId);
        break;
    case UserQuery::SortKey::Age:
        statement = statement.orderBy(descending ? Users::age.desc() : Users::age.asc(), byId);
        break;
    }
    const orm::CompiledSql sql = statement.compile(connection.dialect());
    QList<UserRecord> rows;
    rows.reserve(count);
    const orm::Result result = connection.execute(sql.sql, sql.parameters);
    for (const QVariantList &values : result.rawRows()) {
        const auto [id, name, age, posts] = decltype(statement)::convert(values);
        rows.append({id, name, age, posts});
    }
    if (backward)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

qint64 readCount(orm::Connection &connection, const UserQuery &query)
{
    auto statement = orm::select(orm::count()).selectFrom<User>();
    if (const Where where = filterOf(query))
        statement = statement.where(*where);
    const orm::CompiledSql sql = statement.compile(connection.dialect());
    return connection.execute(sql.sql, sql.parameters).scalar().toLongLong();
}

// Runs read(Connection &) on a lane outside any transaction, delivered to the model's thread.
// runSync() would open one, and in SQLite that is BEGIN IMMEDIATE, which queues every read
// behind any writer; a statement of its own reads a consistent snapshot (WAL) and never waits
// for writers.
template<typename Read>
auto readOnLane(const std::shared_ptr<orm::AsyncEngine> &engine, QObject *context, Read read)
{
    return orm::deliver(engine->runSyncAutocommit(std::move(read)), context);
}

} // namespace

UsersTableModel::UsersTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_liveGeneration(std::make_shared<std::atomic<quint64>>(0))
{
    // data() only notes which pages are wanted; they are fetched once the view has asked for
    // everything it paints.
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(0);
    connect(&m_fetchTimer, &QTimer::timeout, this, &UsersTableModel::fetchWanted);
}

UsersTableModel::~UsersTableModel()
{
    // Queued requests need not run for a model that is gone.
    m_liveGeneration->store(0);
}

void UsersTableModel::setEngine(std::shared_ptr<orm::AsyncEngine> engine)
{
    m_engine = std::move(engine);
    restart(false);
}

void UsersTableModel::setUserQuery(const UserQuery &query)
{
    if (query == m_query)
        return;
    m_query = query;
    restart(false);
}

void UsersTableModel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
}

void UsersTableModel::reload()
{
    restart(true);
}

void UsersTableModel::restart(bool keepRows)
{
    m_liveGeneration->store(++m_generation);
    m_wanted.clear();
    m_fetching.clear();
    m_counting = false;
    if (keepRows) {
        // Stale pages stay visible; the next paint asks for them again.
        m_total.reset();
        if (m_rowCount > 0)
            Q_EMIT dataChanged(index(0, 0), index(m_rowCount - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_pages.clear();
        m_rowCount = 0;
        m_total.reset();
        endResetModel();
    }
    Q_EMIT totalCountChanged();
    if (!m_engine) {
        updateLoading();
        return;
    }
    fetchCount();
    requestPage(0);
    updateLoading();
}

int UsersTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int UsersTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole)
        return index.column() == NameColumn ? QVariant()
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::AccessibleTextRole)
        return {};
    const qint64 pageNumber = index.row() / pageSize;
    const auto page = m_pages.find(pageNumber);
    if (page == m_pages.end() || page->generation != m_generation)
        requestPage(pageNumber);
    if (page == m_pages.end())
        return {};
    page->lastUsed = ++m_useClock;
    const qsizetype offset = index.row() % pageSize;
    if (offset >= page->rows.size())
        return {};
    const UserRecord &row = page->rows.at(offset);
    switch (index.column()) {
    case IdColumn:
        return row.id;
    case NameColumn:
        return row.name;
    case AgeColumn:
        return row.age ? QVariant(*row.age) : QVariant();
    case PostCountColumn:
        return row.postCount;
    default:
        return {};
    }
}

QVariant UsersTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("ID");
    case NameColumn:
        return tr("Name");
    case AgeColumn:
        return tr("Age");
    case PostCountColumn:
        return tr("Posts");
    default:
        return {};
    }
}

Qt::ItemFlags UsersTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!m_readOnly && (index.column() == NameColumn || index.column() == AgeColumn)
        && userAt(index.row()))
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool UsersTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const UserRecord before = *userAt(index.row());
    const bool editsName = index.column() == NameColumn;
    const QString ageText = before.age ? QString::number(*before.age) : QString();
    const UserValidation checked = UserValidation::check(
            editsName ? value.toString() : before.name,
            editsName ? ageText : (value.isNull() ? QString() : value.toString()));
    if (!checked.isValid()) {
        Q_EMIT editRejected(editsName ? checked.nameError : checked.ageError);
        return false;
    }
    UserRecord after = before;
    after.name = checked.name;
    after.age = checked.age;
    if (after == before)
        return false;
    Q_EMIT editRequested(before, after);
    return true;
}

void UsersTableModel::sort(int column, Qt::SortOrder order)
{
    UserQuery query = m_query;
    switch (column) {
    case IdColumn:
        query.sortKey = UserQuery::SortKey::Id;
        break;
    case NameColumn:
        query.sortKey = UserQuery::SortKey::Name;
        break;
    case AgeColumn:
        query.sortKey = UserQuery::SortKey::Age;
        break;
    default:
        return;
    }
    query.descending = order == Qt::DescendingOrder;
    setUserQuery(query);
}

std::optional<UserRecord> UsersTableModel::userAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return std::nullopt;
    const auto page = m_pages.constFind(row / pageSize);
    if (page == m_pages.cend() || row % pageSize >= page->rows.size())
        return std::nullopt;
    return page->rows.at(row % pageSize);
}

std::optional<int> UsersTableModel::rowOfUser(qint64 id) const
{
    for (auto page = m_pages.cbegin(); page != m_pages.cend(); ++page)
        for (qsizetype i = 0; i < page->rows.size(); ++i)
            if (page->rows.at(i).id == id)
                return int(page.key() * pageSize + i);
    return std::nullopt;
}

void UsersTableModel::updateUser(const UserRecord &user)
{
    for (auto page = m_pages.begin(); page != m_pages.end(); ++page)
        for (qsizetype i = 0; i < page->rows.size(); ++i)
            if (page->rows.at(i).id == user.id) {
                page->rows[i] = user;
                const int row = int(page.key() * pageSize + i);
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
}

qsizetype UsersTableModel::cachedRowCount() const
{
    qsizetype rows = 0;
    for (const Page &page : m_pages)
        rows += page.rows.size();
    return rows;
}

void UsersTableModel::requestPage(qint64 page) const
{
    m_wanted.removeOne(page);
    m_wanted.append(page);
    while (m_wanted.size() > maxWantedPages)
        m_wanted.removeFirst();
    m_fetchTimer.start();
}

void UsersTableModel::fetchWanted()
{
    while (m_fetching.size() < maxPagesInFlight && !m_wanted.isEmpty()) {
        const qint64 page = m_wanted.takeLast();
        const auto found = m_pages.constFind(page);
        if (m_fetching.contains(page)
            || (found != m_pages.cend() && found->generation == m_generation))
            continue;
        // Past the end: the rows were removed meanwhile.
        if (page > 0 && page * pageSize >= m_rowCount)
            continue;
        fetchPage(page);
    }
    updateLoading();
}

UsersTableModel::PageRequest UsersTableModel::planFetch(qint64 page) const
{
    const qint64 count = pageRowCount(page);
    // From the start of the table, unless a page already here is closer.
    PageRequest best {std::nullopt, false, page * pageSize, count};
    if (m_total) {
        const qint64 fromEnd = *m_total - (page * pageSize + count);
        if (fromEnd < best.skip)
            best = {std::nullopt, true, fromEnd, count};
    }
    for (auto other = m_pages.cbegin(); other != m_pages.cend(); ++other) {
        if (other->generation != m_generation || other->rows.isEmpty() || other.key() == page)
            continue;
        if (other.key() < page) {
            // Pages below are full: only the last page can be short.
            const qint64 gap = (page - other.key() - 1) * pageSize;
            if (gap < best.skip)
                best = {other->rows.constLast(), false, gap, count};
        } else {
            const qint64 gap = (other.key() - page - 1) * pageSize;
            if (gap < best.skip)
                best = {other->rows.constFirst(), true, gap, count};
        }
    }
    return best;
}

qint64 UsersTableModel::pageRowCount(qint64 page) const
{
    if (!m_total)
        return pageSize;
    return std::clamp<qint64>(*m_total - page * pageSize, 0, pageSize);
}

void UsersTableModel::fetchPage(qint64 page)
{
    const PageRequest request = planFetch(page);
    const quint64 generation = m_generation;
    m_fetching.append(page);
    readOnLane(m_engine, this,
               [live = m_liveGeneration, generation, query = m_query,
                request](orm::Connection &c) -> std::optional<QList<UserRecord>> {
                   if (live->load() != generation)
                       return std::nullopt;
                   return readPage(c, query, request.anchor, request.backward, request.skip,
                                   request.count);
               })
            .then(this,
                  [this, page, generation](const std::optional<QList<UserRecord>> &rows) {
                      if (rows)
                          pageArrived(page, generation, *rows);
                  })
            .onFailed(this, [this, page, generation](const orm::Error &error) {
                if (generation == m_generation)
                    m_fetching.removeOne(page);
                failed(generation, error);
            });
}

void UsersTableModel::fetchCount()
{
    const quint64 generation = m_generation;
    m_counting = true;
    readOnLane(m_engine, this,
               [live = m_liveGeneration, generation,
                query = m_query](orm::Connection &c) -> std::optional<qint64> {
                   if (live->load() != generation)
                       return std::nullopt;
                   return readCount(c, query);
               })
            .then(this,
                  [this, generation](std::optional<qint64> total) {
                      if (total)
                          countArrived(generation, *total);
                  })
            .onFailed(this, [this, generation](const orm::Error &error) {
                if (generation == m_generation)
                    m_counting = false;
                failed(generation, error);
            });
}

void UsersTableModel::pageArrived(qint64 page, quint64 generation, const QList<UserRecord> &rows)
{
    if (generation != m_generation)
        return;
    m_fetching.removeOne(page);
    m_pages.insert(page, {rows, generation, ++m_useClock});
    const qint64 first = page * pageSize;
    if (!m_total) {
        // Before the count: grow to what has arrived, so the first rows show at once.
        if (first + rows.size() > m_rowCount)
            setRowCountTo(first + rows.size());
    } else if (rows.size() != pageRowCount(page)) {
        // The table changed under us (another program wrote to it): count again.
        m_total.reset();
        fetchCount();
    }
    const qint64 last = std::min<qint64>(first + pageSize, m_rowCount) - 1;
    if (last >= first)
        Q_EMIT dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1));
    evictPages();
    fetchWanted();
}

void UsersTableModel::countArrived(quint64 generation, qint64 total)
{
    if (generation != m_generation)
        return;
    m_counting = false;
    m_total = total;
    setRowCountTo(total);
    Q_EMIT totalCountChanged();
    updateLoading();
}

void UsersTableModel::failed(quint64 generation, const orm::Error &error)
{
    if (generation != m_generation)
        return;
    updateLoading();
    Q_EMIT loadFailed(describeError(error));
}

void UsersTableModel::setRowCountTo(qint64 rows)
{
    const int target = int(rows);
    if (target > m_rowCount) {
        beginInsertRows({}, m_rowCount, target - 1);
        m_rowCount = target;
        endInsertRows();
    } else if (target < m_rowCount) {
        beginRemoveRows({}, target, m_rowCount - 1);
        m_rowCount = target;
        // Pages wholly past the end are gone; a page cut in two keeps its rows that remain.
        for (auto page = m_pages.begin(); page != m_pages.end();) {
            const qint64 first = page.key() * pageSize;
            if (first >= target) {
                page = m_pages.erase(page);
                continue;
            }
            if (first + page->rows.size() > target)
                page->rows.resize(std::max<qint64>(target - first, 0));
            ++page;
        }
        endRemoveRows();
    }
}

void UsersTableModel::evictPages()
{
    while (m_pages.size() > maxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto page = m_pages.begin(); page != m_pages.end(); ++page)
            if (page->lastUsed < oldest->lastUsed)
                oldest = page;
        // No signal: an evicted row shows empty cells when next painted and asks again.
        m_pages.erase(oldest);
    }
}

void UsersTableModel::updateLoading()
{
    const bool loading = m_counting || !m_fetching.isEmpty();
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

} // namespace quarry
