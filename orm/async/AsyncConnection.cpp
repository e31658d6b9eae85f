#include "AsyncConnection.h"

namespace orm {

AsyncConnection::AsyncConnection(std::shared_ptr<AsyncEngine> engine, LaneLease lease)
    : m_state(std::make_shared<State>(State {std::move(engine), std::move(lease)}))
{ }

QFuture<Result> AsyncConnection::execute(const QString &sql, const QVariantList &parameters)
{
    return runSync([sql, parameters](Connection &c) { return c.execute(sql, parameters); });
}

QFuture<void> AsyncConnection::begin()
{
    return runSync([](Connection &c) { c.begin(); });
}

QFuture<void> AsyncConnection::commit()
{
    return runSync([](Connection &c) { c.commit(); });
}

QFuture<void> AsyncConnection::rollback()
{
    return runSync([](Connection &c) { c.rollback(); });
}

void AsyncConnection::close()
{
    if (m_state)
        m_state->lease = LaneLease();
}

} // namespace orm
