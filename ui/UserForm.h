// The fields of one user (name and age) with their validation messages shown next to them, as
// the side form of the main window and inside the new-user dialog. Messages are also set as the
// fields' accessible descriptions, so screen readers announce them.
#pragma once

#include "UserValidation.h"

#include <QWidget>

class QLabel;
class QLineEdit;

namespace quarry {

class UserForm : public QWidget
{
    Q_OBJECT

public:
    explicit UserForm(QWidget *parent = nullptr);

    void setValues(const QString &name, std::optional<int> age);
    void clear();
    // Checks the fields and shows what is wrong next to each; the result holds the clean values.
    UserValidation validate();
    void clearErrors();

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *ageEdit() const { return m_age; }
    QString nameError() const;
    QString ageError() const;

Q_SIGNALS:
    // The person changed a field.
    void edited();
    // Enter in a field.
    void submitted();

private:
    void showError(QLineEdit *field, QLabel *label, const QString &message,
                   const QString &description);

    QLineEdit *m_name;
    QLineEdit *m_age;
    QLabel *m_nameError;
    QLabel *m_ageError;
};

} // namespace quarry
