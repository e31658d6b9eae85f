#include "MainWindow.h"

#include "AgeDelegate.h"
#include "ChangeCommand.h"
#include "DemoData.h"
#include "ErrorText.h"
#include "Icons.h"
#include "PostsTableModel.h"
#include "Schema.h"
#include "SqlLogDock.h"
#include "Theme.h"
#include "UserForm.h"
#include "UserPickerDialog.h"
#include "UserStore.h"
#include "UsersTableModel.h"

#include <orm/async/AsyncEngine.h>
#include <orm/async/Deliver.h>
#include <orm/engine/Error.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

constexpr int maxRecentDatabases = 8;
// Long enough to type a word, short enough to feel immediate.
constexpr int filterDelayMs = 250;
// The age filters' lowest value means "any".
constexpr int anyAge = UserValidation::minimumAge - 1;

QSpinBox *ageFilter(QWidget *parent, const QString &name)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(anyAge, UserValidation::maximumAge);
    spin->setSpecialValueText(MainWindow::tr("any"));
    spin->setValue(anyAge);
    spin->setAccessibleName(name);
    return spin;
}

QTableView *tableView(QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    // Rows of one height let the view skip measuring a million of them; a line of text plus
    // room for an editor, whatever the style's default.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                          | QAbstractItemView::AnyKeyPressed);
    view->setAccessibleName(name);
    return view;
}

// The text of a user in messages: their name, or their id when they have none.
QString userLabel(const UserRecord &user)
{
    return user.name.isEmpty() ? MainWindow::tr("user %1").arg(user.id) : user.name;
}

} // namespace

MainWindow::MainWindow(std::shared_ptr<orm::AsyncEngine> engine, QWidget *parent)
    : QMainWindow(parent), m_usersModel(new UsersTableModel(this)),
      m_postsModel(new PostsTableModel(this)), m_undoStack(new QUndoStack(this)),
      m_tracker(new ChangeTracker(this)), m_databaseLabel(new QLabel(this)),
      m_countLabel(new QLabel(this)), m_activityLabel(new QLabel(this))
{
    setWindowIcon(applicationIcon());
    createActions();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->addWidget(createUsersPanel());
    splitter->addWidget(createDetailPanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);

    m_sqlLog = new SqlLogDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_sqlLog);
    m_sqlLog->hide();

    m_databaseLabel->setAccessibleName(tr("Database"));
    m_countLabel->setAccessibleName(tr("Number of users"));
    m_activityLabel->setAccessibleName(tr("Activity"));
    statusBar()->addWidget(m_databaseLabel, 1);
    // Offered beside the sentence that says why a change failed, when trying again may work.
    auto *retryButton = new QToolButton(this);
    retryButton->setObjectName(u"retryButton"_s);
    retryButton->setDefaultAction(m_retryAction);
    retryButton->setAutoRaise(true);
    retryButton->hide();
    statusBar()->addPermanentWidget(retryButton);
    statusBar()->addPermanentWidget(m_activityLabel);
    statusBar()->addPermanentWidget(m_countLabel);

    createMenus();

    connect(m_usersModel, &UsersTableModel::loadingChanged, this, &MainWindow::updateStatus);
    connect(m_usersModel, &UsersTableModel::totalCountChanged, this, &MainWindow::updateStatus);
    connect(m_usersModel, &UsersTableModel::loadFailed, this, &MainWindow::showError);
    connect(m_usersModel, &UsersTableModel::editRejected, this, &MainWindow::showError);
    connect(m_usersModel, &UsersTableModel::editRequested, this, &MainWindow::editUser);
    connect(m_usersModel, &QAbstractItemModel::dataChanged, this, [this] {
        // The current user's page may just have arrived, or been reloaded.
        if (!m_current || m_form->nameEdit()->isModified() || m_form->ageEdit()->isModified())
            return;
        currentUserChanged();
    });
    connect(m_postsModel, &PostsTableModel::loadingChanged, this, &MainWindow::updateStatus);
    connect(m_postsModel, &PostsTableModel::loadFailed, this, &MainWindow::showError);
    connect(m_postsModel, &PostsTableModel::editRejected, this, &MainWindow::showError);
    connect(m_postsModel, &PostsTableModel::editRequested, this,
            [this](const PostRecord &before, const PostRecord &after) {
                editPost(before, after, tr("Rename post"));
            });
    connect(m_tracker, &ChangeTracker::busyChanged, this, &MainWindow::updateActions);
    connect(m_tracker, &ChangeTracker::busyChanged, this, &MainWindow::updateStatus);
    connect(m_tracker, &ChangeTracker::changed, this, &MainWindow::changeWritten);
    connect(m_tracker, &ChangeTracker::failed, this, &MainWindow::changeFailed);
    connect(m_tracker, &ChangeTracker::canRetryChanged, retryButton, &QWidget::setVisible);
    connect(m_tracker, &ChangeTracker::canRetryChanged, this, &MainWindow::updateActions);
    connect(m_undoStack, &QUndoStack::canUndoChanged, this, &MainWindow::updateActions);
    connect(m_undoStack, &QUndoStack::canRedoChanged, this, &MainWindow::updateActions);

    m_filterDebounce.setSingleShot(true);
    m_filterDebounce.setInterval(filterDelayMs);
    connect(&m_filterDebounce, &QTimer::timeout, this, &MainWindow::applyFilter);

    resize(1100, 700);
    restoreSettings();
    updateActions();
    updateStatus();
    if (engine)
        openDatabase(std::move(engine));
}

