#pragma once

#include "httprequest.h"

#include <QObject>

#include <functional>
#include <memory>

class QTcpSocket;

namespace stellmap {

/*!
 * One HTTP/1.x client connection on the event loop, answering the way Go's
 * net/http server does, so that stellmap-devd cannot be told apart from
 * stellmapd on the wire.
 *
 * Requests are parsed with Boost.Beast's parser and handed to the handler one
 * at a time (pipelined requests wait, as in Go). Answers are framed like Go:
 * handler headers sorted by name, then Date, Content-Length for bodies up to
 * 2 KiB, else one chunk with Transfer-Encoding: chunked.
 */
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(HttpConnection &, const HttpRequest &)>;
    //! Whether the handler will read the body of a request (given its head):
    //! only then is "Expect: 100-continue" answered, as in Go.
    using BodyPolicy = std::function<bool(const HttpRequest &head)>;

    //! Takes ownership of \a socket.
    HttpConnection(QTcpSocket *socket, Handler handler, BodyPolicy readsBody,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    //! Sends the whole answer to the current request.
    void respond(int status, HttpHeaders headers, const QByteArray &body);

    /*!
     * Starts a streamed answer. Nothing is sent until the first
     * writeToStream(): like Go, the status line and headers go out with the
     * first bytes of the body.
     */
    void beginStream(int status, HttpHeaders headers);
    void writeToStream(const QByteArray &data);
    //! Ends the stream; the connection then serves the next request.
    void endStream();

    //! Bytes handed to the socket but not yet to the kernel.
    qint64 bytesPending() const;

    static QByteArray statusText(int status);
    //! RFC 7231 IMF-fixdate of now, as Go writes the Date header.
    static QByteArray httpDate();

Q_SIGNALS:
    //! The output buffer has room again (see bytesPending()).
    void drained();
    //! The peer went away or the connection was closed; the object is deleted later.
    void closed();

private:
    struct Private;
    std::unique_ptr<Private> d;

    void readIncoming();
    void processIncoming();
    void dispatch();
    //! Reads one request head; false when more bytes are needed or it was refused.
    bool readHead();
    //! Reads the current request's body; false when more bytes are needed.
    bool readBody();
    //! Fills escapedPath and rawQuery from the target (absolute form reduced to its path).
    static HttpRequest splitTarget(HttpRequest request);
    void failRequest(const QByteArray &rawResponse);
    void finishExchange(bool keepAlive);
    QByteArray head(int status, const HttpHeaders &headers, qint64 contentLength, bool chunked,
                    bool keepAlive) const;
};

} // namespace stellmap
