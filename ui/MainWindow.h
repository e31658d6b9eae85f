// Quarry's main window: the users of one database, loaded asynchronously, and the SQL log dock
// that shows what the ORM sends (the seed's echo=True, made visible).
#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace orm {
class AsyncEngine;
struct StatementLog;
} // namespace orm

namespace quarry {

class UsersTableModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Creates the seed's tables when they are missing, then loads the users.
    explicit MainWindow(std::shared_ptr<orm::AsyncEngine> engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    UsersTableModel *usersModel() const { return m_usersModel; }
    QString statusText() const;

private:
    void createActions();
    void prepareDatabase();
    void showError(const QString &message);
    void updateStatus();
    void appendToSqlLog(const orm::StatementLog &log);

    std::shared_ptr<orm::AsyncEngine> m_engine;
    UsersTableModel *m_usersModel;
    QTableView *m_usersView;
    QPlainTextEdit *m_sqlLog;
    QLabel *m_databaseLabel;
    QLabel *m_countLabel;
};

} // namespace quarry
