#include <orm/engine/Error.h>
#include <orm/engine/Url.h>

#include <QTest>

using namespace Qt::StringLiterals;
using orm::Dialect;
using orm::Url;

class tst_Url : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void reject_data();
    void reject();
    void toStringMasksPassword();
    void roundTrip_data();
    void roundTrip();
};

void tst_Url::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("driverName");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<bool>("memory");
    QTest::addColumn<bool>("readOnly");

    QTest::newRow("seed") << u"sqlite+aiosqlite:///./mydb.db"_s << Dialect::SQLite << u"aiosqlite"_s
                          << QString() << QString() << QString() << -1 << u"./mydb.db"_s << false
                          << false;
    QTest::newRow("relative") << u"sqlite:///relative.db"_s << Dialect::SQLite << QString()
                              << QString() << QString() << QString() << -1 << u"relative.db"_s
                              << false << false;
    QTest::newRow("absolute") << u"sqlite:////abs/path.db"_s << Dialect::SQLite << QString()
                              << QString() << QString() << QString() << -1 << u"/abs/path.db"_s
                              << false << false;
    QTest::newRow("memory") << u"sqlite://"_s << Dialect::SQLite << QString() << QString()
                            << QString() << QString() << -1 << QString() << true << false;
    QTest::newRow("memory-named") << u"sqlite:///:memory:"_s << Dialect::SQLite << QString()
                                  << QString() << QString() << QString() << -1 << u":memory:"_s
                                  << true << false;
    QTest::newRow("read-only") << u"sqlite:////data/q.db?mode=ro"_s << Dialect::SQLite << QString()
                               << QString() << QString() << QString() << -1 << u"/data/q.db"_s
                               << false << true;
    QTest::newRow("cyrillic-path")
            << u"sqlite:////tmp/Смитти/база.db"_s << Dialect::SQLite << QString() << QString()
            << QString() << QString() << -1 << u"/tmp/Смитти/база.db"_s << false << false;
    QTest::newRow("upper-case scheme")
            << u"SQLite:///x.db"_s << Dialect::SQLite << QString() << QString() << QString()
            << QString() << -1 << u"x.db"_s << false << false;
    QTest::newRow("postgresql") << u"postgresql://user:pass@host:5433/db"_s << Dialect::PostgreSQL
                                << QString() << u"user"_s << u"pass"_s << u"host"_s << 5433
                                << u"db"_s << false << false;
    QTest::newRow("asyncpg") << u"postgresql+asyncpg://scott:tiger@localhost/test"_s
                             << Dialect::PostgreSQL << u"asyncpg"_s << u"scott"_s << u"tiger"_s
                             << u"localhost"_s << -1 << u"test"_s << false << false;
    QTest::newRow("postgres alias")
            << u"postgres://u@127.0.0.1/d"_s << Dialect::PostgreSQL << QString() << u"u"_s
            << QString() << u"127.0.0.1"_s << -1 << u"d"_s << false << false;
    QTest::newRow("escaped password")
            << u"postgresql://u:p%40ss%3Aw0rd@h/d"_s << Dialect::PostgreSQL << QString() << u"u"_s
            << u"p@ss:w0rd"_s << u"h"_s << -1 << u"d"_s << false << false;
    QTest::newRow("ipv6") << u"postgresql://u:p@[::1]:6000/d"_s << Dialect::PostgreSQL << QString()
                          << u"u"_s << u"p"_s << u"::1"_s << 6000 << u"d"_s << false << false;
    QTest::newRow("no user, no db")
            << u"postgresql://db.example.org"_s << Dialect::PostgreSQL << QString() << QString()
            << QString() << u"db.example.org"_s << -1 << QString() << false << false;
    QTest::newRow("options") << u"postgresql://u@h/d?sslmode=require&connect_timeout=3"_s
                             << Dialect::PostgreSQL << QString() << u"u"_s << QString() << u"h"_s
                             << -1 << u"d"_s << false << false;
}

void tst_Url::parse()
{
    QFETCH(QString, text);
    const Url url = Url::parse(text);
    QTEST(url.dialect(), "dialect");
    QTEST(url.driverName(), "driverName");
    QTEST(url.username(), "username");
    QTEST(url.password(), "password");
    QTEST(url.host(), "host");
    QTEST(url.port(), "port");
    QTEST(url.database(), "database");
    QTEST(url.isMemory(), "memory");
    QTEST(url.isReadOnly(), "readOnly");
    QCOMPARE(url.qtDriver(), url.dialect() == Dialect::SQLite ? u"QSQLITE"_s : u"QPSQL"_s);
}

