#include "Cli.h"

#include "TerminationSignals.h"

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <ui/DataTransfer.h>
#include <ui/DemoData.h>
#include <ui/ErrorText.h>
#include <ui/Translations.h>

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QStandardPaths>
#include <QUrl>

#include <cstdio>
#include <optional>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Options of QGuiApplication (given as -name or --name). QApplication takes them out of argv,
// but the command line is read before it exists: they are left out here so that
// `quarry -platform offscreen` still opens the window.
const QStringList qtOptionsWithValue = {u"platform"_s,      u"platformpluginpath"_s,
                                        u"platformtheme"_s, u"plugin"_s,
                                        u"style"_s,         u"stylesheet"_s,
                                        u"session"_s,       u"display"_s,
                                        u"geometry"_s,      u"qwindowgeometry"_s,
                                        u"qwindowicon"_s,   u"qwindowtitle"_s,
                                        u"title"_s,         u"name"_s};
const QStringList qtFlags = {u"reverse"_s, u"nograb"_s, u"dograb"_s, u"widgetcount"_s};

QStringList withoutQtOptions(const QStringList &arguments)
{
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--"_s) {
            kept += arguments.mid(i);
            break;
        }
        QString name = argument;
        if (name.startsWith(u"--"_s))
            name.remove(0, 1);
        if (i > 0 && name.startsWith(u'-')) {
            name.remove(0, 1);
            if (qtOptionsWithValue.contains(name)) {
                ++i; // and its value
                continue;
            }
            if (qtFlags.contains(name) || name.startsWith(u"qmljsdebugger="_s))
                continue;
        }
        kept.append(argument);
    }
    return kept;
}

// In the order of Cli::Command after Window.
const QStringList commandNames = {u"init"_s, u"export"_s, u"import"_s};

void printError(const QString &message)
{
    // One line: a driver's message may span several.
    QString line = message.simplified();
    std::fprintf(stderr, "quarry: %s\n", line.toLocal8Bit().constData());
}

void printOut(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

// What a job's errors are about, for their messages: "quarry: data.csv: row 7, column age: ...",
// "quarry: app.db: This file is not a database Quarry can open. ...".
struct ErrorContext
{
    QString file; // of an ImportError
    QString database; // of an orm::Error
};

QString withContext(const QString &context, const QString &message)
{
    return context.isEmpty() ? message : context + u": "_s + message;
}

// Waits for a job while the event loop runs, showing its progress on a terminal, and cancels it
// on Ctrl+C (a second Ctrl+C ends the program at once). Returns the job's value, or nothing
// with the error printed and *exitCode set.
std::optional<qint64> waitFor(QFuture<qint64> future, const QString &label,
                              const ErrorContext &context, int *exitCode)
{
    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received,
                     [future]() mutable { future.cancel(); });

    QFutureWatcher<qint64> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    const bool showProgress = ::isatty(STDERR_FILENO) == 1 && !label.isEmpty();
    int shown = -1;
    QObject::connect(&watcher, &QFutureWatcherBase::progressValueChanged, [&](int value) {
        const int maximum = watcher.progressMaximum();
        const int percent = maximum > 0 ? int(qint64(value) * 100 / maximum) : 0;
        if (!showProgress || percent == shown)
            return;
        shown = percent;
        std::fprintf(stderr, "\r%s %d%%", label.toLocal8Bit().constData(), percent);
        std::fflush(stderr);
    });
    watcher.setFuture(future);
    if (!future.isFinished())
        loop.exec();
    if (shown >= 0)
        std::fputs("\r\033[K", stderr); // the progress line is gone when the job is

    try {
        future.waitForFinished(); // rethrows the job's error
        // A result is a job that was written, even when Ctrl+C came just after it; without one
        // the job was canceled and rolled back.
        if (future.resultCount() == 0) {
            printError(Cli::tr("interrupted"));
            *exitCode = Cli::Interrupted;
            return std::nullopt;
        }
        return future.result();
    } catch (const ImportError &error) {
        printError(withContext(context.file, error.message()));
    } catch (const TransferError &error) {
        printError(error.message());
    } catch (const orm::Error &error) {
        // The sentence the window would show, and the driver's own words for the expert.
        QString message = describeError(error);
        const QString driver = error.sqlError().databaseText().simplified();
        if (!driver.isEmpty() && !message.contains(driver, Qt::CaseInsensitive))
            message += u" ("_s + driver + u')';
        printError(withContext(context.database, message));
    } catch (const std::exception &error) {
        printError(QString::fromLocal8Bit(error.what()));
    }
    *exitCode = Cli::Failure;
    return std::nullopt;
}

