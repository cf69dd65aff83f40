#include "instancerecord.h"

#include "gotext.h"
#include "instancerecord_p.h"
#include "instancerecordbuilder.h"
#include "jsonwriter.h"
#include "textpool.h"

#include <algorithm>
#include <cstring>

namespace stellmap {

void InstanceRecord::Data::destroy()
{
    if (identity) {
        identity->deref();
    }
    SharedText::release(zone);
    for (quint32 i = 0; i < labelCount; ++i) {
        SharedText::release(labels()[i].key);
        SharedText::release(labels()[i].value);
    }
    for (quint32 i = 0; i < metadataCount; ++i) {
        SharedText::release(metadata()[i].key);
    }
    for (quint32 i = 0; i < endpointCount; ++i) {
        SharedText::release(endpoints()[i].name);
        SharedText::release(endpoints()[i].protocol);
        SharedText::release(endpoints()[i].path);
    }
    this->~Data();
    ::operator delete(this);
}

InstanceRecord::InstanceRecord(const InstanceRecord &other) noexcept
    : d(other.d)
{
    if (d) {
        d->ref.ref();
    }
}

InstanceRecord &InstanceRecord::operator=(const InstanceRecord &other) noexcept
{
    InstanceRecord copy(other);
    std::swap(d, copy.d);
    return *this;
}

InstanceRecord &InstanceRecord::operator=(InstanceRecord &&other) noexcept
{
    InstanceRecord moved(std::move(other));
    std::swap(d, moved.d);
    return *this;
}

InstanceRecord::~InstanceRecord()
{
    if (d && !d->ref.deref()) {
        d->destroy();
    }
}

InstanceRecord InstanceRecord::fromInstance(const Instance &instance, TextPool *pool)
{
    // Go's bytes: raw invalid bytes (kept as U+DC80..U+DCFF) become bytes again,
    // so writeJson() escapes them as Go does.
    TextPool ownPool;
    InstanceRecordBuilder builder(pool ? pool : &ownPool);
    const ServiceName &service = instance.key.service;
    const std::pair<IdentityPart, const QString *> parts[] = {
        {IdentityPart::Namespace, &instance.key.namespaceName},
        {IdentityPart::Service, &service.service},
        {IdentityPart::Organization, &service.organization},
        {IdentityPart::BusinessDomain, &service.businessDomain},
        {IdentityPart::CapabilityDomain, &service.capabilityDomain},
        {IdentityPart::Application, &service.application},
        {IdentityPart::Role, &service.role},
    };
    for (const auto &[part, text] : parts) {
        builder.setIdentity(part, QByteArrayView(GoText::toUtf8(*text)));
    }
    builder.setZone(QByteArrayView(GoText::toUtf8(instance.zone)));
    builder.setInstanceId(QByteArrayView(GoText::toUtf8(instance.key.instanceId)));
    for (auto it = instance.labels.cbegin(); it != instance.labels.cend(); ++it) {
        builder.addLabel(GoText::toUtf8(it.key()), GoText::toUtf8(it.value()));
    }
    for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it) {
        builder.addMetadata(GoText::toUtf8(it.key()), GoText::toUtf8(it.value()));
    }
    for (const Endpoint &endpoint : instance.endpoints) {
        builder.addEndpoint(GoText::toUtf8(endpoint.name), GoText::toUtf8(endpoint.protocol),
                            GoText::toUtf8(endpoint.host), endpoint.port,
                            GoText::toUtf8(endpoint.path), endpoint.weight);
    }
    builder.setLeaseTtlSeconds(instance.leaseTtlSeconds);
    builder.setRegisteredAtUnix(instance.registeredAtUnix);
    builder.setLastHeartbeatUnix(instance.lastHeartbeatUnix);
    return builder.take();
}

Instance InstanceRecord::toInstance() const
{
    Instance instance;
    if (!d) {
        return instance;
    }
    instance.key = key();
    instance.zone = zone();
    instance.labels = labels();
    instance.metadata = metadata();
    instance.endpoints = endpoints();
    instance.leaseTtlSeconds = d->leaseTtlSeconds;
    instance.registeredAtUnix = d->registeredAtUnix;
    instance.lastHeartbeatUnix = d->lastHeartbeatUnix;
    return instance;
}

