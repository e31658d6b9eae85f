// One executed statement, as echo logs it and AsyncEngine::statementExecuted reports it.
#pragma once

#include <QLoggingCategory>
#include <QMetaType>
#include <QString>
#include <QVariantList>

#include <chrono>

Q_DECLARE_LOGGING_CATEGORY(lcQuarrySql)

namespace orm {

struct StatementLog
{
    QString sql;
    QVariantList parameters;
    std::chrono::nanoseconds duration {};
    // Rows returned by a query, or rows changed by INSERT/UPDATE/DELETE; -1 when unknown.
    qint64 rows = -1;
    // Empty when the statement succeeded.
    QString error;
    // The lane's connection name and thread, so a reader can tell which connection ran what.
    QString connectionName;
    Qt::HANDLE threadId = nullptr;

    // "SELECT ... | [1, 'Смитти'] | 0.21 ms | 1 row" — the echo line.
    QString toString() const;
    // "[1, 'Смитти', NULL]" as the echo line spells the parameters; empty without any.
    QString parametersText() const;
};

// Calls back for each statement a Connection executes. Called on the lane thread.
class StatementObserver
{
public:
    virtual ~StatementObserver() = default;
    virtual bool wantsStatements() const = 0;
    virtual void observeStatement(const StatementLog &log) = 0;
};

} // namespace orm

Q_DECLARE_METATYPE(orm::StatementLog)
