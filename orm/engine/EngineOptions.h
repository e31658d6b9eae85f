#pragma once

#include <chrono>

namespace orm {

// What createAsyncEngine() accepts besides the URL (SQLAlchemy's create_engine keyword arguments).
struct EngineOptions
{
    // Log every statement with its parameters, duration and row count (category quarry.orm.sql).
    bool echo = false;
    // How many connection lanes (threads, each with its own connection) the engine may open.
    // An in-memory SQLite database always has exactly one: it lives inside that one connection.
    int poolSize = 5;
    // How long an operation waits for a free lane before it fails with orm::TimeoutError.
    std::chrono::milliseconds checkoutTimeout {30'000};
    // How long SQLite waits for another connection's lock before reporting "database is locked".
    std::chrono::milliseconds busyTimeout {5'000};
};

} // namespace orm