// The database as the person named it; a URL without its password.
QString databaseLabel(const QString &argument, const orm::Url &url)
{
    return argument.contains(u"://"_s) ? url.toString() : QDir::toNativeSeparators(argument);
}

// A DATABASE argument as a URL: a URL as it is, a path as an SQLite file; nothing: quarry.db in
// the user's data folder.
orm::Url databaseUrl(const QString &argument)
{
    if (argument.contains(u"://"_s))
        return orm::Url::parse(argument);
    if (!argument.isEmpty())
        return orm::Url::sqliteFile(QDir::current().absoluteFilePath(argument));
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(folder))
        throw orm::ArgumentError(u"Cannot create the data folder %1"_s.arg(folder));
    return orm::Url::sqliteFile(QDir(folder).filePath(u"quarry.db"_s));
}

// The URL with the option that makes the connection read-only: SQLite's mode=ro, PostgreSQL's
// default_transaction_read_only (as a server option, so every transaction refuses to write).
orm::Url readOnlyUrl(const orm::Url &url)
{
    if (url.isMemory())
        throw orm::ArgumentError(
                quarry::Cli::tr("--read-only makes no sense for an in-memory database"));
    const bool sqlite = url.dialect() == orm::Dialect::SQLite;
    const QString key = sqlite ? u"mode"_s : u"options"_s;
    const QString value = sqlite ? u"ro"_s : u"-cdefault_transaction_read_only=on"_s;
    if (url.query().contains(key)) {
        if (url.queryValue(key) == value)
            return url;
        throw orm::ArgumentError(
                quarry::Cli::tr("--read-only cannot be combined with the URL's own %1 option")
                        .arg(key));
    }
    const QString text = url.toString(true);
    return orm::Url::parse(text + (url.query().isEmpty() ? u'?' : u'&') + key + u'='
                           + QString::fromUtf8(QUrl::toPercentEncoding(value)));
}

} // namespace

struct Cli::Parsed
{
    Command command = Command::Window;
    QString error; // a usage error, to print with exit status 2
    QString output; // --help or --version, to print with exit status 0
    QStringList positional; // without the command's own name
    QString language;
    bool echo = false;
    bool readOnly = false;
    qint64 demo = 0;
    ExportFormat format = ExportFormat::Json;
    QString outputFile;
};

Cli::Cli(QStringList arguments) : m_arguments(withoutQtOptions(arguments))
{
    m_readOnly = parse().readOnly;
}

Cli::~Cli() = default;

