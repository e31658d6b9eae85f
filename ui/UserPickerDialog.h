// Picks the user a post moves to: a search box over the users table's own windowed model, so it
// works the same on ten users and on a million (no cap, no list held in memory). "No one" is a
// choice too: the post becomes unassigned.
#pragma once

#include <QDialog>
#include <QTimer>

#include <memory>
#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QTableView;

namespace orm {
class AsyncEngine;
}

namespace quarry {

class UsersTableModel;

class UserPickerDialog : public QDialog
{
    Q_OBJECT

public:
    UserPickerDialog(std::shared_ptr<orm::AsyncEngine> engine, QWidget *parent = nullptr);

    // The chosen user, or none for "no one"; only meaningful after the dialog was accepted.
    std::optional<qint64> chosenUser() const;

    QLineEdit *searchEdit() const { return m_search; }
    QTableView *usersView() const { return m_view; }
    UsersTableModel *usersModel() const { return m_model; }
    QCheckBox *noOneBox() const { return m_noOne; }

private:
    void applySearch();
    void updateButtons();

    UsersTableModel *m_model;
    QLineEdit *m_search;
    QTableView *m_view;
    QCheckBox *m_noOne;
    QDialogButtonBox *m_buttons;
    QTimer m_debounce;
};

} // namespace quarry
