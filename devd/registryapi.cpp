#include "registryapi.h"

#include "apienvelope.h"
#include "deregisterrequest.h"
#include "gohttp.h"
#include "gojsondecoder.h"
#include "gotext.h"
#include "healthstatus.h"
#include "heartbeatrequest.h"
#include "jsonwriter.h"
#include "queryfilter.h"
#include "registerrequest.h"
#include "registrystore.h"
#include "urlvalues.h"
#include "watchhub.h"
#include "watchstream.h"

#include <QDateTime>
#include <QHostAddress>

namespace stellmap {

namespace {

qint64 nowUnix()
{
    return QDateTime::currentSecsSinceEpoch();
}

// strconv.ParseBool
std::optional<bool> parseGoBool(const QString &text)
{
    static const QStringList yes = {QStringLiteral("1"),    QStringLiteral("t"),
                                    QStringLiteral("T"),    QStringLiteral("TRUE"),
                                    QStringLiteral("true"), QStringLiteral("True")};
    static const QStringList no = {QStringLiteral("0"),     QStringLiteral("f"),
                                   QStringLiteral("F"),     QStringLiteral("FALSE"),
                                   QStringLiteral("false"), QStringLiteral("False")};
    if (yes.contains(text)) {
        return true;
    }
    if (no.contains(text)) {
        return false;
    }
    return std::nullopt;
}

} // namespace

RegistryApi::RegistryApi(Options options, const ClusterState *cluster, RegistryStore *store,
                         WatchHub *hub, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_cluster(cluster)
    , m_store(store)
    , m_hub(hub)
{}

void RegistryApi::handle(HttpConnection &connection, const HttpRequest &request)
{
    const std::optional<QByteArray> path = GoHttp::route(connection, request);
    if (!path) {
        return;
    }
    const QByteArray &route = *path;
    if (route == "/api/v1/registry/register") {
        handleRegister(connection, request);
    } else if (route == "/api/v1/registry/deregister") {
        handleDeregister(connection, request);
    } else if (route == "/api/v1/registry/heartbeat") {
        handleHeartbeat(connection, request);
    } else if (route == "/api/v1/registry/instances") {
        handleQuery(connection, request);
    } else if (route == "/api/v1/registry/watch") {
        handleWatch(connection, request);
    } else if (route == "/internal/v1/replication/watch") {
        handleReplicationWatch(connection, request);
    } else if (route == "/internal/v1/prometheus/sd") {
        handleServiceDiscovery(connection, request);
    } else if (route == "/healthz") {
        handleHealth(connection, false);
    } else if (route == "/readyz") {
        handleHealth(connection, true);
    } else if (route == "/metrics") {
        handleMetrics(connection, request);
    } else {
        GoHttp::notFound(connection);
    }
}

bool RegistryApi::readsBody(const HttpRequest &head)
{
    const QByteArray route = GoHttp::routeOf(head);
    return head.method == "POST" &&
           (route == "/api/v1/registry/register" || route == "/api/v1/registry/deregister" ||
            route == "/api/v1/registry/heartbeat");
}

bool RegistryApi::ensureLeader(HttpConnection &connection)
{
    if (m_cluster->leaderId == m_options.nodeId) {
        return true;
    }
    GoHttp::notLeader(connection, m_cluster->leaderId, m_cluster->leaderAddr());
    return false;
}

bool RegistryApi::propose(HttpConnection &connection, quint64 revision, const QString &error)
{
    if (revision == 0) {
        GoHttp::error(connection, 500, QStringLiteral("propose_failed"), error);
        return false;
    }
    return true;
}

void RegistryApi::handleRegister(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "POST")) {
        return;
    }
    RegisterRequest body;
    if (const QString error = GoJsonDecoder::decode(request.body, &body, request.bodyError);
        !error.isEmpty()) {
        GoHttp::badRequest(connection, error);
        return;
    }
    if (const ValidationError error = body.normalize()) {
        GoHttp::badRequest(connection, error.message);
        return;
    }
    if (!ensureLeader(connection)) {
        return;
    }
    QString error;
    const quint64 revision = m_store->registerInstance(body, nowUnix(), &error);
    if (propose(connection, revision, error)) {
        GoHttp::json(connection, 200,
                     ApiEnvelope::successJson(QStringLiteral("instance registered")));
    }
}

