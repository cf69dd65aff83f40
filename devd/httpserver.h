#pragma once

#include "httpconnection.h"

#include <QHostAddress>
#include <QObject>

class QTcpServer;

namespace stellmap {

//! Accepts TCP connections and serves each with an HttpConnection.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    HttpServer(HttpConnection::Handler handler, HttpConnection::BodyPolicy readsBody,
               QObject *parent = nullptr);

    //! Listens on \a address:\a port (0 picks a free port); false with \a error on failure.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;

private:
    QTcpServer *m_server;
    HttpConnection::Handler m_handler;
    HttpConnection::BodyPolicy m_readsBody;
};

} // namespace stellmap
