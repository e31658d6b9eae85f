// The right to use one lane, from checkout until the last copy of the lease is gone (a session
// holds one for a whole transaction). Giving a lane back rolls back whatever transaction was
// left open on it — SQLAlchemy's "reset on return" — before anyone else may take it.
#pragma once

#include "Lane.h"

#include <QList>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace orm {

// The engine's book of which lanes are free, shared with every lease so that a lease that
// outlives its engine finds the book closed instead of a dangling engine.
struct LaneBook
{
    // The standard library's, which ThreadSanitizer sees (as in Lane).
    std::mutex mutex;
    std::condition_variable freed;
    QList<Lane *> free;
    int waiting = 0;
    bool closed = false;
};

class LaneLease
{
public:
    LaneLease() = default;
    LaneLease(std::shared_ptr<LaneBook> book, Lane *lane);

    bool isValid() const { return bool(m_state); }

    // Queues function(Connection &) on the leased lane; the lease stays held until it ran.
    // Fails with OperationalError once the engine is disposed.
    template<typename Function>
    auto run(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>;
    // The same, reporting into promise, which the caller has started (Lane::run).
    template<typename R, typename Function>
    void run(QFutureInterface<R> promise, Function &&function);

private:
    struct State
    {
        State(std::shared_ptr<LaneBook> book, Lane *lane) : book(std::move(book)), lane(lane) { }
        ~State();
        Q_DISABLE_COPY_MOVE(State)

        std::shared_ptr<LaneBook> book;
        Lane *lane;
    };
    std::shared_ptr<State> m_state;
};

template<typename Function>
auto LaneLease::run(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>
{
    auto promise = startedPromise<std::invoke_result_t<Function &, Connection &>>();
    run(promise, std::forward<Function>(function));
    return promise.future();
}

template<typename R, typename Function>
void LaneLease::run(QFutureInterface<R> promise, Function &&function)
{
    Q_ASSERT(m_state);
    const std::lock_guard locker(m_state->book->mutex);
    if (m_state->book->closed) {
        failPromise(promise,
                    std::make_exception_ptr(OperationalError(
                            QStringLiteral("The engine was disposed; this connection is closed"))));
        return;
    }
    m_state->lane->run(std::move(promise),
                       [lease = *this, function = std::forward<Function>(function)](
                               Connection &c) mutable { return function(c); });
}

} // namespace orm
