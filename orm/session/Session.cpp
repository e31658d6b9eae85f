#include "Session.h"

#include "MetaData.h"

#include "../engine/Error.h"

using namespace Qt::StringLiterals;

namespace orm {

Session::Session(Connection &connection, SessionOptions options)
    : m_connection(&connection), m_options(options)
{ }

QVariantList Session::snapshotOf(const ModelInfo &model, const void *object)
{
    QVariantList values;
    values.reserve(model.columns.size());
    for (const ColumnInfo &column : model.columns)
        values.append(column.read(object));
    return values;
}

Session::State &Session::stateOf(const void *object)
{
    auto it = m_states.find(object);
    if (it == m_states.end())
        throw InvalidRequestError(u"The object is not in this session"_s);
    return *it;
}

void Session::requireUsable() const
{
    if (m_flushFailed)
        throw InvalidRequestError(u"This session's transaction has been rolled back due to a "
                                  u"previous exception during flush; call rollback() first"_s);
}

void Session::beginIfNeeded()
{
    if (!m_connection->inTransaction())
        m_connection->begin();
}

void Session::addObject(const ModelInfo &model, std::shared_ptr<void> object)
{
    requireUsable();
    const void *address = object.get();
    if (auto it = m_states.find(address); it != m_states.end()) {
        if (it->status == Status::Deleted) // add() after remove() undoes the removal
            it->status = Status::Persistent;
        return;
    }
    State state;
    state.object = std::move(object);
    state.model = &model;
    state.addedInTransaction = true;
    state.order = m_nextOrder++;
    m_states.insert(address, std::move(state));
}

std::shared_ptr<void> Session::getObject(const ModelInfo &model, const QVariant &key)
{
    requireUsable();
    if (const void *known = m_identity.value(model.identityKey(key))) {
        const State &state = m_states[known];
        if (state.status == Status::Deleted)
            return nullptr;
        if (!state.expired)
            return state.object;
    }
    SqlWriter out(dialect());
    detail::writeSelectEntity(out, model);
    out << u"  WHERE "_s;
            ColumnRef {model.table, model.primaryKeyColumn().name}
                    .write(out);
    out << u" = "_s;
    out.bind(key);
    const QList<std::shared_ptr<void>> found = load(model, out.finish());
    return found.isEmpty() ? nullptr : found.first();
}

void Session::removeObject(const ModelInfo &, const void *object)
{
    requireUsable();
    State &state = stateOf(object);
    if (state.status == Status::Pending) {
        // Never written: removing it just forgets it (SQLAlchemy expunges pending objects).
        m_states.remove(object);
        return;
    }
    state.status = Status::Deleted;
}

void Session::expungeObject(const void *object)
{
    auto it = m_states.find(object);
    if (it == m_states.end())
        return;
    if (it->status != Status::Pending)
        m_identity.remove(it->model->identityKey(it->model->keyOf(object)));
    m_states.erase(it);
}

bool Session::isModifiedObject(const void *object) const
{
    auto it = m_states.find(object);
    if (it == m_states.end())
        return false;
    if (it->status != Status::Persistent)
        return true;
    return snapshotOf(*it->model, object) != it->snapshot;
}

Result Session::query(const CompiledSql &sql)
{
    requireUsable();
    if (m_options.autoflush)
        flush();
    beginIfNeeded();
    return m_connection->execute(sql.sql, sql.parameters);
}

QList<std::shared_ptr<void>> Session::load(const ModelInfo &model, const CompiledSql &sql)
{
    const Result result = query(sql);
    QList<std::shared_ptr<void>> objects;
    objects.reserve(result.size());
    for (const QVariantList &values : result.rawRows()) {
        const QString identity = model.identityKey(values.at(model.primaryKey));
        if (const void *known = m_identity.value(identity)) {
            State &state = m_states[known];
            if (state.expired) {
                for (qsizetype i = 0; i < model.columns.size(); ++i)
                    model.columns.at(i).write(state.object.get(), values.at(i));
                state.snapshot = snapshotOf(model, state.object.get());
                state.expired = false;
            }
            objects.append(state.object);
            continue;
        }
        State state;
        state.object = model.create();
        state.model = &model;
        for (qsizetype i = 0; i < model.columns.size(); ++i)
            model.columns.at(i).write(state.object.get(), values.at(i));
        state.snapshot = snapshotOf(model, state.object.get());
        state.status = Status::Persistent;
        state.order = m_nextOrder++;
        m_identity.insert(identity, state.object.get());
        objects.append(state.object);
        m_states.insert(state.object.get(), std::move(state));
    }
    return objects;
}

void Session::refreshObject(const ModelInfo &model, void *object)
{
    State &state = stateOf(object);
    if (state.status == Status::Pending)
        throw InvalidRequestError(u"Cannot refresh an object that was never flushed"_s);
    state.expired = true;
    if (!getObject(model, model.keyOf(object)))
        throw InvalidRequestError(u"Could not refresh: the row of %1 is gone"_s.arg(
                model.identityKey(model.keyOf(object))));
}

void Session::flush()
{
    requireUsable();
    try {
        doFlush();
    } catch (...) {
        m_flushFailed = true;
        try {
            m_connection->rollback();
        } catch (const Error &) {
            // The flush error is the one to report; the lane drops a broken connection.
        }
        throw;
    }
}

void Session::insertAll(const ModelInfo &model, const QList<State *> &states)
{
    // Two shapes: keys the database assigns (returned by RETURNING) and keys given by the caller.
    QList<State *> assigned, given;
    for (State *state : states)
        (model.keyIsUnset(state->object.get()) ? assigned : given).append(state);
    for (const bool databaseKeys : {true, false}) {
        const QList<State *> &group = databaseKeys ? assigned : given;
        if (group.isEmpty())
            continue;
        QStringList names, marks;
        for (qsizetype i = 0; i < model.columns.size(); ++i) {
            if (databaseKeys && i == model.primaryKey)
                continue;
            names << SqlWriter::quote(model.columns.at(i).name);
            marks << u"?"_s;
        }
        QString sql = u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(
                SqlWriter::quote(model.table), names.join(u", "_s), marks.join(u", "_s));
        if (databaseKeys)
            sql += u" RETURNING "_s + SqlWriter::quote(model.primaryKeyColumn().name);
        QList<QVariantList> rows;
        rows.reserve(group.size());
        for (State *state : group) {
            QVariantList values = snapshotOf(model, state->object.get());
            if (databaseKeys)
                values.removeAt(model.primaryKey);
            rows.append(std::move(values));
        }
        const Result result = m_connection->executeMany(sql, rows);
        if (databaseKeys) {
            for (qsizetype i = 0; i < group.size(); ++i) {
                model.primaryKeyColumn().write(group.at(i)->object.get(),
                                               result.rawRows().at(i).value(0));
                group.at(i)->keyFromDatabase = true;
            }
        }
    }
}

void Session::doFlush()
{
    // One pass over the session decides all the work; with none, no SQL is sent at all.
    QHash<const ModelInfo *, QList<State *>> pending;
    QList<std::pair<State *, QVariantList>> changed; // with their current values
    QList<State *> deleted;
    MetaData involved;
    for (State &state : m_states) {
        if (state.status == Status::Pending) {
            pending[state.model].append(&state);
        } else if (state.status == Status::Deleted) {
            deleted.append(&state);
        } else if (QVariantList now = snapshotOf(*state.model, state.object.get());
                   now != state.snapshot) {
            changed.append({&state, std::move(now)});
            continue;
        } else {
            continue;
        }
        involved.add(*state.model);
    }
    if (pending.isEmpty() && changed.isEmpty() && deleted.isEmpty())
        return;
    for (const auto &[state, now] : std::as_const(changed))
        involved.add(*state->model);
    const QList<const ModelInfo *> order = involved.sortedTables();

    beginIfNeeded();
    try {
        for (const ModelInfo *model : order) {
            QList<State *> &states = pending[model];
            std::sort(states.begin(), states.end(),
                      [](const State *a, const State *b) { return a->order < b->order; });
            insertAll(*model, states);
        }
        for (const auto &[state, now] : std::as_const(changed))
            update(*state, now);
        for (auto it = order.crbegin(); it != order.crend(); ++it) {
            QList<QVariantList> keys;
            for (const State *state : std::as_const(deleted))
                if (state->model == *it)
                    keys.append({state->snapshot.at((*it)->primaryKey)});
            if (keys.isEmpty())
                continue;
            m_connection->executeMany(u"DELETE FROM %1 WHERE %1.%2 = ?"_s.arg(
                                              SqlWriter::quote((*it)->table),
                                              SqlWriter::quote((*it)->primaryKeyColumn().name)),
                                      keys);
        }
    } catch (...) {
        // The transaction is gone, and with it the keys the database handed out.
        for (QList<State *> &states : pending)
            for (State *state : states)
                clearDatabaseKey(*state);
        throw;
    }

    // Everything is written: bring the bookkeeping up to date.
    for (const QList<State *> &states : std::as_const(pending)) {
        for (State *state : states) {
            state->status = Status::Persistent;
            state->snapshot = snapshotOf(*state->model, state->object.get());
            m_identity.insert(state->model->identityKey(state->model->keyOf(state->object.get())),
                              state->object.get());
        }
    }
    for (auto &[state, now] : changed)
        state->snapshot = std::move(now);
    // Erasing from a QHash may move its other entries: take the addresses before erasing.
    QList<const void *> gone;
    for (const State *state : std::as_const(deleted)) {
        m_identity.remove(state->model->identityKey(state->snapshot.at(state->model->primaryKey)));
        gone.append(state->object.get());
    }
    for (const void *object : std::as_const(gone))
        m_states.remove(object);
}

void Session::update(const State &state, const QVariantList &now)
{
    const ModelInfo &model = *state.model;
    SqlWriter out(dialect());
    out << u"UPDATE "_s << SqlWriter::quote(model.table) << u" SET "_s;
    bool first = true;
    for (qsizetype i = 0; i < now.size(); ++i) {
        if (now.at(i) == state.snapshot.value(i))
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
                model.identityKey(state.snapshot.at(model.primaryKey))));
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
    requireUsable();
    flush();
    if (m_connection->inTransaction())
        m_connection->commit();
    for (State &state : m_states) {
        state.addedInTransaction = false;
        state.keyFromDatabase = false;
        if (m_options.expireOnCommit)
            state.expired = true;
    }
}

void Session::rollback()
{
    if (m_connection->inTransaction())
        m_connection->rollback();
    m_flushFailed = false;
    for (auto it = m_states.begin(); it != m_states.end();) {
        if (it->addedInTransaction) {
            clearDatabaseKey(*it);
            m_identity.remove(m_identity.key(it->object.get()));
            it = m_states.erase(it);
            continue;
        }
        if (it->status == Status::Deleted)
            it->status = Status::Persistent;
        it->expired = true;
        ++it;
    }
}

void Session::close()
{
    rollback();
    m_states.clear();
    m_identity.clear();
}

} // namespace orm
