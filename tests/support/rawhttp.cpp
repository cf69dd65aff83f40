#include "rawhttp.h"

#include <QDeadlineTimer>

QByteArray RawResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return QByteArray();
}

int RawResponse::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const auto &entry : headers) {
        count += entry.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    }
    return count;
}

bool RawResponse::parse(const QByteArray &bytes)
{
    raw = bytes;
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        return false;
    }
    const QList<QByteArray> lines = bytes.left(headEnd).split('\n');
    statusLine = lines.value(0).trimmed();
    status = statusLine.split(' ').value(1).toInt();
    headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    QByteArray rest = bytes.mid(headEnd + 4);
    if (header("Transfer-Encoding") == "chunked") {
        body.clear();
        while (!rest.isEmpty()) {
            const qsizetype lineEnd = rest.indexOf("\r\n");
            if (lineEnd < 0) {
                break;
            }
            bool ok = false;
            const qsizetype size = rest.left(lineEnd).toLongLong(&ok, 16);
            if (!ok || size == 0 || rest.size() < lineEnd + 2 + size) {
                break;
            }
            body += rest.mid(lineEnd + 2, size);
            rest = rest.mid(lineEnd + 2 + size + 2);
        }
    } else {
        body = rest;
    }
    return true;
}

QByteArray RawHttp::request(const QByteArray &method, const QByteArray &target,
                            const QByteArray &body, const QList<QByteArray> &extraHeaders,
                            bool withBody)
{
    QByteArray out =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const QByteArray &header : extraHeaders) {
        out += header + "\r\n";
    }
    if (withBody || !body.isEmpty()) {
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    return out + "\r\n" + body;
}

RawResponse RawHttp::exchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    RawResponse response;
    if (!socket.waitForConnected(timeoutMs)) {
        return response;
    }
    socket.write(request);
    QByteArray data;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0 &&
            !socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (socket.state() != QAbstractSocket::ConnectedState) {
                break;
            }
            continue;
        }
        data += socket.readAll();
    }
    data += socket.readAll();
    response.parse(data);
    return response;
}

RawResponse RawHttp::get(quint16 port, const QByteArray &target)
{
    return exchange(port, request("GET", target));
}

RawResponse RawHttp::post(quint16 port, const QByteArray &target, const QByteArray &body)
{
    return exchange(port, request("POST", target, body, {}, true));
}

StreamClient::StreamClient(quint16 port, const QByteArray &target, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::connected, this, [this, target] {
        m_socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        if (!m_paused) {
            m_data += m_socket.readAll();
        }
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
}

RawResponse StreamClient::response() const
{
    RawResponse response;
    response.parse(m_data);
    return response;
}

QList<StreamClient::Event> StreamClient::events() const
{
    QList<Event> out;
    QByteArray body = response().body;
    // Only blocks followed by a blank line are complete.
    const qsizetype end = body.lastIndexOf("\n\n");
    if (end < 0) {
        return out;
    }
    qsizetype start = 0;
    while (start < end) {
        qsizetype blockEnd = body.indexOf("\n\n", start);
        if (blockEnd < 0) {
            break;
        }
        Event event;
        bool any = false;
        for (const QByteArray &line : body.mid(start, blockEnd - start).split('\n')) {
            if (line.startsWith("id: ")) {
                event.id = line.mid(4);
            } else if (line.startsWith("event: ")) {
                event.type = line.mid(7);
                any = true;
            } else if (line.startsWith("data: ")) {
                event.data = line.mid(6);
            }
        }
        if (any) {
            out.append(event);
        }
        start = blockEnd + 2;
    }
    return out;
}

int StreamClient::eventCount(QByteArrayView type) const
{
    int count = 0;
    for (const Event &event : events()) {
        count += (type.isEmpty() || event.type == type) ? 1 : 0;
    }
    return count;
}

void StreamClient::setPaused(bool paused)
{
    m_paused = paused;
    // A tiny read buffer makes the kernel's receive buffer the only buffer.
    m_socket.setReadBufferSize(paused ? 1 : 0);
    if (!paused) {
        m_data += m_socket.readAll();
    }
}
