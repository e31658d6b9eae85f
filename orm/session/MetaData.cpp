#include "MetaData.h"

#include "../engine/Connection.h"
#include "../engine/Error.h"

using namespace Qt::StringLiterals;

namespace orm {

void MetaData::add(const ModelInfo &model)
{
    if (!m_tables.contains(&model))
        m_tables.append(&model);
}

QList<const ModelInfo *> MetaData::sortedTables() const
{
    QList<const ModelInfo *> sorted;
    QList<const ModelInfo *> remaining = m_tables;
    while (!remaining.isEmpty()) {
        const qsizetype before = remaining.size();
        for (auto it = remaining.begin(); it != remaining.end();) {
            const bool ready
                    = std::all_of((*it)->references.cbegin(), (*it)->references.cend(),
                                  [&](const QString &table) {
                                      return table == (*it)->table
                                              || std::none_of(remaining.cbegin(), remaining.cend(),
                                                              [&](const ModelInfo *m) {
                                                                  return m->table == table;
                                                              });
                                  });
            if (ready) {
                sorted.append(*it);
                it = remaining.erase(it);
            } else {
                ++it;
            }
        }
        if (remaining.size() == before)
            throw ArgumentError(
                    u"The foreign keys of %1 form a cycle"_s.arg(remaining.first()->table));
    }
    return sorted;
}

QStringList MetaData::createTable(const ModelInfo &model, Dialect dialect) const
{
    // Laid out exactly as SQLAlchemy's DDL compiler does: one column per line, constraints last.
    QStringList lines;
    QStringList constraints;
    QStringList indexes;
    for (const ColumnInfo &column : model.columns) {
        QString type = column.options.sqlType ? QString::fromUtf8(column.options.sqlType)
                                              : column.sqlType(dialect);
        const bool autoincrement = column.options.primaryKey && column.integer;
        if (autoincrement && dialect == Dialect::PostgreSQL)
            type = type == u"BIGINT"_s ? u"BIGSERIAL"_s : u"SERIAL"_s;
        else if (autoincrement)
            type = u"INTEGER"_s; // only INTEGER PRIMARY KEY is SQLite's auto-assigned rowid
        if (column.options.length > 0 && type == u"VARCHAR"_s)
            type += u"(%1)"_s.arg(column.options.length);
        QString line = u'\t' + SqlWriter::quote(column.name) + u' ' + type;
        if (column.options.serverDefault)
            line += u" DEFAULT "_s + QString::fromUtf8(column.options.serverDefault);
        if (!column.nullable)
            line += u" NOT NULL"_s;
        lines << line;
        // As SQLAlchemy: unique and index together make a unique index instead of a constraint;
        // constraints follow the columns' order, a column's UNIQUE before its FOREIGN KEY.
        if (column.options.unique && !column.options.index)
            constraints << u"\tUNIQUE (%1)"_s.arg(SqlWriter::quote(column.name));
        if (column.options.foreignKey) {
            const QString target = QString::fromUtf8(column.options.foreignKey);
            constraints << u"\tFOREIGN KEY(%1) REFERENCES %2 (%3)"_s.arg(
                    SqlWriter::quote(column.name), SqlWriter::quote(target.section(u'.', 0, 0)),
                    SqlWriter::quote(target.section(u'.', 1)));
        }
        if (column.options.index)
            indexes << u"CREATE %1INDEX %2 ON %3 (%4)"_s.arg(
                    column.options.unique ? u"UNIQUE "_s : QString(),
                    SqlWriter::quote(u"ix_%1_%2"_s.arg(model.table, column.name)),
                    SqlWriter::quote(model.table), SqlWriter::quote(column.name));
    }
    constraints.prepend(
            u"\tPRIMARY KEY (%1)"_s.arg(SqlWriter::quote(model.primaryKeyColumn().name)));
    const QString table = u"\nCREATE TABLE %1 (\n%2\n)\n\n"_s.arg(
            SqlWriter::quote(model.table), (lines + constraints).join(u", \n"_s));
    return QStringList {table} + indexes;
}

QStringList MetaData::createStatements(Dialect dialect) const
{
    QStringList statements;
    for (const ModelInfo *model : sortedTables())
        statements += createTable(*model, dialect);
    return statements;
}

bool MetaData::hasTable(Connection &connection, const QString &table)
{
    const QString sql = connection.dialect() == Dialect::SQLite
            ? u"SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"_s
            : u"SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
              u"n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ? "
              u"AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"_s;
    return !connection.execute(sql, {table}).isEmpty();
}

void MetaData::createAll(Connection &connection, bool checkFirst) const
{
    for (const ModelInfo *model : sortedTables()) {
        if (checkFirst && hasTable(connection, model->table))
            continue;
        for (const QString &statement : createTable(*model, connection.dialect()))
            connection.execute(statement);
    }
}

void MetaData::dropAll(Connection &connection, bool checkFirst) const
{
    const QList<const ModelInfo *> tables = sortedTables();
    for (auto it = tables.crbegin(); it != tables.crend(); ++it) {
        if (checkFirst && !hasTable(connection, (*it)->table))
            continue;
        connection.execute(u"\nDROP TABLE %1"_s.arg(SqlWriter::quote((*it)->table)));
    }
}

} // namespace orm
