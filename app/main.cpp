// quarry [DATABASE]: opens a database (a file path or a URL) in the main window. Without an
// argument it opens, and creates when needed, quarry.db in the user's data folder.
#include <orm/async/AsyncEngine.h>
#include <orm/engine/Error.h>
#include <ui/MainWindow.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

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

} // namespace

int main(int argc, char *argv[])
{
    QApplication::setApplicationName(u"Quarry"_s);
    QApplication::setApplicationVersion(QStringLiteral(QUARRY_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Browse and edit users and their posts."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
            u"database"_s,
            QApplication::translate("main",
                                    "An SQLite file or a database URL "
                                    "(default: quarry.db in your data folder)."),
            u"[DATABASE]"_s);
    const QCommandLineOption echo(
            u"echo"_s,
            QApplication::translate("main", "Print every SQL statement to standard error."));
    parser.addOption(echo);
    // Parsed before the QApplication exists, so --help, --version and a wrong option work
    // without a display (in scripts, over ssh, in package tests).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "quarry: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(u"version"_s))
        parser.showVersion();
    if (parser.isSet(u"help"_s))
        parser.showHelp();

    QApplication app(argc, argv);

    std::shared_ptr<orm::AsyncEngine> engine;
    try {
        engine = orm::createAsyncEngine(databaseUrl(parser.positionalArguments().value(0)),
                                        {.echo = parser.isSet(echo)});
    } catch (const orm::Error &error) {
        std::fprintf(stderr, "quarry: %s\n", error.what());
        return 2;
    }

    quarry::MainWindow window(engine);
    window.show();
    return app.exec();
}
