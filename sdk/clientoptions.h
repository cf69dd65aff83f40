#pragma once

#include "validationerror.h"

#include <QList>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace stellmap {

/*!
 * Where and how StellMapClient talks to a cluster.
 *
 * The token is sent as `Authorization: Bearer` only to the configured
 * servers and to a leader they name on one of the configured hosts; it is
 * never logged. TLS certificates are always verified (system CAs, plus
 * \c caFile when set).
 */
struct ClientOptions
{
    //! Base URLs of the cluster's nodes, e.g. http://10.0.0.1:8080; tried in order.
    QList<QUrl> servers;
    QString token;
    //! Deadline of a whole call, retries and fail-over included.
    int timeoutMs = 10000;
    //! PEM file with extra CA certificates to trust for https servers.
    QString caFile;
    //! A response body above this size is refused (protects memory).
    qint64 maxResponseBytes = qint64(1) << 30;

    /*!
     * Reads server addresses: each text may hold several separated by commas;
     * `host:port` without a scheme means http. On failure returns an empty
     * list and \a error names the text.
     */
    static QList<QUrl> parseServers(const QStringList &texts, ValidationError *error);

    /*!
     * Checks the options before anything is sent: at least one http(s)
     * server with a host and no credentials, query or fragment in the URL,
     * a positive timeout, a readable CA file with certificates in it.
     */
    ValidationError validate() const;

    //! TLS settings for requests: the system's CAs plus caFile's, peers always verified.
    QSslConfiguration sslConfiguration() const;
    /*!
     * A request for \a path (and the already percent-encoded \a query, kept
     * byte for byte) on \a server: no redirects followed, no cache, no
     * cookies, the token only for a trusted host, \a tls for https.
     */
    QNetworkRequest request(const QUrl &server, const QString &path, const QByteArray &query,
                            const QSslConfiguration &tls) const;
    //! Whether the token may go to \a url: its host is one of the configured servers' hosts.
    bool isTrustedHost(const QUrl &url) const;
};

} // namespace stellmap
