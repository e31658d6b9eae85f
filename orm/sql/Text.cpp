#include "Text.h"

#include "../engine/Error.h"

using namespace Qt::StringLiterals;

namespace orm {

void Text::write(SqlWriter &out) const
{
    QString plain;
    QChar quote;
    for (qsizetype i = 0; i < m_sql.size(); ++i) {
        const QChar c = m_sql.at(i);
        if (!quote.isNull()) {
            plain += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
            plain += c;
            continue;
        }
        const bool parameter = c == u':' && i + 1 < m_sql.size()
                && (m_sql.at(i + 1).isLetter() || m_sql.at(i + 1) == u'_')
                && (i == 0 || m_sql.at(i - 1) != u':');
        if (!parameter) {
            plain += c;
            continue;
        }
        qsizetype end = i + 1;
        while (end < m_sql.size() && (m_sql.at(end).isLetterOrNumber() || m_sql.at(end) == u'_'))
            ++end;
        const QString name = m_sql.mid(i + 1, end - i - 1);
        if (!m_values.contains(name))
            throw ArgumentError(u"text(): no value bound for :%1"_s.arg(name));
        out << std::exchange(plain, QString());
        out.bind(m_values.value(name));
        i = end - 1;
    }
    out << plain;
}

} // namespace orm
