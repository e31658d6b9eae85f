#include "Url.h"

#include "Error.h"

#include <QStringList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace orm {

namespace {

// SQLAlchemy driver names that mean "this dialect" to us: the Qt driver does the talking.
const QStringList sqliteDrivers = {u"pysqlite"_s, u"aiosqlite"_s};
const QStringList postgresDrivers
        = {u"asyncpg"_s, u"psycopg2"_s, u"psycopg"_s, u"pg8000"_s, u"psycopg2cffi"_s};
// Options we understand; anything else is a typo we would rather report than ignore.
const QStringList sqliteOptions = {u"mode"_s};
const QStringList sqliteModes = {u"ro"_s, u"rw"_s, u"rwc"_s};
const QStringList postgresOptions
        = {u"sslmode"_s, u"connect_timeout"_s, u"application_name"_s, u"sslrootcert"_s,
           u"sslcert"_s, u"sslkey"_s,          u"options"_s,          u"target_session_attrs"_s};

[[noreturn]] void fail(const QString &text, const QString &why)
{
    // Never echo a password back: the message may be shown or logged.
    QString shown = text;
    const qsizetype scheme = shown.indexOf(u"://"_s);
    const qsizetype at = shown.lastIndexOf(u'@');
    if (scheme >= 0 && at > scheme) {
        const qsizetype colon = shown.indexOf(u':', scheme + 3);
        if (colon >= 0 && colon < at)
            shown.replace(colon + 1, at - colon - 1, u"***"_s);
    }
    throw ArgumentError(u"Invalid database URL '%1': %2"_s.arg(shown, why));
}

QMap<QString, QString> parseQuery(const QString &text, const QString &query, Dialect dialect)
{
    QMap<QString, QString> options;
    if (query.isEmpty())
        return options;
    const QStringList &known = dialect == Dialect::SQLite ? sqliteOptions : postgresOptions;
    for (const QString &pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0)
            fail(text, u"query option '%1' is not of the form key=value"_s.arg(pair));
        const QString key = QUrl::fromPercentEncoding(pair.left(eq).toUtf8());
        const QString value = QUrl::fromPercentEncoding(pair.mid(eq + 1).toUtf8());
        if (!known.contains(key))
            fail(text,
                 u"unknown %1 option '%2' (known: %3)"_s.arg(dialectName(dialect), key,
                                                             known.join(u", "_s)));
        if (dialect == Dialect::SQLite && key == u"mode"_s && !sqliteModes.contains(value))
            fail(text,
                 u"SQLite mode must be one of %1, not '%2'"_s.arg(sqliteModes.join(u", "_s),
                                                                  value));
        options.insert(key, value);
    }
    return options;
}

} // namespace

