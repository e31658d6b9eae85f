// Crash safety: a child process (crashwriter) writes to a database one transaction after another
// and is killed with SIGKILL at a random moment, many times over on the same database; after
// every kill the database must hold exactly what the transactions the child saw committed wrote,
// plus, at most, the one it was in the middle of, whole. That proves at once that
//   - the file is sound (PRAGMA integrity_check is "ok", PRAGMA foreign_key_check is empty);
//   - every transaction is entirely present or entirely absent: ORM batches of users with posts,
//     the app's edits (a user's name and age always of the same version), deletes with their
//     cascade (no user with part of its posts, no orphan) and CSV imports;
//   - every transaction the child was told had committed is there (durability).
// The child runs the ORM (orm-batches, on SQLite and on PostgreSQL when a server is there) and
// the app's own write paths, UserStore and importUsersCsv (edit, delete, import: SQLite).
// It checkpoints every few transactions, so that kills land in checkpoints too.
//
// Each kill comes a random delay after the child's first commit; the delays come from a seed
// that the test prints (QUARRY_CRASH_SEED=<seed> repeats them, though the child's own timing
// varies). By default each row kills few enough times for CI (60 for orm-batches on SQLite, 20
// for the others: a few seconds in all). A long run kills 500 times per row, for some minutes a
// row (past Qt Test's 5 minute limit per row, hence the second variable):
//     QUARRY_CRASH_CYCLES=500 QTEST_FUNCTION_TIMEOUT=3600000 tst_crashsafety
#include "CrashWorkload.h"
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Connection.h>
#include <ui/Schema.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using quarry::test::await;
namespace crash = quarry::crash;

namespace {

// A transaction as the child announced it.
struct Step
{
    QString kind;
    qint64 n = 0;
};

// What the child printed: the transactions it saw committed, and the one it had begun last.
class Transcript
{
public:
    // Reads the complete lines the child has written so far.
    void read(QProcess &child)
    {
        while (child.canReadLine()) {
            const QStringList words = QString::fromUtf8(child.readLine()).trimmed().split(u' ');
            if (words.size() != 3)
                continue;
            const Step step {words.at(1), words.at(2).toLongLong()};
            if (words.at(0) == u"begin"_s) {
                m_inFlight = step;
            } else if (words.at(0) == u"committed"_s) {
                m_committed.append(step);
                m_inFlight.reset();
            }
        }
    }
    const QList<Step> &committed() const { return m_committed; }
    const std::optional<Step> &inFlight() const { return m_inFlight; }
    // The number the next child starts from: after every transaction begun so far.
    qint64 nextNumber(qint64 fallback) const
    {
        const qint64 last = m_inFlight
                ? m_inFlight->n
                : (m_committed.isEmpty() ? fallback - 1 : m_committed.last().n);
        return last + 1;
    }

private:
    QList<Step> m_committed;
    std::optional<Step> m_inFlight;
};

QString summary(qint64 users, qint64 owned, qint64 unassigned, qint64 strays)
{
    return u"%1 users, %2 posts of theirs, %3 unassigned, %4 of another user"_s.arg(users)
            .arg(owned)
            .arg(unassigned)
            .arg(strays);
}

QString slotLine(qint64 id, const QString &name, const QVariant &age)
{
    return u"user %1: %2, age %3"_s.arg(id).arg(name, age.toString());
}

// The database as the transactions applied so far must have left it, in the lines that
// describeDatabase() reads from the database: one per tag, or one per user for the edits.
class Expectation
{
public:
    explicit Expectation(const QString &mode)
    {
        if (mode == u"edit"_s) {
            for (int slot = 0; slot < crash::editSlots; ++slot)
                m_lines.insert(crash::slotName(slot, 0).section(u' ', 0, 1),
                               slotLine(slot + 1, crash::slotName(slot, 0), crash::editAge(0)));
        }
    }

