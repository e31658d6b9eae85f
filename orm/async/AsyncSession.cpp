#include "AsyncSession.h"

using namespace Qt::StringLiterals;

namespace orm {

AsyncSession::AsyncSession(std::shared_ptr<AsyncEngine> engine, SessionOptions options)
    : m_core(std::make_shared<Core>())
{
    m_core->engine = std::move(engine);
    m_core->options = options;
}

void AsyncSession::requireIdle() const
{
    if (m_core->busy.load())
        throw InvalidRequestError(u"This session is busy with another operation; await it before "
                                  u"changing it"_s);
}

Session &AsyncSession::sessionOn(Core &core, Connection &connection)
{
    if (!core.session)
        core.session = std::make_unique<Session>(connection, core.options);
    else
        core.session->bind(connection);
    for (const auto &add : std::exchange(core.pending, {}))
        add(*core.session);
    return *core.session;
}

QFuture<void> AsyncSession::flush()
{
    return run([](Session &s) { s.flush(); });
}

QFuture<void> AsyncSession::commit()
{
    return run([](Session &s) { s.commit(); });
}

QFuture<void> AsyncSession::rollback()
{
    return run([](Session &s) { s.rollback(); });
}

QFuture<void> AsyncSession::close()
{
    return run([](Session &s) { s.close(); });
}

} // namespace orm
