// The async engine: lanes and threads, the caller's event loop, concurrency, error propagation
// through futures and co_await, echo, checkout timeouts and disposal.
#include "support/TestBackends.h"

#include <orm/async/AsyncConnection.h>
#include <orm/async/AsyncEngine.h>
#include <orm/async/Deliver.h>

#include <QCoroFuture>
#include <QCoroTask>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using quarry::test::await;
using quarry::test::slowQuery;

namespace {

void createItems(orm::Connection &c)
{
    c.execute(u"DROP TABLE IF EXISTS items"_s);
    c.execute(u"CREATE TABLE items (id INTEGER PRIMARY KEY, lane VARCHAR, label VARCHAR UNIQUE)"_s);
}

QCoro::Task<qint64> countWithCoroutine(std::shared_ptr<orm::AsyncEngine> engine)
{
    orm::AsyncConnection connection = co_await engine->connect();
    const orm::Result result = co_await connection.execute(u"SELECT count(*) FROM items"_s);
    co_return result.scalarOne().toLongLong();
}

QCoro::Task<void> insertDuplicateWithCoroutine(std::shared_ptr<orm::AsyncEngine> engine)
{
    co_await engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO items (id, label) VALUES (?, ?)"_s, {100, u"same"_s});
        c.execute(u"INSERT INTO items (id, label) VALUES (?, ?)"_s, {101, u"same"_s});
    });
}

} // namespace

class tst_AsyncEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }

    void oneConnectionOneThread_data() { quarry::test::addBackendRows(); }
    void oneConnectionOneThread();
    void eventLoopKeepsTicking_data() { quarry::test::addBackendRows(); }
    void eventLoopKeepsTicking();
    void concurrentWriters_data() { quarry::test::addBackendRows(); }
    void concurrentWriters();
    void errorsCrossFuturesAndCoroutines_data() { quarry::test::addBackendRows(); }
    void errorsCrossFuturesAndCoroutines();
    void echo_data() { quarry::test::addBackendRows(); }
    void echo();
    void checkoutTimesOut_data() { quarry::test::addBackendRows(); }
    void checkoutTimesOut();
    void waitedCheckoutRunsOnce_data() { quarry::test::addBackendRows(); }
    void waitedCheckoutRunsOnce();
    void autocommitRunsOutsideTransaction_data() { quarry::test::addBackendRows(); }
    void autocommitRunsOutsideTransaction();
    void deliverFinishesOnContextThread_data() { quarry::test::addBackendRows(); }
    void deliverFinishesOnContextThread();
    void deliverWithoutContextNeverRuns();
    void deliverSurvivesTheFinishingWindow();
    void abandonedTransactionIsRolledBack_data() { quarry::test::addBackendRows(); }
    void abandonedTransactionIsRolledBack();
    void disposeFailsQueuedWork_data() { quarry::test::addBackendRows(); }
    void disposeFailsQueuedWork();
    void destroyWhileBusy_data() { quarry::test::addBackendRows(); }
    void destroyWhileBusy();
    void memoryDatabaseIsShared();
    void rejectsBadOptions();
    void unreachableServer();
};

void tst_AsyncEngine::oneConnectionOneThread()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    QList<orm::StatementLog> logs;
    connect(engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) {
                if (!log.sql.startsWith(u"PRAGMA"_s)) // a new lane's connection set-up
                    logs << log;
            });
    await(engine->runSync(createItems));
    logs.clear();

    orm::AsyncConnection connection = await(engine->connect());
    await(connection.begin());
    QList<QFuture<orm::Result>> pending;
    for (int i = 0; i < 20; ++i)
        pending << connection.execute(u"INSERT INTO items (id, label) VALUES (?, ?)"_s,
                                      {i, u"item %1"_s.arg(i)});
    pending << connection.execute(u"SELECT count(*) FROM items"_s);
    const QFuture<Qt::HANDLE> where
            = connection.runSync([](orm::Connection &) { return QThread::currentThreadId(); });
    await(connection.commit());
    // Queued without waiting, they ran in order: the last one saw all twenty rows.
    QCOMPARE(await(pending.last()).scalarOne().toInt(), 20);
    QTRY_COMPARE(logs.size(), 23); // BEGIN is sent lazily on SQLite, eagerly on PostgreSQL
    QSet<Qt::HANDLE> threads;
    QSet<QString> names;
    for (const orm::StatementLog &log : logs) {
        threads << log.threadId;
        names << log.connectionName;
    }
    QCOMPARE(threads.size(), 1);
    QCOMPARE(names.size(), 1);
    QCOMPARE(*threads.begin(), await(where));
    QVERIFY(*threads.begin() != QThread::currentThreadId());
}

