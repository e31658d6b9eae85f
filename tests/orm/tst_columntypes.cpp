// Every supported column type, on SQLite and PostgreSQL: the DDL it makes, values that come back
// identical (edge values included), NULL kept apart from 0 and "", and dirty tracking that
// UPDATEs exactly the changed column.
#include "support/TestBackends.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <orm/session/MetaData.h>
#include <orm/session/Session.h>

#include <QJsonArray>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace Qt::StringLiterals;
using quarry::test::await;

namespace {

enum class Mood { Sad = -3, Calm = 0, Happy = 7 };

// One member of every type ColumnType knows.
struct Sample
{
    qint64 id = 0;
    qint16 small = 0;
    int regular = 0;
    qint64 big = 0;
    quint32 count = 0;
    bool flag = false;
    double ratio = 0;
    QString label;
    QByteArray payload;
    QDate day;
    QDateTime moment;
    QTime clock;
    QUuid token;
    QJsonObject doc;
    Mood mood = Mood::Calm;
    std::optional<int> maybeInt;
    std::optional<qint64> maybeBig;
    std::optional<bool> maybeFlag;
    std::optional<double> maybeRatio;
    std::optional<QString> maybeLabel;
    std::optional<QDateTime> maybeMoment;
    std::optional<Mood> maybeMood;
};

} // namespace

template<> struct orm::Model<Sample>
{
    static constexpr const char *table = "samples";
    static constexpr orm::Column<&Sample::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&Sample::small> small {"small"};
    static constexpr orm::Column<&Sample::regular> regular {"regular"};
    static constexpr orm::Column<&Sample::big> big {"big"};
    static constexpr orm::Column<&Sample::count> count {"count"};
    static constexpr orm::Column<&Sample::flag> flag {"flag"};
    static constexpr orm::Column<&Sample::ratio> ratio {"ratio"};
    static constexpr orm::Column<&Sample::label> label {"label"};
    static constexpr orm::Column<&Sample::payload> payload {"payload"};
    static constexpr orm::Column<&Sample::day> day {"day"};
    static constexpr orm::Column<&Sample::moment> moment {"moment"};
    static constexpr orm::Column<&Sample::clock> clock {"clock"};
    static constexpr orm::Column<&Sample::token> token {"token"};
    static constexpr orm::Column<&Sample::doc> doc {"doc"};
    static constexpr orm::Column<&Sample::mood> mood {"mood"};
    static constexpr orm::Column<&Sample::maybeInt> maybeInt {"maybe_int"};
    static constexpr orm::Column<&Sample::maybeBig> maybeBig {"maybe_big"};
    static constexpr orm::Column<&Sample::maybeFlag> maybeFlag {"maybe_flag"};
    static constexpr orm::Column<&Sample::maybeRatio> maybeRatio {"maybe_ratio"};
    static constexpr orm::Column<&Sample::maybeLabel> maybeLabel {"maybe_label"};
    static constexpr orm::Column<&Sample::maybeMoment> maybeMoment {"maybe_moment"};
    static constexpr orm::Column<&Sample::maybeMood> maybeMood {"maybe_mood"};
    static constexpr auto columns
            = std::tuple(id, small, regular, big, count, flag, ratio, label, payload, day, moment,
                         clock, token, doc, mood, maybeInt, maybeBig, maybeFlag, maybeRatio,
                         maybeLabel, maybeMoment, maybeMood);
};

namespace {

using Samples = orm::Model<Sample>;

const orm::MetaData samples = orm::MetaData::of<Sample>();

// A JSON document column, which unlike QJsonObject can be NULL.
struct Setting
{
    qint64 id = 0;
    QJsonDocument value;
};

} // namespace

template<> struct orm::Model<Setting>
{
    static constexpr const char *table = "settings";
    static constexpr orm::Column<&Setting::id> id {"id", {.primaryKey = true}};
    static constexpr orm::Column<&Setting::value> value {"value"};
    static constexpr auto columns = std::tuple(id, value);
};

