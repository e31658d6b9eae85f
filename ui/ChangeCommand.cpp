#include "ChangeCommand.h"

#include "ErrorText.h"

#include <orm/async/Deliver.h>
#include <orm/engine/Error.h>

namespace quarry {

void ChangeTracker::start(Change change)
{
    forgetRetry();
    QFuture<void> started = change();
    track(std::move(started), std::move(change));
}

void ChangeTracker::trackHistory(QFuture<void> change)
{
    forgetRetry();
    track(std::move(change), {});
}

void ChangeTracker::retry()
{
    if (!m_busy && m_retry)
        start(m_retry);
}

void ChangeTracker::forgetRetry()
{
    if (std::exchange(m_retry, {}))
        Q_EMIT canRetryChanged(false);
}

void ChangeTracker::track(QFuture<void> change, Change retry)
{
    setBusy(true);
    const bool fromHistory = !retry;
    // A change may come straight from a lane (undo, redo, retry).
    orm::deliver(std::move(change), this)
            .then(this,
                  [this] {
                      setBusy(false);
                      Q_EMIT changed();
                  })
            .onFailed(this, [this, fromHistory, retry](const orm::Error &error) {
                setBusy(false);
                if (retry && isWorthRetrying(error)) {
                    m_retry = retry;
                    Q_EMIT canRetryChanged(true);
                }
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
    m_tracker->trackHistory(m_undo());
}

void ChangeCommand::redo()
{
    // Pushed after the change was written: nothing to do the first time.
    if (std::exchange(m_written, false))
        return;
    m_tracker->trackHistory(m_redo());
}

} // namespace quarry
