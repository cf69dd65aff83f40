#pragma once

#include "clusterstate.h"
#include "httpconnection.h"

#include <QObject>

namespace stellmap {

class RegistryStore;

/*!
 * The admin listener of one node (GET /admin/v1/status,
 * POST /admin/v1/leader/transfer, ...), behind the server's guard: requests
 * from anywhere but 127.0.0.1 get 403, a missing or wrong bearer token 401.
 *
 * Leadership transfer works as in Raft: the cluster is without a leader for
 * the election gap, then the target leads in a new term and its empty entry
 * takes the next revision. Membership changes are refused: the nodes of a
 * stellmap-devd process are fixed.
 */
class AdminApi : public QObject
{
    Q_OBJECT

public:
    AdminApi(quint64 nodeId, QString token, const ClusterState *cluster, const RegistryStore *store,
             QObject *parent = nullptr);

    void handle(HttpConnection &connection, const HttpRequest &request);
    /*!
     * True when a handler will read the body of \a head: a POST that passes
     * the guard to a control route (only then is 100-continue answered).
     */
    static bool readsBody(const HttpRequest &head, const QString &token);

Q_SIGNALS:
    //! A valid transfer request reached the leader.
    void leadershipTransferRequested(quint64 targetNodeId);

private:
    static bool isLocal(const HttpRequest &request);
    static bool isAuthorized(const HttpRequest &request, const QString &token);
    bool ensureLeader(HttpConnection &connection);
    void handleStatus(HttpConnection &connection);
    void handleMemberChange(HttpConnection &connection, const HttpRequest &request);
    void handleTransfer(HttpConnection &connection, const HttpRequest &request);

    quint64 m_nodeId;
    QString m_token;
    const ClusterState *m_cluster;
    const RegistryStore *m_store;
};

} // namespace stellmap
