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
 * Each decode() returns an empty string on success.
 */
class GoJsonDecoder
{
public:
    static QString decode(const QByteArray &body, RegisterRequest *request);
    static QString decode(const QByteArray &body, DeregisterRequest *request);
    static QString decode(const QByteArray &body, HeartbeatRequest *request);
    static QString decode(const QByteArray &body, MemberChangeRequest *request);
    static QString decode(const QByteArray &body, LeaderTransferRequest *request);

    //! Go's unquoting of a byte string: invalid UTF-8 sequences become U+FFFD, byte by byte.
    static QString fromGoBytes(QByteArrayView bytes);
};

} // namespace stellmap
