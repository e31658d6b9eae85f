#include "Select.h"

#include "../engine/Error.h"

using namespace Qt::StringLiterals;

namespace orm::detail {

void writeEntityColumns(SqlWriter &out, const ModelInfo &model)
{
    for (qsizetype i = 0; i < model.columns.size(); ++i) {
        if (i)
            out << u", "_s;
        ColumnRef {model.table, model.columns.at(i).name}.write(out);
    }
}

void writeSelectEntity(SqlWriter &out, const ModelInfo &model, bool distinct)
{
    out << (distinct ? u"SELECT DISTINCT "_s : u"SELECT "_s);
    writeEntityColumns(out, model);
    out << u" \nFROM "_s << SqlWriter::quote(model.table);
}

namespace {

Condition equal(const ModelInfo &a, int aColumn, const ModelInfo &b, int bColumn)
{
    return Condition::compare(ColumnRef {a.table, a.columns.at(aColumn).name}, u"="_s,
                              ColumnRef {b.table, b.columns.at(bColumn).name});
}

} // namespace

Condition inferredJoin(const QList<const ModelInfo *> &before, const ModelInfo &joined)
{
    QList<Condition> found;
    for (const ModelInfo *model : before) {
        // Either side may hold the foreign key.
        for (const auto &[child, parent] : {std::pair(&joined, model), std::pair(model, &joined)}) {
            for (qsizetype i = 0; i < child->columns.size(); ++i) {
                const char *key = child->columns.at(i).options.foreignKey;
                if (!key)
                    continue;
                const QString target = QString::fromUtf8(key);
                if (target.section(u'.', 0, 0) != parent->table)
                    continue;
                const int referenced = parent->columnIndex(target.section(u'.', 1));
                if (referenced >= 0)
                    found.append(equal(*parent, referenced, *child, int(i)));
            }
            if (child == parent)
                break;
        }
    }
    if (found.size() != 1)
        throw ArgumentError(
                u"Cannot join %1 without a condition: there %2 between it and the tables "
                u"before it; pass the ON condition"_s.arg(
                        joined.table,
                        found.isEmpty() ? u"is no foreign key"_s
                                        : u"is more than one foreign key"_s));
    return found.first();
}

Condition relationshipJoin(const RelationshipInfo &relationship)
{
    const RelationshipInfo::Join join = relationship.join();
    return equal(*join.parent, join.parentColumn, *join.child, join.childColumn);
}

void SelectClauses::addFrom(const ModelInfo &model)
{
    if (!from.contains(&model))
        from.append(&model);
}

void SelectClauses::writeFrom(SqlWriter &out) const
{
    QStringList tables;
    for (const ModelInfo *model : from)
        if (std::none_of(joins.cbegin(), joins.cend(),
                         [model](const Join &join) { return join.model == model; }))
            tables.append(model->table);
    for (const QString &table : fromTables)
        if (!tables.contains(table)
            && std::none_of(joins.cbegin(), joins.cend(),
                            [&](const Join &join) { return join.model->table == table; }))
            tables.append(table);
    if (tables.isEmpty() && joins.isEmpty())
        return;
    out << u" \nFROM "_s;
    for (qsizetype i = 0; i < tables.size(); ++i)
        out << (i ? u", "_s : QString()) << SqlWriter::quote(tables.at(i));
    for (const Join &join : joins) {
        out << (join.outer ? u" LEFT OUTER JOIN "_s : u" JOIN "_s)
            << SqlWriter::quote(join.model->table) << u" ON "_s;
        join.on->write(out);
    }
}

void SelectClauses::writeTail(SqlWriter &out) const
{
    if (where) {
        out << u" \nWHERE "_s;
        where->write(out);
    }
    for (qsizetype i = 0; i < groupBy.size(); ++i) {
        out << (i ? u", "_s : u" GROUP BY "_s);
        groupBy.at(i).write(out);
    }
    if (having) {
        out << u" \nHAVING "_s;
        having->write(out);
    }
    for (qsizetype i = 0; i < orderBy.size(); ++i) {
        out << (i ? u", "_s : u" ORDER BY "_s);
        orderBy.at(i).write(out);
    }
    if (limit || offset) {
        // SQLite needs a LIMIT before an OFFSET; -1 means no limit there. PostgreSQL takes ALL.
        out << u"\n LIMIT "_s;
        if (limit)
            out.bind(*limit);
        else
            out << (out.dialect() == Dialect::SQLite ? u"-1"_s : u"ALL"_s);
        if (offset) {
            out << u" OFFSET "_s;
            out.bind(*offset);
        }
    }
    if (forUpdate) {
        if (out.dialect() == Dialect::PostgreSQL)
            out << u" FOR UPDATE"_s;
        out.lockRows();
    }
}

} // namespace orm::detail
