// docs/cheatsheet.md and docs/cheatsheet.ru.md: every section's code (docs/snippets/cheatsheet.cpp,
// included below) runs on SQLite and PostgreSQL with its results checked; the snippet file also
// runs as the program it is; and each ```cpp block of both pages must be one of its snippets, so
// the pages cannot drift from the compiled code.
// GCC counts an included file as a header, and a header's coroutine frame holding a lambda as a
// type without linkage; the file is a program's only source, not a header.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsubobject-linkage"
#include "cheatsheet.cpp"
#pragma GCC diagnostic pop

#include "support/TestBackends.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using quarry::test::await;
using quarry::test::awaitTask;

namespace {

// The snippets' engine and session factory, on the current backend, over fresh tables.
void useFreshDatabase()
{
    engine = quarry::test::engineWithFreshTables(Base);
    async_session = orm::asyncSessionMaker(engine, {.expireOnCommit = false});
}

// Users 1, 2, 3: Смитти (30), Ada (36), Linus (54).
void addSeedUsers()
{
    awaitTask(add_user(u"Смитти"_s, 30));
    awaitTask(add_many_users({{u"Ada"_s, 36}, {u"Linus"_s, 54}}));
}

QList<std::tuple<qint64, QString, std::optional<int>>> usersInDatabase()
{
    auto session = async_session();
    return await(session.execute(
                         orm::select(Users::id, Users::name, Users::age).orderBy(Users::id.asc())))
            .all();
}

// Lines without the indentation they all share.
QString dedented(const QStringList &lines)
{
    qsizetype common = -1;
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        qsizetype indent = 0;
        while (indent < line.size() && line.at(indent) == u' ')
            ++indent;
        common = common < 0 ? indent : std::min(common, indent);
    }
    QStringList out;
    for (const QString &line : lines)
        out.append(line.trimmed().isEmpty() ? QString() : line.mid(std::max<qsizetype>(common, 0)));
    return out.join(u'\n');
}

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// name → code of every "// [name]" ... "// [/name]" region of the snippet file.
QMap<QString, QString> snippetsOf(const QString &source, QStringList *problems)
{
    static const QRegularExpression open(u"^// \\[([a-z0-9-]+)\\]$"_s);
    static const QRegularExpression close(u"^// \\[/([a-z0-9-]+)\\]$"_s);
    QMap<QString, QString> snippets;
    QString name;
    QStringList lines;
    const QStringList all = source.split(u'\n');
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString trimmed = all.at(i).trimmed();
        if (const auto m = open.match(trimmed); m.hasMatch()) {
            if (!name.isEmpty())
                problems->append(
                        u"line %1: [%2] opens inside [%3]"_s.arg(i + 1).arg(m.captured(1), name));
            name = m.captured(1);
            lines.clear();
        } else if (const auto m = close.match(trimmed); m.hasMatch()) {
            if (m.captured(1) != name)
                problems->append(
                        u"line %1: [/%2] closes [%3]"_s.arg(i + 1).arg(m.captured(1), name));
            else if (snippets.contains(name))
                problems->append(u"snippet [%1] is defined twice"_s.arg(name));
            else
                snippets.insert(name, dedented(lines));
            name.clear();
        } else if (!name.isEmpty()) {
            lines.append(all.at(i));
        }
    }
    if (!name.isEmpty())
        problems->append(u"snippet [%1] is never closed"_s.arg(name));
    return snippets;
}

// The ```cpp fenced blocks of a markdown page, each without its common indentation.
QStringList cppBlocksOf(const QString &markdown)
{
    QStringList blocks;
    QStringList lines;
    bool inside = false;
    for (const QString &line : markdown.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (!inside && trimmed == u"```cpp"_s) {
            inside = true;
            lines.clear();
        } else if (inside && trimmed == u"```"_s) {
            inside = false;
            blocks.append(dedented(lines));
        } else if (inside) {
            lines.append(line);
        }
    }
    return blocks;
}

} // namespace

