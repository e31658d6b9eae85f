// The sync Connection, run on its lane through engine->runSync(): values, transactions,
// savepoints, errors and the Result vocabulary, on SQLite and PostgreSQL.
#include "support/TestBackends.h"

#include <orm/async/AsyncConnection.h>
#include <orm/async/AsyncEngine.h>

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using quarry::test::await;

namespace {

QByteArray checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

void createPeople(orm::Connection &c)
{
    const QString blob = c.dialect() == orm::Dialect::SQLite ? u"BLOB"_s : u"BYTEA"_s;
    c.execute(u"DROP TABLE IF EXISTS people"_s);
    c.execute(u"CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, "
              u"age INTEGER, photo %1, score DOUBLE PRECISION)"_s.arg(blob));
}

} // namespace

class tst_Connection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void hostileTextIsData_data() { quarry::test::addBackendRows(); }
    void hostileTextIsData();
    void rollbackOnThrow_data() { quarry::test::addBackendRows(); }
    void rollbackOnThrow();
    void savepoints_data() { quarry::test::addBackendRows(); }
    void savepoints();
    void errorsAreTyped_data() { quarry::test::addBackendRows(); }
    void errorsAreTyped();
    void resultVocabulary_data() { quarry::test::addBackendRows(); }
    void resultVocabulary();
    void sqliteDefaults();
    void notADatabase_data();
    void notADatabase();
    void readOnlyMode();
};

void tst_Connection::roundTrip_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QVariant>("age");
    QTest::addColumn<QByteArray>("photo");
    for (const QString &b : quarry::test::backendNames()) {
        const QByteArray tag = b.toLatin1();
        const char *backend = tag.constData();
        QTest::addRow("%s:cyrillic", backend)
                << b << u"Смитти"_s << QVariant(30) << QByteArray("\x00\x01\xff", 3);
        QTest::addRow("%s:emoji", backend)
                << b << u"🦀 crab 👩‍💻"_s << QVariant(0) << QByteArray();
        QTest::addRow("%s:null age", backend) << b << u"nobody"_s << QVariant() << QByteArray("x");
        QTest::addRow("%s:quotes", backend)
                << b << u"O'Brien \"the\" \\ one"_s << QVariant(-5) << QByteArray();
        QTest::addRow("%s:rtl+combining", backend)
                << b << u"שלום e\u0301"_s << QVariant(2147483647) << QByteArray();
        QTest::addRow("%s:long", backend)
                << b << QString(100'000, u'я') << QVariant(1) << QByteArray(1 << 20, 'z');
    }
}

void tst_Connection::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(QVariant, age);
    QFETCH(QByteArray, photo);
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    const orm::Result result = await(engine->runSync([&](orm::Connection &c) {
        createPeople(c);
        c.execute(u"INSERT INTO people (id, name, age, photo, score) VALUES (?, ?, ?, ?, ?)"_s,
                  {1, name, age.isNull() ? QVariant(QMetaType::fromType<int>()) : age,
                   photo.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : photo, 0.5});
        return c.execute(u"SELECT name, age, photo, score FROM people WHERE name = ?"_s, {name});
    }));
    const orm::Row row = result.one();
    QCOMPARE(row[u"name"_s].toString(), name);
    QCOMPARE(row[u"age"_s].isNull(), age.isNull());
    if (!age.isNull())
        QCOMPARE(row[u"age"_s].toLongLong(), age.toLongLong());
    QCOMPARE(row[u"photo"_s].isNull(), photo.isNull());
    QCOMPARE(row[u"photo"_s].toByteArray(), photo);
    QCOMPARE(row[u"score"_s].toDouble(), 0.5);
}

void tst_Connection::hostileTextIsData()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    const QString hostile = u"x'; DROP TABLE people; --"_s;
    const qint64 count = await(engine->runSync([&](orm::Connection &c) {
        createPeople(c);
        c.execute(u"INSERT INTO people (id, name) VALUES (?, ?)"_s, {1, hostile});
        c.execute(u"INSERT INTO people (id, name) VALUES (?, ?)"_s, {2, u"100% _real_"_s});
        return c.execute(u"SELECT count(*) FROM people WHERE name = ?"_s, {hostile})
                .scalarOne()
                .toLongLong();
    }));
    QCOMPARE(count, 1);
}

