#pragma once

#include "clusterstate.h"
#include "httpconnection.h"

#include <QObject>

namespace stellmap {

class RegistryStore;
class WatchHub;
class UrlValues;
struct Instance;
class ResolvedQuery;

/*!
 * The public HTTP API of one stellmap-devd node: every route of the StellMap
 * server with its status codes, envelopes, message texts and routing rules
 * (Go's ServeMux: exact paths, cleaned-path redirects, plain-text 404 and
 * 405 answers).
 */
class RegistryApi : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        quint64 nodeId = 1;
        int keepaliveMs = 30000;
        //! Bearer token of /internal/v1/prometheus/sd; empty refuses every request.
        QString serviceDiscoveryToken;
    };

    RegistryApi(Options options, const ClusterState *cluster, RegistryStore *store, WatchHub *hub,
                QObject *parent = nullptr);

    void handle(HttpConnection &connection, const HttpRequest &request);
    //! True for requests whose handler reads the body (a POST to a write route).
    static bool readsBody(const HttpRequest &head);

private:
    void handleRegister(HttpConnection &connection, const HttpRequest &request);
    void handleDeregister(HttpConnection &connection, const HttpRequest &request);
    void handleHeartbeat(HttpConnection &connection, const HttpRequest &request);
    void handleQuery(HttpConnection &connection, const HttpRequest &request);
    void handleWatch(HttpConnection &connection, const HttpRequest &request);
    void handleReplicationWatch(HttpConnection &connection, const HttpRequest &request);
    void handleServiceDiscovery(HttpConnection &connection, const HttpRequest &request);
    void handleHealth(HttpConnection &connection, bool readiness);
    void handleMetrics(HttpConnection &connection, const HttpRequest &request);

    bool ensureLeader(HttpConnection &connection);
    //! Stores a change like a proposal; answers 500 propose_failed when it cannot.
    bool propose(HttpConnection &connection, quint64 revision, const QString &error);
    QList<Instance> scan(const ResolvedQuery &query, qint64 nowUnix) const;

    Options m_options;
    const ClusterState *m_cluster;
    RegistryStore *m_store;
    WatchHub *m_hub;
};

} // namespace stellmap