class tst_Cheatsheet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void pagesMatchTheSnippets();
    void urls();
    void connectAndOptions();
    void wholeProgram();
    void createTables_data() { quarry::test::addBackendRows(); }
    void createTables();
    void addData_data() { quarry::test::addBackendRows(); }
    void addData();
    void reading_data() { quarry::test::addBackendRows(); }
    void reading();
    void update_data() { quarry::test::addBackendRows(); }
    void update();
    void remove_data() { quarry::test::addBackendRows(); }
    void remove();
    void relationships_data() { quarry::test::addBackendRows(); }
    void relationships();
    void toDict_data() { quarry::test::addBackendRows(); }
    void toDict();
    void thenForm_data() { quarry::test::addBackendRows(); }
    void thenForm();
    void streaming_data() { quarry::test::addBackendRows(); }
    void streaming();
    void errors_data() { quarry::test::addBackendRows(); }
    void errors();
    void rawSql_data() { quarry::test::addBackendRows(); }
    void rawSql();
};

void tst_Cheatsheet::cleanup()
{
    async_session = nullptr;
    engine.reset();
}

void tst_Cheatsheet::pagesMatchTheSnippets()
{
    const QString docs = QStringLiteral(QUARRY_DOCS_DIR);
    QStringList problems;
    const QString source = readFile(docs + u"/snippets/cheatsheet.cpp"_s);
    QVERIFY2(!source.isEmpty(), qPrintable(docs + u"/snippets/cheatsheet.cpp is missing"_s));
    const QMap<QString, QString> snippets = snippetsOf(source, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(snippets.size() >= 20);
    const QStringList code = snippets.values();

    QMap<QString, QStringList> blocksOf;
    for (const QString &page : {u"cheatsheet.md"_s, u"cheatsheet.ru.md"_s}) {
        const QString markdown = readFile(docs + u'/' + page);
        QVERIFY2(!markdown.isEmpty(), qPrintable(page + u" is missing"_s));
        const QStringList blocks = cppBlocksOf(markdown);
        QVERIFY2(!blocks.isEmpty(), qPrintable(page));
        for (const QString &block : blocks)
            if (!code.contains(block))
                problems.append(
                        u"%1: this block is not a snippet of snippets/cheatsheet.cpp:\n%2"_s.arg(
                                page, block));
        for (auto it = snippets.cbegin(); it != snippets.cend(); ++it)
            if (!blocks.contains(it.value()))
                problems.append(u"%1 does not show the snippet [%2]"_s.arg(page, it.key()));
        blocksOf.insert(page, blocks);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n\n"_s)));
    // The translation shows the very same code, in the same order.
    QCOMPARE(blocksOf.value(u"cheatsheet.ru.md"_s), blocksOf.value(u"cheatsheet.md"_s));
}

void tst_Cheatsheet::urls()
{
    const QStringList urls = url_examples();
    QCOMPARE(urls.size(), 7);
    for (const QString &text : urls) {
        const orm::Url url = orm::Url::parse(text);
        QCOMPARE(url.dialect(),
                 text.startsWith(u"sqlite"_s) ? orm::Dialect::SQLite : orm::Dialect::PostgreSQL);
    }
    QCOMPARE(orm::Url::parse(urls.at(0)).driverName(), u"aiosqlite"_s);
    QVERIFY(orm::Url::parse(urls.at(3)).isMemory());
    QVERIFY(orm::Url::parse(urls.at(4)).isReadOnly());
    QCOMPARE(orm::Url::parse(urls.at(5)).port(), 5432);
    QVERIFY(bad_url());
}

void tst_Cheatsheet::connectAndOptions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    const auto restore = qScopeGuard([&] { QDir::setCurrent(before); });

    connect_database();
    QVERIFY(engine->echo());
    QCOMPARE(engine->url().driverName(), u"aiosqlite"_s);
    awaitTask(create_all_tables());
    awaitTask(add_user(u"Смитти"_s, 30));
    QVERIFY(QFile::exists(dir.filePath(u"mydb.db"_s)));
    QCOMPARE(usersInDatabase().size(), 1);

    const auto configured = engine_with_options();
    QVERIFY(!configured->echo());
    QCOMPARE(configured->poolSize(), 5);
    QCOMPARE(configured->options().checkoutTimeout, std::chrono::milliseconds(30'000));
    QCOMPARE(configured->options().busyTimeout, std::chrono::milliseconds(5'000));
}

void tst_Cheatsheet::wholeProgram()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess process;
    process.setWorkingDirectory(dir.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QT_LOGGING_RULES"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(QUARRY_CHEATSHEET_PROGRAM), {});
    QVERIFY2(process.waitForFinished(60'000), qPrintable(process.errorString()));
    const QString log = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(log));
    QVERIFY2(log.contains(u"INSERT INTO users"_s), qPrintable(log)); // echo=True
    QVERIFY2(log.contains(u"has 0 posts"_s), qPrintable(log));

    const QString file = dir.filePath(u"mydb.db"_s);
    QVERIFY(QFile::exists(file));
    engine = orm::createAsyncEngine(orm::Url::sqliteFile(file));
    async_session = orm::asyncSessionMaker(engine);
    QCOMPARE(usersInDatabase(),
             (QList<std::tuple<qint64, QString, std::optional<int>>> {{1, u"Смитти 2"_s, 30},
                                                                      {2, u"Ada"_s, 36}}));
}

void tst_Cheatsheet::createTables()
{
    useFreshDatabase();
    // Tables that exist are left alone (checkfirst), so a second run is harmless.
    awaitTask(create_all_tables());
    awaitTask(create_all_tables());
    QVERIFY(await(engine->runSync([](orm::Connection &c) {
        return orm::MetaData::hasTable(c, u"users"_s) && orm::MetaData::hasTable(c, u"posts"_s);
    })));
}

void tst_Cheatsheet::addData()
{
    useFreshDatabase();
    addSeedUsers();
    QCOMPARE(usersInDatabase(),
             (QList<std::tuple<qint64, QString, std::optional<int>>> {
                     {1, u"Смитти"_s, 30}, {2, u"Ada"_s, 36}, {3, u"Linus"_s, 54}}));
}

void tst_Cheatsheet::reading()
{
    useFreshDatabase();
    addSeedUsers();
    const ReadResults read = awaitTask(read_data());
    QCOMPARE(read.all.size(), 3);
    QCOMPARE(read.first->name, u"Смитти"_s);
    QCOMPARE(read.one->id, 1);
    QCOMPARE(read.oneOrNone, read.one); // one object per row within a session

    QVERIFY(awaitTask(read_missing(99)));
    QVERIFY(!awaitTask(read_missing(1)));

    const MoreReadResults more = awaitTask(read_more_data());
    QCOMPARE(more.rows.size(), 3);
    QVERIFY(more.rows.contains(std::tuple(u"Ada"_s, std::optional<int>(36))));
    QCOMPARE(more.adults.size(), 2); // Ada is left out by NOT LIKE 'A%'
    QCOMPARE(more.adults.at(0)->name, u"Linus"_s);
    QCOMPARE(more.adults.at(1)->name, u"Смитти"_s);
    QCOMPARE(more.byKey->name, u"Смитти"_s);
    QCOMPARE(more.userCount, 3);
}

void tst_Cheatsheet::update()
{
    useFreshDatabase();
    addSeedUsers();
    awaitTask(update_user_name(1, u"Смитти 2"_s));
    awaitTask(update_user_name(99, u"nobody"_s)); // no such user: nothing happens
    QCOMPARE(std::get<1>(usersInDatabase().at(0)), u"Смитти 2"_s);

    awaitTask(add_user(u"Kid"_s, 15));
    QCOMPARE(awaitTask(bulk_update()), 1);
    QCOMPARE(usersInDatabase().at(3), std::tuple(qint64(4), u"Kid"_s, std::optional<int>(18)));
}

void tst_Cheatsheet::remove()
{
    useFreshDatabase();
    addSeedUsers();
    awaitTask(delete_user(2));
    awaitTask(delete_user(99));
    QCOMPARE(usersInDatabase().size(), 2);
    QCOMPARE(std::get<1>(usersInDatabase().at(1)), u"Linus"_s);

    awaitTask(add_posts()); // two posts of a user, one of nobody
    QCOMPARE(awaitTask(bulk_delete()), 1);
    auto session = async_session();
    QCOMPARE(await(session.execute(orm::select(orm::count()).selectFrom<Post>())).scalarOne(), 2);
}

void tst_Cheatsheet::relationships()
{
    useFreshDatabase();
    QCOMPARE(awaitTask(add_posts()), 1);
    awaitTask(add_many_users({{u"Ada"_s, 36}, {u"Kid"_s, 15}}));

    const auto posts = awaitTask(get_user_posts(1));
    QCOMPARE(posts.size(), 2);
    QCOMPARE(posts.at(0)->userId, 1);
    QVERIFY(awaitTask(get_user_posts(2)).isEmpty());

    const RelationshipResults r = awaitTask(relationship_data());
    QCOMPARE(r.users.size(), 3);
    QCOMPARE(r.users.at(0)->posts.size(), 2);
    QCOMPARE(r.users.at(1)->posts.size(), 0);
    QCOMPARE(r.posts.size(), 3);
    for (const auto &post : r.posts) {
        if (post->userId) {
            // Held weakly (the user's posts hold the post): r.users keeps the user alive.
            QCOMPARE(post->user->name, u"Смитти"_s);
            QVERIFY(post->user->posts.contains(post));
        } else {
            QVERIFY(!post->user);
        }
    }
    QCOMPARE(r.postsOfAdults.size(), 2);
    QCOMPARE(r.counts,
             (QList<std::tuple<QString, qint64>> {{u"Смитти"_s, 2}, {u"Ada"_s, 0}, {u"Kid"_s, 0}}));
    QCOMPARE(r.pairs.size(), 2);
    QCOMPARE(r.pairs.at(0).first, u"Смитти"_s);

    const auto [raised, count] = awaitTask(not_loaded(1));
    QVERIFY(raised);
    QCOMPARE(count, 2);
}

void tst_Cheatsheet::toDict()
{
    useFreshDatabase();
    awaitTask(add_posts());
    const QList<QVariantMap> maps = awaitTask(to_dict_data());
    QCOMPARE(maps.at(0),
             (QVariantMap {{u"id"_s, qint64(1)}, {u"name"_s, u"Смитти"_s}, {u"age"_s, 30}}));
    QCOMPARE(maps.at(1).keys(), QStringList {u"name"_s});
    QCOMPARE(maps.at(2).keys(), (QStringList {u"id"_s, u"name"_s}));
    const QVariantList nested = maps.at(3).value(u"posts"_s).toList();
    QCOMPARE(nested.size(), 2);
    QCOMPARE(nested.at(0).toMap().value(u"title"_s).toString(), u"Привет, мир"_s);
    QCOMPARE(maps.at(4).value(u"name"_s).toString(), u"Смитти"_s);
}

void tst_Cheatsheet::thenForm()
{
    useFreshDatabase();
    awaitTask(add_posts());
    QObject view;
    QCOMPARE(await(get_user_posts_then(&view, 1)).size(), 2);
    show_post_count(&view, 1);
    QTRY_COMPARE(view.property("postCount").toLongLong(), 2);

    // A failure reaches onFailed(): it warns and yields no posts.
    await(engine->runSync([](orm::Connection &c) { c.execute(u"DROP TABLE posts"_s); }));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^get_user_posts failed:"_s));
    QVERIFY(await(get_user_posts_then(&view, 1)).isEmpty());
}

void tst_Cheatsheet::streaming()
{
    useFreshDatabase();
    QList<std::pair<QString, int>> many;
    for (int i = 0; i < 2500; ++i)
        many.append({u"user %1"_s.arg(i), i});
    awaitTask(add_many_users(many));
    QCOMPARE(awaitTask(stream_ages()), qint64(2500) * 2499 / 2);
}

void tst_Cheatsheet::errors()
{
    useFreshDatabase();
    addSeedUsers();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^rejected:"_s));
    QVERIFY(awaitTask(integrity_error()));
    // The session rolled back; the database is as it was.
    QCOMPARE(usersInDatabase().size(), 3);
    QCOMPARE(std::get<1>(usersInDatabase().at(0)), u"Смитти"_s);
}

void tst_Cheatsheet::rawSql()
{
    useFreshDatabase();
    addSeedUsers();
    QCOMPARE(awaitTask(text_data()), (QVariantList {u"Смитти"_s, u"Ada"_s, u"Linus"_s}));
}

QTEST_GUILESS_MAIN(tst_Cheatsheet)
#include "tst_cheatsheet.moc"
