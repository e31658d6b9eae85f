// The windowed users model on SQLite and PostgreSQL, under QAbstractItemModelTester the whole
// time: pages arrive by keyset in every sort order, wherever the view jumps; filters run in SQL;
// memory stays bounded; superseded requests are dropped.
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <ui/Models.h>
#include <ui/Schema.h>
#include <ui/UsersTableModel.h>

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using quarry::UserQuery;
using quarry::UserRecord;
using quarry::UsersTableModel;
using quarry::test::await;

class tst_UsersTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { quarry::test::failOnQtWarnings(); }
    void everyRowInEverySortOrder_data();
    void everyRowInEverySortOrder();
    void filtersRunInSql_data() { quarry::test::addBackendRows(); }
    void filtersRunInSql();
    void memoryStaysBounded_data() { quarry::test::addBackendRows(); }
    void memoryStaysBounded();
    void supersededQueriesAreDropped_data() { quarry::test::addBackendRows(); }
    void supersededQueriesAreDropped();
    void reloadKeepsRowsAndSeesChanges_data() { quarry::test::addBackendRows(); }
    void reloadKeepsRowsAndSeesChanges();
    void inPlaceEditsAreValidated_data() { quarry::test::addBackendRows(); }
    void inPlaceEditsAreValidated();
};

namespace {

// Names with duplicates and a NULL, ages with NULLs, so ties and NULL ordering are exercised.
QList<UserRecord> sampleUsers(int count)
{
    const QStringList names {u"Смитти"_s,         u"ada"_s,  u"Ada"_s,  u"Bob"_s, u"Zoë 🙂"_s,
                             u"100% real_name"_s, QString(), u"Émile"_s};
    QList<UserRecord> users;
    for (int i = 0; i < count; ++i)
        users.append({i + 1, names.at((i * 7) % names.size()),
                      i % 5 == 0 ? std::nullopt : std::optional<int>((i * 13) % 90),
                      qint64(i % 3)});
    return users;
}

std::shared_ptr<orm::AsyncEngine> engineWith(const QList<UserRecord> &users)
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    await(engine->runSync([users](orm::Connection &c) {
        quarry::prepareSchema(c);
        QList<QVariantList> userRows;
        QList<QVariantList> postRows;
        for (const UserRecord &user : users) {
            userRows.append({user.id, user.name.isNull() ? QVariant() : QVariant(user.name),
                             user.age ? QVariant(*user.age) : QVariant()});
            for (qint64 p = 0; p < user.postCount; ++p)
                postRows.append({u"post %1"_s.arg(p), user.id});
        }
        c.executeMany(u"INSERT INTO users (id, name, age) VALUES (?, ?, ?)"_s, userRows);
        c.executeMany(u"INSERT INTO posts (title, user_id) VALUES (?, ?)"_s, postRows);
    }));
    return engine;
}

// The order the model promises: by the key (NULL as the dialect sorts it: first in SQLite,
// last in PostgreSQL), then by id.
QList<UserRecord> expectedOrder(QList<UserRecord> users, const UserQuery &query, bool nullsLargest)
{
    const auto compareKeys = [&](const auto &a, const auto &b) {
        if (bool(a) != bool(b))
            return bool(a) == nullsLargest ? -1 : 1;
        if (!a || *a == *b)
            return 0;
        return *a < *b ? -1 : 1;
    };
    const auto nameOf = [](const UserRecord &u) {
        return u.name.isNull() ? std::nullopt : std::optional<QString>(u.name);
    };
    std::sort(users.begin(), users.end(), [&](const UserRecord &a, const UserRecord &b) {
        int c = 0;
        if (query.sortKey == UserQuery::SortKey::Name)
            c = compareKeys(nameOf(a), nameOf(b));
        else if (query.sortKey == UserQuery::SortKey::Age)
            c = compareKeys(a.age, b.age);
        if (c == 0)
            c = a.id == b.id ? 0 : (a.id < b.id ? -1 : 1);
        return query.descending ? c > 0 : c < 0;
    });
    return users;
}

