#include "httpconnection.h"

#include <QDateTime>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <optional>

namespace http = boost::beast::http;

namespace stellmap {

namespace {

// Go buffers this much of an answer before it has to choose chunked framing.
constexpr qsizetype GoResponseBuffer = 2048;
// Go's DefaultMaxHeaderBytes plus the slack its reader allows.
constexpr std::uint32_t MaxHeaderBytes = (1 << 20) + 4096;
constexpr std::uint64_t MaxBodyBytes = 256ull << 20;
// A stream counts as drained once the kernel took nearly everything.
constexpr qint64 DrainedThreshold = 64 * 1024;

constexpr QByteArrayView ErrorHeaders =
    "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";

bool hasCloseToken(const HttpHeaders &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &token : value.split(',')) {
                if (token.trimmed().compare("close", Qt::CaseInsensitive) == 0) {
                    return true;
                }
            }
        }
    }
    return false;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

struct HttpConnection::Private
{
    enum class State
    {
        Reading,
        Handling,
        Streaming,
        Closed
    };

    QTcpSocket *socket = nullptr;
    Handler handler;
    QByteArray input;
    std::optional<http::request_parser<http::string_body>> parser;
    bool continueSent = false;
    State state = State::Reading;
    bool processScheduled = false;
    bool insideDispatch = false;

    HttpRequest request;
    // Streaming state
    int streamStatus = 200;
    HttpHeaders streamHeaders;
    bool streamStarted = false;
    bool streamKeepAlive = true;
};

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->socket = socket;
    d->handler = std::move(handler);
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readIncoming);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (d->socket->bytesToWrite() < DrainedThreshold) {
            Q_EMIT drained();
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (d->state != Private::State::Closed) {
            d->state = Private::State::Closed;
            Q_EMIT closed();
        }
        deleteLater();
    });
    if (socket->bytesAvailable() > 0) {
        QTimer::singleShot(0, this, &HttpConnection::readIncoming);
    }
}

HttpConnection::~HttpConnection() = default;

QByteArray HttpConnection::statusText(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 410:
        return "Gone";
    case 413:
        return "Request Entity Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return QByteArray();
    }
}

QByteArray HttpConnection::httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

qint64 HttpConnection::bytesPending() const
{
    return d->socket->bytesToWrite();
}

bool HttpConnection::isStreamStarted() const
{
    return d->streamStarted;
}

void HttpConnection::readIncoming()
{
    if (d->state == Private::State::Closed) {
        return;
    }
    d->input.append(d->socket->readAll());
    if (d->state == Private::State::Reading) {
        processIncoming();
    }
}

