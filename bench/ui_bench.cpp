// ui_bench: how the real main window feels on a million users — the figures issue 5 asks for.
//
// It opens an SQLite database of N users (1,000,000 unless --users says otherwise) in the real
// quarry::MainWindow, shown on whatever display Qt has (run it under `xvfb-run -a`, or with
// QT_QPA_PLATFORM=offscreen; without any display it picks offscreen itself), and drives the
// window as a person would, one phase after the other:
//   first_rows  from making the engine and openDatabase() to the first row shown: userAt(0)
//               has arrived and a paint of the users view that began with it in the model has
//               finished. count= says when the total arrived (it must not delay the rows); the
//               stall is measured until then, since putting a million rows into the view is
//               part of opening.
//   last_row    from usersView()->scrollToBottom() to the last row shown, the same way.
//   filter      the name filter typed into searchEdit(), one key every typeMs, with the view
//               still at the end where last_row left it: time= runs from the debounce firing
//               (the model resetting) to the filtered rows on screen shown with the total
//               known; from_key= from the last keystroke to the same moment.
//   scroll      PageDown pressed on the users view every --step-ms, --screens times: time= from
//               the first key to the last screen shown complete, settle= from the last key;
//               unfilled= how many of the screens passed through still lacked rows when the
//               next key came (what a person sees flash by empty).
//   drag        the scroll bar dragged from top to bottom through the whole table in
//               dragPositions steps, a step every --step-ms: times as for scroll. It visits
//               pages all over the table, so it shows that memory stays bounded.
//   memory      the process's peak resident set (getrusage's ru_maxrss: a high-water mark over
//               the whole run, the database generation excluded when the database was cached)
//               and the rows the users model holds at the end.
// Each phase also reports stall=, the longest the GUI thread did not return to its event loop:
// a timer firing every 2 ms notes how late each tick comes (the gap between ticks minus 2 ms),
// and stall_cpu=, the GUI thread's CPU time during that gap: close to stall= when our code kept
// the thread busy, far below it when the thread was off the CPU (a loaded machine, a lock, the
// disk). Lines end with the target and OK or MISS, like orm_bench's:
//   first_rows n=1000000 time=0.041s count=0.083s stall=6ms stall_cpu=5ms target<=0.200s/50ms OK
// The issue sets a time target only for the first rows; the other phases are held to the stall
// target alone, and report their times for comparison.
//
// The database is a cache: made once with generateDemoData() (the app's own sample data, posts
// included; about a minute for a million users) and reused while it has at least N users. By
// default it lives in the temporary folder (quarry-ui-bench.db, or quarry-ui-bench-N.db for
// another N); --database puts it elsewhere. The statements the window sends, with their
// durations, go to stderr with --trace.
//
// Build and run (an optimised build):
//   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_BUILD_TESTS=OFF
//   cmake --build build/bench --target ui_bench
//   xvfb-run -a build/bench/bench/ui_bench --database /tmp/quarry-ui-bench.db
//   QT_QPA_PLATFORM=offscreen build/bench/bench/ui_bench --users 20000    a quick look
// The exit status is 0 when every phase finished within --timeout, whatever the targets.
#include <ui/DemoData.h>
#include <ui/MainWindow.h>
#include <ui/UsersTableModel.h>

#include <orm/async/AsyncEngine.h>
#include <orm/engine/Connection.h>
#include <orm/engine/Error.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QKeyEvent>
#include <QLineEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using quarry::UsersTableModel;

namespace {

constexpr qint64 defaultUsers = 1'000'000;
// The targets.
constexpr double firstRowsTargetSeconds = 0.200;
constexpr double stallTargetMs = 50;
constexpr double memoryTargetMiB = 300;
// A fast typist: quicker than the window's debounce, so the filter applies once.
constexpr int typeMs = 80;
constexpr int dragPositions = 100;

struct Options
{
    QString database;
    qint64 users = defaultUsers;
    QString filter = u"smith"_s;
    int screens = 50;
    int stepMs = 30;
    int timeoutSeconds = 120;
    bool trace = false;
};

// One monotonic clock for every timestamp, the lanes' statement traces included.
QElapsedTimer &benchClock()
{
    static QElapsedTimer clock;
    return clock;
}

qint64 nowNs()
{
    return benchClock().nsecsElapsed();
}

double seconds(qint64 ns)
{
    return double(ns) / 1e9;
}

// The process's peak resident set so far, in MiB (Linux reports ru_maxrss in KiB).
double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

void note(const QString &line)
{
    std::fprintf(stderr, "%s\n", qPrintable(line));
}

QtMessageHandler defaultMessageHandler = nullptr;

// The offscreen platform warns whenever a window's size hints change, which the status bar's
// labels do all the time: noise that would bury the figures.
void quietMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(u"does not support propagateSizeHints"_s))
        return;
    defaultMessageHandler(type, context, message);
}

