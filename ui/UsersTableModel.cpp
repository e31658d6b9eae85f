#include "UsersTableModel.h"

#include <orm/async/AsyncEngine.h>

using namespace Qt::StringLiterals;

namespace quarry {

UsersTableModel::UsersTableModel(std::shared_ptr<orm::AsyncEngine> engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(std::move(engine))
{ }

int UsersTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsersTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserRow &row = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == NameColumn ? QVariant()
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
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

void UsersTableModel::reload()
{
    const quint64 generation = ++m_generation;
    setLoading(true);
    m_engine->runSync([](orm::Connection &c) {
                const orm::Result result = c.execute(
                        u"SELECT users.id, users.name, users.age, count(posts.id) FROM users "
                        u"LEFT OUTER JOIN posts ON posts.user_id = users.id "
                        u"GROUP BY users.id, users.name, users.age ORDER BY users.id"_s);
                QList<UserRow> rows;
                rows.reserve(result.size());
                for (const QVariantList &values : result.rawRows()) {
                    const QVariant age = values.at(2);
                    rows.append({values.at(0).toLongLong(), values.at(1).toString(),
                                 age.isNull() ? std::nullopt : std::optional<int>(age.toInt()),
                                 values.at(3).toLongLong()});
                }
                return rows;
            })
            .then(this,
                  [this, generation](const QList<UserRow> &rows) {
                      if (generation != m_generation)
                          return;
                      beginResetModel();
                      m_rows = rows;
                      endResetModel();
                      setLoading(false);
                  })
            .onFailed(this, [this, generation](const orm::Error &error) {
                if (generation != m_generation)
                    return;
                setLoading(false);
                Q_EMIT loadFailed(error.message());
            });
}

void UsersTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

} // namespace quarry
