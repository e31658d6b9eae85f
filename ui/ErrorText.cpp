#include "ErrorText.h"

#include <orm/engine/Error.h>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// The context of this file's messages, for Qt Linguist.
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(quarry::ErrorText)
};

bool mentions(const QString &message, std::initializer_list<QStringView> phrases)
{
    for (QStringView phrase : phrases)
        if (message.contains(phrase, Qt::CaseInsensitive))
            return true;
    return false;
}

// The driver's words are the most precise clue; the ORM's message carries them too.
QString wordsOf(const orm::Error &error)
{
    return error.message() + u' ' + error.sqlError().databaseText();
}

bool isBusy(const QString &message)
{
    return mentions(message, {u"database is locked", u"database table is locked", u"busy"});
}

bool isConnectionLost(const QString &message)
{
    return mentions(message,
                    {u"connection refused", u"could not connect", u"could not translate",
                     u"server closed", u"no connection", u"terminating connection",
                     u"connection lost", u"connection to server"});
}

} // namespace

QString describeError(const orm::Error &error)
{
    const QString message = wordsOf(error);

    if (dynamic_cast<const orm::IntegrityError *>(&error)) {
        if (mentions(message, {u"unique", u"duplicate key"}))
            return ErrorText::tr("That value is already taken: another row has it.");
        if (mentions(message, {u"foreign key"}))
            return ErrorText::tr("The change refers to a row that no longer exists.");
        if (mentions(message, {u"not null", u"null value"}))
            return ErrorText::tr("A required value is missing.");
        return ErrorText::tr("The change breaks a rule of the database and was not saved.");
    }
    if (dynamic_cast<const orm::TimeoutError *>(&error))
        return ErrorText::tr("The database did not answer in time. Try again in a moment.");
    if (dynamic_cast<const orm::ArgumentError *>(&error))
        return ErrorText::tr("The database address is not valid: %1").arg(error.message());
    if (isBusy(message))
        return ErrorText::tr("The database is busy: another program is writing to it. "
                             "Try again in a moment.");
    if (mentions(message, {u"malformed", u"corrupt"}))
        return ErrorText::tr("The database file is damaged: Quarry cannot read it. It was left "
                             "unchanged; a backup or \"sqlite3 FILE .recover\" may save its data.");
    if (mentions(message, {u"file is not a database", u"not a database"}))
        return ErrorText::tr("This file is not a database Quarry can open. It was left unchanged.");
    if (mentions(message, {u"readonly", u"read-only", u"read only"}))
        return ErrorText::tr("The database is read-only: changes cannot be saved.");
    if (mentions(message, {u"disk is full", u"disk full", u"no space"}))
        return ErrorText::tr("The disk is full: the change was not saved.");
    if (mentions(message, {u"unable to open", u"cannot open", u"no such file"}))
        return ErrorText::tr(
                "The database file cannot be opened. Check that it exists and that you "
                "may read it.");
    if (mentions(message, {u"password authentication", u"authentication failed"}))
        return ErrorText::tr("The server refused the user name or password.");
    if (isConnectionLost(message))
        return ErrorText::tr("The connection to the database server was lost or refused. "
                             "Nothing was saved; try again when the server is back.");
    if (mentions(message, {u"no such table", u"does not exist"}))
        return ErrorText::tr("The database does not have the tables Quarry expects.");
    if (dynamic_cast<const orm::DatabaseError *>(&error))
        return ErrorText::tr("The database reported an error: %1")
                .arg(error.message().section(u'\n', 0, 0));
    return ErrorText::tr("Something went wrong: %1").arg(error.message().section(u'\n', 0, 0));
}

bool isWorthRetrying(const orm::Error &error)
{
    if (dynamic_cast<const orm::TimeoutError *>(&error))
        return true;
    if (!dynamic_cast<const orm::OperationalError *>(&error))
        return false;
    // PostgreSQL's serialization failure, deadlock and lock timeout: the server's advice is to
    // run the transaction again.
    const QString sqlState = error.sqlError().nativeErrorCode();
    if (sqlState == u"40001"_s || sqlState == u"40P01"_s || sqlState == u"55P03"_s)
        return true;
    const QString message = wordsOf(error);
    return isBusy(message) || isConnectionLost(message);
}

} // namespace quarry