// Waits for a future on a running event loop: the ORM's continuations for the window's
// objects need it. Rethrows the future's exception.
template<typename T> T await(QFuture<T> future)
{
    QFutureWatcher<T> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    if (!future.isFinished())
        loop.exec();
    return future.result();
}

// Makes sure the database has at least `users` users; returns how many it has.
qint64 prepareDatabase(const QString &path, qint64 users)
{
    const auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(path));
    qint64 existing = await(engine->runSync([](orm::Connection &c) -> qint64 {
        const bool hasUsers = c.execute(u"SELECT count(*) FROM sqlite_master "
                                        u"WHERE type = 'table' AND name = 'users'"_s)
                                      .scalar()
                                      .toLongLong()
                > 0;
        return hasUsers ? c.execute(u"SELECT count(*) FROM users"_s).scalar().toLongLong() : 0;
    }));
    if (existing >= users) {
        note(u"ui_bench: %1 has %2 users"_s.arg(path).arg(existing));
        return existing;
    }
    note(u"ui_bench: adding %1 sample users to %2 (%3 there)…"_s.arg(users - existing)
                 .arg(path)
                 .arg(existing));
    const qint64 started = nowNs();
    QFuture<qint64> generation
            = quarry::generateDemoData(engine, users - existing, quint32(existing + 1));
    QFutureWatcher<qint64> progress;
    int lastTenth = 0;
    QObject::connect(&progress, &QFutureWatcherBase::progressValueChanged, &progress,
                     [&lastTenth, total = users - existing](int value) {
                         const int tenth = int(qint64(value) * 10 / std::max<qint64>(total, 1));
                         if (tenth > lastTenth) {
                             lastTenth = tenth;
                             note(u"  %1%"_s.arg(tenth * 10));
                         }
                     });
    progress.setFuture(generation);
    existing += await(generation);
    engine->dispose();
    note(u"ui_bench: generated in %1s"_s.arg(seconds(nowNs() - started), 0, 'f', 1));
    return existing;
}

// The GUI thread's longest stall: a timer due every tickMs notes how late each tick comes. While
// the thread is busy (a long slot, a long paint) no tick fires, so the next one is late by as
// much as the thread was away. The thread's own CPU time over that longest gap tells a stall of
// our making (busy: the gap's length) from one of the machine's (off the CPU: descheduled on a
// loaded machine, or blocked on a lock or the disk).
class StallMeter
{
public:
    static constexpr int tickMs = 2;

    struct Stall
    {
        double ms = 0;
        double cpuMs = 0;

        QString text() const
        {
            return u"stall=%1ms stall_cpu=%2ms"_s.arg(ms, 0, 'f', 0).arg(cpuMs, 0, 'f', 0);
        }
    };

    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(tickMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = nowNs();
            const qint64 cpu = threadCpuNs();
            if (now - m_last - tickNs > m_longest) {
                m_longest = now - m_last - tickNs;
                m_longestCpu = cpu - m_lastCpu;
            }
            m_last = now;
            m_lastCpu = cpu;
        });
    }

    void restart()
    {
        m_last = nowNs();
        m_lastCpu = threadCpuNs();
        m_longest = 0;
        m_longestCpu = 0;
        m_timer.start();
    }

    // The longest lateness since restart(), the tick still awaited included.
    Stall longest() const
    {
        qint64 late = m_longest;
        qint64 cpu = m_longestCpu;
        if (nowNs() - m_last - tickNs > late) {
            late = nowNs() - m_last - tickNs;
            cpu = threadCpuNs() - m_lastCpu;
        }
        return {double(std::max<qint64>(late, 0)) / 1e6, double(cpu) / 1e6};
    }

private:
    static qint64 threadCpuNs()
    {
        timespec time {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time);
        return qint64(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
    }

    static constexpr qint64 tickNs = qint64(tickMs) * 1'000'000;
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    qint64 m_longest = 0;
    qint64 m_longestCpu = 0;
};

