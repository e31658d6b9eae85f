#include "Session.h"

#include "MetaData.h"

#include "../engine/Error.h"

#include <QSet>
#include <QThread>

using namespace Qt::StringLiterals;

namespace orm {

namespace {

// Rows per "WHERE key IN (...)" of selectin loading, as SQLAlchemy's selectinload chunks them.
constexpr qsizetype selectInChunk = 500;
// Multi-row INSERTs: at most this many rows, and bound values well under SQLite's limit of
// 32766 (PostgreSQL allows 65535).
constexpr qsizetype maxRowsPerInsert = 1000;
constexpr qsizetype maxBoundValues = 30000;

QList<const void *> addressesOf(const QList<std::shared_ptr<void>> &objects)
{
    QList<const void *> addresses;
    addresses.reserve(objects.size());
    for (const std::shared_ptr<void> &object : objects)
        addresses.append(object.get());
    return addresses;
}

} // namespace

Session::Session(Connection &connection, SessionOptions options)
    : m_connection(&connection), m_options(options)
{ }

Session::Operation::Operation(const Session &session, const char *name, bool usesConnection)
    : m_session(session)
{
    if (usesConnection && session.m_connection
        && session.m_connection->thread() != QThread::currentThread())
        throw InvalidRequestError(
                u"Session::%1() was called on a thread that does not own the session's "
                u"connection; a connection may only be used on the thread that opened it (an "
                u"AsyncSession runs its session there)"_s.arg(QString::fromLatin1(name)));
    const char *running = nullptr;
    if (!session.m_operation.compare_exchange_strong(running, name))
        throw InvalidRequestError(
                u"Session::%1() was called while Session::%2() of the same session is still "
                u"running; one session serves one operation at a time (use a session per "
                u"thread or task)"_s.arg(QString::fromLatin1(name), QString::fromLatin1(running)));
}

Session::Snapshot Session::snapshotOf(const ModelInfo &model, const void *object)
{
    Snapshot values;
    values.reserve(model.columns.size());
    for (const ColumnInfo &column : model.columns)
        values.append(column.read(object));
    return values;
}

bool Session::sameSnapshot(const Snapshot &a, const Snapshot &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (!sameValue(a.at(i), b.at(i)))
            return false;
    return true;
}

Session::State &Session::stateOf(const void *object)
{
    auto it = m_states.find(object);
    if (it == m_states.end())
        throw InvalidRequestError(u"The object is not in this session"_s);
    return it->second;
}

void Session::requireUsable() const
{
    if (m_closed)
        throw InvalidRequestError(u"This session is closed; make a new one"_s);
    if (m_flushFailed)
        throw InvalidRequestError(u"This session's transaction has been rolled back due to a "
                                  u"previous exception during flush; call rollback() first"_s);
}

void Session::beginIfNeeded(bool locksRows)
{
    if (!m_connection->inTransaction())
        m_connection->begin();
    if (locksRows)
        m_connection->beginWriting();
}

Session::State &Session::track(const ModelInfo &model, std::shared_ptr<void> object, Status status)
{
    void *address = object.get();
    // Bound relationships keep both sides in step when the program assigns them.
    for (const RelationshipInfo &relationship : model.relationships)
        relationship.bind(address, object, &relationship);
    State state;
    state.object = std::move(object);
    state.model = &model;
    state.status = status;
    state.order = m_nextOrder++;
    return m_states.insert_or_assign(address, std::move(state)).first->second;
}

void Session::addObject(const ModelInfo &model, std::shared_ptr<void> object)
{
    requireUsable();
    const void *address = object.get();
    if (auto it = m_states.find(address); it != m_states.end()) {
        if (it->second.status == Status::Deleted) // add() after remove() undoes the removal
            it->second.status = Status::Persistent;
    } else {
        track(model, std::move(object), Status::Pending).addedInTransaction = true;
    }
    cascadeSaveUpdate(address);
}

void Session::cascadeSaveUpdate(const void *from)
{
    QList<const void *> work {from};
    while (!work.isEmpty()) {
        const State &state = m_states.at(work.takeLast());
        const std::shared_ptr<void> owner = state.object;
        for (const RelationshipInfo &relationship : state.model->relationships) {
            if (!relationship.isLoaded(owner.get()))
                continue;
            for (const std::shared_ptr<void> &item : relationship.items(owner.get())) {
                if (relationship.many)
                    detail::linkAppended(relationship, owner, item);
                else
                    detail::linkAssigned(relationship, owner, nullptr, item);
                if (m_states.count(item.get()))
                    continue;
                track(relationship.target(), item, Status::Pending).addedInTransaction = true;
                work.append(item.get());
            }
        }
    }
}

std::shared_ptr<void> Session::getObject(const ModelInfo &model, const QVariant &key)
{
    requireUsable();
    if (const void *known = m_identity.value(model.identityKey(key))) {
        const State &state = m_states.at(known);
        if (state.status == Status::Deleted)
            return nullptr;
        if (!state.expired)
            return state.object;
    }
    const QList<std::shared_ptr<void>> found
            = loadWhereIn(model, model.primaryKey, QVariantList {key});
    return found.isEmpty() ? nullptr : found.first();
}

void Session::removeObject(const ModelInfo &, const void *object)
{
    requireUsable();
    State &state = stateOf(object);
    if (state.status == Status::Pending) {
        // Never written: removing it just forgets it (SQLAlchemy expunges pending objects).
        m_states.erase(object);
        return;
    }
    state.status = Status::Deleted;
}

void Session::expungeObject(const void *object)
{
    auto it = m_states.find(object);
    if (it == m_states.end())
        return;
    if (it->second.status != Status::Pending)
        m_identity.remove(it->second.model->identityKey(it->second.model->keyOf(object)));
    m_states.erase(it);
}

void Session::expireObject(const void *object)
{
    State &state = stateOf(object);
    if (state.status == Status::Pending)
        throw InvalidRequestError(
                u"Cannot expire an object that was never flushed; expunge() forgets it"_s);
    // What flush compares with becomes what the object holds now, so its unflushed changes are
    // no changes any more; the next load overwrites them.
    state.snapshot = snapshotOf(*state.model, object);
    state.expired = true;
}

bool Session::isModifiedObject(const void *object) const
{
    auto it = m_states.find(object);
    if (it == m_states.end())
        return false;
    if (it->second.status != Status::Persistent)
        return true;
    return !sameSnapshot(snapshotOf(*it->second.model, object), it->second.snapshot);
}

Result Session::query(const CompiledSql &sql, bool autoflush)
{
    requireUsable();
    endStream();
    if (autoflush && m_options.autoflush)
        flushOrRollBack();
    beginIfNeeded(sql.locksRows);
    return m_connection->execute(sql.sql, sql.parameters);
}

QList<std::shared_ptr<void>> Session::load(const ModelInfo &model, const CompiledSql &sql,
                                           bool autoflush)
{
    QList<std::shared_ptr<void>> objects;
    loadEach(model, sql, autoflush, [&objects](std::shared_ptr<void> &&object) {
        objects.append(std::move(object));
        return true;
    });
    return objects;
}

void Session::queryEach(const CompiledSql &sql, bool autoflush, const Connection::RowHandler &onRow)
{
    requireUsable();
    endStream();
    if (autoflush && m_options.autoflush)
        flushOrRollBack();
    beginIfNeeded(sql.locksRows);
    m_connection->executeEach(sql.sql, sql.parameters, onRow);
}

void Session::loadEach(const ModelInfo &model, const CompiledSql &sql, bool autoflush,
                       const ObjectSink &sink)
{
    queryEach(sql, autoflush,
              [&](std::span<const QVariant> row) { return sink(materialize(model, row.data())); });
}

std::shared_ptr<void> Session::materialize(const ModelInfo &model, const QVariant *values)
{
    const QVariant &key = values[model.primaryKey];
    if (key.isNull())
        return nullptr; // the empty side of an outer join
    auto fill = [&](State &state) {
        for (qsizetype i = 0; i < model.columns.size(); ++i)
            model.columns.at(i).write(state.object.get(), values[i]);
        state.expired = false;
        // No hidden I/O: relationships stay unloaded until asked for.
        for (const RelationshipInfo &relationship : model.relationships)
            relationship.unload(state.object.get());
        state.related.clear();
        // Read back through the columns, so the snapshot holds exactly what the object holds.
        state.snapshot = snapshotOf(model, state.object.get());
    };
    // One hash lookup for both "is it known" and "remember it": a slot is made for a new key and
    // filled below, or taken out again if making the object fails.
    const void *&known = m_identity[model.identityKey(key)];
    if (known) {
        State &state = m_states.at(known);
        if (state.expired)
            fill(state);
        return state.object;
    }
    try {
        State &state = track(model, model.create(), Status::Persistent);
        fill(state);
        known = state.object.get();
        return state.object;
    } catch (...) {
        m_identity.remove(model.identityKey(key));
        throw;
    }
}

qint64 Session::bulk(const ModelInfo &model, const CompiledSql &sql,
                     const std::optional<QList<std::pair<QString, QVariant>>> &assignments)
{
    const Result result = query(sql);
    // Keep the identity map true to the rows (SQLAlchemy's synchronize_session="fetch").
    for (const QVariantList &row : result.rawRows()) {
        const IdentityKey identity = model.identityKey(row.value(0));
        const void *known = m_identity.value(identity);
        if (!known)
            continue;
        if (!assignments) {
            m_identity.remove(identity);
            m_states.erase(known);
            continue;
        }
        State &state = m_states.at(known);
        for (const auto &[name, value] : *assignments) {
            const int column = model.columnIndex(name);
            model.columns.at(column).write(state.object.get(), value);
            state.snapshot[column] = model.columns.at(column).read(state.object.get());
        }
    }
    return result.size();
}

QList<std::shared_ptr<void>> Session::loadWhereIn(const ModelInfo &model, int column,
                                                  const QVariantList &keys)
{
    QList<std::shared_ptr<void>> objects;
    for (qsizetype start = 0; start < keys.size(); start += selectInChunk) {
        SqlWriter out(dialect());
        detail::writeSelectEntity(out, model);
        out << u" \nWHERE "_s;
        ColumnRef {model.table, model.columns.at(column).name}.write(out);
        if (keys.size() == 1) {
            out << u" = "_s;
            out.bind(keys.first());
        } else {
            out << u" IN ("_s;
            const qsizetype end = std::min(keys.size(), start + selectInChunk);
            for (qsizetype i = start; i < end; ++i) {
                out << (i == start ? QString() : u", "_s);
                out.bind(keys.at(i));
            }
            out << u") ORDER BY "_s;
            ColumnRef {model.table, model.primaryKeyColumn().name}.write(out);
        }
        // Called inside flush too (to find the children of removed parents): no autoflush.
        objects += load(model, out.finish(), false);
    }
    return objects;
}

void Session::rememberRelated(State &state, qsizetype relationship)
{
    const RelationshipInfo &info = state.model->relationships.at(relationship);
    if (info.isLoaded(state.object.get()))
        state.relatedSlot(relationship) = addressesOf(info.items(state.object.get()));
    else if (relationship < state.related.size())
        state.related[relationship].reset();
}

void Session::loadPath(const QList<std::shared_ptr<void>> &owners,
                       const QList<const RelationshipInfo *> &path, qsizetype step)
{
    if (step >= path.size() || owners.isEmpty())
        return;
    const RelationshipInfo &relationship = *path.at(step);
    const RelationshipInfo *back = relationship.back();
    const RelationshipInfo::Join join = relationship.join();
    QList<std::shared_ptr<void>> loaded;
    auto remember = [this](const std::shared_ptr<void> &object, const RelationshipInfo *info) {
        auto it = m_states.find(object.get());
        if (info && it != m_states.end())
            rememberRelated(it->second, it->second.model->indexOf(*info));
    };

    if (relationship.many) {
        // Parent keys → their children, in one SELECT per chunk of parents.
        const ColumnInfo &parentColumn = join.parent->columns.at(join.parentColumn);
        QVariantList keys;
        QSet<QString> seen;
        for (const std::shared_ptr<void> &owner : owners) {
            const QVariant key = parentColumn.read(owner.get());
            if (key.isNull() || seen.contains(key.toString()))
                continue;
            seen.insert(key.toString());
            keys.append(key);
        }
        loaded = loadWhereIn(*join.child, join.childColumn, keys);
        const ColumnInfo &childColumn = join.child->columns.at(join.childColumn);
        QHash<QString, QList<std::shared_ptr<void>>> byParent;
        for (const std::shared_ptr<void> &child : std::as_const(loaded))
            byParent[childColumn.read(child.get()).toString()].append(child);
        for (const std::shared_ptr<void> &owner : owners) {
            const QList<std::shared_ptr<void>> children
                    = byParent.value(parentColumn.read(owner.get()).toString());
            relationship.load(owner.get(), children, false);
            remember(owner, &relationship);
            if (!back)
                continue;
            for (const std::shared_ptr<void> &child : children) {
                back->load(child.get(), {owner}, true);
                remember(child, back);
            }
        }
    } else {
        // Children's foreign keys → their parents, from the identity map where possible.
        const ColumnInfo &childColumn = join.child->columns.at(join.childColumn);
        const bool byPrimaryKey = join.parentColumn == join.parent->primaryKey;
        QHash<QString, std::shared_ptr<void>> parents;
        QVariantList missing;
        for (const std::shared_ptr<void> &owner : owners) {
            const QVariant key = childColumn.read(owner.get());
            if (key.isNull() || parents.contains(key.toString()))
                continue;
            std::shared_ptr<void> known;
            if (const void *address = m_identity.value(join.parent->identityKey(key));
                byPrimaryKey && address) {
                const State &state = m_states.at(address);
                if (!state.expired && state.status != Status::Deleted)
                    known = state.object;
            }
            parents.insert(key.toString(), known);
            if (!known)
                missing.append(key);
        }
        const ColumnInfo &parentColumn = join.parent->columns.at(join.parentColumn);
        for (const std::shared_ptr<void> &parent :
             loadWhereIn(*join.parent, join.parentColumn, missing))
            parents.insert(parentColumn.read(parent.get()).toString(), parent);
        for (const std::shared_ptr<void> &owner : owners) {
            const QVariant key = childColumn.read(owner.get());
            const std::shared_ptr<void> parent
                    = key.isNull() ? nullptr : parents.value(key.toString());
            // Weakly when the parent's loaded collection holds this child (no cycle).
            const bool weak = parent && back && back->isLoaded(parent.get())
                    && back->holds(parent.get(), owner.get());
            relationship.load(owner.get(),
                              parent ? QList<std::shared_ptr<void>> {parent}
                                     : QList<std::shared_ptr<void>>(),
                              weak);
            remember(owner, &relationship);
            if (parent && !loaded.contains(parent))
                loaded.append(parent);
        }
    }
    loadPath(loaded, path, step + 1);
}

void Session::refreshObject(const ModelInfo &model, void *object)
{
    State &state = stateOf(object);
    if (state.status == Status::Pending)
        throw InvalidRequestError(u"Cannot refresh an object that was never flushed"_s);
    state.expired = true;
    if (!getObject(model, model.keyOf(object)))
        throw InvalidRequestError(u"Could not refresh: the row of %1 is gone"_s.arg(
                model.identityKey(model.keyOf(object)).toString()));
}

std::shared_ptr<void> Session::mergeObject(const ModelInfo &model, const void *source)
{
    requireUsable();
    if (auto it = m_states.find(source); it != m_states.end())
        return it->second.object; // already this session's own object
    QHash<const void *, std::shared_ptr<void>> merged;
    return mergeInto(model, source, merged);
}

std::shared_ptr<void> Session::mergeInto(const ModelInfo &model, const void *source,
                                         QHash<const void *, std::shared_ptr<void>> &merged)
{
    if (const std::shared_ptr<void> done = merged.value(source))
        return done;
    std::shared_ptr<void> target;
    if (!model.keyIsUnset(source))
        target = getObject(model, model.keyOf(source));
    if (!target) {
        target = model.create();
        addObject(model, target);
    }
    merged.insert(source, target);
    for (const ColumnInfo &column : model.columns)
        column.write(target.get(), column.read(source));
    // Loaded relationships are merged too (SQLAlchemy's merge cascade); unloaded ones are left.
    for (const RelationshipInfo &relationship : model.relationships) {
        if (!relationship.isLoaded(source) || relationship.released(source))
            continue;
        QList<std::shared_ptr<void>> items;
        for (const std::shared_ptr<void> &item : relationship.items(source))
            items.append(mergeInto(relationship.target(), item.get(), merged));
        relationship.load(target.get(), items, false);
        for (const std::shared_ptr<void> &item : std::as_const(items)) {
            if (relationship.many)
                detail::linkAppended(relationship, target, item);
            else
                detail::linkAssigned(relationship, target, nullptr, item);
        }
    }
    return target;
}

void Session::openStream(const ModelInfo &model, const CompiledSql &sql)
{
    requireUsable();
    endStream();
    if (m_options.autoflush)
        flushOrRollBack();
    beginIfNeeded(sql.locksRows);
    m_stream = m_connection->openCursor(sql.sql, sql.parameters);
    m_streamModel = &model;
}

QList<std::shared_ptr<void>> Session::nextStreamed(const ModelInfo &model, qsizetype count)
{
    requireUsable();
    if (!m_stream || m_streamModel != &model)
        throw InvalidRequestError(
                u"There is no open stream of %1 in this session"_s.arg(model.table));
    // The chunk before is the caller's now: what they let go need not stay in memory here.
    releaseUnreferenced();
    QList<std::shared_ptr<void>> objects;
    const QList<QVariantList> rows = m_stream->fetch(count);
    objects.reserve(rows.size());
    for (const QVariantList &row : rows)
        objects.append(materialize(model, row.constData()));
    if (rows.size() < count)
        endStream();
    return objects;
}

void Session::releaseUnreferenced()
{
    // Clean objects that nothing but the session holds any more are let go: nobody can change
    // them, so they need no tracking (SQLAlchemy's identity map is weak in the same way).
    QList<const void *> released;
    for (auto &[address, state] : m_states) {
        if (state.status != Status::Persistent || state.object.use_count() != 1)
            continue;
        bool clean = sameSnapshot(snapshotOf(*state.model, address), state.snapshot);
        for (qsizetype i = 0; clean && i < state.model->relationships.size(); ++i) {
            const RelationshipInfo &relationship = state.model->relationships.at(i);
            clean = relationship.isLoaded(address)
                    ? state.knownRelated(i) == addressesOf(relationship.items(address))
                    : !state.knownRelated(i);
        }
        if (clean)
            released.append(address);
    }
    for (const void *address : std::as_const(released)) {
        const State &state = m_states.at(address);
        m_identity.remove(state.model->identityKey(state.snapshot.at(state.model->primaryKey)));
        m_states.erase(address);
    }
}

void Session::flush()
{
    const Operation operation(*this, "flush", true);
    flushOrRollBack();
}

void Session::flushOrRollBack()
{
    requireUsable();
    endStream();
    try {
        doFlush();
    } catch (...) {
        m_flushFailed = true;
        try {
            if (m_connection->inTransaction())
                m_connection->rollback();
        } catch (const Error &) {
            // The flush error is the one to report; the lane drops a broken connection.
        }
        throw;
    }
}

void Session::cascadeDeletes()
{
    QList<const void *> work;
    for (const auto &[address, state] : m_states)
        if (state.status == Status::Deleted && !state.model->relationships.isEmpty())
            work.append(address);
    while (!work.isEmpty()) {
        State &parent = m_states.at(work.takeLast());
        for (const RelationshipInfo &relationship : parent.model->relationships) {
            if (!relationship.many)
                continue;
            const RelationshipInfo::Join join = relationship.join();
            // The children must be known to be nulled or removed: load them (SQLAlchemy
            // loads the collection too).
            if (!relationship.isLoaded(parent.object.get())) {
                const QVariant key
                        = join.parent->columns.at(join.parentColumn).read(parent.object.get());
                relationship.load(parent.object.get(),
                                  loadWhereIn(*join.child, join.childColumn, {key}), false);
            }
            const RelationshipInfo *back = relationship.back();
            for (const std::shared_ptr<void> &child : relationship.items(parent.object.get())) {
                auto it = m_states.find(child.get());
                if (it == m_states.end() || it->second.status == Status::Deleted)
                    continue;
                State &childState = it->second;
                if (relationship.options.cascadeDelete) {
                    if (childState.status == Status::Pending) {
                        m_states.erase(it);
                        continue;
                    }
                    childState.status = Status::Deleted;
                    work.append(child.get());
                    continue;
                }
                join.child->columns.at(join.childColumn).write(child.get(), QVariant());
                if (back && back->holds(child.get(), parent.object.get()))
                    back->load(child.get(), {}, false);
                if (back)
                    childState.relatedSlot(join.child->indexOf(*back)) = QList<const void *>();
            }
        }
    }
}

void Session::syncOne(State &state)
{
    const ModelInfo &model = *state.model;
    for (qsizetype i = 0; i < model.relationships.size(); ++i) {
        const RelationshipInfo &relationship = model.relationships.at(i);
        void *object = state.object.get();
        if (relationship.many || !relationship.isLoaded(object) || relationship.released(object))
            continue;
        const QList<std::shared_ptr<void>> target = relationship.items(object);
        const std::optional<QList<const void *>> &known = state.knownRelated(i);
        // Only an assignment moves the foreign key: a new object's unset One leaves the column
        // as the program wrote it.
        if (known ? *known == addressesOf(target) : target.isEmpty())
            continue;
        const RelationshipInfo::Join join = relationship.join();
        model.columns.at(join.childColumn)
                .write(object,
                       target.isEmpty() ? QVariant()
                                        : join.parent->columns.at(join.parentColumn)
                                                  .read(target.first().get()));
    }
}

void Session::syncMany(State &state)
{
    const ModelInfo &model = *state.model;
    for (qsizetype i = 0; i < model.relationships.size(); ++i) {
        const RelationshipInfo &relationship = model.relationships.at(i);
        const void *object = state.object.get();
        if (!relationship.many || !relationship.isLoaded(object))
            continue;
        const RelationshipInfo::Join join = relationship.join();
        const QVariant key = model.columns.at(join.parentColumn).read(object);
        const ColumnInfo &foreignKey = join.child->columns.at(join.childColumn);
        const QList<std::shared_ptr<void>> items = relationship.items(object);
        const std::optional<QList<const void *>> &known = state.knownRelated(i);
        for (const std::shared_ptr<void> &child : items)
            if (!known || !known->contains(child.get()))
                foreignKey.write(child.get(), key);
        if (!known)
            continue;
        const QList<const void *> now = addressesOf(items);
        for (const void *gone : *known) {
            auto it = m_states.find(gone);
            if (now.contains(gone) || it == m_states.end() || it->second.status == Status::Deleted)
                continue;
            const RelationshipInfo *back = relationship.back();
            const bool adopted = back && !back->items(gone).isEmpty();
            if (relationship.options.deleteOrphan && !adopted) {
                if (it->second.status == Status::Pending)
                    m_states.erase(it);
                else
                    it->second.status = Status::Deleted;
            } else if (foreignKey.read(gone) == key) {
                foreignKey.write(const_cast<void *>(gone), QVariant());
            }
        }
    }
}

void Session::insertAll(const ModelInfo &model, const QList<State *> &states)
{
    // Rows are grouped by the columns the database fills in: a key it assigns, and NULL
    // columns with a server default (left out, so the default applies). Those come back
    // through RETURNING and are written onto the objects.
    QList<std::pair<QList<int>, QList<State *>>> groups;
    for (State *state : states) {
        QList<int> omitted;
        for (qsizetype i = 0; i < model.columns.size(); ++i) {
            const ColumnInfo &column = model.columns.at(i);
            if ((i == model.primaryKey && model.keyIsUnset(state->object.get()))
                || (column.options.serverDefault && column.read(state->object.get()).isNull()))
                omitted.append(int(i));
        }
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [&](const auto &g) { return g.first == omitted; });
        if (group == groups.end())
            groups.append({omitted, {state}});
        else
            group->second.append(state);
    }
    for (const auto &[omitted, group] : std::as_const(groups)) {
        QStringList names, marks, returning;
        for (qsizetype i = 0; i < model.columns.size(); ++i) {
            const QString name = SqlWriter::quote(model.columns.at(i).name);
            if (omitted.contains(int(i))) {
                returning << name;
                continue;
            }
            names << name;
            marks << u"?"_s;
        }
        // Many rows per statement (INSERT ... VALUES (...), (...), ...), as SQLAlchemy's
        // "insertmanyvalues" does: a thousand objects cost one round trip, not a thousand.
        const qsizetype width = names.size();
        const qsizetype perStatement = width == 0
                ? 1
                : std::clamp<qsizetype>(maxBoundValues / width, 1, maxRowsPerInsert);
        auto statementFor = [&](qsizetype rowCount) {
            QString sql;
            if (width == 0) {
                sql = u"INSERT INTO %1 DEFAULT VALUES"_s.arg(SqlWriter::quote(model.table));
            } else {
                const QString row = u"("_s + marks.join(u", "_s) + u")"_s;
                QStringList values(rowCount, row);
                sql = u"INSERT INTO %1 (%2) VALUES %3"_s.arg(
                        SqlWriter::quote(model.table), names.join(u", "_s), values.join(u", "_s));
            }
            if (!returning.isEmpty())
                sql += u" RETURNING "_s + returning.join(u", "_s);
            return sql;
        };
        QList<QVariantList> full, rest;
        for (qsizetype start = 0; start < group.size(); start += perStatement) {
            QVariantList values;
            const qsizetype end = std::min(group.size(), start + perStatement);
            values.reserve((end - start) * width);
            for (qsizetype row = start; row < end; ++row)
                for (qsizetype i = 0; i < model.columns.size(); ++i)
                    if (!omitted.contains(int(i)))
                        values.append(model.columns.at(i).read(group.at(row)->object.get()));
            (end - start == perStatement ? full : rest).append(std::move(values));
        }
        QList<QVariantList> returned;
        if (!full.isEmpty())
            returned += m_connection->executeMany(statementFor(perStatement), full).rawRows();
        if (!rest.isEmpty())
            returned += m_connection->executeMany(statementFor(group.size() % perStatement), rest)
                                .rawRows();
        if (returning.isEmpty())
            continue;
        // RETURNING promises no order; keys the database counts up do: sort by them.
        const qsizetype keyAt = omitted.indexOf(model.primaryKey);
        if (keyAt >= 0 && model.primaryKeyColumn().integer)
            std::sort(returned.begin(), returned.end(), [keyAt](const auto &a, const auto &b) {
                return a.at(keyAt).toLongLong() < b.at(keyAt).toLongLong();
            });
        for (qsizetype row = 0; row < group.size(); ++row) {
            State *state = group.at(row);
            for (qsizetype i = 0; i < omitted.size(); ++i)
                model.columns.at(omitted.at(i))
                        .write(state->object.get(), returned.at(row).value(i));
            state->keyFromDatabase = omitted.contains(model.primaryKey);
            m_keysFromDatabase = m_keysFromDatabase || state->keyFromDatabase;
        }
    }
}

