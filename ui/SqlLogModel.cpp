#include "SqlLogModel.h"

#include "Theme.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

double milliseconds(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

} // namespace

SqlLogModel::SqlLogModel(QObject *parent) : QAbstractTableModel(parent) { }

SqlLogModel::~SqlLogModel() = default;

int SqlLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SqlLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SqlLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const orm::StatementLog &statement = row.entry.statement;
    const bool failed = !statement.error.isEmpty();

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return row.entry.time.time().toString(u"HH:mm:ss.zzz"_s);
        case SqlColumn:
            return row.sqlLine;
        case ParametersColumn:
            return row.parameters;
        case DurationColumn:
            return QLocale().toString(milliseconds(statement.duration), 'f', 2);
        case RowsColumn:
            return statement.rows >= 0 ? QLocale().toString(statement.rows) : QString();
        case ErrorColumn:
            return statement.error;
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(row.entry.time, QLocale::LongFormat);
        case SqlColumn:
            return statement.connectionName.isEmpty()
                    ? statement.sql
                    : tr("%1\n\nConnection: %2").arg(statement.sql, statement.connectionName);
        case ParametersColumn:
            return row.parameters;
        case ErrorColumn:
            return statement.error;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == RowsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        // Read at paint time, so a theme switch recolours the failed rows too.
        if (failed)
            return errorColor(QGuiApplication::palette());
        break;
    case EchoLineRole:
        return statement.toString();
    case FilterTextRole:
        return QString(row.sqlLine + u'\n' + row.parameters);
    case SortRole:
        switch (index.column()) {
        case TimeColumn:
            return row.sequence;
        case SqlColumn:
            return row.sqlLine;
        case ParametersColumn:
            return row.parameters;
        case DurationColumn:
            return qint64(statement.duration.count());
        case RowsColumn:
            return statement.rows;
        case ErrorColumn:
            return statement.error;
        }
        break;
    case FailedRole:
        return failed;
    }
    return {};
}

QVariant SqlLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn:
            return tr("Time");
        case SqlColumn:
            return tr("SQL");
        case ParametersColumn:
            return tr("Parameters");
        case DurationColumn:
            return tr("Duration (ms)");
        case RowsColumn:
            return tr("Rows");
        case ErrorColumn:
            return tr("Error");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimeColumn:
            return tr("When the statement finished");
        case DurationColumn:
            return tr("How long the database took, in milliseconds");
        case RowsColumn:
            return tr("Rows returned by a query, or changed by an INSERT, UPDATE or DELETE");
        }
    }
    return {};
}

void SqlLogModel::append(const orm::StatementLog &statement, const QDateTime &time)
{
    append(QList<Entry> {Entry {statement, time}});
}

void SqlLogModel::append(const QList<Entry> &entries)
{
    if (entries.isEmpty())
        return;
    // Of a batch larger than the log, only its newest rows would survive.
    const qsizetype skipped = qMax<qsizetype>(0, entries.size() - m_capacity);
    const int incoming = int(entries.size() - skipped);
    dropOldest(int(m_rows.size()) + incoming - m_capacity);

    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + incoming - 1);
    for (qsizetype i = skipped; i < entries.size(); ++i)
        m_rows.push_back(makeRow(entries.at(i)));
    endInsertRows();
}

void SqlLogModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void SqlLogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    dropOldest(int(m_rows.size()) - m_capacity);
}

const SqlLogModel::Entry &SqlLogModel::entry(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_rows[size_t(row)].entry;
}

SqlLogModel::Row SqlLogModel::makeRow(const Entry &entry)
{
    Row row;
    row.entry = entry;
    row.sequence = m_nextSequence++;
    row.sqlLine = entry.statement.sql.simplified();
    row.parameters = entry.statement.parametersText();
    return row;
}

void SqlLogModel::dropOldest(int count)
{
    count = qMin(count, int(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
}

} // namespace quarry
