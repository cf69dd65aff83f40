#include "watchevent.h"

#include "jsonwriter.h"
#include "watcheventdecoder.h"

namespace stellmap {

WatchEvent WatchEvent::upsertOf(quint64 revision, const Instance &instance)
{
    return upsertOf(revision, InstanceRecord::fromInstance(instance));
}

WatchEvent WatchEvent::upsertOf(quint64 revision, const InstanceRecord &instance)
{
    WatchEvent event;
    event.type = Type::Upsert;
    event.revision = revision;
    event.namespaceName = instance.namespaceName();
    event.service = instance.serviceName();
    event.instanceId = instance.instanceId();
    event.instance = instance;
    return event;
}

WatchEvent WatchEvent::deleteOf(quint64 revision, const QString &namespaceName,
                                const QString &service, const QString &instanceId)
{
    WatchEvent event;
    event.type = Type::Delete;
    event.revision = revision;
    event.namespaceName = namespaceName;
    event.service = ServiceName::parse(service).value_or(ServiceName());
    event.service.service = service;
    event.instanceId = instanceId;
    return event;
}

QString WatchEvent::typeName(Type type)
{
    switch (type) {
    case Type::Snapshot:
        return QStringLiteral("snapshot");
    case Type::Upsert:
        return QStringLiteral("upsert");
    case Type::Delete:
        return QStringLiteral("delete");
    }
    return QString();
}

std::optional<WatchEvent> WatchEvent::fromSse(const QString &eventName, const QByteArray &data,
                                              const QString &lastEventId, QString *error)
{
    // One decoding path; a stream keeps its own decoder to reuse its buffers.
    WatchEventDecoder decoder;
    return decoder.decode(eventName.toUtf8(), data, lastEventId.toUtf8(), error);
}

QByteArray WatchEvent::toJson() const
{
    JsonWriter writer;
    writer.beginObject()
        .key(QLatin1String("revision"))
        .value(revision)
        .key(QLatin1String("type"))
        .value(typeName(type))
        .optionalMember(QLatin1String("namespace"), namespaceName)
        .optionalMember(QLatin1String("service"), service.service)
        .optionalMember(QLatin1String("organization"), service.organization)
        .optionalMember(QLatin1String("businessDomain"), service.businessDomain)
        .optionalMember(QLatin1String("capabilityDomain"), service.capabilityDomain)
        .optionalMember(QLatin1String("application"), service.application)
        .optionalMember(QLatin1String("role"), service.role)
        .optionalMember(QLatin1String("instanceId"), instanceId);
    if (instance) {
        writer.key(QLatin1String("instance"));
        instance.writeJson(writer);
    }
    if (!instances.isEmpty()) {
        writer.key(QLatin1String("instances")).beginArray();
        for (const InstanceRecord &item : instances) {
            item.writeJson(writer);
        }
        writer.endArray();
    }
    writer.endObject();
    return writer.take();
}

} // namespace stellmap