    void apply(const Step &step)
    {
        const qint64 n = step.n;
        if (step.kind == u"batch"_s) {
            m_lines.insert(crash::tag(u"batch"_s, n),
                           summary(crash::batchUsers, crash::batchUsers * crash::batchPosts, 0, 0));
        } else if (step.kind == u"import"_s) {
            m_lines.insert(
                    crash::tag(u"import"_s, n),
                    summary(crash::importUsers, crash::importUsers * crash::importPosts, 0, 0));
        } else if (step.kind == u"create"_s) {
            m_lines.insert(crash::tag(u"group"_s, n),
                           summary(crash::groupUsers, crash::groupUsers * crash::groupPosts, 0, 0));
        } else if (step.kind == u"delete"_s) {
            const QString group = crash::tag(u"group"_s, n - 1);
            if (crash::deletesPosts(n - 1))
                m_lines.remove(group);
            else
                m_lines.insert(group, summary(0, 0, crash::groupUsers * crash::groupPosts, 0));
        } else if (step.kind == u"edit"_s) {
            const int slot = int(n % crash::editSlots);
            const QString name = crash::slotName(slot, n);
            m_lines.insert(name.section(u' ', 0, 1), slotLine(slot + 1, name, crash::editAge(n)));
        }
    }

    QStringList lines() const
    {
        QStringList lines;
        for (auto it = m_lines.cbegin(); it != m_lines.cend(); ++it)
            lines.append(it.key() + u": "_s + it.value());
        return lines;
    }

private:
    QMap<QString, QString> m_lines; // by tag, or by "slot <s>"
};

// What the database holds, in the lines of Expectation::lines(). Rows are grouped by their tag;
// a post belongs to its user when its title begins with the user's name, so a post under the
// wrong user, or a user with a post too many or too few, changes the line.
QStringList describeDatabase(orm::Connection &c, const QString &mode)
{
    QStringList lines;
    if (mode == u"edit"_s) {
        // Named: rawRows() refers into the Result, which must outlive the loop.
        const orm::Result slots = c.execute(u"SELECT id, name, age FROM users"_s);
        for (const QVariantList &row : slots.rawRows()) {
            const QString name = row.at(1).toString();
            lines.append(name.section(u' ', 0, 1) + u": "_s
                         + slotLine(row.at(0).toLongLong(), name, row.at(2)));
        }
        lines.sort();
        return lines;
    }
    const QString word = mode == u"orm-batches"_s ? u"batch"_s
            : mode == u"delete"_s                 ? u"group"_s
                                                  : u"import"_s;
    const int length = int(crash::tag(word, 0).size());
    QMap<QString, qint64> users;
    const orm::Result userCounts = c.execute(
            u"SELECT substr(name, 1, %1), COUNT(*) FROM users GROUP BY 1"_s.arg(length));
    for (const QVariantList &row : userCounts.rawRows())
        users.insert(row.at(0).toString(), row.at(1).toLongLong());
    QMap<QString, QString> byTag;
    const orm::Result postCounts = c.execute(
            u"SELECT substr(p.title, 1, %1), COUNT(*), "
            u"SUM(CASE WHEN substr(p.title, 1, length(u.name) + 6) = u.name || ' post ' "
            u"THEN 1 ELSE 0 END), "
            u"SUM(CASE WHEN p.user_id IS NULL THEN 1 ELSE 0 END) "
            u"FROM posts p LEFT JOIN users u ON u.id = p.user_id GROUP BY 1"_s.arg(length));
    for (const QVariantList &row : postCounts.rawRows()) {
        const QString tag = row.at(0).toString();
        const qint64 posts = row.at(1).toLongLong();
        const qint64 owned = row.at(2).toLongLong();
        const qint64 unassigned = row.at(3).toLongLong();
        byTag.insert(tag, summary(users.take(tag), owned, unassigned, posts - owned - unassigned));
    }
    for (auto it = users.cbegin(); it != users.cend(); ++it)
        byTag.insert(it.key(), summary(it.value(), 0, 0, 0));
    for (auto it = byTag.cbegin(); it != byTag.cend(); ++it)
        lines.append(it.key() + u": "_s + it.value());
    return lines;
}

// The lines of these that are not in those.
QStringList missingFrom(const QStringList &those, const QStringList &these)
{
    QStringList missing;
    for (const QString &line : these)
        if (!those.contains(line))
            missing.append(line);
    return missing;
}

int environmentInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

class tst_CrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedWhileWriting_data();
    void killedWhileWriting();

private:
    quint32 m_seed = 0;
};

