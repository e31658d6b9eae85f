// Explicit relationship loading (SQLAlchemy's selectinload): after the main query, one more
// SELECT ... WHERE key IN (...) per relationship on the path, in chunks, fills the relationship of
// every object the query returned.
//     select<User>().options(orm::selectinLoad(&User::posts))
//     select<Post>().options(orm::selectinLoad(&Post::user, &User::posts))   // a path
//     session.refresh(user, orm::selectinLoad(&User::posts))
#pragma once

#include "ModelInfo.h"

namespace orm {

class LoadOption
{
public:
    // The relationships to load, the first on the queried model, each next one on the
    // previous one's target.
    const QList<const RelationshipInfo *> &path() const { return m_path; }

    template<typename C, typename R, typename... Rest>
    friend LoadOption selectinLoad(R C::*member, Rest... rest);

private:
    template<typename C, typename R> void append(R C::*member)
    {
        const RelationshipInfo *found = nullptr;
        std::apply(
                [&](const auto &...relationship) {
                    (
                            [&] {
                                if constexpr (std::is_same_v<std::remove_const_t<
                                                                     decltype(relationship.member)>,
                                                             R C::*>)
                                    if (relationship.member == member)
                                        found = modelInfo<C>().relationship(
                                                QString::fromUtf8(relationship.name));
                            }(),
                            ...);
                },
                Model<C>::relationships);
        Q_ASSERT(found); // the member has the type of a relationship of C, so it is listed
        m_path.append(found);
    }

    QList<const RelationshipInfo *> m_path;
};

namespace detail {
template<typename M> struct RelationshipTarget;
template<typename C, typename T> struct RelationshipTarget<Many<T> C::*>
{
    using Type = T;
};
template<typename C, typename T> struct RelationshipTarget<One<T> C::*>
{
    using Type = T;
};
template<typename M> struct RelationshipOwner;
template<typename C, typename R> struct RelationshipOwner<R C::*>
{
    using Type = C;
};
} // namespace detail

// Loads member (User::posts) of every object the statement returns, then each next member of
// the objects the previous one loaded.
template<typename C, typename R, typename... Rest>
LoadOption selectinLoad(R C::*member, Rest... rest)
{
    static_assert(
            requires { Model<C>::relationships; },
            "orm: selectinLoad() takes a relationship member (orm::Many or orm::One) of a "
            "mapped struct that lists it in its mapping's relationships");
    LoadOption option;
    option.append(member);
    using Target = typename detail::RelationshipTarget<R C::*>::Type;
    [[maybe_unused]] auto next = [&]<typename Previous, typename M, typename... More>(
                                         auto &self, M m, More... more) {
        static_assert(std::is_same_v<typename detail::RelationshipOwner<M>::Type, Previous>,
                      "orm: each member of a selectinLoad() path belongs to the previous "
                      "member's target");
        option.append(m);
        if constexpr (sizeof...(More) > 0)
            self.template operator()<typename detail::RelationshipTarget<M>::Type>(self, more...);
    };
    if constexpr (sizeof...(Rest) > 0)
        next.template operator()<Target>(next, rest...);
    return option;
}

} // namespace orm