MainWindow::~MainWindow()
{
    // The children outlive this body (QWidget's destructor deletes them), and what they signal
    // on their way out (the undo stack's clear()) must not reach a window that is no longer
    // a MainWindow.
    for (QObject *child : children())
        disconnect(child, nullptr, this, nullptr);
    // A job still running (an export, an import, sample data) must not outlive the window: it
    // is canceled, so its transaction rolls back (an export leaves no file), and waited for,
    // which takes until its next batch.
    // Only what still runs: Qt 6.4's cancel() of a finished future whose continuation has run
    // reaches into the continuation's freed state.
    for (QFuture<qint64> &job : m_jobs)
        if (!job.isFinished())
            job.cancel();
    for (QFuture<qint64> &job : m_jobs) {
        try {
            job.waitForFinished();
        } catch (...) {
            // Canceled, or failed: either way nothing of it was written, and nobody is left
            // to tell.
        }
    }
}

QFuture<qint64> MainWindow::keepJob(QFuture<qint64> job)
{
    m_jobs.removeIf([](const QFuture<qint64> &done) { return done.isFinished(); });
    m_jobs.append(job);
    return job;
}

QWidget *MainWindow::createUsersPanel()
{
    auto *panel = new QWidget(this);
    m_search = new QLineEdit(panel);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(
            tr("Find users by name (%1)")
                    .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Find users by name"));
    m_minimumAge = ageFilter(panel, tr("Minimum age"));
    m_maximumAge = ageFilter(panel, tr("Maximum age"));
    m_usersView = tableView(panel, tr("Users"));
    m_usersView->setObjectName(u"usersView"_s);
    m_usersView->setModel(m_usersModel);
    m_usersView->setItemDelegateForColumn(UsersTableModel::AgeColumn, new AgeDelegate(this));
    m_usersView->setSortingEnabled(true);
    m_usersView->sortByColumn(UsersTableModel::IdColumn, Qt::AscendingOrder);
    m_usersView->horizontalHeader()->setSectionResizeMode(UsersTableModel::NameColumn,
                                                          QHeaderView::Stretch);
    connect(m_usersView->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column) {
                // The number of posts is not sortable: put the indicator back. A new order starts
                // at its top.
                if (column != UsersTableModel::PostCountColumn) {
                    m_usersView->scrollToTop();
                    return;
                }
                const UserQuery query = m_usersModel->userQuery();
                QSignalBlocker blocker(m_usersView->horizontalHeader());
                m_usersView->horizontalHeader()->setSortIndicator(
                        int(query.sortKey),
                        query.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
            });
    connect(m_usersView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::currentUserChanged);
    connect(m_usersView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    for (auto key : {Qt::Key_Return, Qt::Key_Enter})
        connect(new QShortcut(QKeySequence(key), m_usersView, nullptr, nullptr, Qt::WidgetShortcut),
                &QShortcut::activated, this, &MainWindow::editCurrentCell);

    connect(m_search, &QLineEdit::textChanged, &m_filterDebounce, qOverload<>(&QTimer::start));
    for (QSpinBox *spin : {m_minimumAge, m_maximumAge})
        connect(spin, &QSpinBox::valueChanged, &m_filterDebounce, qOverload<>(&QTimer::start));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    auto *ageLabel = new QLabel(tr("A&ge from"), panel);
    ageLabel->setBuddy(m_minimumAge);
    filters->addWidget(ageLabel);
    filters->addWidget(m_minimumAge);
    auto *toLabel = new QLabel(tr("t&o"), panel);
    toLabel->setBuddy(m_maximumAge);
    filters->addWidget(toLabel);
    filters->addWidget(m_maximumAge);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_usersView);
    return panel;
}

QWidget *MainWindow::createDetailPanel()
{
    auto *panel = new QWidget(this);
    auto *formTitle = new QLabel(tr("<b>User</b>"), panel);
    m_form = new UserForm(panel);
    m_saveButton = new QPushButton(icon(u"edit"_s), tr("&Save"), panel);
    m_saveButton->setObjectName(u"saveButton"_s);
    m_saveButton->setAccessibleDescription(tr("Writes the name and age to the database."));
    m_revertButton = new QPushButton(tr("Rever&t"), panel);
    m_revertButton->setAccessibleDescription(tr("Shows the saved values again."));
    connect(m_saveButton, &QPushButton::clicked, this, &MainWindow::saveForm);
    connect(m_revertButton, &QPushButton::clicked, this, &MainWindow::revertForm);
    connect(m_form, &UserForm::submitted, this, &MainWindow::saveForm);
    connect(m_form, &UserForm::edited, this, &MainWindow::updateActions);

    m_postsTitle = new QLabel(tr("<b>Posts</b> — select a user to see theirs"), panel);
    m_postsTitle->setObjectName(u"postsTitle"_s);
    m_postsView = tableView(panel, tr("Posts"));
    m_postsView->setObjectName(u"postsView"_s);
    m_postsView->setModel(m_postsModel);
    m_postsView->horizontalHeader()->setSectionResizeMode(PostsTableModel::TitleColumn,
                                                          QHeaderView::Stretch);
    connect(m_postsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    // A reload replaces the rows: keep the selected posts selected, by id.
    connect(m_postsModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_selectedPostIds.clear();
        for (const PostRecord &post : selectedPosts())
            m_selectedPostIds.append(post.id);
    });
    connect(m_postsModel, &QAbstractItemModel::modelReset, this, [this] {
        for (qint64 id : std::as_const(m_selectedPostIds))
            if (const auto row = m_postsModel->rowOfPost(id))
                m_postsView->selectionModel()->select(m_postsModel->index(*row, 0),
                                                      QItemSelectionModel::Select
                                                              | QItemSelectionModel::Rows);
        updateActions();
    });
    auto *postsBar = new QToolBar(panel);
    postsBar->setIconSize(QSize(16, 16));
    postsBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    postsBar->addActions({m_addPostAction, m_deletePostAction, m_movePostAction});
    postsBar->addSeparator();
    postsBar->addAction(m_unassignedAction);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 6, 6, 0);
    layout->addWidget(formTitle);
    layout->addWidget(m_form);
    layout->addLayout(buttons);
    layout->addSpacing(8);
    layout->addWidget(m_postsTitle);
    layout->addWidget(postsBar);
    layout->addWidget(m_postsView, 1);
    return panel;
}

