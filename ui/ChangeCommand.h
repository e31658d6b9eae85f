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
    using QObject::QObject;

    bool isBusy() const { return m_busy; }
    // fromHistory: the change is an undo or redo (then a failure leaves the history unusable).
    void track(QFuture<void> change, bool fromHistory = false);

Q_SIGNALS:
    void busyChanged(bool busy);
    // A change (or its undo or redo) was written: the views reload what they show.
    void changed();
    // It failed; the sentence is for the person. Nothing of it was written.
    void failed(const QString &message, bool fromHistory);

private:
    void setBusy(bool busy);

    bool m_busy = false;
};

class ChangeCommand : public QUndoCommand
{
public:
    using Step = std::function<QFuture<void>()>;

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
