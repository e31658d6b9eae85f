#include "ModelInfo.h"

#include "../engine/Error.h"

#include <QMutex>

#include <cmath>
#include <unordered_map>

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

namespace orm {

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double
        && std::isnan(a.toDouble()) && std::isnan(b.toDouble()))
        return true;
    return a == b;
}

bool sameValues(const QVariantList &a, const QVariantList &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (!sameValue(a.at(i), b.at(i)))
            return false;
    return true;
}

int ModelInfo::columnIndex(const QString &name) const
{
    for (qsizetype i = 0; i < columns.size(); ++i)
        if (columns.at(i).name == name)
            return int(i);
    return -1;
}

const RelationshipInfo *ModelInfo::relationship(const QString &name) const
{
    for (const RelationshipInfo &relationship : relationships)
        if (relationship.name == name)
            return &relationship;
    return nullptr;
}

QString RelationshipInfo::qualifiedName() const
{
    return owner().table + u'.' + name;
}

QString IdentityKey::toString() const
{
    return model->table + u':' + (text.isNull() ? QString::number(number) : text);
}

const RelationshipInfo::Resolved &RelationshipInfo::resolved() const
{
    // Keyed by address: every RelationshipInfo lives in a ModelInfo that lives until exit.
    static QMutex mutex;
    static std::unordered_map<const RelationshipInfo *, Resolved> cache;
    QMutexLocker locker(&mutex);
    auto it = cache.find(this);
    if (it == cache.end())
        it = cache.emplace(this, Resolved {resolveBack(), resolveJoin()}).first;
    return it->second;
}

const RelationshipInfo *RelationshipInfo::back() const
{
    return resolved().back;
}

RelationshipInfo::Join RelationshipInfo::join() const
{
    return resolved().join;
}

const RelationshipInfo *RelationshipInfo::resolveBack() const
{
    if (!options.backPopulates)
        return nullptr;
    const QString backName = QString::fromUtf8(options.backPopulates);
    const RelationshipInfo *other = target().relationship(backName);
    if (!other)
        throw ArgumentError(u"%1 says back_populates '%2', but %3 has no such relationship"_s.arg(
                qualifiedName(), backName, target().table));
    return other;
}

RelationshipInfo::Join RelationshipInfo::resolveJoin() const
{
    Join join;
    join.parent = many ? &owner() : &target();
    join.child = many ? &target() : &owner();
    const char *named = options.foreignKey;
    if (!named && resolveBack())
        named = resolveBack()->options.foreignKey;
    join.childColumn = -1;
    for (qsizetype i = 0; i < join.child->columns.size(); ++i) {
        const ColumnInfo &column = join.child->columns.at(i);
        if (!column.options.foreignKey
            || QString::fromUtf8(column.options.foreignKey).section(u'.', 0, 0)
                    != join.parent->table)
            continue;
        if (named && column.name != QString::fromUtf8(named))
            continue;
        if (join.childColumn >= 0)
            throw ArgumentError(u"%1: %2 has more than one foreign key to %3; name the one to "
                                u"use with RelationshipOptions::foreignKey"_s.arg(
                                        qualifiedName(), join.child->table, join.parent->table));
        join.childColumn = int(i);
    }
    if (join.childColumn < 0)
        throw ArgumentError(u"%1: %2 has no foreign key to %3%4"_s.arg(
                qualifiedName(), join.child->table, join.parent->table,
                named ? u" named "_s + QString::fromUtf8(named) : QString()));
    const QString referenced
            = QString::fromUtf8(join.child->columns.at(join.childColumn).options.foreignKey)
                      .section(u'.', 1);
    join.parentColumn = join.parent->columnIndex(referenced);
    if (join.parentColumn < 0)
        throw ArgumentError(u"%1: the foreign key points at %2.%3, which is not mapped"_s.arg(
                qualifiedName(), join.parent->table, referenced));
    return join;
}

} // namespace orm
