#include "Connection.h"

#include "Error.h"
#include "StatementLog.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace orm {

namespace {

// How many distinct prepared statements a connection keeps; the ORM's working set is small,
// and a cap keeps text-built one-off statements from growing it without bound.
constexpr qsizetype preparedStatementLimit = 256;

// SQLite's primary result codes (sqlite3.h) as QSQLITE reports them in nativeErrorCode().
enum SqliteCode {
    SqliteError = 1,
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteIoErr = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteConstraint = 19,
    SqliteMismatch = 20,
    SqliteNotADb = 26,
};

bool isWrite(const QString &sql)
{
    QStringView rest = QStringView(sql).trimmed();
    const qsizetype end = rest.indexOf(u' ');
    const QStringView head = end < 0 ? rest : rest.left(end);
    for (const auto word : {u"SELECT", u"PRAGMA", u"EXPLAIN", u"WITH", u"VALUES"})
        if (head.compare(QStringView(word), Qt::CaseInsensitive) == 0)
            return false;
    return true;
}

QString describe(const QSqlError &error)
{
    const QString database = error.databaseText().trimmed();
    const QString driver = error.driverText().trimmed();
    if (database.isEmpty())
        return driver;
    if (driver.isEmpty() || database.contains(driver))
        return database;
    return database + u" ("_s + driver + u')';
}

} // namespace

Connection::Connection(QString connectionName, const Url &url, const EngineOptions &options,
                       StatementObserver *observer)
    : m_connectionName(std::move(connectionName)), m_dialect(url.dialect()),
      m_thread(QThread::currentThread()), m_observer(observer)
{
    open(url, options);
}

Connection::~Connection()
{
    closeDatabase();
}

void Connection::open(const Url &url, const EngineOptions &options)
{
    m_database = QSqlDatabase::addDatabase(url.qtDriver(), m_connectionName);
    QStringList connectOptions;
    if (m_dialect == Dialect::SQLite) {
        connectOptions << u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(options.busyTimeout.count());
        const QString mode = url.queryValue(u"mode"_s);
        if (url.isMemory()) {
            m_database.setDatabaseName(u":memory:"_s);
        } else if (mode == u"ro"_s) {
            connectOptions << u"QSQLITE_OPEN_READONLY"_s;
            m_database.setDatabaseName(url.database());
        } else if (mode == u"rw"_s) {
            // mode=rw: open an existing file for writing, never create one.
            connectOptions << u"QSQLITE_OPEN_URI"_s;
            m_database.setDatabaseName(u"file:"_s + url.database() + u"?mode=rw"_s);
        } else {
            m_database.setDatabaseName(url.database());
        }
    } else {
        m_database.setHostName(url.host().isEmpty() ? u"localhost"_s : url.host());
        if (url.port() > 0)
            m_database.setPort(url.port());
        m_database.setUserName(url.username());
        m_database.setPassword(url.password());
        m_database.setDatabaseName(url.database());
        const QMap<QString, QString> query = url.query();
        for (auto it = query.cbegin(); it != query.cend(); ++it)
            connectOptions << it.key() + u'=' + it.value();
        if (!query.contains(u"connect_timeout"_s))
            connectOptions << u"connect_timeout=10"_s;
    }
    m_database.setConnectOptions(connectOptions.join(u';'));

    openOrThrow(url);
    if (m_dialect != Dialect::SQLite)
        return;
    try {
        prepareSqlite(url);
    } catch (const OperationalError &error) {
        closeDatabase();
        if (!readableOnlyAsImmutable(url, error))
            throw;
        openImmutable(url, options);
    } catch (...) {
        closeDatabase();
        throw;
    }
}

void Connection::openOrThrow(const Url &url)
{
    if (m_database.open())
        return;
    const QSqlError error = m_database.lastError();
    closeDatabase();
    throw OperationalError(u"Cannot open %1: %2"_s.arg(url.toString(), describe(error)), {}, error);
}

void Connection::readHeader()
{
    // Reading the schema version is the cheapest statement that makes SQLite read the header,
    // so a file that is not a database fails here, before anything writes to it.
    execute(u"PRAGMA schema_version"_s);
    execute(u"PRAGMA foreign_keys = ON"_s);
}

void Connection::prepareSqlite(const Url &url)
{
    readHeader();
    if (url.isMemory() || url.isReadOnly())
        return;
    // Quarry keeps its files in WAL mode (readers never wait for the writer). Switching writes
    // the header, so a file without pages yet (new, or empty) switches just before its first
    // write: opening an empty file to read it leaves it empty.
    if (execute(u"PRAGMA page_count"_s).scalarOne().toLongLong() > 0)
        execute(u"PRAGMA journal_mode = WAL"_s);
    else
        m_walPending = true;
}

