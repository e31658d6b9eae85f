// Every operator of the query language, and the Result API, against real rows on SQLite and
// PostgreSQL: NULL ages, Unicode names, and names holding LIKE's wildcards and escape character,
// so contains()/startsWith()/endsWith() are seen to match only literal text. Where the two
// databases differ, each row states what each one does, and a comment says why.
#include "support/TestBackends.h"

#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <orm/session/Session.h>

#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace quarry;
using quarry::test::await;

namespace {

struct Person
{
    QString name;
    std::optional<int> age;
};

// Inserted in this order, so ids run 1..15.
const QList<Person> people = {
        {u"Ada"_s, 36},
        {u"ada"_s, 17},
        {u"Bob"_s, std::nullopt},
        {u"Смитти"_s, 30},
        {u"смитти"_s, std::nullopt},
        {u"ÆØÅ"_s, 50},
        {u"æøå"_s, 5},
        {u"🦀"_s, 0},
        {u"50%"_s, 50},
        {u"5000"_s, 18},
        {u"a_b"_s, 21},
        {u"axb"_s, 22},
        {u"back\\slash"_s, -1},
        {u"slash\\"_s, std::nullopt},
        {u"it's"_s, 99},
};

QStringList sorted(QStringList names)
{
    std::sort(names.begin(), names.end());
    return names;
}

QStringList allNames()
{
    QStringList names;
    for (const Person &p : people)
        names << p.name;
    return sorted(names);
}

QStringList namesWhere(const std::function<bool(const Person &)> &predicate)
{
    QStringList names;
    for (const Person &p : people)
        if (predicate(p))
            names << p.name;
    return sorted(names);
}

// In id order.
QStringList namesOf(const QList<std::shared_ptr<User>> &users)
{
    QStringList names;
    for (const auto &user : users)
        names << user->name;
    return names;
}

} // namespace

class tst_Operators : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void operators_data();
    void operators();
    void severalWheres_data() { quarry::test::addBackendRows(); }
    void severalWheres();
    void orderBy_data() { quarry::test::addBackendRows(); }
    void orderBy();
    void limitOffset_data() { quarry::test::addBackendRows(); }
    void limitOffset();
    void distinct_data() { quarry::test::addBackendRows(); }
    void distinct();
    void selectColumns_data() { quarry::test::addBackendRows(); }
    void selectColumns();
    void entityResult_data() { quarry::test::addBackendRows(); }
    void entityResult();
    void tupleResult_data() { quarry::test::addBackendRows(); }
    void tupleResult();

private:
    // The seeded engine of the current row's backend, made once per backend: the rows are only
    // ever read.
    std::shared_ptr<orm::AsyncEngine> engine();

    QHash<QString, std::shared_ptr<orm::AsyncEngine>> m_engines;
    bool m_postgresFoldsNonAscii = false;
};

void tst_Operators::initTestCase()
{
    // PostgreSQL folds case (ILIKE, lower()) by the database's LC_CTYPE: only ASCII under the
    // C locale that scripts/postgres-sandbox.sh sets up (initdb --no-locale), Cyrillic and Æ too
    // under a UTF-8 locale. Which one this server does is asked, not assumed.
    if (!quarry::test::backendNames().contains(u"postgresql"_s))
        return;
    auto server = orm::createAsyncEngine(quarry::test::postgresUrl());
    m_postgresFoldsNonAscii = await(server->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT 'Ж' ILIKE 'ж' AND 'Æ' ILIKE 'æ'"_s).scalar().toBool();
    }));
    qInfo("PostgreSQL folds non-ASCII case: %s", m_postgresFoldsNonAscii ? "yes" : "no");
}

void tst_Operators::cleanupTestCase()
{
    m_engines.clear();
}

std::shared_ptr<orm::AsyncEngine> tst_Operators::engine()
{
    QFETCH(QString, backend);
    std::shared_ptr<orm::AsyncEngine> &engine = m_engines[backend];
    if (!engine) {
        engine = quarry::test::engineWithFreshTables(Base);
        await(engine->runSync([](orm::Connection &c) {
            orm::Session session(c);
            for (const Person &p : people)
                session.add(User {.name = p.name, .age = p.age});
            session.commit();
        }));
    }
    return engine;
}

