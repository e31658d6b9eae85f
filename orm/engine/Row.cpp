#include "Row.h"

#include "Error.h"

using namespace Qt::StringLiterals;

namespace orm {

QVariant Row::value(const QString &column) const
{
    const qsizetype index = m_columns ? m_columns->indexOf(column) : -1;
    if (index < 0)
        throw InvalidRequestError(
                u"The row has no column '%1' (it has: %2)"_s.arg(column, keys().join(u", "_s)));
    return m_values.value(index);
}

QVariantMap Row::toMap() const
{
    QVariantMap map;
    for (qsizetype i = 0; i < m_values.size(); ++i)
        map.insert(m_columns->at(i), m_values.at(i));
    return map;
}

} // namespace orm
