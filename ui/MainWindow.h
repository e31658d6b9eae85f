// Quarry's main window: the users of one database (a windowed table that stays responsive on a
// million rows), the selected user's form and posts beside it, and the SQL log dock.
//
// Every change is written when the person confirms it, through UserStore (one ORM unit of work
// each), and pushed onto the undo stack as a ChangeCommand. One change is written at a time; the
// edit actions wait while one is in flight. Errors from the ORM become one sentence in the status
// bar or a message box (describeError()), and the window stays usable.
#pragma once

#include "DataTransfer.h"
#include "UserRecord.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSpinBox;
class QTableView;
class QUndoStack;

namespace orm {
class AsyncEngine;
struct StatementLog;
} // namespace orm

namespace quarry {

class ChangeTracker;
class PostsTableModel;
class SqlLogDock;
class UserForm;
class UserStore;
class UsersTableModel;
struct DeletedUsers;
struct PostRecord;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // How deleting users who have posts treats the posts; the person chooses.
    enum class PostsOnDelete { Ask, Delete, Keep };

    explicit MainWindow(std::shared_ptr<orm::AsyncEngine> engine = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows this database: makes the tables it lacks (unless read-only), then loads the users.
    // A database that turns out to be read-only opens read-only.
    void openDatabase(std::shared_ptr<orm::AsyncEngine> engine, bool readOnly = false);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    // What the menus do, callable without their dialogs (tests, the command line).
    void createUser(const QString &name, std::optional<int> age);
    void deleteSelectedUsers(PostsOnDelete posts = PostsOnDelete::Ask);
    void addPost(const QString &title);
    void deleteSelectedPosts();
    void moveSelectedPosts(std::optional<qint64> userId);
    void showUnassignedPosts(bool show);
    void openFile(const QString &path);
    void newDatabase(const QString &path);
    void connectToServer(const QString &url);
    void exportUsers(const QString &path, ExportFormat format);
    void importUsers(const QString &path);
    void generateSampleData(qint64 users);

    UsersTableModel *usersModel() const { return m_usersModel; }
    PostsTableModel *postsModel() const { return m_postsModel; }
    QTableView *usersView() const { return m_usersView; }
    QTableView *postsView() const { return m_postsView; }
    UserForm *userForm() const { return m_form; }
    QLineEdit *searchEdit() const { return m_search; }
    QUndoStack *undoStack() const { return m_undoStack; }
    SqlLogDock *sqlLogDock() const { return m_sqlLog; }
    std::shared_ptr<orm::AsyncEngine> engine() const { return m_engine; }
    // Whether a change is being written (edit actions wait for it).
    bool isWriting() const;
    // The status bar's message, or its row count when there is no message.
    QString statusText() const;
    // The user the form shows.
    std::optional<UserRecord> currentUser() const { return m_current; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *createUsersPanel();
    QWidget *createDetailPanel();
    void createActions();
    void createMenus();
    void restoreSettings();
    void saveSettings() const;
    void addRecentDatabase(const QString &url);
    void updateRecentMenu();

    void showError(const QString &message);
    void showMessage(const QString &message);
    void updateStatus();
    void updateActions();
    void applyFilter();
    void currentUserChanged();
    void saveForm();
    void revertForm();
    void editCurrentCell();
    void editUser(const UserRecord &before, const UserRecord &after);
    void editPost(const PostRecord &before, const PostRecord &after, const QString &text);
    void changeWritten();
    void changeFailed(const QString &message, bool fromHistory);
    QList<UserRecord> selectedUsers() const;
    QList<PostRecord> selectedPosts() const;
    bool confirmEditable();
    // Remembers a long job, for the destructor to cancel and wait for; returns it.
    QFuture<qint64> keepJob(QFuture<qint64> job);

    void newUserDialog();
    void addPostDialog();
    void movePostsDialog();
    void openFileDialog();
    void newDatabaseDialog();
    void connectDialog();
    void exportDialog(ExportFormat format);
    void importDialog();
    void sampleDataDialog();
    void setTheme(const QString &theme);
    void setLanguage(const QString &language);

    std::shared_ptr<orm::AsyncEngine> m_engine;
    std::shared_ptr<UserStore> m_store;
    bool m_readOnly = false;
    std::optional<UserRecord> m_current;
    QList<qint64> m_selectedPostIds;
    // Counts database opens, so a slow open that was overtaken does not load its tables.
    quint64 m_openGeneration = 0;

    UsersTableModel *m_usersModel;
    PostsTableModel *m_postsModel;
    QUndoStack *m_undoStack;
    ChangeTracker *m_tracker;
    QList<QFuture<qint64>> m_jobs; // exports, imports and sample data, until they finish
    QTimer m_filterDebounce;

    QLineEdit *m_search = nullptr;
    QSpinBox *m_minimumAge = nullptr;
    QSpinBox *m_maximumAge = nullptr;
    QTableView *m_usersView = nullptr;
    UserForm *m_form = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_revertButton = nullptr;
    QLabel *m_postsTitle = nullptr;
    QTableView *m_postsView = nullptr;
    SqlLogDock *m_sqlLog = nullptr;
    QLabel *m_databaseLabel;
    QLabel *m_countLabel;
    QLabel *m_activityLabel;

    QAction *m_newUserAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_retryAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_addPostAction = nullptr;
    QAction *m_deletePostAction = nullptr;
    QAction *m_movePostAction = nullptr;
    QAction *m_unassignedAction = nullptr;
    QAction *m_newDatabaseAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_exportJsonAction = nullptr;
    QAction *m_exportCsvAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_sampleDataAction = nullptr;
    QAction *m_quitAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QActionGroup *m_languageGroup = nullptr;
};

} // namespace quarry
