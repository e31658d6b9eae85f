// The users table for a view: id, name, age and number of posts, loaded on the engine's lanes.
// data() only reads what has arrived; it never touches the database or waits. A reload that is
// overtaken by a newer one is dropped when it arrives (generation token).
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <memory>
#include <optional>

namespace orm {
class AsyncEngine;
}

namespace quarry {

class UsersTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, NameColumn, AgeColumn, PostCountColumn, ColumnCount };

    explicit UsersTableModel(std::shared_ptr<orm::AsyncEngine> engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    bool isLoading() const { return m_loading; }

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loadingChanged(bool loading);
    // The ORM's message, in English; the window words it for people.
    void loadFailed(const QString &message);

private:
    struct UserRow
    {
        qint64 id = 0;
        QString name; // null when the column is NULL
        std::optional<int> age;
        qint64 postCount = 0;
    };

    void setLoading(bool loading);

    std::shared_ptr<orm::AsyncEngine> m_engine;
    QList<UserRow> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace quarry
