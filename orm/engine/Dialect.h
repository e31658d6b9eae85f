#pragma once

#include <QString>

namespace orm {

// The database servers the ORM speaks to. Each has its own Qt SQL driver and SQL flavour.
enum class Dialect { SQLite, PostgreSQL };

inline QString dialectName(Dialect dialect)
{
    return dialect == Dialect::SQLite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

} // namespace orm
