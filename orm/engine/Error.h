// The error family of the ORM. Every error is a QException, so it crosses a QFuture (and a
// co_await) with its dynamic type intact: each subclass re-implements raise() and clone().
// Messages are for developers and stay English; the UI turns them into sentences for people.
#pragma once

#include <QException>
#include <QSqlError>
#include <QString>

namespace orm {

class Error : public QException
{
public:
    explicit Error(QString message, QString sql = {}, QSqlError sqlError = {});

    QString message() const { return m_message; }
    // The SQL text that failed, when the error came from a statement.
    QString sql() const { return m_sql; }
    // The driver's own error, when there was one.
    QSqlError sqlError() const { return m_sqlError; }

    const char *what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    Error *clone() const override { return new Error(*this); }

private:
    QString m_message;
    QString m_sql;
    QSqlError m_sqlError;
    QByteArray m_what;
};

#define QUARRY_ORM_ERROR(Name, Base)                                                               \
    class Name : public Base                                                                       \
    {                                                                                              \
    public:                                                                                        \
        using Base::Base;                                                                          \
        void raise() const override { throw *this; }                                               \
        Name *clone() const override { return new Name(*this); }                                   \
    };

// A bad URL, an unknown dialect, a missing driver plugin, a bad option.
QUARRY_ORM_ERROR(ArgumentError, Error)
// The API was used in a way its current state does not allow (SQLAlchemy's InvalidRequestError).
QUARRY_ORM_ERROR(InvalidRequestError, Error)
// scalarOne()/one() found no row.
QUARRY_ORM_ERROR(NoResultFound, InvalidRequestError)
// scalarOne()/one()/scalarOneOrNone() found more than one row.
QUARRY_ORM_ERROR(MultipleResultsFound, InvalidRequestError)
// A relationship that was not loaded was read: the ORM never does hidden I/O.
QUARRY_ORM_ERROR(NotLoadedError, InvalidRequestError)
// No connection lane became free within the engine's checkout timeout.
QUARRY_ORM_ERROR(TimeoutError, Error)
// The database reported an error (SQLAlchemy's DBAPIError); the subclasses say which kind.
QUARRY_ORM_ERROR(DatabaseError, Error)
// The database could not do what was asked: it is locked, gone, not a database, read-only, full.
QUARRY_ORM_ERROR(OperationalError, DatabaseError)
// A constraint was violated: unique, not null, foreign key, check.
QUARRY_ORM_ERROR(IntegrityError, DatabaseError)
// The SQL itself was wrong: syntax, an unknown table or column.
QUARRY_ORM_ERROR(ProgrammingError, DatabaseError)

#undef QUARRY_ORM_ERROR

} // namespace orm
