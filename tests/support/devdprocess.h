#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

/*!
 * A real stellmap-devd child process for integration tests: started on free
 * ports, killed with SIGKILL to test faults, restarted on the same ports.
 */
class DevdProcess : public QObject
{
    Q_OBJECT

public:
    explicit DevdProcess(QObject *parent = nullptr);
    ~DevdProcess() override;

    static QString binary();

    /*!
     * Starts `stellmap-devd --listen 127.0.0.1:<port> --nodes <nodes> <extra>`
     * (port 0 picks free ports) and waits until every node listens.
     */
    bool start(const QStringList &extraArguments = {}, int nodes = 1, quint16 port = 0);
    //! Same arguments and ports as the last start().
    bool restart();
    //! SIGKILL: no chance to flush or clean up.
    void kill();
    void terminate();
    bool isRunning() const;

    quint16 port(int node = 1) const;
    //! Admin listener port (with --admin-listen), 0 otherwise.
    quint16 adminPort(int node = 1) const;
    QUrl url(int node = 1) const;
    //! "127.0.0.1:PORT", as the server reports leaderAddr.
    QString address(int node = 1) const;
    QString errorText() const { return m_error; }
    QByteArray standardError() const { return m_stderr; }

    //! Runs stellmap-devd to completion (for option errors, --help, bad state files).
    static int runToExit(const QStringList &arguments, QByteArray *standardOutput,
                         QByteArray *standardError, int timeoutMs = 10000);

private:
    QProcess *m_process = nullptr;
    QStringList m_arguments;
    QList<quint16> m_ports;
    QList<quint16> m_adminPorts;
    int m_nodes = 1;
    QString m_error;
    QByteArray m_stderr;
};