namespace {

const orm::MetaData settings = orm::MetaData::of<Setting>();

QDateTime utc(int year, int month, int day, int h, int m, int s, int ms)
{
    return QDateTime(QDate(year, month, day), QTime(h, m, s, ms), Qt::UTC);
}

QByteArray everyByte()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

Sample typical()
{
    return {.small = 12,
            .regular = 42,
            .big = 1'234'567'890'123,
            .count = 7,
            .flag = true,
            .ratio = 3.25,
            .label = u"Смитти 🦀"_s,
            .payload = QByteArray("a\0b\xff", 4),
            .day = QDate(2024, 2, 29),
            .moment = utc(2024, 2, 29, 13, 14, 15, 678),
            .clock = QTime(23, 59, 58, 123),
            .token = QUuid(u"{67c8770b-44f1-410a-ab9a-f9b5446f13ee}"_s),
            .doc = QJsonObject {{u"name"_s, u"Смитти 🦀"_s},
                                {u"n"_s, 42},
                                {u"list"_s, QJsonArray {1, u"two"_s, QJsonValue(), true}},
                                {u"nested"_s, QJsonObject {{u"x"_s, 1.5}}}},
            .mood = Mood::Happy,
            .maybeInt = 5,
            .maybeBig = -9,
            // A false, a zero and an empty text inside an optional are values, not NULL.
            .maybeFlag = false,
            .maybeRatio = 0.0,
            .maybeLabel = u""_s,
            .maybeMoment = utc(1970, 1, 1, 0, 0, 0, 0),
            .maybeMood = Mood::Sad};
}

Sample maximum()
{
    return {.small = std::numeric_limits<qint16>::max(),
            .regular = std::numeric_limits<int>::max(),
            .big = std::numeric_limits<qint64>::max(),
            // INTEGER on both dialects: PostgreSQL's holds no more than INT32_MAX (see
            // unsignedAboveInt32).
            .count = quint32(std::numeric_limits<qint32>::max()),
            .flag = true,
            .ratio = std::numeric_limits<double>::max(),
            .label = QString(10'000, u'ж') + u"🦀"_s,
            .payload = everyByte(),
            .day = QDate(9999, 12, 31),
            .moment = utc(9999, 12, 31, 23, 59, 59, 999),
            .clock = QTime(23, 59, 59, 999),
            .token = QUuid(u"ffffffff-ffff-ffff-ffff-ffffffffffff"_s),
            .doc = QJsonObject {{u"big"_s, std::numeric_limits<qint64>::max() / 1024},
                                {u"quote\"and\\slash"_s, u"\n\t\u0001"_s}},
            .mood = Mood::Happy,
            .maybeInt = std::numeric_limits<int>::max(),
            .maybeBig = std::numeric_limits<qint64>::max(),
            .maybeFlag = true,
            .maybeRatio = std::numeric_limits<double>::min(), // the smallest normal double
            .maybeLabel = u"🦀"_s,
            .maybeMoment = utc(9999, 12, 31, 23, 59, 59, 999),
            .maybeMood = Mood::Happy};
}

Sample minimum()
{
    return {.small = std::numeric_limits<qint16>::min(),
            .regular = std::numeric_limits<int>::min(),
            .big = std::numeric_limits<qint64>::min(),
            .count = 0,
            .flag = false,
            .ratio = std::numeric_limits<double>::lowest(),
            .label = u"'; DROP TABLE samples; --"_s,
            .payload = QByteArray(3, '\0'),
            .day = QDate(1, 1, 1),
            .moment = utc(1, 1, 1, 0, 0, 0, 0),
            .clock = QTime(0, 0, 0, 0),
            .token = QUuid(u"00000000-0000-0000-0000-000000000001"_s),
            .doc = QJsonObject {{u"empty"_s, QJsonObject()}},
            .mood = Mood::Sad,
            .maybeInt = std::numeric_limits<int>::min(),
            .maybeBig = std::numeric_limits<qint64>::min(),
            .maybeFlag = false,
            .maybeRatio = -0.5,
            .maybeLabel = u"Смитти"_s,
            .maybeMoment = utc(1, 1, 1, 0, 0, 0, 0),
            .maybeMood = Mood::Calm};
}

// Zero and empty where a type has them: none of it is NULL.
Sample zeroAndEmpty()
{
    return {.label = u""_s,
            .payload = QByteArray(""),
            .day = QDate(2000, 1, 1),
            .moment = utc(2000, 1, 1, 0, 0, 0, 0),
            .clock = QTime(0, 0),
            .doc = QJsonObject(),
            .maybeInt = 0,
            .maybeBig = 0,
            .maybeFlag = false,
            .maybeRatio = 0.0,
            .maybeLabel = u""_s,
            .maybeMood = Mood::Calm};
}

// Every column that can hold NULL, NULL.
Sample nulls()
{
    return {};
}

// What PostgreSQL gives back for a stored QDateTime, as this test runs it (the client 5:30 east of
// UTC, the session in UTC; see main()). LIMITATION: the column is TIMESTAMP (WITHOUT TIME ZONE);
// Qt's QPSQL driver sends the instant converted to UTC, the server keeps the session time zone's
// wall clock, and Qt reads that wall clock back as Qt::LocalTime. So the instant survives only
// when the client's local zone is the session's TimeZone (both UTC on a typical CI machine), the
// time spec never does, and a value whose session-zone wall clock falls past the year 9999 comes
// back invalid. dateTimeKeepsItsInstant marks it as a known failure.
QDateTime postgresReadBack(const QDateTime &value)
{
    const QDateTime inUtc = value.toUTC();
    return QDateTime(inUtc.date(), inUtc.time(), Qt::LocalTime);
}

void compareMoments(const QDateTime &actual, const QDateTime &expected, orm::Dialect dialect)
{
    if (dialect == orm::Dialect::PostgreSQL && expected.isValid()) {
        QCOMPARE(actual, postgresReadBack(expected));
        QCOMPARE(actual.timeSpec(), Qt::LocalTime);
        return;
    }
    QCOMPARE(actual, expected);
    if (expected.isValid()) {
        QCOMPARE(actual.timeSpec(), expected.timeSpec());
        QCOMPARE(actual.offsetFromUtc(), expected.offsetFromUtc());
    }
}

bool exactlyEqual(double a, double b)
{
    return a == b && std::signbit(a) == std::signbit(b);
}

// Compares every member, exactly. QCOMPARE on doubles is fuzzy, QDateTime's == compares only the
// instant, and a null QString (or QByteArray) equals an empty one, so those get extra checks.
void compareSamples(const Sample &actual, const Sample &expected, orm::Dialect dialect)
{
    QCOMPARE(actual.small, expected.small);
    QCOMPARE(actual.regular, expected.regular);
    QCOMPARE(actual.big, expected.big);
    QCOMPARE(actual.count, expected.count);
    QCOMPARE(actual.flag, expected.flag);
    QVERIFY2(exactlyEqual(actual.ratio, expected.ratio),
             qPrintable(
                     u"%1 != %2"_s.arg(actual.ratio, 0, 'g', 17).arg(expected.ratio, 0, 'g', 17)));
    QCOMPARE(actual.label, expected.label);
    QCOMPARE(actual.label.isNull(), expected.label.isNull());
    QCOMPARE(actual.payload, expected.payload);
    // LIMITATION (SQLite): a zero-length BLOB comes back as a null QByteArray: Qt's driver builds
    // it from sqlite3_column_blob(), which is NULL for an empty BLOB. The column holds X'', not
    // NULL (nullsAreStored checks that); PostgreSQL gives an empty, non-null QByteArray.
    const bool emptyBlobReadAsNull = dialect == orm::Dialect::SQLite && expected.payload.isEmpty();
    QCOMPARE(actual.payload.isNull(), expected.payload.isNull() || emptyBlobReadAsNull);
    QCOMPARE(actual.day, expected.day);
    compareMoments(actual.moment, expected.moment, dialect);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(actual.clock, expected.clock);
    QCOMPARE(actual.token, expected.token);
    QCOMPARE(actual.doc, expected.doc);
    QCOMPARE(actual.mood, expected.mood);
    QCOMPARE(actual.maybeInt, expected.maybeInt);
    QCOMPARE(actual.maybeBig, expected.maybeBig);
    QCOMPARE(actual.maybeFlag, expected.maybeFlag);
    QCOMPARE(actual.maybeRatio.has_value(), expected.maybeRatio.has_value());
    if (expected.maybeRatio)
        QVERIFY(exactlyEqual(*actual.maybeRatio, *expected.maybeRatio));
    QCOMPARE(actual.maybeLabel.has_value(), expected.maybeLabel.has_value());
    if (expected.maybeLabel) {
        QCOMPARE(*actual.maybeLabel, *expected.maybeLabel);
        QCOMPARE(actual.maybeLabel->isNull(), expected.maybeLabel->isNull());
    }
    QCOMPARE(actual.maybeMoment.has_value(), expected.maybeMoment.has_value());
    if (expected.maybeMoment)
        compareMoments(*actual.maybeMoment, *expected.maybeMoment, dialect);
    QCOMPARE(actual.maybeMood, expected.maybeMood);
}

orm::Dialect currentDialect()
{
    return quarry::test::currentBackend().name == u"postgresql"_s ? orm::Dialect::PostgreSQL
                                                                  : orm::Dialect::SQLite;
}

qint64 store(orm::AsyncEngine &engine, const Sample &sample)
{
    return await(engine.runSync([&](orm::Connection &c) {
        orm::Session session(c);
        auto added = session.add(sample);
        session.commit();
        return added->id;
    }));
}

// Reads a row back in a fresh session, so nothing comes from an identity map.
Sample fetch(orm::AsyncEngine &engine, qint64 id)
{
    return await(engine.runSync([&](orm::Connection &c) {
        orm::Session session(c);
        const auto found = session.get<Sample>(id);
        if (!found)
            throw std::runtime_error("the stored sample is gone");
        return *found;
    }));
}

// The columns of the samples table whose SQL value is NULL in the row with this key.
QStringList nullColumns(orm::AsyncEngine &engine, qint64 id)
{
    return await(engine.runSync([&](orm::Connection &c) {
        QStringList columns;
        for (const orm::ColumnInfo &column : orm::modelInfo<Sample>().columns) {
            const QVariant isNull
                    = c.execute(u"SELECT %1 IS NULL FROM samples WHERE id = ?"_s.arg(column.name),
                                {id})
                              .scalarOne();
            if (isNull.toBool())
                columns << column.name;
        }
        return columns;
    }));
}

using Change = std::function<void(Sample &)>;

struct ColumnChange
{
    const char *column;
    Change change;
};

// A change of each column of typical(); applying one twice sets the same value again.
QList<ColumnChange> columnChanges()
{
    return {
            {"small",
             [](Sample &s) {
                 s.small = -7;
             }},
            {"regular",
             [](Sample &s) {
                 s.regular = 43;
             }},
            {"big",
             [](Sample &s) {
                 s.big = std::numeric_limits<qint64>::min();
             }},
            {"count",
             [](Sample &s) {
                 s.count = 8;
             }},
            {"flag",
             [](Sample &s) {
                 s.flag = false;
             }},
            // The next double after 3.25: no tolerance in the comparison.
            {"ratio",
             [](Sample &s) {
                 s.ratio = std::nextafter(3.25, 4.0);
             }},
            // Only the case of one letter differs.
            {"label",
             [](Sample &s) {
                 s.label = u"смитти 🦀"_s;
             }},
            // Differs only after the NUL byte.
            {"payload",
             [](Sample &s) {
                 s.payload = QByteArray("a\0b\xfe", 4);
             }},
            {"day",
             [](Sample &s) {
                 s.day = QDate(2024, 3, 1);
             }},
            {"moment",
             [](Sample &s) {
                 s.moment = utc(2024, 2, 29, 13, 14, 15, 679);
             }},
            {"clock",
             [](Sample &s) {
                 s.clock = QTime(23, 59, 58, 124);
             }},
            {"token",
             [](Sample &s) {
                 s.token = QUuid(u"{67c8770b-44f1-410a-ab9a-f9b5446f13ef}"_s);
             }},
            {"doc",
             [](Sample &s) {
                 QJsonObject nested = s.doc.value(u"nested"_s).toObject();
                 nested[u"x"_s] = 2.5;
                 s.doc[u"nested"_s] = nested;
             }},
            {"mood",
             [](Sample &s) {
                 s.mood = Mood::Sad;
             }},
            {"maybe_int",
             [](Sample &s) {
                 s.maybeInt = std::nullopt;
             }},
            {"maybe_big",
             [](Sample &s) {
                 s.maybeBig = -10;
             }},
            {"maybe_flag",
             [](Sample &s) {
                 s.maybeFlag = true;
             }},
            {"maybe_ratio",
             [](Sample &s) {
                 s.maybeRatio = 0.5;
             }},
            {"maybe_label",
             [](Sample &s) {
                 s.maybeLabel = u"Смитти"_s;
             }},
            {"maybe_moment",
             [](Sample &s) {
                 s.maybeMoment = utc(1970, 1, 1, 0, 0, 0, 1);
             }},
            {"maybe_mood",
             [](Sample &s) {
                 s.maybeMood = std::nullopt;
             }},
    };
}

} // namespace

class tst_ColumnTypes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonDocument_data() { quarry::test::addBackendRows(); }
    void jsonDocument();
    void goldenDdl_data();
    void goldenDdl();
    void roundTrip_data();
    void roundTrip();
    void nullsAreStored_data() { quarry::test::addBackendRows(); }
    void nullsAreStored();
    void nullsAreRead_data() { quarry::test::addBackendRows(); }
    void nullsAreRead();
    void dirtyTracking_data();
    void dirtyTracking();
    void nullVersusValue_data();
    void nullVersusValue();
    void dateTimeKeepsItsInstant_data();
    void dateTimeKeepsItsInstant();
    void nonFiniteDoubles_data() { quarry::test::addBackendRows(); }
    void nonFiniteDoubles();
    void unsignedAboveInt32_data() { quarry::test::addBackendRows(); }
    void unsignedAboveInt32();
};