void tst_Url::reject_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << u"  "_s << u"Invalid database URL: the URL is empty"_s;
    QTest::newRow("no scheme") << u"mydb.db"_s
                               << u"Invalid database URL 'mydb.db': expected dialect://..., for "
                                  u"example sqlite:///file.db or "
                                  u"postgresql://user:password@host/database"_s;
    QTest::newRow("unknown dialect")
            << u"mysql://u@h/d"_s
            << u"Invalid database URL 'mysql://u@h/d': unknown dialect 'mysql' (supported: "
               u"sqlite, postgresql)"_s;
    QTest::newRow("unknown driver")
            << u"sqlite+pg8000:///x.db"_s
            << u"Invalid database URL 'sqlite+pg8000:///x.db': unknown driver 'pg8000' for sqlite "
               u"(accepted: pysqlite, aiosqlite)"_s;
    QTest::newRow("sqlite with host")
            << u"sqlite://server/x.db"_s
            << u"Invalid database URL 'sqlite://server/x.db': an SQLite URL has no host; write "
               u"sqlite:///relative/path.db or sqlite:////absolute/path.db"_s;
    QTest::newRow("bad port") << u"postgresql://u:secret@h:99999/d"_s
                              << u"Invalid database URL 'postgresql://u:***@h:99999/d': the port "
                                 u"'99999' is not a number from 1 to 65535"_s;
    QTest::newRow("letters in port") << u"postgresql://h:abc/d"_s
                                     << u"Invalid database URL 'postgresql://h:abc/d': the port "
                                        u"'abc' is not a number from 1 to 65535"_s;
    QTest::newRow("empty port") << u"postgresql://h:/d"_s
                                << u"Invalid database URL 'postgresql://h:/d': the port after ':' "
                                   u"is empty"_s;
    QTest::newRow("unknown option") << u"sqlite:///x.db?mod=ro"_s
                                    << u"Invalid database URL 'sqlite:///x.db?mod=ro': unknown "
                                       u"sqlite option 'mod' (known: mode)"_s;
    QTest::newRow("bad mode") << u"sqlite:///x.db?mode=readonly"_s
                              << u"Invalid database URL 'sqlite:///x.db?mode=readonly': SQLite "
                                 u"mode must be one of ro, rw, rwc, not 'readonly'"_s;
    QTest::newRow("option without value")
            << u"postgresql://h/d?sslmode"_s
            << u"Invalid database URL 'postgresql://h/d?sslmode': query option 'sslmode' is not "
               u"of the form key=value"_s;
    QTest::newRow("memory with mode") << u"sqlite://?mode=ro"_s
                                      << u"Invalid database URL 'sqlite://?mode=ro': an in-memory "
                                         u"SQLite database takes no mode option"_s;
    QTest::newRow("unclosed ipv6") << u"postgresql://[::1/d"_s
                                   << u"Invalid database URL 'postgresql://[::1/d': the IPv6 host "
                                      u"has no closing ']'"_s;
    // toString() brackets a host with ':', so a bracket inside one could not be written back.
    QTest::newRow("bracket in host") << u"postgresql://u@[[x]/d"_s
                                     << u"Invalid database URL 'postgresql://u@[[x]/d': the host "
                                        u"'[x' contains '[' or ']'"_s;
    QTest::newRow("empty user") << u"postgresql://:pw@h/d"_s
                                << u"Invalid database URL 'postgresql://:***@h/d': the user name "
                                   u"before '@' is empty"_s;
}

void tst_Url::reject()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
        Url::parse(text);
        QFAIL("the URL was accepted");
    } catch (const orm::ArgumentError &error) {
        QCOMPARE(error.message(), message);
    }
}

void tst_Url::toStringMasksPassword()
{
    const Url url = Url::parse(u"postgresql+asyncpg://u:s%40cret@h:5432/d?sslmode=require"_s);
    QCOMPARE(url.toString(), u"postgresql+asyncpg://u:***@h:5432/d?sslmode=require"_s);
    QCOMPARE(url.toString(true), u"postgresql+asyncpg://u:s%40cret@h:5432/d?sslmode=require"_s);
}

void tst_Url::roundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("seed") << u"sqlite+aiosqlite:///./mydb.db"_s;
    QTest::newRow("absolute") << u"sqlite:////tmp/a.db?mode=ro"_s;
    QTest::newRow("memory") << u"sqlite://"_s;
    // Found by fuzzing (tests/fuzz/regressions/fuzz_url): these were written back differently.
    QTest::newRow("memory, named") << u"sqlite:///:memory:"_s;
    QTest::newRow("path ending in a space") << u"sqlite:///a ?"_s;
    QTest::newRow("postgresql") << u"postgresql://u:p@h:1/d"_s;
    QTest::newRow("ipv6") << u"postgresql://u@[::1]:5432/d"_s;
}

void tst_Url::roundTrip()
{
    QFETCH(QString, text);
    const Url url = Url::parse(text);
    QCOMPARE(url.toString(true), text);
    QCOMPARE(Url::parse(url.toString(true)), url);
}

QTEST_GUILESS_MAIN(tst_Url)
#include "tst_url.moc"