void MainWindow::createActions()
{
    const auto make = [this](const QString &objectName, const QString &iconName,
                             const QString &text, const QList<QKeySequence> &keys,
                             const QString &tip, auto slot) {
        auto *action = new QAction(iconName.isEmpty() ? QIcon() : icon(iconName), text, this);
        action->setObjectName(objectName);
        action->setShortcuts(keys);
        action->setStatusTip(tip);
        action->setToolTip(u"%1 (%2)"_s.arg(QString(text).remove(u'&'),
                                            keys.value(0).toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_newUserAction = make(u"newUserAction"_s, u"new-user"_s, tr("&New User…"),
                           {QKeySequence::New, QKeySequence(Qt::Key_Insert)}, tr("Add a user"),
                           &MainWindow::newUserDialog);
    m_editAction = make(u"editAction"_s, u"edit"_s, tr("&Edit Cell"), {QKeySequence(Qt::Key_F2)},
                        tr("Edit the selected cell in place"), &MainWindow::editCurrentCell);
    m_deleteAction
            = make(u"deleteAction"_s, u"delete"_s, tr("&Delete Users…"), {QKeySequence::Delete},
                   tr("Delete the selected users"), [this] { deleteSelectedUsers(); });
    m_findAction = make(u"findAction"_s, u"find"_s, tr("&Find…"), {QKeySequence::Find},
                        tr("Find users by name"), [this] {
                            m_search->setFocus();
                            m_search->selectAll();
                        });
    m_undoAction = make(u"undoAction"_s, u"undo"_s, tr("&Undo"), {QKeySequence::Undo},
                        tr("Undo the last change"), [this] { m_undoStack->undo(); });
    m_redoAction = make(u"redoAction"_s, u"redo"_s, tr("&Redo"),
                        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo},
                        tr("Do the undone change again"), [this] { m_undoStack->redo(); });
    m_retryAction = make(u"retryAction"_s, QString(), tr("Re&try the Change"),
                         {QKeySequence(Qt::CTRL | Qt::Key_R)},
                         tr("Write the change that could not be saved again, as it was"), [this] {
                             if (confirmEditable())
                                 m_tracker->retry();
                         });
    m_refreshAction
            = make(u"refreshAction"_s, u"refresh"_s, tr("Re&fresh"), {QKeySequence(Qt::Key_F5)},
                   tr("Read the users and posts again"), [this] {
                       m_usersModel->reload();
                       m_postsModel->reload();
                   });
    m_addPostAction = make(u"addPostAction"_s, u"add-post"_s, tr("&Add Post…"),
                           {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)},
                           tr("Add a post to the selected user"), &MainWindow::addPostDialog);
    m_deletePostAction = make(u"deletePostAction"_s, u"delete"_s, tr("Delete &Posts"),
                              {QKeySequence(Qt::SHIFT | Qt::Key_Delete)},
                              tr("Delete the selected posts"), &MainWindow::deleteSelectedPosts);
    m_movePostAction
            = make(u"movePostAction"_s, u"move-post"_s, tr("&Move Posts…"),
                   {QKeySequence(Qt::CTRL | Qt::Key_M)},
                   tr("Give the selected posts to another user"), &MainWindow::movePostsDialog);
    m_unassignedAction
            = make(u"unassignedAction"_s, QString(), tr("&Unassigned Posts"),
                   {QKeySequence(Qt::CTRL | Qt::Key_U)}, tr("Show the posts that belong to no one"),
                   [this](bool checked) { showUnassignedPosts(checked); });
    m_unassignedAction->setCheckable(true);
    m_newDatabaseAction
            = make(u"newDatabaseAction"_s, u"new-database"_s, tr("&New Database…"),
                   {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N)},
                   tr("Create an empty SQLite database"), &MainWindow::newDatabaseDialog);
    m_openAction = make(u"openAction"_s, u"open"_s, tr("&Open SQLite File…"), {QKeySequence::Open},
                        tr("Open an SQLite database file"), &MainWindow::openFileDialog);
    m_connectAction = make(u"connectAction"_s, u"connect-server"_s, tr("Co&nnect to Server…"),
                           {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
                           tr("Open a PostgreSQL database by its URL"), &MainWindow::connectDialog);
    m_exportJsonAction = make(u"exportJsonAction"_s, u"export"_s, tr("Export as &JSON…"),
                              {QKeySequence(Qt::CTRL | Qt::Key_E)},
                              tr("Write every user with their posts to a JSON file"),
                              [this] { exportDialog(ExportFormat::Json); });
    m_exportCsvAction = make(u"exportCsvAction"_s, u"export"_s, tr("Export as &CSV…"),
                             {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                             tr("Write every user with their posts to a CSV file"),
                             [this] { exportDialog(ExportFormat::Csv); });
    m_importAction
            = make(u"importAction"_s, u"import"_s, tr("&Import Users from CSV…"),
                   {QKeySequence(Qt::CTRL | Qt::Key_I)},
                   tr("Add the users of a CSV file, all or none"), &MainWindow::importDialog);
    m_sampleDataAction = make(u"sampleDataAction"_s, u"sample-data"_s, tr("Add &Sample Data…"),
                              {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G)},
                              tr("Add made-up users with posts, to try Quarry out"),
                              &MainWindow::sampleDataDialog);
    m_quitAction = make(u"quitAction"_s, QString(), tr("&Quit"), {QKeySequence::Quit},
                        tr("Close Quarry"), &QWidget::close);
    m_quitAction->setMenuRole(QAction::QuitRole);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_newDatabaseAction, m_openAction, m_connectAction});
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(u"recentMenu"_s);
    file->addSeparator();
    file->addActions({m_exportJsonAction, m_exportCsvAction, m_importAction, m_sampleDataAction});
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({m_undoAction, m_redoAction, m_retryAction});
    edit->addSeparator();
    edit->addActions({m_newUserAction, m_editAction, m_deleteAction});
    edit->addSeparator();
    edit->addActions({m_addPostAction, m_deletePostAction, m_movePostAction});
    edit->addSeparator();
    edit->addAction(m_findAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    view->addAction(m_unassignedAction);
    QAction *sqlLog = m_sqlLog->toggleViewAction();
    sqlLog->setIcon(icon(u"sql-log"_s));
    sqlLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(sqlLog);
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const QList<std::pair<QString, QString>> themes {{u"system"_s, tr("Follow the &System")},
                                                     {u"light"_s, tr("&Light")},
                                                     {u"dark"_s, tr("&Dark")}};
    for (const auto &[key, text] : themes) {
        QAction *action = theme->addAction(text, this, [this, key = key] { setTheme(key); });
        action->setCheckable(true);
        action->setData(key);
        m_themeGroup->addAction(action);
    }
    QMenu *language = view->addMenu(tr("Lan&guage"));
    m_languageGroup = new QActionGroup(this);
    const QList<std::pair<QString, QString>> languages {{QString(), tr("Follow the &System")},
                                                        {u"en"_s, u"&English"_s},
                                                        {u"ru"_s, u"&Русский"_s}};
    for (const auto &[key, text] : languages) {
        QAction *action = language->addAction(text, this, [this, key = key] { setLanguage(key); });
        action->setCheckable(true);
        action->setData(key);
        m_languageGroup->addAction(action);
    }

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->addActions({m_openAction, m_refreshAction});
    toolBar->addSeparator();
    toolBar->addActions({m_newUserAction, m_deleteAction});
    toolBar->addSeparator();
    toolBar->addActions({m_undoAction, m_redoAction});
    toolBar->addSeparator();
    toolBar->addAction(m_findAction);
    toolBar->addAction(sqlLog);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    if (auto *splitter = findChild<QSplitter *>(u"mainSplitter"_s))
        splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    const QString theme = settings.value(u"theme"_s, u"system"_s).toString();
    const QString language = settings.value(u"language"_s).toString();
    for (QAction *action : m_themeGroup->actions())
        action->setChecked(action->data().toString() == theme);
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == language);
    updateRecentMenu();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    if (auto *splitter = findChild<QSplitter *>(u"mainSplitter"_s))
        settings.setValue(u"window/splitter"_s, splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    // Icons follow the palette: redraw them when the theme changes.
    if (event->type() == QEvent::PaletteChange)
        update();
    QMainWindow::changeEvent(event);
}

