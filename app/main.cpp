// quarry [DATABASE]: opens a database (a file path or a URL) in the main window. Without an
// argument it opens, and creates when needed, quarry.db in the user's data folder. The
// subcommands (init, export, import), --help, --version and mistakes need no display: they run
// on a QCoreApplication (Cli.h).
#include "Cli.h"
#include "TerminationSignals.h"

#include <ui/MainWindow.h>
#include <ui/Theme.h>

#include <QApplication>
#include <QSettings>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    // Where QSettings keeps the window's settings: ~/.config/Quarry/Quarry.conf.
    QCoreApplication::setOrganizationName(u"Quarry"_s);
    QCoreApplication::setApplicationName(u"Quarry"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(QUARRY_VERSION));

    // Read before any application object exists, so that what needs no window never asks for a
    // display (in scripts, over ssh, in package tests).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    quarry::Cli cli(arguments);
    if (!cli.wantsWindow()) {
        QCoreApplication app(argc, argv);
        if (!cli.installTranslations())
            return quarry::Cli::UsageError;
        return cli.run();
    }

    QApplication app(argc, argv);
    // Lets Wayland and the desktop match the window to packaging/'s desktop entry.
    QGuiApplication::setDesktopFileName(u"org.example.quarry.Quarry"_s);
    const QSettings settings;
    if (!cli.installTranslations(settings.value(u"language"_s).toString()))
        return quarry::Cli::UsageError;
    quarry::applyTheme(quarry::themeFromString(settings.value(u"theme"_s).toString()));
    const std::shared_ptr<orm::AsyncEngine> engine = cli.openDatabase();
    if (!engine)
        return quarry::Cli::UsageError;
    quarry::MainWindow window;
    // `kill` or the session ending closes the window as its close button does (the settings are
    // saved, a running job is canceled and rolled back) rather than killing the process.
    quarry::TerminationSignals termination;
    QObject::connect(&termination, &quarry::TerminationSignals::received, &window, &QWidget::close);
    window.show();
    window.openDatabase(engine, cli.readOnly());
    return app.exec();
}
