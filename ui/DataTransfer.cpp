#include "DataTransfer.h"

#include "BulkInsert.h"
#include "Csv.h"
#include "Models.h"
#include "Schema.h"
#include "SessionJob.h"
#include "UserValidation.h"

#include <orm/session/ToDict.h>

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Users per page of an export, and rows per flush of an import: a few round trips per
// thousand users, and never more than a page's objects in memory.
constexpr qint64 exportPageSize = 1000;
constexpr qint64 importChunkSize = 5000;

// The context of this file's messages, for Qt Linguist.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(quarry::DataTransfer)
};

int clampedProgress(qint64 value)
{
    return int(std::clamp<qint64>(value, 0, std::numeric_limits<int>::max()));
}

// ---- export -------------------------------------------------------------------------------

// One JSON value as text. QJsonDocument writes only arrays and objects, so the value goes in a
// one-element array whose brackets are cut off.
QByteArray jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// Appends a value as JSON text. Strings, whole numbers and null are written here: through
// jsonText() they made a million-user export three times slower.
void appendJson(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        out += "null";
        return;
    case QJsonValue::String: {
        const QString text = value.toString();
        out += '"';
        for (const QChar *at = text.cbegin(); at != text.cend();) {
            const char16_t u = at->unicode();
            if (u >= 0x80) {
                // A run of non-ASCII characters at once, so that surrogate pairs stay pairs.
                const QChar *run = at;
                while (at != text.cend() && at->unicode() >= 0x80)
                    ++at;
                out += QStringView(run, at).toUtf8();
                continue;
            }
            ++at;
            if (u == u'"' || u == u'\\') {
                out += '\\';
                out += char(u);
            } else if (u == u'\n') {
                out += "\\n";
            } else if (u == u'\r') {
                out += "\\r";
            } else if (u == u'\t') {
                out += "\\t";
            } else if (u < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += char(u);
            }
        }
        out += '"';
        return;
    }
    case QJsonValue::Double:
        if (const qint64 whole = value.toInteger(std::numeric_limits<qint64>::min());
            whole != std::numeric_limits<qint64>::min()) {
            out += QByteArray::number(whole);
            return;
        }
        break;
    default:
        break;
    }
    out += jsonText(value);
}

// An object's toJson() with its keys in column order, as the seed's to_dict() and json.dumps()
// write them ("id" first), rather than QJsonObject's alphabetical order.
template<orm::Mapped T>
void appendJsonInColumnOrder(QByteArray &out, const T &object, const QByteArray &extra = {})
{
    static const QList<std::pair<QString, QByteArray>> keys = [] {
        QList<std::pair<QString, QByteArray>> keys;
        for (const orm::ColumnInfo &column : orm::modelInfo<T>().columns)
            keys.append({column.name, jsonText(column.name) + ':'});
        return keys;
    }();
    const QJsonObject json = orm::toJson(object);
    out += '{';
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i > 0)
            out += ',';
        out += keys.at(i).second;
        appendJson(out, json.value(keys.at(i).first));
    }
    out += extra;
    out += '}';
}

QList<std::shared_ptr<Post>> postsById(const User &user)
{
    // selectinLoad() gives them in the database's order; an export is better stable.
    QList<std::shared_ptr<Post>> posts = user.posts.all();
    std::sort(posts.begin(), posts.end(),
              [](const auto &a, const auto &b) { return a->id < b->id; });
    return posts;
}

void appendUserJson(QByteArray &out, const User &user)
{
    QByteArray posts = ",\"posts\":[";
    bool first = true;
    for (const std::shared_ptr<Post> &post : postsById(user)) {
        if (!std::exchange(first, false))
            posts += ',';
        appendJsonInColumnOrder(posts, *post);
    }
    posts += ']';
    appendJsonInColumnOrder(out, user, posts);
}

QByteArray userCsv(const User &user)
{
    QJsonArray titles;
    for (const std::shared_ptr<Post> &post : postsById(user))
        titles.append(post->title.isNull() ? QJsonValue() : QJsonValue(post->title));
    const QString posts = titles.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(titles).toJson(QJsonDocument::Compact));
    return csvRecord({QString::number(user.id), user.name,
                      user.age ? QString::number(*user.age) : QString(), posts})
            .toUtf8();
}

void write(QIODevice *device, const QByteArray &bytes)
{
    if (device->write(bytes) != bytes.size())
        throw TransferError(Text::tr("Cannot write the export: %1").arg(device->errorString()));
}

