#include "MainWindow.h"

#include "Models.h"
#include "UsersTableModel.h"

#include <orm/async/AsyncEngine.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace quarry {

namespace {

// Enough history to scroll back through a session's work without growing without bound.
constexpr int sqlLogLineLimit = 5000;

} // namespace

MainWindow::MainWindow(std::shared_ptr<orm::AsyncEngine> engine, QWidget *parent)
    : QMainWindow(parent), m_engine(std::move(engine)),
      m_usersModel(new UsersTableModel(m_engine, this)), m_usersView(new QTableView(this)),
      m_sqlLog(new QPlainTextEdit(this)), m_databaseLabel(new QLabel(this)),
      m_countLabel(new QLabel(this))
{
    setWindowTitle(tr("Quarry — %1").arg(m_engine->url().toString()));
    m_usersView->setModel(m_usersModel);
    m_usersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_usersView->setAlternatingRowColors(true);
    m_usersView->verticalHeader()->hide();
    m_usersView->horizontalHeader()->setSectionResizeMode(UsersTableModel::NameColumn,
                                                          QHeaderView::Stretch);
    m_usersView->setAccessibleName(tr("Users"));
    setCentralWidget(m_usersView);

    m_sqlLog->setReadOnly(true);
    m_sqlLog->setMaximumBlockCount(sqlLogLineLimit);
    m_sqlLog->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sqlLog->setAccessibleName(tr("SQL log"));
    auto *sqlDock = new QDockWidget(tr("SQL Log"), this);
    sqlDock->setObjectName(u"sqlLogDock"_s);
    sqlDock->setWidget(m_sqlLog);
    addDockWidget(Qt::BottomDockWidgetArea, sqlDock);
    sqlDock->setVisible(m_engine->echo());

    m_databaseLabel->setText(m_engine->url().toString());
    statusBar()->addWidget(m_databaseLabel, 1);
    statusBar()->addPermanentWidget(m_countLabel);

    createActions();
    menuBar()->addMenu(tr("&View"))->addAction(sqlDock->toggleViewAction());
    sqlDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));

    connect(m_usersModel, &UsersTableModel::loadingChanged, this, &MainWindow::updateStatus);
    connect(m_usersModel, &UsersTableModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_usersModel, &UsersTableModel::loadFailed, this, &MainWindow::showError);
    // Queued: statements are reported on the lanes' threads.
    connect(m_engine.get(), &orm::AsyncEngine::statementExecuted, this, &MainWindow::appendToSqlLog,
            Qt::QueuedConnection);

    resize(900, 600);
    prepareDatabase();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *refresh = fileMenu->addAction(tr("&Refresh"), m_usersModel, &UsersTableModel::reload);
    refresh->setShortcut(QKeySequence::Refresh);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::prepareDatabase()
{
    m_countLabel->setText(tr("Opening…"));
    m_engine->runSync([](orm::Connection &c) { Base.createAll(c); })
            .then(this, [this] { m_usersModel->reload(); })
            .onFailed(this, [this](const orm::Error &error) { showError(error.message()); });
}

void MainWindow::showError(const QString &message)
{
    m_countLabel->clear();
    statusBar()->showMessage(tr("Error: %1").arg(message.section(u'\n', 0, 0)));
}

void MainWindow::updateStatus()
{
    if (m_usersModel->isLoading()) {
        m_countLabel->setText(tr("Loading users…"));
        return;
    }
    m_countLabel->setText(tr("%n user(s)", nullptr, m_usersModel->rowCount()));
}

QString MainWindow::statusText() const
{
    const QString message = statusBar()->currentMessage();
    return message.isEmpty() ? m_countLabel->text() : message;
}

void MainWindow::appendToSqlLog(const orm::StatementLog &log)
{
    m_sqlLog->appendPlainText(log.toString());
}

} // namespace quarry
