#pragma once

#include "clusterstate.h"
#include "devdoptions.h"
#include "httpconnection.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace stellmap {

class AdminApi;
class DemoAgents;
class HttpServer;
class RegistryApi;
class RegistryStore;
class WatchHub;

/*!
 * A whole stellmap-devd process: the shared store and watch hub, one public
 * (and optionally one admin) listener per node, the leader's lease cleanup,
 * leadership transfers and the optional demo agents.
 */
class DevdServer : public QObject
{
    Q_OBJECT

public:
    explicit DevdServer(DevdOptions options, QObject *parent = nullptr);
    ~DevdServer() override;

    //! Loads state, listens on every node's ports, starts cleanup and demo.
    bool start(QString *error);

    const ClusterState &cluster() const { return m_cluster; }
    RegistryStore *store() const { return m_store; }

    /*!
     * Moves leadership to \a targetNodeId like Raft: no leader for the
     * election gap, then a new term whose empty entry takes one revision.
     * Unknown targets and the current leader are ignored.
     */
    void transferLeadership(quint64 targetNodeId);

private:
    //! Starts a new term led by \a nodeId (its empty entry takes an index).
    void elect(quint64 nodeId);
    using HandlerFactory = std::function<HttpConnection::Handler(quint64 nodeId)>;
    //! One listener per node on consecutive ports (port 0: a free block).
    bool listenGroup(const QHostAddress &host, const QString &hostText, quint16 port,
                     const HandlerFactory &handlerFor, const HttpConnection::BodyPolicy &readsBody,
                     QList<HttpServer *> *servers, QString *error);

    DevdOptions m_options;
    ClusterState m_cluster;
    RegistryStore *m_store;
    WatchHub *m_hub = nullptr;
    QList<HttpServer *> m_servers;
    QList<HttpServer *> m_adminServers;
    QList<RegistryApi *> m_apis;
    QList<AdminApi *> m_adminApis;
    DemoAgents *m_demo = nullptr;
    QTimer m_cleanup;
    //! Each node's own cleanup cursor, as each server process keeps one.
    QHash<quint64, QByteArray> m_cleanupCursors;
};

} // namespace stellmap
