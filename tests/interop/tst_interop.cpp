// The seed's SQLAlchemy program (tests/interop/seed_program.py) and Quarry on the same SQLite
// files: what Python writes Quarry reads and changes, what Quarry writes Python reads and changes,
// and create_all on either side makes the same schema. Without a python3 that imports SQLAlchemy
// and aiosqlite the test is skipped, or fails when CI or QUARRY_REQUIRE_POSTGRES asks for every
// test to run.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncSession.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace quarry;
using quarry::test::await;

namespace {

// Both from tests/interop/CMakeLists.txt.
const QString pythonExecutable = QStringLiteral(QUARRY_INTEROP_PYTHON);
const QString seedProgram = QStringLiteral(QUARRY_SEED_PROGRAM);
// Python starts, imports SQLAlchemy and runs a few statements in well under a second; the margin
// is for a loaded CI machine.
constexpr int pythonTimeoutMs = 60'000;

// What `seed_program.py create` writes (its SEED_USERS and ORPHAN_POST), in insertion order.
struct SeedUser
{
    QString name;
    std::optional<int> age;
    QStringList postTitles;
};
const QList<SeedUser> seedUsers = {
        {u"Смитти"_s, 30, {u"Привет, мир"_s, u"Шпаргалка по SQLAlchemy"_s}},
        {u"Ada"_s, 36, {u"Notes on the Analytical Engine"_s}},
        {u"Аноним"_s, std::nullopt, {}},
};
const QString orphanPostTitle = u"Ничей пост"_s;

bool everyTestRequired()
{
    // The same switch that makes a missing PostgreSQL server fail instead of skip.
    return quarry::test::postgresRequired() || !qEnvironmentVariableIsEmpty("CI");
}

struct PythonRun
{
    bool succeeded = false;
    QString failure; // why not, with Python's stderr
    QByteArray output;
};

PythonRun runPython(const QStringList &arguments, const QString &workingDirectory)
{
    QProcess python;
    python.setProgram(pythonExecutable);
    python.setArguments(arguments);
    python.setWorkingDirectory(workingDirectory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Cyrillic names travel in argv and stdout: UTF-8 whatever the locale of this process.
    environment.insert(u"PYTHONUTF8"_s, u"1"_s);
    python.setProcessEnvironment(environment);
    const QString command = (QStringList {pythonExecutable} + arguments).join(u' ');
    python.start();
    if (!python.waitForStarted(pythonTimeoutMs))
        return {false, u"%1 did not start: %2"_s.arg(command, python.errorString()), {}};
    if (!python.waitForFinished(pythonTimeoutMs)) {
        python.kill();
        python.waitForFinished();
        return {false,
                u"%1 did not finish within %2 s; its stderr:\n%3"_s.arg(
                        command, QString::number(pythonTimeoutMs / 1000),
                        QString::fromUtf8(python.readAllStandardError())),
                {}};
    }
    const QByteArray output = python.readAllStandardOutput();
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        return {false,
                u"%1 exited with code %2; its stderr:\n%3"_s.arg(
                        command, QString::number(python.exitCode()),
                        QString::fromUtf8(python.readAllStandardError())),
                output};
    return {true, {}, output};
}

PythonRun runSeedProgram(const QStringList &arguments, const QString &workingDirectory)
{
    return runPython(QStringList {seedProgram} + arguments, workingDirectory);
}

// Empty when python3 can run the seed program, otherwise what is missing.
QString whyPythonCannotRun(const QString &workingDirectory)
{
    if (pythonExecutable.isEmpty())
        return u"CMake found no python3 (find_package(Python3 COMPONENTS Interpreter))"_s;
    const PythonRun probe
            = runPython({u"-c"_s, u"import sqlalchemy, aiosqlite; print(sqlalchemy.__version__)"_s},
                        workingDirectory);
    if (!probe.succeeded)
        return u"%1 cannot import SQLAlchemy and aiosqlite (Debian: apt-get install "
               u"python3-sqlalchemy python3-aiosqlite, or scripts/install-deps.sh): %2"_s.arg(
                       pythonExecutable, probe.failure);
    qInfo("SQLAlchemy %s under %s", probe.output.trimmed().constData(),
          qPrintable(pythonExecutable));
    return {};
}

QString sqliteUrl(const QString &path)
{
    return u"sqlite:///"_s + path;
}

QString describe(const User &user)
{
    return u"%1|%2|%3"_s.arg(QString::number(user.id), user.name,
                             user.age ? QString::number(*user.age) : u"NULL"_s);
}

QString describe(const Post &post)
{
    return u"%1|%2|%3"_s.arg(QString::number(post.id), post.title,
                             post.userId ? QString::number(*post.userId) : u"NULL"_s);
}

template<typename T> QStringList describe(const QList<std::shared_ptr<T>> &objects)
{
    QStringList lines;
    for (const auto &object : objects)
        lines << describe(*object);
    return lines;
}

// The seed's dump format: to_dict() plus the titles of the user's posts.
QJsonObject userJson(qint64 id, const QString &name, std::optional<int> age,
                     const QStringList &postTitles)
{
    return {{u"id"_s, id},
            {u"name"_s, name},
            {u"age"_s, age ? QJsonValue(*age) : QJsonValue(QJsonValue::Null)},
            {u"posts"_s, QJsonArray::fromStringList(postTitles)}};
}

QStringList jsonLines(const QList<QJsonObject> &users)
{
    QStringList lines;
    for (const QJsonObject &user : users)
        lines << QString::fromUtf8(QJsonDocument(user).toJson(QJsonDocument::Compact));
    return lines;
}

// One compact JSON line per user, by id: select(User) without ORDER BY promises no order, and
// one short line each keeps QCOMPARE's message readable.
QStringList usersFromDump(const QByteArray &output, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.object().contains(u"users"_s)) {
        *error = u"not the dump's JSON (%1): %2"_s.arg(parseError.errorString(),
                                                       QString::fromUtf8(output));
        return {};
    }
    QList<QJsonObject> users;
    for (const QJsonValue &user : document.object().value(u"users"_s).toArray())
        users.append(user.toObject());
    std::sort(users.begin(), users.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(u"id"_s).toInteger() < b.value(u"id"_s).toInteger();
    });
    return jsonLines(users);
}

