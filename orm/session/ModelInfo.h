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
#include "Relationship.h"

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
    // The value as stored in SQL (JSON as text, a UUID as its string), for binding.
    QVariant (*read)(const void *object) = nullptr;
    // The member's own value (a QJsonObject, a QUuid; NULL as a null QVariant), for toDict.
    QVariant (*value)(const void *object) = nullptr;
    void (*write)(void *object, const QVariant &value) = nullptr;
};

// A relationship member, type-erased: the session loads, links and flushes through these.
struct RelationshipInfo
{
    QString name;
    bool many = false;
    RelationshipOptions options;
    const ModelInfo &(*owner)() = nullptr;
    const ModelInfo &(*target)() = nullptr;

    bool (*isLoaded)(const void *owner) = nullptr;
    // The related objects (a One gives none or one); none when not loaded.
    QList<std::shared_ptr<void>> (*items)(const void *owner) = nullptr;
    // Marks the relationship loaded with these objects (a One takes the first, held weakly
    // when weak is set), without touching the other side.
    void (*load)(void *owner, const QList<std::shared_ptr<void>> &items, bool weak) = nullptr;
    void (*unload)(void *owner) = nullptr;
    void (*bind)(void *owner, const std::shared_ptr<void> &self, const RelationshipInfo *info)
            = nullptr;
    bool (*holds)(const void *owner, const void *item) = nullptr;
    // One only: it held its parent weakly and the parent is gone (not the same as null).
    bool (*released)(const void *owner) = nullptr;
    // Many only: adds or takes out one object, without touching the other side.
    void (*insert)(void *owner, const std::shared_ptr<void> &item) = nullptr;
    void (*take)(void *owner, const void *item) = nullptr;

    // The relationship named by backPopulates on the other side, or null.
    const RelationshipInfo *back() const;
    // Where the foreign key lives: the child's column pointing at the parent's column.
    struct Join
    {
        const ModelInfo *parent;
        int parentColumn;
        const ModelInfo *child;
        int childColumn;
    };
    Join join() const;
    QString qualifiedName() const;

private:
    // What back() and join() return, worked out on first use: the target's ModelInfo may not
    // exist yet while this one is being built.
    struct Resolved
    {
        const RelationshipInfo *back;
        Join join;
    };
    const Resolved &resolved() const;
    const RelationshipInfo *resolveBack() const;
    Join resolveJoin() const;
};

// A row's identity in a session: its table and primary key. Integer keys, the usual case, stay
// numbers, so loading a row builds no text.
struct IdentityKey
{
    const ModelInfo *model = nullptr;
    qint64 number = 0;
    QString text; // the key as text, when it is not an integer

    friend bool operator==(const IdentityKey &, const IdentityKey &) = default;
    friend size_t qHash(const IdentityKey &key, size_t seed = 0)
    {
        // Integer keys, the usual case, skip hashing the (empty) text.
        return key.text.isEmpty() ? qHashMulti(seed, key.model, key.number)
                                  : qHashMulti(seed, key.model, key.number, key.text);
    }
    // "users:42", for messages.
    QString toString() const;
};

// Whether two column values are the same for change detection: QVariant's == calls a typed
// NULL equal to its type's default (NULL == 0, NULL == ""), and NaN unequal to itself.
bool sameValue(const QVariant &a, const QVariant &b);
bool sameValues(const QVariantList &a, const QVariantList &b);

struct ModelInfo
{
    QString table;
    QList<ColumnInfo> columns;
    QList<RelationshipInfo> relationships;
    int primaryKey = -1;
    // Tables this one references, so parents are created and inserted first.
    QStringList references;
    std::shared_ptr<void> (*create)() = nullptr;

    const ColumnInfo &primaryKeyColumn() const { return columns.at(primaryKey); }
    // True when an integer primary key is still unset (0 or NULL) and the database assigns it.
    bool keyIsUnset(const void *object) const;
    QVariant keyOf(const void *object) const { return primaryKeyColumn().read(object); }
    IdentityKey identityKey(const QVariant &key) const
    {
        bool isNumber = false;
        const qint64 number = primaryKeyColumn().integer ? key.toLongLong(&isNumber) : 0;
        return isNumber ? IdentityKey {this, number, {}} : IdentityKey {this, 0, key.toString()};
    }
    int columnIndex(const QString &name) const;
    const RelationshipInfo *relationship(const QString &name) const;
    // The position of one of this model's own relationships.
    qsizetype indexOf(const RelationshipInfo &relationship) const
    {
        return &relationship - relationships.constData();
    }
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
    info.value = [](const void *object) {
        const auto &member = static_cast<const T *>(object)->*Member;
        const auto plain = [](const Operand &v) {
            if constexpr (std::is_enum_v<Operand>)
                return QVariant::fromValue(std::underlying_type_t<Operand>(v));
            else
                return QVariant::fromValue(v);
        };
        if constexpr (requires { member.has_value(); })
            return member ? plain(*member) : QVariant();
        else if constexpr (requires { member.isNull(); })
            return member.isNull() ? QVariant() : plain(member);
        else
            return plain(member);
    };
    return info;
}