void tst_Operators::operators_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<orm::Condition>("condition");
    QTest::addColumn<QStringList>("expected");

    const QStringList all = allNames();
    const QStringList withAge = namesWhere([](const Person &p) { return p.age.has_value(); });
    const QStringList none;

    for (const QString &backend : quarry::test::backendNames()) {
        const bool sqlite = backend == u"sqlite"_s;
        const bool folds = !sqlite && m_postgresFoldsNonAscii;
        const auto row = [&](const char *tag, const orm::Condition &condition,
                             const QStringList &expected) {
            QTest::addRow("%s/%s", qPrintable(backend), tag)
                    << backend << condition << sorted(expected);
        };
        // The same condition with what each database answers.
        const auto rowPerDialect = [&](const char *tag, const orm::Condition &condition,
                                       const QStringList &onSqlite, const QStringList &onPostgres) {
            row(tag, condition, sqlite ? onSqlite : onPostgres);
        };

        // Comparisons. NULL compares as unknown, so a NULL age matches none of them.
        row("== int", Users::age == 30, {u"Смитти"_s});
        row("== text is exact", Users::name == u"Смитти"_s, {u"Смитти"_s});
        row("== ascii case", Users::name == u"ada"_s, {u"ada"_s});
        row("== emoji", Users::name == u"🦀"_s, {u"🦀"_s});
        row("== quote", Users::name == u"it's"_s, {u"it's"_s});
        row("== backslash", Users::name == u"back\\slash"_s, {u"back\\slash"_s});
        row("== percent", Users::name == u"50%"_s, {u"50%"_s});
        row("== no one", Users::age == 1000, none);
        row("!= int", Users::age != 50,
            namesWhere([](const Person &p) { return p.age && *p.age != 50; }));
        row("!= text", Users::name != u"Ada"_s,
            namesWhere([](const Person &p) { return p.name != u"Ada"_s; }));
        row("<", Users::age < 18, {u"ada"_s, u"æøå"_s, u"🦀"_s, u"back\\slash"_s});
        row("<=", Users::age <= 18, {u"ada"_s, u"æøå"_s, u"🦀"_s, u"back\\slash"_s, u"5000"_s});
        row("< negative", Users::age < 0, {u"back\\slash"_s});
        row(">", Users::age > 50, {u"it's"_s});
        row(">=", Users::age >= 50, {u"ÆØÅ"_s, u"50%"_s, u"it's"_s});
        row(">= id", Users::id >= 14, {u"slash\\"_s, u"it's"_s});

        // Combinations.
        row("&&", Users::age >= 18 && Users::age < 30, {u"5000"_s, u"a_b"_s, u"axb"_s});
        row("||", Users::age == 0 || Users::name == u"Bob"_s, {u"🦀"_s, u"Bob"_s});
        row("|| then &&", (Users::age < 0 || Users::age > 90) && Users::name != u"it's"_s,
            {u"back\\slash"_s});
        row("&& then ||", Users::age < 0 || (Users::age > 90 && Users::name != u"it's"_s),
            {u"back\\slash"_s});
        // NOT of unknown is unknown: NULL ages stay out.
        row("!", !(Users::age > 20), {u"ada"_s, u"æøå"_s, u"🦀"_s, u"5000"_s, u"back\\slash"_s});
        row("! of ||", !(Users::age.isNull() || Users::age < 50), {u"ÆØÅ"_s, u"50%"_s, u"it's"_s});
        row("!!", !!(Users::age == 30), {u"Смитти"_s});
        row("! of ==", !(Users::name == u"Bob"_s),
            namesWhere([](const Person &p) { return p.name != u"Bob"_s; }));

        // IN and NOT IN.
        row("in int", Users::age.in(QList<int> {0, 50, 1000}), {u"🦀"_s, u"ÆØÅ"_s, u"50%"_s});
        row("in one", Users::age.in(QList<int> {36}), {u"Ada"_s});
        row("in text", Users::name.in(QList<QString> {u"Ada"_s, u"🦀"_s, u"nobody"_s}),
            {u"Ada"_s, u"🦀"_s});
        row("notIn int", Users::age.notIn(QList<int> {50, 36}),
            namesWhere([](const Person &p) { return p.age && *p.age != 50 && *p.age != 36; }));
        row("notIn text", Users::name.notIn(QList<QString> {u"Ada"_s, u"ada"_s}),
            namesWhere([](const Person &p) { return p.name.toLower() != u"ada"_s; }));
        // An empty list is valid SQL in neither dialect; the ORM writes the constant it means,
        // as SQLAlchemy does: IN () matches nothing, NOT IN () everything, NULLs included.
        row("in empty", Users::age.in(QList<int> {}), none);
        row("in empty text", Users::name.in(QList<QString> {}), none);
        row("notIn empty", Users::age.notIn(QList<int> {}), all);
        row("in empty || ==", Users::age.in(QList<int> {}) || Users::name == u"Bob"_s, {u"Bob"_s});
        row("! in empty", !Users::age.in(QList<int> {}), all);
        row("notIn empty && isNull", Users::age.notIn(QList<int> {}) && Users::age.isNull(),
            {u"Bob"_s, u"смитти"_s, u"slash\\"_s});

        // NULL tests.
        row("isNull", Users::age.isNull(), {u"Bob"_s, u"смитти"_s, u"slash\\"_s});
        row("isNotNull", Users::age.isNotNull(), withAge);
        row("name isNull", Users::name.isNull(), none);

        // BETWEEN: inclusive at both ends, and not symmetric.
        row("between", Users::age.between(18, 30), {u"5000"_s, u"a_b"_s, u"axb"_s, u"Смитти"_s});
        row("between negative", Users::age.between(-5, 0), {u"back\\slash"_s, u"🦀"_s});
        row("between reversed", Users::age.between(30, 18), none);
        row("! between", !Users::age.between(1, 98), {u"🦀"_s, u"back\\slash"_s, u"it's"_s});

        // like(): the pattern as written. SQLite's LIKE ignores case for ASCII letters (and only
        // for those); PostgreSQL's LIKE is case-sensitive. SQLAlchemy's like() is the same.
        rowPerDialect("like prefix", Users::name.like(u"a%"_s),
                      {u"Ada"_s, u"ada"_s, u"a_b"_s, u"axb"_s}, {u"ada"_s, u"a_b"_s, u"axb"_s});
        rowPerDialect("like ascii case", Users::name.like(u"ADA"_s), {u"Ada"_s, u"ada"_s}, none);
        row("like _ is a wildcard", Users::name.like(u"a_b"_s), {u"a_b"_s, u"axb"_s});
        row("like % is a wildcard", Users::name.like(u"50%"_s), {u"50%"_s, u"5000"_s});
        row("like non-ascii", Users::name.like(u"смитти"_s), {u"смитти"_s});
        row("like emoji", Users::name.like(u"%🦀%"_s), {u"🦀"_s});
        // PostgreSQL's LIKE takes '\' as its escape character by default, so this pattern means
        // "backslash"; SQLite's LIKE has no escape character unless ESCAPE names one.
        rowPerDialect("like backslash", Users::name.like(u"back\\slash"_s), {u"back\\slash"_s},
                      none);
        row("like escaped backslash", Users::name.like(u"slash%"_s), {u"slash\\"_s});

        // ilike(): case-insensitive on both, for ASCII. Beyond ASCII it folds only where the
        // database can: SQLite's lower() and LIKE know ASCII only (as with SQLAlchemy, which
        // writes the same lower() LIKE lower() there); PostgreSQL follows its LC_CTYPE.
        row("ilike", Users::name.ilike(u"ADA"_s), {u"Ada"_s, u"ada"_s});
        row("ilike pattern", Users::name.ilike(u"%A%"_s),
            {u"Ada"_s, u"ada"_s, u"a_b"_s, u"axb"_s, u"back\\slash"_s, u"slash\\"_s});
        row("ilike cyrillic", Users::name.ilike(u"СМИТТИ"_s),
            folds ? QStringList {u"Смитти"_s, u"смитти"_s} : none);
        row("ilike æøå", Users::name.ilike(u"æøå"_s),
            folds ? QStringList {u"ÆØÅ"_s, u"æøå"_s} : QStringList {u"æøå"_s});

        // contains/startsWith/endsWith: the text is literal. '%', '_' and '\' match only
        // themselves (as wildcards, contains("%") would match every name).
        row("contains %", Users::name.contains(u"%"_s), {u"50%"_s});
        row("contains 0%", Users::name.contains(u"0%"_s), {u"50%"_s});
        row("startsWith 50%", Users::name.startsWith(u"50%"_s), {u"50%"_s});
        row("contains _", Users::name.contains(u"_"_s), {u"a_b"_s});
        row("startsWith a_", Users::name.startsWith(u"a_"_s), {u"a_b"_s});
        row("endsWith backslash", Users::name.endsWith(u"\\"_s), {u"slash\\"_s});
        row("contains backslash", Users::name.contains(u"\\"_s), {u"back\\slash"_s, u"slash\\"_s});
        row("startsWith backslash", Users::name.startsWith(u"\\"_s), none);
        row("contains quote", Users::name.contains(u"'"_s), {u"it's"_s});
        row("contains nothing", Users::name.contains(QString()), all);
        row("contains emoji", Users::name.contains(u"🦀"_s), {u"🦀"_s});
        row("contains cyrillic", Users::name.contains(u"мит"_s), {u"Смитти"_s, u"смитти"_s});
        row("endsWith å", Users::name.endsWith(u"å"_s), {u"æøå"_s});

        // Qt::CaseSensitive is not honoured for ASCII letters on SQLite: its LIKE ignores ASCII
        // case (unless PRAGMA case_sensitive_like is on, which the ORM does not set). Non-ASCII
        // letters are matched exactly there.
        rowPerDialect("startsWith A sensitive", Users::name.startsWith(u"A"_s, Qt::CaseSensitive),
                      {u"Ada"_s, u"ada"_s, u"a_b"_s, u"axb"_s}, {u"Ada"_s});
        rowPerDialect("startsWith a sensitive", Users::name.startsWith(u"a"_s, Qt::CaseSensitive),
                      {u"Ada"_s, u"ada"_s, u"a_b"_s, u"axb"_s}, {u"ada"_s, u"a_b"_s, u"axb"_s});
        rowPerDialect("endsWith B sensitive", Users::name.endsWith(u"B"_s, Qt::CaseSensitive),
                      {u"a_b"_s, u"axb"_s, u"Bob"_s}, none);
        row("startsWith С sensitive", Users::name.startsWith(u"С"_s, Qt::CaseSensitive),
            {u"Смитти"_s});
        row("contains ØÅ sensitive", Users::name.contains(u"ØÅ"_s, Qt::CaseSensitive), {u"ÆØÅ"_s});

        row("startsWith A insensitive", Users::name.startsWith(u"A"_s, Qt::CaseInsensitive),
            {u"Ada"_s, u"ada"_s, u"a_b"_s, u"axb"_s});
        row("endsWith B insensitive", Users::name.endsWith(u"B"_s, Qt::CaseInsensitive),
            {u"a_b"_s, u"axb"_s, u"Bob"_s});
        row("contains A_ insensitive", Users::name.contains(u"A_"_s, Qt::CaseInsensitive),
            {u"a_b"_s});
        row("contains % insensitive", Users::name.contains(u"%"_s, Qt::CaseInsensitive),
            {u"50%"_s});
        row("endsWith backslash insensitive", Users::name.endsWith(u"\\"_s, Qt::CaseInsensitive),
            {u"slash\\"_s});
        row("startsWith с insensitive", Users::name.startsWith(u"с"_s, Qt::CaseInsensitive),
            folds ? QStringList {u"Смитти"_s, u"смитти"_s} : QStringList {u"смитти"_s});
        row("contains ØÅ insensitive", Users::name.contains(u"ØÅ"_s, Qt::CaseInsensitive),
            folds ? QStringList {u"ÆØÅ"_s, u"æøå"_s} : QStringList {u"ÆØÅ"_s});
    }
}