void tst_AsyncEngine::eventLoopKeepsTicking()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    const quarry::test::LoopWatch loop;
    const qint64 count = await(engine->runSync([](orm::Connection &c) {
        return c.execute(slowQuery(c.dialect())).scalarOne().toLongLong();
    }));
    QVERIFY(count > 0);
    // Work on the caller's thread would leave no ticks at all; a free loop ticks all along.
    QVERIFY2(loop.elapsedMs() >= 100, "the slow query was not slow enough to measure anything");
    QVERIFY2(loop.keptTicking(), qPrintable(loop.describe()));
}

void tst_AsyncEngine::concurrentWriters()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 4});
    await(engine->runSync(createItems));
    constexpr int writers = 4, rowsEach = 100;
    QList<QFuture<void>> futures;
    for (int w = 0; w < writers; ++w) {
        futures << engine->runSync([w](orm::Connection &c) {
            for (int i = 0; i < rowsEach; ++i)
                c.execute(u"INSERT INTO items (id, lane, label) VALUES (?, ?, ?)"_s,
                          {w * rowsEach + i, c.connectionName(), u"w%1-%2"_s.arg(w).arg(i)});
        });
    }
    for (const QFuture<void> &future : futures)
        await(future);
    const auto [rows, lanes] = await(engine->runSync([](orm::Connection &c) {
        return std::pair(
                c.execute(u"SELECT count(*) FROM items"_s).scalarOne().toInt(),
                c.execute(u"SELECT count(DISTINCT lane) FROM items"_s).scalarOne().toInt());
    }));
    QCOMPARE(rows, writers * rowsEach);
    QVERIFY2(lanes > 1, "the writers did not run on separate connections");
}

void tst_AsyncEngine::errorsCrossFuturesAndCoroutines()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    await(engine->runSync(createItems));

    // Through a plain future with a continuation on this thread.
    bool failedAsIntegrity = false;
    QFuture<void> chained = engine->runSync([](orm::Connection &c) {
                                      c.execute(u"INSERT INTO items (id, label) VALUES (1, 'a')"_s);
                                      c.execute(u"INSERT INTO items (id, label) VALUES (1, 'b')"_s);
                                  }).onFailed(this, [&](const orm::IntegrityError &) {
        failedAsIntegrity = true;
    });
    await(chained);
    QVERIFY(failedAsIntegrity);

    // Through co_await, with the type intact.
    QVERIFY_THROWS_EXCEPTION(orm::IntegrityError,
                             quarry::test::awaitTask(insertDuplicateWithCoroutine(engine)));
    QVERIFY_THROWS_EXCEPTION(orm::ProgrammingError, await(engine->runSync([](orm::Connection &c) {
                                 c.execute(u"SELEKT 1"_s);
                             })));
    // Both transactions rolled back; the connections work.
    QCOMPARE(quarry::test::awaitTask(countWithCoroutine(engine)), 0);
}

