// The statements the ORM sent, newest last, for the SQL log dock: the seed's echo=True as a table.
// Bounded: beyond capacity() the oldest statements are dropped, so a long session (or an import of
// a million rows) cannot grow it without end.
#pragma once

#include <orm/engine/StatementLog.h>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <deque>

namespace quarry {

class SqlLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        SqlColumn,
        ParametersColumn,
        DurationColumn,
        RowsColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role {
        // StatementLog::toString(): the echo line, what Copy puts on the clipboard.
        EchoLineRole = Qt::UserRole + 1,
        // The SQL and the parameters, what the dock's filter searches.
        FilterTextRole,
        // A value that sorts the column: arrival order, nanoseconds, rows...
        SortRole,
        // True when the statement failed.
        FailedRole,
    };

    // One statement and when it reached the log.
    struct Entry
    {
        orm::StatementLog statement;
        QDateTime time;
    };

    static constexpr int DefaultCapacity = 10'000;

    explicit SqlLogModel(QObject *parent = nullptr);
    ~SqlLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Appends at the end, dropping the oldest rows first when the log is full.
    void append(const orm::StatementLog &statement,
                const QDateTime &time = QDateTime::currentDateTime());
    // The same for many statements, with one insertion (and at most one removal) for all of them.
    void append(const QList<Entry> &entries);
    void clear();

    int capacity() const { return m_capacity; }
    // Drops the oldest rows at once when there are more than `capacity` (at least 1).
    void setCapacity(int capacity);

    const Entry &entry(int row) const;

private:
    struct Row
    {
        Entry entry;
        quint64 sequence = 0; // arrival order, for sorting by time
        QString sqlLine; // the SQL on one line, for the table cell
        QString parameters; // "[1, 'Смитти']"
    };

    Row makeRow(const Entry &entry);
    void dropOldest(int count);

    std::deque<Row> m_rows;
    int m_capacity = DefaultCapacity;
    quint64 m_nextSequence = 0;
};

} // namespace quarry