void MainWindow::addRecentDatabase(const QString &url)
{
    QSettings settings;
    QStringList recent = settings.value(u"recentDatabases"_s).toStringList();
    recent.removeAll(url);
    recent.prepend(url);
    settings.setValue(u"recentDatabases"_s, recent.mid(0, maxRecentDatabases));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(u"recentDatabases"_s).toStringList();
    for (qsizetype i = 0; i < recent.size(); ++i) {
        const QString url = recent.at(i);
        QAction *action = m_recentMenu->addAction(u"&%1 %2"_s.arg(i + 1).arg(url), this,
                                                  [this, url] { connectToServer(url); });
        if (i < 9)
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openDatabase(std::shared_ptr<orm::AsyncEngine> engine, bool readOnly)
{
    const quint64 generation = ++m_openGeneration;
    if (m_engine)
        disconnect(m_engine.get(), nullptr, this, nullptr);
    m_engine = std::move(engine);
    m_store = std::make_shared<UserStore>(m_engine);
    m_undoStack->clear();
    m_tracker->forgetRetry();
    m_current.reset();
    m_form->clear();
    m_usersModel->setEngine(nullptr);
    m_postsModel->setStore(m_store);
    // A file we may not write opens read-only at once: with its tables there, preparing the
    // schema writes nothing and would not find out. Nor may we write a file in a folder we may
    // not write: SQLite must make its journal (or WAL) files beside it.
    const orm::Url &opened = m_engine->url();
    const QFileInfo file(opened.database());
    const bool unwritableFile = opened.dialect() == orm::Dialect::SQLite && !opened.isMemory()
            && file.exists()
            && (!file.isWritable() || !QFileInfo(file.absolutePath()).isWritable());
    setReadOnly(readOnly || opened.isReadOnly() || unwritableFile);

    const QString url = m_engine->url().toString();
    setWindowTitle(tr("%1 — Quarry")
                           .arg(m_engine->url().isMemory()
                                        ? tr("In-memory database")
                                        : QFileInfo(m_engine->url().database()).fileName()));
    m_databaseLabel->setText(url);
    m_databaseLabel->setToolTip(url);
    // What was said about the last database is not about this one.
    statusBar()->clearMessage();
    // Queued: statements are reported on the lanes' threads.
    connect(m_engine.get(), &orm::AsyncEngine::statementExecuted, m_sqlLog, &SqlLogDock::append,
            Qt::QueuedConnection);
    m_activityLabel->setText(tr("Opening…"));

    const auto load = [this, generation] {
        if (generation != m_openGeneration)
            return;
        m_activityLabel->clear();
        m_usersModel->setEngine(m_engine);
        updateStatus();
    };
    if (m_readOnly) {
        load();
        return;
    }
    orm::deliver(m_engine->runSync([](orm::Connection &c) { prepareSchema(c); }), this)
            .then(this, load)
            .onFailed(this, [this, generation, load](const orm::Error &error) {
                if (generation != m_openGeneration)
                    return;
                const QString sentence = describeError(error);
                if (error.message().contains(u"readonly"_s, Qt::CaseInsensitive)) {
                    // A file we may read but not write: browse it without editing.
                    setReadOnly(true);
                    load();
                    showMessage(tr("Opened read-only: the file cannot be written."));
                    return;
                }
                m_activityLabel->clear();
                showError(sentence);
            });
    if (!m_engine->url().isMemory() && m_engine->dialect() == orm::Dialect::SQLite)
        addRecentDatabase(m_engine->url().database());
    else if (!m_engine->url().isMemory())
        addRecentDatabase(m_engine->url().toString(true));
}

void MainWindow::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_usersModel->setReadOnly(readOnly);
    m_postsModel->setReadOnly(readOnly);
    m_form->setEnabled(!readOnly);
    updateActions();
}

bool MainWindow::isWriting() const
{
    return m_tracker->isBusy();
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message);
    QApplication::beep();
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 10'000);
}

