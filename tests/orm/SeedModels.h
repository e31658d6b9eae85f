// The seed's models (User, Post) in C++: plain structs plus one mapping each.
#pragma once

#include <orm/session/MetaData.h>

#include <optional>

struct User
{
    qint64 id = 0;
    QString name;
    std::optional<int> age;
};

struct Post
{
    qint64 id = 0;
    QString title;
    std::optional<qint64> userId;
};

template<> struct orm::Model<User>
{
    static constexpr const char *table = "users";
    static constexpr orm::Column<&User::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&User::name> name {"name"};
    static constexpr orm::Column<&User::age> age {"age"};
    static constexpr auto columns = std::tuple(id, name, age);
};
using Users = orm::Model<User>;

template<> struct orm::Model<Post>
{
    static constexpr const char *table = "posts";
    static constexpr orm::Column<&Post::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&Post::title> title {"title"};
    static constexpr orm::Column<&Post::userId> userId {"user_id", {.foreignKey = "users.id"}};
    static constexpr auto columns = std::tuple(id, title, userId);
};
using Posts = orm::Model<Post>;

inline const orm::MetaData Base = orm::MetaData::of<Post, User>();
