// What is wrong with a file being imported, and where: the row as a spreadsheet shows it (the
// header is row 1) and the column by its name. message() says both:
//     row 7, column age: 'abc' is not a whole number
#pragma once

#include "TransferError.h"

namespace quarry {

class ImportError : public TransferError
{
public:
    // row 0: about the whole file; an empty column: about the whole row.
    ImportError(qint64 row, QString column, QString problem);

    qint64 row() const { return m_row; }
    // The column's name ("age"), or its number ("3") when the header could not name it.
    QString column() const { return m_column; }
    // The problem alone: "'abc' is not a whole number".
    QString problem() const { return m_problem; }

    void raise() const override { throw *this; }
    ImportError *clone() const override { return new ImportError(*this); }

private:
    static QString describe(qint64 row, const QString &column, const QString &problem);

    qint64 m_row;
    QString m_column;
    QString m_problem;
};

} // namespace quarry