void tst_ColumnTypes::initTestCase()
{
    // main() set these; a machine without POSIX TZ support would hide the time zone checks.
    QCOMPARE(QDateTime(QDate(2024, 6, 1), QTime(12, 0)).offsetFromUtc(), 5 * 3600 + 30 * 60);
}

void tst_ColumnTypes::goldenDdl_data()
{
    QTest::addColumn<orm::Dialect>("dialect");
    QTest::addColumn<QStringList>("expected");
    // Types as SQLAlchemy names them: SmallInteger, Integer, BigInteger, Boolean, Float, String,
    // LargeBinary (BLOB / BYTEA), Date, DateTime (DATETIME / TIMESTAMP; SQLAlchemy spells the
    // PostgreSQL one TIMESTAMP WITHOUT TIME ZONE, the same type), Time, Uuid (CHAR(32) / UUID),
    // JSON. An enum is stored as its underlying integer. Only the types that can say "null" are
    // nullable; the integer key is SQLite's rowid and PostgreSQL's BIGSERIAL.
    QTest::newRow("sqlite")
            << orm::Dialect::SQLite
            << QStringList {
                       u"\nCREATE TABLE samples (\n\tid INTEGER NOT NULL, \n\tsmall SMALLINT NOT NULL, \n\tregular INTEGER NOT NULL, \n\tbig BIGINT NOT NULL, \n\tcount BIGINT NOT NULL, \n\tflag BOOLEAN NOT NULL, \n\tratio FLOAT NOT NULL, \n\tlabel VARCHAR, \n\tpayload BLOB, \n\tday DATE, \n\tmoment DATETIME, \n\tclock TIME, \n\ttoken CHAR(32), \n\tdoc JSON, \n\tmood INTEGER NOT NULL, \n\tmaybe_int INTEGER, \n\tmaybe_big BIGINT, \n\tmaybe_flag BOOLEAN, \n\tmaybe_ratio FLOAT, \n\tmaybe_label VARCHAR, \n\tmaybe_moment DATETIME, \n\tmaybe_mood INTEGER, \n\tPRIMARY KEY (id)\n)\n\n"_s};
    QTest::newRow("postgresql")
            << orm::Dialect::PostgreSQL
            << QStringList {
                       u"\nCREATE TABLE samples (\n\tid BIGSERIAL NOT NULL, \n\tsmall SMALLINT NOT NULL, \n\tregular INTEGER NOT NULL, \n\tbig BIGINT NOT NULL, \n\tcount BIGINT NOT NULL, \n\tflag BOOLEAN NOT NULL, \n\tratio FLOAT NOT NULL, \n\tlabel VARCHAR, \n\tpayload BYTEA, \n\tday DATE, \n\tmoment TIMESTAMP, \n\tclock TIME, \n\ttoken UUID, \n\tdoc JSON, \n\tmood INTEGER NOT NULL, \n\tmaybe_int INTEGER, \n\tmaybe_big BIGINT, \n\tmaybe_flag BOOLEAN, \n\tmaybe_ratio FLOAT, \n\tmaybe_label VARCHAR, \n\tmaybe_moment TIMESTAMP, \n\tmaybe_mood INTEGER, \n\tPRIMARY KEY (id)\n)\n\n"_s};
}