void tst_Connection::rollbackOnThrow()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    await(engine->runSync([](orm::Connection &c) { createPeople(c); }));
    QFuture<void> failing = engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO people (id, name) VALUES (?, ?)"_s, {1, u"kept?"_s});
        throw orm::InvalidRequestError(u"changed my mind"_s);
    });
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, await(failing));
    const qint64 count = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT count(*) FROM people"_s).scalarOne().toLongLong();
    }));
    QCOMPARE(count, 0);
}

void tst_Connection::savepoints()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    const QStringList names = await(engine->runSync([](orm::Connection &c) {
        createPeople(c);
        c.execute(u"INSERT INTO people (id, name) VALUES (1, ?)"_s, {u"a"_s});
        const QString savepoint = c.savepoint();
        c.execute(u"INSERT INTO people (id, name) VALUES (2, ?)"_s, {u"b"_s});
        c.rollbackToSavepoint(savepoint);
        c.releaseSavepoint(savepoint);
        c.execute(u"INSERT INTO people (id, name) VALUES (3, ?)"_s, {u"c"_s});
        QStringList names;
        for (const QVariant &name : c.execute(u"SELECT name FROM people ORDER BY id"_s).scalars())
            names << name.toString();
        return names;
    }));
    QCOMPARE(names, (QStringList {u"a"_s, u"c"_s}));
}

void tst_Connection::errorsAreTyped()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    await(engine->runSync([](orm::Connection &c) {
        createPeople(c);
        c.execute(u"INSERT INTO people (id, name) VALUES (1, ?)"_s, {u"Смитти"_s});
    }));
    try {
        await(engine->runSync([](orm::Connection &c) {
            c.execute(u"INSERT INTO people (id, name) VALUES (2, ?)"_s, {u"Смитти"_s});
        }));
        QFAIL("a duplicate name was accepted");
    } catch (const orm::IntegrityError &error) {
        QVERIFY(error.sqlError().isValid());
        QCOMPARE(error.sql(), u"INSERT INTO people (id, name) VALUES (2, ?)"_s);
        QVERIFY2(error.message().contains(u"unique"_s, Qt::CaseInsensitive),
                 qPrintable(error.message()));
    }
    QVERIFY_THROWS_EXCEPTION(orm::ProgrammingError, await(engine->runSync([](orm::Connection &c) {
                                 c.execute(u"SELECT * FROM no_such_table"_s);
                             })));
    QVERIFY_THROWS_EXCEPTION(orm::IntegrityError, await(engine->runSync([](orm::Connection &c) {
                                 c.execute(u"INSERT INTO people (id, name) VALUES (?, ?)"_s,
                                           {3, QVariant(QMetaType::fromType<QString>())});
                             })));
    // The failures rolled back and the connections are still good.
    const qint64 count = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT count(*) FROM people"_s).scalarOne().toLongLong();
    }));
    QCOMPARE(count, 1);
}

void tst_Connection::resultVocabulary()
{
    auto engine = orm::createAsyncEngine(quarry::test::currentBackend().url);
    const auto [none, one, many] = await(engine->runSync([](orm::Connection &c) {
        createPeople(c);
        c.execute(u"INSERT INTO people (id, name, age) VALUES (1, ?, 30), (2, ?, NULL)"_s,
                  {u"a"_s, u"b"_s});
        const QString sql = u"SELECT id, name, age FROM people WHERE id >= ? ORDER BY id"_s;
        return std::tuple(c.execute(sql, {9}), c.execute(sql, {2}), c.execute(sql, {1}));
    }));
    QVERIFY(!none.first());
    QVERIFY(!none.oneOrNone());
    QVERIFY(!none.scalarOneOrNone());
    QVERIFY(none.scalar().isNull());
    QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, none.one());
    QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, none.scalarOne());

    QCOMPARE(one.one()[u"name"_s].toString(), u"b"_s);
    QVERIFY(one.one()[u"age"_s].isNull());
    QCOMPARE(one.scalarOne().toInt(), 2);
    QCOMPARE(one.columns(), (QStringList {u"id"_s, u"name"_s, u"age"_s}));

    QCOMPARE(many.size(), 2);
    QCOMPARE(many.first()->value(1).toString(), u"a"_s);
    QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound, many.one());
    QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound, many.oneOrNone());
    QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound, many.scalarOneOrNone());
    QCOMPARE(many.mappings().at(0).value(u"age"_s).toInt(), 30);
    QVERIFY_THROWS_EXCEPTION(orm::InvalidRequestError, many.first()->value(u"nope"_s));
}

