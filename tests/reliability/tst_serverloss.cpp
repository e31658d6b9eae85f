// A PostgreSQL server that goes away in the middle of a session: stopped (fast shutdown, as
// systemd or an administrator stops it) and started again later, or restarted in the middle of a
// transaction. The work in flight fails with orm::OperationalError within the timeout, new work
// fails fast while the server is down, and once it is back the engine's pool replaces the dead
// connections by itself: sessions read and write again and nothing committed before is lost.
//
// The test runs a server of its own (scripts/postgres-sandbox.sh with a private QUARRY_PG_STATE,
// `pause` and `resume`), never the shared one that other tests use at the same time. Without
// PostgreSQL it skips, or fails with QUARRY_REQUIRE_POSTGRES=1.
#include "support/TestBackends.h"

#include <orm/async/AsyncConnection.h>
#include <orm/async/AsyncSession.h>
#include <ui/Models.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace quarry;
using quarry::test::await;

namespace {

// Every wait of this test is bounded by this: a broken connection must be noticed long before.
constexpr int timeoutMs = 15'000;
// What "fails fast" means when the server refuses connections on loopback.
constexpr qint64 fastMs = 3'000;

const auto userNames = orm::select(Users::name).orderBy(Users::id.asc());

// Runs postgres-sandbox.sh COMMAND for the private server; false with the reason on failure.
bool sandbox(const QString &stateFile, const QString &command, QString *output,
             QString *whyNot = nullptr)
{
    QProcess script;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QUARRY_PG_STATE"_s, stateFile);
    // Away from the shared sandbox's ports, so that no `start` takes this port while paused.
    environment.insert(u"QUARRY_PG_FIRST_PORT"_s, u"55732"_s);
    script.setProcessEnvironment(environment);
    script.start(u"bash"_s,
                 {QStringLiteral(QUARRY_SOURCE_DIR "/scripts/postgres-sandbox.sh"), command});
    const bool finished = script.waitForFinished(90'000);
    *output = QString::fromUtf8(script.readAllStandardOutput()).trimmed();
    const QString errors = QString::fromUtf8(script.readAllStandardError()).trimmed();
    if (finished && script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0)
        return true;
    if (!finished)
        script.kill();
    if (whyNot)
        *whyNot = u"postgres-sandbox.sh %1 failed: %2"_s.arg(command, errors);
    else
        qWarning("postgres-sandbox.sh %s failed: %s", qPrintable(command), qPrintable(errors));
    return false;
}

// A failure that says the database is gone: an OperationalError whose message is the driver's
// own sentence (first line) followed by the SQL, with no empty text.
void verifyServerGone(const QString &what, const std::function<void()> &operation)
{
    try {
        operation();
        QFAIL(qPrintable(what + u" succeeded while the server was gone"_s));
    } catch (const orm::OperationalError &error) {
        const QString sentence = error.message().section(u'\n', 0, 0).trimmed();
        qInfo("%s: %s", qPrintable(what), qPrintable(sentence));
        QVERIFY2(sentence.size() > 10, qPrintable(error.message()));
        QVERIFY2(sentence.contains(u"connect"_s, Qt::CaseInsensitive)
                         || sentence.contains(u"terminat"_s, Qt::CaseInsensitive)
                         || sentence.contains(u"server"_s, Qt::CaseInsensitive),
                 qPrintable(error.message()));
    }
}

} // namespace

class tst_ServerLoss : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init() { quarry::test::failOnQtWarnings(); }
    void cleanup();
    void stoppedAndStartedAgain();
    void restartedInTransaction();

private:
    bool pause();
    bool resume();
    std::shared_ptr<orm::AsyncEngine> freshEngine(int poolSize);
    // poolSize sessions at once (so that every lane is used) each read the names, which start
    // with the expected ones, then add one.
    void readAndWriteOnEveryLane(const std::shared_ptr<orm::AsyncEngine> &engine,
                                 const QString &prefix, const QList<QString> &expected);

    QTemporaryDir m_directory;
    QString m_stateFile;
    QString m_url;
};