// What a phase waits for. rowsShown is checked as each paint of the users view begins, so a
// paint that begins with it true shows the rows; settled (anything else, like the total) is
// checked whenever the model changes. Without rowsShown no paint is needed.
struct Phase
{
    std::function<bool()> rowsShown;
    std::function<bool()> settled;
    std::optional<qint64> paintedNs;
    std::optional<qint64> doneNs;
};

class UiBench : public QObject
{
public:
    explicit UiBench(Options options) : m_options(std::move(options)) { }

    // Returns the exit status.
    int run();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool openWindow();
    bool firstRows();
    bool lastRow();
    bool filter();
    bool scroll();
    bool drag();
    void memory();

    // With --trace, where a phase begins among the statements.
    void mark(const char *name) const;
    void begin(Phase &phase);
    bool wait(Phase &phase);
    void check();
    // Runs the event loop until the model has all its rows counted and nothing in flight.
    bool settle();
    void pause(int ms);
    bool visibleRowsLoaded() const;
    // Steps every stepMs until step() returns false, then waits for the visible rows shown.
    bool stepThrough(const QString &name, int steps, const std::function<void(int)> &step);
    void report(const QString &line, const StallMeter::Stall &stall, bool timeOk = true);

    UsersTableModel *model() const { return m_window->usersModel(); }
    QTableView *view() const { return m_window->usersView(); }

    Options m_options;
    qint64 m_users = 0;
    std::unique_ptr<quarry::MainWindow> m_window;
    StallMeter m_stall;
    Phase *m_phase = nullptr;
    // Tells a queued paint note which phase it belongs to.
    quint64 m_phaseSerial = 0;
    QEventLoop *m_loop = nullptr;
    std::optional<qint64> m_totalNs;
};

int UiBench::run()
{
    m_users = prepareDatabase(m_options.database, m_options.users);
    if (m_users == 0) {
        note(u"ui_bench: the database has no users"_s);
        return 1;
    }
    if (m_users != m_options.users)
        note(u"ui_bench: measuring all %1 users of the database"_s.arg(m_users));
    // The stall figures mean little on a machine busy with other work: say how busy it is.
    double load[1] = {0};
    if (getloadavg(load, 1) == 1)
        note(u"ui_bench: load average %1 on %2 CPUs"_s.arg(load[0], 0, 'f', 1)
                     .arg(QThread::idealThreadCount()));
    if (!openWindow())
        return 1;
    bool finished = firstRows() && lastRow() && filter() && scroll() && drag();
    if (finished)
        memory();
    m_window.reset();
    return finished ? 0 : 1;
}

bool UiBench::openWindow()
{
    const qint64 started = nowNs();
    m_window = std::make_unique<quarry::MainWindow>();
    m_window->resize(1100, 700);
    view()->viewport()->installEventFilter(this);
    connect(model(), &QAbstractItemModel::dataChanged, this, &UiBench::check);
    connect(model(), &QAbstractItemModel::rowsInserted, this, &UiBench::check);
    connect(model(), &QAbstractItemModel::modelReset, this, &UiBench::check);
    connect(model(), &UsersTableModel::loadingChanged, this, &UiBench::check);
    connect(model(), &UsersTableModel::totalCountChanged, this, [this] {
        if (model()->totalCount() && !m_totalNs)
            m_totalNs = nowNs();
        check();
    });
    // A failed read leaves its rows empty for good: say so at once rather than time out.
    connect(model(), &UsersTableModel::loadFailed, this, [this](const QString &message) {
        note(u"ui_bench: a read failed: %1"_s.arg(message));
        if (m_loop)
            m_loop->exit(2);
    });
    m_window->show();
    // The empty window, shown and painted: what the person sees before a database opens.
    Phase shown {.rowsShown = [] {
        return true;
    }};
    begin(shown);
    m_window->update();
    if (!wait(shown)) {
        note(u"ui_bench: the window was never painted"_s);
        return false;
    }
    note(u"ui_bench: window on %1 built and painted in %2s"_s.arg(QApplication::platformName())
                 .arg(seconds(*shown.doneNs - started), 0, 'f', 3));
    return true;
}