void tst_Operators::operators()
{
    QFETCH(orm::Condition, condition);
    QFETCH(QStringList, expected);
    const QStringList names = await(engine()->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        return namesOf(session.execute(orm::select<User>().where(condition)).scalars().all());
    }));
    QCOMPARE(sorted(names), expected);
}

void tst_Operators::severalWheres()
{
    await(engine()->runSync([](orm::Connection &c) {
        orm::Session session(c);
        // Several where() calls are ANDed.
        QCOMPARE(sorted(namesOf(session.execute(orm::select<User>()
                                                        .where(Users::age >= 18)
                                                        .where(Users::age < 40)
                                                        .where(Users::name.contains(
                                                                u"a"_s, Qt::CaseInsensitive)))
                                        .scalars()
                                        .all())),
                 sorted({u"Ada"_s, u"a_b"_s, u"axb"_s}));
        // Each where() keeps its own parentheses: an || inside one does not leak into the AND.
        QCOMPARE(sorted(namesOf(
                         session.execute(orm::select<User>()
                                                 .where(Users::age.isNull() || Users::age > 90)
                                                 .where(Users::name != u"Bob"_s))
                                 .scalars()
                                 .all())),
                 sorted({u"смитти"_s, u"slash\\"_s, u"it's"_s}));
        // A select is a value: narrowing a copy leaves the original as it was.
        const auto adults = orm::select<User>().where(Users::age >= 18);
        const auto some = adults.where(Users::age > 40);
        QCOMPARE(session.execute(adults).scalars().size(), 8);
        QCOMPARE(sorted(namesOf(session.execute(some).scalars().all())),
                 sorted({u"ÆØÅ"_s, u"50%"_s, u"it's"_s}));
    }));
}

