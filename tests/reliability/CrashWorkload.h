// What crashwriter (the child program of tst_crashsafety) writes, shared by both so that the test
// can tell every transaction's rows apart and knows what a whole one looks like.
//
// Each transaction has a number n, unique in the database: the test hands each child the number
// to start from. The rows of transaction n carry its tag, "<word> <n in 7 digits>" (fixed width,
// so SQL can group rows by substr(name, 1, tag length)): a user is "<tag> user <i>", each of its
// posts "<user name> post <j>".
//   batch  (orm-batches) batchUsers users with batchPosts posts each, through AsyncSession.
//   import (import)      importUsers users with importPosts posts each, ids n * 1000 + 1 ...,
//                        from a CSV file through importUsersCsv().
//   create (delete)      groupUsers users with groupPosts posts each, whose removal follows as
//   delete               transaction n + 1 through UserStore::deleteUsers(): with their posts
//                        when n is a multiple of 4, otherwise keeping them unassigned.
//   edit   (edit)        UserStore::updateUser() of slot n % editSlots, the user with id slot + 1:
//                        name "slot <s> version <n>" and age editAge(n), one depending on the
//                        other.
#pragma once

#include <QString>

namespace quarry::crash {

inline constexpr int batchUsers = 10;
inline constexpr int batchPosts = 5;
inline constexpr int importUsers = 200;
inline constexpr int importPosts = 3;
inline constexpr int groupUsers = 5;
inline constexpr int groupPosts = 20;
inline constexpr int editSlots = 8;

inline QString tag(const QString &word, qint64 n)
{
    return word + u' ' + QStringLiteral("%1").arg(n, 7, 10, QLatin1Char('0'));
}

inline QString userName(const QString &tag, int user)
{
    return tag + QStringLiteral(" user %1").arg(user, 3, 10, QLatin1Char('0'));
}

inline QString postTitle(const QString &userName, int post)
{
    return userName + QStringLiteral(" post %1").arg(post);
}

// Whether deleting the group made by transaction n takes its posts with it.
inline bool deletesPosts(qint64 n)
{
    return n % 4 == 0;
}

inline QString slotName(int slot, qint64 version)
{
    return QStringLiteral("slot %1 version %2").arg(slot).arg(version);
}

inline int editAge(qint64 version)
{
    return int(version * 37 % 151);
}

} // namespace quarry::crash