void tst_ColumnTypes::goldenDdl()
{
    QFETCH(orm::Dialect, dialect);
    QTEST(samples.createStatements(dialect), "expected");
}

void tst_ColumnTypes::roundTrip_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<Sample>("sample");
    for (const QString &backend : quarry::test::backendNames()) {
        const auto row = [&](const char *name, const Sample &sample) {
            QTest::addRow("%s/%s", qPrintable(backend), name) << backend << sample;
        };
        row("typical", typical());
        row("maximum", maximum());
        row("minimum", minimum());
        row("zero and empty", zeroAndEmpty());
        row("nulls", nulls());
    }
}

void tst_ColumnTypes::roundTrip()
{
    QFETCH(Sample, sample);
    auto engine = quarry::test::engineWithFreshTables(samples);
    const qint64 id = store(*engine, sample);
    QVERIFY(id > 0);
    compareSamples(fetch(*engine, id), sample, currentDialect());
}

void tst_ColumnTypes::nullsAreStored()
{
    auto engine = quarry::test::engineWithFreshTables(samples);
    // What is NULL in SQL is exactly what says "null" in C++: a null QString, QByteArray, QDate,
    // QDateTime, QTime or QUuid, and nullopt. A QJsonObject is never NULL: an empty one is "{}".
    QCOMPARE(nullColumns(*engine, store(*engine, nulls())),
             (QStringList {u"label"_s, u"payload"_s, u"day"_s, u"moment"_s, u"clock"_s, u"token"_s,
                           u"maybe_int"_s, u"maybe_big"_s, u"maybe_flag"_s, u"maybe_ratio"_s,
                           u"maybe_label"_s, u"maybe_moment"_s, u"maybe_mood"_s}));
    // Zero, false, "" and empty bytes are values: none of them turns into NULL.
    const qint64 empty = store(*engine, zeroAndEmpty());
    QCOMPARE(nullColumns(*engine, empty),
             (QStringList {u"token"_s, u"maybe_moment"_s})); // the two left unset
    await(engine->runSync([&](orm::Connection &c) {
        const orm::Row row = c.execute(u"SELECT label = '', length(payload), doc, maybe_int, "
                                       u"maybe_ratio, maybe_label = '' FROM samples WHERE id = ?"_s,
                                       {empty})
                                     .one();
        QVERIFY(row.value(0).toBool());
        QCOMPARE(row.value(1).toInt(), 0);
        QCOMPARE(row.value(2).toString(), u"{}"_s);
        QCOMPARE(row.value(3).toInt(), 0);
        QCOMPARE(row.value(4).toDouble(), 0.0);
        QVERIFY(row.value(5).toBool());
    }));
}

