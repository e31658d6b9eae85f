#include "AsyncSession.h"

using namespace Qt::StringLiterals;

namespace orm {

AsyncSession::AsyncSession(std::shared_ptr<AsyncEngine> engine, SessionOptions options)
    : m_core(std::make_shared<Core>())
{
    m_core->engine = std::move(engine);
    m_core->session.reset(new Session(options));
}

Session &AsyncSession::idleSession() const
{
    // busy is cleared by the lane after the operation's last touch of the session, so seeing it
    // clear here also makes that operation's changes visible on this thread.
    if (m_core->busy.load())
        throw InvalidRequestError(u"This session is busy with another operation; await it before "
                                  u"using the session again"_s);
    return *m_core->session;
}

Session &AsyncSession::sessionOn(Core &core, Connection &connection)
{
    core.session->bind(connection);
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
