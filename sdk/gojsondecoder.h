#pragma once

#include <QByteArray>
#include <QString>

namespace stellmap {

struct RegisterRequest;
struct DeregisterRequest;
struct HeartbeatRequest;
struct MemberChangeRequest;
struct LeaderTransferRequest;

/*!
 * Decodes request bodies the way the StellMap server does: Go's
 * encoding/json Decoder with unknown fields disallowed.
 *
 * Only the first JSON value is read; a syntax error anywhere in it wins over
 * type errors; the first type error or unknown field (in document order) is
 * reported; keys match field names case-insensitively; null leaves a field
 * unset; invalid UTF-8 becomes U+FFFD. Error texts are Go's own, e.g.
 * `json: unknown field "foo"` or `json: cannot unmarshal string into Go struct
 * field Endpoint.Endpoints.port of type int32`.
 *
 * Each decode() returns an empty string on success. \a readError is the
 * error that cut the body off (see HttpRequest::bodyError): Go's decoder
 * reports it instead of EOF when the first value is not complete.
 */
class GoJsonDecoder
{
public:
    static QString decode(const QByteArray &body, RegisterRequest *request,
                          const QString &readError = QString());
    static QString decode(const QByteArray &body, DeregisterRequest *request,
                          const QString &readError = QString());
    static QString decode(const QByteArray &body, HeartbeatRequest *request,
                          const QString &readError = QString());
    static QString decode(const QByteArray &body, MemberChangeRequest *request,
                          const QString &readError = QString());
    static QString decode(const QByteArray &body, LeaderTransferRequest *request,
                          const QString &readError = QString());

    //! Go's unquoting of a byte string: invalid UTF-8 sequences become U+FFFD, byte by byte.
    static QString fromGoBytes(QByteArrayView bytes);
};

} // namespace stellmap
