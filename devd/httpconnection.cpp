#include "httpconnection.h"

#include <QDateTime>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>

#include <optional>
#include <sys/socket.h>

namespace http = boost::beast::http;

namespace stellmap {

namespace {

// Go buffers this much of an answer before it has to choose chunked framing.
constexpr qsizetype GoResponseBuffer = 2048;
// Go's DefaultMaxHeaderBytes plus the slack its reader allows.
constexpr std::uint32_t MaxHeaderBytes = (1 << 20) + 4096;
// Go reads only the first JSON value of a body; devd buffers whole bodies, so
// it bounds them (a deliberate difference: Go would accept larger values).
constexpr std::uint64_t MaxBodyBytes = 64ull << 20;
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

// A well-formed request line of another major version ("HTTP/2.0"), which Go
// answers with 505 rather than 400.
bool isOtherHttpVersion(const QByteArray &input)
{
    const qsizetype lineEnd = input.indexOf("\r\n");
    const QByteArray line = lineEnd < 0 ? input : input.left(lineEnd);
    const qsizetype at = line.lastIndexOf(" HTTP/");
    if (at < 0) {
        return false;
    }
    const QByteArray version = line.mid(at + 6);
    const qsizetype dot = version.indexOf('.');
    bool majorOk = false;
    bool minorOk = false;
    const int major = version.left(dot).toInt(&majorOk);
    version.mid(dot + 1).toInt(&minorOk);
    return dot > 0 && majorOk && minorOk && major != 1;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * Beast's request parser feeding our own request type: header values are
 * only bounded by the header limit (Beast's own field container caps a value
 * at 64 KiB and throws), and nothing is copied twice.
 */
class RequestParser final : public http::basic_parser<true>
{
public:
    HttpRequest request;
    int hostCount = 0;
    QList<QByteArray> transferEncodings;
    bool unsupportedVersion = false;

private:
    static QByteArray bytes(std::string_view view)
    {
        return QByteArray(view.data(), qsizetype(view.size()));
    }

    void on_request_impl(http::verb, std::string_view method, std::string_view target, int version,
                         boost::beast::error_code &) override
    {
        request.method = bytes(method);
        request.target = bytes(target);
        request.versionMinor = version >= 11 ? 1 : 0;
        unsupportedVersion = version / 10 != 1; // Go serves HTTP/1.x only
    }
    void on_response_impl(int, std::string_view, int, boost::beast::error_code &) override {}
    void on_field_impl(http::field, std::string_view name, std::string_view value,
                       boost::beast::error_code &) override
    {
        QByteArray key = bytes(name);
        if (key.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hostCount;
        } else if (key.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            transferEncodings.append(bytes(value));
        }
        request.headers.append({std::move(key), bytes(value)});
    }
    void on_header_impl(boost::beast::error_code &) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t> &,
                           boost::beast::error_code &) override
    {}
    std::size_t on_body_impl(std::string_view body, boost::beast::error_code &) override
    {
        request.body.append(body.data(), qsizetype(body.size()));
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, std::string_view, boost::beast::error_code &) override
    {}
    std::size_t on_chunk_body_impl(std::uint64_t, std::string_view body,
                                   boost::beast::error_code &) override
    {
        request.body.append(body.data(), qsizetype(body.size()));
        return body.size();
    }
    void on_finish_impl(boost::beast::error_code &) override {}
};

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
    BodyPolicy readsBody;
    QByteArray input;
    std::optional<RequestParser> parser;
    bool headerChecked = false;
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

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, BodyPolicy readsBody,
                               QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->socket = socket;
    d->handler = std::move(handler);
    d->readsBody = std::move(readsBody);
    socket->setParent(this);
    socket->setReadBufferSize(256 * 1024);
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
    case 417:
        return "Expectation Failed";
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
    switch (d->state) {
    case Private::State::Closed:
        d->socket->readAll(); // draining before the close
        return;
    case Private::State::Reading:
        processIncoming();
        return;
    case Private::State::Handling:
    case Private::State::Streaming:
        // The next request waits in the socket's bounded buffer, so a client
        // that keeps sending meanwhile is slowed by TCP, not buffered forever.
        return;
    }
}

void HttpConnection::processIncoming()
{
    d->processScheduled = false;
    if (d->state == Private::State::Reading) {
        d->input.append(d->socket->readAll());
    }
    while (d->state == Private::State::Reading && !d->input.isEmpty()) {
        if (!d->parser) {
            d->parser.emplace();
            d->parser->header_limit(MaxHeaderBytes);
            d->parser->body_limit(MaxBodyBytes);
            d->parser->eager(true);
            d->headerChecked = false;
        }
        boost::beast::error_code ec;
        std::size_t used = 0;
        try {
            used = d->parser->put(
                boost::asio::buffer(d->input.constData(), size_t(d->input.size())), ec);
        } catch (const std::exception &) {
            ec = http::error::bad_value; // never let a hostile request take the process down
        }
        d->input.remove(0, qsizetype(used));

        if (!ec && d->parser->is_header_done() && !d->headerChecked) {
            d->headerChecked = true;
            if (!checkHeader()) {
                return;
            }
        }
        if (ec == http::error::need_more) {
            return;
        }
        if (ec == http::error::bad_version && isOtherHttpVersion(d->input)) {
            d->parser->unsupportedVersion = true;
        }
        if (ec == http::error::bad_transfer_encoding) {
            failRequest("HTTP/1.1 501 Not Implemented" + ErrorHeaders.toByteArray() +
                        "Unsupported transfer encoding");
            return;
        }
        if (d->parser->unsupportedVersion) {
            const QByteArray line = "505 HTTP Version Not Supported: unsupported protocol version";
            failRequest("HTTP/1.1 " + line + ErrorHeaders.toByteArray() + line);
            return;
        }
        if (ec == http::error::header_limit) {
            failRequest("HTTP/1.1 431 Request Header Fields Too Large" +
                        ErrorHeaders.toByteArray() + "431 Request Header Fields Too Large");
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

bool HttpConnection::checkHeader()
{
    const RequestParser &parser = *d->parser;
    // Go accepts exactly one transfer coding, "chunked".
    if (!parser.transferEncodings.isEmpty() &&
        (parser.transferEncodings.size() != 1 ||
         parser.transferEncodings.first().compare("chunked", Qt::CaseInsensitive) != 0)) {
        failRequest("HTTP/1.1 501 Not Implemented" + ErrorHeaders.toByteArray() +
                    "Unsupported transfer encoding");
        return false;
    }
    const QByteArray expect = parser.request.header("Expect");
    if (expect.isEmpty()) {
        return true;
    }
    bool continueExpected = false;
    for (const QByteArray &token : expect.split(',')) {
        continueExpected =
            continueExpected || token.trimmed().compare("100-continue", Qt::CaseInsensitive) == 0;
    }
    if (!continueExpected) {
        // RFC 7231 5.1.1, as Go does: any other expectation fails.
        d->request = parser.request;
        d->parser.reset();
        d->state = Private::State::Handling;
        respond(417, {{"Connection", "close"}}, QByteArray());
        return false;
    }
    // Go sends 100 Continue when a handler starts reading a body that is coming.
    const bool bodyComing = !parser.transferEncodings.isEmpty() ||
                            (parser.content_length() && *parser.content_length() > 0);
    HttpRequest head = splitTarget(parser.request);
    head.peer = d->socket->peerAddress();
    if (parser.request.versionMinor >= 1 && bodyComing && d->readsBody && d->readsBody(head)) {
        d->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    return true;
}

HttpRequest HttpConnection::splitTarget(HttpRequest request)
{
    QByteArray target = request.target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype authority = target.indexOf("//") + 2;
        const qsizetype pathStart = target.indexOf('/', authority);
        const qsizetype queryStart = target.indexOf('?', authority);
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
            target = "/" + (queryStart >= 0 ? target.mid(queryStart) : QByteArray());
        } else {
            target = target.mid(pathStart);
        }
    }
    const qsizetype question = target.indexOf('?');
    request.escapedPath = question < 0 ? target : target.left(question);
    request.rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    return request;
}

void HttpConnection::dispatch()
{
    const int hostCount = d->parser->hostCount;
    HttpRequest request = splitTarget(std::move(d->parser->request));
    d->parser.reset();
    request.peer = d->socket->peerAddress();

    // Go's request checks, with its own answers.
    if (hostCount > 1) {
        // Go's ReadRequest refuses this with a plain error: the generic answer.
        failRequest("HTTP/1.1 400 Bad Request" + ErrorHeaders.toByteArray() + "400 Bad Request");
        return;
    }
    if (request.versionMinor >= 1 && hostCount == 0 && request.method != "CONNECT") {
        const QByteArray line = "400 Bad Request: missing required Host header";
        failRequest("HTTP/1.1 " + line + ErrorHeaders.toByteArray() + line);
        return;
    }
    if (!request.target.startsWith('/') && request.target != "*" &&
        !request.target.startsWith("http://") && !request.target.startsWith("https://")) {
        failRequest("HTTP/1.1 400 Bad Request" + ErrorHeaders.toByteArray() + "400 Bad Request");
        return;
    }
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
    // Like Go's closeWriteAndWait: answer, stop sending, and keep draining
    // what the client still sends for a moment, so it reads the answer
    // instead of a connection reset.
    d->state = Private::State::Closed;
    d->input.clear();
    d->socket->write(rawResponse);
    d->socket->flush();
    if (d->socket->bytesToWrite() == 0) {
        ::shutdown(int(d->socket->socketDescriptor()), SHUT_WR);
    }
    QTimer::singleShot(500, d->socket, [socket = d->socket] { socket->disconnectFromHost(); });
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
    // Hand it to the kernel now: a client that half-closes right after its
    // request would otherwise make Qt drop the unsent answer.
    d->socket->flush();
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