void tst_CrashSafety::initTestCase()
{
    bool given = false;
    m_seed = quint32(qEnvironmentVariableIntValue("QUARRY_CRASH_SEED", &given));
    if (!given)
        m_seed = QRandomGenerator::global()->generate() & 0x7fffffff;
    qInfo("QUARRY_CRASH_SEED=%u", m_seed);
}

void tst_CrashSafety::killedWhileWriting_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("cycles");
    // The kill comes up to this long after the first commit: a few of the mode's transactions.
    QTest::addColumn<int>("maxDelayMs");

    const int cycles = environmentInt("QUARRY_CRASH_CYCLES", 0);
    QTest::newRow("orm-batches/sqlite")
            << u"orm-batches"_s << u"sqlite"_s << (cycles ? cycles : 60) << 20;
    QTest::newRow("orm-batches/postgresql")
            << u"orm-batches"_s << u"postgresql"_s << (cycles ? cycles : 20) << 20;
    QTest::newRow("edit") << u"edit"_s << u"sqlite"_s << (cycles ? cycles : 20) << 10;
    QTest::newRow("delete") << u"delete"_s << u"sqlite"_s << (cycles ? cycles : 20) << 20;
    QTest::newRow("import") << u"import"_s << u"sqlite"_s << (cycles ? cycles : 20) << 40;
}

