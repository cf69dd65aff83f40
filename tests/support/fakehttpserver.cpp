#include "fakehttpserver.h"

#include <QFile>
#include <QSslKey>
#include <QSslServer>
#include <QTcpSocket>

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{}

void FakeHttpServer::watch()
{
    // Emitted when a connection is ready: for TLS, after the handshake.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            serve(socket);
        }
    });
}

bool FakeHttpServer::listen(const QHostAddress &address)
{
    watch();
    return m_server->listen(address, 0);
}

bool FakeHttpServer::listenTls(const QString &certificateFile, const QString &keyFile)
{
    QFile certificate(certificateFile);
    QFile key(keyFile);
    if (!certificate.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly)) {
        return false;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(QSslCertificate(&certificate, QSsl::Pem));
    configuration.setPrivateKey(QSslKey(&key, QSsl::Rsa, QSsl::Pem));
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    auto *server = new QSslServer(this);
    server->setSslConfiguration(configuration);
    delete m_server;
    m_server = server;
    m_tls = true;
    watch();
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl FakeHttpServer::url(const QString &host) const
{
    return QUrl(QStringLiteral("%1://%2:%3")
                    .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"),
                         host.isEmpty() ? m_server->serverAddress().toString() : host)
                    .arg(port()));
}

void FakeHttpServer::setResponse(const QByteArray &raw)
{
    m_responses = {raw};
}

void FakeHttpServer::setResponses(const QList<QByteArray> &responses)
{
    m_responses = responses;
}

QByteArray FakeHttpServer::stream(const QByteArray &events)
{
    return "STREAM HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
           "Cache-Control: no-cache\r\nConnection: close\r\n\r\n" +
           events;
}

quint16 FakeHttpServer::closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

QUrl FakeHttpServer::localUrl(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

void FakeHttpServer::closeAll()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_open)) {
        if (socket) {
            socket->disconnectFromHost();
        }
    }
    m_open.clear();
}

QByteArray FakeHttpServer::response(int status, const QByteArray &reason,
                                    const QByteArray &contentType, const QByteArray &body,
                                    const QList<QByteArray> &headers)
{
    QByteArray raw = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    if (!contentType.isEmpty()) {
        raw += "Content-Type: " + contentType + "\r\n";
    }
    for (const QByteArray &header : headers) {
        raw += header + "\r\n";
    }
    raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    return raw + body;
}

QByteArray FakeHttpServer::header(int index, QByteArrayView name) const
{
    const QByteArray request = m_requests.value(index);
    const qsizetype headEnd = request.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = request.left(headEnd).split('\n');
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line.left(colon)).compare(name, Qt::CaseInsensitive) == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

void FakeHttpServer::serve(QTcpSocket *socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        QByteArray buffered = socket->property("buffered").toByteArray() + socket->readAll();
        const qsizetype headEnd = buffered.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            socket->setProperty("buffered", buffered);
            return;
        }
        qsizetype length = 0;
        for (const QByteArray &line : buffered.left(headEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:")) {
                length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (buffered.size() < headEnd + 4 + length) {
            socket->setProperty("buffered", buffered);
            return;
        }
        socket->setProperty("buffered", QByteArray());
        m_requests.append(buffered.left(headEnd + 4 + length));
        if (m_silent) {
            return;
        }
        QByteArray response = m_responses.value(qMin(m_requests.size(), m_responses.size()) - 1);
        if (response.startsWith("STREAM ")) {
            socket->write(response.mid(7));
            m_open.append(socket);
            return;
        }
        socket->write(response);
        socket->disconnectFromHost();
    });
}
