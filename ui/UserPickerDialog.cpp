#include "UserPickerDialog.h"

#include "UsersTableModel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace quarry {

UserPickerDialog::UserPickerDialog(std::shared_ptr<orm::AsyncEngine> engine, QWidget *parent)
    : QDialog(parent), m_model(new UsersTableModel(this)), m_search(new QLineEdit(this)),
      m_view(new QTableView(this)),
      m_noOne(new QCheckBox(tr("&No one: leave the posts unassigned"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Move to User"));
    m_search->setPlaceholderText(tr("Search by name"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search users"));
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Users to choose from"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(UsersTableModel::NameColumn,
                                                     QHeaderView::Stretch);
    m_noOne->setAccessibleName(tr("No one"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_view);
    layout->addWidget(m_noOne);
    layout->addWidget(m_buttons);

    // Typing is debounced: only a pause starts a query; older ones are dropped by the model.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &UserPickerDialog::applySearch);
    connect(m_search, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UserPickerDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &UserPickerDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &UserPickerDialog::updateButtons);
    connect(m_noOne, &QCheckBox::toggled, this, [this](bool noOne) {
        m_search->setEnabled(!noOne);
        m_view->setEnabled(!noOne);
        updateButtons();
    });
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_model->setEngine(std::move(engine));
    resize(480, 420);
    updateButtons();
}

std::optional<qint64> UserPickerDialog::chosenUser() const
{
    if (m_noOne->isChecked())
        return std::nullopt;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const auto user = m_model->userAt(rows.first().row());
    return user ? std::optional<qint64>(user->id) : std::nullopt;
}

void UserPickerDialog::applySearch()
{
    UserQuery query = m_model->userQuery();
    query.nameContains = m_search->text().trimmed();
    m_model->setUserQuery(query);
}

void UserPickerDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)
            ->setEnabled(m_noOne->isChecked() || chosenUser().has_value());
}

} // namespace quarry
