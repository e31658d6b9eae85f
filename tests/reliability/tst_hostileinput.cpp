// Hostile input, typed or imported: strings that break naive SQL (quotes, a DROP TABLE, the
// LIKE wildcards), NUL characters, very long strings, right-to-left and combining characters and
// emoji are stored and found exactly as given, on SQLite and PostgreSQL; out-of-range numbers
// are refused with a message, in the form and in a CSV import naming row and column, and a
// refused import writes nothing.
//
// NUL: Quarry's names may not contain one (UserValidation refuses it, so the form and the import
// do); the ORM below stores one exactly where the database can (SQLite) and refuses it clearly
// where it cannot (PostgreSQL's text has no NUL).
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Connection.h>
#include <orm/engine/Error.h>
#include <ui/DataTransfer.h>
#include <ui/MainWindow.h>
#include <ui/Models.h>
#include <ui/Schema.h>
#include <ui/UserForm.h>
#include <ui/UserStore.h>
#include <ui/UserValidation.h>
#include <ui/UsersTableModel.h>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using quarry::UsersTableModel;
using quarry::UserValidation;
using quarry::test::await;

class tst_HostileInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { quarry::test::failOnQtWarnings(); }
    void storedAndFound_data();
    void storedAndFound();
    void nulInTheOrm_data() { quarry::test::addBackendRows(); }
    void nulInTheOrm();
    void megabyteInTheOrm_data() { quarry::test::addBackendRows(); }
    void megabyteInTheOrm();
    void formRefusesNames_data();
    void formRefusesNames();
    void ageValidation_data();
    void ageValidation();
    void importRefuses_data();
    void importRefuses();
};

namespace {

const QString nul = QString(QChar(0));

// Names that would match a hostile filter if it reached SQL unescaped or uncompared: '%' and '_'
// as wildcards match all of them, a quote cut short would match "O", the decomposed é must not
// find the composed one.
const QStringList decoys
        = {u"O"_s, u"Oprah"_s, u"100 real"_s, u"x"_s, u"caf\u00e9"_s, u"DROP TABLE users"_s};

QStringList names(const std::shared_ptr<orm::AsyncEngine> &engine)
{
    return await(engine->runSync([](orm::Connection &c) {
        QStringList names;
        for (const QVariant &name : c.execute(u"SELECT name FROM users ORDER BY id"_s).scalars())
            names << name.toString();
        return names;
    }));
}

} // namespace

void tst_HostileInput::storedAndFound_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("name");
    const QList<std::pair<const char *, QString>> cases = {
            {"quotes", u"O'Brien \"Bob\" `tick`"_s},
            {"sql injection", u"'; DROP TABLE users; --"_s},
            {"percent", u"100%"_s},
            {"underscore", u"a_b"_s},
            {"wildcards only", u"%_%"_s},
            {"backslash escape", u"C:\\temp\\%\\_"_s},
            {"right-to-left", u"שלום עולם مرحبا"_s},
            {"bidi override", u"\u202Egnp.exe"_s},
            {"combining", u"cafe\u0301 Z\u0351\u0334"_s},
            {"emoji", u"👩‍💻 🙂 🇺🇦"_s},
    };
    for (const QString &backend : quarry::test::backendNames())
        for (const auto &[tag, name] : cases)
            QTest::addRow("%s: %s", qPrintable(backend), tag) << backend << name;
}

