// Export, import and sample data (ui/DataTransfer.h, ui/DemoData.h) on SQLite and PostgreSQL:
// hostile text survives a CSV round trip, every import error names its row and column and
// leaves the database as it was, JSON has the seed's to_dict() shape, sample data is what it
// says and the same for the same seed.
#include "support/TestBackends.h"

#include <ui/Csv.h>
#include <ui/DataTransfer.h>
#include <ui/DemoData.h>
#include <ui/Models.h>

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <orm/session/MetaData.h>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using quarry::test::await;

namespace {

// Text that breaks naive CSV writers, SQL built by concatenation, and narrow encodings.
const QStringList hostile = {
        u"Quote \"inside\""_s,
        u"comma, inside"_s,
        u"new\nline"_s,
        u"crlf\r\nline"_s,
        u"😀 emoji, and \"all\"\n of it"_s,
        u"Смитти"_s,
        u"'; DROP TABLE users; --"_s,
        u"\"\"\""_s,
        u"tab\there"_s,
        u"trailing comma,"_s,
        u"control \u0001 and \\ backslash"_s,
};

qint64 countOf(const std::shared_ptr<orm::AsyncEngine> &engine, const QString &table)
{
    return await(engine->runSync([table](orm::Connection &c) {
        return c.execute(u"SELECT COUNT(*) FROM "_s + table).scalarOne().toLongLong();
    }));
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QList<QStringList> parseCsv(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    quarry::CsvReader reader(&buffer);
    QList<QStringList> records;
    QStringList fields;
    while (reader.readRecord(&fields))
        records.append(fields);
    return records;
}

QByteArray exported(const std::shared_ptr<orm::AsyncEngine> &engine, quarry::ExportFormat format)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    await(quarry::exportUsers(engine, format, &buffer));
    return buffer.data();
}

} // namespace

class tst_DataTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }

    void csvReader_data();
    void csvReader();
    void csvRoundTrip_data() { quarry::test::addBackendRows(); }
    void csvRoundTrip();
    void importTrimsAndAcceptsNull_data() { quarry::test::addBackendRows(); }
    void importTrimsAndAcceptsNull();
    void importErrors_data();
    void importErrors();
    void duplicateIdRollsBack_data() { quarry::test::addBackendRows(); }
    void duplicateIdRollsBack();
    void importedIdsMoveTheSequence_data() { quarry::test::addBackendRows(); }
    void importedIdsMoveTheSequence();
    void jsonShape_data() { quarry::test::addBackendRows(); }
    void jsonShape();
    void failedExportLeavesFileAlone_data() { quarry::test::addBackendRows(); }
    void failedExportLeavesFileAlone();
    void demoData_data() { quarry::test::addBackendRows(); }
    void demoData();
    void demoDataCreatesSchema();
    void cancelRollsBack_data() { quarry::test::addBackendRows(); }
    void cancelRollsBack();
};

void tst_DataTransfer::csvReader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QStringList>>("records");
    QTest::addColumn<QList<qint64>>("rows");

    QTest::newRow("crlf") << "a,b\r\n1,2\r\n"_ba
                          << QList<QStringList> {{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}}
                          << QList<qint64> {1, 2};
    QTest::newRow("lf, no final newline")
            << "a,b\n1,2"_ba << QList<QStringList> {{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}}
            << QList<qint64> {1, 2};
    QTest::newRow("lone cr") << "a\r1\r"_ba << QList<QStringList> {{u"a"_s}, {u"1"_s}}
                             << QList<qint64> {1, 2};
    QTest::newRow("bom") << "\xef\xbb\xbfname\r\n"_ba << QList<QStringList> {{u"name"_s}}
                         << QList<qint64> {1};
    // A spreadsheet shows a quoted line break inside its cell: the row goes on.
    QTest::newRow("quoted newline") << "a,b\n\"x\ny\",\"he said \"\"hi\"\"\"\nlast,\"\"\n"_ba
                                    << QList<QStringList> {{u"a"_s, u"b"_s},
                                                           {u"x\ny"_s, u"he said \"hi\""_s},
                                                           {u"last"_s, QString()}}
                                    << QList<qint64> {1, 2, 3};
    QTest::newRow("blank lines count as rows")
            << "a\n\n\nb\n"_ba << QList<QStringList> {{u"a"_s}, {u"b"_s}} << QList<qint64> {1, 4};
    QTest::newRow("empty fields") << ",\n"_ba << QList<QStringList> {{QString(), QString()}}
                                  << QList<qint64> {1};
    // Written bare, a lone empty field would be a blank line: csvRecord() quotes it (fuzzing).
    QTest::newRow("lone empty field")
            << "\"\"\r\nx\r\n"_ba << QList<QStringList> {{QString()}, {u"x"_s}}
            << QList<qint64> {1, 2};
    QTest::newRow("utf-8") << "Смитти,😀\n"_ba << QList<QStringList> {{u"Смитти"_s, u"😀"_s}}
                           << QList<qint64> {1};
}