qint64 exportTo(orm::Session &s, QFutureInterface<qint64> &promise, ExportFormat format,
                QIODevice *device)
{
    if (s.dialect() == orm::Dialect::PostgreSQL) {
        // One snapshot for all pages, so that users changed meanwhile are written as they were
        // when the export began. (SQLite's pages may see changes committed between them.)
        s.execute(orm::text(u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"_s));
    }
    const qint64 total = s.execute(orm::select(orm::count()).selectFrom<User>()).scalarOne();
    promise.setProgressRange(0, clampedProgress(total));

    write(device,
          format == ExportFormat::Json
                  ? QByteArray("[")
                  : csvRecord({u"id"_s, u"name"_s, u"age"_s, u"posts"_s}).toUtf8());
    qint64 written = 0;
    std::optional<qint64> last;
    for (;;) {
        detail::throwIfCanceled(promise);
        // Keyset pagination: each page starts after the last id of the one before, so a page
        // deep into a million users costs what the first one does (no OFFSET).
        auto statement = orm::select<User>()
                                 .orderBy(Users::id.asc())
                                 .limit(exportPageSize)
                                 .options(orm::selectinLoad(&User::posts));
        if (last)
            statement = statement.where(Users::id > *last);
        QList<std::shared_ptr<User>> page = s.execute(statement).scalars().all();
        QByteArray bytes;
        for (const std::shared_ptr<User> &user : std::as_const(page)) {
            if (format == ExportFormat::Json) {
                bytes += written > 0 ? ",\n" : "\n";
                appendUserJson(bytes, *user);
            } else {
                bytes += userCsv(*user);
            }
            ++written;
        }
        write(device, bytes);
        promise.setProgressValue(clampedProgress(written));
        if (page.size() < exportPageSize)
            break;
        last = page.last()->id;
        // What was written is let go of, so that the session never holds more than a page.
        for (const std::shared_ptr<User> &user : std::as_const(page)) {
            for (const std::shared_ptr<Post> &post : user->posts)
                s.expunge(post);
            s.expunge(user);
        }
    }
    if (format == ExportFormat::Json)
        write(device, written > 0 ? "\n]\n" : "]\n");
    s.commit(); // ends the read transaction
    return written;
}

// ---- import -------------------------------------------------------------------------------

// A value from the file as a message quotes it: cut short when long, on one line.
QString quoted(const QString &value)
{
    constexpr qsizetype limit = 40;
    QString shown = value.size() > limit ? value.left(limit) + u"…"_s : value;
    shown.replace(u'\n', u' ').replace(u'\r', u' ');
    return u"'"_s + shown + u"'"_s;
}

enum class Field { Id, Name, Age, Posts };

struct Columns
{
    // Where each known column is in the file's rows; -1 when it is not there.
    qsizetype at[4] = {-1, -1, -1, -1};
    qsizetype count = 0;

    qsizetype of(Field field) const { return at[int(field)]; }
};

Columns readHeader(const QStringList &header)
{
    static const QStringList names = {u"id"_s, u"name"_s, u"age"_s, u"posts"_s};
    Columns columns;
    columns.count = header.size();
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed().toLower();
        const qsizetype known = names.indexOf(name);
        if (known < 0)
            throw ImportError(
                    1, header.at(i).trimmed(),
                    Text::tr("unknown column (the columns are name, age, and optionally id "
                             "and posts)"));
        if (columns.at[known] >= 0)
            throw ImportError(1, name, Text::tr("the column appears twice"));
        columns.at[known] = i;
    }
    for (const Field required : {Field::Name, Field::Age})
        if (columns.of(required) < 0)
            throw ImportError(1, QString(),
                              Text::tr("the first row must name the columns, and the column %1 is "
                                       "missing")
                                      .arg(names.at(int(required))));
    return columns;
}

struct ImportRow
{
    qint64 row;
    User user;
    QStringList titles; // of the user's posts
};

ImportRow readUser(const QStringList &fields, const Columns &columns, qint64 row)
{
    ImportRow result {row, {}, {}};
    User &user = result.user;

    // The same rules as the window's form and editors, and their sentences.
    const QString name = fields.at(columns.of(Field::Name));
    const QString age = fields.at(columns.of(Field::Age));
    const UserValidation valid = UserValidation::check(name, age);
    auto problem = [](const QString &value, const QString &sentence) {
        return value.trimmed().isEmpty()
                ? sentence
                : Text::tr("%1 is not accepted. %2").arg(quoted(value.trimmed()), sentence);
    };
    if (!valid.nameError.isEmpty())
        throw ImportError(row, u"name"_s, problem(name, valid.nameError));
    if (!valid.ageError.isEmpty())
        throw ImportError(row, u"age"_s, problem(age, valid.ageError));
    user.name = valid.name;
    user.age = valid.age;

    if (const qsizetype at = columns.of(Field::Id); at >= 0) {
        const QString id = fields.at(at).trimmed();
        if (!id.isEmpty()) {
            bool ok = false;
            user.id = id.toLongLong(&ok);
            if (!ok || user.id <= 0)
                throw ImportError(
                        row, u"id"_s,
                        Text::tr("%1 is not an id (a whole number from 1 up)").arg(quoted(id)));
        }
    }

    if (const qsizetype at = columns.of(Field::Posts); at >= 0) {
        const QString posts = fields.at(at).trimmed();
        if (!posts.isEmpty()) {
            const QJsonDocument document = QJsonDocument::fromJson(posts.toUtf8());
            const QJsonArray titles = document.array();
            const bool valid = document.isArray()
                    && std::all_of(titles.begin(), titles.end(), [](const QJsonValue &title) {
                                   return title.isString() || title.isNull();
                               });
            if (!valid)
                throw ImportError(row, u"posts"_s,
                                  Text::tr("%1 is not a list of post titles, such as "
                                           "[\"First post\", \"Second post\"]")
                                          .arg(quoted(posts)));
            for (const QJsonValue &title : titles)
                result.titles.append(title.isNull() ? QString() : title.toString());
        }
    }
    return result;
}

class Importer
{
public:
    Importer(orm::Session &session, QFutureInterface<qint64> &promise, QIODevice *device)
        : m_session(session), m_promise(promise), m_device(device), m_reader(device)
    { }

    // Reads, checks and writes every row, then reports the count and commits (finishJob()).
    void run()
    {
        const bool sized = !m_device->isSequential() && m_device->size() > 0;
        if (sized)
            m_promise.setProgressRange(0, clampedProgress(m_device->size() / 1024));
        QStringList fields;
        if (!m_reader.readRecord(&fields))
            throw ImportError(0, QString(),
                              Text::tr("the file is empty; its first row must name the columns "
                                       "(name, age, and optionally id and posts)"));
        const Columns columns = readHeader(fields);
        QStringList names;
        for (const QString &name : std::as_const(fields))
            names.append(name.trimmed().toLower());
        m_reader.setColumnNames(names);

        // One transaction for the whole file, the tables included when they are missing. When
        // they are there, their indexes are left to the window: CREATE INDEX would lock the
        // posts against other writers until the import ends, even when the index exists.
        orm::Connection &connection = m_session.connection();
        connection.begin();
        if (!orm::MetaData::hasTable(connection, u"users"_s)
            || !orm::MetaData::hasTable(connection, u"posts"_s))
            prepareSchema(connection);
        QList<ImportRow> chunk;
        qint64 imported = 0;
        while (m_reader.readRecord(&fields)) {
            // Blank rows (",,," from a spreadsheet) are no users.
            if (std::all_of(fields.cbegin(), fields.cend(),
                            [](const QString &field) { return field.trimmed().isEmpty(); }))
                continue;
            if (fields.size() != columns.count)
                throw ImportError(m_reader.row(), QString(),
                                  Text::tr("%1 values, but the first row names %2 columns")
                                          .arg(QString::number(fields.size()),
                                               QString::number(columns.count)));
            chunk.append(readUser(fields, columns, m_reader.row()));
            if (chunk.size() == importChunkSize) {
                imported += write(std::exchange(chunk, {}));
                if (sized)
                    m_promise.setProgressValue(clampedProgress(m_device->pos() / 1024));
            }
        }
        imported += write(std::exchange(chunk, {}));
        detail::finishJob(m_promise, imported, [this] { m_session.commit(); });
    }

private:
    qint64 write(QList<ImportRow> rows)
    {
        detail::throwIfCanceled(m_promise);
        QList<qint64> ids;
        for (const ImportRow &row : std::as_const(rows)) {
            if (row.user.id == 0)
                continue;
            if (const qint64 before = m_rowOfId.value(row.user.id); before > 0)
                throw ImportError(
                        row.row, u"id"_s,
                        Text::tr("the id %1 is also on row %2")
                                .arg(QString::number(row.user.id), QString::number(before)));
            m_rowOfId.insert(row.user.id, row.row);
            ids.append(row.user.id);
        }
        if (!ids.isEmpty()) {
            // Said by row here; the database would only say that some key was taken.
            const QList<qint64> taken
                    = m_session.execute(orm::select(Users::id).where(Users::id.in(ids)))
                              .scalars()
                              .all();
            if (!taken.isEmpty()) {
                const qint64 id
                        = *std::min_element(taken.begin(), taken.end(), [&](qint64 a, qint64 b) {
                              return m_rowOfId.value(a) < m_rowOfId.value(b);
                          });
                throw ImportError(m_rowOfId.value(id), u"id"_s,
                                  Text::tr("a user with the id %1 is already in the database")
                                          .arg(QString::number(id)));
            }
        }
        // The users with an id first, so that the ids the database picks for the others come
        // after them: picked first, one could be the id a later row gives, and that row would
        // fail with an IntegrityError instead of importing.
        const auto withoutId = std::stable_partition(
                rows.begin(), rows.end(), [](const ImportRow &row) { return row.user.id != 0; });
        add(rows.begin(), withoutId);
        if (!ids.isEmpty() && m_session.dialect() == orm::Dialect::PostgreSQL) {
            // A SERIAL column's sequence does not see keys given explicitly: move it past them,
            // or the next user added without an id would collide with one imported here. Only
            // forward: keys handed out before stay handed out.
            m_session.execute(orm::text(
                    u"SELECT setval(s.sequence, m.id) "
                    u"FROM (SELECT pg_get_serial_sequence('users', 'id')::regclass AS sequence) s, "
                    u"(SELECT MAX(id) AS id FROM users) m "
                    u"WHERE m.id > COALESCE(pg_sequence_last_value(s.sequence), 0)"_s));
        }
        add(withoutId, rows.end());
        return rows.size();
    }

    void add(QList<ImportRow>::iterator begin, QList<ImportRow>::iterator end)
    {
        QList<User> users;
        QList<QStringList> titles;
        users.reserve(end - begin);
        titles.reserve(end - begin);
        for (auto row = begin; row != end; ++row) {
            users.append(std::move(row->user));
            titles.append(std::move(row->titles));
        }
        if (!users.isEmpty())
            detail::addUsersWithPosts(m_session, std::move(users), titles);
    }

    orm::Session &m_session;
    QFutureInterface<qint64> &m_promise;
    QIODevice *m_device;
    CsvReader m_reader;
    QHash<qint64, qint64> m_rowOfId; // id → the row that gave it
};

} // namespace