void Session::doFlush()
{
    // Objects reachable through loaded relationships join the session (save-update cascade).
    // In the order objects came into the session, so what they bring along is inserted in that
    // order too.
    QList<const State *> live;
    for (const auto &[address, state] : m_states)
        if (state.status != Status::Deleted && !state.model->relationships.isEmpty())
            live.append(&state);
    std::sort(live.begin(), live.end(),
              [](const State *a, const State *b) { return a->order < b->order; });
    QList<const void *> addresses;
    for (const State *state : std::as_const(live))
        addresses.append(state->object.get());
    for (const void *address : std::as_const(addresses))
        cascadeSaveUpdate(address);
    cascadeDeletes();

    releaseUnreferenced();
    // The usual autoflush before a query in a session that holds nothing (each loaded object
    // let go again) has nothing to write: skip the bookkeeping below.
    if (m_states.empty())
        return;
    QHash<const ModelInfo *, QList<State *>> byModel;
    MetaData involved;
    for (auto &[address, state] : m_states) {
        byModel[state.model].append(&state);
        involved.add(*state.model);
    }
    const QList<const ModelInfo *> order = involved.sortedTables();

    // Table by table in foreign-key order: a table's foreign keys are set from its parents (whose
    // keys are known by then), its rows written, then its keys handed to its children.
    QList<State *> inserted;
    QList<std::pair<State *, Snapshot>> changed; // with their new values
    QList<State *> deleted;
    try {
        for (const ModelInfo *model : order) {
            QList<State *> &states = byModel[model];
            std::sort(states.begin(), states.end(),
                      [](const State *a, const State *b) { return a->order < b->order; });
            QList<State *> pending;
            for (State *state : std::as_const(states)) {
                if (state->status == Status::Deleted)
                    continue;
                syncOne(*state);
                if (state->status == Status::Pending)
                    pending.append(state);
                else if (Snapshot now = snapshotOf(*model, state->object.get());
                         !sameSnapshot(now, state->snapshot))
                    changed.append({state, std::move(now)});
            }
            if (!pending.isEmpty()) {
                beginIfNeeded();
                insertAll(*model, pending);
                inserted += pending;
            }
            for (auto it = changed.begin(); it != changed.end(); ++it) {
                if (it->first->model != model)
                    continue;
                beginIfNeeded();
                update(*it->first, it->second);
            }
            for (State *state : std::as_const(states))
                if (state->status != Status::Deleted)
                    syncMany(*state);
        }
        for (auto it = order.crbegin(); it != order.crend(); ++it) {
            QList<QVariantList> keys;
            for (State *state : std::as_const(byModel[*it])) {
                if (state->status != Status::Deleted)
                    continue;
                keys.append({state->snapshot.at((*it)->primaryKey)});
                deleted.append(state);
            }
            if (keys.isEmpty())
                continue;
            beginIfNeeded();
            m_connection->executeMany(u"DELETE FROM %1 WHERE %1.%2 = ?"_s.arg(
                                              SqlWriter::quote((*it)->table),
                                              SqlWriter::quote((*it)->primaryKeyColumn().name)),
                                      keys);
        }
    } catch (...) {
        // The transaction is gone, and with it the keys the database handed out.
        for (State *state : std::as_const(inserted))
            clearDatabaseKey(*state);
        throw;
    }

    // Everything is written: bring the bookkeeping up to date.
    for (State *state : std::as_const(inserted)) {
        state->status = Status::Persistent;
        state->snapshot = snapshotOf(*state->model, state->object.get());
        m_identity.insert(state->model->identityKey(state->model->keyOf(state->object.get())),
                          state->object.get());
    }
    for (auto &[state, now] : changed)
        state->snapshot = std::move(now);
    for (const ModelInfo *model : order)
        for (State *state : std::as_const(byModel[model]))
            if (state->status != Status::Deleted)
                for (qsizetype i = 0; i < model->relationships.size(); ++i)
                    rememberRelated(*state, i);
    for (const State *state : std::as_const(deleted)) {
        const void *address = state->object.get();
        m_identity.remove(state->model->identityKey(state->snapshot.at(state->model->primaryKey)));
        m_states.erase(address);
    }
}

