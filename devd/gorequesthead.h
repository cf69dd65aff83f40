#pragma once

#include "httprequest.h"

#include <QByteArray>

namespace stellmap {

/*!
 * A request head read the way Go's net/http reads it (textproto): lines may
 * end in LF or CRLF, folded lines are joined with a space, headers with an
 * empty name are skipped, HTTP/1.x minor versions above 1 count as 1.1, and
 * the body framing follows Go's readTransfer (one "chunked" transfer coding
 * or none, Content-Length values that agree). What Go refuses is refused
 * with Go's answer, in Go's order.
 *
 * Beast then parses canonicalHead() (strict CRLF, no body framing headers),
 * so both libraries' rules apply and the body is read by GoChunkedBody or by
 * length.
 */
struct GoRequestHead
{
    enum class Body
    {
        None,
        Length,
        Chunked
    };

    //! Non-empty when Go answers the head itself (the raw answer, then close).
    QByteArray refusal;
    QByteArray requestLine; // "METHOD TARGET HTTP/1.x", minor version normalised
    int versionMinor = 1;
    HttpHeaders headers;
    Body body = Body::None;
    qint64 contentLength = 0;
    //! Go's checks that come after the body framing: missing / malformed Host,
    //! invalid header names or values ("400 Bad Request: <reason>").
    QByteArray lateRefusal;

    /*!
     * Finds the end of the head in \a input (after the blank line). Returns
     * the offset past it, or -1 when more bytes are needed.
     */
    static qsizetype findEnd(QByteArrayView input);
    static GoRequestHead parse(QByteArrayView head);

    //! The head as Beast parses it: CRLF lines, no Transfer-Encoding or Content-Length.
    QByteArray canonicalHead() const;

    //! "HTTP/1.1 <status line>\r\nContent-Type: text/plain; charset=utf-8\r\nConnection:
    //! close\r\n\r\n<text>"
    static QByteArray plainRefusal(const QByteArray &statusAndText, const QByteArray &body);
    static QByteArray badRequest(const QByteArray &reason = QByteArray());
};

} // namespace stellmap
