// The SQL log dock: every statement the ORM sends (the seed's echo=True, made visible), with its
// parameters, duration, rows and error; filterable, sortable, copyable as echo lines. Hidden until
// the person shows it (toggleViewAction()).
#pragma once

#include "SqlLogModel.h"

#include <QDockWidget>
#include <QList>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class QToolButton;

namespace quarry {

class SqlLogDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit SqlLogDock(QWidget *parent);
    ~SqlLogDock() override;

    // Logs one statement. Statements arriving in a burst (AsyncEngine::statementExecuted, queued
    // from the lane threads) are gathered and reach the model together once the event loop runs,
    // so a flood of them costs one insertion, not one repaint each.
    void append(const orm::StatementLog &statement);
    // Moves the statements append() gathered into the model now.
    void flush();

    SqlLogModel *model() const { return m_model; }
    // What the table shows: the model, filtered and sorted.
    QSortFilterProxyModel *filterModel() const { return m_filter; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    // Ctrl+C in the table: the selected statements as echo lines.
    QAction *copyAction() const { return m_copyAction; }
    QAction *clearAction() const { return m_clearAction; }

    // The echo lines (StatementLog::toString()) of the selected statements, in the order shown.
    QString selectedStatements() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void copySelection();
    void clearLog();
    void updateActions();
    void updateCount();
    void retranslate();

    SqlLogModel *m_model;
    QSortFilterProxyModel *m_filter;
    QTableView *m_view;
    QLineEdit *m_filterEdit;
    QLabel *m_countLabel;
    QToolButton *m_copyButton;
    QToolButton *m_clearButton;
    QAction *m_copyAction;
    QAction *m_clearAction;
    QTimer *m_flushTimer;
    QList<SqlLogModel::Entry> m_pending;
};

} // namespace quarry
