// The unit of work (SQLAlchemy's Session), synchronous, on one Connection. It keeps an identity
// map (one object per primary key), detects changed columns by comparing with the values last
// loaded or flushed, and writes new, changed and removed objects at flush in foreign-key order.
// AsyncSession runs it on a lane; it can also be used directly inside engine->runSync().
//
// Relationships (Relationship.h) take part in the unit of work: objects reachable from an added
// object through loaded relationships are added too (SQLAlchemy's save-update cascade); at flush
// a changed One or a changed collection sets the children's foreign key; removing a parent loads
// its children and sets their foreign key to NULL, or removes them with cascadeDelete; a child
// taken out of a deleteOrphan collection is deleted.
//
// States, with guards (SQLAlchemy's state_changes): active; failed (a flush raised: only
// rollback() and close() are accepted); closed (after close(): every call but close() raises
// InvalidRequestError).
//
// One operation at a time: a call that starts while another call of the same session is still
// running — on another thread, or from code the first one calls back, such as a statement
// observer — raises InvalidRequestError naming both, and so does an operation that would use the
// connection from a thread other than the one that opened it (Qt's rule for QSqlDatabase).
// The checks stay on in every build type: an atomic exchange per call and a thread comparison
// per database call cost nanoseconds next to the SQL they guard.
#pragma once

#include "ModelInfo.h"
#include "Results.h"

#include "../engine/Connection.h"
#include "../sql/Delete.h"
#include "../sql/Select.h"
#include "../sql/Text.h"
#include "../sql/Update.h"

#include <QHash>
#include <QVarLengthArray>

