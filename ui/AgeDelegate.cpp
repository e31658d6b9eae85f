#include "AgeDelegate.h"

#include "UserValidation.h"

#include <QSpinBox>

namespace quarry {

namespace {
// One below the lowest age: the spin box shows its special text there.
constexpr int emptyAge = UserValidation::minimumAge - 1;
} // namespace

QWidget *AgeDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                   const QModelIndex &) const
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(emptyAge, UserValidation::maximumAge);
    spin->setSpecialValueText(tr("empty"));
    spin->setAccessibleName(tr("Age"));
    spin->setAccessibleDescription(tr("A whole number from %1 to %2; the lowest value is empty.")
                                           .arg(UserValidation::minimumAge)
                                           .arg(UserValidation::maximumAge));
    spin->setFrame(false);
    return spin;
}

void AgeDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant age = index.data(Qt::EditRole);
    static_cast<QSpinBox *>(editor)->setValue(age.isNull() ? emptyAge : age.toInt());
}

void AgeDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                               const QModelIndex &index) const
{
    auto *spin = static_cast<QSpinBox *>(editor);
    spin->interpretText();
    model->setData(index, spin->value() == emptyAge ? QVariant() : QVariant(spin->value()));
}

} // namespace quarry
