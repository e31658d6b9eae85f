#include "AsyncEngine.h"

#include "AsyncConnection.h"

#include <QMetaMethod>
#include <QSqlDatabase>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace orm {

namespace {

// Unique QSqlDatabase connection names across every engine of the process.
std::atomic_int nextConnectionNumber {0};

// The engine whose checkout waiter runs on this thread, if any.
thread_local const AsyncEngine *checkoutWaiterOf = nullptr;

} // namespace

AsyncEngine::AsyncEngine(Url url, EngineOptions options)
    : m_url(std::move(url)), m_options(options), m_echo(options.echo),
      m_book(std::make_shared<LaneBook>()), m_disconnects(std::make_shared<std::atomic<quint64>>(0))
{
    // An in-memory SQLite database exists inside one connection, so it gets exactly one lane
    // and every session of the engine sees the same data (SQLAlchemy uses a StaticPool here).
    const int lanes = m_url.isMemory() ? 1 : m_options.poolSize;
    m_lanes.reserve(lanes);
    for (int i = 0; i < lanes; ++i) {
        auto lane = std::make_unique<Lane>(
                [this] {
                    const QString name = u"quarry-%1"_s.arg(nextConnectionNumber.fetch_add(1));
                    return std::make_unique<Connection>(name, m_url, m_options,
                                                        static_cast<StatementObserver *>(this));
                },
                m_disconnects);
        m_book->free.append(lane.get());
        m_lanes.push_back(std::move(lane));
    }
    m_checkoutWaiter.setMaxThreadCount(1);
}

AsyncEngine::~AsyncEngine()
{
    dispose();
}

void AsyncEngine::dispose()
{
    {
        const std::lock_guard locker(m_book->mutex);
        if (m_book->closed)
            return;
        m_book->closed = true;
        m_book->freed.notify_all();
    }
    m_checkoutWaiter.waitForDone();
    for (const auto &lane : m_lanes)
        lane->close();
}

QFuture<LaneLease> AsyncEngine::checkout()
{
    {
        const std::lock_guard locker(m_book->mutex);
        if (m_book->closed)
            return QtFuture::makeExceptionalFuture<LaneLease>(
                    OperationalError(u"The engine was disposed"_s));
        if (m_book->waiting == 0 && !m_book->free.isEmpty())
            return QtFuture::makeReadyFuture(LaneLease(m_book, m_book->free.takeLast()));
        ++m_book->waiting;
    }
    const auto deadline = std::chrono::steady_clock::now() + m_options.checkoutTimeout;
    return QtConcurrent::run(&m_checkoutWaiter, [book = m_book, deadline, this] {
        checkoutWaiterOf = this;
        std::unique_lock locker(book->mutex);
        book->freed.wait_until(locker, deadline,
                               [&book] { return !book->free.isEmpty() || book->closed; });
        --book->waiting;
        if (book->closed)
            throw OperationalError(u"The engine was disposed while waiting for a connection"_s);
        if (book->free.isEmpty())
            throw TimeoutError(
                    u"No connection became free within %1 ms (pool size %2); a session holds its "
                    u"connection until commit, rollback or close"_s
                            .arg(m_options.checkoutTimeout.count())
                            .arg(m_lanes.size()));
        return LaneLease(book, book->free.takeLast());
    });
}

QFuture<AsyncConnection> AsyncEngine::connect()
{
    // The connection keeps the engine alive; the continuation runs wherever the lease was
    // granted, and copying a shared_ptr is all it does there.
    std::shared_ptr<AsyncEngine> self = shared_from_this();
    return checkout().then(QtFuture::Launch::Sync, [self](LaneLease lease) {
        return AsyncConnection(self, std::move(lease));
    });
}

QFuture<AsyncConnection> AsyncEngine::begin()
{
    return connect()
            .then(QtFuture::Launch::Sync,
                  [](AsyncConnection connection) {
                      return connection.begin().then(QtFuture::Launch::Sync,
                                                     [connection] { return connection; });
                  })
            .unwrap();
}

bool AsyncEngine::runsOnCurrentThread() const
{
    return checkoutWaiterOf == this
            || std::any_of(m_lanes.cbegin(), m_lanes.cend(),
                           [](const auto &lane) { return lane->isCurrentThread(); });
}

bool AsyncEngine::wantsStatements() const
{
    return m_echo.load()
            || isSignalConnected(QMetaMethod::fromSignal(&AsyncEngine::statementExecuted));
}

void AsyncEngine::observeStatement(const StatementLog &log)
{
    if (m_echo.load())
        qCInfo(lcQuarrySql).noquote() << log.toString();
    Q_EMIT statementExecuted(log);
}

std::shared_ptr<AsyncEngine> createAsyncEngine(const QString &url, EngineOptions options)
{
    return createAsyncEngine(Url::parse(url), options);
}

std::shared_ptr<AsyncEngine> createAsyncEngine(const Url &url, EngineOptions options)
{
    if (options.poolSize < 1)
        throw ArgumentError(u"poolSize must be at least 1, not %1"_s.arg(options.poolSize));
    if (options.checkoutTimeout.count() < 0 || options.busyTimeout.count() < 0)
        throw ArgumentError(u"timeouts cannot be negative"_s);
    if (!QSqlDatabase::isDriverAvailable(url.qtDriver()))
        throw ArgumentError(u"The Qt SQL driver %1 for %2 URLs is not installed; install the "
                            u"Debian package %3"_s.arg(url.qtDriver(), dialectName(url.dialect()),
                                                       url.qtDriverPackage()));
    // The last reference may go with work that ran on one of the engine's own threads (a
    // session's operation on its lane, a continuation on the checkout waiter). Those threads
    // cannot wait for themselves to stop, so the thread the engine belongs to deletes it, from
    // its event loop. A program that ends before that leaves the connections to the end of the
    // process, which both databases take as a client that went away; a thread of its own
    // deleting the engine then would race the process's exit.
    return std::shared_ptr<AsyncEngine>(new AsyncEngine(url, options), [](AsyncEngine *engine) {
        if (engine->runsOnCurrentThread())
            engine->deleteLater();
        else
            delete engine;
    });
}

} // namespace orm