#include <atomic>
#include <unordered_map>

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
        const Operation operation(*this, "add", false);
        addObject(modelInfo<T>(), object);
        return object;
    }
    template<Mapped T> QList<std::shared_ptr<T>> addAll(QList<T> objects)
    {
        const Operation operation(*this, "addAll", false);
        QList<std::shared_ptr<T>> added;
        added.reserve(objects.size());
        for (T &object : objects) {
            added.append(std::make_shared<T>(std::move(object)));
            addObject(modelInfo<T>(), added.last());
        }
        return added;
    }

    // The object with this primary key: from the identity map without SQL when it is there,
    // otherwise loaded; null when there is no such row.
    template<Mapped T> std::shared_ptr<T> get(const QVariant &primaryKey)
    {
        const Operation operation(*this, "get", true);
        return std::static_pointer_cast<T>(getObject(modelInfo<T>(), primaryKey));
    }

    // Marks a persistent object for DELETE at the next flush (the seed's session.delete).
    template<Mapped T> void remove(const std::shared_ptr<T> &object)
    {
        const Operation operation(*this, "remove", false);
        removeObject(modelInfo<T>(), object.get());
    }

    // Copies the columns (and loaded relationships, recursively) of an object that is not in
    // this session onto the session's object with the same primary key, loading it when needed,
    // or onto a new pending object; returns the session's object (SQLAlchemy's merge).
    template<Mapped T> std::shared_ptr<T> merge(const T &object)
    {
        const Operation operation(*this, "merge", true);
        return std::static_pointer_cast<T>(mergeObject(modelInfo<T>(), &object));
    }

    template<Mapped T> EntityResult<T> execute(const Select<T> &statement)
    {
        const Operation operation(*this, "execute", true);
        QList<std::shared_ptr<T>> items;
        // Objects are built row by row straight off the cursor: the rows are never held.
        loadEach(modelInfo<T>(), statement.compile(dialect()), true,
                 [&items](std::shared_ptr<void> &&object) {
                     items.append(std::static_pointer_cast<T>(std::move(object)));
                     return true;
                 });
        if (!statement.loadOptions().isEmpty()) {
            const QList<std::shared_ptr<void>> objects(items.cbegin(), items.cend());
            for (const LoadOption &option : statement.loadOptions())
                loadPath(objects, option.path(), 0);
        }
        return EntityResult<T>(std::move(items));
    }
    template<typename... Columns>
    TupleResult<typename SelectColumns<Columns...>::Row>
    execute(const SelectColumns<Columns...> &statement)
    {
        const Operation operation(*this, "execute", true);
        QList<typename SelectColumns<Columns...>::Row> rows;
        const Result result = query(statement.compile(dialect()));
        rows.reserve(result.size());
        for (const QVariantList &values : result.rawRows())
            rows.append(SelectColumns<Columns...>::convert(values));
        return TupleResult<typename SelectColumns<Columns...>::Row>(std::move(rows), result);
    }
    // Rows of entities side by side; null where an outer join matched nothing.
    template<Mapped... T>
    TupleResult<std::tuple<std::shared_ptr<T>...>> execute(const SelectEntities<T...> &statement)
    {
        using Row = std::tuple<std::shared_ptr<T>...>;
        const Operation operation(*this, "execute", true);
        const Result result = query(statement.compile(dialect()));
        QList<Row> rows;
        rows.reserve(result.size());
        for (const QVariantList &values : result.rawRows()) {
            qsizetype offset = 0;
            // Braced initialisation evaluates left to right, so the offsets follow the columns.
            rows.append(Row {std::static_pointer_cast<T>(materialize(
                    modelInfo<T>(),
                    values.constData()
                            + std::exchange(offset, offset + modelInfo<T>().columns.size())))...});
        }
        return TupleResult<Row>(std::move(rows), result);
    }
    // The first entity the statement returns, or null when it returns no row (SQLAlchemy's
    // session.scalar(stmt)). Reading stops at the first row, as Result.first() closes the cursor
    // in SQLAlchemy: the rest of the result is never read (execute(...).scalars().first() reads
    // every row, as AsyncSession.execute() buffers them). Raises nothing for several rows.
    template<Mapped T> std::shared_ptr<T> scalar(const Select<T> &statement)
    {
        const Operation operation(*this, "scalar", true);
        std::shared_ptr<T> first;
        loadEach(modelInfo<T>(), statement.compile(dialect()), true,
                 [&first](std::shared_ptr<void> &&object) {
                     first = std::static_pointer_cast<T>(std::move(object));
                     return false;
                 });
        if (first)
            for (const LoadOption &option : statement.loadOptions())
                loadPath({first}, option.path(), 0);
        return first;
    }
    // The first column of the first row, or nothing when there is no row (a NULL value of a
    // nullable column is a nullopt inside); reading stops at the first row.
    template<typename... Columns>
    std::optional<typename SelectColumns<Columns...>::First>
    scalar(const SelectColumns<Columns...> &statement)
    {
        const Operation operation(*this, "scalar", true);
        std::optional<typename SelectColumns<Columns...>::First> first;
        queryEach(statement.compile(dialect()), true, [&first](std::span<const QVariant> row) {
            first = std::get<0>(
                    SelectColumns<Columns...>::convert(QVariantList(row.begin(), row.end())));
            return false;
        });
        return first;
    }
    // Bulk UPDATE: returns the number of rows changed; this session's objects of those rows
    // take the new values.
    template<Mapped T, bool Restricted> qint64 execute(const Update<T, Restricted> &statement)
    {
        static_assert(Restricted,
                      "orm: this UPDATE has no where(): it would change every row. Add "
                      "where(...), or unconditionally() if every row is meant");
        const Operation operation(*this, "execute", true);
        return bulk(modelInfo<T>(), statement.compile(dialect()), statement.assignments());
    }
    // Bulk DELETE: returns the number of rows deleted; their objects leave this session.
    template<Mapped T, bool Restricted> qint64 execute(const Delete<T, Restricted> &statement)
    {
        static_assert(Restricted,
                      "orm: this DELETE has no where(): it would delete every row. Add "
                      "where(...), or unconditionally() if every row is meant");
        const Operation operation(*this, "execute", true);
        return bulk(modelInfo<T>(), statement.compile(dialect()), std::nullopt);
    }
    // Raw SQL (text()): the plain Result, with autoflush first.
    Result execute(const Text &statement)
    {
        const Operation operation(*this, "execute", true);
        return query(statement.compile(dialect()));
    }

    // Streaming a result too big to hold (AsyncSession::stream() builds on these): after
    // beginStream(), each streamNext(n) returns up to n more objects, none at the end. Objects
    // the caller has let go are let go by the session as well. Any other operation of the
    // session ends the stream.
    template<Mapped T> void beginStream(const Select<T> &statement)
    {
        const Operation operation(*this, "beginStream", true);
        openStream(modelInfo<T>(), statement.compile(dialect()));
    }
    template<Mapped T> QList<std::shared_ptr<T>> streamNext(qsizetype count)
    {
        const Operation operation(*this, "streamNext", true);
        QList<std::shared_ptr<T>> items;
        for (const std::shared_ptr<void> &object : nextStreamed(modelInfo<T>(), count))
            items.append(std::static_pointer_cast<T>(object));
        return items;
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

    // Forgets the object: it is no longer tracked, and a later query makes a new object for its
    // row. An object the session does not hold is left alone.
    template<Mapped T> void expunge(const std::shared_ptr<T> &object)
    {
        const Operation operation(*this, "expunge", false);
        expungeObject(object.get());
    }
    // Marks the object's columns as stale: the next query that returns its row, or get(),
    // overwrites them with the database's values (no I/O now, and none on attribute access).
    // Changes not flushed yet are dropped, as SQLAlchemy's expire() drops them: no flush writes
    // them. Raises InvalidRequestError when the object is not persistent in this session.
    template<Mapped T> void expire(const std::shared_ptr<T> &object)
    {
        const Operation operation(*this, "expire", false);
        expireObject(object.get());
    }
    // Reloads the object's columns from the database now, and the relationships the options
    // name: refresh(user, selectinLoad(&User::posts)).
    template<Mapped T, typename... O>
    requires(std::is_same_v<O, LoadOption> &&...) void refresh(const std::shared_ptr<T> &object,
                                                               const O &...option)
    {
        const Operation operation(*this, "refresh", true);
        refreshObject(modelInfo<T>(), object.get());
        (loadPath({object}, option.path(), 0), ...);
    }
    // Whether flush would write something for this object.
    template<Mapped T> bool isModified(const std::shared_ptr<T> &object) const
    {
        const Operation operation(*this, "isModified", false);
        return isModifiedObject(object.get());
    }
    template<Mapped T> bool contains(const std::shared_ptr<T> &object) const
    {
        const Operation operation(*this, "contains", false);
        return m_states.count(object.get()) > 0;
    }
    bool isClosed() const { return m_closed; }

    Dialect dialect() const { return m_connection->dialect(); }
    Connection &connection() { return *m_connection; }
    // For AsyncSession: the lane's connection for the next operations.
    void bind(Connection &connection) { m_connection = &connection; }

private:
    friend class AsyncSession;
    // Not bound to a connection yet: AsyncSession binds one before each database operation.
    explicit Session(SessionOptions options) : m_connection(nullptr), m_options(options) { }

    // Held by every public call for its duration; see "One operation at a time" above.
    class Operation
    {
    public:
        // usesConnection: the call may run SQL, so it must be on the connection's thread.
        Operation(const Session &session, const char *name, bool usesConnection);
        ~Operation() { m_session.m_operation.store(nullptr); }
        Q_DISABLE_COPY_MOVE(Operation)

    private:
        const Session &m_session;
    };

    enum class Status { Pending, Persistent, Deleted };
    // Column values, kept inside the State for the usual few columns: a heap block per loaded
    // object is what a big select pays for most.
    using Snapshot = QVarLengthArray<QVariant, 4>;
    struct State
    {
        std::shared_ptr<void> object;
        const ModelInfo *model = nullptr;
        Snapshot snapshot; // column values as last loaded or flushed
        Status status = Status::Pending;
        bool expired = false;
        bool addedInTransaction = false;
        bool keyFromDatabase = false; // the primary key was assigned by an INSERT
        quint64 order = 0; // add order, so INSERTs keep it
        // Per relationship: the related objects as last loaded or flushed; none while unknown.
        // Empty until one is known: most loaded objects never have a relationship loaded, and
        // an allocation per object is what a big select pays for most.
        QList<std::optional<QList<const void *>>> related;
        const std::optional<QList<const void *>> &knownRelated(qsizetype i) const
        {
            static const std::optional<QList<const void *>> unknown;
            return i < related.size() ? related.at(i) : unknown;
        }
        std::optional<QList<const void *>> &relatedSlot(qsizetype i)
        {
            if (related.size() <= i)
                related.resize(model->relationships.size());
            return related[i];
        }
    };

    void addObject(const ModelInfo &model, std::shared_ptr<void> object);
    State &track(const ModelInfo &model, std::shared_ptr<void> object, Status status);
    void cascadeSaveUpdate(const void *from);
    std::shared_ptr<void> getObject(const ModelInfo &model, const QVariant &key);
    void removeObject(const ModelInfo &model, const void *object);
    void refreshObject(const ModelInfo &model, void *object);
    std::shared_ptr<void> mergeObject(const ModelInfo &model, const void *source);
    std::shared_ptr<void> mergeInto(const ModelInfo &model, const void *source,
                                    QHash<const void *, std::shared_ptr<void>> &merged);
    bool isModifiedObject(const void *object) const;
    void clearDatabaseKey(State &state);
    QList<std::shared_ptr<void>> load(const ModelInfo &model, const CompiledSql &sql,
                                      bool autoflush = true);
    // Runs the query (with autoflush first) and hands each row to onRow as it is read.
    void queryEach(const CompiledSql &sql, bool autoflush, const Connection::RowHandler &onRow);
    // Runs the query and hands each row's object to sink as the row is read (null for the
    // empty side of an outer join); sink returns false to stop reading.
    using ObjectSink = std::function<bool(std::shared_ptr<void> &&object)>;
    void loadEach(const ModelInfo &model, const CompiledSql &sql, bool autoflush,
                  const ObjectSink &sink);
    // The object of the model's columns starting at values: the session's own when it has one.
    std::shared_ptr<void> materialize(const ModelInfo &model, const QVariant *values);
    // Opens the cursor that streaming reads; nextStreamed() reads up to count objects from it.
    void openStream(const ModelInfo &model, const CompiledSql &sql);
    QList<std::shared_ptr<void>> nextStreamed(const ModelInfo &model, qsizetype count);
    void endStream() { m_stream.reset(); }
    void releaseUnreferenced();
    // Runs a bulk statement and brings the matched objects in step: assigned the new values,
    // or (without assignments: a DELETE) forgotten.
    qint64 bulk(const ModelInfo &model, const CompiledSql &sql,
                const std::optional<QList<std::pair<QString, QVariant>>> &assignments);
    QList<std::shared_ptr<void>> loadWhereIn(const ModelInfo &model, int column,
                                             const QVariantList &keys);
    void loadPath(const QList<std::shared_ptr<void>> &owners,
                  const QList<const RelationshipInfo *> &path, qsizetype step);
    void rememberRelated(State &state, qsizetype relationship);
    Result query(const CompiledSql &sql, bool autoflush = true);
    State &stateOf(const void *object);
    void expungeObject(const void *object);
    void expireObject(const void *object);
    void requireUsable() const;
    // locksRows: a SELECT ... FOR UPDATE follows, so the write lock is taken now.
    void beginIfNeeded(bool locksRows = false);
    void flushOrRollBack();
    void rollbackNow();
    void doFlush();
    void cascadeDeletes();
    void syncOne(State &state);
    void syncMany(State &state);
    void insertAll(const ModelInfo &model, const QList<State *> &states);
    void update(const State &state, const Snapshot &now);
    static Snapshot snapshotOf(const ModelInfo &model, const void *object);
    static bool sameSnapshot(const Snapshot &a, const Snapshot &b);

    Connection *m_connection;
    SessionOptions m_options;
    // Node-based, so a State stays where it is while others are added during a flush.
    std::unordered_map<const void *, State> m_states;
    QHash<IdentityKey, const void *> m_identity;
    quint64 m_nextOrder = 0;
    bool m_flushFailed = false;
    // Some object holds a key an INSERT of the open transaction assigned (keyFromDatabase).
    bool m_keysFromDatabase = false;
    bool m_closed = false;
    std::unique_ptr<Connection::Cursor> m_stream;
    const ModelInfo *m_streamModel = nullptr;
    // The name of the public call running now; null when none runs.
    mutable std::atomic<const char *> m_operation {nullptr};
};

} // namespace orm