Cli::Parsed Cli::parse() const
{
    Parsed parsed;
    // The command is the first argument that is not an option (nor an option's value); to open
    // a file named like a command, write ./init or put -- before it.
    for (qsizetype i = 1; i < m_arguments.size(); ++i) {
        const QString &argument = m_arguments.at(i);
        if (argument == u"--"_s)
            break;
        if (argument.startsWith(u'-') && argument.size() > 1) {
            if (argument == u"--lang"_s)
                ++i;
            continue;
        }
        if (commandNames.contains(argument))
            parsed.command = Command(commandNames.indexOf(argument) + 1);
        break;
    }

    QCommandLineParser parser;
    const QString commandName = parsed.command == Command::Window
            ? QString()
            : commandNames.at(int(parsed.command) - 1);
    switch (parsed.command) {
    case Command::Window:
        parser.setApplicationDescription(
                tr("Browse and edit users and their posts.\n\n"
                   "Commands, which need no display (quarry COMMAND --help for more):\n"
                   "  init      create the tables, optionally with sample data\n"
                   "  export    write the users with their posts as JSON or CSV\n"
                   "  import    add users from a CSV file, all of them or none"));
        parser.addPositionalArgument(u"database"_s,
                                     tr("An SQLite file or a database URL (default: quarry.db "
                                        "in your data folder)."),
                                     u"[DATABASE]"_s);
        break;
    case Command::Init:
        parser.setApplicationDescription(
                tr("Creates the tables of a new or existing database (an existing database "
                   "keeps its data), optionally adding sample users with posts."));
        parser.addPositionalArgument(u"init"_s, tr("The command."), u"init"_s);
        parser.addPositionalArgument(u"database"_s, tr("An SQLite file or a database URL."),
                                     u"DATABASE"_s);
        parser.addOption(
                {u"demo"_s, tr("Add <n> sample users, each with up to five posts."), u"n"_s});
        break;
    case Command::Export:
        parser.setApplicationDescription(
                tr("Writes every user with their posts, ordered by id. JSON is an array of "
                   "{\"id\", \"name\", \"age\", \"posts\": [{\"id\", \"title\", \"user_id\"}]}; "
                   "CSV has the columns id,name,age,posts (the post titles as a JSON array)."));
        parser.addPositionalArgument(u"export"_s, tr("The command."), u"export"_s);
        parser.addPositionalArgument(u"database"_s, tr("An SQLite file or a database URL."),
                                     u"DATABASE"_s);
        parser.addOption({{u"f"_s, u"format"_s},
                          tr("json or csv (default: from the output file's name, else json)."),
                          u"format"_s});
        parser.addOption({{u"o"_s, u"output"_s},
                          tr("Write to <file>, which appears only when the whole export "
                             "succeeded (default: standard output)."),
                          u"file"_s});
        break;
    case Command::Import:
        parser.setApplicationDescription(
                tr("Adds the users of a CSV file in one transaction: all of them, or none when "
                   "any row is wrong. The first row names the columns: name and age, "
                   "optionally id and posts (the post titles as a JSON array)."));
        parser.addPositionalArgument(u"import"_s, tr("The command."), u"import"_s);
        parser.addPositionalArgument(
                u"file"_s, tr("The CSV file (UTF-8), or - for standard input."), u"FILE"_s);
        parser.addPositionalArgument(u"database"_s, tr("An SQLite file or a database URL."),
                                     u"DATABASE"_s);
        parser.addOption({{u"f"_s, u"format"_s}, tr("csv, the only one (default)."), u"format"_s});
        break;
    }
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption echo(u"echo"_s, tr("Print every SQL statement to standard error."));
    const QCommandLineOption readOnly(u"read-only"_s,
                                      tr("Open the database read-only: nothing can be changed."));
    const QCommandLineOption lang(
            u"lang"_s, tr("Use the language <code> (en, ru) instead of the system's."), u"code"_s);
    parser.addOptions({echo, readOnly, lang});

    if (!parser.parse(m_arguments)) {
        parsed.error = parser.errorText();
        return parsed;
    }
    parsed.language = parser.value(lang);
    parsed.echo = parser.isSet(echo);
    parsed.readOnly = parser.isSet(readOnly);
    if (parser.isSet(version)) {
        parsed.output = QCoreApplication::applicationName() + u' '
                + QCoreApplication::applicationVersion() + u'\n';
        return parsed;
    }
    if (parser.isSet(help)) {
        parsed.output = parser.helpText();
        return parsed;
    }

    const QString seeHelp = commandName.isEmpty() ? tr("see quarry --help")
                                                  : tr("see quarry %1 --help").arg(commandName);
    parsed.positional = parser.positionalArguments();
    if (parsed.command != Command::Window)
        parsed.positional.removeFirst();
    const qsizetype wanted = parsed.command == Command::Import ? 2 : 1;
    if (parsed.positional.size() > wanted) {
        parsed.error
                = tr("unexpected argument '%1' (%2)").arg(parsed.positional.at(wanted), seeHelp);
        return parsed;
    }
    if (parsed.command != Command::Window && parsed.positional.size() < wanted) {
        parsed.error = tr("%1 is missing (%2)")
                               .arg(parsed.positional.isEmpty() && wanted == 2 ? u"FILE"_s
                                                                               : u"DATABASE"_s,
                                    seeHelp);
        return parsed;
    }
    if (parser.isSet(lang) && parsed.language.trimmed().isEmpty()) {
        parsed.error = tr("--lang needs a language code, such as ru");
        return parsed;
    }
    if (parsed.readOnly && (parsed.command == Command::Init || parsed.command == Command::Import)) {
        parsed.error = tr("--read-only cannot be used with %1, which writes").arg(commandName);
        return parsed;
    }

    if (parsed.command == Command::Init && parser.isSet(u"demo"_s)) {
        bool ok = false;
        parsed.demo = parser.value(u"demo"_s).toLongLong(&ok);
        if (!ok || parsed.demo < 0) {
            parsed.error
                    = tr("--demo takes a number of users, not '%1'").arg(parser.value(u"demo"_s));
            return parsed;
        }
    }
    if (parsed.command == Command::Export) {
        parsed.outputFile = parser.value(u"output"_s);
        QString format = parser.value(u"format"_s).toLower();
        if (format.isEmpty())
            format = parsed.outputFile.endsWith(u".csv"_s, Qt::CaseInsensitive) ? u"csv"_s
                                                                                : u"json"_s;
        if (format != u"json"_s && format != u"csv"_s) {
            parsed.error = tr("unknown format '%1' (json or csv)").arg(parser.value(u"format"_s));
            return parsed;
        }
        parsed.format = format == u"csv"_s ? ExportFormat::Csv : ExportFormat::Json;
    }
    if (parsed.command == Command::Import && parser.isSet(u"format"_s)
        && parser.value(u"format"_s).toLower() != u"csv"_s) {
        parsed.error = tr("unknown format '%1' (import reads csv)").arg(parser.value(u"format"_s));
        return parsed;
    }
    return parsed;
}