// Through the app's own write (UserStore) and its search (the users model's name filter).
void tst_HostileInput::storedAndFound()
{
    QFETCH(QString, name);
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    quarry::UserStore store(engine);
    for (const QString &decoy : decoys)
        await(store.createUser(decoy, 1));
    const quarry::UserRecord created = await(store.createUser(name, 42));
    QCOMPARE(created.name, name);
    // Nothing was dropped or rewritten on the way.
    QCOMPARE(names(engine), decoys + QStringList {name});

    UsersTableModel model;
    model.setEngine(engine);
    model.setUserQuery({.nameContains = name});
    QVERIFY(QTest::qWaitFor([&] { return model.totalCount().has_value() && !model.isLoading(); },
                            10'000));
    QCOMPARE(model.totalCount(), 1);
    QCOMPARE(model.rowCount(), 1);
    model.index(0, UsersTableModel::NameColumn).data();
    QTRY_VERIFY(model.userAt(0).has_value());
    QCOMPARE(model.userAt(0)->id, created.id);
    QCOMPARE(model.index(0, UsersTableModel::NameColumn).data().toString(), name);
}

void tst_HostileInput::nulInTheOrm()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    const QString name = u"before"_s + nul + u"after"_s + nul;
    const auto insert = [&] {
        await(engine->runSync([name](orm::Connection &c) {
            c.execute(u"INSERT INTO users (name, age) VALUES (?, ?)"_s, {name, 1});
        }));
    };
    if (engine->dialect() == orm::Dialect::PostgreSQL) {
        // PostgreSQL's text cannot hold NUL: refused with the server's reason, nothing stored.
        try {
            insert();
            QFAIL(qPrintable(u"stored as %1"_s.arg(names(engine).value(0).toHtmlEscaped())));
        } catch (const orm::Error &error) {
            QVERIFY2(error.message().contains(u"0x00"_s), qPrintable(error.message()));
        }
        QCOMPARE(names(engine), QStringList());
        return;
    }
    insert();
    QCOMPARE(names(engine), QStringList {name});
    QCOMPARE(names(engine).value(0).size(), name.size());
}

void tst_HostileInput::megabyteInTheOrm()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    // 1 MiB of characters, not all ASCII, so that a byte/character mix-up shows.
    QString name;
    name.reserve(1 << 20);
    while (name.size() < (1 << 20))
        name += u"ab'%_é🙂"_s;
    name.truncate(1 << 20);
    if (name.back().isHighSurrogate())
        name.back() = u'z';
    await(engine->runSync([name](orm::Connection &c) {
        c.execute(u"INSERT INTO users (name, age) VALUES (?, ?)"_s, {name, 1});
    }));
    const QStringList stored = names(engine);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.value(0).size(), name.size());
    QVERIFY(stored.value(0) == name);
}

void tst_HostileInput::formRefusesNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("NUL") << u"Ada"_s + nul + u"Lovelace"_s
                         << u"The name contains a NUL character."_s;
    QTest::newRow("201 characters")
            << QString(201, u'n') << u"The name is longer than 200 characters."_s;
    QTest::newRow("1 MiB") << QString(1 << 20, u'n')
                           << u"The name is longer than 200 characters."_s;
    QTest::newRow("200 characters") << QString(200, u'n') << QString();
}

