// CSV as RFC 4180 writes it, as spreadsheets read and write it: fields separated by commas,
// records by CRLF (LF and a lone CR are read too), a field with a comma, a quote or a line
// break inside double quotes, a quote inside doubled (""). UTF-8, with or without a BOM.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringDecoder>
#include <QStringList>

class QIODevice;

namespace quarry {

// One field as it goes into a CSV file: quoted only when it has to be.
QString csvField(const QString &value);
// A whole record, with the CRLF that ends it.
QString csvRecord(const QStringList &fields);

// Reads records one at a time from a device, so a file of any size takes the memory of one
// record. Malformed input (an unclosed quote, text after a closing quote, bytes that are not
// UTF-8) raises ImportError naming the row.
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(quarry::CsvReader)

public:
    explicit CsvReader(QIODevice *device);

    // The next record; false at the end of the input. Blank lines are skipped (they still count
    // as rows, as a spreadsheet shows them).
    bool readRecord(QStringList *fields);
    // The row of the record last read, 1-based as a spreadsheet numbers it: a line break inside
    // quotes does not start a new row.
    qint64 row() const { return m_row; }
    // The header's names, so that errors name a column rather than number it.
    void setColumnNames(const QStringList &names) { m_columnNames = names; }

private:
    bool fill();
    QString columnLabel(qsizetype field) const;

    QIODevice *m_device;
    QStringDecoder m_decoder;
    QStringList m_columnNames;
    QString m_buffer;
    qsizetype m_position = 0;
    qsizetype m_invalidAt = -1; // where the first bytes that are not UTF-8 were, in m_buffer
    qint64 m_row = 0;
    qint64 m_nextRow = 1;
    bool m_atEnd = false;
};

} // namespace quarry