bool Cli::wantsWindow() const
{
    const Parsed parsed = parse();
    return parsed.command == Command::Window && parsed.error.isEmpty() && parsed.output.isEmpty();
}

bool Cli::installTranslations(const QString &savedLanguage)
{
    const Parsed parsed = parse();
    if (!parsed.error.isEmpty())
        return true; // run() reports the mistake
    const QString code = parsed.language.trimmed().isEmpty() ? savedLanguage.trimmed()
                                                             : parsed.language.trimmed();
    // English needs no catalog: it is the text of the source.
    if (quarry::installTranslations(code) || code.startsWith(u"en"_s, Qt::CaseInsensitive))
        return true;
    printError(tr("there is no translation for the language '%1'").arg(code));
    return false;
}

std::shared_ptr<orm::AsyncEngine> Cli::engineFor(const QString &database, bool mustExist,
                                                 int *exitCode) const
{
    const Parsed parsed = parse();
    try {
        orm::Url url = databaseUrl(database);
        if (parsed.readOnly)
            url = readOnlyUrl(url);
        if (mustExist && url.dialect() == orm::Dialect::SQLite && !url.isMemory()
            && !QFileInfo::exists(url.database())) {
            // SQLite would create an empty file: a mistyped name would export nothing and
            // import into a database nobody meant.
            printError(tr("there is no database %1 (quarry init %1 creates one)")
                               .arg(QDir::toNativeSeparators(url.database())));
            *exitCode = Failure;
            return nullptr;
        }
        return orm::createAsyncEngine(url, {.echo = parsed.echo});
    } catch (const orm::Error &error) {
        printError(error.message());
        *exitCode = UsageError;
        return nullptr;
    }
}