// The form of the main window: the message next to the name, nothing written.
void tst_HostileInput::formRefusesNames()
{
    QFETCH(QString, name);
    QFETCH(QString, error);
    QCOMPARE(UserValidation::check(name, {}).nameError, error);

    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl());
    await(engine->runSync([](orm::Connection &c) {
        quarry::prepareSchema(c);
        c.execute(u"INSERT INTO users (name, age) VALUES ('Ada', 36)"_s);
    }));
    quarry::MainWindow window(engine);
    window.show();
    QTRY_VERIFY(window.usersModel()->rowOfUser(1).has_value());
    window.usersView()->selectRow(*window.usersModel()->rowOfUser(1));
    QTRY_VERIFY(window.currentUser().has_value());
    quarry::UserForm *form = window.userForm();
    // Pasted, as a long or odd name arrives; the field keeps at most twice the limit.
    QApplication::clipboard()->setText(name);
    form->nameEdit()->setFocus();
    QTest::keyClick(form->nameEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(form->nameEdit(), Qt::Key_V, Qt::ControlModifier);
    QTest::mouseClick(window.findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
    QCOMPARE(form->nameError(), error);
    QTRY_VERIFY(!window.isWriting());
    QCOMPARE(names(engine), QStringList {error.isEmpty() ? name : u"Ada"_s});
}

void tst_HostileInput::ageValidation_data()
{
    QTest::addColumn<QString>("age");
    QTest::addColumn<std::optional<int>>("value");
    QTest::addColumn<QString>("error");
    const QString range = u"The age must be between 0 and 150."_s;
    const QString whole = u"The age must be a whole number, like 42."_s;
    QTest::newRow("-1") << u"-1"_s << std::optional<int>() << range;
    QTest::newRow("151") << u"151"_s << std::optional<int>() << range;
    QTest::newRow("2^31") << u"2147483648"_s << std::optional<int>() << range;
    QTest::newRow("2^32") << u"4294967296"_s << std::optional<int>() << range;
    QTest::newRow("2^63") << u"9223372036854775808"_s << std::optional<int>() << range;
    QTest::newRow("-2^63") << u"-9223372036854775808"_s << std::optional<int>() << range;
    QTest::newRow("abc") << u"abc"_s << std::optional<int>() << whole;
    QTest::newRow("1.5") << u"1.5"_s << std::optional<int>() << whole;
    QTest::newRow("hex") << u"0x2A"_s << std::optional<int>() << whole;
    QTest::newRow("NUL") << u"4"_s + nul + u"2"_s << std::optional<int>() << whole;
    QTest::newRow("spaces") << u" 42 "_s << std::optional<int>(42) << QString();
    // Full-width digits are not the C locale's: refused, with the example of what is wanted.
    QTest::newRow("full-width") << u"４２"_s << std::optional<int>() << whole;
    QTest::newRow("empty is unknown") << QString() << std::optional<int>() << QString();
}

void tst_HostileInput::ageValidation()
{
    QFETCH(QString, age);
    QFETCH(std::optional<int>, value);
    QFETCH(QString, error);
    const UserValidation checked = UserValidation::check(u"Ada"_s, age);
    QCOMPARE(checked.ageError, error);
    QCOMPARE(checked.age, value);
}

void tst_HostileInput::importRefuses_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("column");
    const QList<std::tuple<const char *, QByteArray, QString>> cases = {
            {"age -1", "Bad,-1", u"age"_s},
            {"age 2^31", "Bad,2147483648", u"age"_s},
            {"age 2^63", "Bad,9223372036854775808", u"age"_s},
            {"age abc", "Bad,abc", u"age"_s},
            {"age full-width", "Bad,\xef\xbc\x94\xef\xbc\x92", u"age"_s},
            {"age with NUL",
             QByteArray("Bad,4\0"
                        "2",
                        7),
             u"age"_s},
            {"name with NUL", QByteArray("Ba\0d,1", 6), u"name"_s},
            {"name 201 characters", QByteArray(201, 'n') + ",1", u"name"_s},
    };
    for (const QString &backend : quarry::test::backendNames())
        for (const auto &[tag, row, column] : cases)
            QTest::addRow("%s: %s", qPrintable(backend), tag) << backend << row << column;
}

// A file with good rows around a bad one: the error names row 3 and the column, and not even
// the good row before it is written.
void tst_HostileInput::importRefuses()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, column);
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO users (name, age) VALUES ('Existing', 50)"_s);
    }));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"hostile.csv"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("name,age\r\nGood,1\r\n" + field + "\r\nAfter,2\r\n");
    }
    bool refused = false;
    try {
        await(quarry::importUsersCsv(engine, path));
    } catch (const quarry::ImportError &error) {
        refused = true;
        QVERIFY2(error.message().startsWith(u"row 3, column %1: "_s.arg(column)),
                 qPrintable(error.message()));
    }
    QVERIFY2(refused, qPrintable(u"imported: %1"_s.arg(names(engine).join(u", "_s))));
    QCOMPARE(names(engine), QStringList {u"Existing"_s});
}

QTEST_MAIN(tst_HostileInput)
#include "tst_hostileinput.moc"
