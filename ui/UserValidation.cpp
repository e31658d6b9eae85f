#include "UserValidation.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

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
    // Plain digits only: QString's own parsing stops at a NUL ("4\0 2" would read as 4), and
    // digits of other scripts are more likely a slip than an age.
    static const QRegularExpression wholeNumber(u"^[+-]?[0-9]+$"_s);
    bool ok = false;
    const qlonglong value = age.toLongLong(&ok);
    if (!wholeNumber.match(age).hasMatch())
        result.ageError = QCoreApplication::translate("UserValidation",
                                                      "The age must be a whole number, like 42.");
    else if (!ok || value < minimumAge || value > maximumAge) // !ok: too many digits for 64 bits
        result.ageError = QCoreApplication::translate("UserValidation",
                                                      "The age must be between %1 and %2.")
                                  .arg(minimumAge)
                                  .arg(maximumAge);
    else
        result.age = int(value);
    return result;
}

} // namespace quarry
