#include "ModelInfo.h"

#include "../engine/Error.h"

using namespace Qt::StringLiterals;

namespace orm {

bool ModelInfo::keyIsUnset(const void *object) const
{
    const QVariant key = keyOf(object);
    return key.isNull() || (primaryKeyColumn().integer && key.toLongLong() == 0);
}

ModelInfo detail::finishModelInfo(ModelInfo info)
{
    for (qsizetype i = 0; i < info.columns.size(); ++i) {
        const ColumnInfo &column = info.columns.at(i);
        if (column.options.primaryKey) {
            if (info.primaryKey >= 0)
                throw ArgumentError(u"Model '%1' declares more than one primary key column; "
                                    u"composite keys are not supported"_s.arg(info.table));
            info.primaryKey = int(i);
        }
        if (column.options.foreignKey) {
            const QString target = QString::fromUtf8(column.options.foreignKey);
            if (!target.contains(u'.'))
                throw ArgumentError(u"Foreign key '%1' of %2.%3 must be written table.column"_s.arg(
                        target, info.table, column.name));
            info.references.append(target.section(u'.', 0, 0));
        }
    }
    if (info.primaryKey < 0)
        throw ArgumentError(u"Model '%1' has no primary key column"_s.arg(info.table));
    return info;
}

} // namespace orm