void MainWindow::updateStatus()
{
    QString activity;
    if (m_tracker->isBusy())
        activity = tr("Saving…");
    else if (m_usersModel->isLoading())
        activity = tr("Loading users…");
    else if (m_postsModel->isLoading())
        activity = tr("Loading posts…");
    if (!activity.isEmpty() || m_engine)
        m_activityLabel->setText(activity);
    if (const auto total = m_usersModel->totalCount())
        m_countLabel->setText(tr("%n user(s)", nullptr, int(std::min<qint64>(*total, INT_MAX))));
    else
        m_countLabel->setText(m_engine ? tr("Counting…") : QString());
    if (m_readOnly)
        m_countLabel->setText(m_countLabel->text() + u" · "_s + tr("read-only"));
}

QString MainWindow::statusText() const
{
    const QString message = statusBar()->currentMessage();
    return message.isEmpty() ? m_countLabel->text() : message;
}

void MainWindow::updateActions()
{
    const bool open = m_engine != nullptr;
    const bool writable = open && !m_readOnly && !m_tracker->isBusy();
    const bool hasUsers = !selectedUsers().isEmpty();
    const bool hasPosts = !selectedPosts().isEmpty();
    m_newUserAction->setEnabled(writable);
    m_editAction->setEnabled(writable && m_usersView->currentIndex().isValid());
    m_deleteAction->setEnabled(writable && hasUsers);
    m_undoAction->setEnabled(writable && m_undoStack->canUndo());
    m_redoAction->setEnabled(writable && m_undoStack->canRedo());
    m_retryAction->setEnabled(writable && m_tracker->canRetry());
    m_undoAction->setText(m_undoStack->canUndo() ? tr("&Undo %1").arg(m_undoStack->undoText())
                                                 : tr("&Undo"));
    m_redoAction->setText(m_undoStack->canRedo() ? tr("&Redo %1").arg(m_undoStack->redoText())
                                                 : tr("&Redo"));
    m_refreshAction->setEnabled(open);
    m_findAction->setEnabled(open);
    m_addPostAction->setEnabled(writable && m_postsModel->hasOwner());
    m_deletePostAction->setEnabled(writable && hasPosts);
    m_movePostAction->setEnabled(writable && hasPosts);
    m_unassignedAction->setEnabled(open);
    m_exportJsonAction->setEnabled(open);
    m_exportCsvAction->setEnabled(open);
    m_importAction->setEnabled(writable);
    m_sampleDataAction->setEnabled(writable);
    const bool formChanged
            = m_current && (m_form->nameEdit()->isModified() || m_form->ageEdit()->isModified());
    m_saveButton->setEnabled(writable && formChanged);
    m_revertButton->setEnabled(formChanged);
    m_form->setEnabled(!m_readOnly && m_current.has_value());
}

void MainWindow::applyFilter()
{
    UserQuery query = m_usersModel->userQuery();
    query.nameContains = m_search->text().trimmed();
    const auto age = [](QSpinBox *spin) {
        return spin->value() == anyAge ? std::nullopt : std::optional<int>(spin->value());
    };
    query.minimumAge = age(m_minimumAge);
    query.maximumAge = age(m_maximumAge);
    // A new result starts at its top, whatever was scrolled to before.
    m_usersView->scrollToTop();
    m_usersModel->setUserQuery(query);
}