void tst_ServerLoss::initTestCase()
{
    QVERIFY(m_directory.isValid());
    m_stateFile = m_directory.filePath(u"postgres.state"_s);
    QString whyNot;
    if (!sandbox(m_stateFile, u"start"_s, &m_url, &whyNot)) {
        if (quarry::test::postgresRequired())
            QFAIL(qPrintable(u"PostgreSQL is required (QUARRY_REQUIRE_POSTGRES=1): "_s + whyNot));
        QSKIP(qPrintable(u"no private PostgreSQL server: "_s + whyNot));
    }
    QVERIFY2(m_url.startsWith(u"postgresql://"_s), qPrintable(m_url));
    // Should this process crash, the server goes with it rather than lingering on.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QUARRY_PG_STATE"_s, m_stateFile);
    QProcess reaper;
    reaper.setProcessEnvironment(environment);
    reaper.setProgram(u"bash"_s);
    reaper.setArguments(
            {u"-c"_s,
             u"tail --pid=%1 -f /dev/null; exec bash %2 stop"_s
                     .arg(QCoreApplication::applicationPid())
                     .arg(QStringLiteral(QUARRY_SOURCE_DIR "/scripts/postgres-sandbox.sh"))});
    reaper.setStandardOutputFile(QProcess::nullDevice());
    reaper.setStandardErrorFile(QProcess::nullDevice());
    QVERIFY(reaper.startDetached());
}

void tst_ServerLoss::cleanupTestCase()
{
    QString output;
    if (!m_url.isEmpty())
        sandbox(m_stateFile, u"stop"_s, &output);
}

void tst_ServerLoss::cleanup()
{
    // A failed check may leave the server paused; the next test needs it.
    resume();
}

bool tst_ServerLoss::pause()
{
    QString output;
    return sandbox(m_stateFile, u"pause"_s, &output);
}

bool tst_ServerLoss::resume()
{
    QString output;
    return sandbox(m_stateFile, u"resume"_s, &output);
}

std::shared_ptr<orm::AsyncEngine> tst_ServerLoss::freshEngine(int poolSize)
{
    auto engine = orm::createAsyncEngine(m_url, {.poolSize = poolSize, .checkoutTimeout = 5s});
    await(engine->runSync([](orm::Connection &c) {
        Base.dropAll(c);
        Base.createAll(c);
    }));
    return engine;
}

void tst_ServerLoss::readAndWriteOnEveryLane(const std::shared_ptr<orm::AsyncEngine> &engine,
                                             const QString &prefix, const QList<QString> &expected)
{
    QList<orm::AsyncSession> sessions;
    QList<QFuture<orm::ScalarResult<QString>>> reads;
    for (int i = 0; i < engine->poolSize(); ++i) {
        sessions.append(orm::AsyncSession(engine, {.expireOnCommit = false}));
        // Inside a transaction, so that each session keeps its lane and they use all of them.
        reads.append(sessions.last().runSync(
                [](orm::Session &s) { return s.execute(userNames).scalars(); }));
    }
    for (qsizetype i = 0; i < sessions.size(); ++i) {
        const QList<QString> seen = await(reads.at(i), timeoutMs).all();
        QCOMPARE(seen.mid(0, expected.size()), expected);
        sessions[i].add(User {.name = prefix + QString::number(i)});
        await(sessions[i].commit(), timeoutMs);
    }
}