void tst_DataTransfer::csvReader()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QStringList>, records);
    QFETCH(QList<qint64>, rows);
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    quarry::CsvReader reader(&buffer);
    QStringList fields;
    for (qsizetype i = 0; i < records.size(); ++i) {
        QVERIFY2(reader.readRecord(&fields), qPrintable(u"record %1"_s.arg(i)));
        QCOMPARE(fields, records.at(i));
        QCOMPARE(reader.row(), rows.at(i));
    }
    QVERIFY(!reader.readRecord(&fields));

    // What csvRecord() writes, the reader reads back as it was.
    QByteArray written;
    for (const QStringList &record : std::as_const(records))
        written += quarry::csvRecord(record).toUtf8();
    QCOMPARE(parseCsv(written), records);
}

void tst_DataTransfer::csvRoundTrip()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    QTemporaryDir dir;
    // One user per hostile string, with every third age unknown and the strings as post titles.
    QByteArray csv = quarry::csvRecord({u"name"_s, u"age"_s, u"posts"_s}).toUtf8();
    for (qsizetype i = 0; i < hostile.size(); ++i) {
        QJsonArray titles;
        titles.append(hostile.at(i));
        titles.append(hostile.at((i + 1) % hostile.size()));
        if (i == 0)
            titles.append(QJsonValue()); // a NULL title
        csv += quarry::csvRecord(
                       {hostile.at(i), i % 3 == 0 ? QString() : QString::number(20 + i),
                        QString::fromUtf8(QJsonDocument(titles).toJson(QJsonDocument::Compact))})
                       .toUtf8();
    }
    const QString input = dir.filePath(u"hostile.csv"_s);
    QVERIFY(writeAll(input, csv));
    QCOMPARE(await(quarry::importUsersCsv(engine, input)), qint64(hostile.size()));
    QCOMPARE(countOf(engine, u"users"_s), qint64(hostile.size()));
    QCOMPARE(countOf(engine, u"posts"_s), qint64(2 * hostile.size() + 1));

    // Every value arrives as it was written: the export reads back to the same text.
    const QString first = dir.filePath(u"first.csv"_s);
    QCOMPARE(await(quarry::exportUsers(engine, quarry::ExportFormat::Csv, first)),
             qint64(hostile.size()));
    const QList<QStringList> records = parseCsv(readAll(first));
    QCOMPARE(records.size(), hostile.size() + 1);
    QCOMPARE(records.at(0), (QStringList {u"id"_s, u"name"_s, u"age"_s, u"posts"_s}));
    for (qsizetype i = 0; i < hostile.size(); ++i) {
        const QStringList &record = records.at(i + 1);
        // The names are trimmed on import; none of these has spaces at its ends.
        QCOMPARE(record.at(1), hostile.at(i));
        QCOMPARE(record.at(2), i % 3 == 0 ? QString() : QString::number(20 + i));
        const QJsonArray titles = QJsonDocument::fromJson(record.at(3).toUtf8()).array();
        QCOMPARE(titles.at(0).toString(), hostile.at(i));
        QCOMPARE(titles.at(1).toString(), hostile.at((i + 1) % hostile.size()));
        QCOMPARE(titles.size(), i == 0 ? 3 : 2);
        if (i == 0)
            QVERIFY(titles.at(2).isNull());
    }

    // JSON says the same, escaped as JSON escapes.
    const QJsonArray json
            = QJsonDocument::fromJson(exported(engine, quarry::ExportFormat::Json)).array();
    QCOMPARE(json.size(), hostile.size());
    for (qsizetype i = 0; i < hostile.size(); ++i) {
        const QJsonObject user = json.at(i).toObject();
        QCOMPARE(user.value(u"name"_s).toString(), hostile.at(i));
        const QJsonArray posts = user.value(u"posts"_s).toArray();
        QCOMPARE(posts.at(0).toObject().value(u"title"_s).toString(), hostile.at(i));
        if (i == 0)
            QVERIFY(posts.at(2).toObject().value(u"title"_s).isNull());
    }

    // The export imports back, ids and posts included, into an empty database, and exports the
    // very same bytes again.
    auto empty = quarry::test::engineWithFreshTables(quarry::Base);
    QCOMPARE(await(quarry::importUsersCsv(empty, first)), qint64(hostile.size()));
    const QString second = dir.filePath(u"second.csv"_s);
    await(quarry::exportUsers(empty, quarry::ExportFormat::Csv, second));
    QCOMPARE(readAll(second), readAll(first));
    // And the users table is still there, whatever the names said.
    QCOMPARE(countOf(empty, u"users"_s), qint64(hostile.size()));
}

