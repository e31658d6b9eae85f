#include "Lane.h"

#include <QElapsedTimer>
#include <QThread>

namespace orm {

namespace {

// How long an idle lane keeps looking for its next job before it sleeps. A session's next
// operation usually follows within tens of microseconds (its caller awaits the result and sends
// the next), and then it starts without waking a sleeping thread, which costs more than the
// statement itself on a busy machine. It yields while it looks, so others may run meanwhile.
constexpr qint64 spinNanoseconds = 100'000;

} // namespace

Lane::Lane(ConnectionFactory factory) : m_factory(std::move(factory))
{
    // One thread for the lane's whole life: a QSqlDatabase must die on the thread that made it.
    m_thread.reset(QThread::create([this] { serve(); }));
    m_thread->setObjectName(QStringLiteral("quarry-lane"));
    m_thread->start();
}

Lane::~Lane()
{
    close();
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_queued.wakeAll();
    }
    m_thread->wait();
}

void Lane::post(std::function<void()> job)
{
    QMutexLocker locker(&m_mutex);
    m_jobs.push_back(std::move(job));
    m_pending.fetch_add(1, std::memory_order_release);
    if (m_sleeping)
        m_queued.wakeOne();
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
            QMutexLocker locker(&m_mutex);
            while (m_jobs.empty()) {
                if (m_stopping)
                    return;
                m_sleeping = true;
                m_drained.wakeAll();
                m_queued.wait(&m_mutex);
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
    QMutexLocker locker(&m_mutex);
    while (!m_jobs.empty() || !m_sleeping)
        m_drained.wait(&m_mutex);
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
