// SQLAlchemy's AsyncSession: a thin proxy that runs a sync Session on one lane and hands back
// QFutures (co_await them with QCoro, or chain .then(context, ...) on orm::deliver(future,
// context), Deliver.h). The session takes a lane at its first database operation and gives it
// back after commit, rollback or close.
// One operation at a time: starting a second before the first finished is an
// InvalidRequestError, as SQLAlchemy raises for concurrent use of one session.
// The calls without I/O (add, addAll, expire, expunge, isModified, contains) run at once on the
// caller's thread: while no operation runs, nothing else touches the session.
#pragma once

#include "AsyncEngine.h"

#include "../session/Session.h"

#include <QCoroAsyncGenerator>
#include <QCoroFuture>

#include <functional>

namespace orm {

class AsyncSession
{
public:
    AsyncSession(std::shared_ptr<AsyncEngine> engine, SessionOptions options = {});

    // No I/O: the object is INSERTed by the next flush or commit.
    template<Mapped T> std::shared_ptr<T> add(T object)
    {
        return add(std::make_shared<T>(std::move(object)));
    }
    template<Mapped T> std::shared_ptr<T> add(std::shared_ptr<T> object)
    {
        return idleSession().add(std::move(object));
    }
    template<Mapped T> QList<std::shared_ptr<T>> addAll(QList<T> objects)
    {
        return idleSession().addAll(std::move(objects));
    }
    // No I/O: the object's columns are overwritten by the next query that returns its row
    // (Session::expire). Raises InvalidRequestError when the object is not in this session.
    template<Mapped T> void expire(const std::shared_ptr<T> &object)
    {
        idleSession().expire(object);
    }
    // No I/O: the session forgets the object (Session::expunge).
    template<Mapped T> void expunge(const std::shared_ptr<T> &object)
    {
        idleSession().expunge(object);
    }
    // No I/O: whether the next flush would write something for the object.
    template<Mapped T> bool isModified(const std::shared_ptr<T> &object) const
    {
        return idleSession().isModified(object);
    }
    // No I/O: whether the session tracks the object (pending, persistent or marked for removal).
    template<Mapped T> bool contains(const std::shared_ptr<T> &object) const
    {
        return idleSession().contains(object);
    }

    // Any statement the sync Session executes: selects, bulk update/delete, text().
    template<typename Statement>
    auto execute(Statement statement)
            -> QFuture<decltype(std::declval<Session &>().execute(statement))>
    {
        return run([statement = std::move(statement)](Session &s) { return s.execute(statement); });
    }
    // The first entity (or first column value) of a select, reading no further than the first
    // row (SQLAlchemy's session.scalar(stmt)): null / nullopt when there is no row.
    //     auto user = co_await session.scalar(orm::select<User>().where(Users::name == name));
    template<typename Statement>
    auto scalar(Statement statement)
            -> QFuture<decltype(std::declval<Session &>().scalar(statement))>
    {
        return run([statement = std::move(statement)](Session &s) { return s.scalar(statement); });
    }
    template<Mapped T> QFuture<std::shared_ptr<T>> get(const QVariant &primaryKey)
    {
        return run([primaryKey](Session &s) { return s.get<T>(primaryKey); });
    }
    // The seed's `await session.delete(obj)`.
    template<Mapped T> QFuture<void> remove(std::shared_ptr<T> object)
    {
        return run([object](Session &s) { s.remove(object); });
    }
    // Reloads the columns, and the relationships the options name:
    // co_await session.refresh(user, orm::selectinLoad(&User::posts)).
    template<Mapped T, typename... O>
    requires(std::is_same_v<O, LoadOption> &&...) QFuture<void> refresh(std::shared_ptr<T> object,
                                                                        O... option)
    {
        return run([object, option...](Session &s) { s.refresh(object, option...); });
    }
    // The session's object with the columns of object (Session::merge).
    template<Mapped T> QFuture<std::shared_ptr<T>> merge(T object)
    {
        return run([object = std::move(object)](Session &s) { return s.merge(object); });
    }
    // A big select in chunks of up to chunkSize objects, each read on the lane when the caller
    // asks for it, so the whole result is never in memory (SQLAlchemy's session.stream()):
    //     auto chunks = session.stream(orm::select<User>(), 1000);
    //     QCORO_FOREACH(const auto &chunk, chunks) { ... }
    // Another operation on the session ends the stream.
    // The statement is taken by value: the generator starts when first asked, after the caller's
    // temporaries are gone. Every temporary is made in a statement of its own, before the
    // co_await: GCC 12 destroys temporaries inside a co_await expression twice.
    template<Mapped T>
    QCoro::AsyncGenerator<QList<std::shared_ptr<T>>> stream(Select<T> statement,
                                                            qsizetype chunkSize = 1000)
    {
        // QCoro 0.8's AsyncGenerator awaits tasks only, hence qCoro(...).waitForFinished().
        QFuture<void> opened = run([statement](Session &s) { s.beginStream(statement); });
        co_await qCoro(opened).waitForFinished();
        for (bool more = true; more;) {
            QFuture<QList<std::shared_ptr<T>>> next
                    = run([chunkSize](Session &s) { return s.template streamNext<T>(chunkSize); });
            QList<std::shared_ptr<T>> chunk = co_await qCoro(next).waitForFinished();
            // A short chunk is the last one: the session has ended the stream.
            more = chunk.size() == chunkSize;
            if (!chunk.isEmpty())
                co_yield chunk;
        }
    }

