#pragma once

#include "clusterstate.h"
#include "devdoptions.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace stellmap {

class DemoAgents;
class HttpServer;
class RegistryApi;
class RegistryStore;
class WatchHub;

/*!
 * A whole stellmap-devd process: the shared store and watch hub, one HTTP
 * listener per node, the leader's lease cleanup and the optional demo agents.
 */
class DevdServer : public QObject
{
    Q_OBJECT

public:
    explicit DevdServer(DevdOptions options, QObject *parent = nullptr);
    ~DevdServer() override;

    //! Loads state, listens on every node's port, starts cleanup and demo.
    bool start(QString *error);

    const ClusterState &cluster() const { return m_cluster; }
    RegistryStore *store() const { return m_store; }

private:
    bool listenAll(QString *error);

    DevdOptions m_options;
    ClusterState m_cluster;
    RegistryStore *m_store;
    WatchHub *m_hub = nullptr;
    QList<HttpServer *> m_servers;
    QList<RegistryApi *> m_apis;
    DemoAgents *m_demo = nullptr;
    QTimer m_cleanup;
};

} // namespace stellmap