void tst_CrashSafety::killedWhileWriting()
{
    QFETCH(QString, mode);
    QFETCH(QString, backend);
    QFETCH(int, cycles);
    QFETCH(int, maxDelayMs);

    const bool sqlite = backend == u"sqlite"_s;
    QString url;
    if (sqlite) {
        url = quarry::test::freshSqliteUrl();
    } else {
        QString whyNot;
        url = quarry::test::postgresUrl(&whyNot);
        if (url.isEmpty()) {
            if (quarry::test::postgresRequired())
                QFAIL(qPrintable(whyNot));
            QSKIP(qPrintable(whyNot));
        }
    }
    // The tables, and the users the edits change.
    await(orm::createAsyncEngine(url)->runSync([mode](orm::Connection &c) {
        quarry::prepareSchema(c);
        if (mode == u"edit"_s) {
            for (int slot = 0; slot < crash::editSlots; ++slot)
                c.execute(u"INSERT INTO users (id, name, age) VALUES (?, ?, ?)"_s,
                          {slot + 1, crash::slotName(slot, 0), crash::editAge(0)});
        }
    }));
    // On PostgreSQL the test waits for the killed child's server process to end, by this name.
    const QString childUrl = sqlite ? url : url + u"?application_name=crashwriter"_s;

    const QByteArray dataTag(QTest::currentDataTag());
    QRandomGenerator random(m_seed ^ qChecksum(dataTag));
    Expectation expectation(mode);
    qint64 next = 1;
    int between = 0, rolledBack = 0, unreported = 0;
    qint64 transactions = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int cycle = 0; cycle < cycles; ++cycle) {
        const int delayMs = int(random.bounded(maxDelayMs + 1));
        const QString where = u"cycle %1, delay %2 ms"_s.arg(cycle).arg(delayMs);
        QProcess child;
        child.start(QString::fromUtf8(QUARRY_CRASHWRITER), {mode, childUrl, QString::number(next)});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        Transcript transcript;
        const auto endedByItself = [&] {
            return (where + u": the child ended by itself: "_s
                    + QString::fromUtf8(child.readAllStandardError()))
                    .toLocal8Bit();
        };
        // Until its first commit, then as long as the delay: reading what it says meanwhile.
        QDeadlineTimer patience(30'000);
        while (transcript.committed().isEmpty() && !patience.hasExpired()) {
            child.waitForReadyRead(int(patience.remainingTime()));
            transcript.read(child);
            if (child.state() != QProcess::Running)
                QFAIL(endedByItself().constData());
        }
        QVERIFY2(!transcript.committed().isEmpty(),
                 qPrintable(where + u": no commit within 30 s"_s));
        for (QDeadlineTimer kill(delayMs); !kill.hasExpired();) {
            child.waitForReadyRead(int(kill.remainingTime()));
            transcript.read(child);
            if (child.state() != QProcess::Running)
                QFAIL(endedByItself().constData());
        }
        child.kill();
        QVERIFY(child.waitForFinished());
        if (child.exitStatus() != QProcess::CrashExit)
            QFAIL(endedByItself().constData());
        transcript.read(child);
        next = transcript.nextNumber(next);
        transactions += transcript.committed().size();

        for (const Step &step : transcript.committed())
            expectation.apply(step);
        auto engine = orm::createAsyncEngine(url, {.poolSize = 1});
        if (!sqlite) {
            // A COMMIT the child sent just before it died may still be under way.
            QTRY_COMPARE_WITH_TIMEOUT(await(engine->runSync([](orm::Connection &c) {
                                          return c.execute(
                                                          u"SELECT COUNT(*) FROM pg_stat_activity "
                                                          u"WHERE application_name = 'crashwriter' "
                                                          u"AND datname = current_database()"_s)
                                                  .scalar()
                                                  .toLongLong();
                                      })),
                                      0, 10'000);
        }
        const auto [integrity, foreignKeys, actual]
                = await(engine->runSync([sqlite, mode](orm::Connection &c) {
                      QVariantList integrity {u"ok"_s};
                      QList<QVariantList> foreignKeys;
                      if (sqlite) {
                          integrity = c.execute(u"PRAGMA integrity_check"_s).scalars();
                          foreignKeys = c.execute(u"PRAGMA foreign_key_check"_s).rawRows();
                      }
                      return std::tuple(integrity, foreignKeys, describeDatabase(c, mode));
                  }));
        engine.reset();
        if (integrity != QVariantList {u"ok"_s})
            QFAIL(qPrintable(where + u": integrity_check says "_s
                             + QVariant(integrity).toStringList().join(u"; "_s)));
        QVERIFY2(foreignKeys.isEmpty(), qPrintable(where));

        if (!transcript.inFlight()) {
            ++between;
        } else {
            Expectation withIt = expectation;
            withIt.apply(*transcript.inFlight());
            if (actual == withIt.lines()) {
                // Committed, but killed before it could say so: mostly in the fsync of the
                // WAL or in the checkpoint that end a COMMIT on SQLite.
                expectation = withIt;
                ++unreported;
                continue;
            }
            ++rolledBack;
        }
        const QStringList expected = expectation.lines();
        if (actual != expected)
            QFAIL(qPrintable(where + u", in flight: "_s
                             + (transcript.inFlight() ? u"%1 %2"_s.arg(transcript.inFlight()->kind)
                                                                .arg(transcript.inFlight()->n)
                                                      : u"nothing"_s)
                             + u"\n  in the database but not expected: "_s
                             + missingFrom(expected, actual).join(u"; "_s)
                             + u"\n  expected but not in the database: "_s
                             + missingFrom(actual, expected).join(u"; "_s)));
    }
    qInfo("%s: %d kills in %lld ms, %lld transactions reported committed; killed between "
          "transactions %d times, inside one %d times (rolled back %d, committed but not yet "
          "reported %d)",
          dataTag.constData(), cycles, elapsed.elapsed(), transactions, between,
          rolledBack + unreported, rolledBack, unreported);
}

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