void RegistryApi::handleDeregister(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "POST")) {
        return;
    }
    DeregisterRequest body;
    if (const QString error = GoJsonDecoder::decode(request.body, &body, request.bodyError);
        !error.isEmpty()) {
        GoHttp::badRequest(connection, error);
        return;
    }
    if (const ValidationError error = body.normalize()) {
        GoHttp::badRequest(connection, error.message);
        return;
    }
    if (!ensureLeader(connection)) {
        return;
    }
    QString error;
    const quint64 revision = m_store->remove(RegistryStore::key(body.key), &error);
    if (propose(connection, revision, error)) {
        GoHttp::json(connection, 200,
                     ApiEnvelope::successJson(QStringLiteral("instance deregistered")));
    }
}

void RegistryApi::handleHeartbeat(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "POST")) {
        return;
    }
    HeartbeatRequest body;
    if (const QString error = GoJsonDecoder::decode(request.body, &body, request.bodyError);
        !error.isEmpty()) {
        GoHttp::badRequest(connection, error);
        return;
    }
    if (const ValidationError error = body.normalize()) {
        GoHttp::badRequest(connection, error.message);
        return;
    }
    if (!ensureLeader(connection)) {
        return;
    }
    if (!m_store->find(RegistryStore::key(body.key))) {
        GoHttp::error(connection, 404, QStringLiteral("not_found"),
                      QStringLiteral("instance not found"));
        return;
    }
    QString error;
    const quint64 revision = m_store->renewLease(body, nowUnix(), &error);
    if (propose(connection, revision, error)) {
        GoHttp::json(connection, 200,
                     ApiEnvelope::successJson(QStringLiteral("heartbeat accepted")));
    }
}

QList<Instance> RegistryApi::scan(const ResolvedQuery &query, qint64 now) const
{
    QList<Instance> result;
    // Like the server: one exact service narrows the scan to its keys.
    QByteArray prefix = RegistryStore::namespacePrefix(query.namespaceName);
    if (!query.service.isEmpty() && query.services.size() <= 1 && query.servicePrefixes.isEmpty()) {
        prefix += GoText::toUtf8(query.service) + '/';
    }
    const auto &items = m_store->items();
    for (auto it = items.lower_bound(prefix); it != items.end() && it->first.startsWith(prefix);
         ++it) {
        if (auto visible = query.view(it->second, now)) {
            result.append(std::move(*visible));
            if (query.limit > 0 && result.size() >= query.limit) {
                break;
            }
        }
    }
    return result;
}

void RegistryApi::handleQuery(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "GET")) {
        return;
    }
    ValidationError error;
    const ResolvedQuery query = UrlValues::parse(request.rawQuery).queryFilter().resolve(&error);
    if (error) {
        GoHttp::badRequest(connection, error.message);
        return;
    }
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("code"), QStringLiteral("ok"))
        .key(QLatin1String("data"));
    writer.beginArray();
    for (const Instance &instance : scan(query, nowUnix())) {
        instance.writeJson(writer);
    }
    writer.endArray().endObject().newline();
    GoHttp::json(connection, 200, writer.take());
}

