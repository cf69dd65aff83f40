#include "devdserver.h"

#include "adminapi.h"
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
// A new cluster's first elected leader has this term (membership entries are term 1).
constexpr quint64 FirstLeaderTerm = 2;
} // namespace

DevdServer::DevdServer(DevdOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(new RegistryStore(this))
{}

DevdServer::~DevdServer() = default;

bool DevdServer::listenGroup(const QHostAddress &host, const QString &hostText, quint16 port,
                             const HandlerFactory &handlerFor,
                             const HttpConnection::BodyPolicy &readsBody,
                             QList<HttpServer *> *servers, QString *error)
{
    for (int attempt = 0; attempt < 64; ++attempt) {
        qDeleteAll(*servers);
        servers->clear();
        quint16 base = port;
        bool ok = true;
        for (int i = 0; i < m_options.nodes && ok; ++i) {
            auto *server = new HttpServer(handlerFor(quint64(i + 1)), readsBody, this);
            const quint16 nodePort = (base == 0 && i == 0) ? 0 : quint16(base + i);
            QString listenError;
            if (!server->listen(host, nodePort, &listenError)) {
                delete server;
                if (port != 0) {
                    *error = QStringLiteral("cannot listen on %1:%2: %3")
                                 .arg(hostText)
                                 .arg(nodePort)
                                 .arg(listenError);
                    return false;
                }
                ok = false;
                break;
            }
            if (i == 0) {
                base = server->port();
                if (port == 0 && int(base) + m_options.nodes - 1 > 65535) {
                    delete server;
                    ok = false;
                    break;
                }
            }
            servers->append(server);
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
    const auto publicHandler = [this](quint64 nodeId) -> HttpConnection::Handler {
        return [this, nodeId](HttpConnection &connection, const HttpRequest &request) {
            m_apis.at(int(nodeId - 1))->handle(connection, request);
        };
    };
    if (!listenGroup(m_options.host, m_options.hostText, m_options.port, publicHandler,
                     &RegistryApi::readsBody, &m_servers, error)) {
        return false;
    }
    if (m_options.admin) {
        const auto adminHandler = [this](quint64 nodeId) -> HttpConnection::Handler {
            return [this, nodeId](HttpConnection &connection, const HttpRequest &request) {
                m_adminApis.at(int(nodeId - 1))->handle(connection, request);
            };
        };
        const auto adminReadsBody = [this](const HttpRequest &head) {
            return AdminApi::readsBody(head, m_options.adminToken);
        };
        if (!listenGroup(m_options.adminHost, m_options.adminHostText, m_options.adminPort,
                         adminHandler, adminReadsBody, &m_adminServers, error)) {
            return false;
        }
    }
    for (int i = 0; i < m_servers.size(); ++i) {
        ClusterState::Node node;
        node.id = quint64(i + 1);
        node.httpAddr =
            m_options.hostText + QLatin1Char(':') + QString::number(m_servers.at(i)->port());
        if (m_options.admin) {
            node.adminAddr = m_options.adminHostText + QLatin1Char(':') +
                             QString::number(m_adminServers.at(i)->port());
        }
        m_cluster.nodes.append(node);
    }

    // Like a Raft log: a new cluster commits one membership entry per node,
    // every elected leader an empty entry; each takes an index.
    if (!m_store->restored()) {
        for (int i = 0; i < m_options.nodes; ++i) {
            if (m_store->appendNoop(0, error) == 0) {
                return false;
            }
        }
    }
    m_cluster.leaderId = quint64(m_options.initialLeader);
    m_cluster.term =
        m_store->restored() ? qMax(m_store->term() + 1, FirstLeaderTerm) : FirstLeaderTerm;
    if (m_cluster.leaderId == 0) {
        // Leaderless: the first election will take this term.
        m_cluster.term -= 1;
        if (m_options.electAfterSeconds > 0) {
            QTimer::singleShot(int(m_options.electAfterSeconds * 1000), this, [this] { elect(1); });
        }
    } else if (m_store->appendNoop(m_cluster.term, error) == 0) {
        return false;
    }

    m_hub = new WatchHub(m_store, m_options.history, this);
    for (const ClusterState::Node &node : std::as_const(m_cluster.nodes)) {
        RegistryApi::Options apiOptions;
        apiOptions.nodeId = node.id;
        apiOptions.keepaliveMs = qMax(1, int(m_options.keepaliveSeconds * 1000));
        apiOptions.serviceDiscoveryToken = m_options.serviceDiscoveryToken;
        m_apis.append(new RegistryApi(apiOptions, &m_cluster, m_store, m_hub, this));
        auto *admin = new AdminApi(node.id, m_options.adminToken, &m_cluster, m_store, this);
        connect(admin, &AdminApi::leadershipTransferRequested, this,
                &DevdServer::transferLeadership);
        m_adminApis.append(admin);
    }

    m_cleanup.setInterval(qMax(1, int(m_options.cleanupIntervalSeconds * 1000)));
    connect(&m_cleanup, &QTimer::timeout, this, [this] {
        if (m_cluster.leaderId != 0) {
            m_store->cleanupExpired(QDateTime::currentSecsSinceEpoch(), CleanupLimit,
                                    &m_cleanupCursors[m_cluster.leaderId]);
        }
    });
    m_cleanup.start();

    if (m_options.demo) {
        m_demo = new DemoAgents(m_store, m_options.seed, this);
        m_demo->start(m_options.churnRate);
    }
    return true;
}

void DevdServer::transferLeadership(quint64 targetNodeId)
{
    if (m_cluster.leaderId == 0 || targetNodeId == m_cluster.leaderId ||
        !m_cluster.hasNode(targetNodeId)) {
        return;
    }
    m_cluster.leaderId = 0;
    QTimer::singleShot(int(m_options.electionGapSeconds * 1000), this,
                       [this, targetNodeId] { elect(targetNodeId); });
}

void DevdServer::elect(quint64 nodeId)
{
    m_cluster.term += 1;
    m_cluster.leaderId = nodeId;
    QString error;
    if (m_store->appendNoop(m_cluster.term, &error) == 0) {
        qWarning("stellmap-devd: the new leader's entry failed: %s", qPrintable(error));
    }
}

} // namespace stellmap
