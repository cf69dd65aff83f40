#include "adminapi.h"

#include "adminrequest.h"
#include "apienvelope.h"
#include "gohttp.h"
#include "gojsondecoder.h"
#include "gotext.h"
#include "jsonwriter.h"
#include "registrystore.h"

namespace stellmap {

AdminApi::AdminApi(quint64 nodeId, QString token, const ClusterState *cluster,
                   const RegistryStore *store, QObject *parent)
    : QObject(parent)
    , m_nodeId(nodeId)
    , m_token(std::move(token))
    , m_cluster(cluster)
    , m_store(store)
{}

bool AdminApi::isLocal(const HttpRequest &request)
{
    return request.peer.toString() == QLatin1String("127.0.0.1") ||
           (request.peer.protocol() == QAbstractSocket::IPv6Protocol &&
            request.peer.toIPv4Address() == 0x7F000001);
}

bool AdminApi::isAuthorized(const HttpRequest &request, const QString &token)
{
    const QString authorization =
        GoText::trimSpace(QString::fromUtf8(request.header("Authorization")));
    return !GoText::trimSpace(token).isEmpty() && authorization == QLatin1String("Bearer ") + token;
}

bool AdminApi::readsBody(const HttpRequest &head, const QString &token)
{
    const QByteArray route = GoHttp::routeOf(head);
    return head.method == "POST" && isLocal(head) && isAuthorized(head, token) &&
           (route == "/admin/v1/leader/transfer" || route.startsWith("/admin/v1/members/"));
}

void AdminApi::handle(HttpConnection &connection, const HttpRequest &request)
{
    // The server's guard runs before any routing.
    if (!isLocal(request)) {
        GoHttp::error(connection, 403, QStringLiteral("forbidden"),
                      QStringLiteral("admin listener only allows 127.0.0.1"));
        return;
    }
    if (!isAuthorized(request, m_token)) {
        GoHttp::error(connection, 401, QStringLiteral("unauthorized"),
                      QStringLiteral("missing or invalid admin token"));
        return;
    }
    const std::optional<QByteArray> route = GoHttp::route(connection, request);
    if (!route) {
        return;
    }
    if (*route == "/admin/v1/status") {
        if (GoHttp::allowMethod(connection, request, "GET")) {
            handleStatus(connection);
        }
    } else if (*route == "/admin/v1/replication/status") {
        if (GoHttp::allowMethod(connection, request, "GET")) {
            GoHttp::json(connection, 200, ApiEnvelope::successJson([](JsonWriter &writer) {
                             writer.beginArray().endArray();
                         }));
        }
    } else if (*route == "/admin/v1/members/add-learner" || *route == "/admin/v1/members/promote" ||
               *route == "/admin/v1/members/remove") {
        handleMemberChange(connection, request);
    } else if (*route == "/admin/v1/leader/transfer") {
        handleTransfer(connection, request);
    } else {
        GoHttp::notFound(connection);
    }
}

bool AdminApi::ensureLeader(HttpConnection &connection)
{
    if (m_cluster->leaderId == m_nodeId) {
        return true;
    }
    GoHttp::notLeader(connection, m_cluster->leaderId,
                      m_cluster->leaderId == 0 ? QString()
                                               : m_cluster->adminAddr(m_cluster->leaderId));
    return false;
}

void AdminApi::handleStatus(HttpConnection &connection)
{
    const bool leader = m_cluster->leaderId == m_nodeId;
    StringMap httpAddrs;
    StringMap adminAddrs;
    for (const ClusterState::Node &node : m_cluster->nodes) {
        httpAddrs.insert(QString::number(node.id), node.httpAddr);
        if (!node.adminAddr.isEmpty()) {
            adminAddrs.insert(QString::number(node.id), node.adminAddr);
        }
    }
    GoHttp::json(connection, 200, ApiEnvelope::successJson([&](JsonWriter &writer) {
                     writer.beginObject()
                         .key(QLatin1String("clusterId"))
                         .value(m_cluster->clusterId.toULongLong())
                         .key(QLatin1String("localNodeId"))
                         .value(m_nodeId)
                         .key(QLatin1String("leaderId"))
                         .value(m_cluster->leaderId)
                         .member(QLatin1String("role"),
                                 leader ? QStringLiteral("leader") : QStringLiteral("follower"))
                         .key(QLatin1String("term"))
                         .value(m_cluster->term)
                         .key(QLatin1String("vote"))
                         .value(m_cluster->leaderId)
                         .key(QLatin1String("commitIndex"))
                         .value(m_store->appliedIndex())
                         .key(QLatin1String("appliedIndex"))
                         .value(m_store->appliedIndex())
                         .key(QLatin1String("started"))
                         .value(true)
                         .key(QLatin1String("stopped"))
                         .value(false)
                         .key(QLatin1String("voters"))
                         .beginArray();
                     for (const ClusterState::Node &node : m_cluster->nodes) {
                         writer.value(node.id);
                     }
                     writer.endArray()
                         .optionalMember(QLatin1String("httpAddrs"), httpAddrs)
                         .optionalMember(QLatin1String("adminAddrs"), adminAddrs)
                         .endObject();
                 }));
}

void AdminApi::handleMemberChange(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "POST") || !ensureLeader(connection)) {
        return;
    }
    MemberChangeRequest body;
    if (const QString error = GoJsonDecoder::decode(request.body, &body, request.bodyError);
        !error.isEmpty()) {
        GoHttp::badRequest(connection, error);
        return;
    }
    if (body.nodeId == 0) {
        GoHttp::badRequest(connection, QStringLiteral("nodeId is required"));
        return;
    }
    GoHttp::error(connection, 500, QStringLiteral("conf_change_failed"),
                  QStringLiteral("stellmap-devd has a fixed set of nodes (--nodes): membership "
                                 "changes are not supported"));
}

void AdminApi::handleTransfer(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "POST") || !ensureLeader(connection)) {
        return;
    }
    LeaderTransferRequest body;
    if (const QString error = GoJsonDecoder::decode(request.body, &body, request.bodyError);
        !error.isEmpty()) {
        GoHttp::badRequest(connection, error);
        return;
    }
    if (body.targetNodeId == 0) {
        GoHttp::badRequest(connection, QStringLiteral("targetNodeId is required"));
        return;
    }
    // Raft takes the request and acts later; an unknown target is ignored there.
    Q_EMIT leadershipTransferRequested(body.targetNodeId);
    GoHttp::json(connection, 200,
                 ApiEnvelope::successJson(QStringLiteral("leader transfer requested")));
}

} // namespace stellmap
