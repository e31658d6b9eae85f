// Quarry's data: the seed's models (User, Post) in C++, plain structs plus one mapping each.
// Header-only on purpose: the ORM's own tests use these models too, without linking the widgets.
// Keys are qint64 in C++ but INTEGER in SQL, as the seed's Column(Integer) declares them, so the
// seed's Python program and Quarry make the very same tables.
#pragma once

#include <orm/session/MetaData.h>

#include <optional>

namespace quarry {

struct Post;

struct User
{
    qint64 id = 0;
    QString name;
    std::optional<int> age;
    orm::Many<Post> posts;
};

struct Post
{
    qint64 id = 0;
    QString title;
    std::optional<qint64> userId;
    orm::One<User> user;
};

} // namespace quarry

template<> struct orm::Model<quarry::User>
{
    static constexpr const char *table = "users";
    static constexpr orm::Column<&quarry::User::id> id {"id",
                                                        {.primaryKey = true, .sqlType = "INTEGER"}};
    static constexpr orm::Column<&quarry::User::name> name {"name"};
    static constexpr orm::Column<&quarry::User::age> age {"age"};
    static constexpr auto columns = std::tuple(id, name, age);
    static constexpr orm::Relationship<&quarry::User::posts> posts {"posts",
                                                                    {.backPopulates = "user"}};
    static constexpr auto relationships = std::tuple(posts);
};

template<> struct orm::Model<quarry::Post>
{
    static constexpr const char *table = "posts";
    static constexpr orm::Column<&quarry::Post::id> id {"id",
                                                        {.primaryKey = true, .sqlType = "INTEGER"}};
    static constexpr orm::Column<&quarry::Post::title> title {"title"};
    static constexpr orm::Column<&quarry::Post::userId> userId {
            "user_id", {.foreignKey = "users.id", .sqlType = "INTEGER"}};
    static constexpr auto columns = std::tuple(id, title, userId);
    static constexpr orm::Relationship<&quarry::Post::user> user {"user",
                                                                  {.backPopulates = "posts"}};
    static constexpr auto relationships = std::tuple(user);
};

namespace quarry {

using Users = orm::Model<User>;
using Posts = orm::Model<Post>;

// The seed's Base.metadata: createAll() makes the tables SQLAlchemy's create_all makes.
inline const orm::MetaData Base = orm::MetaData::of<Post, User>();

} // namespace quarry
