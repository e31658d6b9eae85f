// The databases a test runs against: a fresh SQLite file always, and a fresh PostgreSQL database
// when QUARRY_TEST_POSTGRES_URL names a server (scripts/test.sh starts one). With
// QUARRY_REQUIRE_POSTGRES=1 (CI) a missing server fails the test instead of skipping it.
#pragma once

#include <orm/engine/Dialect.h>
#include <orm/sql/SqlWriter.h>

#include <QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

#include <stdexcept>

namespace orm {
class AsyncEngine;
class MetaData;
} // namespace orm

namespace quarry::test {

struct Backend
{
    QString name; // "sqlite" or "postgresql"
    QString url;
};

// The backends to run: "sqlite", and "postgresql" when a server is there. Without one it warns
// once why PostgreSQL is skipped, or stops the test when PostgreSQL is required.
QStringList backendNames();
// Adds a "backend" column and one row per backend to the current _data() table.
void addBackendRows();
// The backend of the current data row.
Backend currentBackend();
// A fresh SQLite file URL in a directory that lives as long as the test process.
QString freshSqliteUrl();
// A PostgreSQL database made for this test process (dropped at exit), or empty with a reason.
QString postgresUrl(QString *whyNot = nullptr);
bool postgresRequired();
// A statement that keeps the database busy for a few hundred milliseconds.
QString slowQuery(orm::Dialect dialect);
// An engine on the current row's backend whose tables of metadata were dropped and made anew.
std::shared_ptr<orm::AsyncEngine> engineWithFreshTables(const orm::MetaData &metadata);

// Makes any Qt warning fail the current test (call it from init()); the offscreen platform's
// notice about size hints aside.
void failOnQtWarnings();

// Golden SQL, as SQLAlchemy's assert_compile: addGoldenSqlColumns() in a _data() function adds
// "compiled", "sql" and "parameters"; compareGoldenSql() checks the current row (NULL parameters
// must be NULL, the others compare as text).
void addGoldenSqlColumns();
void compareGoldenSql();
// One row per dialect, "tag/sqlite" and "tag/postgresql", each with the SQL it should give (the
// same text for both unless two are given).
template<typename Statement>
void addGoldenRows(const char *tag, const Statement &statement, const QString &sqliteSql,
                   const QString &postgresSql, const QVariantList &parameters)
{
    QTest::addRow("%s/sqlite", tag)
            << statement.compile(orm::Dialect::SQLite) << sqliteSql << parameters;
    QTest::addRow("%s/postgresql", tag)
            << statement.compile(orm::Dialect::PostgreSQL) << postgresSql << parameters;
}
template<typename Statement>
void addGoldenRows(const char *tag, const Statement &statement, const QString &sql,
                   const QVariantList &parameters)
{
    addGoldenRows(tag, statement, sql, sql, parameters);
}

// Watches the caller's event loop, as QCoro's responsiveness check does: a 5 ms timer counts its
// ticks from construction. Work done on this thread meanwhile leaves no ticks at all.
class LoopWatch
{
public:
    LoopWatch();
    qint64 elapsedMs() const { return m_elapsed.elapsed(); }
    int ticks() const { return m_ticks; }
    // At least a quarter of the ticks a free loop would have had.
    bool keptTicking() const { return m_ticks >= elapsedMs() / 5 / 4; }
    QString describe() const;

private:
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    int m_ticks = 0;
};

// Waits for a future while the event loop runs, then returns its result (rethrowing its error).
// Throws std::runtime_error after timeoutMs, so a hung operation fails the test.
template<typename T> T await(QFuture<T> future, int timeoutMs = 20'000)
{
    if (!future.isFinished()) {
        QFutureWatcher<T> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(future);
        if (!future.isFinished() && !finished.wait(timeoutMs))
            throw std::runtime_error("the operation did not finish within the timeout");
    }
    if constexpr (std::is_void_v<T>)
        future.waitForFinished();
    else
        return future.result();
}

namespace detail {

template<typename T> struct TaskOutcome
{
    QEventLoop loop;
    bool done = false;
    std::exception_ptr error;
    std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value {};
};

template<typename T>
QCoro::Task<> settle(QCoro::Task<T> task, std::shared_ptr<TaskOutcome<T>> outcome)
{
    try {
        if constexpr (std::is_void_v<T>)
            co_await std::move(task);
        else
            outcome->value = co_await std::move(task);
    } catch (...) {
        outcome->error = std::current_exception();
    }
    outcome->done = true;
    outcome->loop.quit();
}

} // namespace detail

// Runs a coroutine to its end in a nested event loop and returns its value or rethrows its error
// (QCoro 0.8's waitFor() hangs when the coroutine throws). Throws after timeoutMs.
template<typename T> T awaitTask(QCoro::Task<T> task, int timeoutMs = 20'000)
{
    auto outcome = std::make_shared<detail::TaskOutcome<T>>();
    auto settling = detail::settle(std::move(task), outcome);
    if (!outcome->done) {
        QTimer::singleShot(timeoutMs, &outcome->loop, &QEventLoop::quit);
        outcome->loop.exec();
    }
    if (!outcome->done)
        throw std::runtime_error("the coroutine did not finish within the timeout");
    if (outcome->error)
        std::rethrow_exception(outcome->error);
    if constexpr (!std::is_void_v<T>)
        return std::move(*outcome->value);
}

} // namespace quarry::test