bool Connection::readableOnlyAsImmutable(const Url &url, const OperationalError &error)
{
    // A WAL file needs its -shm file even to be read (SQLite's wal.html, "Read-Only Databases"):
    // in a folder we may not write, with no -shm left behind, it cannot be made, and SQLite says
    // "attempt to write a readonly database" (or, in some versions, "unable to open database
    // file"). Reading the file as immutable is then the only way in. The price: should someone
    // who may write the folder change the file meanwhile, this connection would not notice.
    const int code = error.sqlError().nativeErrorCode().toInt() & 0xff;
    if (url.isMemory() || (code != SqliteReadOnly && code != SqliteCantOpen))
        return false;
    const QFileInfo file(url.database());
    return file.exists() && !QFileInfo(file.absolutePath()).isWritable()
            && !QFileInfo::exists(file.absoluteFilePath() + u"-shm"_s);
}

void Connection::openImmutable(const Url &url, const EngineOptions &options)
{
    m_database = QSqlDatabase::addDatabase(url.qtDriver(), m_connectionName);
    m_database.setConnectOptions(
            u"QSQLITE_BUSY_TIMEOUT=%1;QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s.arg(
                    options.busyTimeout.count()));
    m_database.setDatabaseName(QUrl::fromLocalFile(QFileInfo(url.database()).absoluteFilePath())
                                       .toString(QUrl::FullyEncoded)
                               + u"?immutable=1"_s);
    openOrThrow(url);
    try {
        readHeader();
    } catch (...) {
        closeDatabase();
        throw;
    }
}