bool UiBench::firstRows()
{
    Phase phase {.rowsShown = [this] {
        return model()->userAt(0).has_value();
    }};
    mark("first_rows");
    begin(phase);
    m_totalNs.reset();
    m_stall.restart();
    const qint64 started = nowNs();
    const auto engine = orm::createAsyncEngine(orm::Url::sqliteFile(m_options.database));
    if (m_options.trace) {
        // Direct: reported on the lane that ran the statement, as it finishes.
        connect(
                engine.get(), &orm::AsyncEngine::statementExecuted, this,
                [](const orm::StatementLog &log) {
                    note(u"  t=%1s %2"_s.arg(seconds(nowNs()), 0, 'f', 4).arg(log.toString()));
                },
                Qt::DirectConnection);
    }
    m_window->openDatabase(engine);
    if (!wait(phase) || !settle())
        return false;
    // Until the total has arrived too: inserting a million rows into the view is part of it.
    const StallMeter::Stall stall = m_stall.longest();
    const double time = seconds(*phase.doneNs - started);
    report(u"first_rows n=%1 time=%2s count=%3s %4 target<=%5s/%6ms"_s.arg(m_users)
                   .arg(time, 0, 'f', 3)
                   .arg(seconds(*m_totalNs - started), 0, 'f', 3)
                   .arg(stall.text())
                   .arg(firstRowsTargetSeconds, 0, 'f', 3)
                   .arg(stallTargetMs),
           stall, time <= firstRowsTargetSeconds);
    return true;
}

bool UiBench::lastRow()
{
    const int last = model()->rowCount() - 1;
    Phase phase {.rowsShown = [this, last] {
        return model()->userAt(last).has_value();
    }};
    mark("last_row");
    begin(phase);
    m_stall.restart();
    const qint64 started = nowNs();
    view()->scrollToBottom();
    if (!wait(phase))
        return false;
    const StallMeter::Stall stall = m_stall.longest();
    report(u"last_row n=%1 time=%2s %3 target stall<=%4ms"_s.arg(m_users)
                   .arg(seconds(*phase.doneNs - started), 0, 'f', 3)
                   .arg(stall.text())
                   .arg(stallTargetMs),
           stall);
    return settle();
}

bool UiBench::filter()
{
    // The model resets when the debounced filter is applied: that is when the debounce fired.
    std::optional<qint64> appliedNs;
    const auto reset
            = connect(model(), &QAbstractItemModel::modelAboutToBeReset, this, [&appliedNs] {
                  if (!appliedNs)
                      appliedNs = nowNs();
              });
    Phase phase {.rowsShown
                 = [&] { return appliedNs && (visibleRowsLoaded() || model()->totalCount() == 0); },
                 .settled =
                         [&] {
                             return appliedNs && model()->totalCount();
                         }};
    QLineEdit *search = m_window->searchEdit();
    search->setFocus();
    mark("filter");
    begin(phase);
    m_stall.restart();
    qint64 lastKeyNs = 0;
    qsizetype typed = 0;
    QTimer typist;
    typist.setInterval(typeMs);
    connect(&typist, &QTimer::timeout, this, [&] {
        const QString key = m_options.filter.mid(typed++, 1);
        // A person's keystroke: press and release, the text in the press.
        const auto code = Qt::Key(key.toUpper().at(0).unicode());
        QKeyEvent press(QEvent::KeyPress, code, Qt::NoModifier, key);
        QCoreApplication::sendEvent(search, &press);
        QKeyEvent release(QEvent::KeyRelease, code, Qt::NoModifier, key);
        QCoreApplication::sendEvent(search, &release);
        lastKeyNs = nowNs();
        if (typed == m_options.filter.size())
            typist.stop();
    });
    typist.start();
    const bool done = wait(phase);
    disconnect(reset);
    if (!done)
        return false;
    const StallMeter::Stall stall = m_stall.longest();
    const std::optional<quarry::UserRecord> first = model()->userAt(view()->rowAt(0));
    if (search->text() != m_options.filter
        || (first && !first->name.contains(m_options.filter, Qt::CaseInsensitive))) {
        note(u"ui_bench: the filter did not apply (search box \"%1\")"_s.arg(search->text()));
        return false;
    }
    // top_row: the view keeps its scroll position across the reset, so it need not be 0.
    report(u"filter n=%1 text=%2 matches=%3 top_row=%4 time=%5s from_key=%6s %7 "
           u"target stall<=%8ms"_s.arg(m_users)
                   .arg(m_options.filter)
                   .arg(*model()->totalCount())
                   .arg(view()->rowAt(0))
                   .arg(seconds(*phase.doneNs - *appliedNs), 0, 'f', 3)
                   .arg(seconds(*phase.doneNs - lastKeyNs), 0, 'f', 3)
                   .arg(stall.text())
                   .arg(stallTargetMs),
           stall);

    // Back to every user for the scrolling phases, which start from the top.
    search->clear();
    Phase cleared {.settled = [this] {
        return !model()->isLoading() && model()->totalCount() == m_users && visibleRowsLoaded();
    }};
    mark("clear filter");
    begin(cleared);
    return wait(cleared);
}