void tst_AsyncEngine::echo()
{
    const quarry::test::Backend backend = quarry::test::currentBackend();
    auto engine = orm::createAsyncEngine(backend.url, {.echo = true});
    QTest::failOnWarning(QRegularExpression()); // echo itself is info, not a warning
    await(engine->runSync(createItems));
    QStringList lines;
    static QStringList *capture = nullptr;
    capture = &lines;
    const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (type == QtInfoMsg && QByteArrayView(context.category) == "quarry.orm.sql")
                    capture->append(message);
            });
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO items (id, label) VALUES (?, ?)"_s, {7, u"Смитти"_s});
        c.execute(u"SELECT label FROM items WHERE id = ?"_s, {7});
    }));
    engine->setEcho(false);
    await(engine->runSync([](orm::Connection &c) { c.execute(u"SELECT 1"_s); }));
    qInstallMessageHandler(previous);

    const QString insert = lines.filter(u"INSERT"_s).value(0);
    QVERIFY2(insert.startsWith(u"INSERT INTO items (id, label) VALUES (?, ?) | [7, 'Смитти'] | "_s),
             qPrintable(insert));
    QVERIFY2(insert.endsWith(u" ms | 1 row"_s), qPrintable(insert));
    const QString select = lines.filter(u"SELECT label"_s).value(0);
    QVERIFY2(select.startsWith(u"SELECT label FROM items WHERE id = ? | [7] | "_s),
             qPrintable(select));
    QVERIFY(lines.filter(u"COMMIT"_s).size() >= 1);
    QVERIFY2(lines.filter(u"SELECT 1"_s).isEmpty(), "echo was switched off but still logged");
}

void tst_AsyncEngine::checkoutTimesOut()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url,
                                         {.poolSize = 1, .checkoutTimeout = 200ms});
    orm::AsyncConnection holder = await(engine->connect());
    QElapsedTimer elapsed;
    elapsed.start();
    try {
        await(engine->connect());
        QFAIL("a second connection was granted from a pool of one");
    } catch (const orm::TimeoutError &error) {
        QVERIFY(elapsed.elapsed() >= 150);
        QVERIFY2(error.message().contains(u"200 ms"_s), qPrintable(error.message()));
    }
    // A waiter is served as soon as the lane comes back.
    QFuture<orm::AsyncConnection> waiting = engine->connect();
    holder.close();
    orm::AsyncConnection second = await(waiting);
    QCOMPARE(await(second.execute(u"SELECT 1"_s)).scalarOne().toInt(), 1);
}

// The path of the crash the import fuzzer found: work that waits for the pool's only lane is
// handed the lane on the checkout waiter's thread while the caller goes on. Qt 6.4 could run a
// continuation attached there twice; the engine now attaches none, and each piece of work runs
// exactly once, in order.
void tst_AsyncEngine::waitedCheckoutRunsOnce()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 1});
    await(engine->runSync(createItems));
    constexpr int rounds = 300;
    for (int i = 0; i < rounds; ++i) {
        orm::AsyncConnection holder = await(engine->begin());
        await(holder.execute(u"INSERT INTO items (id, label) VALUES (?, ?)"_s,
                             {i, u"item %1"_s.arg(i)}));
        // Both wait for the lane the holder has.
        QFuture<qint64> counted = engine->runSync([](orm::Connection &c) {
            return c.execute(u"SELECT count(*) FROM items"_s).scalarOne().toLongLong();
        });
        QFuture<orm::AsyncConnection> next = engine->connect();
        QVERIFY(!counted.isFinished());
        QFuture<void> committed = holder.commit();
        holder = {}; // gives the lane back once the commit ran
        await(committed);
        QCOMPARE(await(counted), qint64(i + 1));
        QVERIFY(!await(next).isClosed());
    }
    const qint64 labels = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT count(DISTINCT label) FROM items"_s).scalarOne().toLongLong();
    }));
    QCOMPARE(labels, qint64(rounds));
}

void tst_AsyncEngine::autocommitRunsOutsideTransaction()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 2});
    await(engine->runSync(createItems));
    const bool inTransaction = await(engine->runSyncAutocommit([](orm::Connection &c) {
        c.execute(u"INSERT INTO items (id, label) VALUES (1, 'kept')"_s);
        return c.inTransaction();
    }));
    QVERIFY(!inTransaction);
    // Committed on its own: another lane sees it.
    orm::AsyncConnection other = await(engine->connect());
    QCOMPARE(await(other.execute(u"SELECT label FROM items WHERE id = 1"_s)).scalarOne(),
             QVariant(u"kept"_s));
    // Errors arrive as from runSync().
    try {
        await(engine->runSyncAutocommit([](orm::Connection &c) {
            c.execute(u"INSERT INTO items (id, label) VALUES (2, 'kept')"_s);
        }));
        QFAIL("a duplicate label was accepted");
    } catch (const orm::IntegrityError &) { }
}