std::shared_ptr<orm::AsyncEngine> Cli::openDatabase()
{
    int exitCode = 0;
    return engineFor(parse().positional.value(0), false, &exitCode);
}

int Cli::run()
{
    const Parsed parsed = parse();
    if (!parsed.error.isEmpty()) {
        printError(parsed.error);
        return UsageError;
    }
    if (!parsed.output.isEmpty()) {
        printOut(parsed.output);
        return Success;
    }
    switch (parsed.command) {
    case Command::Init:
        return runInit(parsed);
    case Command::Export:
        return runExport(parsed);
    case Command::Import:
        return runImport(parsed);
    case Command::Window:
        break;
    }
    return Failure; // the window is main()'s
}

int Cli::runInit(const Parsed &parsed)
{
    int exitCode = Success;
    const QString database = parsed.positional.at(0);
    const auto engine = engineFor(database, false, &exitCode);
    if (!engine)
        return exitCode;
    const QString label = databaseLabel(database, engine->url());
    const std::optional<qint64> added
            = waitFor(generateDemoData(engine, parsed.demo), tr("Adding sample users…"),
                      {.database = label}, &exitCode);
    if (!added)
        return exitCode;
    printOut(*added > 0 ? tr("Added %n sample user(s) with their posts to %1\n", nullptr,
                             int(std::min<qint64>(*added, INT_MAX)))
                                  .arg(label)
                        : tr("The tables are ready in %1\n").arg(label));
    return Success;
}

int Cli::runExport(const Parsed &parsed)
{
    int exitCode = Success;
    const QString database = parsed.positional.at(0);
    const auto engine = engineFor(database, true, &exitCode);
    if (!engine)
        return exitCode;
    const ErrorContext context {.database = databaseLabel(database, engine->url())};
    const bool toStandardOutput = parsed.outputFile.isEmpty() || parsed.outputFile == u"-"_s;
    if (!toStandardOutput) {
        const std::optional<qint64> written
                = waitFor(exportUsers(engine, parsed.format, parsed.outputFile), tr("Exporting…"),
                          context, &exitCode);
        if (!written)
            return exitCode;
        printOut(
                tr("Exported %n user(s) to %1\n", nullptr, int(std::min<qint64>(*written, INT_MAX)))
                        .arg(QDir::toNativeSeparators(parsed.outputFile)));
        return Success;
    }
    QFile out;
    if (!out.open(STDOUT_FILENO, QIODevice::WriteOnly)) {
        printError(tr("cannot write to standard output: %1").arg(out.errorString()));
        return Failure;
    }
    // No progress line: the data may be going to the same terminal.
    const std::optional<qint64> written
            = waitFor(exportUsers(engine, parsed.format, &out), QString(), context, &exitCode);
    if (!out.flush()) {
        printError(tr("cannot write to standard output: %1").arg(out.errorString()));
        return Failure;
    }
    return written ? Success : exitCode;
}

int Cli::runImport(const Parsed &parsed)
{
    int exitCode = Success;
    const QString file = parsed.positional.at(0);
    const QString database = parsed.positional.at(1);
    const auto engine = engineFor(database, true, &exitCode);
    if (!engine)
        return exitCode;
    const QString label = databaseLabel(database, engine->url());
    std::optional<qint64> imported;
    if (file == u"-"_s) {
        QFile in;
        if (!in.open(STDIN_FILENO, QIODevice::ReadOnly)) {
            printError(tr("cannot read standard input: %1").arg(in.errorString()));
            return Failure;
        }
        imported = waitFor(importUsersCsv(engine, &in), tr("Importing…"),
                           {.file = tr("standard input"), .database = label}, &exitCode);
    } else {
        imported = waitFor(importUsersCsv(engine, file), tr("Importing…"),
                           {.file = QDir::toNativeSeparators(file), .database = label}, &exitCode);
    }
    if (!imported)
        return exitCode;
    printOut(tr("Imported %n user(s) into %1\n", nullptr, int(std::min<qint64>(*imported, INT_MAX)))
                     .arg(label));
    return Success;
}

} // namespace quarry
