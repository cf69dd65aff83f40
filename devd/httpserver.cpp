#include "httpserver.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace stellmap {

HttpServer::HttpServer(HttpConnection::Handler handler, HttpConnection::BodyPolicy readsBody,
                       QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_handler(std::move(handler))
    , m_readsBody(std::move(readsBody))
{
    // Watch streams are long-lived: the backlog only needs to absorb bursts.
    m_server->setMaxPendingConnections(4096);
    // Out of file descriptors: stop accepting for a moment instead of spinning,
    // as Go's accept loop backs off.
    connect(m_server, &QTcpServer::acceptError, this, [this] {
        m_server->pauseAccepting();
        QTimer::singleShot(100, m_server, [server = m_server] { server->resumeAccepting(); });
    });
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            new HttpConnection(socket, m_handler, m_readsBody, this);
        }
    });
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_server->listen(address, port)) {
        if (error) {
            *error = m_server->errorString();
        }
        return false;
    }
    return true;
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

} // namespace stellmap