// Every row of a schema query, one "column=value ..." line each. DDL text is compared with
// runs of whitespace made one space: SQLAlchemy's layout is "\n\tname TYPE, \n" and only the
// words matter.
QStringList schemaRows(const QString &databasePath, const QString &query)
{
    // Read-only: looking must not turn the file into WAL mode or otherwise touch it.
    auto engine = orm::createAsyncEngine(sqliteUrl(databasePath) + u"?mode=ro"_s);
    return await(engine->runSync([query](orm::Connection &connection) {
        static const QRegularExpression whitespace(u"\\s+"_s);
        const orm::Result result = connection.execute(query);
        const QStringList columns = result.columns();
        QStringList lines;
        for (const QVariantList &row : result.rawRows()) {
            QStringList fields;
            for (qsizetype i = 0; i < columns.size(); ++i) {
                QString value = row.at(i).isNull() ? u"NULL"_s : row.at(i).toString();
                if (columns.at(i) == u"sql"_s)
                    value = value.replace(whitespace, u" "_s).trimmed();
                fields << columns.at(i) + u'=' + value;
            }
            lines << fields.join(u' ');
        }
        return lines;
    }));
}

} // namespace

class tst_Interop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pythonDatabaseInQuarry();
    void quarryDatabaseInPython();
    void sameSchema_data();
    void sameSchema();

private:
    QString databasePath(const QString &name) const
    {
        return m_directory.filePath(name + u".db"_s);
    }

    QTemporaryDir m_directory;
    QString m_sqlalchemySchema; // made by create_all of each side, on first use
    QString m_quarrySchema;
};

void tst_Interop::initTestCase()
{
    QVERIFY2(m_directory.isValid(), qPrintable(m_directory.errorString()));
    const QString missing = whyPythonCannotRun(m_directory.path());
    if (missing.isEmpty())
        return;
    if (everyTestRequired())
        QFAIL(qPrintable(u"Python is required (CI or QUARRY_REQUIRE_POSTGRES=1) but "_s + missing));
    QSKIP(qPrintable(missing));
}

