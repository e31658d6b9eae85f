// quarry::CsvReader on any bytes. Beyond not crashing:
//   - it throws quarry::ImportError or nothing, and its rows go up from record to record;
//   - the records it read, written again with csvRecord() (after a BOM, as spreadsheets write
//     it), read back to the same fields.
#include "Property.h"

#include <ui/Csv.h>
#include <ui/ImportError.h>

#include <QBuffer>

using namespace Qt::StringLiterals;
using quarry::fuzz::describe;
using quarry::fuzz::fail;

namespace {

QList<QStringList> read(const QByteArray &bytes, bool *valid)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    quarry::CsvReader reader(&buffer);
    QList<QStringList> records;
    QStringList fields;
    qint64 lastRow = 0;
    try {
        while (reader.readRecord(&fields)) {
            if (reader.row() <= lastRow)
                fail("rows go up", u"row %1 after row %2"_s.arg(reader.row()).arg(lastRow));
            lastRow = reader.row();
            records.append(fields);
        }
        *valid = true;
    } catch (const quarry::ImportError &) {
        *valid = false;
    } catch (...) {
        fail("CsvReader throws ImportError or nothing", describe(std::current_exception()));
    }
    return records;
}

QString show(const QList<QStringList> &records)
{
    QStringList lines;
    for (const QStringList &record : records)
        lines << u"[\""_s + record.join(u"\", \""_s) + u"\"]"_s;
    return lines.join(u'\n');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool valid = false;
    const QList<QStringList> records = read(
            QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)), &valid);

    QString written;
    for (const QStringList &record : records)
        written += quarry::csvRecord(record);
    bool rereadValid = false;
    const QList<QStringList> reread = read("\xef\xbb\xbf"_ba + written.toUtf8(), &rereadValid);
    if (!rereadValid || reread != records)
        fail("csvRecord() reads back to the same fields",
             u"read:\n%1\nwritten: %2\nread back:\n%3"_s.arg(show(records), written, show(reread)));
    return 0;
}
