#include "registerrequest.h"

#include "gotext.h"
#include "instance.h"

namespace stellmap {

namespace {

// Keys and values trimmed, entries with a blank key dropped.
StringMap normalizedStringMap(const StringMap &map)
{
    StringMap out;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const QString key = GoText::trimSpace(it.key());
        if (!key.isEmpty()) {
            out.insert(key, GoText::trimSpace(it.value()));
        }
    }
    return out;
}

} // namespace

RegisterRequest RegisterRequest::fromInstance(const Instance &instance)
{
    RegisterRequest request;
    request.key = instance.key;
    request.zone = instance.zone;
    request.labels = instance.labels;
    request.metadata = instance.metadata;
    request.endpoints = instance.endpoints;
    request.leaseTtlSeconds = instance.leaseTtlSeconds;
    return request;
}

ValidationError RegisterRequest::normalize()
{
    if (auto error = key.normalize()) {
        return error;
    }
    zone = GoText::trimSpace(zone);
    labels = normalizedStringMap(labels);
    metadata = normalizedStringMap(metadata);
    if (leaseTtlSeconds < 0) {
        return {QStringLiteral("leaseTtlSeconds"), ValidationError::negativeLeaseTtl()};
    }
    if (leaseTtlSeconds == 0) {
        leaseTtlSeconds = DefaultLeaseTtlSeconds;
    }
    if (auto error = Endpoint::normalizeList(endpoints)) {
        return error;
    }
    return key.checkRequired();
}

QByteArray RegisterRequest::toJson() const
{
    JsonWriter writer;
    writer.beginObject();
    writer.member(QLatin1String("namespace"), key.namespaceName)
        .optionalMember(QLatin1String("service"), key.service.service)
        .optionalMember(QLatin1String("organization"), key.service.organization)
        .optionalMember(QLatin1String("businessDomain"), key.service.businessDomain)
        .optionalMember(QLatin1String("capabilityDomain"), key.service.capabilityDomain)
        .optionalMember(QLatin1String("application"), key.service.application)
        .optionalMember(QLatin1String("role"), key.service.role)
        .member(QLatin1String("instanceId"), key.instanceId)
        .optionalMember(QLatin1String("zone"), zone)
        .optionalMember(QLatin1String("labels"), labels)
        .optionalMember(QLatin1String("metadata"), metadata);
    writer.key(QLatin1String("endpoints")).beginArray();
    for (const Endpoint &endpoint : endpoints) {
        endpoint.writeJson(writer);
    }
    writer.endArray();
    if (leaseTtlSeconds != 0) {
        writer.key(QLatin1String("leaseTtlSeconds")).value(leaseTtlSeconds);
    }
    writer.endObject();
    return writer.take();
}

} // namespace stellmap