void tst_AsyncEngine::deliverFinishesOnContextThread()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 1});
    await(engine->runSync(createItems));
    QObject context;
    QThread *laneThread = nullptr;
    QFuture<qint64> delivered = orm::deliver(engine->runSync([&laneThread](orm::Connection &c) {
        laneThread = QThread::currentThread();
        c.execute(u"INSERT INTO items (id, label) VALUES (1, 'one')"_s);
        return c.execute(u"SELECT count(*) FROM items"_s).scalarOne().toLongLong();
    }),
                                             &context);
    int runs = 0;
    QThread *ranOn = nullptr;
    QFuture<qint64> doubled = delivered.then(&context, [&](qint64 count) {
        ++runs;
        ranOn = QThread::currentThread();
        return count * 2;
    });
    QCOMPARE(await(doubled), qint64(2));
    QCOMPARE(runs, 1);
    QCOMPARE(ranOn, QThread::currentThread());
    QVERIFY(laneThread && laneThread != QThread::currentThread());

    // The error keeps its type, for onFailed(const orm::IntegrityError &).
    bool sawIntegrityError = false;
    QFuture<void> failed = orm::deliver(engine->runSync([](orm::Connection &c) {
                               c.execute(u"INSERT INTO items (id, label) VALUES (2, 'one')"_s);
                           }),
                                        &context)
                                   .onFailed(&context, [&](const orm::IntegrityError &) {
                                       sawIntegrityError = true;
                                   });
    await(failed);
    QVERIFY(sawIntegrityError);

    // A canceled future arrives canceled: its continuation does not run.
    QFutureInterface<int> canceled;
    canceled.reportStarted();
    canceled.reportCanceled();
    canceled.reportFinished();
    bool ranAfterCancel = false;
    QFuture<void> afterCancel = orm::deliver(canceled.future(), &context).then(&context, [&](int) {
        ranAfterCancel = true;
    });
    QTRY_VERIFY(afterCancel.isFinished());
    QVERIFY(afterCancel.isCanceled());
    QVERIFY(!ranAfterCancel);
}

void tst_AsyncEngine::deliverWithoutContextNeverRuns()
{
    QFutureInterface<int> source;
    source.reportStarted();
    bool ran = false;
    QFuture<int> delivered;
    {
        QObject context;
        delivered = orm::deliver(source.future(), &context);
        delivered.then(&context, [&](int) { ran = true; });
    }
    source.reportResult(7);
    source.reportFinished();
    // Whatever the event loop still holds for the watcher, it is gone with its context.
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(!ran);
    QVERIFY(!delivered.isFinished());
}

// The window the import fuzzer's crash came through, held open: a finishing thread sets a
// future's state first and runs its continuation after (QFutureInterface::reportFinished()), and
// another thread may attach in between. Qt 6.4's .then() there runs the continuation at once
// and stores it, and the finishing thread then runs it again, on a moved-from promise: the same
// steps with .then() straight on the future crash in reportStarted(). deliver() attaches no
// continuation to the future, so it is called once.
void tst_AsyncEngine::deliverSurvivesTheFinishingWindow()
{
    struct SteppedPromise : QFutureInterface<int>
    {
        void finishState() { QFutureInterfaceBase::reportFinished(); }
        void runContinuations() { runContinuation(); }
    };
    QObject context;
    SteppedPromise promise;
    promise.reportStarted();
    promise.reportResult(7);
    promise.finishState();
    int runs = 0;
    QFuture<int> seen = orm::deliver(promise.future(), &context).then(&context, [&](int value) {
        ++runs;
        return value * 6;
    });
    promise.runContinuations();
    QCOMPARE(await(seen), 42);
    QCOMPARE(runs, 1);
}