void tst_ServerLoss::stoppedAndStartedAgain()
{
    constexpr int poolSize = 4;
    auto engine = freshEngine(poolSize);
    orm::AsyncSession writer(engine, {.expireOnCommit = false});
    writer.addAll(QList<User> {{.name = u"kept 1"_s}, {.name = u"kept 2"_s}});
    await(writer.commit());
    // Every lane has connected once, so the pool holds idle connections that the stop kills too.
    const QList<QString> kept = {u"kept 1"_s, u"kept 2"_s};
    readAndWriteOnEveryLane(engine, u"before "_s, kept);
    if (QTest::currentTestFailed())
        return;

    // Sessions in use: one with a row flushed in its transaction, one waiting for a slow
    // statement, one idle (its lane went back to the pool).
    orm::AsyncSession inTransaction(engine, {.expireOnCommit = false});
    const auto flushed = inTransaction.add(User {.name = u"flushed, never committed"_s});
    await(inTransaction.flush());
    orm::AsyncSession waiting(engine);
    const QFuture<orm::Result> slow = waiting.execute(orm::text(u"SELECT pg_sleep(60)"_s));
    orm::AsyncSession idle(engine, {.expireOnCommit = false});
    QCOMPARE(await(idle.execute(userNames)).scalars().all().size(), 2 + poolSize);
    await(idle.commit());

    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(pause());
    // The slow statement ends with the server, not after its 60 s.
    verifyServerGone(u"statement in flight"_s, [&] { await(slow, timeoutMs); });
    QVERIFY2(elapsed.elapsed() < timeoutMs, qPrintable(QString::number(elapsed.elapsed())));
    verifyServerGone(u"commit after the stop"_s, [&] { await(inTransaction.commit(), timeoutMs); });
    QVERIFY(flushed->id > 0); // until rollback()

    // While the server is down every new operation fails fast, on each lane.
    for (int i = 0; i < poolSize + 1; ++i) {
        elapsed.restart();
        orm::AsyncSession session(engine);
        verifyServerGone(u"new session while down"_s,
                         [&] { await(session.execute(userNames), timeoutMs); });
        QVERIFY2(elapsed.elapsed() < fastMs, qPrintable(QString::number(elapsed.elapsed())));
    }
    verifyServerGone(u"idle session while down"_s, [&] { await(idle.execute(userNames)); });

    QVERIFY(resume());
    // The failed transaction is rolled back and the session usable again.
    await(inTransaction.rollback(), timeoutMs);
    QCOMPARE(flushed->id, 0);
    await(waiting.close(), timeoutMs);
    await(idle.rollback(), timeoutMs);
    // The dead connections were dropped: the first operation on every lane works.
    readAndWriteOnEveryLane(engine, u"after "_s, kept);
    if (QTest::currentTestFailed())
        return;
    // The sessions that lived through it work too; the row flushed before the stop is not there.
    const QList<QString> names = await(idle.execute(userNames), timeoutMs).scalars().all();
    QCOMPARE(names.size(), 2 + 2 * poolSize);
    QVERIFY(!names.contains(u"flushed, never committed"_s));
    await(idle.commit(), timeoutMs);
    inTransaction.add(User {.name = u"retried"_s});
    await(inTransaction.commit(), timeoutMs);
    const QList<QString> all = await(idle.execute(userNames), timeoutMs).scalars().all();
    QCOMPARE(all.size(), 2 + 2 * poolSize + 1);
    QCOMPARE(all.last(), u"retried"_s);
}

void tst_ServerLoss::restartedInTransaction()
{
    auto engine = freshEngine(3);
    orm::AsyncSession session(engine, {.expireOnCommit = false});
    session.add(User {.name = u"committed"_s});
    await(session.commit());
    const auto lost = session.add(User {.name = u"lost"_s});
    await(session.flush());
    QVERIFY(lost->id > 0);

    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(pause());
    QVERIFY(resume());
    qInfo("restarted in %lld ms", elapsed.elapsed());

    const auto late = session.add(User {.name = u"late"_s});
    verifyServerGone(u"commit after the restart"_s, [&] { await(session.commit(), timeoutMs); });
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, await(session.execute(userNames)));
    await(session.rollback(), timeoutMs);
    QVERIFY(!session.contains(late));
    QCOMPARE(lost->id, 0);

    QCOMPARE(await(session.execute(userNames), timeoutMs).scalars().all(),
             QList<QString> {u"committed"_s});
    session.add(User {.name = u"next"_s});
    await(session.commit(), timeoutMs);
    QCOMPARE(await(session.execute(userNames), timeoutMs).scalars().all(),
             (QList<QString> {u"committed"_s, u"next"_s}));
    // Connections the restart killed while idle in the pool are replaced without an error.
    readAndWriteOnEveryLane(engine, u"lane "_s, {u"committed"_s, u"next"_s});
    await(session.close());
}

QTEST_GUILESS_MAIN(tst_ServerLoss)
#include "tst_serverloss.moc"
