#include "Lane.h"

#include <QElapsedTimer>
#include <QThread>

#include <pthread.h>

namespace orm {

namespace {

// How long an idle lane keeps looking for its next job before it sleeps. A session's next
// operation usually follows within tens of microseconds (its caller awaits the result and sends
// the next), and then it starts without waking a sleeping thread, which costs more than the
// statement itself on a busy machine. It yields while it looks, so others may run meanwhile.
constexpr qint64 spinNanoseconds = 100'000;

} // namespace

Lane::Lane(ConnectionFactory factory, std::shared_ptr<std::atomic<quint64>> disconnects)
    : m_factory(std::move(factory)), m_disconnects(std::move(disconnects))
{
    // One thread for the lane's whole life: a QSqlDatabase must die on the thread that made it.
    m_thread = std::thread([this] {
        // The name tools such as top and gdb show (at most 15 characters).
        pthread_setname_np(pthread_self(), "quarry-lane");
        serve();
    });
}

Lane::~Lane()
{
    close();
    {
        const std::lock_guard locker(m_mutex);
        m_stopping = true;
        m_queued.notify_all();
    }
    m_thread.join();
}

void Lane::post(std::function<void()> job)
{
    const std::lock_guard locker(m_mutex);
    m_jobs.push_back(std::move(job));
    m_pending.fetch_add(1, std::memory_order_release);
    if (m_sleeping)
        m_queued.notify_one();
}

void Lane::serve()
{
    for (;;) {
        if (m_pending.load(std::memory_order_acquire) == 0) {
            QElapsedTimer spinning;
            spinning.start();
            while (m_pending.load(std::memory_order_acquire) == 0
                   && spinning.nsecsElapsed() < spinNanoseconds)
                QThread::yieldCurrentThread();
        }
        std::function<void()> job;
        {
            std::unique_lock locker(m_mutex);
            while (m_jobs.empty()) {
                if (m_stopping)
                    return;
                m_sleeping = true;
                m_drained.notify_all();
                m_queued.wait(locker);
                m_sleeping = false;
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_pending.fetch_sub(1, std::memory_order_relaxed);
        }
        job();
        // Gone before the next wait: a job may hold a lease, whose end returns the lane.
        job = nullptr;
    }
}

void Lane::close()
{
    if (m_closing.exchange(true))
        return;
    post([this] { m_connection.reset(); });
    std::unique_lock locker(m_mutex);
    m_drained.wait(locker, [this] { return m_jobs.empty() && m_sleeping; });
}

bool Lane::isCurrentThread() const
{
    return std::this_thread::get_id() == m_thread.get_id();
}

Connection &Lane::connection()
{
    // Opened before another connection of the engine broke: most likely dead too (the server
    // restarted), so it is replaced before it fails a statement, as SQLAlchemy's pool invalidates
    // every connection older than a disconnect. One in a transaction is left to fail on its own.
    if (m_connection && m_disconnectsAtOpen != m_disconnects->load()
        && !m_connection->inTransaction()) {
        m_connection->invalidate();
        m_connection.reset();
    }
    if (!m_connection) {
        m_disconnectsAtOpen = m_disconnects->load();
        m_connection = m_factory();
    }
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
    if (m_connection && m_connection->isBroken()) {
        m_disconnects->fetch_add(1);
        m_connection.reset();
    }
}

} // namespace orm