void tst_DataTransfer::importTrimsAndAcceptsNull()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    // Columns in any order and any case, a BOM, CRLF, blank rows, spaces around values.
    QByteArray csv
            = "\xef\xbb\xbf Age ,NAME\r\n  42 ,  Смитти  \r\n,Ada\r\n\r\n,,\r\n0,\"  Baby \"\r\n"_ba;
    QBuffer buffer(&csv);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QCOMPARE(await(quarry::importUsersCsv(engine, &buffer)), qint64(3));
    const QList<QStringList> records = parseCsv(exported(engine, quarry::ExportFormat::Csv)).mid(1);
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).mid(1, 2), (QStringList {u"Смитти"_s, u"42"_s}));
    QCOMPARE(records.at(1).mid(1, 2), (QStringList {u"Ada"_s, QString()}));
    QCOMPARE(records.at(2).mid(1, 2), (QStringList {u"Baby"_s, u"0"_s}));
    const int nullAges = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT COUNT(*) FROM users WHERE age IS NULL"_s).scalarOne().toInt();
    }));
    QCOMPARE(nullAges, 1);
}

void tst_DataTransfer::importErrors_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<qint64>("row");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("mentions");

    struct Case
    {
        const char *name;
        QByteArray csv;
        qint64 row;
        QString column;
        QString mentions;
    };
    const QList<Case> cases = {
            {"age not a number", "name,age\nA,1\nB,2\nC,3\nD,4\nE,5\nF,abc\nG,7\n"_ba, 7, u"age"_s,
             u"'abc'"_s},
            {"age a fraction", "name,age\nA,1.5\n"_ba, 2, u"age"_s, u"'1.5'"_s},
            {"age too high", "name,age\nA,20\nB,151\n"_ba, 3, u"age"_s, u"'151'"_s},
            {"age negative", "name,age\nA,-1\n"_ba, 2, u"age"_s, u"'-1'"_s},
            {"name missing", "name,age\nA,1\n  ,2\n"_ba, 3, u"name"_s, QString()},
            {"row after a quoted newline", "name,age\n\"two\nlines\",1\nB,x\n"_ba, 3, u"age"_s,
             u"'x'"_s},
            {"unknown column", "name,age,email\nA,1,a@b\n"_ba, 1, u"email"_s, u"unknown column"_s},
            {"column twice", "name,age,Name\n"_ba, 1, u"name"_s, u"twice"_s},
            {"age column missing", "name\nA\n"_ba, 1, QString(), u"age"_s},
            {"too many values", "name,age\nA,1\nB,2,3\n"_ba, 3, QString(), u"3"_s},
            {"too few values", "name,age\nA\n"_ba, 2, QString(), u"1"_s},
            {"quote not closed", "name,age\nA,1\n\"B,2\nC,3\n"_ba, 3, QString(), u"quote"_s},
            {"text after a quote", "name,age\n\"A\"x,1\n"_ba, 2, u"name"_s, u"quote"_s},
            {"not utf-8", "name,age\nA,1\nB\xff\xfe,2\n"_ba, 3, u"name"_s, u"UTF-8"_s},
            {"id not a number", "id,name,age\nx,A,1\n"_ba, 2, u"id"_s, u"'x'"_s},
            {"id zero", "id,name,age\n0,A,1\n"_ba, 2, u"id"_s, u"'0'"_s},
            {"id twice in the file", "id,name,age\n7,A,1\n8,B,2\n7,C,3\n"_ba, 4, u"id"_s,
             u"row 2"_s},
            {"posts not json", "name,age,posts\nA,1,first post\n"_ba, 2, u"posts"_s,
             u"'first post'"_s},
            {"posts not titles", "name,age,posts\nA,1,\"[1,2]\"\n"_ba, 2, u"posts"_s, u"'[1,2]'"_s},
            {"empty file", ""_ba, 0, QString(), u"empty"_s},
    };
    for (const QString &backend : quarry::test::backendNames())
        for (const Case &c : cases)
            QTest::addRow("%s: %s", qPrintable(backend), c.name)
                    << backend << c.csv << c.row << c.column << c.mentions;
}

