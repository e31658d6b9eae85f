#include "Lane.h"

namespace orm {

Lane::Lane(ConnectionFactory factory) : m_factory(std::move(factory))
{
    // One thread that never expires: a QSqlDatabase must die on the thread that made it.
    m_thread.setMaxThreadCount(1);
    m_thread.setExpiryTimeout(-1);
}

Lane::~Lane()
{
    close();
}

void Lane::post(std::function<void()> job)
{
    m_thread.start(std::move(job));
}

void Lane::close()
{
    if (m_closing.exchange(true))
        return;
    post([this] { m_connection.reset(); });
    m_thread.waitForDone();
}

Connection &Lane::connection()
{
    if (!m_connection)
        m_connection = m_factory();
    return *m_connection;
}

void Lane::resetForReuse()
{
    if (m_connection && m_connection->inTransaction()) {
        try {
            m_connection->rollback();
        } catch (const Error &) {
            // A connection that cannot roll back is broken; dropIfBroken() replaces it.
        }
    }
    dropIfBroken();
}

void Lane::dropIfBroken()
{
    if (m_connection && m_connection->isBroken())
        m_connection.reset();
}

} // namespace orm
