#include "ToDict.h"

#include "../engine/Error.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace orm {

namespace {

QJsonValue jsonOf(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.typeId()) {
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::QVariantMap: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), jsonOf(it.value()));
        return object;
    }
    case QMetaType::QVariantList: {
        QJsonArray array;
        for (const QVariant &item : value.toList())
            array.append(jsonOf(item));
        return array;
    }
    default:
        return QJsonValue::fromVariant(value);
    }
}

} // namespace

QVariantMap toDict(const ModelInfo &model, const void *object, const ToDictOptions &options)
{
    // Without options these are loops over empty lists, so a plain toDict(user) stays cheap.
    for (const QStringList *names : {&options.only, &options.exclude})
        for (const QString &name : *names)
            if (model.columnIndex(name) < 0)
                throw ArgumentError(u"toDict: %1 has no column '%2'"_s.arg(model.table, name));
    QVariantMap dict;
    for (const ColumnInfo &column : model.columns) {
        if ((!options.only.isEmpty() && !options.only.contains(column.name))
            || options.exclude.contains(column.name))
            continue;
        dict.insert(column.name, column.value(object));
    }
    if (options.relationships.isEmpty())
        return dict;
    // Group the paths by their first step: "posts", "posts.user" → posts with {"user"}.
    QMap<QString, QStringList> nested;
    for (const QString &path : options.relationships) {
        const QString head = path.section(u'.', 0, 0);
        const QString rest = path.section(u'.', 1);
        QStringList &deeper = nested[head];
        if (!rest.isEmpty())
            deeper.append(rest);
    }
    for (auto it = nested.cbegin(); it != nested.cend(); ++it) {
        const RelationshipInfo *relationship = model.relationship(it.key());
        if (!relationship)
            throw ArgumentError(
                    u"toDict: %1 has no relationship '%2'"_s.arg(model.table, it.key()));
        if (!relationship->isLoaded(object))
            throw NotLoadedError(u"toDict: %1 is not loaded"_s.arg(relationship->qualifiedName()));
        const ToDictOptions inner {.relationships = it.value()};
        QVariantList items;
        for (const std::shared_ptr<void> &item : relationship->items(object))
            items.append(toDict(relationship->target(), item.get(), inner));
        if (relationship->many)
            dict.insert(it.key(), items);
        else
            dict.insert(it.key(), items.isEmpty() ? QVariant() : items.first());
    }
    return dict;
}

QJsonObject toJson(const ModelInfo &model, const void *object, const ToDictOptions &options)
{
    return jsonOf(toDict(model, object, options)).toObject();
}

} // namespace orm
