// One committed change on the undo stack. The change is written before the command is pushed
// (every change is committed when the person confirms it), so the first redo() does nothing;
// later undo() and redo() run their step through the ORM and hand the future to the
// ChangeTracker, which keeps the window from starting another change until it has finished.
// One class for every kind of change: what differs is only the two steps, given as functions.
#pragma once

#include <QFuture>
#include <QObject>
#include <QUndoCommand>

#include <functional>

namespace quarry {

// Follows the change being written: one at a time, in order.
class ChangeTracker : public QObject
{
    Q_OBJECT

public:
    using Change = std::function<QFuture<void>()>;

    using QObject::QObject;

    bool isBusy() const { return m_busy; }
    // Starts a change the person asked for. If it fails for a reason that may pass (the
    // database was busy, the server was away), retry() runs it again as it was.
    void start(Change change);
    // Follows an undo or redo (then a failure leaves the history unusable).
    void trackHistory(QFuture<void> change);
    bool canRetry() const { return bool(m_retry); }
    void retry();
    // Forgets the failed change, when the person moves on (another database, another change).
    void forgetRetry();

Q_SIGNALS:
    void busyChanged(bool busy);
    // A change (or its undo or redo) was written: the views reload what they show.
    void changed();
    // It failed; the sentence is for the person. Nothing of it was written.
    void failed(const QString &message, bool fromHistory);
    void canRetryChanged(bool canRetry);

private:
    void track(QFuture<void> change, Change retry);
    void setBusy(bool busy);

    bool m_busy = false;
    Change m_retry;
};

class ChangeCommand : public QUndoCommand
{
public:
    using Step = ChangeTracker::Change;

    ChangeCommand(const QString &text, Step undo, Step redo, ChangeTracker *tracker);

    void undo() override;
    void redo() override;

private:
    Step m_undo;
    Step m_redo;
    ChangeTracker *m_tracker;
    bool m_written = true;
};

} // namespace quarry