void tst_ColumnTypes::nullsAreRead()
{
    auto engine = quarry::test::engineWithFreshTables(samples);
    // A row written by someone else, NULL wherever the table allows it.
    const qint64 id = await(engine->runSync([](orm::Connection &c) {
        return c.execute(u"INSERT INTO samples (small, regular, big, count, flag, ratio, mood) "
                         u"VALUES (0, 0, 0, 0, ?, 0, 0) RETURNING id"_s,
                         {false})
                .scalarOne()
                .toLongLong();
    }));
    const Sample read = fetch(*engine, id);
    QVERIFY(read.label.isNull());
    QVERIFY(read.payload.isNull());
    QVERIFY(read.day.isNull());
    QVERIFY(read.moment.isNull());
    QVERIFY(read.clock.isNull());
    QVERIFY(read.token.isNull());
    QVERIFY(read.doc.isEmpty());
    // Never 0, false, "" or a default enum: nullopt.
    QCOMPARE(read.maybeInt, std::nullopt);
    QCOMPARE(read.maybeBig, std::nullopt);
    QCOMPARE(read.maybeFlag, std::nullopt);
    QCOMPARE(read.maybeRatio, std::nullopt);
    QCOMPARE(read.maybeLabel, std::nullopt);
    QCOMPARE(read.maybeMoment, std::nullopt);
    QCOMPARE(read.maybeMood, std::nullopt);
    compareSamples(read, nulls(), currentDialect());
}

