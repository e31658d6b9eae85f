// What the ORM knows about a mapped struct at run time, built once from its Model<T>
// declaration: the table, the columns with their SQL types and accessors, the primary key and
// the tables its foreign keys point to.
//
// A mapping is a specialisation of orm::Model:
//     template<> struct orm::Model<User> {
//         static constexpr const char *table = "users";
//         static constexpr orm::Column<&User::id> id{"id", {.primaryKey = true}};
//         static constexpr orm::Column<&User::name> name{"name"};
//         static constexpr orm::Column<&User::age> age{"age"};
//         static constexpr auto columns = std::tuple(id, name, age);
//     };
//     using Users = orm::Model<User>;   // Users::name == u"Смитти"_s
#pragma once

#include "Column.h"

#include <QList>
#include <QStringList>

#include <memory>
#include <tuple>
#include <typeindex>

namespace orm {

struct ColumnInfo
{
    QString name;
    ColumnOptions options;
    bool nullable = true;
    bool integer = false;
    int integerBytes = 0;
    QString (*sqlType)(Dialect) = nullptr;
    QVariant (*read)(const void *object) = nullptr;
    void (*write)(void *object, const QVariant &value) = nullptr;
};

struct ModelInfo
{
    QString table;
    QList<ColumnInfo> columns;
    int primaryKey = -1;
    // Tables this one references, so parents are created and inserted first.
    QStringList references;
    std::shared_ptr<void> (*create)() = nullptr;

    const ColumnInfo &primaryKeyColumn() const { return columns.at(primaryKey); }
    // True when an integer primary key is still unset (0 or NULL) and the database assigns it.
    bool keyIsUnset(const void *object) const;
    QVariant keyOf(const void *object) const { return primaryKeyColumn().read(object); }
    QString identityKey(const QVariant &key) const { return table + u':' + key.toString(); }
};

// Satisfied by a struct that has a complete orm::Model<T> mapping.
template<typename T>
concept Mapped = requires
{
    {
        Model<T>::table
        } -> std::convertible_to<const char *>;
    Model<T>::columns;
};

namespace detail {

template<typename T, auto Member> ColumnInfo columnInfo(const Column<Member> &column)
{
    using C = Column<Member>;
    using Operand = typename C::Operand;
    ColumnInfo info;
    info.name = QString::fromUtf8(column.name);
    info.options = column.options;
    info.nullable = column.nullable();
    info.integer = std::is_integral_v<Operand> && !std::is_same_v<Operand, bool>;
    info.integerBytes = info.integer ? int(sizeof(Operand)) : 0;
    info.sqlType = &C::Type::sqlType;
    info.read = [](const void *object) {
        return C::read(*static_cast<const T *>(object));
    };
    info.write = [](void *object, const QVariant &value) {
        C::write(*static_cast<T *>(object), value);
    };
    return info;
}

ModelInfo finishModelInfo(ModelInfo info);

} // namespace detail

template<Mapped T> const ModelInfo &modelInfo()
{
    static const ModelInfo info = [] {
        ModelInfo m;
        m.table = QString::fromUtf8(Model<T>::table);
        std::apply(
                [&](const auto &...column) {
                    (m.columns.append(detail::columnInfo<T>(column)), ...);
                },
                Model<T>::columns);
        m.create = [] {
            return std::static_pointer_cast<void>(std::make_shared<T>());
        };
        return detail::finishModelInfo(std::move(m));
    }();
    return info;
}

} // namespace orm
