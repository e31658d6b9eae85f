// The engine (SQLAlchemy's AsyncEngine): a URL, options, and a small pool of connection lanes.
// Everything that touches the database runs on a lane; callers get QFutures back, which they
// chain with .then(context, ...) or co_await with QCoro.
#pragma once

#include "../engine/EngineOptions.h"
#include "../engine/LaneLease.h"
#include "../engine/StatementLog.h"
#include "../engine/Url.h"

#include <QFuture>
#include <QObject>
#include <QThreadPool>

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

    // A connection of one's own (SQLAlchemy's engine.connect()): holds a lane until closed.
    QFuture<AsyncConnection> connect();
    // The same with a transaction begun (engine.begin()); commit() or rollback() ends it.
    QFuture<AsyncConnection> begin();

    // Takes a free lane, waiting up to checkoutTimeout; fails with TimeoutError. The lane used
    // last is taken first, so a quiet application keeps one warm connection, not poolSize.
    QFuture<LaneLease> checkout();

    // Closes every connection now; later work fails with OperationalError. Idempotent.
    void dispose();

    // Whether the caller runs on one of the engine's own threads (a lane, the checkout waiter),
    // where dispose() cannot wait for the engine's threads to stop.
    bool runsOnCurrentThread() const;

Q_SIGNALS:
    // Every statement any lane executed, when someone listens (emitted on the lane's thread).
    void statementExecuted(const orm::StatementLog &log);

private:
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
    return checkout()
            .then(QtFuture::Launch::Sync,
                  [function = std::forward<Function>(function)](LaneLease lease) mutable {
                      return lease.run([function = std::move(function)](Connection &c) mutable {
                          return c.transaction([&] { return function(c); });
                      });
                  })
            .unwrap();
}

} // namespace orm
