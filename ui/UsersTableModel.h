// The users table for a view: id, name, age and number of posts, for any number of users.
//
// Rows arrive in pages of pageSize, each read on one of the engine's lanes; data() only reads
// what has arrived and never touches the database or waits. A row whose page is not there yet
// shows empty cells and asks for its page; the pages asked for last are fetched first, so
// dragging the scroll bar through a million rows fetches only where it stops.
//
// Pages are found by keyset: the rows after the last key of the nearest page already loaded
// (or before the first key of one after it, or from either end of the table), so scrolling reads
// each page with an index seek and no OFFSET. Only a jump far from any loaded page skips the gap
// with OFFSET, once. At most maxCachedPages pages stay in memory; the ones used longest ago are
// evicted, so memory stays bounded however far one scrolls.
//
// The total is counted in parallel and never delays the first rows. A change of filter or sort
// resets the model; reload() keeps showing the rows it has while it refetches them. Every
// request carries the generation it was made for; answers to an older generation are dropped,
// and requests still queued when the generation moves on are not run at all.
#pragma once

#include "UserQuery.h"
#include "UserRecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

namespace orm {
class AsyncEngine;
class Error;
} // namespace orm

namespace quarry {

class UsersTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, NameColumn, AgeColumn, PostCountColumn, ColumnCount };

    static constexpr int pageSize = 200;
    static constexpr int maxCachedPages = 64;
    // Pages fetched at once: more would only queue behind each other on the lanes.
    static constexpr int maxPagesInFlight = 2;
    // Only the pages asked for last matter; older requests were scrolled past.
    static constexpr int maxWantedPages = 8;

    explicit UsersTableModel(QObject *parent = nullptr);
    ~UsersTableModel() override;

    // Shows the users of this engine's database (none when null).
    void setEngine(std::shared_ptr<orm::AsyncEngine> engine);
    void setUserQuery(const UserQuery &query);
    UserQuery userQuery() const { return m_query; }
    void setReadOnly(bool readOnly);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Validates the new name or age; a valid one is handed to editRequested(), which writes it.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    // Sorting runs in SQL. The number of posts is computed per row, so it is not sortable.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The user in a row, when its page has arrived.
    std::optional<UserRecord> userAt(int row) const;
    // The row of a user among the rows that have arrived.
    std::optional<int> rowOfUser(qint64 id) const;
    // Puts a user's new values into the rows that have arrived, without a reload.
    void updateUser(const UserRecord &user);

    bool isLoading() const { return m_loading; }
    // The number of users the query matches, once counted.
    std::optional<qint64> totalCount() const { return m_total; }
    // How many rows are held in memory (for tests and the benchmark: it stays bounded).
    qsizetype cachedRowCount() const;

public Q_SLOTS:
    // Fetches everything anew, keeping the current rows visible until their pages arrive.
    void reload();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalCountChanged();
    // A read failed; the sentence is for the person (describeError()).
    void loadFailed(const QString &message);
    // A valid in-place edit: the window writes it (and makes it undoable).
    void editRequested(const quarry::UserRecord &before, const quarry::UserRecord &after);
    // An in-place edit that breaks a rule; the sentence says which.
    void editRejected(const QString &message);

private:
    struct Page
    {
        QList<UserRecord> rows;
        quint64 generation = 0;
        quint64 lastUsed = 0;
    };
    struct PageRequest;

    void restart(bool keepRows);
    void requestPage(qint64 page) const;
    void fetchWanted();
    void fetchPage(qint64 page);
    void fetchCount();
    PageRequest planFetch(qint64 page) const;
    void pageArrived(qint64 page, quint64 generation, const QList<UserRecord> &rows);
    void countArrived(quint64 generation, qint64 total);
    void failed(quint64 generation, const orm::Error &error);
    void setRowCountTo(qint64 rows);
    void evictPages();
    qint64 pageRowCount(qint64 page) const;
    void updateLoading();

    std::shared_ptr<orm::AsyncEngine> m_engine;
    UserQuery m_query;
    bool m_readOnly = false;
    int m_rowCount = 0;
    std::optional<qint64> m_total;
    quint64 m_generation = 0;
    // Read by the lanes, so queued requests of an old generation can give up before they run.
    std::shared_ptr<std::atomic<quint64>> m_liveGeneration;
    mutable QHash<qint64, Page> m_pages;
    mutable quint64 m_useClock = 0;
    mutable QList<qint64> m_wanted;
    mutable QTimer m_fetchTimer;
    QList<qint64> m_fetching;
    bool m_counting = false;
    bool m_loading = false;
};

} // namespace quarry
