#include "UserValidation.h"

#include <QCoreApplication>
#include <QLocale>

namespace quarry {

UserValidation UserValidation::check(const QString &nameText, const QString &ageText)
{
    UserValidation result;
    result.name = nameText.trimmed();
    if (result.name.isEmpty())
        result.nameError = QCoreApplication::translate("UserValidation", "Enter a name.");
    else if (result.name.size() > maximumNameLength)
        result.nameError = QCoreApplication::translate("UserValidation",
                                                       "The name is longer than %n characters.",
                                                       nullptr, maximumNameLength);
    else if (result.name.contains(QChar(0)))
        result.nameError = QCoreApplication::translate("UserValidation",
                                                       "The name contains a NUL character.");

    const QString age = ageText.trimmed();
    if (age.isEmpty())
        return result;
    bool ok = false;
    // Digits as the person's locale writes them, or plain ASCII ones.
    qlonglong value = QLocale().toLongLong(age, &ok);
    if (!ok)
        value = age.toLongLong(&ok);
    if (!ok)
        result.ageError = QCoreApplication::translate("UserValidation",
                                                      "The age must be a whole number, like 42.");
    else if (value < minimumAge || value > maximumAge)
        result.ageError = QCoreApplication::translate("UserValidation",
                                                      "The age must be between %1 and %2.")
                                  .arg(minimumAge)
                                  .arg(maximumAge);
    else
        result.age = int(value);
    return result;
}

} // namespace quarry