Url Url::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        throw ArgumentError(u"Invalid database URL: the URL is empty"_s);
    const qsizetype schemeEnd = trimmed.indexOf(u"://"_s);
    if (schemeEnd <= 0)
        fail(trimmed,
             u"expected dialect://..., for example sqlite:///file.db or "
             u"postgresql://user:password@host/database"_s);

    Url url;
    const QString scheme = trimmed.left(schemeEnd).toLower();
    const qsizetype plus = scheme.indexOf(u'+');
    const QString dialect = plus < 0 ? scheme : scheme.left(plus);
    url.m_driverName = plus < 0 ? QString() : scheme.mid(plus + 1);
    if (dialect == u"sqlite"_s) {
        url.m_dialect = Dialect::SQLite;
    } else if (dialect == u"postgresql"_s || dialect == u"postgres"_s) {
        url.m_dialect = Dialect::PostgreSQL;
    } else {
        fail(trimmed, u"unknown dialect '%1' (supported: sqlite, postgresql)"_s.arg(dialect));
    }
    const QStringList &drivers = url.m_dialect == Dialect::SQLite ? sqliteDrivers : postgresDrivers;
    if (plus >= 0 && !drivers.contains(url.m_driverName))
        fail(trimmed,
             u"unknown driver '%1' for %2 (accepted: %3)"_s.arg(
                     url.m_driverName, dialectName(url.m_dialect), drivers.join(u", "_s)));

    QString rest = trimmed.mid(schemeEnd + 3);
    const qsizetype question = rest.indexOf(u'?');
    const QString query = question < 0 ? QString() : rest.mid(question + 1);
    if (question >= 0)
        rest.truncate(question);

    if (url.m_dialect == Dialect::SQLite) {
        // Everything after the third slash is the path: sqlite:///a.db is "a.db",
        // sqlite:////tmp/a.db is "/tmp/a.db", and sqlite:// alone is an in-memory database.
        if (!rest.isEmpty() && !rest.startsWith(u'/'))
            fail(trimmed,
                 u"an SQLite URL has no host; write sqlite:///relative/path.db or "
                 u"sqlite:////absolute/path.db"_s);
        url.m_database = rest.mid(1);
        url.m_query = parseQuery(trimmed, query, url.m_dialect);
        if (url.isMemory() && url.m_query.contains(u"mode"_s))
            fail(trimmed, u"an in-memory SQLite database takes no mode option"_s);
        return url;
    }

    const qsizetype slash = rest.indexOf(u'/');
    const QString authority = slash < 0 ? rest : rest.left(slash);
    url.m_database
            = slash < 0 ? QString() : QUrl::fromPercentEncoding(rest.mid(slash + 1).toUtf8());
    if (url.m_database.contains(u'/'))
        fail(trimmed, u"the database name '%1' contains '/'"_s.arg(url.m_database));

    const qsizetype at = authority.lastIndexOf(u'@');
    QString hostPort = authority;
    if (at >= 0) {
        const QString userInfo = authority.left(at);
        hostPort = authority.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(u':');
        url.m_username = QUrl::fromPercentEncoding(userInfo.left(colon).toUtf8());
        if (colon >= 0)
            url.m_password = QUrl::fromPercentEncoding(userInfo.mid(colon + 1).toUtf8());
        if (url.m_username.isEmpty())
            fail(trimmed, u"the user name before '@' is empty"_s);
    }
    QString portText;
    if (hostPort.startsWith(u'[')) { // an IPv6 literal: [::1]:5432
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0)
            fail(trimmed, u"the IPv6 host has no closing ']'"_s);
        url.m_host = hostPort.mid(1, close - 1);
        const QString after = hostPort.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(u':'))
            fail(trimmed, u"unexpected '%1' after the IPv6 host"_s.arg(after));
        portText = after.mid(1);
    } else {
        const qsizetype colon = hostPort.lastIndexOf(u':');
        url.m_host = colon < 0 ? hostPort : hostPort.left(colon);
        portText = colon < 0 ? QString() : hostPort.mid(colon + 1);
        if (colon >= 0 && portText.isEmpty())
            fail(trimmed, u"the port after ':' is empty"_s);
    }
    // toString() writes a host with ':' in brackets, which a bracket inside would break.
    if (url.m_host.contains(u'[') || url.m_host.contains(u']'))
        fail(trimmed, u"the host '%1' contains '[' or ']'"_s.arg(url.m_host));
    if (!portText.isEmpty()) {
        bool ok = false;
        const int port = portText.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            fail(trimmed, u"the port '%1' is not a number from 1 to 65535"_s.arg(portText));
        url.m_port = port;
    }
    url.m_query = parseQuery(trimmed, query, url.m_dialect);
    return url;
}

Url Url::sqliteFile(const QString &path)
{
    Url url;
    url.m_dialect = Dialect::SQLite;
    url.m_database = path;
    return url;
}

QString Url::qtDriver() const
{
    return m_dialect == Dialect::SQLite ? u"QSQLITE"_s : u"QPSQL"_s;
}

QString Url::qtDriverPackage() const
{
    return m_dialect == Dialect::SQLite ? u"libqt6sql6-sqlite"_s : u"libqt6sql6-psql"_s;
}

bool Url::isMemory() const
{
    return m_dialect == Dialect::SQLite && (m_database.isEmpty() || m_database == u":memory:"_s);
}

bool Url::isReadOnly() const
{
    return m_dialect == Dialect::SQLite && m_query.value(u"mode"_s) == u"ro"_s;
}

QString Url::toString(bool revealPassword) const
{
    QString text = dialectName(m_dialect);
    if (!m_driverName.isEmpty())
        text += u'+' + m_driverName;
    text += u"://"_s;
    if (m_dialect == Dialect::SQLite) {
        // ":memory:" is written as it was given, so that the text parses back to this Url.
        if (!m_database.isEmpty())
            text += u'/' + m_database;
    } else {
        if (!m_username.isEmpty()) {
            text += QString::fromUtf8(QUrl::toPercentEncoding(m_username));
            if (!m_password.isEmpty())
                text += u':'
                        + (revealPassword ? QString::fromUtf8(QUrl::toPercentEncoding(m_password))
                                          : u"***"_s);
            text += u'@';
        }
        text += m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
        if (m_port > 0)
            text += u':' + QString::number(m_port);
        if (!m_database.isEmpty())
            text += u'/' + QString::fromUtf8(QUrl::toPercentEncoding(m_database));
    }
    QStringList pairs;
    for (auto it = m_query.cbegin(); it != m_query.cend(); ++it)
        pairs << it.key() + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(it.value()));
    if (!pairs.isEmpty())
        text += u'?' + pairs.join(u'&');
    else if (text.back().isSpace())
        text += u'?'; // parse() trims the text: an empty query keeps a path's final space
    return text;
}

} // namespace orm