namespace {

using Part = InstanceRecord::IdentityPart;

const SharedText *partOf(const InstanceRecord::Data *d, Part which)
{
    return d ? d->part(which) : nullptr;
}

const SharedText *zoneOf(const InstanceRecord::Data *d)
{
    return d ? d->zone : nullptr;
}

} // namespace

QByteArrayView InstanceRecord::identityUtf8(IdentityPart part) const
{
    return SharedText::utf8(partOf(d, part));
}

QString InstanceRecord::identityText(IdentityPart part) const
{
    return SharedText::text(partOf(d, part));
}

QString InstanceRecord::namespaceName() const
{
    return SharedText::text(partOf(d, Part::Namespace));
}

QString InstanceRecord::service() const
{
    return SharedText::text(partOf(d, Part::Service));
}

ServiceName InstanceRecord::serviceName() const
{
    ServiceName name;
    name.service = service();
    name.organization = SharedText::text(partOf(d, Part::Organization));
    name.businessDomain = SharedText::text(partOf(d, Part::BusinessDomain));
    name.capabilityDomain = SharedText::text(partOf(d, Part::CapabilityDomain));
    name.application = SharedText::text(partOf(d, Part::Application));
    name.role = SharedText::text(partOf(d, Part::Role));
    return name;
}

QString InstanceRecord::instanceId() const
{
    return QString::fromUtf8(instanceIdUtf8());
}

InstanceKey InstanceRecord::key() const
{
    return {namespaceName(), serviceName(), instanceId()};
}

QString InstanceRecord::zone() const
{
    return SharedText::text(zoneOf(d));
}

QByteArrayView InstanceRecord::namespaceUtf8() const
{
    return SharedText::utf8(partOf(d, Part::Namespace));
}

QByteArrayView InstanceRecord::serviceUtf8() const
{
    return SharedText::utf8(partOf(d, Part::Service));
}

QByteArrayView InstanceRecord::instanceIdUtf8() const
{
    return d ? d->view(d->instanceId) : QByteArrayView();
}

QByteArrayView InstanceRecord::zoneUtf8() const
{
    return SharedText::utf8(zoneOf(d));
}

int InstanceRecord::labelCount() const
{
    return d ? int(d->labelCount) : 0;
}

QByteArrayView InstanceRecord::labelKeyUtf8(int i) const
{
    return SharedText::utf8(d->labels()[i].key);
}

QByteArrayView InstanceRecord::labelValueUtf8(int i) const
{
    return SharedText::utf8(d->labels()[i].value);
}

QString InstanceRecord::labelKey(int i) const
{
    return SharedText::text(d->labels()[i].key);
}

QString InstanceRecord::labelValue(int i) const
{
    return SharedText::text(d->labels()[i].value);
}

std::optional<QByteArrayView> InstanceRecord::labelUtf8(QByteArrayView key) const
{
    if (!d) {
        return std::nullopt;
    }
    const LabelEntry *begin = d->labels();
    const LabelEntry *end = begin + d->labelCount;
    const LabelEntry *found =
        std::lower_bound(begin, end, key, [](const LabelEntry &e, QByteArrayView k) {
            return SharedText::utf8(e.key) < k;
        });
    if (found == end || SharedText::utf8(found->key) != key) {
        return std::nullopt;
    }
    return SharedText::utf8(found->value);
}

StringMap InstanceRecord::labels() const
{
    StringMap map;
    for (int i = 0; i < labelCount(); ++i) {
        map.insert(labelKey(i), labelValue(i));
    }
    return map;
}

int InstanceRecord::metadataCount() const
{
    return d ? int(d->metadataCount) : 0;
}

QByteArrayView InstanceRecord::metadataKeyUtf8(int i) const
{
    return SharedText::utf8(d->metadata()[i].key);
}

