// Relationships between mapped structs (SQLAlchemy's relationship()):
//     struct User { qint64 id = 0; QString name; orm::Many<Post> posts; };
//     struct Post { qint64 id = 0; std::optional<qint64> userId; orm::One<User> user; };
// declared in the mappings as
//     static constexpr orm::Relationship<&User::posts> posts {"posts", {.backPopulates = "user"}};
//     static constexpr auto relationships = std::tuple(posts);
//
// No hidden I/O: a relationship of an object loaded from the database is "not loaded" until a
// selectinLoad() option or session.refresh(object, selectinLoad(...)) loads it, and reading it
// before raises NotLoadedError. A new object's relationships are loaded and empty.
//
// Ownership follows the tree: a parent owns its children (Many holds them), and a child holds its
// parent (One) strongly only while the parent's loaded collection does not hold the child. So the
// two sides never keep each other alive; keep the parent (or the session) while you read
// post->user of a post whose user's posts are loaded.
//
// Both sides are kept in step in memory once the objects are in a session: post->user = u
// appends the post to u->posts (when loaded) and takes it out of its old user's; u->posts.append(p)
// sets p->user. Before that, session.add() brings them in step. The foreign key column follows at
// flush.
#pragma once

#include <QList>
#include <QString>

#include <memory>

namespace orm {

struct ModelInfo;
struct RelationshipInfo;

struct RelationshipOptions
{
    // The name of the relationship on the other side that mirrors this one.
    const char *backPopulates = nullptr;
    // The child's foreign key column, when the child has more than one pointing at the parent.
    const char *foreignKey = nullptr;
    // Removing the parent removes its children (SQLAlchemy's cascade="all, delete"). Without it
    // the children stay and their foreign key becomes NULL.
    bool cascadeDelete = false;
    // A child taken out of the parent's collection is deleted (SQLAlchemy's "delete-orphan").
    bool deleteOrphan = false;
};

namespace detail {

// Which object a relationship member belongs to, so assigning it can update the other side.
// Set when the owner enters a session; never copied along with the value.
struct RelationshipBinding
{
    std::weak_ptr<void> owner;
    const RelationshipInfo *info = nullptr;

