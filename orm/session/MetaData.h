// The set of mapped tables (the seed's Base.metadata): creates and drops them in foreign-key
// order, with the DDL SQLAlchemy's create_all writes, so either program opens the other's files.
//     orm::MetaData Base = orm::MetaData::of<User, Post>();
//     co_await engine->runSync([&](orm::Connection &c) { Base.createAll(c); });
#pragma once

#include "ModelInfo.h"

namespace orm {

class Connection;

class MetaData
{
public:
    template<Mapped... T> static MetaData of()
    {
        MetaData metadata;
        (metadata.add(modelInfo<T>()), ...);
        return metadata;
    }
    void add(const ModelInfo &model);

    // Tables in dependency order: every table after the tables it references.
    QList<const ModelInfo *> sortedTables() const;

    // CREATE TABLE (and CREATE INDEX) statements for one dialect, in dependency order.
    QStringList createStatements(Dialect dialect) const;
    // With checkFirst, tables that exist already are left alone (SQLAlchemy's checkfirst=True).
    void createAll(Connection &connection, bool checkFirst = true) const;
    // Drops in reverse dependency order; with checkFirst, missing tables are skipped.
    void dropAll(Connection &connection, bool checkFirst = true) const;

    static bool hasTable(Connection &connection, const QString &table);

private:
    QStringList createTable(const ModelInfo &model, Dialect dialect) const;

    QList<const ModelInfo *> m_tables;
};

} // namespace orm