void RegistryApi::handleWatch(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "GET")) {
        return;
    }
    const UrlValues values = UrlValues::parse(request.rawQuery);
    ValidationError filterError;
    ResolvedQuery query = values.queryFilter().resolve(&filterError);
    if (filterError) {
        GoHttp::badRequest(connection, filterError.message);
        return;
    }

    // Caller identity, for the server's metrics: query parameter, then
    // X-StellMap-Caller-*, then X-Caller-*.
    const auto callerField = [&](const char *parameter, const char *suffix) {
        const QString fromQuery = GoText::trimSpace(values.first(QLatin1String(parameter)));
        if (!fromQuery.isEmpty()) {
            return fromQuery;
        }
        for (const char *prefix : {"X-StellMap-Caller-", "X-Caller-"}) {
            const QString fromHeader = GoText::trimSpace(
                QString::fromUtf8(request.header(QByteArray(QByteArray(prefix) + suffix))));
            if (!fromHeader.isEmpty()) {
                return fromHeader;
            }
        }
        return QString();
    };
    const QString callerNamespace = callerField("callerNamespace", "Namespace");
    ServiceName caller;
    caller.service = callerField("callerService", "Service");
    caller.organization = callerField("callerOrganization", "Organization");
    caller.businessDomain = callerField("callerBusinessDomain", "Business-Domain");
    caller.capabilityDomain = callerField("callerCapabilityDomain", "Capability-Domain");
    caller.application = callerField("callerApplication", "Application");
    caller.role = callerField("callerRole", "Role");
    if (!callerNamespace.isEmpty() || !caller.service.isEmpty() || caller.hasAnyPart()) {
        if (const ValidationError error = caller.normalize()) {
            GoHttp::badRequest(connection,
                               QLatin1String("invalid caller identity: ") + error.message);
            return;
        }
    }

    quint64 since = 0;
    const QString sinceText = GoText::trimSpace(values.first(QStringLiteral("sinceRevision")));
    if (!sinceText.isEmpty()) {
        bool ok = false;
        since = sinceText.toULongLong(&ok, 10);
        bool digitsOnly = true;
        for (const QChar c : sinceText) {
            digitsOnly = digitsOnly && c >= QLatin1Char('0') && c <= QLatin1Char('9');
        }
        if (!ok || !digitsOnly) {
            GoHttp::badRequest(connection,
                               QLatin1String("invalid sinceRevision ") + GoText::quote(sinceText));
            return;
        }
    }
    bool includeSnapshot = true;
    const QString snapshotText = GoText::trimSpace(values.first(QStringLiteral("includeSnapshot")));
    if (!snapshotText.isEmpty()) {
        const auto parsed = parseGoBool(snapshotText);
        if (!parsed) {
            GoHttp::badRequest(connection, QLatin1String("invalid includeSnapshot ") +
                                               GoText::quote(snapshotText));
            return;
        }
        includeSnapshot = *parsed;
    }

    const HttpHeaders streamHeaders{{"Content-Type", "text/event-stream"},
                                    {"Cache-Control", "no-cache"},
                                    {"Connection", "keep-alive"},
                                    {"X-Accel-Buffering", "no"}};
    auto *stream = new WatchStream(&connection, query, m_options.keepaliveMs, m_hub);
    const WatchHub::Subscription subscription = m_hub->subscribe(stream, since);
    if (since > 0 && !subscription.exact && !includeSnapshot) {
        delete stream;
        GoHttp::error(connection, 410, QStringLiteral("revision_expired"),
                      QStringLiteral("watch revision is no longer retained"), streamHeaders);
        return;
    }
    connection.beginStream(200, streamHeaders);
    if (since == 0 || !subscription.exact) {
        if (includeSnapshot) {
            stream->writeSnapshot(m_store->appliedIndex(), scan(query, nowUnix()));
        }
    } else {
        stream->replay(subscription.replay, since);
    }
    stream->startLive();
}

void RegistryApi::handleReplicationWatch(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "GET")) {
        return;
    }
    // stellmap-devd replicates to no other region: no replication token is valid.
    GoHttp::error(connection, 401, QStringLiteral("unauthorized"),
                  QStringLiteral("missing or invalid replication token"));
}

namespace {

QString sanitizePrometheusLabelName(const QString &raw)
{
    const QString trimmed = GoText::trimSpace(raw);
    if (trimmed.isEmpty()) {
        return QString();
    }
    QString out;
    qsizetype byteIndex = 0;
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        char32_t rune = trimmed.at(i).unicode();
        qsizetype units = 1;
        if (trimmed.at(i).isHighSurrogate() && i + 1 < trimmed.size()) {
            rune = QChar::surrogateToUcs4(trimmed.at(i), trimmed.at(i + 1));
            units = 2;
        }
        const bool allowed = (rune >= 'a' && rune <= 'z') || (rune >= 'A' && rune <= 'Z') ||
                             rune == '_' || (rune >= '0' && rune <= '9' && byteIndex > 0);
        out += allowed ? QChar(char16_t(rune)) : QLatin1Char('_');
        byteIndex += rune < 0x80 ? 1 : rune < 0x800 ? 2 : rune < 0x10000 ? 3 : 4;
        i += units - 1;
    }
    const QChar first = out.at(0);
    if (!((first >= QLatin1Char('a') && first <= QLatin1Char('z')) ||
          (first >= QLatin1Char('A') && first <= QLatin1Char('Z')) || first == QLatin1Char('_'))) {
        out.prepend(QLatin1Char('_'));
    }
    return out;
}

QString joinHostPort(const QString &host, qint32 port)
{
    if (host.contains(QLatin1Char(':'))) {
        return QLatin1Char('[') + host + QLatin1String("]:") + QString::number(port);
    }
    return host + QLatin1Char(':') + QString::number(port);
}

} // namespace

