// SQLAlchemy's AsyncSession: a thin proxy that runs a sync Session on one lane and hands back
// QFutures (co_await them with QCoro, or chain .then(context, ...)). The session takes a lane at
// its first database operation and gives it back after commit, rollback or close.
// One operation at a time: starting a second before the first finished is an
// InvalidRequestError, as SQLAlchemy raises for concurrent use of one session.
#pragma once

#include "AsyncEngine.h"

#include "../session/Session.h"

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
        requireIdle();
        m_core->pending.append([object](Session &s) { s.add(object); });
        return object;
    }
    template<Mapped T> QList<std::shared_ptr<T>> addAll(QList<T> objects)
    {
        QList<std::shared_ptr<T>> added;
        added.reserve(objects.size());
        for (T &object : objects)
            added.append(std::make_shared<T>(std::move(object)));
        requireIdle();
        m_core->pending.append([added](Session &s) {
            for (const auto &object : added)
                s.add(object);
        });
        return added;
    }

    template<Mapped T> QFuture<EntityResult<T>> execute(const Select<T> &statement)
    {
        return run([statement](Session &s) { return s.execute(statement); });
    }
    template<typename... Columns>
    QFuture<TupleResult<typename SelectColumns<Columns...>::Row>>
    execute(const SelectColumns<Columns...> &statement)
    {
        return run([statement](Session &s) { return s.execute(statement); });
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
    // Runs function(Session &) on the session's lane (SQLAlchemy's run_sync).
    template<typename Function>
    auto runSync(Function function) -> QFuture<std::invoke_result_t<Function &, Session &>>
    {
        return run(std::move(function));
    }

    QFuture<void> flush();
    QFuture<void> commit();
    QFuture<void> rollback();
    QFuture<void> close();

private:
    struct Core
    {
        std::shared_ptr<AsyncEngine> engine;
        SessionOptions options;
        LaneLease lease;
        std::unique_ptr<Session> session;
        // add() calls made since the last operation, replayed on the lane before it.
        QList<std::function<void(Session &)>> pending;
        std::atomic_bool busy {false};
    };

    void requireIdle() const;
    static Session &sessionOn(Core &core, Connection &connection);

    template<typename Function>
    auto run(Function function) -> QFuture<std::invoke_result_t<Function &, Session &>>;

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
    using R = std::invoke_result_t<Function &, Session &>;
    if (m_core->busy.exchange(true))
        return QtFuture::makeExceptionalFuture<R>(InvalidRequestError(QStringLiteral(
                "This session is busy with another operation; await it before starting the next "
                "(one session is not for concurrent use)")));
    QFuture<LaneLease> granted = m_core->lease.isValid() ? QtFuture::makeReadyFuture(m_core->lease)
                                                         : m_core->engine->checkout();
    return granted
            .then(QtFuture::Launch::Sync,
                  [core = m_core,
                   function = std::move(function)](QFuture<LaneLease> granted) mutable {
                      LaneLease lease;
                      try {
                          lease = granted.result();
                      } catch (...) {
                          core->busy = false;
                          throw;
                      }
                      core->lease = lease;
                      return lease.run(
                              [core, function = std::move(function)](Connection &c) mutable -> R {
                                  struct Finish
                                  {
                                      Core &core;
                                      Connection &connection;
                                      ~Finish()
                                      {
                                          // Outside a transaction the lane goes back to the pool.
                                          if (!connection.inTransaction())
                                              core.lease = LaneLease();
                                          core.busy = false;
                                      }
                                  } finish {*core, c};
                                  return function(sessionOn(*core, c));
                              });
                  })
            .unwrap();
}

} // namespace orm