void HttpConnection::processIncoming()
{
    d->processScheduled = false;
    while (d->state == Private::State::Reading && !d->input.isEmpty()) {
        if (!d->parser) {
            d->parser.emplace();
            d->parser->header_limit(MaxHeaderBytes);
            d->parser->body_limit(MaxBodyBytes);
            d->parser->eager(true);
            d->continueSent = false;
        }
        boost::beast::error_code ec;
        const std::size_t used =
            d->parser->put(boost::asio::buffer(d->input.constData(), size_t(d->input.size())), ec);
        d->input.remove(0, qsizetype(used));

        if (d->parser->is_header_done() && !d->continueSent) {
            d->continueSent = true;
            const auto &message = d->parser->get();
            const auto expect = message[http::field::expect];
            // Go answers 100-continue when a handler reads the body: the POST routes.
            if (message.version() >= 11 && message.method() == http::verb::post &&
                QByteArrayView(expect.data(), qsizetype(expect.size()))
                        .compare("100-continue", Qt::CaseInsensitive) == 0 &&
                !d->parser->is_done()) {
                d->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
        }
        if (ec == http::error::need_more) {
            return;
        }
        if (ec == http::error::header_limit) {
            failRequest("HTTP/1.1 431 Request Header Fields Too Large" +
                        ErrorHeaders.toByteArray() + "431 Request Header Fields Too Large");
            return;
        }
        if (ec == http::error::bad_transfer_encoding) {
            failRequest("HTTP/1.1 501 Not Implemented" + ErrorHeaders.toByteArray() +
                        "Unsupported transfer encoding");
            return;
        }
        if (ec) {
            failRequest("HTTP/1.1 400 Bad Request" + ErrorHeaders.toByteArray() +
                        "400 Bad Request");
            return;
        }
        if (d->parser->is_done()) {
            dispatch();
        } else if (used == 0) {
            return;
        }
    }
}

void HttpConnection::dispatch()
{
    auto message = d->parser->release();
    d->parser.reset();

    HttpRequest request;
    request.method =
        QByteArray(message.method_string().data(), qsizetype(message.method_string().size()));
    request.target = QByteArray(message.target().data(), qsizetype(message.target().size()));
    request.versionMinor = message.version() >= 11 ? 1 : 0;
    request.peer = d->socket->peerAddress();
    int hostCount = 0;
    for (const auto &field : message) {
        QByteArray name(field.name_string().data(), qsizetype(field.name_string().size()));
        if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hostCount;
        }
        request.headers.append(
            {std::move(name), QByteArray(field.value().data(), qsizetype(field.value().size()))});
    }
    request.body = QByteArray(message.body().data(), qsizetype(message.body().size()));

    // Go's request checks, with its own answers.
    const auto statusError = [this](QByteArrayView text) {
        const QByteArray line = QByteArray("400 Bad Request: ") + text.toByteArray();
        failRequest("HTTP/1.1 " + line + ErrorHeaders.toByteArray() + line);
    };
    if (hostCount > 1) {
        // Go's ReadRequest refuses this with a plain error: the generic answer.
        failRequest("HTTP/1.1 400 Bad Request" + ErrorHeaders.toByteArray() + "400 Bad Request");
        return;
    }
    if (request.versionMinor >= 1 && hostCount == 0 && request.method != "CONNECT") {
        statusError("missing required Host header");
        return;
    }

    QByteArray target = request.target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype authority = target.indexOf("//") + 2;
        qsizetype pathStart = target.indexOf('/', authority);
        const qsizetype queryStart = target.indexOf('?', authority);
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
            target = "/" + (queryStart >= 0 ? target.mid(queryStart) : QByteArray());
        } else {
            target = target.mid(pathStart);
        }
    } else if (!target.startsWith('/') && target != "*") {
        failRequest("HTTP/1.1 400 Bad Request" + ErrorHeaders.toByteArray() + "400 Bad Request");
        return;
    }
    const qsizetype question = target.indexOf('?');
    request.escapedPath = question < 0 ? target : target.left(question);
    request.rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    for (qsizetype i = 0; i < request.escapedPath.size(); ++i) {
        if (request.escapedPath.at(i) == '%' &&
            (i + 2 >= request.escapedPath.size() || !isHex(request.escapedPath.at(i + 1)) ||
             !isHex(request.escapedPath.at(i + 2)))) {
            failRequest("HTTP/1.1 400 Bad Request" + ErrorHeaders.toByteArray() +
                        "400 Bad Request");
            return;
        }
    }

    d->request = std::move(request);
    d->state = Private::State::Handling;
    d->insideDispatch = true;
    d->handler(*this, d->request);
    d->insideDispatch = false;
}

void HttpConnection::failRequest(const QByteArray &rawResponse)
{
    d->state = Private::State::Closed;
    d->input.clear();
    d->socket->write(rawResponse);
    d->socket->disconnectFromHost();
}

