#include "ChangeCommand.h"

#include "ErrorText.h"

#include <orm/engine/Error.h>

namespace quarry {

void ChangeTracker::track(QFuture<void> change, bool fromHistory)
{
    setBusy(true);
    change.then(this, [this] {
              setBusy(false);
              Q_EMIT changed();
          }).onFailed(this, [this, fromHistory](const orm::Error &error) {
        setBusy(false);
        Q_EMIT failed(describeError(error), fromHistory);
    });
}

void ChangeTracker::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

ChangeCommand::ChangeCommand(const QString &text, Step undo, Step redo, ChangeTracker *tracker)
    : m_undo(std::move(undo)), m_redo(std::move(redo)), m_tracker(tracker)
{
    setText(text);
}

void ChangeCommand::undo()
{
    m_tracker->track(m_undo(), true);
}

void ChangeCommand::redo()
{
    // Pushed after the change was written: nothing to do the first time.
    if (std::exchange(m_written, false))
        return;
    m_tracker->track(m_redo(), true);
}

} // namespace quarry