void tst_DataTransfer::importErrors()
{
    QFETCH(QByteArray, csv);
    QFETCH(qint64, row);
    QFETCH(QString, column);
    QFETCH(QString, mentions);
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO users (name, age) VALUES ('Existing', 50)"_s);
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('kept', 1)"_s);
    }));
    const QByteArray before = exported(engine, quarry::ExportFormat::Json);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"bad.csv"_s);
    QVERIFY(writeAll(path, csv));
    try {
        await(quarry::importUsersCsv(engine, path));
        QFAIL("the import succeeded");
    } catch (const quarry::ImportError &error) {
        QCOMPARE(error.row(), row);
        QCOMPARE(error.column(), column);
        QVERIFY2(error.problem().contains(mentions), qPrintable(error.message()));
        // The message says where, as a spreadsheet would.
        if (row > 0)
            QVERIFY2(error.message().startsWith(
                             column.isEmpty() ? u"row %1: "_s.arg(row)
                                              : u"row %1, column %2: "_s.arg(row).arg(column)),
                     qPrintable(error.message()));
    }
    // Nothing was written, not even the rows before the bad one.
    QCOMPARE(exported(engine, quarry::ExportFormat::Json), before);
}

void tst_DataTransfer::duplicateIdRollsBack()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO users (id, name) VALUES (5, 'Five')"_s);
    }));
    const QByteArray before = exported(engine, quarry::ExportFormat::Json);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"dup.csv"_s);

    // An id the database has already: said by row, before anything is written.
    QVERIFY(writeAll(path, "id,name,age\n10,Ten,10\n5,Again,5\n"_ba));
    try {
        await(quarry::importUsersCsv(engine, path));
        QFAIL("the import succeeded");
    } catch (const quarry::ImportError &error) {
        QCOMPARE(error.row(), qint64(3));
        QCOMPARE(error.column(), u"id"_s);
        QVERIFY2(error.problem().contains(u"5"_s), qPrintable(error.message()));
    }
    QCOMPARE(exported(engine, quarry::ExportFormat::Json), before);

    // A row without an id, then a later row giving the key the database would have picked for
    // it (SQLite: the highest plus one; PostgreSQL: the sequence, which the explicit 5 did not
    // move): the rows with an id are written first, so both import (found by fuzzing).
    const qint64 next = engine->dialect() == orm::Dialect::SQLite ? 6 : 1;
    QVERIFY(writeAll(path, u"id,name,age\n,Auto,1\n%1,Explicit,2\n"_s.arg(next).toUtf8()));
    QCOMPARE(await(quarry::importUsersCsv(engine, path)), qint64(2));
    QCOMPARE(countOf(engine, u"users"_s), qint64(3));
    QCOMPARE(await(engine->runSync([](orm::Connection &c) {
                 return c.execute(u"SELECT id FROM users WHERE name = 'Explicit'"_s)
                         .scalarOne()
                         .toLongLong();
             })),
             next);
}