void tst_Operators::orderBy()
{
    const bool sqlite = quarry::test::currentBackend().name == u"sqlite"_s;
    await(engine()->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        const auto names = [&](const orm::Select<User> &select) {
            return namesOf(session.execute(select).scalars().all());
        };
        // Ties (the two 50s) are broken by the second key.
        QCOMPARE(names(orm::select<User>()
                               .where(Users::age.isNotNull())
                               .orderBy(Users::age.asc(), Users::id.asc())),
                 (QStringList {u"back\\slash"_s, u"🦀"_s, u"æøå"_s, u"ada"_s, u"5000"_s, u"a_b"_s,
                               u"axb"_s, u"Смитти"_s, u"Ada"_s, u"ÆØÅ"_s, u"50%"_s, u"it's"_s}));
        QCOMPARE(names(orm::select<User>()
                               .where(Users::age.isNotNull())
                               .orderBy(Users::age.desc(), Users::id.desc())),
                 (QStringList {u"it's"_s, u"50%"_s, u"ÆØÅ"_s, u"Ada"_s, u"Смитти"_s, u"axb"_s,
                               u"a_b"_s, u"5000"_s, u"ada"_s, u"æøå"_s, u"🦀"_s,
                               u"back\\slash"_s}));
        QCOMPARE(names(orm::select<User>()
                               .where(Users::age.between(50, 50))
                               .orderBy(Users::age.asc(), Users::id.desc())),
                 (QStringList {u"50%"_s, u"ÆØÅ"_s}));
        // orderBy() twice appends keys.
        QCOMPARE(names(orm::select<User>()
                               .where(Users::age.between(50, 50))
                               .orderBy(Users::age.desc())
                               .orderBy(Users::id.desc())),
                 (QStringList {u"50%"_s, u"ÆØÅ"_s}));
        // Where NULLs go by default differs: SQLite sorts NULL before every value, PostgreSQL
        // after. nullsFirst()/nullsLast() (SQLAlchemy's nulls_first()) make them agree, below.
        const QStringList nullsAsc = names(orm::select<User>()
                                                   .where(Users::age.isNull() || Users::age < 1)
                                                   .orderBy(Users::age.asc(), Users::id.asc()));
        const QStringList nulls {u"Bob"_s, u"смитти"_s, u"slash\\"_s};
        const QStringList values {u"back\\slash"_s, u"🦀"_s};
        QCOMPARE(nullsAsc, sqlite ? nulls + values : values + nulls);
        const QStringList nullsDesc = names(orm::select<User>()
                                                    .where(Users::age.isNull() || Users::age < 1)
                                                    .orderBy(Users::age.desc(), Users::id.asc()));
        const QStringList valuesDesc {u"🦀"_s, u"back\\slash"_s};
        QCOMPARE(nullsDesc, sqlite ? valuesDesc + nulls : nulls + valuesDesc);
        const auto nullsOrSmall = orm::select<User>().where(Users::age.isNull() || Users::age < 1);
        QCOMPARE(names(nullsOrSmall.orderBy(Users::age.asc().nullsLast(), Users::id.asc())),
                 values + nulls);
        QCOMPARE(names(nullsOrSmall.orderBy(Users::age.asc().nullsFirst(), Users::id.asc())),
                 nulls + values);
        QCOMPARE(names(nullsOrSmall.orderBy(Users::age.desc().nullsLast(), Users::id.asc())),
                 valuesDesc + nulls);
        QCOMPARE(names(nullsOrSmall.orderBy(Users::age.desc().nullsFirst(), Users::id.asc())),
                 nulls + valuesDesc);
    }));
}

