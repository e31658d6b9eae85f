// quarry::importUsersCsv on any bytes, into an in-memory SQLite database with Quarry's schema,
// made once. Beyond not crashing, the import either
//   - throws quarry::ImportError (nothing else: another error is a bug, the database refusing
//     a row included, since the importer checks what the database would refuse) and leaves no
//     user and no post behind, or
//   - returns the number of users, and the database holds that many.
// The tables are emptied again for the next input.
#include "Property.h"

#include <ui/DataTransfer.h>
#include <ui/Schema.h>

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Connection.h>
#include <orm/engine/Result.h>

#include <QBuffer>
#include <QCoreApplication>

using namespace Qt::StringLiterals;
using quarry::fuzz::describe;
using quarry::fuzz::fail;

namespace {

std::shared_ptr<orm::AsyncEngine> engine;

// The result, or the error, of a future finished on another thread. Qt 6.4's result() checks for
// an error before it waits and not after, so a future that fails meanwhile would hand back a
// result that does not exist: waitForFinished() first, which rethrows the error.
template<typename T> T resultOf(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

std::pair<qint64, qint64> counts()
{
    return resultOf(engine->runSync([](orm::Connection &c) {
        return std::pair {c.execute(u"SELECT COUNT(*) FROM users"_s).scalarOne().toLongLong(),
                          c.execute(u"SELECT COUNT(*) FROM posts"_s).scalarOne().toLongLong()};
    }));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // Qt's SQL plugins need an application object; libFuzzer's arguments are none of Qt's.
    static int argc = 1;
    static char name[] = "fuzz_csv_import";
    static char *argv[] = {name, nullptr};
    new QCoreApplication(argc, argv);
    engine = orm::createAsyncEngine(u"sqlite://"_s);
    engine->runSync([](orm::Connection &c) { quarry::prepareSchema(c); }).waitForFinished();
    // libFuzzer ends with exit(): the engine closes its connection before Qt SQL's own statics
    // (made by the line above, so destroyed after this handler) are gone.
    std::atexit([] { engine.reset(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QBuffer buffer;
    buffer.setData(reinterpret_cast<const char *>(data), qsizetype(size));
    buffer.open(QIODevice::ReadOnly);
    try {
        // The import runs on the engine's lane and needs no event loop here.
        const qint64 imported = resultOf(quarry::importUsersCsv(engine, &buffer));
        if (const auto [users, posts] = counts(); users != imported)
            fail("an import's count is the users in the database",
                 u"imported %1, the database has %2 users"_s.arg(imported).arg(users));
    } catch (const quarry::ImportError &) {
        if (const auto [users, posts] = counts(); users != 0 || posts != 0)
            fail("a failed import writes nothing",
                 u"%1 users and %2 posts after the error"_s.arg(users).arg(posts));
    } catch (...) {
        fail("an import throws ImportError or nothing", describe(std::current_exception()));
    }
    engine->runSync([](orm::Connection &c) {
              c.execute(u"DELETE FROM posts"_s);
              c.execute(u"DELETE FROM users"_s);
          }).waitForFinished();
    return 0;
}
