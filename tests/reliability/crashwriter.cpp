// The child program of tst_crashsafety: writes to a database one transaction after another until
// it is killed, through the ORM or the app's own write paths (CrashWorkload.h says what each mode
// writes).
//
//     crashwriter orm-batches|edit|delete|import <database URL> <first transaction number>
//
// Before each transaction it prints "begin <kind> <n>", after its future reported the commit
// "committed <kind> <n>", each line flushed at once: a write() to the pipe survives the SIGKILL
// that follows, so the test knows which transactions were promised when the kill came.
// The tables must exist (the test makes them, and the users the edits change).
#include "CrashWorkload.h"

#include <orm/async/AsyncSession.h>
#include <orm/engine/Connection.h>
#include <ui/DataTransfer.h>
#include <ui/Models.h>
#include <ui/UserStore.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace quarry;

namespace {

void say(const char *what, const QString &kind, qint64 n)
{
    std::printf("%s %s %lld\n", what, qPrintable(kind), static_cast<long long>(n));
    std::fflush(stdout);
}

// Runs one transaction, announced and reported. The lanes are threads of their own that need
// nothing from this one, so blocking on the future is safe and keeps the loops plain.
template<typename Transaction> void transaction(const QString &kind, qint64 n, Transaction work)
{
    say("begin", kind, n);
    work().waitForFinished(); // rethrows the transaction's error
    say("committed", kind, n);
}

[[noreturn]] void writeBatches(const std::shared_ptr<orm::AsyncEngine> &engine, qint64 n)
{
    for (;; ++n) {
        // Several round trips in one transaction: the users, then their posts, then COMMIT.
        transaction(u"batch"_s, n, [&] {
            orm::AsyncSession session(engine);
            const QString batch = crash::tag(u"batch"_s, n);
            QList<User> users;
            for (int i = 0; i < crash::batchUsers; ++i)
                users.append({.name = crash::userName(batch, i), .age = int(n % 151)});
            const auto added = session.addAll(users);
            session.flush().waitForFinished();
            QList<Post> posts;
            for (const auto &user : added)
                for (int j = 0; j < crash::batchPosts; ++j)
                    posts.append({.title = crash::postTitle(user->name, j), .userId = user->id});
            session.addAll(posts);
            return session.commit();
        });
    }
}

[[noreturn]] void edit(const std::shared_ptr<orm::AsyncEngine> &engine, qint64 n)
{
    UserStore store(engine);
    for (;; ++n) {
        const int slot = int(n % crash::editSlots);
        transaction(u"edit"_s, n, [&] {
            return store.updateUser({slot + 1, crash::slotName(slot, n), crash::editAge(n), 0});
        });
    }
}

[[noreturn]] void createAndDelete(const std::shared_ptr<orm::AsyncEngine> &engine, qint64 n)
{
    UserStore store(engine);
    // Creates have even numbers, deletes odd ones (CrashWorkload.h).
    for (n += n % 2;; n += 2) {
        QList<qint64> ids;
        transaction(u"create"_s, n, [&] {
            orm::AsyncSession session(engine);
            return session.runSync([&ids, group = crash::tag(u"group"_s, n)](orm::Session &s) {
                QList<User> users;
                for (int i = 0; i < crash::groupUsers; ++i)
                    users.append({.name = crash::userName(group, i)});
                const auto added = s.addAll(users);
                s.flush();
                QList<Post> posts;
                for (const auto &user : added) {
                    ids.append(user->id);
                    for (int j = 0; j < crash::groupPosts; ++j)
                        posts.append(
                                {.title = crash::postTitle(user->name, j), .userId = user->id});
                }
                s.addAll(posts);
                s.commit();
            });
        });
        transaction(u"delete"_s, n + 1,
                    [&] { return store.deleteUsers(ids, crash::deletesPosts(n)); });
    }
}

[[noreturn]] void import(const std::shared_ptr<orm::AsyncEngine> &engine, qint64 n)
{
    const QString csvPath = engine->url().database() + u".import.csv"_s;
    for (;; ++n) {
        QByteArray csv = "id,name,age,posts\r\n";
        const QString batch = crash::tag(u"import"_s, n);
        for (int i = 0; i < crash::importUsers; ++i) {
            const QString name = crash::userName(batch, i);
            QJsonArray titles;
            for (int j = 0; j < crash::importPosts; ++j)
                titles.append(crash::postTitle(name, j));
            QByteArray posts = QJsonDocument(titles).toJson(QJsonDocument::Compact);
            posts.replace('"', "\"\"");
            csv += QByteArray::number(n * 1000 + i + 1) + ',' + name.toUtf8() + ','
                    + QByteArray::number(i % 151) + ",\"" + posts + "\"\r\n";
        }
        QFile file(csvPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(csv) != csv.size())
            qFatal("cannot write %s: %s", qPrintable(csvPath), qPrintable(file.errorString()));
        file.close();
        transaction(u"import"_s, n, [&] { return importUsersCsv(engine, csvPath); });
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    bool numbered = false;
    const qint64 first = arguments.value(3).toLongLong(&numbered);
    if (arguments.size() != 4 || !numbered) {
        std::fprintf(stderr, "usage: crashwriter orm-batches|edit|delete|import URL FIRST\n");
        return 2;
    }
    const QString mode = arguments.at(1);
    try {
        // One lane, so that the PRAGMA below holds for every transaction.
        auto engine = orm::createAsyncEngine(arguments.at(2), {.poolSize = 1});
        if (engine->dialect() == orm::Dialect::SQLite) {
            // A checkpoint after every few transactions instead of every few hundred, so that
            // many kills land in one (SQLite checkpoints as part of the COMMIT that fills the
            // WAL past this many pages).
            engine->runSync([](orm::Connection &c) {
                      c.execute(u"PRAGMA wal_autocheckpoint = 16"_s);
                  }).waitForFinished();
        }
        if (mode == u"orm-batches"_s)
            writeBatches(engine, first);
        if (mode == u"edit"_s)
            edit(engine, first);
        if (mode == u"delete"_s)
            createAndDelete(engine, first);
        if (mode == u"import"_s)
            import(engine, first);
        std::fprintf(stderr, "crashwriter: unknown mode %s\n", qPrintable(mode));
    } catch (const orm::Error &error) {
        std::fprintf(stderr, "crashwriter: %s\n", qPrintable(error.message()));
    } catch (const TransferError &error) {
        std::fprintf(stderr, "crashwriter: %s\n", qPrintable(error.message()));
    } catch (const std::exception &error) {
        std::fprintf(stderr, "crashwriter: %s\n", error.what());
    }
    return 1;
}
