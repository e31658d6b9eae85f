// The rules a user's fields follow before anything is written, in one place for the form, the
// table's in-place editors and the CSV import: the name is required and trimmed, the age is a
// whole number in a sane range or empty (NULL).
#pragma once

#include <QString>

#include <optional>

namespace quarry {

struct UserValidation
{
    static constexpr int minimumAge = 0;
    static constexpr int maximumAge = 150;
    // Longer names are surely a paste gone wrong; the limit keeps rows displayable.
    static constexpr int maximumNameLength = 200;

    QString name;
    std::optional<int> age;
    // Empty when the field is valid; otherwise a sentence for the person, in their language.
    QString nameError;
    QString ageError;

    bool isValid() const { return nameError.isEmpty() && ageError.isEmpty(); }

    static UserValidation check(const QString &nameText, const QString &ageText);
};

} // namespace quarry