void tst_Operators::limitOffset()
{
    await(engine()->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto byId = orm::select<User>().orderBy(Users::id.asc());
        const auto names = [&](const orm::Select<User> &select) {
            return namesOf(session.execute(select).scalars().all());
        };
        QCOMPARE(names(byId.limit(3)), (QStringList {u"Ada"_s, u"ada"_s, u"Bob"_s}));
        QCOMPARE(names(byId.limit(3).offset(2)),
                 (QStringList {u"Bob"_s, u"Смитти"_s, u"смитти"_s}));
        // OFFSET alone (SQLite needs LIMIT -1 before it, PostgreSQL takes LIMIT ALL).
        QCOMPARE(names(byId.offset(13)), (QStringList {u"slash\\"_s, u"it's"_s}));
        QCOMPARE(names(byId.limit(0)), QStringList());
        QCOMPARE(names(byId.offset(15)), QStringList());
        QCOMPARE(names(byId.limit(100)).size(), people.size());
        // LIMIT applies after WHERE and ORDER BY.
        QCOMPARE(names(orm::select<User>()
                               .where(Users::age.isNotNull())
                               .orderBy(Users::age.desc(), Users::id.asc())
                               .limit(2)
                               .offset(1)),
                 (QStringList {u"ÆØÅ"_s, u"50%"_s}));
    }));
}