void Connection::closeDatabase()
{
    if (m_broken) {
        // Freeing a prepared statement asks the server, which is gone: the driver would warn
        // "Unable to free statement" once for each. Queries whose driver is gone free nothing.
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_prepared.clear();
    m_database.close();
    m_database = QSqlDatabase();
    // Every QSqlQuery and QSqlDatabase handle is gone now, so Qt removes it without the
    // "connection is still in use" warning.
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result Connection::execute(const QString &sql, const QVariantList &parameters)
{
    beginIfWriting(sql);
    if (parameters.isEmpty()) {
        // Without parameters there is nothing to prepare, and PostgreSQL cannot PREPARE DDL.
        QSqlQuery query(m_database);
        query.setForwardOnly(true);
        return run(query, sql, parameters, false);
    }
    return run(preparedQuery(sql), sql, parameters, true);
}

std::unique_ptr<Connection::Cursor> Connection::openCursor(const QString &sql,
                                                           const QVariantList &parameters)
{
    std::unique_ptr<Cursor> cursor(new Cursor(*this, sql));
    QSqlQuery &query = cursor->m_query = QSqlQuery(m_database);
    query.setForwardOnly(true);
    QElapsedTimer timer;
    timer.start();
    refuseNul(sql, parameters, timer);
    bool ok = query.prepare(sql);
    for (qsizetype i = 0; ok && i < parameters.size(); ++i)
        query.bindValue(int(i), parameters.at(i));
    ok = ok && query.exec();
    if (!ok) {
        const QSqlError error = query.lastError();
        report(sql, parameters, timer.nsecsElapsed(), -1, describe(error));
        fail(error, sql);
    }
    report(sql, parameters, timer.nsecsElapsed(), -1, {});
    return cursor;
}

QList<QVariantList> Connection::Cursor::fetch(qsizetype count)
{
    QList<QVariantList> rows;
    if (!m_query.isActive())
        return rows;
    const int width = m_query.record().count();
    while (rows.size() < count && m_query.next()) {
        QVariantList row;
        row.reserve(width);
        for (int i = 0; i < width; ++i)
            row.append(m_query.value(i));
        rows.append(std::move(row));
    }
    if (m_query.lastError().isValid())
        m_connection.fail(m_query.lastError(), m_sql);
    if (rows.size() < count)
        m_query.finish();
    return rows;
}

Result Connection::executeMany(const QString &sql, const QList<QVariantList> &parameterRows)
{
    beginIfWriting(sql);
    QSqlQuery &query = preparedQuery(sql);
    QStringList columns;
    QList<QVariantList> returned;
    qint64 affected = 0;
    for (const QVariantList &parameters : parameterRows) {
        const Result result = run(query, sql, parameters, true);
        if (columns.isEmpty())
            columns = result.columns();
        returned.append(result.rawRows());
        affected += qMax<qint64>(result.rowsAffected(), 0);
    }
    return Result(columns, returned, affected, {});
}

QSqlQuery &Connection::preparedQuery(const QString &sql)
{
    auto it = m_prepared.find(sql);
    if (it != m_prepared.end())
        return it->second;
    if (m_prepared.size() >= preparedStatementLimit)
        m_prepared.clear();
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        fail(query.lastError(), sql);
    return m_prepared.emplace(sql, std::move(query)).first->second;
}

void Connection::exec(QSqlQuery &query, const QString &sql, const QVariantList &parameters,
                      bool prepared, const QElapsedTimer &timer)
{
    bool ok;
    if (prepared) {
        refuseNul(sql, parameters, timer);
        for (qsizetype i = 0; i < parameters.size(); ++i)
            query.bindValue(int(i), parameters.at(i));
        ok = query.exec();
    } else {
        ok = query.exec(sql);
    }
    if (!ok) {
        const QSqlError error = query.lastError();
        query.finish();
        report(sql, parameters, timer.nsecsElapsed(), -1, describe(error));
        fail(error, sql);
    }
}

qint64 Connection::executeEach(const QString &sql, const QVariantList &parameters,
                               const RowHandler &onRow)
{
    beginIfWriting(sql);
    QElapsedTimer timer;
    timer.start();
    // Without parameters there is nothing to prepare (as in execute()).
    std::optional<QSqlQuery> unprepared;
    if (parameters.isEmpty()) {
        unprepared.emplace(m_database);
        unprepared->setForwardOnly(true);
    }
    QSqlQuery &query = unprepared ? *unprepared : preparedQuery(sql);
    exec(query, sql, parameters, !unprepared, timer);
    // Whatever happens below (onRow may throw), the statement is reset before it is reused, and
    // SQLite's read snapshot is released at once.
    struct Finish
    {
        QSqlQuery &query;
        ~Finish() { query.finish(); }
    } finish {query};
    qint64 rows = 0;
    if (query.isSelect()) {
        QVariantList row(query.record().count());
        bool more = true;
        while (more && query.next()) {
            for (qsizetype i = 0; i < row.size(); ++i)
                row[i] = query.value(int(i));
            ++rows;
            more = onRow(std::span<const QVariant>(row.constData(), row.size()));
        }
        if (more && query.lastError().isValid())
            fail(query.lastError(), sql);
    } else {
        rows = changedRows(query, sql);
    }
    report(sql, parameters, timer.nsecsElapsed(), rows, {});
    return rows;
}

qint64 Connection::changedRows(const QSqlQuery &query, const QString &sql)
{
    // SQLite's count is that of the last INSERT, UPDATE or DELETE on the connection, so after
    // BEGIN, COMMIT or CREATE it would repeat an earlier statement's: those change no rows.
    static const QRegularExpression dataChange(
            u"^\\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|WITH)\\b"_s,
            QRegularExpression::CaseInsensitiveOption);
    return dataChange.match(sql).hasMatch() ? query.numRowsAffected() : -1;
}

Result Connection::run(QSqlQuery &query, const QString &sql, const QVariantList &parameters,
                       bool prepared)
{
    QElapsedTimer timer;
    timer.start();
    exec(query, sql, parameters, prepared, timer);

    QStringList columns;
    QList<QVariantList> rows;
    qint64 rowCount;
    if (query.isSelect()) {
        const QSqlRecord record = query.record();
        const int width = record.count();
        columns.reserve(width);
        for (int i = 0; i < width; ++i)
            columns << record.fieldName(i);
        while (query.next()) {
            QVariantList row;
            row.reserve(width);
            for (int i = 0; i < width; ++i)
                row.append(query.value(i));
            rows.append(std::move(row));
        }
        if (query.lastError().isValid()) {
            const QSqlError error = query.lastError();
            query.finish();
            fail(error, sql);
        }
        rowCount = rows.size();
    } else {
        rowCount = changedRows(query, sql);
    }
    const QVariant lastInsertId = m_dialect == Dialect::SQLite ? query.lastInsertId() : QVariant();
    // Finishing releases SQLite's read snapshot at once instead of at the next exec.
    query.finish();
    report(sql, parameters, timer.nsecsElapsed(), rowCount, {});
    return Result(std::move(columns), std::move(rows), rowCount, lastInsertId);
}

void Connection::report(const QString &sql, const QVariantList &parameters, qint64 nanoseconds,
                        qint64 rows, const QString &error) const
{
    if (!m_observer || !m_observer->wantsStatements())
        return;
    StatementLog log;
    log.sql = sql;
    log.parameters = parameters;
    log.duration = std::chrono::nanoseconds(nanoseconds);
    log.rows = rows;
    log.error = error;
    log.connectionName = m_connectionName;
    log.threadId = QThread::currentThreadId();
    m_observer->observeStatement(log);
}

void Connection::refuseNul(const QString &sql, const QVariantList &parameters,
                           const QElapsedTimer &timer)
{
    if (m_dialect != Dialect::PostgreSQL)
        return;
    for (qsizetype i = 0; i < parameters.size(); ++i) {
        const QVariant &value = parameters.at(i);
        if (value.typeId() != QMetaType::QString || !value.toString().contains(QChar(0)))
            continue;
        // SQLSTATE 22021, character_not_in_repertoire: what the server says of such text.
        const QSqlError error(
                {},
                u"invalid byte sequence for encoding \"UTF8\": 0x00 (parameter %1: PostgreSQL "
                "text cannot hold the NUL character)"_s.arg(i + 1),
                QSqlError::StatementError, u"22021"_s);
        report(sql, parameters, timer.nsecsElapsed(), -1, describe(error));
        fail(error, sql);
    }
}

void Connection::fail(const QSqlError &error, const QString &sql)
{
    const QString message = describe(error) + u"\n[SQL: "_s + sql + u']';
    const QString code = error.nativeErrorCode();
    if (m_dialect == Dialect::SQLite) {
        // Extended result codes (SQLITE_CONSTRAINT_UNIQUE = 2067) carry the primary one in the low
        // byte.
        switch (code.toInt() & 0xff) {
        case SqliteConstraint:
        case SqliteMismatch:
            throw IntegrityError(message, sql, error);
        case SqliteBusy:
        case SqliteLocked:
        case SqliteReadOnly:
        case SqliteIoErr:
        case SqliteCorrupt:
        case SqliteFull:
        case SqliteCantOpen:
        case SqliteNotADb:
            throw OperationalError(message, sql, error);
        case SqliteError:
            throw ProgrammingError(message, sql, error);
        default:
            throw DatabaseError(message, sql, error);
        }
    }
    // PostgreSQL: the SQLSTATE class decides. No SQLSTATE at all means libpq lost the server.
    const QString sqlState = code.left(2);
    if (code.isEmpty() || sqlState == u"08"_s || code.startsWith(u"57P"_s)) {
        m_broken = true;
        throw OperationalError(message, sql, error);
    }
    if (sqlState == u"23"_s)
        throw IntegrityError(message, sql, error);
    if (sqlState == u"40"_s || sqlState == u"53"_s || sqlState == u"55"_s || sqlState == u"57"_s
        || sqlState == u"58"_s)
        throw OperationalError(message, sql, error);
    if (sqlState == u"42"_s || sqlState == u"3F"_s || sqlState == u"26"_s)
        throw ProgrammingError(message, sql, error);
    throw DatabaseError(message, sql, error);
}

void Connection::beginIfWriting(const QString &sql)
{
    if (!m_transactionStarted && isWrite(sql))
        beginWriting();
}

void Connection::beginWriting()
{
    if (m_transactionStarted)
        return;
    if (m_walPending) {
        // Outside a transaction: SQLite cannot change the journal mode inside one.
        m_walPending = false;
        execute(u"PRAGMA journal_mode = WAL"_s);
    }
    if (m_transactionRequested)
        sendBegin();
}

void Connection::sendBegin()
{
    m_transactionStarted = true;
    try {
        execute(m_dialect == Dialect::SQLite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
    } catch (...) {
        m_transactionStarted = false;
        throw;
    }
}

void Connection::begin()
{
    if (m_transactionRequested)
        throw InvalidRequestError(u"A transaction is already begun on this connection"_s);
    m_transactionRequested = true;
    m_savepointCounter = 0;
    if (m_dialect == Dialect::PostgreSQL) {
        try {
            sendBegin();
        } catch (...) {
            m_transactionRequested = false;
            throw;
        }
    }
}

void Connection::commit()
{
    const bool started = m_transactionStarted;
    m_transactionRequested = m_transactionStarted = false;
    if (started)
        execute(u"COMMIT"_s);
}

void Connection::rollback()
{
    const bool started = m_transactionStarted;
    m_transactionRequested = m_transactionStarted = false;
    if (started)
        execute(u"ROLLBACK"_s);
}

QString Connection::savepoint()
{
    if (!m_transactionRequested)
        begin();
    if (!m_transactionStarted)
        sendBegin();
    const QString name = u"sa_savepoint_%1"_s.arg(++m_savepointCounter);
    execute(u"SAVEPOINT "_s + name);
    return name;
}

void Connection::releaseSavepoint(const QString &name)
{
    execute(u"RELEASE SAVEPOINT "_s + name);
}

void Connection::rollbackToSavepoint(const QString &name)
{
    execute(u"ROLLBACK TO SAVEPOINT "_s + name);
}

} // namespace orm
