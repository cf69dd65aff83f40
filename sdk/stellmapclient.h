#pragma once

#include "clientoptions.h"
#include "healthreply.h"
#include "queryreply.h"
#include "writereply.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

class QNetworkAccessManager;

namespace stellmap {

struct DeregisterRequest;
struct HeartbeatRequest;
struct QueryFilter;
struct RegisterRequest;

/*!
 * The StellMap HTTP API over a QNetworkAccessManager.
 *
 * Every call validates its input with the server's rules first (an invalid
 * write is never sent) and returns a reply owned by the client, which emits
 * finished() exactly once. Calls on one client may run concurrently.
 *
 * Writes go to the leader: a `not_leader` answer is followed once to the
 * leader it names (same scheme as the server that named it); without a
 * leader the next configured server is tried, and while the cluster has no
 * leader the call retries with bounded backoff until its deadline. A write
 * whose answer was lost after sending is never resent (the reply says it
 * may have been applied). Reads and heartbeats fail over to the next server
 * on connection errors and 5xx answers; the client remembers which node
 * answered and starts there next time.
 *
 * Redirects are not followed: the token stays with the configured hosts.
 */
class StellMapClient : public QObject
{
    Q_OBJECT

public:
    /*!
     * \a network carries the requests and must outlive the client. Give
     * clients with different CA files different managers: Qt reuses a cached
     * connection to the same host and port whatever its TLS settings. Check
     * options.validate() first; a client with invalid options fails every
     * call with ClientError::Validation.
     */
    StellMapClient(const ClientOptions &options, QNetworkAccessManager *network,
                   QObject *parent = nullptr);
    //! Pending replies finish with ClientError::Aborted before they are deleted.
    ~StellMapClient() override;

    const ClientOptions &options() const { return m_options; }

    WriteReply *registerInstance(RegisterRequest request);
    WriteReply *deregisterInstance(DeregisterRequest request);
    WriteReply *heartbeat(HeartbeatRequest request);
    QueryReply *query(const QueryFilter &filter);
    /*!
     * GET /healthz of the configured server \a serverIndex only (no
     * fail-over): whether that node is up and whom it sees as leader.
     */
    HealthReply *health(int serverIndex);

    //! The server that answered the last read (reads start there).
    QUrl preferredReadServer() const;
    //! The node that accepted the last write, or the leader last named; empty when unknown.
    QUrl knownLeader() const { return m_leader; }
    /*!
     * Server clock minus local clock in milliseconds, from the Date header of
     * the latest answer (1 s resolution); 0 before any answer. Lease
     * countdowns use the server's clock.
     */
    qint64 serverClockOffsetMs() const { return m_clockOffsetMs; }

private:
    friend class RequestJob;

    template<typename Reply>
    Reply *newReply();
    void startJob(StellMapReply *reply, int kind, const QByteArray &method, const QString &path,
                  const QByteArray &query, const QByteArray &body, int serverIndex = -1);
    //! Fails \a reply as Validation when \a error is set; true then.
    bool refuse(StellMapReply *reply, const ValidationError &error);
    //! An answer came from \a server; \a accepted: it served the call (a read or the leader).
    void noteAnswer(bool read, const QUrl &server, const QDateTime &serverDate, bool accepted);

    ClientOptions m_options;
    ValidationError m_optionsError;
    QPointer<QNetworkAccessManager> m_network;
    QSslConfiguration m_sslConfiguration;
    QList<QPointer<StellMapReply>> m_pending;
    int m_preferredRead = 0;
    QUrl m_leader;
    qint64 m_clockOffsetMs = 0;
};

} // namespace stellmap