QByteArray HttpConnection::head(int status, const HttpHeaders &headers, qint64 contentLength,
                                bool chunked, bool keepAlive) const
{
    QByteArray out = d->request.versionMinor >= 1 ? "HTTP/1.1 " : "HTTP/1.0 ";
    out += QByteArray::number(status) + ' ' + statusText(status) + "\r\n";
    HttpHeaders sorted = headers;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    const bool handlerSaysClose = hasCloseToken(headers);
    bool handlerLength = false;
    bool handlerConnection = false;
    for (const auto &[name, value] : sorted) {
        if (!keepAlive && name == "Connection" && !handlerSaysClose) {
            continue; // Go replaces a handler's Connection header when it closes
        }
        handlerLength = handlerLength || name == "Content-Length";
        handlerConnection = handlerConnection || name == "Connection";
        out += name + ": " + value + "\r\n";
    }
    out += "Date: " + httpDate() + "\r\n";
    if (contentLength >= 0 && !handlerLength) {
        out += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    }
    if (!keepAlive && d->request.versionMinor >= 1 && !handlerSaysClose) {
        out += "Connection: close\r\n";
    } else if (keepAlive && d->request.versionMinor == 0 && !handlerConnection) {
        out += "Connection: keep-alive\r\n";
    }
    if (chunked) {
        out += "Transfer-Encoding: chunked\r\n";
    }
    out += "\r\n";
    return out;
}

void HttpConnection::respond(int status, HttpHeaders headers, const QByteArray &body)
{
    if (d->state != Private::State::Handling && d->state != Private::State::Streaming) {
        return;
    }
    const bool isHead = d->request.method == "HEAD";
    bool keepAlive = d->request.wantsKeepAlive() && !hasCloseToken(headers);
    QByteArray out;
    if (body.size() <= GoResponseBuffer) {
        const qint64 length = (isHead && body.isEmpty()) ? -1 : body.size();
        out = head(status, headers, length, false, keepAlive);
        if (!isHead) {
            out += body;
        }
    } else if (isHead) {
        out = head(status, headers, -1, false, keepAlive);
    } else if (d->request.versionMinor >= 1) {
        out = head(status, headers, -1, true, keepAlive);
        out += QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n";
    } else {
        keepAlive = false; // HTTP/1.0 without a length: the end is the close
        out = head(status, headers, -1, false, keepAlive);
        out += body;
    }
    d->socket->write(out);
    finishExchange(keepAlive);
}

void HttpConnection::beginStream(int status, HttpHeaders headers)
{
    if (d->state != Private::State::Handling) {
        return;
    }
    d->state = Private::State::Streaming;
    d->streamStatus = status;
    d->streamHeaders = std::move(headers);
    d->streamStarted = false;
    d->streamKeepAlive = d->request.wantsKeepAlive() && d->request.versionMinor >= 1;
}

void HttpConnection::writeToStream(const QByteArray &data)
{
    if (d->state != Private::State::Streaming || data.isEmpty()) {
        return;
    }
    const bool chunked = d->request.versionMinor >= 1;
    QByteArray out;
    if (!d->streamStarted) {
        d->streamStarted = true;
        out = head(d->streamStatus, d->streamHeaders, -1, chunked, d->streamKeepAlive);
    }
    if (d->request.method == "HEAD") {
        d->socket->write(out);
        return;
    }
    if (chunked) {
        out += QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
    } else {
        out += data;
    }
    d->socket->write(out);
    // Hand it to the kernel now: bytesPending() then tells whether the peer keeps up.
    d->socket->flush();
}

void HttpConnection::endStream()
{
    if (d->state != Private::State::Streaming) {
        return;
    }
    if (!d->streamStarted) {
        d->state = Private::State::Handling;
        respond(d->streamStatus, d->streamHeaders, QByteArray());
        return;
    }
    const bool chunked = d->request.versionMinor >= 1;
    if (chunked && d->request.method != "HEAD") {
        d->socket->write("0\r\n\r\n");
    }
    finishExchange(chunked && d->streamKeepAlive);
}

void HttpConnection::finishExchange(bool keepAlive)
{
    d->streamStarted = false;
    d->streamHeaders.clear();
    if (!keepAlive) {
        d->state = Private::State::Closed;
        d->input.clear();
        d->socket->disconnectFromHost();
        return;
    }
    d->state = Private::State::Reading;
    if (d->insideDispatch) {
        return; // processIncoming() continues with any pipelined request
    }
    if (!d->processScheduled) {
        d->processScheduled = true;
        QTimer::singleShot(0, this, &HttpConnection::processIncoming);
    }
}

} // namespace stellmap