void tst_ColumnTypes::dirtyTracking_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("expired");
    QTest::addColumn<QString>("column");
    QTest::addColumn<Change>("change");
    for (const QString &backend : quarry::test::backendNames())
        for (const bool expired : {false, true})
            for (const ColumnChange &c : columnChanges())
                QTest::addRow("%s/%s/%s", qPrintable(backend), expired ? "expired" : "fresh",
                              c.column)
                        << backend << expired << QString::fromUtf8(c.column) << c.change;
}

void tst_ColumnTypes::dirtyTracking()
{
    QFETCH(bool, expired);
    QFETCH(QString, column);
    QFETCH(Change, change);
    QStringList writes;
    auto engine = quarry::test::engineWithFreshTables(samples);
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) {
                const QString verb = log.sql.trimmed().section(u' ', 0, 0).toUpper();
                if (verb == u"INSERT"_s || verb == u"UPDATE"_s || verb == u"DELETE"_s)
                    writes << log.sql;
            },
            Qt::DirectConnection);
    Sample expected = typical();
    change(expected);
    const qint64 id = await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        std::shared_ptr<Sample> sample;
        if (expired) {
            // Loaded again after commit() expired it: the values come from the row once more.
            sample = session.add(typical());
            session.commit();
            sample = session.execute(orm::select<Sample>()).scalarOne();
        } else {
            orm::Session writer(c);
            const auto written = writer.add(typical());
            writer.commit();
            sample = session.get<Sample>(written->id);
        }
        [&] {
            QVERIFY(sample);
            // Every member assigned a copy of its own value: nothing to write.
            *sample = Sample(*sample);
            QVERIFY(!session.isModified(sample));
            writes.clear();
            session.flush();
            QCOMPARE(writes, QStringList());

            change(*sample);
            QVERIFY(session.isModified(sample));
            session.flush();
            QCOMPARE(writes,
                     QStringList {u"UPDATE samples SET %1=? WHERE samples.id = ?"_s.arg(column)});

            // The same value again: nothing to write.
            writes.clear();
            change(*sample);
            QVERIFY(!session.isModified(sample));
            session.flush();
            QCOMPARE(writes, QStringList());
        }();
        session.commit();
        return sample->id;
    }));
    if (QTest::currentTestFailed())
        return;
    compareSamples(fetch(*engine, id), expected, currentDialect());
}

