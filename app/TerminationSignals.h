// SIGINT and SIGTERM (Ctrl+C, `kill`, the desktop session ending) as a Qt signal on the thread
// that made the object: a signal handler may do little more than write(), so it writes a byte to
// a pipe that a QSocketNotifier watches. The handlers reset themselves (SA_RESETHAND), so a
// second signal ends a program that did not stop at the first.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace quarry {

class TerminationSignals : public QObject
{
    Q_OBJECT

public:
    // Installs the handlers; they stay installed for the process's life (a signal with no
    // object left to hear it is ignored).
    explicit TerminationSignals(QObject *parent = nullptr);

Q_SIGNALS:
    void received();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace quarry
