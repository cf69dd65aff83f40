#pragma once

#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

/*!
 * Forwards TCP connections from a local port to another local port, so a
 * test can make one node of a multi-node stellmap-devd "die" (kill()) while
 * the others live on: connections drop and new ones are refused.
 */
class TcpProxy : public QObject
{
    Q_OBJECT

public:
    explicit TcpProxy(quint16 targetPort, QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_port; }
    QUrl url() const;
    //! Drops every connection and stops listening.
    void kill();

private:
    quint16 m_targetPort;
    quint16 m_port = 0;
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
};