void tst_Connection::sqliteDefaults()
{
    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl(),
                                         {.busyTimeout = std::chrono::milliseconds(1234)});
    const auto [foreignKeys, journal, busy] = await(engine->runSync([](orm::Connection &c) {
        return std::tuple(c.execute(u"PRAGMA foreign_keys"_s).scalarOne().toInt(),
                          c.execute(u"PRAGMA journal_mode"_s).scalarOne().toString(),
                          c.execute(u"PRAGMA busy_timeout"_s).scalarOne().toInt());
    }));
    QCOMPARE(foreignKeys, 1);
    // A file without pages is not written until something is: it takes WAL mode just before
    // its first write.
    QCOMPARE(journal, u"delete"_s);
    QCOMPARE(busy, 1234);
    const QString walAfterWrite = await(engine->runSync([](orm::Connection &c) {
        c.execute(u"CREATE TABLE t (x INTEGER)"_s);
        return c.execute(u"PRAGMA journal_mode"_s).scalarOne().toString();
    }));
    QCOMPARE(walAfterWrite, u"wal"_s);
    // Every later connection opens it in WAL mode (it is kept in the file).
    auto again = orm::createAsyncEngine(engine->url(), {.poolSize = 1});
    QCOMPARE(await(again->runSync([](orm::Connection &c) {
                 return c.execute(u"PRAGMA journal_mode"_s).scalarOne().toString();
             })),
             u"wal"_s);
}

void tst_Connection::notADatabase_data()
{
    QTest::addColumn<QByteArray>("content");
    QByteArray noise(4096, '\0');
    QRandomGenerator(42).fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    QTest::newRow("random bytes") << noise;
    QTest::newRow("text") << QByteArray("name,age\nСмитти,30\n");
    QByteArray truncated("SQLite format 3\0", 16);
    truncated.append(QByteArray(100, '\x01'));
    QTest::newRow("truncated header") << truncated;
}

void tst_Connection::notADatabase()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"not-a-database.db"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const QByteArray before = checksum(path);

    auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(path));
    try {
        await(engine->runSync(
                [](orm::Connection &c) { c.execute(u"SELECT count(*) FROM users"_s); }));
        QFAIL("a file that is not a database was opened");
    } catch (const orm::OperationalError &error) {
        QVERIFY2(error.message().contains(u"not a database"_s)
                         || error.message().contains(u"malformed"_s),
                 qPrintable(error.message()));
    }
    engine.reset();
    QCOMPARE(checksum(path), before);
    QVERIFY(!QFile::exists(path + u"-wal"_s));
}

void tst_Connection::readOnlyMode()
{
    const QString url = quarry::test::freshSqliteUrl();
    const QString path = orm::Url::parse(url).database();
    {
        // One connection: leaving WAL mode needs the only open one, and a second lane would be
        // holding the file open.
        auto engine = orm::createAsyncEngine(url, {.poolSize = 1});
        await(engine->runSync([](orm::Connection &c) {
            createPeople(c);
            c.execute(u"INSERT INTO people (id, name) VALUES (1, ?)"_s, {u"a"_s});
        }));
        // Out of WAL mode (outside a transaction), so the file alone is the whole database.
        orm::AsyncConnection connection = await(engine->connect());
        await(connection.execute(u"PRAGMA journal_mode = DELETE"_s));
    }
    const QByteArray before = checksum(path);
    auto engine = orm::createAsyncEngine(url + u"?mode=ro"_s);
    const QString name = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT name FROM people"_s).scalarOne().toString();
    }));
    QCOMPARE(name, u"a"_s);
    QVERIFY_THROWS_EXCEPTION(orm::OperationalError, await(engine->runSync([](orm::Connection &c) {
                                 c.execute(u"INSERT INTO people (id, name) VALUES (2, ?)"_s,
                                           {u"b"_s});
                             })));
    engine.reset();
    QCOMPARE(checksum(path), before);
}

QTEST_GUILESS_MAIN(tst_Connection)
#include "tst_connection.moc"
