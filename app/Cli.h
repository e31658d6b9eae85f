// The command line (QCommandLineParser):
//     quarry [--echo] [--read-only] [--lang CODE] [DATABASE]     the window
//     quarry init [--demo N] DATABASE                               schema, optional sample data
//     quarry export [--format json|csv] [--output FILE] DATABASE   users with their posts
//     quarry import [--format csv] FILE DATABASE                    users from CSV, all or nothing
// DATABASE is an SQLite file or a URL (sqlite:///..., postgresql://...). Everything but the
// window runs without a display (QCoreApplication only): the subcommands, --help, --version and
// a mistake on the command line. As a Unix tool: results on standard output, errors on standard
// error prefixed "quarry: ", exit status 0, 1 for a failure, 2 for a usage error, 130 after
// Ctrl+C; nothing half-written.
#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <memory>

namespace orm {
class AsyncEngine;
} // namespace orm

namespace quarry {

class Cli
{
    Q_DECLARE_TR_FUNCTIONS(quarry::Cli)

public:
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2, Interrupted = 130 };

    // Reads the arguments (argv as text). Needs no application object yet.
    explicit Cli(QStringList arguments);
    ~Cli();

    // Whether the window is wanted. When not, make a QCoreApplication and call run(); when it
    // is, make a QApplication and call openDatabase().
    bool wantsWindow() const;

    // With the application object made: installs the translations of --lang, or of the system's
    // languages (quarry::installTranslations). False, with the reason printed, when --lang names
    // a language Quarry has no translation for (English needs none).
    // Without --lang, savedLanguage (the window's setting) decides; empty follows the system.
    bool installTranslations(const QString &savedLanguage = {});

    // Runs what needs no window to its end and returns the exit status.
    int run();

    // For the window: the engine of DATABASE (or of quarry.db in the data folder), opened
    // read-only with --read-only. Null with the reason printed when it cannot be.
    std::shared_ptr<orm::AsyncEngine> openDatabase();
    bool readOnly() const { return m_readOnly; }

private:
    enum class Command { Window, Init, Export, Import };
    struct Parsed;

    Parsed parse() const;
    int runInit(const Parsed &parsed);
    int runExport(const Parsed &parsed);
    int runImport(const Parsed &parsed);
    // An engine for a DATABASE argument; null with the reason printed. mustExist: an SQLite
    // file that is not there is an error (it would be created empty).
    std::shared_ptr<orm::AsyncEngine> engineFor(const QString &database, bool mustExist,
                                                int *exitCode) const;

    QStringList m_arguments;
    bool m_readOnly = false;
};

} // namespace quarry