QFuture<qint64> exportUsers(std::shared_ptr<orm::AsyncEngine> engine, ExportFormat format,
                            const QString &filePath)
{
    return detail::runSessionJob(
            std::move(engine),
            [format, filePath](orm::Session &s, QFutureInterface<qint64> &promise) {
                // Written to a temporary file next to the target, renamed over it at the end:
                // a failed or canceled export leaves the target as it was.
                QSaveFile file(filePath);
                if (!file.open(QIODevice::WriteOnly))
                    throw TransferError(
                            Text::tr("Cannot write %1: %2").arg(filePath, file.errorString()));
                const qint64 written = exportTo(s, promise, format, &file);
                detail::finishJob(promise, written, [&] {
                    if (!file.commit())
                        throw TransferError(
                                Text::tr("Cannot write %1: %2").arg(filePath, file.errorString()));
                });
            });
}

QFuture<qint64> exportUsers(std::shared_ptr<orm::AsyncEngine> engine, ExportFormat format,
                            QIODevice *device)
{
    return detail::runSessionJob(
            std::move(engine),
            [format, device](orm::Session &s, QFutureInterface<qint64> &promise) {
                // What was written to the device stays there: there is nothing to commit.
                detail::finishJob(promise, exportTo(s, promise, format, device), [] {});
            });
}

QFuture<qint64> importUsersCsv(std::shared_ptr<orm::AsyncEngine> engine, const QString &filePath)
{
    return detail::runSessionJob(
            std::move(engine), [filePath](orm::Session &s, QFutureInterface<qint64> &promise) {
                QFile file(filePath);
                if (!file.open(QIODevice::ReadOnly))
                    throw TransferError(
                            Text::tr("Cannot read %1: %2").arg(filePath, file.errorString()));
                Importer(s, promise, &file).run();
            });
}

QFuture<qint64> importUsersCsv(std::shared_ptr<orm::AsyncEngine> engine, QIODevice *device)
{
    return detail::runSessionJob(std::move(engine),
                                 [device](orm::Session &s, QFutureInterface<qint64> &promise) {
                                     Importer(s, promise, device).run();
                                 });
}

} // namespace quarry