void Session::update(const State &state, const Snapshot &now)
{
    const ModelInfo &model = *state.model;
    SqlWriter out(dialect());
    out << u"UPDATE "_s << SqlWriter::quote(model.table) << u" SET "_s;
    bool first = true;
    for (qsizetype i = 0; i < now.size(); ++i) {
        if (sameValue(now.at(i), state.snapshot.value(i)))
            continue; // only the changed columns
        out << (std::exchange(first, false) ? QString() : u", "_s)
            << SqlWriter::quote(model.columns.at(i).name) << u"="_s;
        out.bind(now.at(i));
    }
    out << u" WHERE "_s;
    ColumnRef {model.table, model.primaryKeyColumn().name}.write(out);
    out << u" = "_s;
    out.bind(state.snapshot.at(model.primaryKey));
    const CompiledSql sql = out.finish();
    if (m_connection->execute(sql.sql, sql.parameters).rowsAffected() != 1)
        throw InvalidRequestError(u"UPDATE of %1 matched no row: it was deleted elsewhere"_s.arg(
                model.identityKey(state.snapshot.at(model.primaryKey)).toString()));
}

void Session::clearDatabaseKey(State &state)
{
    if (!state.keyFromDatabase)
        return;
    state.model->primaryKeyColumn().write(state.object.get(), QVariant());
    state.keyFromDatabase = false;
}

