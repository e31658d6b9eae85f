// The unit of work (SQLAlchemy's Session), synchronous, on one Connection. It keeps an identity
// map (one object per primary key), detects changed columns by comparing with the values last
// loaded or flushed, and writes new, changed and removed objects at flush in foreign-key order.
// AsyncSession runs it on a lane; it can also be used directly inside engine->runSync().
#pragma once

#include "ModelInfo.h"
#include "Results.h"

#include "../engine/Connection.h"
#include "../sql/Select.h"

#include <QHash>

namespace orm {

struct SessionOptions
{
    // Flush pending changes before every query, so queries see them.
    bool autoflush = true;
    // After commit, objects are marked expired: the next query that returns them refreshes
    // their attributes from the database (there is no lazy loading on attribute access).
    bool expireOnCommit = true;
};

class Session
{
public:
    explicit Session(Connection &connection, SessionOptions options = {});
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    // Makes the object pending (INSERTed at the next flush) and returns the session's handle.
    template<Mapped T> std::shared_ptr<T> add(T object)
    {
        return add(std::make_shared<T>(std::move(object)));
    }
    template<Mapped T> std::shared_ptr<T> add(std::shared_ptr<T> object)
    {
        addObject(modelInfo<T>(), object);
        return object;
    }
    template<Mapped T> QList<std::shared_ptr<T>> addAll(QList<T> objects)
    {
        QList<std::shared_ptr<T>> added;
        added.reserve(objects.size());
        for (T &object : objects)
            added.append(add(std::move(object)));
        return added;
    }

    // The object with this primary key: from the identity map without SQL when it is there,
    // otherwise loaded; null when there is no such row.
    template<Mapped T> std::shared_ptr<T> get(const QVariant &primaryKey)
    {
        return std::static_pointer_cast<T>(getObject(modelInfo<T>(), primaryKey));
    }

    // Marks a persistent object for DELETE at the next flush (the seed's session.delete).
    template<Mapped T> void remove(const std::shared_ptr<T> &object)
    {
        removeObject(modelInfo<T>(), object.get());
    }

    template<Mapped T> EntityResult<T> execute(const Select<T> &statement)
    {
        QList<std::shared_ptr<T>> items;
        for (const std::shared_ptr<void> &object :
             load(modelInfo<T>(), statement.compile(dialect())))
            items.append(std::static_pointer_cast<T>(object));
        return EntityResult<T>(std::move(items));
    }
    template<typename... Columns>
    TupleResult<typename SelectColumns<Columns...>::Row>
    execute(const SelectColumns<Columns...> &statement)
    {
        QList<typename SelectColumns<Columns...>::Row> rows;
        const Result result = query(statement.compile(dialect()));
        rows.reserve(result.size());
        for (const QVariantList &values : result.rawRows())
            rows.append(SelectColumns<Columns...>::convert(values));
        return TupleResult<typename SelectColumns<Columns...>::Row>(std::move(rows));
    }

    // Writes pending changes. On failure the transaction is rolled back and the error raised;
    // the session then accepts only rollback() or close() (SQLAlchemy's rule).
    void flush();
    void commit();
    // Rolls back: objects added in the transaction are expunged, the rest expired and their
    // removals forgotten.
    void rollback();
    // Rolls back what is open and forgets every object.
    void close();

    template<Mapped T> void expunge(const std::shared_ptr<T> &object)
    {
        expungeObject(object.get());
    }
    template<Mapped T> void expire(const std::shared_ptr<T> &object)
    {
        stateOf(object.get()).expired = true;
    }
    // Reloads the object's columns from the database now.
    template<Mapped T> void refresh(const std::shared_ptr<T> &object)
    {
        refreshObject(modelInfo<T>(), object.get());
    }
    // Whether flush would write something for this object.
    template<Mapped T> bool isModified(const std::shared_ptr<T> &object) const
    {
        return isModifiedObject(object.get());
    }
    template<Mapped T> bool contains(const std::shared_ptr<T> &object) const
    {
        return m_states.contains(object.get());
    }

    Dialect dialect() const { return m_connection->dialect(); }
    Connection &connection() { return *m_connection; }
    // For AsyncSession: the lane's connection for the next operations.
    void bind(Connection &connection) { m_connection = &connection; }

private:
    enum class Status { Pending, Persistent, Deleted };
    struct State
    {
        std::shared_ptr<void> object;
        const ModelInfo *model = nullptr;
        QVariantList snapshot; // column values as last loaded or flushed
        Status status = Status::Pending;
        bool expired = false;
        bool addedInTransaction = false;
        bool keyFromDatabase = false; // the primary key was assigned by an INSERT
        quint64 order = 0; // add order, so INSERTs keep it
    };

    void addObject(const ModelInfo &model, std::shared_ptr<void> object);
    std::shared_ptr<void> getObject(const ModelInfo &model, const QVariant &key);
    void removeObject(const ModelInfo &model, const void *object);
    void refreshObject(const ModelInfo &model, void *object);
    bool isModifiedObject(const void *object) const;
    void clearDatabaseKey(State &state);
    QList<std::shared_ptr<void>> load(const ModelInfo &model, const CompiledSql &sql);
    Result query(const CompiledSql &sql);
    State &stateOf(const void *object);
    void expungeObject(const void *object);
    void requireUsable() const;
    void beginIfNeeded();
    void doFlush();
    void insertAll(const ModelInfo &model, const QList<State *> &states);
    void update(const State &state, const QVariantList &now);
    static QVariantList snapshotOf(const ModelInfo &model, const void *object);

    Connection *m_connection;
    SessionOptions m_options;
    QHash<const void *, State> m_states;
    QHash<QString, const void *> m_identity;
    quint64 m_nextOrder = 0;
    bool m_flushFailed = false;
};

} // namespace orm
