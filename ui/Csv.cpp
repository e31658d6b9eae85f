#include "Csv.h"

#include "ImportError.h"

#include <QCoreApplication>
#include <QIODevice>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Bytes read at a time: a record may span reads, the reader keeps what it has not used.
constexpr qint64 readSize = 64 * 1024;

} // namespace

QString csvField(const QString &value)
{
    // Leading or trailing spaces are quoted too, so that no reader trims them away.
    const bool quote = value.contains(u',') || value.contains(u'"') || value.contains(u'\n')
            || value.contains(u'\r')
            || (!value.isEmpty() && (value.front().isSpace() || value.back().isSpace()));
    if (!quote)
        return value;
    QString quoted = value;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString csvRecord(const QStringList &fields)
{
    // A lone empty field written bare would make a blank line, which readers skip.
    if (fields.size() == 1 && fields.front().isEmpty())
        return u"\"\"\r\n"_s;
    QString record;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            record += u',';
        record += csvField(fields.at(i));
    }
    return record + u"\r\n"_s;
}

CsvReader::CsvReader(QIODevice *device)
    : m_device(device), m_decoder(QStringConverter::Utf8) // skips a leading BOM
{ }

bool CsvReader::fill()
{
    if (m_atEnd)
        return false;
    const QByteArray bytes = m_device->read(readSize);
    m_buffer.remove(0, m_position);
    if (m_invalidAt >= 0)
        m_invalidAt -= m_position;
    m_position = 0;
    const qsizetype decodedFrom = m_buffer.size();
    // At the end, an incomplete sequence left in the decoder is an error too.
    m_buffer += bytes.isEmpty() ? QString(m_decoder.decode(QByteArrayView()))
                                : QString(m_decoder.decode(bytes));
    m_atEnd = bytes.isEmpty();
    if (m_decoder.hasError() && m_invalidAt < 0) {
        // The decoder put a replacement character where the bad bytes were: the error is
        // reported when reading gets there, so that it names the row.
        m_invalidAt = m_buffer.indexOf(QChar::ReplacementCharacter, decodedFrom);
        if (m_invalidAt < 0)
            m_invalidAt = m_buffer.size();
    }
    return m_position < m_buffer.size() || m_invalidAt >= 0;
}

QString CsvReader::columnLabel(qsizetype field) const
{
    return m_columnNames.value(field, QString::number(field + 1));
}

bool CsvReader::readRecord(QStringList *fields)
{
    fields->clear();
    QString field;
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuoted };
    State state = State::FieldStart;
    bool blank = true; // nothing read yet on this row
    qint64 startRow = m_nextRow;
    auto endOfRecord = [&] {
        m_row = startRow;
        fields->append(field);
    };
    for (;;) {
        if (m_position >= m_buffer.size() && !fill()) {
            // The end of the input ends the last record, unless a quote is still open.
            if (state == State::Quoted)
                throw ImportError(startRow, QString(),
                                  tr("a quoted value is not closed (a \" is missing)"));
            if (blank)
                return false;
            endOfRecord();
            return true;
        }
        if (m_position == m_invalidAt)
            throw ImportError(startRow, columnLabel(fields->size()),
                              tr("the file is not UTF-8 text (save it as \"CSV UTF-8\")"));
        const QChar c = m_buffer.at(m_position++);
        switch (state) {
        case State::Quoted:
            if (c == u'"')
                state = State::QuoteInQuoted;
            else
                field += c;
            // A line break inside quotes belongs to the value: the row goes on, as in a
            // spreadsheet's cell.
            continue;
        case State::QuoteInQuoted:
            if (c == u'"') {
                field += c; // "" is one quote
                state = State::Quoted;
                continue;
            }
            state = State::AfterQuoted;
            break;
        default:
            break;
        }
        // Outside quotes: separators, line ends, and the characters of an unquoted value.
        if (c == u'\r' || c == u'\n') {
            if (c == u'\r') {
                if (m_position >= m_buffer.size())
                    fill();
                if (m_position < m_buffer.size() && m_buffer.at(m_position) == u'\n')
                    ++m_position;
            }
            ++m_nextRow;
            if (blank) {
                state = State::FieldStart;
                startRow = m_nextRow;
                continue; // a blank line: no record
            }
            endOfRecord();
            return true;
        }
        blank = false;
        if (c == u',') {
            fields->append(std::exchange(field, QString()));
            state = State::FieldStart;
            continue;
        }
        switch (state) {
        case State::FieldStart:
            if (c == u'"') {
                state = State::Quoted;
                continue;
            }
            state = State::Unquoted;
            field += c;
            break;
        case State::Unquoted:
            // A quote inside an unquoted value is taken as it is, as spreadsheets do.
            field += c;
            break;
        case State::AfterQuoted:
            throw ImportError(startRow, columnLabel(fields->size()),
                              tr("text after the closing quote (a quote inside a quoted value "
                                 "is written twice: \"\")"));
        default:
            break;
        }
    }
}

} // namespace quarry