void tst_DataTransfer::importedIdsMoveTheSequence()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    QByteArray csv = "id,name,age\n100,Hundred,\n"_ba;
    QBuffer buffer(&csv);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QCOMPARE(await(quarry::importUsersCsv(engine, &buffer)), qint64(1));
    // A user added afterwards without an id gets a fresh one (PostgreSQL's sequence knows).
    QByteArray more = "name,age\nAfter,1\n"_ba;
    QBuffer moreBuffer(&more);
    QVERIFY(moreBuffer.open(QIODevice::ReadOnly));
    QCOMPARE(await(quarry::importUsersCsv(engine, &moreBuffer)), qint64(1));
    const qint64 id = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT id FROM users WHERE name = 'After'"_s).scalarOne().toLongLong();
    }));
    QVERIFY2(id > 100, qPrintable(QString::number(id)));

    // A smaller explicit id does not move it back: the next key is still a fresh one.
    QByteArray smaller = "id,name,age\n50,Fifty,\n"_ba;
    QBuffer smallerBuffer(&smaller);
    QVERIFY(smallerBuffer.open(QIODevice::ReadOnly));
    QCOMPARE(await(quarry::importUsersCsv(engine, &smallerBuffer)), qint64(1));
    QByteArray last = "name,age\nLast,1\n"_ba;
    QBuffer lastBuffer(&last);
    QVERIFY(lastBuffer.open(QIODevice::ReadOnly));
    QCOMPARE(await(quarry::importUsersCsv(engine, &lastBuffer)), qint64(1));
    const qint64 lastId = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"SELECT id FROM users WHERE name = 'Last'"_s).scalarOne().toLongLong();
    }));
    QVERIFY2(lastId > id, qPrintable(QString::number(lastId)));
}

void tst_DataTransfer::jsonShape()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    await(engine->runSync([](orm::Connection &c) {
        c.execute(u"INSERT INTO users (name, age) VALUES ('Смитти', 30), ('Ada', NULL)"_s);
        c.execute(u"INSERT INTO posts (title, user_id) VALUES ('second', 1), ('first', 1), "
                  u"('orphan', NULL)"_s);
    }));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"users.json"_s);
    QCOMPARE(await(quarry::exportUsers(engine, quarry::ExportFormat::Json, path)), qint64(2));
    const QByteArray text = readAll(path);
    // Keys in the seed's column order, one user per line.
    QVERIFY2(text.startsWith("[\n{\"id\":1,\"name\":\"Смитти\",\"age\":30,\"posts\":[{\"id\":1,"),
             text.constData());
    QCOMPARE(text.count('\n'), 4);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonArray users = document.array();
    QCOMPARE(users.size(), 2);
    const QJsonObject smitty = users.at(0).toObject();
    QCOMPARE(smitty.keys(), (QStringList {u"age"_s, u"id"_s, u"name"_s, u"posts"_s}));
    QCOMPARE(smitty.value(u"name"_s).toString(), u"Смитти"_s);
    QCOMPARE(smitty.value(u"age"_s).toInt(), 30);
    const QJsonArray posts = smitty.value(u"posts"_s).toArray();
    QCOMPARE(posts.size(), 2);
    // By id, whatever order the database found them in.
    for (int i = 0; i < 2; ++i) {
        const QJsonObject post = posts.at(i).toObject();
        QCOMPARE(post.keys(), (QStringList {u"id"_s, u"title"_s, u"user_id"_s}));
        QCOMPARE(post.value(u"id"_s).toInteger(), qint64(i + 1));
        QCOMPARE(post.value(u"user_id"_s).toInteger(), qint64(1));
    }
    QCOMPARE(posts.at(0).toObject().value(u"title"_s).toString(), u"second"_s);
    const QJsonObject ada = users.at(1).toObject();
    QVERIFY(ada.value(u"age"_s).isNull());
    QCOMPARE(ada.value(u"posts"_s).toArray(), QJsonArray());

    // An empty database is an empty array.
    auto empty = quarry::test::engineWithFreshTables(quarry::Base);
    QCOMPARE(exported(empty, quarry::ExportFormat::Json), "[]\n"_ba);
    QCOMPARE(exported(empty, quarry::ExportFormat::Csv), "id,name,age,posts\r\n"_ba);
}

void tst_DataTransfer::failedExportLeavesFileAlone()
{
    // No tables: the export fails at its first query.
    auto engine = quarry::test::engineWithFreshTables(orm::MetaData());
    await(engine->runSync([](orm::Connection &c) { quarry::Base.dropAll(c); }));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"users.json"_s);
    QVERIFY(writeAll(path, "precious"_ba));
    QVERIFY_THROWS_EXCEPTION(orm::Error,
                             await(quarry::exportUsers(engine, quarry::ExportFormat::Json, path)));
    QCOMPARE(readAll(path), "precious"_ba);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"users.json"_s});

    // A folder that is not there: a TransferError naming the file.
    auto withTables = quarry::test::engineWithFreshTables(quarry::Base);
    const QString nowhere = dir.filePath(u"missing/users.csv"_s);
    try {
        await(quarry::exportUsers(withTables, quarry::ExportFormat::Csv, nowhere));
        QFAIL("the export succeeded");
    } catch (const quarry::TransferError &error) {
        QVERIFY2(error.message().contains(nowhere), qPrintable(error.message()));
    }
}