void tst_ColumnTypes::nullVersusValue_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("column");
    QTest::addColumn<Change>("before");
    QTest::addColumn<Change>("change");
    for (const QString &backend : quarry::test::backendNames()) {
        const auto row = [&](const char *name, const char *column, Change before, Change change) {
            QTest::addRow("%s/%s", qPrintable(backend), name)
                    << backend << QString::fromUtf8(column) << before << change;
        };
        // Control rows: a NULL against a value that is not its type's default is seen.
        row(
                "maybe_int 5 to NULL", "maybe_int", [](Sample &s) { s.maybeInt = 5; },
                [](Sample &s) { s.maybeInt = std::nullopt; });
        row(
                "label x to NULL", "label", [](Sample &s) { s.label = u"x"_s; },
                [](Sample &s) { s.label = QString(); });
        // A NULL against its type's default value (0, false, "", empty bytes) is a change too,
        // though QVariant's == alone calls a typed null equal to the default (orm::sameValue).
        row(
                "maybe_int 0 to NULL", "maybe_int", [](Sample &s) { s.maybeInt = 0; },
                [](Sample &s) { s.maybeInt = std::nullopt; });
        row(
                "maybe_int NULL to 0", "maybe_int", [](Sample &s) { s.maybeInt = std::nullopt; },
                [](Sample &s) { s.maybeInt = 0; });
        row(
                "maybe_flag false to NULL", "maybe_flag", [](Sample &s) { s.maybeFlag = false; },
                [](Sample &s) { s.maybeFlag = std::nullopt; });
        row(
                "maybe_ratio NULL to 0.0", "maybe_ratio",
                [](Sample &s) { s.maybeRatio = std::nullopt; },
                [](Sample &s) { s.maybeRatio = 0.0; });
        row(
                "maybe_mood Calm to NULL", "maybe_mood",
                [](Sample &s) { s.maybeMood = Mood::Calm; },
                [](Sample &s) { s.maybeMood = std::nullopt; });
        row(
                "maybe_label empty to NULL", "maybe_label", [](Sample &s) { s.maybeLabel = u""_s; },
                [](Sample &s) { s.maybeLabel = std::nullopt; });
        row(
                "label NULL to empty", "label", [](Sample &s) { s.label = QString(); },
                [](Sample &s) { s.label = u""_s; });
        row(
                "label empty to NULL", "label", [](Sample &s) { s.label = u""_s; },
                [](Sample &s) { s.label = QString(); });
        row(
                "payload NULL to empty", "payload", [](Sample &s) { s.payload = QByteArray(); },
                [](Sample &s) { s.payload = QByteArray(""); });
    }
}

void tst_ColumnTypes::nullVersusValue()
{
    QFETCH(QString, column);
    QFETCH(Change, before);
    QFETCH(Change, change);
    QStringList writes;
    auto engine = quarry::test::engineWithFreshTables(samples);
    connect(
            engine.get(), &orm::AsyncEngine::statementExecuted, this,
            [&](const orm::StatementLog &log) {
                if (log.sql.startsWith(u"UPDATE"_s))
                    writes << log.sql;
            },
            Qt::DirectConnection);
    Sample initial = typical();
    before(initial);
    const qint64 id = store(*engine, initial);
    await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        const auto sample = session.get<Sample>(id);
        change(*sample);
        session.commit();
    }));
    QCOMPARE(writes, QStringList {u"UPDATE samples SET %1=? WHERE samples.id = ?"_s.arg(column)});
    Sample expected = initial;
    change(expected);
    compareSamples(fetch(*engine, id), expected, currentDialect());
}

void tst_ColumnTypes::dateTimeKeepsItsInstant_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QDateTime>("moment");
    for (const QString &backend : quarry::test::backendNames()) {
        QTest::addRow("%s/utc", qPrintable(backend))
                << backend << utc(2024, 2, 29, 13, 14, 15, 678);
        QTest::addRow("%s/offset", qPrintable(backend))
                << backend
                << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 678), Qt::OffsetFromUTC,
                             -7 * 3600);
        QTest::addRow("%s/local", qPrintable(backend))
                << backend << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 678), Qt::LocalTime);
    }
}

