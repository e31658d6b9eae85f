// A long piece of work (sample data, an export, an import) run on one session's lane as a single
// QFuture that reports progress and can be canceled, so the window can show a progress bar and
// a Cancel button and the command line can stop on Ctrl+C. Internal to ui/: DemoData and
// DataTransfer share it.
#pragma once

#include <orm/async/AsyncSession.h>

#include <QFuture>
#include <QFutureInterface>

#include <memory>

namespace quarry::detail {

// Thrown by a job that saw its future canceled; the job's transaction is rolled back.
struct JobCanceled
{
};

inline void throwIfCanceled(const QFutureInterface<qint64> &job)
{
    if (job.isCanceled())
        throw JobCanceled {};
}

// A job's last step: its result is taken, then commit() (the point of no return) runs. A job
// canceled before that throws JobCanceled and is rolled back, so a future that holds a result is
// a job that was written, even if a cancel came after it (Ctrl+C at the very end); a commit that
// fails reports its error instead.
template<typename Commit>
void finishJob(QFutureInterface<qint64> &job, qint64 result, Commit commit)
{
    if (!job.reportResult(result))
        throw JobCanceled {};
    commit();
}

// Runs work(orm::Session &, QFutureInterface<qint64> &job) on a lane of engine; work reports
// progress on job, sees it canceled, and ends with finishJob(). Whatever it throws (and a
// cancellation) rolls its transaction back before the future reports it, so a failed job
// leaves the database as it found it. The lane reports straight into the job's future: no
// continuation is attached to a future the lane finishes (see orm/async/Deliver.h).
template<typename Work>
QFuture<qint64> runSessionJob(std::shared_ptr<orm::AsyncEngine> engine, Work work)
{
    QFutureInterface<qint64> job;
    job.reportStarted();
    // The lane finishes the job's future and reports an error; the result is work's own.
    const QFutureInterface<void> outcome(job);
    // The operation holds the session's state until it ran; the handle may go now.
    orm::AsyncSession(std::move(engine))
            .runSyncInto(outcome, [job, work = std::move(work)](orm::Session &s) mutable {
                try {
                    work(s, job);
                } catch (...) {
                    try {
                        s.rollback();
                    } catch (...) {
                        // The job's own error is the one to report; a broken connection is
                        // replaced by its lane.
                    }
                    try {
                        throw;
                    } catch (const JobCanceled &) {
                        // The future is canceled: it says so itself.
                    }
                }
            });
    return job.future();
}

} // namespace quarry::detail
