// A connection lane: one long-lived thread that creates, uses and finally removes exactly one
// connection (DESIGN.md, "the one rule"). Work is queued to the lane and runs there in order.
// Private to the engine: callers reach a lane only through a LaneLease.
#pragma once

#include "Connection.h"
#include "Error.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>

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

    QThreadPool m_thread;
    ConnectionFactory m_factory;
    std::unique_ptr<Connection> m_connection; // touched only on the lane thread
    std::atomic_bool m_closing {false};
};

template<typename Function>
auto Lane::run(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>
{
    using R = std::invoke_result_t<Function &, Connection &>;
    return QtConcurrent::run(
            &m_thread, [this, function = std::forward<Function>(function)]() mutable -> R {
                if (m_closing.load())
                    throw OperationalError(QStringLiteral(
                            "The engine was disposed before this operation could run"));
                struct DropIfBroken
                {
                    Lane *lane;
                    ~DropIfBroken() { lane->dropIfBroken(); }
                } guard {this};
                return function(connection());
            });
}

} // namespace orm