void tst_Interop::pythonDatabaseInQuarry()
{
    const QString path = databasePath(u"made-by-sqlalchemy"_s);
    const PythonRun created = runSeedProgram({u"create"_s, path}, m_directory.path());
    QVERIFY2(created.succeeded, qPrintable(created.failure));

    {
        auto engine = orm::createAsyncEngine(sqliteUrl(path));
        auto asyncSession = orm::asyncSessionMaker(engine, {.expireOnCommit = false});

        auto reader = asyncSession();
        const auto users = await(reader.execute(orm::select<User>().orderBy(Users::id.asc())))
                                   .scalars()
                                   .all();
        // SQLAlchemy INSERTs in the order the objects were added: ids 1, 2, 3 in a new file.
        QCOMPARE(describe(users),
                 (QStringList {u"1|Смитти|30"_s, u"2|Ada|36"_s, u"3|Аноним|NULL"_s}));
        QVERIFY2(!users.at(2)->age.has_value(), "a NULL age must load as std::nullopt, not 0");

        const auto posts = await(reader.execute(orm::select<Post>().orderBy(Posts::id.asc())))
                                   .scalars()
                                   .all();
        // The relationship filled in user_id, whichever side the post was attached from.
        QCOMPARE(describe(posts),
                 (QStringList {u"1|Привет, мир|1"_s, u"2|Шпаргалка по SQLAlchemy|1"_s,
                               u"3|Notes on the Analytical Engine|2"_s,
                               u"4|%1|NULL"_s.arg(orphanPostTitle)}));
        QVERIFY(!posts.at(3)->userId.has_value());
        await(reader.close());

        // session.get() in a fresh session loads from the file, not from an identity map.
        auto getter = asyncSession();
        const auto smitty = await(getter.get<User>(1));
        QVERIFY(smitty);
        QCOMPARE(describe(*smitty), u"1|Смитти|30"_s);
        const auto adasPost = await(getter.get<Post>(3));
        QVERIFY(adasPost);
        QCOMPARE(adasPost->userId, std::optional<qint64>(2));
        QVERIFY(!await(getter.get<User>(99)));
        // The seed's get_user_posts.
        const auto smittysPosts
                = await(getter.execute(orm::select<Post>().where(Posts::userId == smitty->id)))
                          .scalars()
                          .all();
        QStringList titles;
        for (const auto &post : smittysPosts)
            titles << post->title;
        QCOMPARE(titles, seedUsers.at(0).postTitles);
        await(getter.close());

        // Changes, NULLs written both ways, and new rows, for SQLAlchemy to read back.
        auto writer = asyncSession();
        const auto ada = await(writer.get<User>(2));
        QVERIFY(ada);
        ada->name = u"Ада Лавлейс"_s;
        const auto smittyToChange = await(writer.get<User>(1));
        QVERIFY(smittyToChange);
        smittyToChange->age = std::nullopt;
        const auto anonymous = await(writer.get<User>(3));
        QVERIFY(anonymous);
        anonymous->age = 41;
        const auto quarryUser = writer.add(User {.name = u"Quarry"_s, .age = 1});
        writer.add(Post {.title = u"Из Quarry"_s, .userId = 3});
        await(writer.commit());
        QCOMPARE(quarryUser->id, qint64(4));
    }

    const PythonRun dumped = runSeedProgram({u"dump"_s, path}, m_directory.path());
    QVERIFY2(dumped.succeeded, qPrintable(dumped.failure));
    QString error;
    const QStringList dump = usersFromDump(dumped.output, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(dump,
             jsonLines({userJson(1, u"Смитти"_s, std::nullopt, seedUsers.at(0).postTitles),
                        userJson(2, u"Ада Лавлейс"_s, 36, seedUsers.at(1).postTitles),
                        userJson(3, u"Аноним"_s, 41, {u"Из Quarry"_s}),
                        userJson(4, u"Quarry"_s, 1, {})}));
}

void tst_Interop::quarryDatabaseInPython()
{
    const QString path = databasePath(u"made-by-quarry"_s);
    QList<qint64> userIds;
    {
        auto engine = orm::createAsyncEngine(sqliteUrl(path));
        await(engine->runSync([](orm::Connection &connection) { Base.createAll(connection); }));
        auto session = orm::AsyncSession(engine, {.expireOnCommit = false});
        QList<std::shared_ptr<User>> users;
        for (const SeedUser &seed : seedUsers)
            users.append(session.add(User {.name = seed.name, .age = seed.age}));
        await(session.flush()); // assigns the ids the posts point to
        for (qsizetype i = 0; i < seedUsers.size(); ++i) {
            userIds.append(users.at(i)->id);
            for (const QString &title : seedUsers.at(i).postTitles)
                session.add(Post {.title = title, .userId = users.at(i)->id});
        }
        session.add(Post {.title = orphanPostTitle});
        await(session.commit());
    }
    const qint64 smittyId = userIds.at(0);
    const qint64 adaId = userIds.at(1);
    const qint64 anonymousId = userIds.at(2);

    const PythonRun checked = runSeedProgram(
            {u"check"_s, path, u"--rename"_s, QString::number(smittyId), u"Смитти 2"_s,
             u"--delete"_s, QString::number(adaId), u"--add"_s, u"Python"_s, u"42"_s},
            m_directory.path());
    QVERIFY2(checked.succeeded, qPrintable(checked.failure));
    // What SQLAlchemy read before changing anything.
    QString error;
    const QStringList dump = usersFromDump(checked.output, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QList<QJsonObject> expected;
    for (qsizetype i = 0; i < seedUsers.size(); ++i)
        expected << userJson(userIds.at(i), seedUsers.at(i).name, seedUsers.at(i).age,
                             seedUsers.at(i).postTitles);
    QCOMPARE(dump, jsonLines(expected));

    // What SQLAlchemy changed, read by Quarry.
    auto engine = orm::createAsyncEngine(sqliteUrl(path));
    auto session = orm::AsyncSession(engine);
    const auto users
            = await(session.execute(orm::select<User>().orderBy(Users::id.asc()))).scalars().all();
    QCOMPARE(users.size(), 3);
    QCOMPARE(describe(*users.at(0)), u"%1|Смитти 2|30"_s.arg(smittyId));
    QCOMPARE(describe(*users.at(1)), u"%1|Аноним|NULL"_s.arg(anonymousId));
    QCOMPARE(users.at(2)->name, u"Python"_s);
    QCOMPARE(users.at(2)->age, std::optional<int>(42));
    QVERIFY(!await(session.get<User>(adaId)));
    const auto posts
            = await(session.execute(orm::select<Post>().orderBy(Posts::id.asc()))).scalars().all();
    QStringList postLines;
    for (const auto &post : posts)
        postLines << u"%1|%2"_s.arg(post->title,
                                    post->userId ? QString::number(*post->userId) : u"NULL"_s);
    // Deleting Ada made SQLAlchemy set her post's user_id to NULL (the relationship has no
    // delete cascade): the post stays, owned by nobody.
    QCOMPARE(postLines,
             (QStringList {u"Привет, мир|%1"_s.arg(smittyId),
                           u"Шпаргалка по SQLAlchemy|%1"_s.arg(smittyId),
                           u"Notes on the Analytical Engine|NULL"_s,
                           u"%1|NULL"_s.arg(orphanPostTitle)}));
}

void tst_Interop::sameSchema_data()
{
    QTest::addColumn<QString>("query");
    for (const QString &table : {u"users"_s, u"posts"_s}) {
        // cid, name, declared type, notnull, default, pk
        QTest::addRow("%s columns", qPrintable(table)) << u"PRAGMA table_info(%1)"_s.arg(table);
        QTest::addRow("%s foreign keys", qPrintable(table))
                << u"PRAGMA foreign_key_list(%1)"_s.arg(table);
        QTest::addRow("%s indexes", qPrintable(table)) << u"PRAGMA index_list(%1)"_s.arg(table);
        QTest::addRow("%s indexed columns", qPrintable(table))
                << u"SELECT list.name AS index_name, info.* FROM pragma_index_list('%1') AS list "
                   u"JOIN pragma_index_info(list.name) AS info ORDER BY list.name, info.seqno"_s
                           .arg(table);
    }
    QTest::newRow("DDL text") << u"SELECT type, name, tbl_name, sql FROM sqlite_master "
                                 u"ORDER BY type, name"_s;
}

void tst_Interop::sameSchema()
{
    QFETCH(QString, query);
    if (m_sqlalchemySchema.isEmpty()) {
        const QString sqlalchemyPath = databasePath(u"schema-by-sqlalchemy"_s);
        const PythonRun created = runSeedProgram({u"create"_s, sqlalchemyPath}, m_directory.path());
        QVERIFY2(created.succeeded, qPrintable(created.failure));
        const QString quarryPath = databasePath(u"schema-by-quarry"_s);
        auto engine = orm::createAsyncEngine(sqliteUrl(quarryPath));
        await(engine->runSync([](orm::Connection &connection) { Base.createAll(connection); }));
        m_sqlalchemySchema = sqlalchemyPath;
        m_quarrySchema = quarryPath;
    }
    const QStringList sqlalchemy = schemaRows(m_sqlalchemySchema, query);
    QVERIFY2(!sqlalchemy.isEmpty() || !query.startsWith(u"PRAGMA table_info"_s),
             "SQLAlchemy made no such table");
    QCOMPARE(schemaRows(m_quarrySchema, query), sqlalchemy);
}

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