void MainWindow::currentUserChanged()
{
    const QModelIndex current = m_usersView->currentIndex();
    const std::optional<UserRecord> user
            = current.isValid() ? m_usersModel->userAt(current.row()) : std::nullopt;
    const bool sameUser = user && m_current && user->id == m_current->id;
    m_current = user;
    if (user)
        m_form->setValues(user->name, user->age);
    else
        m_form->clear();
    if (!m_unassignedAction->isChecked()) {
        if (user) {
            m_postsTitle->setText(tr("<b>Posts of %1</b>").arg(userLabel(*user).toHtmlEscaped()));
            if (!sameUser)
                m_postsModel->setOwner(user->id);
        } else {
            m_postsTitle->setText(tr("<b>Posts</b> — select a user to see theirs"));
            m_postsModel->clearOwner();
        }
    }
    updateActions();
}

void MainWindow::saveForm()
{
    if (!m_current || m_readOnly || m_tracker->isBusy())
        return;
    const UserValidation checked = m_form->validate();
    if (!checked.isValid())
        return;
    UserRecord after = *m_current;
    after.name = checked.name;
    after.age = checked.age;
    if (after == *m_current) {
        revertForm();
        return;
    }
    editUser(*m_current, after);
}

void MainWindow::revertForm()
{
    if (m_current)
        m_form->setValues(m_current->name, m_current->age);
    updateActions();
}

void MainWindow::editCurrentCell()
{
    const QModelIndex current = m_usersView->currentIndex();
    if (!current.isValid())
        return;
    // The id and the number of posts are not editable: edit the name instead.
    const QModelIndex target = (current.flags() & Qt::ItemIsEditable)
            ? current
            : current.siblingAtColumn(UsersTableModel::NameColumn);
    m_usersView->setCurrentIndex(target);
    m_usersView->edit(target);
}

bool MainWindow::confirmEditable()
{
    if (!m_engine || m_readOnly) {
        showError(tr("The database is open read-only."));
        return false;
    }
    if (m_tracker->isBusy()) {
        showError(tr("Wait until the last change has been saved."));
        return false;
    }
    return true;
}

void MainWindow::createUser(const QString &name, std::optional<int> age)
{
    if (!confirmEditable())
        return;
    auto store = m_store;
    m_tracker->start([=, this] {
        return orm::deliver(store->createUser(name, age), this)
                .then(this, [this, store](UserRecord user) {
                    auto deleted = std::make_shared<DeletedUsers>();
                    deleted->users = {user};
                    m_undoStack->push(new ChangeCommand(
                            tr("Add %1").arg(userLabel(user)),
                            [store, deleted, id = user.id, tracker = m_tracker] {
                                return orm::deliver(store->deleteUsers({id}, true), tracker)
                                        .then(tracker,
                                              [deleted](DeletedUsers gone) { *deleted = gone; });
                            },
                            [store, deleted] { return store->restoreUsers(*deleted); }, m_tracker));
                    showMessage(tr("Added %1.").arg(userLabel(user)));
                });
    });
}

void MainWindow::editUser(const UserRecord &before, const UserRecord &after)
{
    if (!confirmEditable())
        return;
    auto store = m_store;
    m_usersModel->updateUser(after);
    m_tracker->start([=, this] {
        return orm::deliver(store->updateUser(after), this)
                .then(this, [this, store, before, after] {
                    m_undoStack->push(new ChangeCommand(
                            tr("Edit %1").arg(userLabel(before)),
                            [store, before] { return store->updateUser(before); },
                            [store, after] { return store->updateUser(after); }, m_tracker));
                });
    });
}

QList<UserRecord> MainWindow::selectedUsers() const
{
    QList<UserRecord> users;
    for (const QModelIndex &row : m_usersView->selectionModel()->selectedRows())
        if (const auto user = m_usersModel->userAt(row.row()))
            users.append(*user);
    return users;
}

void MainWindow::deleteSelectedUsers(PostsOnDelete posts)
{
    if (!confirmEditable())
        return;
    const QList<UserRecord> users = selectedUsers();
    if (users.isEmpty())
        return;
    qint64 postCount = 0;
    for (const UserRecord &user : users)
        postCount += user.postCount;
    // Not the status bar's "%n user(s)": in Russian the object of "delete" takes another case.
    const QString who = users.size() == 1
            ? userLabel(users.first())
            : tr("%n user(s)", "the users a deletion is about", int(users.size()));
    if (posts == PostsOnDelete::Ask) {
        QMessageBox box(this);
        box.setObjectName(u"deleteUsersBox"_s);
        box.setIcon(QMessageBox::Question);
        box.setWindowTitle(tr("Delete Users"));
        box.setText(tr("Delete %1?").arg(who));
        QPushButton *deletePosts = nullptr;
        QPushButton *keepPosts = nullptr;
        if (postCount > 0) {
            box.setInformativeText(
                    tr("They have %n post(s). Delete the posts too, or keep them unassigned?",
                       nullptr, int(postCount)));
            deletePosts = box.addButton(tr("Delete Posts Too"), QMessageBox::DestructiveRole);
            deletePosts->setObjectName(u"deletePostsButton"_s);
            keepPosts = box.addButton(tr("Keep Posts Unassigned"), QMessageBox::AcceptRole);
            keepPosts->setObjectName(u"keepPostsButton"_s);
        } else {
            box.setInformativeText(tr("You can undo this with Ctrl+Z."));
            deletePosts = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
            deletePosts->setObjectName(u"deletePostsButton"_s);
        }
        box.addButton(QMessageBox::Cancel)->setObjectName(u"cancelButton"_s);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() == deletePosts)
            posts = PostsOnDelete::Delete;
        else if (keepPosts && box.clickedButton() == keepPosts)
            posts = PostsOnDelete::Keep;
        else
            return;
    }
    QList<qint64> ids;
    for (const UserRecord &user : users)
        ids.append(user.id);
    const bool deletePosts = posts == PostsOnDelete::Delete;
    auto store = m_store;
    m_tracker->start([=, this] {
        return orm::deliver(store->deleteUsers(ids, deletePosts), this)
                .then(this, [this, store, ids, deletePosts, who](DeletedUsers gone) {
                    auto deleted = std::make_shared<DeletedUsers>(gone);
                    m_undoStack->push(new ChangeCommand(
                            tr("Delete %1").arg(who),
                            [store, deleted] { return store->restoreUsers(*deleted); },
                            [store, deleted, ids, deletePosts, tracker = m_tracker] {
                                return orm::deliver(store->deleteUsers(ids, deletePosts), tracker)
                                        .then(tracker,
                                              [deleted](DeletedUsers again) { *deleted = again; });
                            },
                            m_tracker));
                    showMessage(tr("Deleted %1.").arg(who));
                });
    });
}

