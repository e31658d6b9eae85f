// A connection of one's own (SQLAlchemy's AsyncConnection): it holds one lane from
// engine->connect() until close() or until the last copy of the handle is gone. Copies share
// the same connection. Operations run on the lane in the order they were called.
#pragma once

#include "../engine/Connection.h"
#include "../engine/LaneLease.h"

#include <QFuture>

#include <memory>

namespace orm {

class AsyncEngine;

class AsyncConnection
{
public:
    AsyncConnection() = default;
    AsyncConnection(std::shared_ptr<AsyncEngine> engine, LaneLease lease);

    // Runs SQL text with bound parameters. Fails with the orm:: error the database caused.
    QFuture<Result> execute(const QString &sql, const QVariantList &parameters = {});
    // Runs function(Connection &) on the lane (SQLAlchemy's conn.run_sync).
    template<typename Function>
    auto runSync(Function &&function) -> QFuture<std::invoke_result_t<Function &, Connection &>>;

    QFuture<void> begin();
    QFuture<void> commit();
    QFuture<void> rollback();

    // Gives the lane back; an open transaction is rolled back. Later calls fail with
    // InvalidRequestError.
    void close();
    bool isClosed() const { return !m_state || !m_state->lease.isValid(); }

private:
    struct State
    {
        std::shared_ptr<AsyncEngine> engine;
        LaneLease lease;
    };
    std::shared_ptr<State> m_state;
};

template<typename Function>
auto AsyncConnection::runSync(Function &&function)
        -> QFuture<std::invoke_result_t<Function &, Connection &>>
{
    using R = std::invoke_result_t<Function &, Connection &>;
    if (isClosed())
        return QtFuture::makeExceptionalFuture<R>(
                InvalidRequestError(QStringLiteral("This connection is closed")));
    return m_state->lease.run(std::forward<Function>(function));
}

} // namespace orm
