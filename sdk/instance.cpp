#include "instance.h"

#include <QJsonArray>
#include <QJsonObject>

namespace stellmap {

qint64 Instance::effectiveLeaseTtl() const
{
    return leaseTimes().effectiveTtl();
}

qint64 Instance::leaseStartUnix() const
{
    return leaseTimes().startUnix();
}

qint64 Instance::expiresAtUnix() const
{
    return leaseTimes().expiresAtUnix();
}

QDateTime Instance::expiresAt() const
{
    const qint64 at = expiresAtUnix();
    return at > 0 ? QDateTime::fromSecsSinceEpoch(at, Qt::UTC) : QDateTime();
}

bool Instance::isAlive(qint64 nowUnix) const
{
    return leaseTimes().isAlive(nowUnix);
}

namespace {

StringMap readStringMap(const QJsonValue &value)
{
    StringMap map;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        map.insert(it.key(), it.value().toString());
    }
    return map;
}

} // namespace

Instance Instance::fromJson(const QJsonObject &object)
{
    const auto text = [&](const char *name) {
        return object.value(QLatin1String(name)).toString();
    };
    Instance instance;
    instance.key.namespaceName = text("namespace");
    instance.key.service.service = text("service");
    instance.key.service.organization = text("organization");
    instance.key.service.businessDomain = text("businessDomain");
    instance.key.service.capabilityDomain = text("capabilityDomain");
    instance.key.service.application = text("application");
    instance.key.service.role = text("role");
    instance.key.instanceId = text("instanceId");
    instance.zone = text("zone");
    instance.labels = readStringMap(object.value(QLatin1String("labels")));
    instance.metadata = readStringMap(object.value(QLatin1String("metadata")));
    const QJsonArray endpoints = object.value(QLatin1String("endpoints")).toArray();
    instance.endpoints.reserve(endpoints.size());
    for (const QJsonValue &endpoint : endpoints) {
        instance.endpoints.append(Endpoint::fromJson(endpoint.toObject()));
    }
    instance.leaseTtlSeconds = object.value(QLatin1String("leaseTtlSeconds")).toInteger();
    instance.registeredAtUnix = object.value(QLatin1String("registeredAtUnix")).toInteger();
    instance.lastHeartbeatUnix = object.value(QLatin1String("lastHeartbeatUnix")).toInteger();
    return instance;
}

void Instance::writeJson(JsonWriter &writer) const
{
    writer.beginObject();
    key.writeJsonMembers(writer);
    writer.optionalMember(QLatin1String("zone"), zone)
        .optionalMember(QLatin1String("labels"), labels)
        .optionalMember(QLatin1String("metadata"), metadata);
    if (!endpoints.isEmpty()) {
        writer.key(QLatin1String("endpoints")).beginArray();
        for (const Endpoint &endpoint : endpoints) {
            endpoint.writeJson(writer);
        }
        writer.endArray();
    }
    writer.key(QLatin1String("leaseTtlSeconds"))
        .value(leaseTtlSeconds)
        .key(QLatin1String("registeredAtUnix"))
        .value(registeredAtUnix)
        .key(QLatin1String("lastHeartbeatUnix"))
        .value(lastHeartbeatUnix)
        .endObject();
}

QByteArray Instance::toJson() const
{
    JsonWriter writer;
    writeJson(writer);
    return writer.take();
}

} // namespace stellmap
