// Users with their posts in and out of a database: export to JSON and CSV, import from CSV.
// Used by `quarry export` / `quarry import` and by the window's File menu.
//
// JSON is the seed's to_dict() shape, one user per line, keys in column order:
//     [
//     {"id":1,"name":"Смитти","age":30,"posts":[{"id":1,"title":"first","user_id":1}]},
//     {"id":2,"name":"Ada","age":null,"posts":[]}
//     ]
// CSV (RFC 4180, UTF-8 without a BOM, CRLF) has the header id,name,age,posts: an unknown age is
// an empty field, and posts holds the user's post titles as a JSON array (["first","second"];
// empty when there are none), so that an export imports back with its posts.
//
// Import reads CSV with a header row naming its columns in any order: name and age are
// required, id and posts optional, and any other column is an error. Names and ages follow the
// window's rules (UserValidation: a name is required and trimmed, an age is empty for unknown or
// a whole number from 0 to 150); an id, when given, is a whole number from 1 up that no other
// row or user has; posts is empty or a JSON array of titles. The whole file is imported in one
// transaction or not at all.
//
// Everything runs on a lane of the engine, streamed in chunks: a million users take the memory
// of a few thousand. The export reads the posts of each page of users by posts.user_id, which
// prepareSchema() indexes (a database made by the seed's program alone gains the index when
// Quarry first opens it writable, or by `quarry init`). Each future reports progress and may be
// canceled (nothing is written then: the import rolls back, the export file is not created).
// Futures end with:
//   - the number of users exported or imported;
//   - ImportError (a TransferError) for a problem in a CSV file, naming row and column;
//   - TransferError when a file cannot be opened, read or written;
//   - orm::Error from the database (orm::IntegrityError when it refuses a row, e.g. an id that
//     another program took meanwhile; orm::OperationalError for a locked or read-only file).
#pragma once

#include "ImportError.h"

#include <QFuture>

#include <memory>

class QIODevice;

namespace orm {
class AsyncEngine;
} // namespace orm

namespace quarry {

enum class ExportFormat { Json, Csv };

// Writes every user, ordered by id, with their posts to filePath. The file appears (or is
// replaced) only when the whole export succeeded: a failed export leaves nothing half-written.
QFuture<qint64> exportUsers(std::shared_ptr<orm::AsyncEngine> engine, ExportFormat format,
                            const QString &filePath);
// The same to an open device (standard output, for the command line), written on the engine's
// lane thread: keep the device open and leave it alone until the future has finished. What was
// written before an error stays written.
QFuture<qint64> exportUsers(std::shared_ptr<orm::AsyncEngine> engine, ExportFormat format,
                            QIODevice *device);

// Imports the users (and posts) of a CSV file; the tables are made when they are missing.
QFuture<qint64> importUsersCsv(std::shared_ptr<orm::AsyncEngine> engine, const QString &filePath);
// The same from an open device (standard input), read on the engine's lane thread.
QFuture<qint64> importUsersCsv(std::shared_ptr<orm::AsyncEngine> engine, QIODevice *device);

} // namespace quarry