void tst_AsyncEngine::abandonedTransactionIsRolledBack()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 1});
    await(engine->runSync(createItems));
    {
        orm::AsyncConnection connection = await(engine->begin());
        await(connection.execute(u"INSERT INTO items (id, label) VALUES (1, 'abandoned')"_s));
    } // dropped without commit: reset on return rolls back before the lane is reused
    const qint64 count = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT count(*) FROM items"_s).scalarOne().toLongLong();
    }));
    QCOMPARE(count, 0);
}

void tst_AsyncEngine::disposeFailsQueuedWork()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 1});
    orm::AsyncConnection connection = await(engine->connect());
    const QString slow = slowQuery(engine->dialect());
    QList<QFuture<orm::Result>> queued;
    for (int i = 0; i < 5; ++i)
        queued << connection.execute(slow);
    QFuture<orm::AsyncConnection> waiting = engine->connect(); // waits for the only lane
    engine->dispose();
    int failed = 0, succeeded = 0;
    for (const QFuture<orm::Result> &future : queued) {
        try {
            await(future);
            ++succeeded;
        } catch (const orm::OperationalError &error) {
            QVERIFY2(error.message().contains(u"disposed"_s), qPrintable(error.message()));
            ++failed;
        }
    }
    QVERIFY(failed >= 4);
    QCOMPARE(failed + succeeded, 5);
    QVERIFY_THROWS_EXCEPTION(orm::OperationalError, await(waiting));
    QVERIFY_THROWS_EXCEPTION(orm::OperationalError, await(connection.execute(u"SELECT 1"_s)));
    QVERIFY_THROWS_EXCEPTION(orm::OperationalError, await(engine->connect()));
}

void tst_AsyncEngine::destroyWhileBusy()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url, {.poolSize = 2});
    QList<QFuture<qint64>> futures;
    for (int i = 0; i < 6; ++i)
        futures << engine->runSync([](orm::Connection &c) {
            return c.execute(slowQuery(c.dialect())).scalarOne().toLongLong();
        });
    engine.reset(); // the last reference: the engine disposes while work runs and waits
    for (const QFuture<qint64> &future : futures) {
        QVERIFY(future.isFinished());
        try {
            QVERIFY(future.result() > 0);
        } catch (const orm::OperationalError &) { }
    }
}

void tst_AsyncEngine::memoryDatabaseIsShared()
{
    auto engine = orm::createAsyncEngine(u"sqlite://"_s, {.poolSize = 5});
    QCOMPARE(engine->poolSize(), 1);
    await(engine->runSync([](orm::Connection &c) {
        createItems(c);
        c.execute(u"INSERT INTO items (id, label) VALUES (1, 'x')"_s);
    }));
    orm::AsyncConnection other = await(engine->connect());
    QCOMPARE(await(other.execute(u"SELECT label FROM items"_s)).scalarOne().toString(), u"x"_s);
}

void tst_AsyncEngine::rejectsBadOptions()
{
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                             orm::createAsyncEngine(u"sqlite://"_s, {.poolSize = 0}));
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                             orm::createAsyncEngine(u"sqlite://"_s, {.busyTimeout = -1ms}));
    QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, orm::createAsyncEngine(u"oracle://x/y"_s));
}

void tst_AsyncEngine::unreachableServer()
{
    // Port 1 on loopback: nothing listens there, so the connect is refused at once.
    auto engine = orm::createAsyncEngine(u"postgresql://nobody:pw@127.0.0.1:1/none"_s);
    try {
        await(engine->runSync([](orm::Connection &c) { c.execute(u"SELECT 1"_s); }));
        QFAIL("connected to a server that does not exist");
    } catch (const orm::OperationalError &error) {
        QVERIFY2(error.message().startsWith(
                         u"Cannot open postgresql://nobody:***@127.0.0.1:1/none"_s),
                 qPrintable(error.message()));
        QVERIFY(!error.message().contains(u"pw"_s));
    }
}

QTEST_GUILESS_MAIN(tst_AsyncEngine)
#include "tst_asyncengine.moc"
