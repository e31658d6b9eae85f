// orm::deliver(future, context): the same outcome (result, error or cancellation), finished on
// context's thread by its event loop. Chain .then(context, ...) on what it returns, not on a
// future that a lane finishes:
//     orm::deliver(session.get<User>(id), this).then(this, [this](auto user) { ... });
//
// Why: in Qt 6.4, QFutureInterfaceBase::setContinuation() runs a continuation at once when it
// finds the future finished, and then stores it again. If the finishing thread has set the
// state but not yet reached runContinuation(), that thread then runs the continuation a second
// time, on a promise the first run moved from, and crashes in reportStarted(). (Later Qt
// releases mark a continuation as run.) A QFutureWatcher hears of the end through the future's
// callouts, which are sent under the future's own mutex, and the future returned here is
// finished on the thread that attaches to it, so no two threads meet in setContinuation().
//
// If context is destroyed first, the returned future never finishes, as a .then(context, ...)
// whose context is gone never runs. Canceling the returned future does not cancel future.
#pragma once

#include <QFutureWatcher>

#include <exception>

namespace orm {

template<typename T> QFuture<T> deliver(QFuture<T> future, QObject *context)
{
    QFutureInterface<T> delivered;
    delivered.reportStarted();
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, delivered]() mutable {
                         QFuture<T> done = watcher->future();
                         try {
                             done.waitForFinished(); // rethrows the error
                             if constexpr (!std::is_void_v<T>) {
                                 if (done.resultCount() > 0)
                                     delivered.reportResults(done.results());
                             }
                             if (done.isCanceled())
                                 delivered.reportCanceled();
                         } catch (...) {
                             delivered.reportException(std::current_exception());
                         }
                         delivered.reportFinished();
                         watcher->deleteLater();
                     });
    watcher->setFuture(std::move(future));
    return delivered.future();
}

} // namespace orm
