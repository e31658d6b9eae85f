// The seed's to_dict(), for every mapped struct: the mapped columns by name, optionally a chosen
// subset, and loaded relationships nested as lists (Many) or objects (One).
//     orm::toDict(*user)                                      // {"id", "name", "age"}
//     orm::toDict(*user, {.relationships = {u"posts"_s}})     // ... "posts": [{...}, ...]
//     orm::toJson(*user, {.exclude = {u"age"_s}})             // QJsonObject
// NULL is a null QVariant (JSON null), never 0 or "". Naming a relationship that is not loaded
// raises NotLoadedError: there is no hidden I/O here either.
#pragma once

#include "ModelInfo.h"

#include <QJsonObject>
#include <QVariantMap>

namespace orm {

struct ToDictOptions
{
    // The columns to include; all of them when empty.
    QStringList only;
    QStringList exclude;
    // Relationships to nest, by name; a dotted path goes deeper ("posts.user").
    QStringList relationships;
};

QVariantMap toDict(const ModelInfo &model, const void *object, const ToDictOptions &options = {});
QJsonObject toJson(const ModelInfo &model, const void *object, const ToDictOptions &options = {});

template<Mapped T> QVariantMap toDict(const T &object, const ToDictOptions &options = {})
{
    return toDict(modelInfo<T>(), &object, options);
}

// As toDict, with JSON's types: dates and times as ISO 8601 text, bytes as base64, UUIDs as text.
template<Mapped T> QJsonObject toJson(const T &object, const ToDictOptions &options = {})
{
    return toJson(modelInfo<T>(), &object, options);
}

} // namespace orm
