// A connection lane: one long-lived thread that creates, uses and finally removes exactly one
// connection (DESIGN.md, "the one rule"). Work is queued to the lane and runs there in order.
// Private to the engine: callers reach a lane only through a LaneLease.
#pragma once

#include "Connection.h"
#include "Error.h"

#include <QFuture>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace orm {

// The futures of the engine's work are reported into straight from the lane (or the checkout
// waiter), never through .then() on another future: see async/Deliver.h for the Qt 6.4 race.
// A promise to hand to Lane::run() and the like, started as QtConcurrent starts its own.
template<typename R> QFutureInterface<R> startedPromise()
{
    QFutureInterface<R> promise;
    promise.reportStarted();
    return promise;
}

// Ends promise with error, when the work cannot even be queued.
template<typename R> void failPromise(QFutureInterface<R> &promise, std::exception_ptr error)
{
    promise.reportException(error);
    promise.reportFinished();
}

class Lane
{
public:
    using ConnectionFactory = std::function<std::unique_ptr<Connection>()>;

    // disconnects counts the broken connections the engine's lanes dropped (shared by them all).
    Lane(ConnectionFactory factory, std::shared_ptr<std::atomic<quint64>> disconnects);
    // Closes the connection on the lane's own thread, then stops the thread.
    ~Lane();
    Q_DISABLE_COPY_MOVE(Lane)

    // Queues function(Connection &) on the lane and reports its result or error into promise
    // (startedPromise()), which the caller holds the future of. The connection is opened on
    // first use and replaced after it broke, or (outside a transaction) after another lane's
    // connection broke: a server that went away took them all. Work queued after close() fails
    // with OperationalError.
    template<typename R, typename Function>
    void run(QFutureInterface<R> promise, Function &&function);

    // Queues internal housekeeping that must run even while the lane closes.
    void post(std::function<void()> job);
    // On the lane thread, when a lease ends: rolls back a transaction left open and drops a
    // broken connection, so the next lease starts clean.
    void resetForReuse();

    // Fails the work still queued, closes the connection and waits for the thread to go idle.
    void close();

    // Whether the caller runs on this lane's thread (which cannot wait for itself to stop).
    bool isCurrentThread() const;

private:
    Connection &connection();
    void dropIfBroken();
    // The lane thread's loop: runs the queued jobs in order until the lane is destroyed.
    void serve();

    ConnectionFactory m_factory;
    std::unique_ptr<Connection> m_connection; // touched only on the lane thread
    std::shared_ptr<std::atomic<quint64>> m_disconnects;
    quint64 m_disconnectsAtOpen = 0; // *m_disconnects when m_connection was opened
    std::atomic_bool m_closing {false};

    // The standard library's, not QMutex and QWaitCondition: Qt 6.4's QWaitCondition unlocks its
    // QMutex inside libQt6Core, out of ThreadSanitizer's sight, which then cannot check the
    // lanes (the tsan preset).
    std::mutex m_mutex;
    std::condition_variable m_queued; // a job was queued, or the thread is to stop
    std::condition_variable m_drained; // the queue is empty and the thread waits for more
    std::deque<std::function<void()>> m_jobs; // guarded by m_mutex
    std::atomic<qsizetype> m_pending {0}; // m_jobs.size(), readable without the lock
    bool m_sleeping = false; // guarded by m_mutex
    bool m_stopping = false; // guarded by m_mutex
    // A std::thread rather than a QThread, for the same reason: joining it is pthread_join,
    // which ThreadSanitizer sees (QThread::wait() waits on a condition inside libQt6Core). Qt
    // adopts the thread when the connection asks QThread::currentThread().
    std::thread m_thread;
};

template<typename R, typename Function>
void Lane::run(QFutureInterface<R> promise, Function &&function)
{
    static_assert(std::is_same_v<R, std::invoke_result_t<Function &, Connection &>>);
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
}

} // namespace orm
