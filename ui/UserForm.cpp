#include "UserForm.h"

#include "Theme.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

QLabel *errorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setVisible(false);
    // A red chosen for the palette, so the message reads on light and dark themes.
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, errorColor(palette));
    label->setPalette(palette);
    return label;
}

} // namespace

UserForm::UserForm(QWidget *parent)
    : QWidget(parent), m_name(new QLineEdit(this)), m_age(new QLineEdit(this)),
      m_nameError(errorLabel(this)), m_ageError(errorLabel(this))
{
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setAccessibleName(tr("Name"));
    m_name->setAccessibleDescription(tr("Required."));
    m_name->setPlaceholderText(tr("Required"));
    m_name->setMaxLength(UserValidation::maximumNameLength * 2);
    m_age->setObjectName(u"ageEdit"_s);
    m_age->setAccessibleName(tr("Age"));
    m_age->setAccessibleDescription(tr("A whole number from %1 to %2, or empty.")
                                            .arg(UserValidation::minimumAge)
                                            .arg(UserValidation::maximumAge));
    m_age->setPlaceholderText(tr("Empty"));
    m_age->setMaxLength(20);
    m_nameError->setObjectName(u"nameError"_s);
    m_ageError->setObjectName(u"ageError"_s);

    auto *layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(tr("&Name:"), m_name);
    layout->addRow(QString(), m_nameError);
    layout->addRow(tr("&Age:"), m_age);
    layout->addRow(QString(), m_ageError);

    for (QLineEdit *field : {m_name, m_age}) {
        connect(field, &QLineEdit::textEdited, this, &UserForm::edited);
        connect(field, &QLineEdit::returnPressed, this, &UserForm::submitted);
    }
}

void UserForm::setValues(const QString &name, std::optional<int> age)
{
    m_name->setText(name);
    m_age->setText(age ? QString::number(*age) : QString());
    clearErrors();
}

void UserForm::clear()
{
    setValues({}, std::nullopt);
}

UserValidation UserForm::validate()
{
    const UserValidation result = UserValidation::check(m_name->text(), m_age->text());
    showError(m_name, m_nameError, result.nameError, tr("Required."));
    showError(m_age, m_ageError, result.ageError,
              tr("A whole number from %1 to %2, or empty.")
                      .arg(UserValidation::minimumAge)
                      .arg(UserValidation::maximumAge));
    if (!result.nameError.isEmpty())
        m_name->setFocus();
    else if (!result.ageError.isEmpty())
        m_age->setFocus();
    return result;
}

void UserForm::clearErrors()
{
    showError(m_name, m_nameError, {}, tr("Required."));
    showError(m_age, m_ageError, {},
              tr("A whole number from %1 to %2, or empty.")
                      .arg(UserValidation::minimumAge)
                      .arg(UserValidation::maximumAge));
}

QString UserForm::nameError() const
{
    return m_nameError->isVisibleTo(this) ? m_nameError->text() : QString();
}

QString UserForm::ageError() const
{
    return m_ageError->isVisibleTo(this) ? m_ageError->text() : QString();
}

void UserForm::showError(QLineEdit *field, QLabel *label, const QString &message,
                         const QString &description)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    field->setAccessibleDescription(message.isEmpty() ? description : message);
}

} // namespace quarry
