// The language of the user interface: Quarry's own translations (translations/*.ts, compiled into
// ui as :/i18n/quarry_<language>.qm) and Qt's (qtbase_<language>.qm from Qt's translations
// folder, Debian's qt6-translations-l10n), so that standard dialogs and buttons speak the same
// language as the rest of the window.
#pragma once

#include <QString>

namespace quarry {

// Installs the translations of `language`: "en", "ru" (a locale name such as "ru_RU" does too),
// or an empty string to follow the system's languages in order of preference, English when
// Quarry has none of them. Also makes `language` the default QLocale, so that numbers and dates
// are written as its speakers write them. Replaces what an earlier call installed.
// Needs the application object. False, with nothing changed, when Quarry has no translation for
// `language`; a missing Qt translation is no failure (the package is optional).
bool installTranslations(const QString &language);

} // namespace quarry
