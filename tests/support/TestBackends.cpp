#include "TestBackends.h"

#include <orm/async/AsyncConnection.h>
#include <orm/async/AsyncEngine.h>
#include <orm/session/MetaData.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace quarry::test {

namespace {

QString makePostgresDatabase(QString *whyNot)
{
    const QString server = qEnvironmentVariable("QUARRY_TEST_POSTGRES_URL");
    if (server.isEmpty()) {
        *whyNot = u"QUARRY_TEST_POSTGRES_URL is not set (scripts/test.sh starts a server)"_s;
        return {};
    }
    // One database per test process, so suites running in parallel never see each other.
    const QString name = u"quarry_%1_%2"_s.arg(
            QFileInfo(QCoreApplication::applicationFilePath()).baseName().toLower(),
            QString::number(QCoreApplication::applicationPid()));
    try {
        auto engine = orm::createAsyncEngine(server, {.poolSize = 1});
        auto connection = await(engine->connect());
        await(connection.execute(u"DROP DATABASE IF EXISTS "_s + name));
        await(connection.execute(u"CREATE DATABASE "_s + name));
    } catch (const std::exception &error) {
        *whyNot = u"cannot create a database on %1: %2"_s.arg(server,
                                                              QString::fromUtf8(error.what()));
        return {};
    }
    qAddPostRoutine([] {
        const QString server = qEnvironmentVariable("QUARRY_TEST_POSTGRES_URL");
        const QString name = postgresUrl().section(u'/', -1);
        try {
            auto engine = orm::createAsyncEngine(server, {.poolSize = 1});
            auto connection = engine->connect().result();
            connection.execute(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(name))
                    .waitForFinished();
        } catch (const std::exception &) {
            // The sandbox server is thrown away with everything in it anyway.
        }
    });
    const orm::Url base = orm::Url::parse(server);
    return base.toString(true).section(u'/', 0, -2) + u'/' + name;
}

} // namespace

bool postgresRequired()
{
    return qEnvironmentVariableIntValue("QUARRY_REQUIRE_POSTGRES") == 1;
}

QString postgresUrl(QString *whyNot)
{
    static QString reason;
    static const QString url = makePostgresDatabase(&reason);
    if (whyNot)
        *whyNot = reason;
    return url;
}

QString freshSqliteUrl()
{
    static QTemporaryDir directory;
    return u"sqlite:///"_s
            + directory.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + u".db"_s);
}

QStringList backendNames()
{
    QString whyNot;
    if (!postgresUrl(&whyNot).isEmpty())
        return {u"sqlite"_s, u"postgresql"_s};
    if (postgresRequired())
        qFatal("PostgreSQL is required (QUARRY_REQUIRE_POSTGRES=1) but unavailable: %s",
               qPrintable(whyNot));
    static bool told = false;
    if (!std::exchange(told, true))
        qWarning("PostgreSQL tests skipped: %s", qPrintable(whyNot));
    return {u"sqlite"_s};
}

void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    for (const QString &backend : backendNames())
        QTest::newRow(qPrintable(backend)) << backend;
}

void failOnQtWarnings()
{
    QTest::failOnWarning(
            QRegularExpression(u"^(?!This plugin does not support propagateSizeHints).*"_s));
}

void addGoldenSqlColumns()
{
    QTest::addColumn<orm::CompiledSql>("compiled");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("parameters");
}

void compareGoldenSql()
{
    QFETCH(orm::CompiledSql, compiled);
    QTEST(compiled.sql, "sql");
    QFETCH(QVariantList, parameters);
    QCOMPARE(compiled.parameters.size(), parameters.size());
    for (qsizetype i = 0; i < parameters.size(); ++i) {
        QCOMPARE(compiled.parameters.at(i).isNull(), parameters.at(i).isNull());
        if (!parameters.at(i).isNull())
            QCOMPARE(compiled.parameters.at(i).toString(), parameters.at(i).toString());
    }
}

LoopWatch::LoopWatch()
{
    QObject::connect(&m_timer, &QTimer::timeout, [this] { ++m_ticks; });
    m_timer.start(5);
    m_elapsed.start();
}

QString LoopWatch::describe() const
{
    return u"%1 ticks in %2 ms"_s.arg(m_ticks).arg(elapsedMs());
}

QString slowQuery(orm::Dialect dialect)
{
    return dialect == orm::Dialect::SQLite
            ? u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
              u"SELECT count(*) FROM n"_s
            : u"SELECT count(*) FROM (SELECT pg_sleep(0.4)) AS s"_s;
}

std::shared_ptr<orm::AsyncEngine> engineWithFreshTables(const orm::MetaData &metadata)
{
    auto engine = orm::createAsyncEngine(currentBackend().url);
    await(engine->runSync([&](orm::Connection &c) {
        metadata.dropAll(c);
        metadata.createAll(c);
    }));
    return engine;
}

Backend currentBackend()
{
    QFETCH(QString, backend);
    if (backend == u"postgresql"_s)
        return {backend, postgresUrl()};
    return {backend, freshSqliteUrl()};
}

} // namespace quarry::test