bool UiBench::scroll()
{
    view()->setFocus();
    view()->setCurrentIndex(model()->index(0, UsersTableModel::NameColumn));
    view()->scrollToTop();
    pause(200);
    return stepThrough(u"scroll"_s, m_options.screens, [this](int) {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_PageDown, Qt::NoModifier);
        QCoreApplication::sendEvent(view(), &press);
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_PageDown, Qt::NoModifier);
        QCoreApplication::sendEvent(view(), &release);
    });
}

bool UiBench::drag()
{
    QScrollBar *bar = view()->verticalScrollBar();
    bar->setValue(0);
    if (!settle())
        return false;
    pause(200);
    return stepThrough(u"drag"_s, dragPositions, [bar](int step) {
        bar->setValue(int(qint64(bar->maximum()) * (step + 1) / dragPositions));
    });
}

bool UiBench::stepThrough(const QString &name, int steps, const std::function<void(int)> &step)
{
    int taken = 0;
    int unfilled = 0;
    qint64 lastStepNs = 0;
    Phase phase {.rowsShown = [&] {
        return taken == steps && visibleRowsLoaded();
    }};
    mark(qPrintable(name));
    begin(phase);
    m_stall.restart();
    const qint64 started = nowNs();
    QTimer stepper;
    stepper.setTimerType(Qt::PreciseTimer);
    stepper.setInterval(m_options.stepMs);
    const auto next = [&] {
        // The screen the last step showed has had its time: were its rows all there?
        if (taken > 0 && !visibleRowsLoaded())
            ++unfilled;
        step(taken++);
        lastStepNs = nowNs();
        if (taken == steps)
            stepper.stop();
    };
    connect(&stepper, &QTimer::timeout, this, next);
    next();
    if (taken < steps)
        stepper.start();
    if (!wait(phase))
        return false;
    const StallMeter::Stall stall = m_stall.longest();
    report(u"%1 n=%2 steps=%3 every=%4ms time=%5s settle=%6s unfilled=%7 %8 target "
           u"stall<=%9ms"_s.arg(name)
                   .arg(m_users)
                   .arg(steps)
                   .arg(m_options.stepMs)
                   .arg(seconds(*phase.doneNs - started), 0, 'f', 3)
                   .arg(seconds(*phase.doneNs - lastStepNs), 0, 'f', 3)
                   .arg(unfilled)
                   .arg(stall.text())
                   .arg(stallTargetMs),
           stall);
    return settle();
}

void UiBench::memory()
{
    const double peak = peakRssMiB();
    report(u"memory n=%1 peak_rss=%2MiB cached_rows=%3 target<=%4MiB"_s.arg(m_users)
                   .arg(peak, 0, 'f', 1)
                   .arg(model()->cachedRowCount())
                   .arg(memoryTargetMiB),
           {}, peak <= memoryTargetMiB);
}

void UiBench::report(const QString &line, const StallMeter::Stall &stall, bool timeOk)
{
    print(line + (timeOk && stall.ms <= stallTargetMs ? u" OK"_s : u" MISS"_s));
}

bool UiBench::visibleRowsLoaded() const
{
    const int first = view()->rowAt(0);
    int last = view()->rowAt(view()->viewport()->height() - 1);
    if (last < 0)
        last = model()->rowCount() - 1;
    if (first < 0)
        return false;
    for (int row = first; row <= last; ++row)
        if (!model()->userAt(row))
            return false;
    return true;
}

void UiBench::mark(const char *name) const
{
    if (m_options.trace)
        std::fprintf(stderr, "--- %s at t=%.4fs\n", name, seconds(nowNs()));
}

void UiBench::begin(Phase &phase)
{
    m_phase = &phase;
    ++m_phaseSerial;
}