QList<PostRecord> MainWindow::selectedPosts() const
{
    QList<PostRecord> posts;
    for (const QModelIndex &row : m_postsView->selectionModel()->selectedRows())
        posts.append(m_postsModel->postAt(row.row()));
    return posts;
}

void MainWindow::addPost(const QString &text)
{
    if (!confirmEditable() || !m_postsModel->hasOwner())
        return;
    QString error;
    const std::optional<QString> title = PostsTableModel::checkTitle(text, &error);
    if (!title) {
        showError(error);
        return;
    }
    auto store = m_store;
    m_tracker->start([=, this] {
        return orm::deliver(store->addPost(m_postsModel->owner(), *title), this)
                .then(this, [this, store](PostRecord post) {
                    m_undoStack->push(new ChangeCommand(
                            tr("Add post %1").arg(post.title),
                            [store, id = post.id, tracker = m_tracker] {
                                return orm::deliver(store->deletePosts({id}), tracker)
                                        .then(tracker, [](QList<PostRecord>) {});
                            },
                            [store, post] { return store->restorePosts({post}); }, m_tracker));
                });
    });
}

void MainWindow::editPost(const PostRecord &before, const PostRecord &after, const QString &text)
{
    if (!confirmEditable())
        return;
    auto store = m_store;
    m_tracker->start([=, this] {
        return orm::deliver(store->updatePost(after), this)
                .then(this, [this, store, before, after, text] {
                    m_undoStack->push(new ChangeCommand(
                            text, [store, before] { return store->updatePost(before); },
                            [store, after] { return store->updatePost(after); }, m_tracker));
                });
    });
}

void MainWindow::deleteSelectedPosts()
{
    if (!confirmEditable())
        return;
    QList<qint64> ids;
    for (const PostRecord &post : selectedPosts())
        ids.append(post.id);
    if (ids.isEmpty())
        return;
    auto store = m_store;
    m_tracker->start([=, this] {
        return orm::deliver(store->deletePosts(ids), this)
                .then(this, [this, store, ids](QList<PostRecord> gone) {
                    m_undoStack->push(new ChangeCommand(
                            tr("Delete %n post(s)", nullptr, int(gone.size())),
                            [store, gone] { return store->restorePosts(gone); },
                            [store, ids, tracker = m_tracker] {
                                return orm::deliver(store->deletePosts(ids), tracker)
                                        .then(tracker, [](QList<PostRecord>) {});
                            },
                            m_tracker));
                });
    });
}

void MainWindow::moveSelectedPosts(std::optional<qint64> userId)
{
    if (!confirmEditable())
        return;
    const QList<PostRecord> before = selectedPosts();
    if (before.isEmpty())
        return;
    QList<PostRecord> after = before;
    for (PostRecord &post : after)
        post.userId = userId;
    auto store = m_store;
    // whenAll() attaches a continuation to each write: they are delivered here first.
    const auto writeAll = [store, tracker = m_tracker](const QList<PostRecord> &posts) {
        QList<QFuture<void>> writes;
        for (const PostRecord &post : posts)
            writes.append(orm::deliver(store->updatePost(post), tracker));
        return QtFuture::whenAll(writes.begin(), writes.end()).then([](QList<QFuture<void>> done) {
            for (QFuture<void> &write : done)
                write.waitForFinished(); // rethrows the first failure
        });
    };
    m_tracker->start([=, this] {
        return writeAll(after).then(this, [this, writeAll, before, after] {
            m_undoStack->push(new ChangeCommand(
                    tr("Move %n post(s)", nullptr, int(before.size())),
                    [writeAll, before] { return writeAll(before); },
                    [writeAll, after] { return writeAll(after); }, m_tracker));
        });
    });
}

void MainWindow::showUnassignedPosts(bool show)
{
    m_unassignedAction->setChecked(show);
    if (show) {
        m_postsTitle->setText(tr("<b>Unassigned posts</b>"));
        m_postsModel->setOwner(std::nullopt);
    } else {
        m_current.reset();
        currentUserChanged();
    }
    updateActions();
}

void MainWindow::changeWritten()
{
    m_usersModel->reload();
    m_postsModel->reload();
    updateActions();
}

void MainWindow::changeFailed(const QString &message, bool fromHistory)
{
    if (fromHistory) {
        // The database is not as the history says it is: undoing further would be guesswork.
        m_undoStack->clear();
        showError(tr("%1 The undo history was cleared.").arg(message));
    } else {
        showError(message);
    }
    // Show what is really there now.
    changeWritten();
}

