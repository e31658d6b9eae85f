// Explicit relationship loading (SQLAlchemy's selectinload): after the main query, one more
// SELECT ... WHERE key IN (...) per relationship on the path, in chunks, fills the relationship of
// every object the query returned.
//     select<User>().options(orm::selectinLoad(&User::posts))
//     select<Post>().options(orm::selectinLoad(&Post::user, &User::posts))   // a path
//     session.refresh(user, orm::selectinLoad(&User::posts))
#pragma once

#include "ModelInfo.h"

namespace orm {

// The relationship a member pointer names: relationshipOf(&User::posts).
template<typename C, typename R> const RelationshipInfo &relationshipOf(R C::*member)
{
    static_assert(
            requires { Model<C>::relationships; },
            "orm: this takes a relationship member (orm::Many or orm::One) of a mapped struct "
            "that lists it in its mapping's relationships");
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
    return *found;
}

namespace detail {
// Whether each member of a path belongs to the previous member's target.
template<typename... Members> inline constexpr bool linkedPath = true;
template<typename A, typename B, typename... More>
inline constexpr bool linkedPath<A, B, More...> = std::is_same_v<
        typename RelationshipMember<B>::Class, typename RelationshipMember<A>::Target>
        &&linkedPath<B, More...>;
} // namespace detail

class LoadOption
{
public:
    // The relationships to load, the first on the queried model, each next one on the
    // previous one's target.
    const QList<const RelationshipInfo *> &path() const { return m_path; }

    template<typename... Members> friend LoadOption selectinLoad(Members... members);

private:
    QList<const RelationshipInfo *> m_path;
};

// Loads member (User::posts) of every object the statement returns, then each next member of
// the objects the previous one loaded.
template<typename... Members> LoadOption selectinLoad(Members... members)
{
    static_assert(sizeof...(Members) > 0, "orm: selectinLoad() takes at least one member");
    static_assert(detail::linkedPath<Members...>,
                  "orm: each member of a selectinLoad() path belongs to the previous "
                  "member's target");
    LoadOption option;
    (option.m_path.append(&relationshipOf(members)), ...);
    return option;
}

} // namespace orm