// Asks for a row as a view would, and waits until it has arrived.
std::optional<UserRecord> fetchRow(UsersTableModel &model, int row)
{
    model.index(row, UsersTableModel::NameColumn).data();
    if (!QTest::qWaitFor([&] { return model.userAt(row).has_value(); }, 10'000))
        return std::nullopt;
    return model.userAt(row);
}

bool waitForTotal(UsersTableModel &model)
{
    return QTest::qWaitFor([&] { return model.totalCount().has_value() && !model.isLoading(); },
                           10'000);
}

} // namespace

void tst_UsersTableModel::everyRowInEverySortOrder_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("sortKey");
    QTest::addColumn<bool>("descending");
    for (const QString &backend : quarry::test::backendNames())
        for (auto key : {UserQuery::SortKey::Id, UserQuery::SortKey::Name, UserQuery::SortKey::Age})
            for (bool descending : {false, true})
                QTest::addRow("%s-%d-%s", qPrintable(backend), int(key),
                              descending ? "desc" : "asc")
                        << backend << int(key) << descending;
}

void tst_UsersTableModel::everyRowInEverySortOrder()
{
    QFETCH(int, sortKey);
    QFETCH(bool, descending);
    const QList<UserRecord> users = sampleUsers(1'050);
    auto engine = engineWith(users);
    UsersTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    UserQuery query;
    query.sortKey = UserQuery::SortKey(sortKey);
    query.descending = descending;
    model.setUserQuery(query);
    model.setEngine(engine);
    QVERIFY(waitForTotal(model));
    QCOMPARE(model.rowCount(), users.size());
    const QList<UserRecord> expected
            = expectedOrder(users, query, engine->dialect() == orm::Dialect::PostgreSQL);

    // Jump around as a scroll bar does: the end first, then the middle, then everywhere, so
    // pages are found forwards, backwards, from either end and across gaps.
    QList<int> rows {int(users.size()) - 1, 500, 0, 201, 799};
    for (int row = 0; row < users.size(); row += 37)
        rows.append(row);
    for (int row : rows) {
        const std::optional<UserRecord> got = fetchRow(model, row);
        QVERIFY2(got, qPrintable(u"row %1 never arrived"_s.arg(row)));
        QCOMPARE(*got, expected.at(row));
    }
    // Every row of every page that arrived is in its place.
    for (int row = 0; row < users.size(); ++row)
        if (const auto got = model.userAt(row))
            QCOMPARE(*got, expected.at(row));
}

void tst_UsersTableModel::filtersRunInSql()
{
    const QList<UserRecord> users = sampleUsers(400);
    auto engine = engineWith(users);
    UsersTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEngine(engine);

    const auto expectCount = [&](const UserQuery &query, auto &&matches) {
        model.setUserQuery(query);
        if (!waitForTotal(model))
            return false;
        const qsizetype expected = std::count_if(users.begin(), users.end(), matches);
        if (model.rowCount() != expected) {
            qWarning("expected %lld rows, got %d", qint64(expected), model.rowCount());
            return false;
        }
        const auto first = fetchRow(model, 0);
        return expected == 0 || (first && matches(*first));
    };
    UserQuery query;
    // '%' and '_' are matched as typed, case-insensitively for ASCII.
    query.nameContains = u"0% REAL_"_s;
    QVERIFY(expectCount(query, [](const UserRecord &u) { return u.name == u"100% real_name"_s; }));
    query.nameContains = u"_"_s;
    QVERIFY(expectCount(query, [](const UserRecord &u) { return u.name.contains(u'_'); }));
    query.nameContains = u"Смит"_s;
    QVERIFY(expectCount(query, [](const UserRecord &u) { return u.name == u"Смитти"_s; }));
    query = {};
    query.minimumAge = 30;
    query.maximumAge = 40;
    QVERIFY(expectCount(query,
                        [](const UserRecord &u) { return u.age && *u.age >= 30 && *u.age <= 40; }));
    query.nameContains = u"no such name"_s;
    QVERIFY(expectCount(query, [](const UserRecord &) { return false; }));
}

void tst_UsersTableModel::memoryStaysBounded()
{
    const QList<UserRecord> users
            = sampleUsers(UsersTableModel::pageSize * (UsersTableModel::maxCachedPages + 11));
    auto engine = engineWith(users);
    UsersTableModel model;
    model.setEngine(engine);
    QVERIFY(waitForTotal(model));
    for (int row = 0; row < model.rowCount(); row += UsersTableModel::pageSize)
        QVERIFY(fetchRow(model, row));
    QVERIFY(model.cachedRowCount() <= UsersTableModel::pageSize * UsersTableModel::maxCachedPages);
    // An evicted row comes back when it is looked at again.
    QCOMPARE(fetchRow(model, 0)->id, 1);
}

void tst_UsersTableModel::supersededQueriesAreDropped()
{
    auto engine = engineWith(sampleUsers(300));
    UsersTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEngine(engine);
    UserQuery query;
    for (const QString &text : {u"a"_s, u"ad"_s, u"ada"_s, u"Bo"_s}) {
        query.nameContains = text;
        model.setUserQuery(query);
    }
    QVERIFY(waitForTotal(model));
    QVERIFY(fetchRow(model, 0));
    for (int row = 0; row < model.rowCount(); ++row)
        if (const auto user = model.userAt(row))
            QCOMPARE(user->name, u"Bob"_s);
    const QList<UserRecord> users = sampleUsers(300);
    QCOMPARE(model.rowCount(), std::count_if(users.begin(), users.end(), [](const UserRecord &u) {
                 return u.name == u"Bob"_s;
             }));
}

void tst_UsersTableModel::reloadKeepsRowsAndSeesChanges()
{
    auto engine = engineWith(sampleUsers(10));
    UsersTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEngine(engine);
    QVERIFY(waitForTotal(model));
    QVERIFY(fetchRow(model, 0));
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"UPDATE users SET name = 'renamed' WHERE id = 1"_s);
        c.execute(u"INSERT INTO users (id, name) VALUES (11, 'new')"_s);
    }));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.reload();
    QCOMPARE(model.userAt(0)->name, sampleUsers(1).first().name); // still shown meanwhile
    QTRY_COMPARE(model.rowCount(), 11);
    QTRY_COMPARE(fetchRow(model, 0)->name, u"renamed"_s);
    QCOMPARE(resets.size(), 0);
}