bool UiBench::wait(Phase &phase)
{
    QEventLoop loop;
    QTimer::singleShot(m_options.timeoutSeconds * 1000, &loop, [&loop] { loop.exit(1); });
    m_loop = &loop;
    check();
    // 0 when done, 1 at the timeout, 2 when a read failed (already said).
    const int status = phase.doneNs ? 0 : loop.exec();
    m_loop = nullptr;
    m_phase = nullptr;
    if (status == 1)
        note(u"ui_bench: timed out after %1s (rows in model %2, first row %3, loading %4, "
             u"painted %5, settled %6)"_s.arg(m_options.timeoutSeconds)
                     .arg(model()->rowCount())
                     .arg(model()->userAt(0).has_value())
                     .arg(model()->isLoading())
                     .arg(phase.paintedNs.has_value())
                     .arg(!phase.settled || phase.settled()));
    return status == 0;
}

void UiBench::check()
{
    Phase *phase = m_phase;
    if (!phase || phase->doneNs || (phase->rowsShown && !phase->paintedNs)
        || (phase->settled && !phase->settled()))
        return;
    phase->doneNs = nowNs();
    if (m_loop)
        m_loop->quit();
}

bool UiBench::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && m_phase && m_phase->rowsShown && !m_phase->paintedNs
        && m_phase->rowsShown()) {
        // Noted once this paint is over: the queued call runs after the paint event returns.
        QMetaObject::invokeMethod(
                this,
                [this, serial = m_phaseSerial] {
                    if (serial != m_phaseSerial || !m_phase || m_phase->paintedNs)
                        return;
                    m_phase->paintedNs = nowNs();
                    check();
                },
                Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

bool UiBench::settle()
{
    Phase phase {.settled = [this] {
        return !model()->isLoading() && model()->totalCount();
    }};
    begin(phase);
    return wait(phase);
}

void UiBench::pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    benchClock().start();
    // Without a display, the offscreen platform: the widgets still lay out and paint.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The window keeps settings (recent databases, geometry): keep the bench's out of the
    // person's own.
    QStandardPaths::setTestModeEnabled(true);
    defaultMessageHandler = qInstallMessageHandler(quietMessageHandler);
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Quarry"_s);
    QCoreApplication::setApplicationName(u"ui_bench"_s);

    Options options;
    QString database;
    const QStringList arguments = app.arguments().mid(1);
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const bool hasValue = i + 1 < arguments.size();
        const auto number = [&](qint64 minimum) {
            bool ok = false;
            const qint64 value = arguments.at(++i).toLongLong(&ok);
            return ok && value >= minimum ? value : -1;
        };
        if (argument == u"--database"_s && hasValue) {
            database = arguments.at(++i);
        } else if (argument == u"--users"_s && hasValue) {
            options.users = number(1);
        } else if (argument == u"--filter"_s && hasValue) {
            options.filter = arguments.at(++i);
        } else if (argument == u"--screens"_s && hasValue) {
            options.screens = int(std::min<qint64>(number(1), 100'000));
        } else if (argument == u"--step-ms"_s && hasValue) {
            options.stepMs = int(std::min<qint64>(number(1), 10'000));
        } else if (argument == u"--timeout"_s && hasValue) {
            options.timeoutSeconds = int(std::min<qint64>(number(1), 100'000));
        } else if (argument == u"--trace"_s) {
            options.trace = true;
        } else {
            std::fprintf(stderr,
                         "usage: ui_bench [--database PATH] [--users N] [--filter TEXT] "
                         "[--screens N] [--step-ms MS] [--timeout SECONDS] [--trace]\n"
                         "The database is made (or topped up to N users) if needed and kept; "
                         "by default in the temporary folder.\n"
                         "--trace prints every statement the window sends, with its duration.\n");
            return argument == u"--help"_s ? 0 : 2;
        }
    }
    if (options.users < 1 || options.screens < 1 || options.stepMs < 1 || options.timeoutSeconds < 1
        || options.filter.trimmed().isEmpty()) {
        std::fprintf(stderr,
                     "ui_bench: --users, --screens, --step-ms and --timeout take "
                     "positive numbers, --filter some text\n");
        return 2;
    }
    options.database = !database.isEmpty() ? QFileInfo(database).absoluteFilePath()
            : options.users == defaultUsers
            ? QDir::temp().filePath(u"quarry-ui-bench.db"_s)
            : QDir::temp().filePath(u"quarry-ui-bench-%1.db"_s.arg(options.users));

    try {
        UiBench bench(options);
        return bench.run();
    } catch (const std::exception &error) {
        std::fprintf(stderr, "ui_bench: %s\n", error.what());
        return 1;
    }
}
