#include "httpconnection.h"

#include "gochunkedbody.h"
#include "gorequesthead.h"
#include "gotext.h"

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

/*
 * Beast's request parser feeding our own request type: header values are
 * only bounded by the header limit (Beast's own field container caps a value
 * at 64 KiB and throws), and nothing is copied twice.
 */
class RequestParser final : public http::basic_parser<true>
{
public:
    HttpRequest request;

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
    }
    void on_response_impl(int, std::string_view, int, boost::beast::error_code &) override {}
    void on_field_impl(http::field, std::string_view name, std::string_view value,
                       boost::beast::error_code &) override
    {
        request.headers.append({bytes(name), bytes(value)});
    }
    void on_header_impl(boost::beast::error_code &) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t> &,
                           boost::beast::error_code &) override
    {}
    // The body is read by HttpConnection itself (Go's framing rules); Beast
    // only ever sees a head without Content-Length or Transfer-Encoding.
    std::size_t on_body_impl(std::string_view body, boost::beast::error_code &) override
    {
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, std::string_view, boost::beast::error_code &) override
    {}
    std::size_t on_chunk_body_impl(std::uint64_t, std::string_view body,
                                   boost::beast::error_code &) override
    {
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
    State state = State::Reading;
    // The request whose body is being read (after its head).
    bool readingBody = false;
    HttpRequest pending;
    GoRequestHead::Body bodyKind = GoRequestHead::Body::None;
    qint64 bodyRemaining = 0;
    std::optional<GoChunkedBody> chunked;
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
    while (d->state == Private::State::Reading) {
        if (!d->readingBody) {
            if (d->input.isEmpty() || !readHead()) {
                return;
            }
        }
        if (!readBody()) {
            return;
        }
        dispatch();
    }
}

bool HttpConnection::readHead()
{
    const qsizetype end = GoRequestHead::findEnd(d->input);
    if ((end < 0 && d->input.size() > MaxHeaderBytes) || end > MaxHeaderBytes) {
        failRequest(GoRequestHead::plainRefusal("431 Request Header Fields Too Large",
                                                "431 Request Header Fields Too Large"));
        return false;
    }
    if (end < 0) {
        return false;
    }
    const GoRequestHead head = GoRequestHead::parse(QByteArrayView(d->input).first(end));
    d->input.remove(0, end);
    if (!head.refusal.isEmpty()) {
        failRequest(head.refusal);
        return false;
    }

    // Beast checks the request line and fields of the canonical head.
    RequestParser parser;
    parser.header_limit(MaxHeaderBytes);
    const QByteArray canonical = head.canonicalHead();
    boost::beast::error_code ec;
    try {
        parser.put(boost::asio::buffer(canonical.constData(), size_t(canonical.size())), ec);
    } catch (const std::exception &) {
        ec = http::error::bad_value; // never let a hostile request take the process down
    }
    if (ec || !parser.is_done()) {
        failRequest(GoRequestHead::badRequest());
        return false;
    }
    if (!head.lateRefusal.isEmpty()) {
        failRequest(head.lateRefusal);
        return false;
    }
    HttpRequest request = splitTarget(std::move(parser.request));
    request.peer = d->socket->peerAddress();
    if (request.target.isEmpty() ||
        (!request.target.startsWith('/') && request.target != "*" && request.method != "CONNECT" &&
         !request.target.startsWith("http://") && !request.target.startsWith("https://"))) {
        failRequest(GoRequestHead::badRequest());
        return false;
    }
    for (qsizetype i = 0; i < request.escapedPath.size(); ++i) {
        if (request.escapedPath.at(i) == '%' &&
            (i + 2 >= request.escapedPath.size() ||
             GoText::hexDigit(request.escapedPath.at(i + 1)) < 0 ||
             GoText::hexDigit(request.escapedPath.at(i + 2)) < 0)) {
            failRequest(GoRequestHead::badRequest());
            return false;
        }
    }
    if (head.body == GoRequestHead::Body::Length && quint64(head.contentLength) > MaxBodyBytes) {
        failRequest(GoRequestHead::plainRefusal("413 Request Entity Too Large",
                                                "413 Request Entity Too Large"));
        return false;
    }

    // Expect: only 100-continue is met (RFC 7231 5.1.1, as Go does).
    const QByteArray expect = request.header("Expect");
    if (!expect.isEmpty()) {
        bool continueExpected = false;
        for (const QByteArray &token : expect.split(',')) {
            continueExpected = continueExpected ||
                               token.trimmed().compare("100-continue", Qt::CaseInsensitive) == 0;
        }
        if (!continueExpected) {
            d->request = std::move(request);
            d->state = Private::State::Handling;
            respond(417, {{"Connection", "close"}}, QByteArray());
            return false;
        }
        // Go sends 100 Continue when a handler starts reading a body that is coming.
        if (request.versionMinor >= 1 && head.body != GoRequestHead::Body::None && d->readsBody &&
            d->readsBody(request)) {
            d->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            d->socket->flush();
        }
    }

    d->pending = std::move(request);
    d->bodyKind = head.body;
    d->bodyRemaining = head.contentLength;
    if (head.body == GoRequestHead::Body::Chunked) {
        d->chunked.emplace();
    } else {
        d->chunked.reset();
    }
    d->readingBody = true;
    return true;
}

bool HttpConnection::readBody()
{
    switch (d->bodyKind) {
    case GoRequestHead::Body::None:
        break;
    case GoRequestHead::Body::Length: {
        const qsizetype take = qsizetype(qMin<qint64>(d->bodyRemaining, d->input.size()));
        d->pending.body += d->input.left(take);
        d->input.remove(0, take);
        d->bodyRemaining -= take;
        if (d->bodyRemaining > 0) {
            return false;
        }
        break;
    }
    case GoRequestHead::Body::Chunked:
        switch (d->chunked->feed(d->input)) {
        case GoChunkedBody::State::NeedMore:
            if (quint64(d->chunked->body().size()) > MaxBodyBytes) {
                failRequest(GoRequestHead::plainRefusal("413 Request Entity Too Large",
                                                        "413 Request Entity Too Large"));
            }
            return false;
        case GoChunkedBody::State::Failed:
            // The handler sees what arrived and Go's read error; the stream
            // cannot carry another request afterwards.
            d->pending.bodyError = d->chunked->error();
            d->input.clear();
            break;
        case GoChunkedBody::State::Done:
            break;
        }
        d->pending.body = d->chunked->body();
        d->chunked.reset();
        break;
    }
    d->readingBody = false;
    return true;
}

HttpRequest HttpConnection::splitTarget(HttpRequest request)
{
    QByteArray target = request.target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        // Absolute form: the path (empty when there is none, which the mux
        // then redirects to "/").
        const qsizetype authority = target.indexOf("//") + 2;
        qsizetype pathStart = target.indexOf('/', authority);
        const qsizetype queryStart = target.indexOf('?', authority);
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
            target = queryStart >= 0 ? target.mid(queryStart) : QByteArray();
        } else {
            target = target.mid(pathStart);
        }
    } else if (request.method == "CONNECT" && !target.startsWith('/')) {
        target.clear(); // authority form: no path
    }
    const qsizetype question = target.indexOf('?');
    request.escapedPath = question < 0 ? target : target.left(question);
    request.rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    return request;
}

void HttpConnection::dispatch()
{
    d->request = std::move(d->pending);
    d->pending = HttpRequest();
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
    bool keepAlive =
        d->request.wantsKeepAlive() && !hasCloseToken(headers) && d->request.bodyError.isEmpty();
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
