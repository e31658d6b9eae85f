// The posts of one user, or the posts that belong to no one, for the detail view beside the
// users table. One user's posts are few enough to load at once, on a lane; data() never waits.
// A newer load (another user selected) drops the answers of older ones (generation token).
#pragma once

#include "PostRecord.h"

#include <QAbstractTableModel>
#include <QList>

#include <memory>
#include <optional>

namespace quarry {

class UserStore;

class PostsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, TitleColumn, ColumnCount };
    // Titles are one line of text; longer ones are surely a paste gone wrong.
    static constexpr int maximumTitleLength = 500;

    explicit PostsTableModel(QObject *parent = nullptr);

    // Shows nothing until setOwner() is called.
    void setStore(std::shared_ptr<UserStore> store);
    // The posts of this user; with std::nullopt, the unassigned posts.
    void setOwner(std::optional<qint64> userId);
    // Shows no posts at all (no user selected).
    void clearOwner();
    std::optional<qint64> owner() const { return m_owner; }
    bool hasOwner() const { return m_hasOwner; }
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // A valid new title goes to editRequested(), which writes it.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    PostRecord postAt(int row) const { return m_posts.at(row); }
    std::optional<int> rowOfPost(qint64 id) const;
    bool isLoading() const { return m_loading; }

    // A valid title, trimmed; or the reason it is not, for the person.
    static std::optional<QString> checkTitle(const QString &text, QString *error);

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loadFailed(const QString &message);
    void editRequested(const quarry::PostRecord &before, const quarry::PostRecord &after);
    void editRejected(const QString &message);

private:
    void setLoading(bool loading);

    std::shared_ptr<UserStore> m_store;
    std::optional<qint64> m_owner;
    bool m_hasOwner = false;
    bool m_readOnly = false;
    QList<PostRecord> m_posts;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace quarry
