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

void AsyncEngine::checkout(CheckoutHandler handler)
{
    {
        std::unique_lock locker(m_book->mutex);
        if (m_book->closed) {
            locker.unlock();
            handler({}, std::make_exception_ptr(OperationalError(u"The engine was disposed"_s)));
            return;
        }
        if (m_book->waiting == 0 && !m_book->free.isEmpty()) {
            LaneLease lease(m_book, m_book->free.takeLast());
            locker.unlock();
            handler(std::move(lease), {});
            return;
        }
        ++m_book->waiting;
    }
    const auto deadline = std::chrono::steady_clock::now() + m_options.checkoutTimeout;
    // The handler reports the outcome, so the waiter's own future is of no use. QtConcurrent
    // rather than QThreadPool::start(): TSan's suppressions know its hand-off (tests/tsan.supp).
    (void)QtConcurrent::run(&m_checkoutWaiter, [deadline, handler = std::move(handler), this] {
        checkoutWaiterOf = this;
        LaneLease lease;
        std::exception_ptr error;
        try {
            lease = waitForFreeLane(deadline);
        } catch (...) {
            error = std::current_exception();
        }
        // Outside the book's lock: the handler queues work on the lane through the lease.
        handler(std::move(lease), error);
    });
}

LaneLease AsyncEngine::waitForFreeLane(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock locker(m_book->mutex);
    m_book->freed.wait_until(locker, deadline,
                             [this] { return !m_book->free.isEmpty() || m_book->closed; });
    --m_book->waiting;
    if (m_book->closed)
        throw OperationalError(u"The engine was disposed while waiting for a connection"_s);
    if (m_book->free.isEmpty())
        throw TimeoutError(
                u"No connection became free within %1 ms (pool size %2); a session holds its "
                u"connection until commit, rollback or close"_s
                        .arg(m_options.checkoutTimeout.count())
                        .arg(m_lanes.size()));
    return LaneLease(m_book, m_book->free.takeLast());
}

QFuture<AsyncConnection> AsyncEngine::connect()
{
    // The connection keeps the engine alive.
    auto promise = startedPromise<AsyncConnection>();
    checkout([self = shared_from_this(), promise](LaneLease lease,
                                                  std::exception_ptr error) mutable {
        if (error)
            return failPromise(promise, error);
        promise.reportAndMoveResult(AsyncConnection(self, std::move(lease)));
        promise.reportFinished();
    });
    return promise.future();
}

QFuture<AsyncConnection> AsyncEngine::begin()
{
    auto promise = startedPromise<AsyncConnection>();
    checkout([self = shared_from_this(), promise](LaneLease lease,
                                                  std::exception_ptr error) mutable {
        if (error)
            return failPromise(promise, error);
        lease.run(std::move(promise), [connection = AsyncConnection(self, lease)](Connection &c) {
            c.begin();
            return connection;
        });
    });
    return promise.future();
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