void MainWindow::newUserDialog()
{
    if (!confirmEditable())
        return;
    QDialog dialog(this);
    dialog.setObjectName(u"newUserDialog"_s);
    dialog.setWindowTitle(tr("New User"));
    auto *form = new UserForm(&dialog);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    const auto submit = [&] {
        if (form->validate().isValid())
            dialog.accept();
    };
    connect(buttons, &QDialogButtonBox::accepted, &dialog, submit);
    connect(form, &UserForm::submitted, &dialog, submit);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const UserValidation checked = form->validate();
    createUser(checked.name, checked.age);
}

void MainWindow::addPostDialog()
{
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("Add Post"), tr("Title:"),
                                                QLineEdit::Normal, QString(), &ok);
    if (ok)
        addPost(title);
}

void MainWindow::movePostsDialog()
{
    if (!m_engine || selectedPosts().isEmpty())
        return;
    UserPickerDialog picker(m_engine, this);
    if (picker.exec() == QDialog::Accepted)
        moveSelectedPosts(picker.chosenUser());
}

void MainWindow::openFile(const QString &path)
{
    try {
        openDatabase(orm::createAsyncEngine(orm::Url::sqliteFile(path), {.echo = false}));
    } catch (const orm::Error &error) {
        showError(describeError(error));
    }
}

void MainWindow::newDatabase(const QString &path)
{
    // An existing file the person chose to replace goes only once the new one can be made.
    if (QFileInfo::exists(path) && !QFile::remove(path)) {
        showError(tr("%1 cannot be replaced.").arg(QDir::toNativeSeparators(path)));
        return;
    }
    openFile(path);
}

void MainWindow::connectToServer(const QString &url)
{
    try {
        const bool isUrl = url.contains(u"://"_s);
        openDatabase(
                orm::createAsyncEngine(isUrl ? orm::Url::parse(url) : orm::Url::sqliteFile(url)));
    } catch (const orm::Error &error) {
        showError(describeError(error));
    }
}

void MainWindow::exportUsers(const QString &path, ExportFormat format)
{
    if (!m_engine)
        return;
    m_activityLabel->setText(tr("Exporting…"));
    orm::deliver(keepJob(quarry::exportUsers(m_engine, format, path)), this)
            .then(this,
                  [this, path](qint64 count) {
                      m_activityLabel->clear();
                      showMessage(tr("Exported %n user(s) to %1.", nullptr, int(count))
                                          .arg(QDir::toNativeSeparators(path)));
                  })
            .onFailed(this,
                      [this](const TransferError &error) {
                          m_activityLabel->clear();
                          showError(error.message());
                      })
            .onFailed(this, [this](const orm::Error &error) {
                m_activityLabel->clear();
                showError(describeError(error));
            });
}

void MainWindow::importUsers(const QString &path)
{
    if (!confirmEditable())
        return;
    m_activityLabel->setText(tr("Importing…"));
    const auto failed = [this](const QString &message) {
        m_activityLabel->clear();
        showError(tr("Nothing was imported: %1").arg(message));
    };
    orm::deliver(keepJob(importUsersCsv(m_engine, path)), this)
            .then(this,
                  [this](qint64 count) {
                      m_activityLabel->clear();
                      showMessage(tr("Imported %n user(s).", nullptr, int(count)));
                      changeWritten();
                  })
            .onFailed(this, [failed](const TransferError &error) { failed(error.message()); })
            .onFailed(this, [failed](const orm::Error &error) { failed(describeError(error)); });
}

void MainWindow::generateSampleData(qint64 users)
{
    if (!confirmEditable())
        return;
    m_activityLabel->setText(tr("Adding sample data…"));
    orm::deliver(keepJob(generateDemoData(m_engine, users)), this)
            .then(this,
                  [this](qint64 count) {
                      m_activityLabel->clear();
                      showMessage(tr("Added %n sample user(s).", nullptr, int(count)));
                      changeWritten();
                  })
            .onFailed(this, [this](const orm::Error &error) {
                m_activityLabel->clear();
                showError(describeError(error));
            });
}

void MainWindow::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(
            this, tr("Open SQLite Database"), QString(),
            tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::newDatabaseDialog()
{
    const QString path = QFileDialog::getSaveFileName(
            this, tr("New SQLite Database"), u"quarry.db"_s, tr("SQLite databases (*.db)"));
    if (!path.isEmpty())
        newDatabase(path);
}

void MainWindow::connectDialog()
{
    bool ok = false;
    const QString url = QInputDialog::getText(
            this, tr("Connect to Server"),
            tr("Database URL, like postgresql://user:password@host:5432/database"),
            QLineEdit::Normal, QString(), &ok);
    if (ok && !url.trimmed().isEmpty())
        connectToServer(url.trimmed());
}

void MainWindow::exportDialog(ExportFormat format)
{
    const bool json = format == ExportFormat::Json;
    const QString path = QFileDialog::getSaveFileName(
            this, json ? tr("Export as JSON") : tr("Export as CSV"),
            json ? u"users.json"_s : u"users.csv"_s,
            json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportUsers(path, format);
}

void MainWindow::importDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Users from CSV"), QString(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        importUsers(path);
}

void MainWindow::sampleDataDialog()
{
    bool ok = false;
    const int users = QInputDialog::getInt(this, tr("Add Sample Data"),
                                           tr("How many users (each with up to five posts)?"), 1000,
                                           1, 10'000'000, 1000, &ok);
    if (ok)
        generateSampleData(users);
}

void MainWindow::setTheme(const QString &theme)
{
    QSettings().setValue(u"theme"_s, theme);
    applyTheme(themeFromString(theme));
}

void MainWindow::setLanguage(const QString &language)
{
    QSettings().setValue(u"language"_s, language);
    showMessage(tr("The language changes the next time Quarry starts."));
}

} // namespace quarry
