// Sample data for trying Quarry out: plausible users (English and Russian names, ages, some
// unknown) with a few posts each. Used by `quarry init --demo N` and the window's generator.
#pragma once

#include <QFuture>

#include <memory>

namespace orm {
class AsyncEngine;
} // namespace orm

namespace quarry {

// Creates the tables and indexes that are missing (prepareSchema), then adds `users` sample users,
// each with 0 to 5 posts, ages 18 to 90 with about one in ten unknown (NULL). The same seed gives
// the same people and posts on every machine. Everything is added in one transaction, flushed in
// chunks so that a million users take bounded memory: the future ends with the number of users
// added, or with the orm::Error that stopped it and nothing added. The future reports progress (0
// to users) and may be canceled: the transaction is rolled back and the future ends canceled.
QFuture<qint64> generateDemoData(std::shared_ptr<orm::AsyncEngine> engine, qint64 users,
                                 quint32 seed = 1);

} // namespace quarry
