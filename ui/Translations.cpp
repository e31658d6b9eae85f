#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Owned by the application object, so that they go with it; a later call replaces them.
QPointer<QTranslator> installedQuarry;
QPointer<QTranslator> installedQt;

void replace(QPointer<QTranslator> &installed, std::unique_ptr<QTranslator> translator)
{
    if (installed) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
    }
    if (!translator)
        return;
    translator->setParent(QCoreApplication::instance());
    QCoreApplication::installTranslator(translator.get());
    installed = translator.release();
}

} // namespace

bool installTranslations(const QString &language)
{
    Q_ASSERT_X(QCoreApplication::instance(), "quarry::installTranslations",
               "needs the application object");
    const QString code = language.trimmed();
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    // QLocale reads an unknown name as the C locale, which has no translation either.
    if (!code.isEmpty() && locale.language() == QLocale::C)
        return false;

    // Tries the locale's languages in order of preference (for the system: every language
    // the person listed), "ru_RU" before "ru".
    auto quarry = std::make_unique<QTranslator>();
    if (!quarry->load(locale, u"quarry"_s, u"_"_s, u":/i18n"_s)) {
        if (!code.isEmpty())
            return false;
        // None of the system's languages: English, whose catalog holds only its plurals.
        if (!quarry->load(u"quarry_en"_s, u":/i18n"_s))
            quarry.reset();
    }

    // Qt's translation of the language Quarry speaks, not of the system's first language: a
    // German desktop gets an English window with English dialogs, not a mix of both.
    std::unique_ptr<QTranslator> qt;
    if (quarry) {
        qt = std::make_unique<QTranslator>();
        if (!qt->load(u"qtbase_"_s + quarry->language(),
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            qt.reset();
    }

    QLocale::setDefault(locale);
    replace(installedQt, std::move(qt));
    replace(installedQuarry, std::move(quarry));
    return true;
}

} // namespace quarry
