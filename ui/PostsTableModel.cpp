#include "PostsTableModel.h"

#include "ErrorText.h"
#include "UserStore.h"

#include <orm/async/Deliver.h>
#include <orm/engine/Error.h>

namespace quarry {

PostsTableModel::PostsTableModel(QObject *parent) : QAbstractTableModel(parent) { }

void PostsTableModel::setStore(std::shared_ptr<UserStore> store)
{
    m_store = std::move(store);
    clearOwner();
}

void PostsTableModel::setOwner(std::optional<qint64> userId)
{
    m_owner = userId;
    m_hasOwner = true;
    reload();
}

void PostsTableModel::clearOwner()
{
    ++m_generation;
    m_hasOwner = false;
    m_owner.reset();
    beginResetModel();
    m_posts.clear();
    endResetModel();
    setLoading(false);
}

void PostsTableModel::reload()
{
    if (!m_store || !m_hasOwner)
        return;
    const quint64 generation = ++m_generation;
    setLoading(true);
    orm::deliver(m_store->postsOf(m_owner), this)
            .then(this,
                  [this, generation](const QList<PostRecord> &posts) {
                      if (generation != m_generation)
                          return;
                      beginResetModel();
                      m_posts = posts;
                      endResetModel();
                      setLoading(false);
                  })
            .onFailed(this, [this, generation](const orm::Error &error) {
                if (generation != m_generation)
                    return;
                setLoading(false);
                Q_EMIT loadFailed(describeError(error));
            });
}

int PostsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_posts.size());
}

int PostsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PostsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PostRecord &post = m_posts.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == IdColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::AccessibleTextRole)
        return {};
    return index.column() == IdColumn ? QVariant(post.id) : QVariant(post.title);
}

QVariant PostsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == IdColumn ? tr("ID") : tr("Title");
}

Qt::ItemFlags PostsTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!m_readOnly && index.isValid() && index.column() == TitleColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

std::optional<QString> PostsTableModel::checkTitle(const QString &text, QString *error)
{
    const QString title = text.trimmed();
    if (title.isEmpty())
        *error = tr("Enter a title.");
    else if (title.size() > maximumTitleLength)
        *error = tr("The title is longer than %n characters.", nullptr, maximumTitleLength);
    else if (title.contains(QChar(0)))
        *error = tr("The title contains a NUL character.");
    else
        return title;
    return std::nullopt;
}

bool PostsTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    QString error;
    const std::optional<QString> title = checkTitle(value.toString(), &error);
    if (!title) {
        Q_EMIT editRejected(error);
        return false;
    }
    const PostRecord before = m_posts.at(index.row());
    if (before.title == *title)
        return false;
    PostRecord after = before;
    after.title = *title;
    Q_EMIT editRequested(before, after);
    return true;
}

std::optional<int> PostsTableModel::rowOfPost(qint64 id) const
{
    for (qsizetype i = 0; i < m_posts.size(); ++i)
        if (m_posts.at(i).id == id)
            return int(i);
    return std::nullopt;
}

void PostsTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

} // namespace quarry