void tst_UsersTableModel::inPlaceEditsAreValidated()
{
    auto engine = engineWith(sampleUsers(3));
    UsersTableModel model;
    model.setEngine(engine);
    QVERIFY(waitForTotal(model));
    QVERIFY(fetchRow(model, 0));
    QSignalSpy requested(&model, &UsersTableModel::editRequested);
    QSignalSpy rejected(&model, &UsersTableModel::editRejected);
    // Row 1 has an age, so emptying it is a change.
    const QModelIndex name = model.index(1, UsersTableModel::NameColumn);
    const QModelIndex age = model.index(1, UsersTableModel::AgeColumn);
    QVERIFY(!model.setData(name, u"   "_s));
    QVERIFY(!model.setData(age, 151));
    QVERIFY(!model.setData(age, u"abc"_s));
    QCOMPARE(rejected.size(), 3);
    QVERIFY(requested.isEmpty());
    QVERIFY(model.setData(name, u"  Trimmed  "_s));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(1).value<UserRecord>().name, u"Trimmed"_s);
    QVERIFY(model.setData(age, QVariant())); // empty: NULL
    QCOMPARE(requested.last().at(1).value<UserRecord>().age, std::nullopt);
    model.setReadOnly(true);
    QVERIFY(!(model.flags(name) & Qt::ItemIsEditable));
}

QTEST_MAIN(tst_UsersTableModel)
#include "tst_userstablemodel.moc"
