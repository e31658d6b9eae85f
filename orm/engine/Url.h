// A database URL as SQLAlchemy writes it:
//   dialect[+driver]://[user[:password]@][host][:port][/database][?key=value&...]
// sqlite:///relative.db, sqlite:////absolute/path.db, sqlite:// (in memory),
// sqlite+aiosqlite:///./mydb.db, postgresql://user:pass@host:5432/db, postgres://..., ?mode=ro.
#pragma once

#include "Dialect.h"

#include <QMap>
#include <QString>

namespace orm {

class Url
{
public:
    Url() = default;

    // Throws ArgumentError naming exactly what is wrong with the text.
    static Url parse(const QString &text);
    // A URL for an SQLite file at a path, as the desktop app opens files.
    static Url sqliteFile(const QString &path);

    Dialect dialect() const { return m_dialect; }
    // The SQLAlchemy driver name after '+', accepted for compatibility ("aiosqlite", "asyncpg").
    QString driverName() const { return m_driverName; }
    // The Qt SQL driver that serves this URL: QSQLITE or QPSQL.
    QString qtDriver() const;
    // The Debian package that ships qtDriver()'s plugin.
    QString qtDriverPackage() const;

    QString username() const { return m_username; }
    QString password() const { return m_password; }
    QString host() const { return m_host; }
    int port() const { return m_port; } // -1 when not given
    // The database name, or for SQLite the file path (empty or ":memory:" for in memory).
    QString database() const { return m_database; }
    QMap<QString, QString> query() const { return m_query; }
    QString queryValue(const QString &key) const { return m_query.value(key); }

    bool isMemory() const;
    bool isReadOnly() const;

    // The URL as text; the password is masked unless asked for (URLs end up in logs and titles).
    QString toString(bool revealPassword = false) const;

    friend bool operator==(const Url &, const Url &) = default;

private:
    Dialect m_dialect = Dialect::SQLite;
    QString m_driverName;
    QString m_username;
    QString m_password;
    QString m_host;
    int m_port = -1;
    QString m_database;
    QMap<QString, QString> m_query;
};

} // namespace orm
