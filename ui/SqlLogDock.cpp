#include "SqlLogDock.h"

#include "Icons.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace quarry {

SqlLogDock::SqlLogDock(QWidget *parent)
    : QDockWidget(parent), m_model(new SqlLogModel(this)),
      m_filter(new QSortFilterProxyModel(this)), m_view(new QTableView),
      m_filterEdit(new QLineEdit), m_countLabel(new QLabel), m_copyButton(new QToolButton),
      m_clearButton(new QToolButton), m_copyAction(new QAction(this)),
      m_clearAction(new QAction(this)), m_flushTimer(new QTimer(this))
{
    setObjectName(u"sqlLogDock"_s);
    toggleViewAction()->setIcon(icon(u"sql-log"_s));

    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(SqlLogModel::FilterTextRole);
    m_filter->setFilterKeyColumn(SqlLogModel::TimeColumn);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setSortRole(SqlLogModel::SortRole);

    m_filterEdit->setObjectName(u"sqlLogFilter"_s);
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter,
            &QSortFilterProxyModel::setFilterFixedString);

    m_countLabel->setObjectName(u"sqlLogCount"_s);

    m_copyAction->setObjectName(u"copySqlStatements"_s);
    m_copyAction->setIcon(icon(u"copy"_s));
    m_copyAction->setShortcut(QKeySequence::Copy);
    // Ctrl+C belongs to the table only while it has the focus; elsewhere it copies as usual.
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyAction, &QAction::triggered, this, &SqlLogDock::copySelection);
    m_clearAction->setObjectName(u"clearSqlLog"_s);
    m_clearAction->setIcon(icon(u"clear"_s));
    connect(m_clearAction, &QAction::triggered, this, &SqlLogDock::clearLog);
    m_copyButton->setDefaultAction(m_copyAction);
    m_clearButton->setDefaultAction(m_clearAction);
    for (QToolButton *button : {m_copyButton, m_clearButton})
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_view->setObjectName(u"sqlLogView"_s);
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Uniform rows: a table of thousands of statements should not measure each one.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(SqlLogModel::SqlColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SqlLogModel::TimeColumn, Qt::AscendingOrder);
    m_view->addAction(m_copyAction);
    m_view->addAction(m_clearAction);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SqlLogDock::updateActions);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_countLabel);
    bar->addWidget(m_copyButton);
    bar->addWidget(m_clearButton);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view);
    setWidget(content);
    setFocusProxy(m_view);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, [this] {
            updateCount();
            updateActions();
        });
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        updateCount();
        updateActions();
    });
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &SqlLogDock::updateCount);

    // 0 ms: the statements already queued when the loop gets here come in one batch.
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(0);
    connect(m_flushTimer, &QTimer::timeout, this, &SqlLogDock::flush);

    retranslate();
    updateCount();
    updateActions();
    // Off by default, as the issue asks; restoreState() or the toggle action shows it.
    hide();
}

SqlLogDock::~SqlLogDock() = default;

void SqlLogDock::append(const orm::StatementLog &statement)
{
    m_pending.append(SqlLogModel::Entry {statement, QDateTime::currentDateTime()});
    // Should the event loop be starved, the waiting statements stay within the model's bound.
    if (m_pending.size() > m_model->capacity())
        m_pending.remove(0, m_pending.size() - m_model->capacity());
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void SqlLogDock::flush()
{
    m_flushTimer->stop();
    if (m_pending.isEmpty())
        return;
    // Follow the newest statements as a terminal does, unless the person scrolled up to read.
    const QScrollBar *scrollBar = m_view->verticalScrollBar();
    const bool following = scrollBar->value() == scrollBar->maximum();
    const QList<SqlLogModel::Entry> entries = std::exchange(m_pending, {});
    m_model->append(entries);
    if (following)
        m_view->scrollToBottom();
}

QString SqlLogDock::selectedStatements() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    lines.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows))
        lines << row.data(SqlLogModel::EchoLineRole).toString();
    return lines.join(u'\n');
}

void SqlLogDock::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDockWidget::changeEvent(event);
}

void SqlLogDock::copySelection()
{
    const QString text = selectedStatements();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void SqlLogDock::clearLog()
{
    m_pending.clear();
    m_model->clear();
}

void SqlLogDock::updateActions()
{
    m_copyAction->setEnabled(m_view->selectionModel()->hasSelection());
    m_clearAction->setEnabled(m_model->rowCount() > 0 || !m_pending.isEmpty());
}

void SqlLogDock::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_countLabel->setText(shown == total ? tr("%n statement(s)", nullptr, total)
                                         : tr("%1 of %n statement(s)", nullptr, total).arg(shown));
}

void SqlLogDock::retranslate()
{
    setWindowTitle(tr("SQL Log"));
    setAccessibleName(tr("SQL log"));
    setAccessibleDescription(
            tr("Every statement sent to the database, with its parameters, duration and rows"));
    toggleViewAction()->setText(tr("SQL &Log"));
    toggleViewAction()->setToolTip(tr("Show or hide the statements sent to the database"));

    m_filterEdit->setPlaceholderText(tr("Filter SQL and parameters"));
    m_filterEdit->setAccessibleName(tr("Filter statements"));
    m_filterEdit->setAccessibleDescription(tr(
            "Shows only the statements whose SQL or parameters contain this text, ignoring case"));
    m_filterEdit->setToolTip(m_filterEdit->accessibleDescription());

    m_countLabel->setAccessibleName(tr("Number of statements"));
    m_countLabel->setAccessibleDescription(tr("How many statements are shown and logged"));

    m_view->setAccessibleName(tr("Statements"));
    m_view->setAccessibleDescription(
            tr("One row per statement: time, SQL, parameters, duration in milliseconds, rows and "
               "error. Failed statements are shown in red."));

    m_copyAction->setText(tr("&Copy"));
    m_copyAction->setToolTip(
            tr("Copy the selected statements as text (%1)")
                    .arg(m_copyAction->shortcut().toString(QKeySequence::NativeText)));
    m_copyButton->setAccessibleName(tr("Copy statements"));
    m_copyButton->setAccessibleDescription(
            tr("Copies the selected statements, one line each, with parameters, duration and "
               "rows"));

    m_clearAction->setText(tr("C&lear"));
    m_clearAction->setToolTip(tr("Remove every statement from the log"));
    m_clearButton->setAccessibleName(tr("Clear log"));
    m_clearButton->setAccessibleDescription(
            tr("Removes every statement from the log; the database is not changed"));
}

} // namespace quarry