QByteArrayView InstanceRecord::metadataValueUtf8(int i) const
{
    return d->view(d->metadata()[i].value);
}

StringMap InstanceRecord::metadata() const
{
    StringMap map;
    for (int i = 0; i < metadataCount(); ++i) {
        map.insert(SharedText::text(d->metadata()[i].key), QString::fromUtf8(metadataValueUtf8(i)));
    }
    return map;
}

int InstanceRecord::endpointCount() const
{
    return d ? int(d->endpointCount) : 0;
}

Endpoint InstanceRecord::endpoint(int i) const
{
    const EndpointEntry &entry = d->endpoints()[i];
    Endpoint endpoint;
    endpoint.name = SharedText::text(entry.name);
    endpoint.protocol = SharedText::text(entry.protocol);
    endpoint.host = QString::fromUtf8(d->view(entry.host));
    endpoint.port = entry.port;
    endpoint.path = SharedText::text(entry.path);
    endpoint.weight = entry.weight;
    return endpoint;
}

QByteArrayView InstanceRecord::endpointHostUtf8(int i) const
{
    return d->view(d->endpoints()[i].host);
}

QList<Endpoint> InstanceRecord::endpoints() const
{
    QList<Endpoint> list;
    list.reserve(endpointCount());
    for (int i = 0; i < endpointCount(); ++i) {
        list.append(endpoint(i));
    }
    return list;
}

qint64 InstanceRecord::leaseTtlSeconds() const
{
    return d ? d->leaseTtlSeconds : 0;
}

qint64 InstanceRecord::registeredAtUnix() const
{
    return d ? d->registeredAtUnix : 0;
}

qint64 InstanceRecord::lastHeartbeatUnix() const
{
    return d ? d->lastHeartbeatUnix : 0;
}

LeaseTimes InstanceRecord::leaseTimes() const
{
    return {leaseTtlSeconds(), registeredAtUnix(), lastHeartbeatUnix()};
}

void InstanceRecord::writeJson(JsonWriter &writer) const
{
    // The members and omissions of Instance::writeJson() and InstanceKey::writeJsonMembers().
    writer.beginObject()
        .key(QLatin1String("namespace"))
        .utf8Value(namespaceUtf8())
        .key(QLatin1String("service"))
        .utf8Value(serviceUtf8())
        .optionalUtf8Member(QLatin1String("organization"),
                            SharedText::utf8(partOf(d, Part::Organization)))
        .optionalUtf8Member(QLatin1String("businessDomain"),
                            SharedText::utf8(partOf(d, Part::BusinessDomain)))
        .optionalUtf8Member(QLatin1String("capabilityDomain"),
                            SharedText::utf8(partOf(d, Part::CapabilityDomain)))
        .optionalUtf8Member(QLatin1String("application"),
                            SharedText::utf8(partOf(d, Part::Application)))
        .optionalUtf8Member(QLatin1String("role"), SharedText::utf8(partOf(d, Part::Role)))
        .key(QLatin1String("instanceId"))
        .utf8Value(instanceIdUtf8())
        .optionalUtf8Member(QLatin1String("zone"), zoneUtf8());
    if (labelCount() > 0) {
        writer.key(QLatin1String("labels")).beginObject();
        for (int i = 0; i < labelCount(); ++i) {
            writer.utf8Key(labelKeyUtf8(i)).utf8Value(labelValueUtf8(i));
        }
        writer.endObject();
    }
    if (metadataCount() > 0) {
        writer.key(QLatin1String("metadata")).beginObject();
        for (int i = 0; i < metadataCount(); ++i) {
            writer.utf8Key(metadataKeyUtf8(i)).utf8Value(metadataValueUtf8(i));
        }
        writer.endObject();
    }
    if (endpointCount() > 0) {
        writer.key(QLatin1String("endpoints")).beginArray();
        for (int i = 0; i < endpointCount(); ++i) {
            const EndpointEntry &entry = d->endpoints()[i];
            // Endpoint::writeJson(): name, protocol, host, port always; path and weight when set.
            writer.beginObject()
                .key(QLatin1String("name"))
                .utf8Value(SharedText::utf8(entry.name))
                .key(QLatin1String("protocol"))
                .utf8Value(SharedText::utf8(entry.protocol))
                .key(QLatin1String("host"))
                .utf8Value(d->view(entry.host))
                .key(QLatin1String("port"))
                .value(entry.port)
                .optionalUtf8Member(QLatin1String("path"), SharedText::utf8(entry.path));
            if (entry.weight != 0) {
                writer.key(QLatin1String("weight")).value(entry.weight);
            }
            writer.endObject();
        }
        writer.endArray();
    }
    writer.key(QLatin1String("leaseTtlSeconds"))
        .value(leaseTtlSeconds())
        .key(QLatin1String("registeredAtUnix"))
        .value(registeredAtUnix())
        .key(QLatin1String("lastHeartbeatUnix"))
        .value(lastHeartbeatUnix())
        .endObject();
}

