// The engine (SQLAlchemy's AsyncEngine): a URL, options, and a small pool of connection lanes.
// Everything that touches the database runs on a lane; callers get QFutures back, which they
// co_await with QCoro, watch with a QFutureWatcher, or chain with .then(context, ...) after
// orm::deliver(future, context) (see Deliver.h: Qt 6.4 may run a continuation twice when the
// future finishes on another thread while .then() attaches it).
//
// For the same reason nothing in the ORM attaches a continuation to a future a lane or the
// checkout waiter finishes: a checkout calls back, and a lane reports straight into the
// future the caller was handed.
#pragma once

#include "../engine/EngineOptions.h"
#include "../engine/LaneLease.h"
#include "../engine/StatementLog.h"
#include "../engine/Url.h"

#include <QFuture>
#include <QObject>
#include <QThreadPool>

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

namespace orm {

class AsyncConnection;

class AsyncEngine : public QObject,
                    public std::enable_shared_from_this<AsyncEngine>,
                    private StatementObserver
{
    Q_OBJECT

public:
    // Use createAsyncEngine(); the engine is shared by its sessions and connections.
    AsyncEngine(Url url, EngineOptions options);
    // Disposes: queued work fails with OperationalError, running work finishes, connections
    // close on their own threads.
    ~AsyncEngine() override;

    Url url() const { return m_url; }
    Dialect dialect() const { return m_url.dialect(); }
    EngineOptions options() const { return m_options; }
    int poolSize() const { return int(m_lanes.size()); }

    bool echo() const { return m_echo.load(); }
    void setEcho(bool echo) { m_echo.store(echo); }

    // The seed's `async with engine.begin() as conn: await conn.run_sync(fn)`: runs
    // function(Connection &) on a lane inside a transaction that commits when it returns and
    // rolls back when it throws.
    template<typename Function>
    auto runSync(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>;
    // The same without a transaction: each statement commits on its own (autocommit). A read
    // of one statement sees a consistent snapshot and, unlike runSync() on SQLite (BEGIN
    // IMMEDIATE), never queues behind a writer.
    template<typename Function>
    auto runSyncAutocommit(Function &&function)
            -> QFuture<std::invoke_result_t<Function &, Connection &>>;

    // A connection of one's own (SQLAlchemy's engine.connect()): holds a lane until closed.
    QFuture<AsyncConnection> connect();
    // The same with a transaction begun (engine.begin()); commit() or rollback() ends it.
    QFuture<AsyncConnection> begin();

    // Takes a free lane, waiting up to checkoutTimeout, and calls handler exactly once: with the
    // lease, or with the error (TimeoutError; OperationalError once disposed) and no lease. It
    // runs at once on the caller's thread when a lane is free, else on the checkout waiter's
    // thread, where it must not block. The lane used last is taken first, so a quiet
    // application keeps one warm connection, not poolSize.
    using CheckoutHandler = std::function<void(LaneLease lease, std::exception_ptr error)>;
    void checkout(CheckoutHandler handler);

    // Closes every connection now; later work fails with OperationalError. Idempotent.
    void dispose();

    // Whether the caller runs on one of the engine's own threads (a lane, the checkout waiter),
    // where dispose() cannot wait for the engine's threads to stop.
    bool runsOnCurrentThread() const;

Q_SIGNALS:
    // Every statement any lane executed, when someone listens (emitted on the lane's thread).
    void statementExecuted(const orm::StatementLog &log);

private:
    // On the checkout waiter's thread: the next lane given back, or TimeoutError at deadline.
    LaneLease waitForFreeLane(std::chrono::steady_clock::time_point deadline);
    // Runs function(Connection &) on a free lane, reporting into promise (started).
    template<typename R, typename Function>
    void runOnFreeLane(QFutureInterface<R> promise, Function function);

    bool wantsStatements() const override;
    void observeStatement(const StatementLog &log) override;

    Url m_url;
    EngineOptions m_options;
    std::atomic_bool m_echo;
    std::shared_ptr<LaneBook> m_book;
    std::shared_ptr<std::atomic<quint64>> m_disconnects;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    // Waits for a free lane, one checkout at a time: every waiter has the same timeout, so
    // first come is also first to expire and one thread serves them all in order.
    QThreadPool m_checkoutWaiter;
};

// SQLAlchemy's create_async_engine(). Throws ArgumentError for a bad URL, a bad option or a
// missing Qt SQL driver plugin (naming the Debian package that provides it).
std::shared_ptr<AsyncEngine> createAsyncEngine(const QString &url, EngineOptions options = {});
std::shared_ptr<AsyncEngine> createAsyncEngine(const Url &url, EngineOptions options = {});

template<typename Function>
auto AsyncEngine::runSync(Function &&function)
        -> QFuture<std::invoke_result_t<Function &, Connection &>>
{
    auto promise = startedPromise<std::invoke_result_t<Function &, Connection &>>();
    runOnFreeLane(promise, [function = std::forward<Function>(function)](Connection &c) mutable {
        return c.transaction([&] { return function(c); });
    });
    return promise.future();
}

template<typename Function>
auto AsyncEngine::runSyncAutocommit(Function &&function)
        -> QFuture<std::invoke_result_t<Function &, Connection &>>
{
    auto promise = startedPromise<std::invoke_result_t<Function &, Connection &>>();
    runOnFreeLane(promise, std::forward<Function>(function));
    return promise.future();
}

template<typename R, typename Function>
void AsyncEngine::runOnFreeLane(QFutureInterface<R> promise, Function function)
{
    // Shared, so the handler stays copyable (std::function) whatever the function captures.
    auto body = std::make_shared<Function>(std::move(function));
    checkout([promise, body](LaneLease lease, std::exception_ptr error) mutable {
        if (error)
            return failPromise(promise, error);
        lease.run(std::move(promise),
                  [body = std::move(body)](Connection &c) mutable { return (*body)(c); });
    });
}

} // namespace orm
