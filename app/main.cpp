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
    QApplication app(argc, argv);
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
    parser.process(app);

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