QByteArray InstanceRecord::toJson() const
{
    JsonWriter writer;
    writeJson(writer);
    return writer.take();
}

bool InstanceRecord::sameIdentity(const InstanceRecord &other) const
{
    if (d == other.d) {
        return true;
    }
    if (!d || !other.d || instanceIdUtf8() != other.instanceIdUtf8()) {
        return false;
    }
    if (d->identity == other.d->identity) {
        return true; // one pool, one identity
    }
    for (int i = 0; i < SharedIdentity::PartCount; ++i) {
        if (!SharedText::equal(d->part(Part(i)), other.d->part(Part(i)))) {
            return false;
        }
    }
    return true;
}

bool InstanceRecord::sameZone(const InstanceRecord &other) const
{
    return SharedText::equal(zoneOf(d), zoneOf(other.d));
}

bool InstanceRecord::sameLabels(const InstanceRecord &other) const
{
    if (labelCount() != other.labelCount()) {
        return false;
    }
    for (int i = 0; i < labelCount(); ++i) {
        const LabelEntry &a = d->labels()[i];
        const LabelEntry &b = other.d->labels()[i];
        if (!SharedText::equal(a.key, b.key) || !SharedText::equal(a.value, b.value)) {
            return false;
        }
    }
    return true;
}

bool InstanceRecord::sameMetadata(const InstanceRecord &other) const
{
    if (metadataCount() != other.metadataCount()) {
        return false;
    }
    for (int i = 0; i < metadataCount(); ++i) {
        if (!SharedText::equal(d->metadata()[i].key, other.d->metadata()[i].key) ||
            metadataValueUtf8(i) != other.metadataValueUtf8(i)) {
            return false;
        }
    }
    return true;
}

bool InstanceRecord::sameEndpoints(const InstanceRecord &other) const
{
    if (endpointCount() != other.endpointCount()) {
        return false;
    }
    for (int i = 0; i < endpointCount(); ++i) {
        const EndpointEntry &a = d->endpoints()[i];
        const EndpointEntry &b = other.d->endpoints()[i];
        if (a.port != b.port || a.weight != b.weight || !SharedText::equal(a.name, b.name) ||
            !SharedText::equal(a.protocol, b.protocol) || !SharedText::equal(a.path, b.path) ||
            d->view(a.host) != other.d->view(b.host)) {
            return false;
        }
    }
    return true;
}

bool operator==(const InstanceRecord &a, const InstanceRecord &b)
{
    if (a.d == b.d) {
        return true;
    }
    return a.sameIdentity(b) && a.sameZone(b) && a.sameLabels(b) && a.sameMetadata(b) &&
           a.sameEndpoints(b) && a.leaseTtlSeconds() == b.leaseTtlSeconds() &&
           a.registeredAtUnix() == b.registeredAtUnix() &&
           a.lastHeartbeatUnix() == b.lastHeartbeatUnix();
}

qsizetype InstanceRecord::allocatedBytes() const
{
    return d ? qsizetype(d->allocationSize()) : 0;
}

} // namespace stellmap