void tst_Operators::distinct()
{
    await(engine()->runSync([](orm::Connection &c) {
        orm::Session session(c);
        QList<std::optional<int>> ages = session.execute(orm::select(Users::age)).scalars();
        QCOMPARE(ages.size(), people.size());
        QList<std::optional<int>> distinct
                = session.execute(orm::select(Users::age).distinct()).scalars();
        std::sort(distinct.begin(), distinct.end());
        // One NULL among twelve distinct ages; nullopt sorts first.
        QCOMPARE(distinct,
                 (QList<std::optional<int>> {std::nullopt, -1, 0, 5, 17, 18, 21, 22, 30, 36, 50,
                                             99}));
        QCOMPARE(session.execute(orm::select(Users::age)
                                         .where(Users::age >= 50)
                                         .distinct()
                                         .orderBy(Users::age.asc()))
                         .scalars()
                         .all(),
                 (QList<std::optional<int>> {50, 99}));
        // Whole rows are distinct already.
        QCOMPARE(session.execute(orm::select<User>().distinct()).scalars().size(), people.size());
    }));
}

void tst_Operators::selectColumns()
{
    await(engine()->runSync([](orm::Connection &c) {
        orm::Session session(c);
        QCOMPARE(session.execute(orm::select(Users::name, Users::age)
                                         .where(Users::name.startsWith(u"a_"_s)))
                         .all(),
                 (QList<std::tuple<QString, std::optional<int>>> {{u"a_b"_s, 21}}));
        // Columns in any order, the key among them.
        QCOMPARE(session.execute(orm::select(Users::age, Users::id, Users::name)
                                         .where(Users::age.in(QList<int> {0, -1}))
                                         .orderBy(Users::id.asc()))
                         .all(),
                 (QList<std::tuple<std::optional<int>, qint64, QString>> {
                         {0, 8, u"🦀"_s}, {-1, 13, u"back\\slash"_s}}));
        // A NULL column is nullopt, never 0.
        const auto bob = session.execute(orm::select(Users::age, Users::name)
                                                 .where(Users::name == u"Bob"_s))
                                 .one();
        QCOMPARE(std::get<0>(bob), std::nullopt);
        QCOMPARE(std::get<1>(bob), u"Bob"_s);
        // Text exactly as stored.
        QCOMPARE(session.execute(orm::select(Users::name)
                                         .where(Users::name.contains(u"\\"_s)
                                                || Users::name.contains(u"'"_s)
                                                || Users::name.contains(u"🦀"_s))
                                         .orderBy(Users::id.asc()))
                         .scalars()
                         .all(),
                 (QList<QString> {u"🦀"_s, u"back\\slash"_s, u"slash\\"_s, u"it's"_s}));
    }));
}