    RelationshipBinding() = default;
    RelationshipBinding(const RelationshipBinding &) { }
    RelationshipBinding &operator=(const RelationshipBinding &) { return *this; }
};

// The in-memory side of back_populates, shared by Many and One (Relationship.cpp).
// Links child into parent's collection relationship and points the child's One back at it.
void linkAppended(const RelationshipInfo &collection, const std::shared_ptr<void> &parent,
                  const std::shared_ptr<void> &child);
// Follows a child's One set from old to target in the parents' collections.
void linkAssigned(const RelationshipInfo &one, const std::shared_ptr<void> &child,
                  const std::shared_ptr<void> &old, const std::shared_ptr<void> &target);
void appended(const RelationshipBinding &binding, const std::shared_ptr<void> &item);
void removed(const RelationshipBinding &binding, const std::shared_ptr<void> &item);
void assigned(const RelationshipBinding &binding, const std::shared_ptr<void> &old,
              const std::shared_ptr<void> &target);
[[noreturn]] void throwNotLoaded(const RelationshipBinding &binding);
[[noreturn]] void throwReleased(const RelationshipBinding &binding);

struct RelationshipAccess;

} // namespace detail

// The "many" side: a parent's children (User::posts).
template<typename T> class Many
{
public:
    using value_type = std::shared_ptr<T>;

    Many() = default;
    Many(std::initializer_list<std::shared_ptr<T>> items) : m_items(items) { }

    bool isLoaded() const { return m_loaded; }

    // The children. Each of these raises NotLoadedError when the collection is not loaded.
    const QList<std::shared_ptr<T>> &all() const
    {
        requireLoaded();
        return m_items;
    }
    qsizetype size() const { return all().size(); }
    bool isEmpty() const { return all().isEmpty(); }
    const std::shared_ptr<T> &at(qsizetype i) const { return all().at(i); }
    auto begin() const { return all().cbegin(); }
    auto end() const { return all().cend(); }
    bool contains(const std::shared_ptr<T> &item) const { return all().contains(item); }

    // Adds a child; in a session its back-populated side points here at once. Raises
    // NotLoadedError when the collection is not loaded.
    void append(std::shared_ptr<T> item)
    {
        requireLoaded();
        if (m_items.contains(item))
            return;
        m_items.append(item);
        detail::appended(m_binding, item);
    }
    std::shared_ptr<T> append(T item)
    {
        auto added = std::make_shared<T>(std::move(item));
        append(added);
        return added;
    }
    // Takes a child out: at flush its foreign key becomes NULL, or it is deleted when the
    // relationship has deleteOrphan. Returns false when it was not there.
    bool remove(const std::shared_ptr<T> &item)
    {
        requireLoaded();
        if (!m_items.removeOne(item))
            return false;
        detail::removed(m_binding, item);
        return true;
    }

private:
    friend struct detail::RelationshipAccess;

    void requireLoaded() const
    {
        if (!m_loaded)
            detail::throwNotLoaded(m_binding);
    }

    QList<std::shared_ptr<T>> m_items;
    bool m_loaded = true;
    detail::RelationshipBinding m_binding;
};

// The "one" side: a child's parent (Post::user), or null.
template<typename T> class One
{
public:
    One() = default;
    One(std::shared_ptr<T> target) : m_strong(std::move(target)) { }
    One(std::nullptr_t) { }
    One(const One &) = default;
    One &operator=(const One &) = default;

    // Points at target (or at nothing); in a session the collections of the old and the new
    // parent follow at once, and the foreign key column at flush.
    One &operator=(std::shared_ptr<T> target)
    {
        const std::shared_ptr<T> old = m_loaded ? (m_strong ? m_strong : m_weak.lock()) : nullptr;
        set(target, false);
        detail::assigned(m_binding, old, target);
        return *this;
    }
    One &operator=(std::nullptr_t) { return *this = std::shared_ptr<T>(); }

    bool isLoaded() const { return m_loaded; }

    // The parent, or null. Raises NotLoadedError when not loaded, or when only this side held
    // the parent weakly and nothing else holds it any more.
    std::shared_ptr<T> get() const
    {
        if (!m_loaded)
            detail::throwNotLoaded(m_binding);
        if (m_strong)
            return m_strong;
        if (!m_weakSet)
            return nullptr;
        if (auto target = m_weak.lock())
            return target;
        detail::throwReleased(m_binding);
    }
    T *operator->() const { return get().get(); }
    explicit operator bool() const { return get() != nullptr; }

private:
    friend struct detail::RelationshipAccess;

    void set(const std::shared_ptr<T> &target, bool weak)
    {
        m_loaded = true;
        m_weakSet = weak && target;
        m_weak = m_weakSet ? target : std::weak_ptr<T>();
        m_strong = m_weakSet ? nullptr : target;
    }

    std::shared_ptr<T> m_strong;
    std::weak_ptr<T> m_weak;
    bool m_weakSet = false;
    bool m_loaded = true;
    detail::RelationshipBinding m_binding;
};

namespace detail {

template<typename M> struct RelationshipMember;
template<typename C, typename T> struct RelationshipMember<Many<T> C::*>
{
    using Class = C;
    using Target = T;
    static constexpr bool many = true;
};
template<typename C, typename T> struct RelationshipMember<One<T> C::*>
{
    using Class = C;
    using Target = T;
    static constexpr bool many = false;
};

// The ORM's own access to the members behind the public API (ModelInfo.h builds on it).
struct RelationshipAccess
{
    template<typename T> static QList<std::shared_ptr<T>> &items(Many<T> &many)
    {
        return many.m_items;
    }
    template<typename T> static bool &loaded(Many<T> &many) { return many.m_loaded; }
    template<typename T> static bool &loaded(One<T> &one) { return one.m_loaded; }
    template<typename R> static RelationshipBinding &binding(R &relationship)
    {
        return relationship.m_binding;
    }
    // The parent without raising: null when unset, unloaded or released.
    template<typename T> static std::shared_ptr<T> peek(const One<T> &one)
    {
        return one.m_strong ? one.m_strong : one.m_weak.lock();
    }
    template<typename T> static bool released(const One<T> &one)
    {
        return one.m_loaded && one.m_weakSet && one.m_weak.expired();
    }
    template<typename T> static void set(One<T> &one, const std::shared_ptr<T> &target, bool weak)
    {
        one.set(target, weak);
    }
};

} // namespace detail

// The declaration of a relationship member in a mapping (see the top of this file).
template<auto Member> struct Relationship
{
    using Traits = detail::RelationshipMember<decltype(Member)>;
    using Class = typename Traits::Class;
    using Target = typename Traits::Target;
    static constexpr auto member = Member;

    const char *name;
    RelationshipOptions options {};
};

} // namespace orm
