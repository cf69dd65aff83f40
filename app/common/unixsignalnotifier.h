#pragma once

#include <QObject>

class QSocketNotifier;

/*!
 * Turns SIGINT and SIGTERM into a Qt signal on the event loop (through a
 * self-pipe, the only safe way out of a signal handler), so a program can
 * stop cleanly: flush files, end replies, print a last line.
 */
class UnixSignalNotifier : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalNotifier(QObject *parent = nullptr);
    ~UnixSignalNotifier() override;

Q_SIGNALS:
    //! SIGINT or SIGTERM arrived (\a signalNumber says which).
    void signalReceived(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