void tst_Operators::entityResult()
{
    await(engine()->runSync([](orm::Connection &c) {
        orm::Session session(c);
        const auto byId = orm::select<User>().orderBy(Users::id.asc());
        const auto nobody = orm::select<User>().where(Users::age > 1000);
        const auto ada = orm::select<User>().where(Users::name == u"Ada"_s);
        const auto adults = byId.where(Users::age >= 50);

        // scalars(): all() in row order, first(), one(), oneOrNone().
        QCOMPARE(namesOf(session.execute(adults).scalars().all()),
                 (QStringList {u"ÆØÅ"_s, u"50%"_s, u"it's"_s}));
        QCOMPARE(session.execute(adults).scalars().size(), 3);
        QCOMPARE(session.execute(adults).scalars().first()->name, u"ÆØÅ"_s);
        QVERIFY(!session.execute(nobody).scalars().first());
        QVERIFY(session.execute(nobody).scalars().all().isEmpty());
        QCOMPARE(session.execute(ada).scalars().one()->age, 36);
        QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, session.execute(nobody).scalars().one());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(adults).scalars().one());
        QVERIFY(!session.execute(nobody).scalars().oneOrNone());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(adults).scalars().oneOrNone());

        // scalarOne(), scalarOneOrNone(), scalar().
        const auto one = session.execute(ada).scalarOne();
        QCOMPARE(one->name, u"Ada"_s);
        QCOMPARE(one->age, 36);
        QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, session.execute(nobody).scalarOne());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound, session.execute(adults).scalarOne());
        QCOMPARE(session.execute(ada).scalarOneOrNone(), one); // the identity map's object
        QVERIFY(!session.execute(nobody).scalarOneOrNone());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(adults).scalarOneOrNone());
        QCOMPARE(session.execute(byId).scalar(), one);
        QVERIFY(!session.execute(nobody).scalar());

        // all(): rows of one entity each.
        const auto rows = session.execute(adults).all();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(std::get<0>(rows.at(2))->name, u"it's"_s);
        QVERIFY(session.execute(nobody).all().isEmpty());

        // A NULL age loads as nullopt.
        const auto bob
                = session.execute(orm::select<User>().where(Users::name == u"Bob"_s)).scalarOne();
        QCOMPARE(bob->age, std::nullopt);

        // scalars().unique(): each object once, by identity; scalars() iterates.
        const auto twice
                = session.execute(adults).scalars().all() + session.execute(adults).scalars().all();
        QCOMPARE(namesOf(orm::ScalarResult<std::shared_ptr<User>>(twice).unique().all()),
                 (QStringList {u"ÆØÅ"_s, u"50%"_s, u"it's"_s}));
        QStringList iterated;
        for (const auto &user : session.execute(adults).scalars())
            iterated << user->name;
        QCOMPARE(iterated, (QStringList {u"ÆØÅ"_s, u"50%"_s, u"it's"_s}));

        // partitions(n): of the entities, and of the rows; nothing makes no partition.
        const auto parts = session.execute(adults).scalars().partitions(2);
        QCOMPARE(parts.size(), 2);
        QCOMPARE(namesOf(parts.at(0)), (QStringList {u"ÆØÅ"_s, u"50%"_s}));
        QCOMPARE(namesOf(parts.at(1)), QStringList {u"it's"_s});
        const auto rowParts = session.execute(adults).partitions(2);
        QCOMPARE(rowParts.size(), 2);
        QCOMPARE(rowParts.at(1).size(), 1);
        QCOMPARE(std::get<0>(rowParts.at(1).at(0))->name, u"it's"_s);
        QCOMPARE(session.execute(adults).partitions(3).size(), 1);
        QVERIFY(session.execute(nobody).partitions(2).isEmpty());
        QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, session.execute(adults).partitions(0));
        QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                                 session.execute(adults).scalars().partitions(-1));

        // mappings(): each entity as toDict() makes it, NULL as a null QVariant.
        const QList<QVariantMap> maps
                = session.execute(byId.where(Users::name.in(QList<QString> {u"Ada"_s, u"Bob"_s})))
                          .mappings();
        QCOMPARE(maps.size(), 2);
        QCOMPARE(maps.at(0).keys(), (QStringList {u"age"_s, u"id"_s, u"name"_s}));
        QCOMPARE(maps.at(0).value(u"name"_s).toString(), u"Ada"_s);
        QCOMPARE(maps.at(0).value(u"age"_s).toInt(), 36);
        QCOMPARE(maps.at(1).value(u"id"_s).toLongLong(), 3);
        QVERIFY(maps.at(1).contains(u"age"_s));
        QVERIFY(maps.at(1).value(u"age"_s).isNull());
        const QList<QVariantMap> onlyName = session.execute(ada).mappings({.only = {u"name"_s}});
        QCOMPARE(onlyName, (QList<QVariantMap> {QVariantMap {{u"name"_s, u"Ada"_s}}}));
        QVERIFY(session.execute(nobody).mappings().isEmpty());
        QVERIFY_THROWS_EXCEPTION(orm::ArgumentError,
                                 session.execute(ada).mappings({.exclude = {u"nope"_s}}));
        // No hidden I/O: a relationship that was not loaded is an error, not a query.
        QVERIFY_THROWS_EXCEPTION(orm::NotLoadedError,
                                 session.execute(ada).mappings({.relationships = {u"posts"_s}}));
    }));
}

