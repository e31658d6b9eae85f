// One open database connection: a QSqlDatabase that is created, used and removed on one lane
// thread (Qt's rule: a connection belongs to the thread that made it). The sync layer — sessions,
// schema creation, runSync() callbacks — works on a Connection; the async layer hands it out only
// on its own lane.
#pragma once

#include "Dialect.h"
#include "EngineOptions.h"
#include "Result.h"
#include "Url.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <span>
#include <unordered_map>

QT_FORWARD_DECLARE_CLASS(QElapsedTimer)
QT_FORWARD_DECLARE_CLASS(QThread)

namespace orm {

class OperationalError;

class StatementObserver;

class Connection
{
public:
    // Opens the database; throws OperationalError when it cannot (the error says why).
    Connection(QString connectionName, const Url &url, const EngineOptions &options,
               StatementObserver *observer = nullptr);
    ~Connection();
    Q_DISABLE_COPY_MOVE(Connection)

    Dialect dialect() const { return m_dialect; }
    QString connectionName() const { return m_connectionName; }
    // The thread that opened the connection: the only one that may use it (Qt's rule).
    QThread *thread() const { return m_thread; }

    // Runs one statement; values travel as bound parameters (positional '?'), never as text.
    // Throws IntegrityError, OperationalError, ProgrammingError or DatabaseError.
    Result execute(const QString &sql, const QVariantList &parameters = {});
    // Runs one statement and hands each row it returns to onRow as soon as it is read, so the
    // rows are never held as a list (the ORM builds its objects straight from the cursor). The
    // values live in one buffer reused for every row: copy what must outlive the call. onRow
    // returns false to stop reading; the rest of the result is then discarded. Returns the
    // number of rows handed over. Throws like execute(), and lets what onRow throws through.
    using RowHandler = std::function<bool(std::span<const QVariant> row)>;
    qint64 executeEach(const QString &sql, const QVariantList &parameters, const RowHandler &onRow);
    // A SELECT whose rows are read a chunk at a time, so a big result is never held whole
    // (PostgreSQL sends it row by row to a forward-only query). It must be destroyed on this
    // connection's lane, before the next statement on PostgreSQL.
    class Cursor
    {
    public:
        // Up to count more rows; none when the result is exhausted. Throws like execute().
        QList<QVariantList> fetch(qsizetype count);

    private:
        friend class Connection;
        Cursor(Connection &connection, QString sql) : m_connection(connection), m_sql(sql) { }

        Connection &m_connection;
        QString m_sql;
        QSqlQuery m_query;
    };
    std::unique_ptr<Cursor> openCursor(const QString &sql, const QVariantList &parameters = {});

    // Runs one statement once per parameter row, prepared once (bulk INSERT/UPDATE).
    // Returns the rows the statement returned (RETURNING), in order, and the total rows changed.
    Result executeMany(const QString &sql, const QList<QVariantList> &parameterRows);

    // Transactions. On SQLite the BEGIN is sent just before the first statement that writes (as
    // Python's sqlite3 module does), and it is BEGIN IMMEDIATE so two writers queue on the busy
    // timeout instead of failing on a lock upgrade. On PostgreSQL BEGIN is sent at once.
    void begin();
    void commit();
    void rollback();
    bool inTransaction() const { return m_transactionRequested; }
    // Sends the begun transaction's BEGIN now if it waits for a first write (SQLite): for a read
    // whose rows are to be written back, so no other writer comes in between.
    void beginWriting();

    // Savepoints (SQLAlchemy's begin_nested): returns the savepoint's name.
    QString savepoint();
    void releaseSavepoint(const QString &name);
    void rollbackToSavepoint(const QString &name);

    // Runs function inside a transaction: commits when it returns, rolls back when it throws.
    template<typename Function> decltype(auto) transaction(Function &&function);

    // True after an error that means the connection itself is gone (a server restart, a network
    // drop); the lane then replaces it before the next operation.
    bool isBroken() const { return m_broken; }
    // Treats the connection as broken: closing it then asks the server nothing (a connection
    // that may be dead would warn for every prepared statement it cannot free).
    void invalidate() { m_broken = true; }

private:
    void open(const Url &url, const EngineOptions &options);
    // Opens m_database, or closes it again and throws OperationalError.
    void openOrThrow(const Url &url);
    // SQLite: reads the file's header (so what is not a database fails at once) and turns on
    // foreign keys.
    void readHeader();
    void prepareSqlite(const Url &url);
    static bool readableOnlyAsImmutable(const Url &url, const OperationalError &error);
    void openImmutable(const Url &url, const EngineOptions &options);
    void closeDatabase();
    void beginIfWriting(const QString &sql);
    void sendBegin();
    QSqlQuery &preparedQuery(const QString &sql);
    // Rows an INSERT, UPDATE or DELETE changed; -1 for statements that change none.
    static qint64 changedRows(const QSqlQuery &query, const QString &sql);
    Result run(QSqlQuery &query, const QString &sql, const QVariantList &parameters, bool prepared);
    // Binds and executes; on failure finishes the query, reports and throws.
    void exec(QSqlQuery &query, const QString &sql, const QVariantList &parameters, bool prepared,
              const QElapsedTimer &timer);
    // PostgreSQL's text cannot hold U+0000, and QPSQL would cut the statement at it: refused
    // before anything is sent, with the reason PostgreSQL itself gives.
    void refuseNul(const QString &sql, const QVariantList &parameters, const QElapsedTimer &timer);
    [[noreturn]] void fail(const QSqlError &error, const QString &sql);
    void report(const QString &sql, const QVariantList &parameters, qint64 nanoseconds, qint64 rows,
                const QString &error) const;

    QString m_connectionName;
    Dialect m_dialect;
    QThread *m_thread;
    QSqlDatabase m_database;
    StatementObserver *m_observer;
    // Prepared statements by SQL text: the ORM issues the same few statements many times.
    std::unordered_map<QString, QSqlQuery> m_prepared;
    bool m_transactionRequested = false;
    bool m_transactionStarted = false;
    int m_savepointCounter = 0;
    bool m_broken = false;
    // A SQLite file without pages yet: WAL mode is set before its first write (prepareSqlite).
    bool m_walPending = false;
};

template<typename Function> decltype(auto) Connection::transaction(Function &&function)
{
    begin();
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<Function>>) {
            function();
            commit();
        } else {
            decltype(auto) result = function();
            commit();
            return result;
        }
    } catch (...) {
        if (inTransaction()) {
            try {
                rollback();
            } catch (...) {
                // The original error is the one worth reporting; a failed rollback (say, on a
                // dropped connection) adds nothing and the transaction is gone either way.
            }
        }
        throw;
    }
}

} // namespace orm
