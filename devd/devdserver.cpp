#include "devdserver.h"

#include "demoagents.h"
#include "httpserver.h"
#include "registryapi.h"
#include "registrystore.h"
#include "watchhub.h"

#include <QDateTime>

namespace stellmap {

namespace {
// The server deletes at most this many expired instances per cleanup round.
constexpr int CleanupLimit = 128;
} // namespace

DevdServer::DevdServer(DevdOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(new RegistryStore(this))
{}

DevdServer::~DevdServer() = default;

bool DevdServer::listenAll(QString *error)
{
    // Port 0: find a block of consecutive free ports, since node i is PORT+i-1.
    for (int attempt = 0; attempt < 64; ++attempt) {
        qDeleteAll(m_servers);
        m_servers.clear();
        quint16 base = m_options.port;
        bool ok = true;
        for (int i = 0; i < m_options.nodes && ok; ++i) {
            const quint64 nodeId = quint64(i + 1);
            auto *server = new HttpServer(
                [this, nodeId](HttpConnection &connection, const HttpRequest &request) {
                    m_apis.at(int(nodeId - 1))->handle(connection, request);
                },
                &RegistryApi::readsBody, this);
            const quint16 port = (base == 0 && i == 0) ? 0 : quint16(base + i);
            QString listenError;
            if (!server->listen(m_options.host, port, &listenError)) {
                delete server;
                if (m_options.port != 0) {
                    *error = QStringLiteral("cannot listen on %1:%2: %3")
                                 .arg(m_options.hostText)
                                 .arg(port)
                                 .arg(listenError);
                    return false;
                }
                ok = false;
                break;
            }
            if (i == 0) {
                base = server->port();
                if (m_options.port == 0 && int(base) + m_options.nodes - 1 > 65535) {
                    delete server;
                    ok = false;
                    break;
                }
            }
            m_servers.append(server);
        }
        if (ok) {
            return true;
        }
    }
    *error = QStringLiteral("found no %1 consecutive free ports").arg(m_options.nodes);
    return false;
}

bool DevdServer::start(QString *error)
{
    if (!m_options.stateFile.isEmpty() && !m_store->openStateFile(m_options.stateFile, error)) {
        return false;
    }
    if (!listenAll(error)) {
        return false;
    }
    for (int i = 0; i < m_servers.size(); ++i) {
        m_cluster.nodes.append({quint64(i + 1), m_options.hostText + QLatin1Char(':') +
                                                    QString::number(m_servers.at(i)->port())});
    }
    m_cluster.leaderId = 1;

    // Like a Raft log: a new cluster commits one membership entry per node,
    // every new leader an empty entry; each takes an index.
    if (!m_store->restored()) {
        for (int i = 0; i < m_options.nodes; ++i) {
            if (m_store->appendNoop(error) == 0) {
                return false;
            }
        }
    }
    if (m_store->appendNoop(error) == 0) {
        return false;
    }

    m_hub = new WatchHub(m_store, m_options.history, this);
    for (const ClusterState::Node &node : std::as_const(m_cluster.nodes)) {
        RegistryApi::Options apiOptions;
        apiOptions.nodeId = node.id;
        apiOptions.keepaliveMs = int(m_options.keepaliveSeconds * 1000);
        apiOptions.serviceDiscoveryToken = m_options.serviceDiscoveryToken;
        m_apis.append(new RegistryApi(apiOptions, &m_cluster, m_store, m_hub, this));
    }

    m_cleanup.setInterval(int(m_options.cleanupIntervalSeconds * 1000));
    connect(&m_cleanup, &QTimer::timeout, this, [this] {
        if (m_cluster.leaderId != 0) {
            m_store->cleanupExpired(QDateTime::currentSecsSinceEpoch(), CleanupLimit);
        }
    });
    m_cleanup.start();

    if (m_options.demo) {
        m_demo = new DemoAgents(m_store, m_options.seed, this);
        m_demo->start(m_options.churnRate);
    }
    return true;
}

} // namespace stellmap
