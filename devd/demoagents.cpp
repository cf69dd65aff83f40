#include "demoagents.h"

#include "heartbeatrequest.h"
#include "registrystore.h"

#include <QDateTime>

#include <algorithm>

namespace stellmap {

namespace {

struct DemoService
{
    const char *name; // five-part or plain
    const char *runtime;
    bool grpc;
};

// Three organizations, a few plain legacy names.
const DemoService Services[] = {
    {"company.trade.order.order-center.api", "jdk17", false},
    {"company.trade.order.order-center.worker", "jdk17", false},
    {"company.trade.cart.cart-service.api", "go1.22", false},
    {"company.trade.checkout.checkout-gateway.api", "go1.22", true},
    {"company.trade.promotion.coupon-engine.api", "jdk17", false},
    {"company.trade.promotion.coupon-engine.consumer", "jdk17", false},
    {"company.payment.ledger.ledger-core.api", "go1.22", true},
    {"company.payment.ledger.ledger-core.consumer", "go1.22", false},
    {"company.payment.settlement.settlement-engine.job", "jdk21", false},
    {"company.payment.risk.risk-scoring.grpc", "python3.11", true},
    {"company.payment.risk.risk-scoring.api", "python3.11", false},
    {"company.payment.gateway.pay-gateway.api", "go1.22", true},
    {"company.user.profile.profile-service.api", "jdk17", false},
    {"company.user.profile.profile-service.grpc", "jdk17", true},
    {"company.user.auth.auth-server.api", "go1.22", false},
    {"company.user.auth.auth-server.admin", "go1.22", false},
    {"company.user.notification.push-dispatcher.worker", "node20", false},
    {"company.logistics.shipping.shipping-planner.api", "jdk17", false},
    {"company.logistics.shipping.shipping-planner.worker", "jdk17", false},
    {"company.logistics.inventory.stock-keeper.api", "go1.22", true},
    {"company.logistics.inventory.stock-keeper.consumer", "go1.22", false},
    {"company.search.catalog.catalog-indexer.worker", "jdk21", false},
    {"company.search.ranking.ranker.grpc", "python3.11", true},
    {"company.search.query.search-api.api", "go1.22", false},
    {"acme.media.video.transcoder.worker", "rust1.75", false},
    {"acme.media.video.stream-edge.api", "rust1.75", false},
    {"acme.media.image.thumbnailer.worker", "go1.22", false},
    {"acme.ads.bidding.bidder.grpc", "rust1.75", true},
    {"acme.ads.bidding.bidder.api", "rust1.75", false},
    {"acme.ads.reporting.report-builder.job", "python3.11", false},
    {"acme.ads.targeting.segmenter.api", "jdk17", false},
    {"acme.crm.contacts.contact-book.api", "node20", false},
    {"acme.crm.campaigns.campaign-runner.worker", "node20", false},
    {"globex.platform.observability.log-shipper.agent", "go1.22", false},
    {"globex.platform.observability.metrics-gateway.api", "go1.22", false},
    {"globex.platform.gateway.edge-proxy.api", "envoy1.29", false},
    {"globex.platform.config.config-server.api", "jdk17", false},
    {"globex.platform.messaging.event-bus.broker", "jdk21", true},
    {"globex.data.warehouse.etl-runner.job", "python3.11", false},
    {"globex.data.lake.ingest-api.api", "go1.22", false},
    {"globex.data.stream.kafka-connect.worker", "jdk17", false},
    {"globex.data.feature.feature-store.grpc", "go1.22", true},
    {"legacy-billing", "php8.2", false},
    {"mail-relay", "perl5.36", false},
    {"sso-bridge", "jdk11", false},
};
constexpr int ServiceCount = int(sizeof(Services) / sizeof(Services[0]));

struct DemoNamespace
{
    const char *name;
    const char *zones[3];
    int minInstances;
    int maxInstances;
    int everyNthService; // 1: all services, 2: every second one, ...
};

const DemoNamespace Namespaces[] = {
    {"prod", {"az1", "az2", "az3"}, 3, 12, 1},
    {"staging", {"stg-a", "stg-b", nullptr}, 1, 3, 1},
    {"dev", {"dev-1", nullptr, nullptr}, 1, 2, 2},
};

} // namespace

DemoAgents::DemoAgents(RegistryStore *store, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_random(seed)
{
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &DemoAgents::tick);
    buildAgents();
}

DemoAgents::Agent DemoAgents::makeAgent(const QString &namespaceName, int serviceIndex, int ordinal)
{
    const DemoService &service = Services[serviceIndex];
    const DemoNamespace *ns = &Namespaces[0];
    for (const DemoNamespace &candidate : Namespaces) {
        if (namespaceName == QLatin1String(candidate.name)) {
            ns = &candidate;
        }
    }
    std::uniform_int_distribution<int> octet(1, 254);
    const QString host = QStringLiteral("10.%1.%2.%3")
                             .arg(int(ns - Namespaces) * 40 + serviceIndex % 40)
                             .arg(octet(m_random))
                             .arg(octet(m_random));
    const QString serviceName = QLatin1String(service.name);
    const auto parts = ServiceName::parse(serviceName);
    const QString application = parts ? parts->application : serviceName;
    const QString role = parts ? parts->role : QStringLiteral("app");

    Agent agent;
    RegisterRequest &request = agent.request;
    request.key.namespaceName = namespaceName;
    request.key.service = ServiceName::fromService(serviceName);
    request.key.instanceId = application + QLatin1Char('-') + role + QLatin1Char('-') + host;
    int zoneCount = 0;
    while (zoneCount < 3 && ns->zones[zoneCount]) {
        ++zoneCount;
    }
    request.zone = QLatin1String(ns->zones[ordinal % zoneCount]);
    const int minor = int(m_random() % 6);
    const bool canary = m_random() % 11 == 0;
    request.labels.insert(QStringLiteral("env"), namespaceName);
    request.labels.insert(QStringLiteral("version"),
                          QStringLiteral("v1.%1.%2").arg(minor).arg(m_random() % 4));
    request.labels.insert(QStringLiteral("team"),
                          parts ? parts->businessDomain : QStringLiteral("legacy"));
    request.labels.insert(QStringLiteral("color"),
                          m_random() % 2 ? QStringLiteral("blue") : QStringLiteral("green"));
    if (canary) {
        request.labels.insert(QStringLiteral("canary"), QStringLiteral("true"));
    }
    if (serviceIndex % 7 == 0) {
        request.labels.insert(QStringLiteral("tier"), QStringLiteral("critical"));
    }
    static const char hex[] = "0123456789abcdef";
    QString sha;
    for (int i = 0; i < 7; ++i) {
        sha += QLatin1Char(hex[m_random() % 16]);
    }
    request.metadata.insert(QStringLiteral("build_sha"), sha);
    request.metadata.insert(QStringLiteral("runtime"), QLatin1String(service.runtime));
    request.metadata.insert(QStringLiteral("git_branch"),
                            canary ? QStringLiteral("release/next") : QStringLiteral("main"));
    request.metadata.insert(QStringLiteral("started_by"), QStringLiteral("deployer"));
    request.metadata.insert(QStringLiteral("pid"), QString::number(1000 + m_random() % 60000));

    const qint32 weight = canary ? 10 : 100;
    request.endpoints.append(
        {QStringLiteral("http"), QStringLiteral("http"), host, 8080, QStringLiteral("/"), weight});
    if (service.grpc) {
        request.endpoints.append(
            {QStringLiteral("grpc"), QStringLiteral("grpc"), host, 9090, QString(), weight});
    }
    request.endpoints.append({QStringLiteral("metrics"), QStringLiteral("http"), host, 9100,
                              QStringLiteral("/metrics"), 0});
    if (role == QLatin1String("admin") || serviceIndex % 9 == 0) {
        request.endpoints.append({QStringLiteral("admin"), QStringLiteral("http"), host, 8081,
                                  QStringLiteral("/admin"), 0});
    }
    const qint64 ttls[] = {30, 30, 30, 15, 60};
    request.leaseTtlSeconds = ttls[m_random() % 5];
    return agent;
}

void DemoAgents::buildAgents()
{
    int ordinal = 0;
    for (const DemoNamespace &ns : Namespaces) {
        for (int s = 0; s < ServiceCount; s += ns.everyNthService) {
            std::uniform_int_distribution<int> count(ns.minInstances, ns.maxInstances);
            const int instances = count(m_random);
            for (int i = 0; i < instances; ++i) {
                m_agents.push_back(makeAgent(QLatin1String(ns.name), s, ordinal++));
            }
        }
    }
    m_initialAgents = m_agents.size();
}

qint64 DemoAgents::heartbeatPeriodMs(const Agent &agent)
{
    // ttl/3 with some spread, as agents do not start in lockstep.
    const qint64 base = agent.request.leaseTtlSeconds * 1000 / 3;
    std::uniform_int_distribution<qint64> jitter(-base / 5, base / 5);
    return base + jitter(m_random);
}

void DemoAgents::registerAgent(Agent &agent)
{
    RegisterRequest request = agent.request;
    if (request.normalize()) {
        return;
    }
    QString error;
    if (m_store->registerInstance(request, QDateTime::currentSecsSinceEpoch(), &error) == 0) {
        qWarning("stellmap-devd: demo register failed: %s", qPrintable(error));
    }
    agent.nextHeartbeatMs = m_clock.elapsed() + heartbeatPeriodMs(agent);
}

void DemoAgents::start(double churnPerSecond)
{
    m_churnPerSecond = churnPerSecond;
    m_clock.start();
    for (Agent &agent : m_agents) {
        registerAgent(agent);
        // Spread first heartbeats over the period.
        std::uniform_int_distribution<qint64> spread(0, heartbeatPeriodMs(agent));
        agent.nextHeartbeatMs = spread(m_random);
    }
    m_lastTickMs = 0;
    m_timer.start();
}

void DemoAgents::tick()
{
    const qint64 now = m_clock.elapsed();
    const qint64 nowUnix = QDateTime::currentSecsSinceEpoch();
    for (Agent &agent : m_agents) {
        if (agent.retired) {
            continue;
        }
        if (agent.resumeAtMs >= 0) {
            if (now < agent.resumeAtMs) {
                continue;
            }
            agent.resumeAtMs = -1;
            registerAgent(agent);
            continue;
        }
        if (now < agent.nextHeartbeatMs) {
            continue;
        }
        HeartbeatRequest heartbeat;
        heartbeat.key = agent.request.key;
        heartbeat.normalize();
        QString error;
        if (m_store->renewLease(heartbeat, nowUnix, &error) == 0) {
            // Refused (deregistered by someone, or expired and cleaned up):
            // a real registrar registers again.
            registerAgent(agent);
        }
        agent.nextHeartbeatMs = now + heartbeatPeriodMs(agent);
    }
    if (m_churnPerSecond > 0) {
        m_churnDebt += m_churnPerSecond * double(now - m_lastTickMs) / 1000.0;
        while (m_churnDebt >= 1.0) {
            m_churnDebt -= 1.0;
            churnOnce();
        }
    }
    m_lastTickMs = now;
}

void DemoAgents::churnOnce()
{
    if (m_agents.empty()) {
        return;
    }
    const qint64 now = m_clock.elapsed();
    std::uniform_int_distribution<size_t> pick(0, m_agents.size() - 1);
    Agent *agent = &m_agents[pick(m_random)];
    if (agent->retired || agent->resumeAtMs >= 0) {
        return;
    }
    const int action = int(m_random() % 100);
    const size_t active = size_t(
        std::count_if(m_agents.begin(), m_agents.end(), [](const Agent &a) { return !a.retired; }));
    QString error;
    if (action < 35) {
        // Rolling restart: deregister, come back a few seconds later.
        m_store->remove(RegistryStore::key(agent->request.key), &error);
        agent->resumeAtMs = now + 2000 + qint64(m_random() % 4000);
    } else if (action < 60) {
        // A deploy changes the version (and sometimes the colour).
        const int minor = int(m_random() % 9);
        agent->request.labels.insert(QStringLiteral("version"),
                                     QStringLiteral("v1.%1.%2").arg(minor).arg(m_random() % 4));
        if (m_random() % 3 == 0) {
            const bool blue =
                agent->request.labels.value(QStringLiteral("color")) == QLatin1String("blue");
            agent->request.labels.insert(QStringLiteral("color"),
                                         blue ? QStringLiteral("green") : QStringLiteral("blue"));
        }
        registerAgent(*agent);
    } else if (action < 75) {
        // A hung process: its lease lapses and cleanup deletes it; it recovers later.
        agent->resumeAtMs =
            now + (agent->request.leaseTtlSeconds + 20 + qint64(m_random() % 40)) * 1000;
    } else if (action < 90) {
        if (active < m_initialAgents + m_initialAgents / 5) {
            const QString ns = agent->request.key.namespaceName;
            int serviceIndex = 0;
            for (int s = 0; s < ServiceCount; ++s) {
                if (agent->request.key.service.service == QLatin1String(Services[s].name)) {
                    serviceIndex = s;
                }
            }
            m_agents.push_back(makeAgent(ns, serviceIndex, m_nextOrdinal++));
            registerAgent(m_agents.back());
        }
    } else if (active > m_initialAgents - m_initialAgents / 5) {
        // Scale in: gone for good.
        m_store->remove(RegistryStore::key(agent->request.key), &error);
        agent->retired = true;
    }
}

} // namespace stellmap