void tst_ColumnTypes::dateTimeKeepsItsInstant()
{
    QFETCH(QDateTime, moment);
    auto engine = quarry::test::engineWithFreshTables(samples);
    Sample sample = typical();
    sample.moment = moment;
    const Sample back = fetch(*engine, store(*engine, sample));
    // SQLite stores ISO 8601 text with the offset ("2024-02-29T13:14:15.678Z", "...-07:00"), so
    // the instant and the time spec both come back.
    if (currentDialect() == orm::Dialect::PostgreSQL)
        QEXPECT_FAIL(QTest::currentDataTag(),
                     "TIMESTAMP WITHOUT TIME ZONE: PostgreSQL keeps the session zone's wall clock "
                     "and Qt reads it as local time (see postgresReadBack)",
                     Abort);
    QCOMPARE(back.moment, moment);
    QCOMPARE(back.moment.timeSpec(), moment.timeSpec());
    QCOMPARE(back.moment.offsetFromUtc(), moment.offsetFromUtc());
}

void tst_ColumnTypes::nonFiniteDoubles()
{
    const orm::Dialect dialect = currentDialect();
    auto engine = quarry::test::engineWithFreshTables(samples);
    // Infinities are values on both.
    Sample infinite = typical();
    infinite.ratio = std::numeric_limits<double>::infinity();
    infinite.maybeRatio = -std::numeric_limits<double>::infinity();
    compareSamples(fetch(*engine, store(*engine, infinite)), infinite, dialect);
    if (QTest::currentTestFailed())
        return;

    // NaN is where the two differ, so the round trip above leaves it out. SQLite turns a NaN
    // into NULL (sqlite3_bind_double() does), so a NaN in a NOT NULL column fails and one in an
    // optional column comes back as nullopt; PostgreSQL keeps it.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Sample required = typical();
    required.ratio = nan;
    Sample optional = typical();
    optional.maybeRatio = nan;
    if (dialect == orm::Dialect::SQLite) {
        QVERIFY_THROWS_EXCEPTION(orm::IntegrityError, store(*engine, required));
        const qint64 id = store(*engine, optional);
        QCOMPARE(nullColumns(*engine, id), QStringList {u"maybe_ratio"_s});
        QCOMPARE(fetch(*engine, id).maybeRatio, std::nullopt);
        return;
    }
    const qint64 requiredId = store(*engine, required);
    QVERIFY(std::isnan(fetch(*engine, requiredId).ratio));
    const Sample back = fetch(*engine, store(*engine, optional));
    QVERIFY(back.maybeRatio && std::isnan(*back.maybeRatio));

    // A loaded NaN is not a change.
    const bool modified = await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        return session.isModified(session.get<Sample>(requiredId));
    }));
    QVERIFY(!modified);
}

void tst_ColumnTypes::unsignedAboveInt32()
{
    auto engine = quarry::test::engineWithFreshTables(samples);
    Sample sample = typical();
    sample.count = std::numeric_limits<quint32>::max();
    QString error;
    quint32 back = 0;
    try {
        back = fetch(*engine, store(*engine, sample)).count;
    } catch (const orm::DatabaseError &e) {
        error = e.message();
    }
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back, std::numeric_limits<quint32>::max());
}

void tst_ColumnTypes::jsonDocument()
{
    auto engine = quarry::test::engineWithFreshTables(settings);
    const QJsonDocument list = QJsonDocument::fromJson(R"([1, "два", {"три": null}])");
    const auto ids = await(engine->runSync([&](orm::Connection &c) {
        orm::Session session(c);
        auto absent = session.add(Setting {});
        auto present = session.add(Setting {.value = list});
        session.commit();
        return std::pair(absent->id, present->id);
    }));
    await(engine->runSync([&](orm::Connection &c) {
        QVERIFY(c.execute(u"SELECT value FROM settings WHERE id = ?"_s, {ids.first})
                        .scalar()
                        .isNull());
        orm::Session session(c);
        QVERIFY(session.get<Setting>(ids.first)->value.isNull());
        QCOMPARE(session.get<Setting>(ids.second)->value, list);
    }));
}

int main(int argc, char *argv[])
{
    // The client runs 5:30 east of UTC (a POSIX zone: no tz database needed) and every
    // PostgreSQL session in UTC (libpq's PGTZ), whatever the machine and the server say, so time
    // zone mistakes show the same way everywhere instead of hiding on a UTC machine.
    qputenv("TZ", "IST-05:30");
    qputenv("PGTZ", "UTC");
    QCoreApplication app(argc, argv);
    tst_ColumnTypes test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_columntypes.moc"