void RegistryApi::handleServiceDiscovery(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "GET")) {
        return;
    }
    const QString token = GoText::trimSpace(m_options.serviceDiscoveryToken);
    if (token.isEmpty() || GoText::trimSpace(QString::fromUtf8(request.header("Authorization"))) !=
                               QLatin1String("Bearer ") + token) {
        GoHttp::error(connection, 401, QStringLiteral("unauthorized"),
                      QStringLiteral("missing or invalid prometheus sd token"));
        return;
    }
    const UrlValues values = UrlValues::parse(request.rawQuery);
    ResolvedQuery query;
    query.namespaceName = GoText::trimSpace(values.first(QStringLiteral("namespace")));
    query.service = GoText::trimSpace(values.first(QStringLiteral("service")));
    query.zone = GoText::trimSpace(values.first(QStringLiteral("zone")));
    QString endpoint = GoText::trimSpace(values.first(QStringLiteral("endpoint")));
    QString scope = GoText::trimSpace(values.first(QStringLiteral("scope")));
    if (endpoint.isEmpty()) {
        endpoint = QStringLiteral("metrics");
    }
    if (scope.isEmpty()) {
        scope = QStringLiteral("local");
    }
    if (!query.service.isEmpty() && query.namespaceName.isEmpty()) {
        GoHttp::badRequest(connection,
                           QStringLiteral("namespace is required when service is specified"));
        return;
    }
    if (scope != QLatin1String("local") && scope != QLatin1String("merged")) {
        GoHttp::badRequest(connection, QStringLiteral("scope must be one of local or merged"));
        return;
    }
    bool includeSelf = false;
    const QString includeSelfText = GoText::trimSpace(values.first(QStringLiteral("includeSelf")));
    if (!includeSelfText.isEmpty()) {
        const auto parsed = parseGoBool(includeSelfText);
        if (!parsed) {
            GoHttp::badRequest(connection, QLatin1String("invalid includeSelf ") +
                                               GoText::quote(includeSelfText));
            return;
        }
        includeSelf = *parsed;
    }
    QString selectorError;
    query.selector = LabelSelector::parse(values.all(QStringLiteral("selector")),
                                          values.all(QStringLiteral("label")), &selectorError);
    if (!selectorError.isEmpty()) {
        GoHttp::badRequest(connection, selectorError);
        return;
    }

    JsonWriter writer;
    writer.beginArray();
    const qint64 now = nowUnix();
    for (const auto &[key, value] : m_store->items()) {
        if (!key.startsWith("/registry/") || !value.isAlive(now) || !query.matches(value)) {
            continue;
        }
        const Endpoint *target = nullptr;
        for (const Endpoint &candidate : value.endpoints) {
            // Any protocol qualifies: it maps to scheme https or else http.
            if (candidate.name == endpoint || candidate.protocol == endpoint) {
                target = &candidate;
                break;
            }
        }
        if (!target) {
            continue;
        }
        const QString host = GoText::trimSpace(target->host);
        if (host.isEmpty() || target->port <= 0 || host == QLatin1String("0.0.0.0") ||
            host == QLatin1String("::") || host == QLatin1String("[::]")) {
            continue;
        }
        const bool https = GoText::trimSpace(target->protocol).toLower() == QLatin1String("https");
        QString path = GoText::trimSpace(target->path);
        if (path.isEmpty()) {
            path = QStringLiteral("/metrics");
        } else if (!path.startsWith(QLatin1Char('/'))) {
            path.prepend(QLatin1Char('/'));
        }
        StringMap labels{{QStringLiteral("namespace"), value.key.namespaceName},
                         {QStringLiteral("service"), value.key.service.service},
                         {QStringLiteral("instance_id"), value.key.instanceId},
                         {QStringLiteral("region"), m_cluster->region},
                         {QStringLiteral("zone"), value.zone},
                         {QStringLiteral("cluster_id"), m_cluster->clusterId},
                         {QStringLiteral("target_origin"), QStringLiteral("local")},
                         {QStringLiteral("target_kind"), QStringLiteral("service_instance")},
                         {QStringLiteral("endpoint_name"), target->name},
                         {QStringLiteral("endpoint_proto"), target->protocol},
                         {QStringLiteral("__scheme__"),
                          https ? QStringLiteral("https") : QStringLiteral("http")},
                         {QStringLiteral("__metrics_path__"), path}};
        for (const auto *source : {&value.labels, &value.metadata}) {
            const QLatin1String prefix(source == &value.labels ? "stellmap_label_"
                                                               : "stellmap_meta_");
            for (auto it = source->cbegin(); it != source->cend(); ++it) {
                const QString name = sanitizePrometheusLabelName(prefix + it.key());
                if (!name.isEmpty()) {
                    labels.insert(name, GoText::trimSpace(it.value()));
                }
            }
        }
        labels.removeIf(
            [](const auto &entry) { return GoText::trimSpace(entry.value()).isEmpty(); });
        writer.beginObject()
            .key(QLatin1String("targets"))
            .beginArray()
            .value(joinHostPort(host, target->port));
        writer.endArray().key(QLatin1String("labels")).value(labels).endObject();
    }
    if (includeSelf) {
        for (const ClusterState::Node &node : m_cluster->nodes) {
            const qsizetype colon = node.httpAddr.lastIndexOf(QLatin1Char(':'));
            QString host = GoText::trimSpace(node.httpAddr.left(colon));
            if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
                host = host.mid(1, host.size() - 2);
            }
            if (colon < 0 || host.isEmpty() || host == QLatin1String("0.0.0.0") ||
                host == QLatin1String("::")) {
                continue;
            }
            const StringMap labels{
                {QStringLiteral("namespace"), QStringLiteral("system")},
                {QStringLiteral("service"), QStringLiteral("stellmapd")},
                {QStringLiteral("instance_id"), QStringLiteral("node-%1").arg(node.id)},
                {QStringLiteral("node_id"), QString::number(node.id)},
                {QStringLiteral("region"), m_cluster->region},
                {QStringLiteral("cluster_id"), m_cluster->clusterId},
                {QStringLiteral("target_origin"), QStringLiteral("self")},
                {QStringLiteral("target_kind"), QStringLiteral("stellmapd")},
                {QStringLiteral("component"), QStringLiteral("stellmapd")},
                {QStringLiteral("__scheme__"), QStringLiteral("http")},
                {QStringLiteral("__metrics_path__"), QStringLiteral("/metrics")}};
            writer.beginObject().key(QLatin1String("targets")).beginArray();
            writer.value(joinHostPort(host, qint32(node.httpAddr.mid(colon + 1).toInt())));
            writer.endArray().key(QLatin1String("labels")).value(labels).endObject();
        }
    }
    writer.endArray().newline();
    GoHttp::json(connection, 200, writer.take());
}

