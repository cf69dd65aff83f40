#include "benchdata.h"

#include <QFile>

using namespace stellmap;

BenchData::BenchData(int instances, int services, quint32 seed)
    : m_count(instances)
    , m_services(qMax(1, services))
    , m_random(seed)
    , m_next(instances)
    , m_revision(1000)
{}

Instance BenchData::makeInstance(int index)
{
    Instance instance;
    const int service = index % m_services;
    instance.key.namespaceName = QStringLiteral("prod");
    instance.key.service.organization = QStringLiteral("org%1").arg(service % 5);
    instance.key.service.businessDomain = QStringLiteral("bd%1").arg(service % 20);
    instance.key.service.capabilityDomain = QStringLiteral("cap%1").arg(service % 50);
    instance.key.service.application = QStringLiteral("app%1").arg(service);
    instance.key.service.role = QStringLiteral("api");
    instance.key.service.service =
        ServiceName::compose(instance.key.service.organization, instance.key.service.businessDomain,
                             instance.key.service.capabilityDomain,
                             instance.key.service.application, instance.key.service.role);
    const QString host = QStringLiteral("10.%1.%2.%3")
                             .arg((index >> 16) & 255)
                             .arg((index >> 8) & 255)
                             .arg(index & 255);
    instance.key.instanceId = QStringLiteral("app%1-api-%2").arg(service).arg(host);
    instance.zone = QStringLiteral("az%1").arg(index % 3 + 1);
    instance.labels = {
        {QStringLiteral("color"), QStringLiteral("gray")},
        {QStringLiteral("version"), QStringLiteral("v1.%1").arg(m_random.bounded(10))},
        {QStringLiteral("tier"), QStringLiteral("critical")}};
    instance.metadata = {
        {QStringLiteral("build_sha"), QStringLiteral("%1").arg(m_random.generate(), 8, 16)},
        {QStringLiteral("pid"), QString::number(m_random.bounded(1, 99999))},
        {QStringLiteral("runtime"), QStringLiteral("go1.22")}};
    instance.endpoints = {
        Endpoint{QStringLiteral("http"), QStringLiteral("http"), host, 8080, QStringLiteral("/"),
                 100},
        Endpoint{QStringLiteral("grpc"), QStringLiteral("grpc"), host, 9090, QString(), 100},
        Endpoint{QStringLiteral("metrics"), QStringLiteral("http"), host, 9100,
                 QStringLiteral("/metrics"), 100}};
    instance.leaseTtlSeconds = 30;
    instance.registeredAtUnix = 1764000000;
    instance.lastHeartbeatUnix = 1764000000;
    return instance;
}

QList<Instance> BenchData::snapshot()
{
    m_known.clear();
    m_known.reserve(m_count);
    for (int i = 0; i < m_count; ++i) {
        m_known.append(makeInstance(i));
    }
    return m_known;
}

WatchEvent BenchData::nextEvent()
{
    if (m_known.isEmpty()) {
        snapshot();
    }
    const int roll = m_random.bounded(100);
    const int pick = m_random.bounded(int(m_known.size()));
    Instance instance = roll < 95 ? m_known.at(pick) : makeInstance(m_next++);
    ++m_eventIndex;
    if (roll < 80) {
        instance.lastHeartbeatUnix += m_eventIndex / 1000 + 1;
    } else if (roll < 90) {
        instance.labels[QStringLiteral("color")] =
            m_random.bounded(2) ? QStringLiteral("blue") : QStringLiteral("green");
    }
    if (roll >= 90 && roll < 95) {
        return WatchEvent::deleteOf(++m_revision, instance.key.namespaceName,
                                    instance.key.service.service, instance.key.instanceId);
    }
    return WatchEvent::upsertOf(++m_revision, instance);
}

qint64 BenchData::statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}