    // Runs function(Session &) on the session's lane (SQLAlchemy's run_sync).
    template<typename Function>
    auto runSync(Function function) -> QFuture<std::invoke_result_t<Function &, Session &>>
    {
        return run(std::move(function));
    }
    // The same, reporting the result or error into promise, which the caller made and started:
    // a long job can report progress on it and see it canceled (through its own copy).
    template<typename R, typename Function>
    void runSyncInto(QFutureInterface<R> promise, Function function);

    QFuture<void> flush();
    QFuture<void> commit();
    QFuture<void> rollback();
    QFuture<void> close();

private:
    struct Core
    {
        std::shared_ptr<AsyncEngine> engine;
        LaneLease lease;
        // Bound to the lane's connection before each operation.
        std::unique_ptr<Session> session;
        std::atomic_bool busy {false};
    };

    // One operation's hold on the session, let go of when the lane lets go of the operation,
    // whether it ran or not (the connection could not be opened, the engine was disposed): the
    // session is no longer busy, and outside a transaction its lane goes back to the pool.
    struct Operation
    {
        explicit Operation(std::shared_ptr<Core> core) : core(std::move(core)) { }
        Operation(Operation &&) = default;
        ~Operation()
        {
            if (!core)
                return;
            if (!keepLease)
                core->lease = LaneLease();
            core->busy = false;
        }

        std::shared_ptr<Core> core;
        bool keepLease = false;
    };

    // The session, for a call without I/O; raises InvalidRequestError while an operation runs.
    Session &idleSession() const;
    static Session &sessionOn(Core &core, Connection &connection);

    template<typename Function>
    auto run(Function function) -> QFuture<std::invoke_result_t<Function &, Session &>>;
    // Queues the operation on the leased lane.
    template<typename R, typename Function>
    static void start(std::shared_ptr<Core> core, LaneLease lease, QFutureInterface<R> promise,
                      Function function);

    std::shared_ptr<Core> m_core;
};

// The seed's sessionmaker(bind=engine, class_=AsyncSession, expire_on_commit=False).
inline std::function<AsyncSession()> asyncSessionMaker(std::shared_ptr<AsyncEngine> engine,
                                                       SessionOptions options = {})
{
    return [engine = std::move(engine), options] {
        return AsyncSession(engine, options);
    };
}

template<typename Function>
auto AsyncSession::run(Function function) -> QFuture<std::invoke_result_t<Function &, Session &>>
{
    auto promise = startedPromise<std::invoke_result_t<Function &, Session &>>();
    runSyncInto(promise, std::move(function));
    return promise.future();
}

template<typename R, typename Function>
void AsyncSession::runSyncInto(QFutureInterface<R> promise, Function function)
{
    static_assert(std::is_same_v<R, std::invoke_result_t<Function &, Session &>>);
    if (m_core->busy.exchange(true))
        return failPromise(promise,
                           std::make_exception_ptr(InvalidRequestError(
                                   QStringLiteral("This session is busy with another operation; "
                                                  "await it before starting the next "
                                                  "(one session is not for concurrent use)"))));
    // The usual case: the session already holds its lane, or one is free. Then the operation
    // costs one trip to the lane and back, with no thread between.
    if (m_core->lease.isValid()) {
        start(m_core, m_core->lease, std::move(promise), std::move(function));
        return;
    }
    // Shared, so the handler stays copyable (std::function) whatever the function captures.
    auto body = std::make_shared<Function>(std::move(function));
    m_core->engine->checkout(
            [core = m_core, promise, body](LaneLease lease, std::exception_ptr error) mutable {
                if (error) {
                    core->busy = false;
                    return failPromise(promise, error);
                }
                start(std::move(core), std::move(lease), std::move(promise), std::move(*body));
            });
}

template<typename R, typename Function>
void AsyncSession::start(std::shared_ptr<Core> core, LaneLease lease, QFutureInterface<R> promise,
                         Function function)
{
    core->lease = lease;
    lease.run(std::move(promise),
              [operation = Operation(std::move(core)),
               function = std::move(function)](Connection &c) mutable -> R {
                  struct Finish
                  {
                      Operation &operation;
                      Connection &connection;
                      ~Finish() { operation.keepLease = connection.inTransaction(); }
                  } finish {operation, c};
                  return function(sessionOn(*operation.core, c));
              });
}

} // namespace orm
