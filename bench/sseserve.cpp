// bench-sseserve: a tiny local server that answers every watch request with a
// prepared Server-Sent-Events file (see bench-streamgen), then closes the
// connection. It prints {"port":P} once listening, so a script can start it
// on port 0.
//
//   build/bench/bench-sseserve --file /tmp/stream.sse [--port 0]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdio>

namespace {

constexpr qint64 Chunk = 1 << 20;
//! Bytes kept queued in the socket at most: the client's pace sets ours.
constexpr qint64 MaxQueued = 4 * Chunk;

class Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, const uchar *data, qint64 size)
        : QObject(socket)
        , m_socket(socket)
        , m_data(data)
        , m_size(size)
    {
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onRead);
        connect(socket, &QTcpSocket::bytesWritten, this, &Connection::pump);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void onRead()
    {
        if (m_started) {
            m_socket->readAll();
            return;
        }
        m_request += m_socket->readAll();
        if (!m_request.contains("\r\n\r\n")) {
            return;
        }
        m_started = true;
        const QByteArray target = m_request.split(' ').value(1);
        if (!target.startsWith("/api/v1/registry/watch")) {
            m_socket->write(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            m_socket->disconnectFromHost();
            return;
        }
        m_socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        "Cache-Control: no-cache\r\nConnection: close\r\n\r\n");
        pump();
    }

    void pump()
    {
        if (!m_started) {
            return;
        }
        while (m_offset < m_size && m_socket->bytesToWrite() < MaxQueued) {
            const qint64 n = qMin(Chunk, m_size - m_offset);
            m_socket->write(reinterpret_cast<const char *>(m_data + m_offset), n);
            m_offset += n;
        }
        if (m_offset >= m_size && m_socket->bytesToWrite() == 0) {
            m_socket->disconnectFromHost();
        }
    }

    QTcpSocket *m_socket;
    const uchar *m_data;
    qint64 m_size;
    qint64 m_offset = 0;
    QByteArray m_request;
    bool m_started = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Serves a prepared watch stream."));
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("file"), QStringLiteral("SSE file to serve."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port (0: any free one)."),
                      QStringLiteral("PORT"), QStringLiteral("0")});
    parser.process(app);
    QFile file(parser.value(QStringLiteral("file")));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench-sseserve: cannot read %s: %s\n", qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        return 2;
    }
        // Read whole, up front: a mapping's pages would be faulted in while serving,
    // and on a virtual machine that slows the server down more than the client.
    const QByteArray content = file.readAll();
    if (content.size() != file.size()) {
        std::fprintf(stderr, "bench-sseserve: cannot read %s\n", qPrintable(file.fileName()));
        return 2;
    }
    const auto *data = reinterpret_cast<const uchar *>(content.constData());
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, parser.value(QStringLiteral("port")).toUShort())) {
        std::fprintf(stderr, "bench-sseserve: %s\n", qPrintable(server.errorString()));
        return 2;
    }
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
                        new Connection(socket, data, content.size());
        }
    });
    std::printf("{\"port\":%d}\n", server.serverPort());
    std::fflush(stdout);
    return app.exec();
}
