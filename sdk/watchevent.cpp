#include "watchevent.h"

#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace stellmap {

WatchEvent WatchEvent::upsertOf(quint64 revision, const Instance &instance)
{
    WatchEvent event;
    event.type = Type::Upsert;
    event.revision = revision;
    event.namespaceName = instance.key.namespaceName;
    event.service = instance.key.service;
    event.instanceId = instance.key.instanceId;
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

namespace {

std::optional<WatchEvent::Type> typeFromName(const QString &name)
{
    if (name == QLatin1String("snapshot")) {
        return WatchEvent::Type::Snapshot;
    }
    if (name == QLatin1String("upsert")) {
        return WatchEvent::Type::Upsert;
    }
    if (name == QLatin1String("delete")) {
        return WatchEvent::Type::Delete;
    }
    return std::nullopt;
}

// Revisions are uint64: QJsonValue keeps integers exact only within qint64,
// so anything else falls back to the id: text, which is always exact.
quint64 readRevision(const QJsonValue &value)
{
    if (!value.isDouble()) {
        return 0;
    }
    const qint64 exact = value.toInteger(-1);
    return exact > 0 ? quint64(exact) : 0;
}

} // namespace

std::optional<WatchEvent> WatchEvent::fromSse(const QString &eventName, const QByteArray &data,
                                              const QString &lastEventId, QString *error)
{
    if (error) {
        error->clear();
    }
    const auto fail = [&](const QString &message) -> std::optional<WatchEvent> {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    if (eventName == QLatin1String("ping") || eventName == QLatin1String("heartbeat") ||
        eventName == QLatin1String("keepalive")) {
        return std::nullopt;
    }
    if (data.trimmed().isEmpty()) {
        return fail(QLatin1String("watch event \"") + eventName + QLatin1String("\" has no data"));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (!document.isObject()) {
        return fail(QLatin1String("watch event is not a JSON object: ") +
                    (parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : QStringLiteral("wrong type")));
    }
    const QJsonObject object = document.object();
    const QString typeText = object.value(QLatin1String("type")).toString(eventName);
    const auto type = typeFromName(typeText.isEmpty() ? eventName : typeText);
    if (!type) {
        return fail(QLatin1String("unknown watch event type \"") + typeText + QLatin1Char('"'));
    }

    WatchEvent event;
    event.type = *type;
    event.revision = readRevision(object.value(QLatin1String("revision")));
    if (event.revision == 0) {
        bool ok = false;
        event.revision = lastEventId.trimmed().toULongLong(&ok);
        if (!ok) {
            event.revision = 0;
        }
    }
    const auto text = [&](const char *name) {
        return object.value(QLatin1String(name)).toString();
    };
    event.namespaceName = text("namespace");
    event.service.service = text("service");
    event.service.organization = text("organization");
    event.service.businessDomain = text("businessDomain");
    event.service.capabilityDomain = text("capabilityDomain");
    event.service.application = text("application");
    event.service.role = text("role");
    event.instanceId = text("instanceId");
    switch (event.type) {
    case Type::Snapshot: {
        const QJsonArray instances = object.value(QLatin1String("instances")).toArray();
        event.instances.reserve(instances.size());
        for (const QJsonValue &instance : instances) {
            event.instances.append(Instance::fromJson(instance.toObject()));
        }
        break;
    }
    case Type::Upsert: {
        const QJsonValue instance = object.value(QLatin1String("instance"));
        if (!instance.isObject()) {
            return fail(QStringLiteral("upsert event without an instance"));
        }
        event.instance = Instance::fromJson(instance.toObject());
        // The key of the change is the event's own; fill gaps from the instance.
        if (event.namespaceName.isEmpty()) {
            event.namespaceName = event.instance->key.namespaceName;
        }
        if (event.service.service.isEmpty()) {
            event.service = event.instance->key.service;
        }
        if (event.instanceId.isEmpty()) {
            event.instanceId = event.instance->key.instanceId;
        }
        break;
    }
    case Type::Delete:
        break;
    }
    return event;
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
        instance->writeJson(writer);
    }
    if (!instances.isEmpty()) {
        writer.key(QLatin1String("instances")).beginArray();
        for (const Instance &item : instances) {
            item.writeJson(writer);
        }
        writer.endArray();
    }
    writer.endObject();
    return writer.take();
}

} // namespace stellmap