void tst_Operators::tupleResult()
{
    await(engine()->runSync([](orm::Connection &c) {
        orm::Session session(c);
        using Row = std::tuple<QString, std::optional<int>>;
        const auto rows = [](qint64 from, qint64 to) {
            return orm::select(Users::name, Users::age)
                    .where(Users::id.between(from, to))
                    .orderBy(Users::id.asc());
        };
        const auto nobody = orm::select(Users::name, Users::age).where(Users::age > 1000);

        QCOMPARE(session.execute(rows(2, 4)).all(),
                 (QList<Row> {{u"ada"_s, 17}, {u"Bob"_s, std::nullopt}, {u"Смитти"_s, 30}}));
        QCOMPARE(session.execute(rows(2, 4)).size(), 3);
        QVERIFY(session.execute(nobody).all().isEmpty());

        QCOMPARE(session.execute(rows(2, 4)).first(), std::optional<Row>(Row {u"ada"_s, 17}));
        QCOMPARE(session.execute(nobody).first(), std::nullopt);

        QCOMPARE(session.execute(rows(3, 3)).one(), (Row {u"Bob"_s, std::nullopt}));
        QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, session.execute(nobody).one());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound, session.execute(rows(2, 4)).one());

        QCOMPARE(session.execute(rows(8, 8)).oneOrNone(), std::optional<Row>(Row {u"🦀"_s, 0}));
        QCOMPARE(session.execute(nobody).oneOrNone(), std::nullopt);
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(rows(2, 4)).oneOrNone());

        // scalar(): the first column of the first row.
        QCOMPARE(session.execute(rows(4, 9)).scalar(), std::optional<QString>(u"Смитти"_s));
        QCOMPARE(session.execute(nobody).scalar(), std::nullopt);
        // A NULL first column: a row was found (outer optional set), its value is nullopt.
        const auto nullAge
                = session.execute(orm::select(Users::age).where(Users::name == u"Bob"_s)).scalar();
        QVERIFY(nullAge.has_value());
        QCOMPARE(*nullAge, std::nullopt);

        QCOMPARE(session.execute(rows(3, 3)).scalarOne(), u"Bob"_s);
        QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, session.execute(nobody).scalarOne());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(rows(2, 4)).scalarOne());

        QCOMPARE(session.execute(rows(3, 3)).scalarOneOrNone(), std::optional<QString>(u"Bob"_s));
        QCOMPARE(session.execute(nobody).scalarOneOrNone(), std::nullopt);
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(rows(2, 4)).scalarOneOrNone());
        // One row whose value is NULL: found (outer optional set), the value nullopt.
        const auto bobsAge = session.execute(orm::select(Users::age).where(Users::name == u"Bob"_s))
                                     .scalarOneOrNone();
        QVERIFY(bobsAge.has_value());
        QCOMPARE(*bobsAge, std::nullopt);

        // scalars(): a ScalarResult of the first column, with the entities' vocabulary.
        QCOMPARE(session.execute(rows(12, 15)).scalars().all(),
                 (QList<QString> {u"axb"_s, u"back\\slash"_s, u"slash\\"_s, u"it's"_s}));
        QVERIFY(session.execute(nobody).scalars().isEmpty());
        QVERIFY(session.execute(nobody).scalars().all().isEmpty());
        const QList<QString> converted = session.execute(rows(12, 13)).scalars();
        QCOMPARE(converted, (QList<QString> {u"axb"_s, u"back\\slash"_s}));
        QCOMPARE(session.execute(rows(12, 15)).scalars().first(), std::optional<QString>(u"axb"_s));
        QCOMPARE(session.execute(nobody).scalars().first(), std::nullopt);
        QCOMPARE(session.execute(rows(3, 3)).scalars().one(), u"Bob"_s);
        QVERIFY_THROWS_EXCEPTION(orm::NoResultFound, session.execute(nobody).scalars().one());
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(rows(2, 4)).scalars().one());
        QCOMPARE(session.execute(rows(4, 4)).scalars().oneOrNone(),
                 std::optional<QString>(u"Смитти"_s));
        QCOMPARE(session.execute(nobody).scalars().oneOrNone(), std::nullopt);
        QVERIFY_THROWS_EXCEPTION(orm::MultipleResultsFound,
                                 session.execute(rows(2, 4)).scalars().oneOrNone());
        // A nullable column: first() of a NULL value is a found nullopt.
        const auto ages = orm::select(Users::age).orderBy(Users::id.asc());
        const std::optional<std::optional<int>> firstNull
                = session.execute(ages.where(Users::name == u"Bob"_s)).scalars().first();
        QVERIFY(firstNull.has_value());
        QCOMPARE(*firstNull, std::nullopt);
        // unique(): twelve distinct ages, one of them NULL, in order of first appearance.
        const QList<std::optional<int>> uniqueAges = session.execute(ages).scalars().unique().all();
        QCOMPARE(uniqueAges.size(), 12);
        QCOMPARE(uniqueAges.mid(0, 4), (QList<std::optional<int>> {36, 17, std::nullopt, 30}));
        QCOMPARE(session.execute(orm::select(Users::name).where(Users::name.ilike(u"ada"_s)))
                         .scalars()
                         .unique()
                         .size(),
                 2); // "Ada" and "ada" differ
        QCOMPARE(session.execute(ages).scalars().partitions(4).size(), 4);
        QCOMPARE(session.execute(rows(12, 15)).scalars().partitions(3),
                 (QList<QList<QString>> {{u"axb"_s, u"back\\slash"_s, u"slash\\"_s}, {u"it's"_s}}));
        QVERIFY_THROWS_EXCEPTION(orm::ArgumentError, session.execute(rows(2, 4)).partitions(0));
    }));
}

QTEST_GUILESS_MAIN(tst_Operators)
#include "tst_operators.moc"
