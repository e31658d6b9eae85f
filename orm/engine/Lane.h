// A connection lane: one long-lived thread that creates, uses and finally removes exactly one
// connection (DESIGN.md, "the one rule"). Work is queued to the lane and runs there in order.
// Private to the engine: callers reach a lane only through a LaneLease.
#pragma once

#include "Connection.h"
#include "Error.h"

#include <QFuture>
#include <QMutex>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

QT_FORWARD_DECLARE_CLASS(QThread)

namespace orm {

class Lane
{
public:
    using ConnectionFactory = std::function<std::unique_ptr<Connection>()>;

    explicit Lane(ConnectionFactory factory);
    // Closes the connection on the lane's own thread, then stops the thread.
    ~Lane();
    Q_DISABLE_COPY_MOVE(Lane)

    // Queues function(Connection &) on the lane. The connection is opened on first use and
    // replaced after it broke. Work queued after close() fails with OperationalError.
    template<typename Function>
    auto run(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>;

    // Queues internal housekeeping that must run even while the lane closes.
    void post(std::function<void()> job);
    // On the lane thread, when a lease ends: rolls back a transaction left open and drops a
    // broken connection, so the next lease starts clean.
    void resetForReuse();

    // Fails the work still queued, closes the connection and waits for the thread to go idle.
    void close();

private:
    Connection &connection();
    void dropIfBroken();
    // The lane thread's loop: runs the queued jobs in order until the lane is destroyed.
    void serve();

    ConnectionFactory m_factory;
    std::unique_ptr<Connection> m_connection; // touched only on the lane thread
    std::atomic_bool m_closing {false};

    QMutex m_mutex;
    QWaitCondition m_queued; // a job was queued, or the thread is to stop
    QWaitCondition m_drained; // the queue is empty and the thread waits for more
    std::deque<std::function<void()>> m_jobs; // guarded by m_mutex
    std::atomic<qsizetype> m_pending {0}; // m_jobs.size(), readable without the lock
    bool m_sleeping = false; // guarded by m_mutex
    bool m_stopping = false; // guarded by m_mutex
    std::unique_ptr<QThread> m_thread;
};

template<typename Function>
auto Lane::run(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>
{
    using R = std::invoke_result_t<Function &, Connection &>;
    QFutureInterface<R> promise;
    promise.reportStarted();
    QFuture<R> future = promise.future();
    // Shared, so the job stays copyable (std::function) whatever the function captures.
    auto body = std::make_shared<std::decay_t<Function>>(std::forward<Function>(function));
    post([this, promise, body = std::move(body)]() mutable {
        try {
            if (m_closing.load())
                throw OperationalError(
                        QStringLiteral("The engine was disposed before this operation could run"));
            struct DropIfBroken
            {
                Lane *lane;
                ~DropIfBroken() { lane->dropIfBroken(); }
            } guard {this};
            if constexpr (std::is_void_v<R>)
                (*body)(connection());
            else
                promise.reportAndMoveResult((*body)(connection()));
        } catch (...) {
            promise.reportException(std::current_exception());
        }
        // What the function holds (a session's lease among it) is let go before the caller
        // hears of the result: a lane a session gives back is free again by then.
        body.reset();
        promise.reportFinished();
    });
    return future;
}

} // namespace orm