ModelInfo finishModelInfo(ModelInfo info);

} // namespace detail

template<Mapped T> const ModelInfo &modelInfo();

namespace detail {

template<typename T, auto Member> RelationshipInfo relationshipInfo(const Relationship<Member> &r)
{
    using R = Relationship<Member>;
    using Target = typename R::Target;
    using A = RelationshipAccess;
    static_assert(std::is_same_v<typename R::Class, T>,
                  "orm: a mapping lists a relationship member of another struct");
    RelationshipInfo info;
    info.name = QString::fromUtf8(r.name);
    info.many = R::Traits::many;
    info.options = r.options;
    info.owner = &modelInfo<T>;
    info.target = &modelInfo<Target>;
    static constexpr auto of = [](const void *owner) -> auto &
    {
        return const_cast<T *>(static_cast<const T *>(owner))->*Member;
    };
    info.isLoaded = [](const void *owner) {
        return of(owner).isLoaded();
    };
    info.bind = [](void *owner, const std::shared_ptr<void> &self, const RelationshipInfo *info) {
        A::binding(of(owner)) = {};
        A::binding(of(owner)).owner = self;
        A::binding(of(owner)).info = info;
    };
    if constexpr (R::Traits::many) {
        info.items = [](const void *owner) {
            QList<std::shared_ptr<void>> items;
            if (!of(owner).isLoaded())
                return items;
            items.reserve(A::items(of(owner)).size());
            for (const std::shared_ptr<Target> &item : A::items(of(owner)))
                items.append(item);
            return items;
        };
        info.load = [](void *owner, const QList<std::shared_ptr<void>> &items, bool) {
            QList<std::shared_ptr<Target>> &list = A::items(of(owner));
            list.clear();
            list.reserve(items.size());
            for (const std::shared_ptr<void> &item : items)
                list.append(std::static_pointer_cast<Target>(item));
            A::loaded(of(owner)) = true;
        };
        info.unload = [](void *owner) {
            A::items(of(owner)).clear();
            A::loaded(of(owner)) = false;
        };
        info.released = [](const void *) {
            return false;
        };
        info.holds = [](const void *owner, const void *item) {
            const auto &list = A::items(of(owner));
            return std::any_of(list.cbegin(), list.cend(),
                               [item](const auto &p) { return p.get() == item; });
        };
        info.insert = [](void *owner, const std::shared_ptr<void> &item) {
            A::items(of(owner)).append(std::static_pointer_cast<Target>(item));
        };
        info.take = [](void *owner, const void *item) {
            A::items(of(owner)).removeIf([item](const auto &p) { return p.get() == item; });
        };
    } else {
        info.items = [](const void *owner) {
            QList<std::shared_ptr<void>> items;
            if (of(owner).isLoaded())
                if (std::shared_ptr<Target> target = A::peek(of(owner)))
                    items.append(std::move(target));
            return items;
        };
        info.load = [](void *owner, const QList<std::shared_ptr<void>> &items, bool weak) {
            A::set(of(owner),
                   items.isEmpty() ? nullptr : std::static_pointer_cast<Target>(items.first()),
                   weak);
        };
        info.unload = [](void *owner) {
            A::set(of(owner), std::shared_ptr<Target>(), false);
            A::loaded(of(owner)) = false;
        };
        info.holds = [](const void *owner, const void *item) {
            return of(owner).isLoaded() && A::peek(of(owner)).get() == item;
        };
        info.released = [](const void *owner) {
            return A::released(of(owner));
        };
    }
    return info;
}

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
        if constexpr (requires { Model<T>::relationships; }) {
            std::apply(
                    [&](const auto &...relationship) {
                        (m.relationships.append(detail::relationshipInfo<T>(relationship)), ...);
                    },
                    Model<T>::relationships);
        }
        m.create = [] {
            return std::static_pointer_cast<void>(std::make_shared<T>());
        };
        return detail::finishModelInfo(std::move(m));
    }();
    return info;
}

} // namespace orm
