// A long piece of work (sample data, an export, an import) run on one session's lane as a single
// QFuture that reports progress and can be canceled, so the window can show a progress bar and
// a Cancel button and the command line can stop on Ctrl+C. Internal to ui/: DemoData and
// DataTransfer share it.
#pragma once

#include <orm/async/AsyncSession.h>

#include <QFuture>
#include <QPromise>

#include <memory>

namespace quarry::detail {

// Thrown by a job that saw its future canceled; the job's transaction is rolled back.
struct JobCanceled
{
};

inline void throwIfCanceled(const QPromise<qint64> &promise)
{
    if (promise.isCanceled())
        throw JobCanceled {};
}

// Runs work(orm::Session &, QPromise<qint64> &) -> qint64 on a lane of engine. Whatever it
// throws (and a cancellation) rolls its transaction back before the future reports it, so a
// failed job leaves the database as it found it.
template<typename Work>
QFuture<qint64> runSessionJob(std::shared_ptr<orm::AsyncEngine> engine, Work work)
{
    auto promise = std::make_shared<QPromise<qint64>>();
    QFuture<qint64> future = promise->future();
    promise->start();
    auto session = std::make_shared<orm::AsyncSession>(std::move(engine));
    session->runSync([promise, work = std::move(work)](orm::Session &s) mutable -> qint64 {
               try {
                   return work(s, *promise);
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
                       return -1;
                   }
               }
           })
            .then(QtFuture::Launch::Sync, [promise, session](QFuture<qint64> done) {
                try {
                    const qint64 count = done.result();
                    if (!promise->isCanceled())
                        promise->addResult(count);
                } catch (...) {
                    promise->setException(std::current_exception());
                }
                promise->finish();
            });
    return future;
}

} // namespace quarry::detail
