#pragma once

#include "httpconnection.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace stellmap {

/*!
 * The behaviour of Go's net/http that the StellMap server inherits: its
 * ServeMux (exact paths matched segment by segment on the escaped path,
 * unclean paths redirected with 301, plain-text 404), http.Error's 405 and
 * the JSON answer helpers of the server's handlers.
 */
class GoHttp
{
public:
    /*!
     * Routes \a request like ServeMux: returns the path to dispatch on (its
     * segments unescaped), or std::nullopt when the mux answered itself
     * (a redirect to the cleaned path, or a request-target of "*").
     */
    static std::optional<QByteArray> route(HttpConnection &connection, const HttpRequest &request);
    //! The route of \a head without answering (empty for a redirect).
    static QByteArray routeOf(const HttpRequest &head);

    //! "404 page not found".
    static void notFound(HttpConnection &connection);
    //! The handlers' allowMethod: 405 "method not allowed" with Allow.
    static bool allowMethod(HttpConnection &connection, const HttpRequest &request,
                            const char *method);
    //! http.Error: text/plain, nosniff, the text and a newline.
    static void plainError(HttpConnection &connection, int status, const QByteArray &text,
                           HttpHeaders headers = {});
    //! writeJSON: \a json (already newline-terminated) as application/json.
    static void json(HttpConnection &connection, int status, const QByteArray &json,
                     HttpHeaders headers = {});
    //! writeError: {"code":..,"message":..}.
    static void error(HttpConnection &connection, int status, const QString &code,
                      const QString &message, HttpHeaders headers = {});
    static void badRequest(HttpConnection &connection, const QString &message,
                           HttpHeaders headers = {});
    //! writeNotLeader: 503 not_leader naming the leader (absent while there is none).
    static void notLeader(HttpConnection &connection, quint64 leaderId, const QString &leaderAddr);
};

} // namespace stellmap