void tst_DataTransfer::demoData()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    // More than two export pages, so the keyset pagination is crossed.
    constexpr qint64 users = 2500;
    QCOMPARE(await(quarry::generateDemoData(engine, users, 7), 60'000), users);
    QCOMPARE(countOf(engine, u"users"_s), users);
    const qint64 posts = countOf(engine, u"posts"_s);
    QVERIFY2(posts > users && posts < 4 * users, qPrintable(QString::number(posts)));

    const QByteArray json = exported(engine, quarry::ExportFormat::Json);
    const QJsonArray all = QJsonDocument::fromJson(json).array();
    QCOMPARE(qint64(all.size()), users);
    qint64 unknownAges = 0, russian = 0, lastId = 0;
    for (const QJsonValue &value : all) {
        const QJsonObject user = value.toObject();
        QVERIFY(user.value(u"id"_s).toInteger() > lastId); // ordered, each once
        lastId = user.value(u"id"_s).toInteger();
        const QString name = user.value(u"name"_s).toString();
        QVERIFY2(name.count(u' ') == 1, qPrintable(name));
        if (name.front().script() == QChar::Script_Cyrillic)
            ++russian;
        if (user.value(u"age"_s).isNull())
            ++unknownAges;
        else
            QVERIFY(user.value(u"age"_s).toInt() >= 18 && user.value(u"age"_s).toInt() <= 90);
        const QJsonArray userPosts = user.value(u"posts"_s).toArray();
        QVERIFY(userPosts.size() <= 5);
        for (const QJsonValue &post : userPosts)
            QCOMPARE(post.toObject().value(u"user_id"_s).toInteger(), lastId);
    }
    QVERIFY2(unknownAges > users / 20 && unknownAges < users / 6,
             qPrintable(QString::number(unknownAges)));
    QVERIFY2(russian > users / 3 && russian < 2 * users / 3, qPrintable(QString::number(russian)));

    // The same seed, the same people (ids included: the tables are new); another seed, others.
    auto again = quarry::test::engineWithFreshTables(quarry::Base);
    QCOMPARE(await(quarry::generateDemoData(again, users, 7), 60'000), users);
    QCOMPARE(exported(again, quarry::ExportFormat::Json), json);
    auto other = quarry::test::engineWithFreshTables(quarry::Base);
    QCOMPARE(await(quarry::generateDemoData(other, users, 8), 60'000), users);
    QVERIFY(exported(other, quarry::ExportFormat::Json) != json);

    // More sample users go after the ones there.
    QCOMPARE(await(quarry::generateDemoData(other, 10)), qint64(10));
    QCOMPARE(countOf(other, u"users"_s), users + 10);
}

void tst_DataTransfer::demoDataCreatesSchema()
{
    auto engine = orm::createAsyncEngine(quarry::test::freshSqliteUrl());
    QCOMPARE(await(quarry::generateDemoData(engine, 0)), qint64(0));
    QCOMPARE(countOf(engine, u"users"_s), qint64(0));
    QCOMPARE(await(quarry::generateDemoData(engine, 3)), qint64(3));
    QCOMPARE(countOf(engine, u"users"_s), qint64(3));
}

void tst_DataTransfer::cancelRollsBack()
{
    auto engine = quarry::test::engineWithFreshTables(quarry::Base);
    QFuture<qint64> future = quarry::generateDemoData(engine, 1'000'000);
    // Canceled once the first chunk is in: the rows flushed so far are rolled back.
    QFutureWatcher<qint64> watcher;
    connect(&watcher, &QFutureWatcherBase::progressValueChanged, &watcher, [&](int value) {
        if (value > 0)
            future.cancel();
    });
    watcher.setFuture(future);
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 60'000);
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QCOMPARE(countOf(engine, u"users"_s), qint64(0));
    QCOMPARE(countOf(engine, u"posts"_s), qint64(0));
}

QTEST_GUILESS_MAIN(tst_DataTransfer)
#include "tst_datatransfer.moc"