void Session::commit()
{
    const Operation operation(*this, "commit", true);
    requireUsable();
    flushOrRollBack();
    if (m_connection->inTransaction())
        m_connection->commit();
    m_keysFromDatabase = false;
    for (auto &[address, state] : m_states) {
        state.addedInTransaction = false;
        state.keyFromDatabase = false;
        if (m_options.expireOnCommit)
            state.expired = true;
    }
}

void Session::rollback()
{
    const Operation operation(*this, "rollback", true);
    rollbackNow();
}

void Session::rollbackNow()
{
    if (m_closed)
        throw InvalidRequestError(u"This session is closed; make a new one"_s);
    endStream();
    if (m_connection->inTransaction())
        m_connection->rollback();
    m_flushFailed = false;
    m_keysFromDatabase = false;
    for (auto it = m_states.begin(); it != m_states.end();) {
        State &state = it->second;
        if (state.addedInTransaction) {
            // Flushed ones are in the identity map under the key their snapshot holds.
            if (state.status != Status::Pending)
                m_identity.remove(
                        state.model->identityKey(state.snapshot.at(state.model->primaryKey)));
            clearDatabaseKey(state);
            it = m_states.erase(it);
            continue;
        }
        if (state.status == Status::Deleted)
            state.status = Status::Persistent;
        state.expired = true;
        ++it;
    }
}

void Session::close()
{
    const Operation operation(*this, "close", true);
    if (m_closed)
        return;
    if (m_keysFromDatabase) {
        // Objects INSERTed in this transaction give back the keys the database assigned.
        rollbackNow();
    } else {
        // Every object is forgotten below, so there is nothing to expire one by one: a session
        // that loaded a hundred thousand objects closes without walking them twice.
        endStream();
        if (m_connection->inTransaction())
            m_connection->rollback();
        m_flushFailed = false;
    }
    m_states.clear();
    m_identity.clear();
    m_closed = true;
}

} // namespace orm