void RegistryApi::handleHealth(HttpConnection &connection, bool readiness)
{
    // /healthz and /readyz answer every method, as the server's do.
    if (readiness && m_cluster->leaderId == 0) {
        GoHttp::error(connection, 503, QStringLiteral("not_ready"),
                      QStringLiteral("raft node is not ready"));
        return;
    }
    HealthStatus health;
    health.status = readiness ? QStringLiteral("ready") : QStringLiteral("ok");
    health.leaderId = m_cluster->leaderId;
    health.localNodeId = m_options.nodeId;
    health.leaderAddr = m_cluster->leaderAddr();
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("code"), QStringLiteral("ok"))
        .key(QLatin1String("data"));
    health.writeJson(writer);
    writer.endObject().newline();
    GoHttp::json(connection, 200, writer.take());
}

void RegistryApi::handleMetrics(HttpConnection &connection, const HttpRequest &request)
{
    if (!GoHttp::allowMethod(connection, request, "GET")) {
        return;
    }
    const qint64 now = nowUnix();
    qint64 alive = 0;
    for (const auto &[key, value] : m_store->items()) {
        alive += value.isAlive(now) ? 1 : 0;
    }
    QByteArray text;
    text += "# HELP stellmap_registry_instances Registered instances whose lease is alive.\n";
    text += "# TYPE stellmap_registry_instances gauge\n";
    text += "stellmap_registry_instances " + QByteArray::number(alive) + '\n';
    text += "# HELP stellmap_raft_applied_index Applied index of the registry log.\n";
    text += "# TYPE stellmap_raft_applied_index gauge\n";
    text += "stellmap_raft_applied_index " + QByteArray::number(m_store->appliedIndex()) + '\n';
    text += "# HELP stellmap_registry_watch_sessions Open watch streams on this process.\n";
    text += "# TYPE stellmap_registry_watch_sessions gauge\n";
    text += "stellmap_registry_watch_sessions " + QByteArray::number(m_hub->streamCount()) + '\n';
    connection.respond(200, {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}}, text);
}

} // namespace stellmap
