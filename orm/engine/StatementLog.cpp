#include "StatementLog.h"

#include <QStringList>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcQuarrySql, "quarry.orm.sql")

namespace orm {

namespace {

QString literal(const QVariant &value)
{
    if (value.isNull())
        return u"NULL"_s;
    switch (value.metaType().id()) {
    case QMetaType::QString:
        return u'\'' + value.toString() + u'\'';
    case QMetaType::QByteArray:
        return u"<%1 bytes>"_s.arg(value.toByteArray().size());
    default:
        return value.toString();
    }
}

} // namespace

QString StatementLog::parametersText() const
{
    if (parameters.isEmpty())
        return {};
    QStringList shown;
    shown.reserve(parameters.size());
    for (const QVariant &value : parameters)
        shown << literal(value);
    return u'[' + shown.join(u", "_s) + u']';
}

QString StatementLog::toString() const
{
    const double ms = std::chrono::duration<double, std::milli>(duration).count();
    QString line = sql;
    if (!parameters.isEmpty())
        line += u" | "_s + parametersText();
    line += u" | %1 ms"_s.arg(ms, 0, 'f', 2);
    if (rows >= 0)
        line += rows == 1 ? u" | 1 row"_s : u" | %1 rows"_s.arg(rows);
    if (!error.isEmpty())
        line += u" | failed: "_s + error;
    return line;
}

} // namespace orm
