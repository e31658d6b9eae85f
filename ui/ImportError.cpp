#include "ImportError.h"

#include <QCoreApplication>

namespace quarry {

ImportError::ImportError(qint64 row, QString column, QString problem)
    : TransferError(describe(row, column, problem)), m_row(row), m_column(std::move(column)),
      m_problem(std::move(problem))
{ }

QString ImportError::describe(qint64 row, const QString &column, const QString &problem)
{
    if (row <= 0)
        return problem;
    // One arg() call each, so that text from the file is never taken for a %n marker.
    if (column.isEmpty())
        return QCoreApplication::translate("quarry::ImportError", "row %1: %2")
                .arg(QString::number(row), problem);
    return QCoreApplication::translate("quarry::ImportError", "row %1, column %2: %3")
            .arg(QString::number(row), column, problem);
}

} // namespace quarry
