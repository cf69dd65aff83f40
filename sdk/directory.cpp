#include "directory.h"

#include <QDateTime>

#include <algorithm>

namespace stellmap {

size_t qHash(const InstanceRef &ref, size_t seed)
{
    return qHashMulti(seed, ref.namespaceName, ref.service, ref.instanceId);
}

InstanceRef InstanceRef::of(const InstanceKey &key)
{
    return {key.namespaceName, key.service.service, key.instanceId};
}

InstanceKey InstanceRef::key() const
{
    return {namespaceName, ServiceName::fromService(service), instanceId};
}

namespace {

QStringList sortedKeys(QList<QString> keys)
{
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

Directory::Directory(QObject *parent)
    : QObject(parent)
{
    m_leaseTimer.setInterval(1000);
    connect(&m_leaseTimer, &QTimer::timeout, this, &Directory::checkLeases);
    m_leaseTimer.start();
}

Directory::~Directory() = default;

Directory::Record *Directory::record(const InstanceRef &ref)
{
    const auto ns = m_namespaces.find(ref.namespaceName);
    if (ns == m_namespaces.end()) {
        return nullptr;
    }
    const auto service = ns->services.find(ref.service);
    if (service == ns->services.end()) {
        return nullptr;
    }
    const auto found = service->find(ref.instanceId);
    return found == service->end() ? nullptr : &*found;
}

Directory::ChangedFields Directory::difference(const Instance &before, const Instance &after)
{
    ChangedFields fields;
    if (before.zone != after.zone) {
        fields |= ZoneChanged;
    }
    if (before.labels != after.labels) {
        fields |= LabelsChanged;
    }
    if (before.metadata != after.metadata) {
        fields |= MetadataChanged;
    }
    if (before.endpoints != after.endpoints) {
        fields |= EndpointsChanged;
    }
    if (before.leaseTtlSeconds != after.leaseTtlSeconds) {
        fields |= LeaseChanged;
    }
    if (before.lastHeartbeatUnix != after.lastHeartbeatUnix) {
        fields |= HeartbeatChanged;
    }
    if (before.registeredAtUnix != after.registeredAtUnix) {
        fields |= RegisteredChanged;
    }
    if (before.key != after.key) {
        fields |= IdentityChanged;
    }
    return fields;
}

StringMap Directory::internedMap(const StringMap &map)
{
    StringMap result;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        result.insert(m_strings.intern(it.key()), m_strings.intern(it.value()));
    }
    return result;
}

Instance Directory::interned(const Instance &instance)
{
    Instance copy = instance;
    InstanceKey &key = copy.key;
    key.namespaceName = m_strings.intern(key.namespaceName);
    ServiceName &service = key.service;
    service.service = m_strings.intern(service.service);
    service.organization = m_strings.intern(service.organization);
    service.businessDomain = m_strings.intern(service.businessDomain);
    service.capabilityDomain = m_strings.intern(service.capabilityDomain);
    service.application = m_strings.intern(service.application);
    service.role = m_strings.intern(service.role);
    copy.zone = m_strings.intern(copy.zone);
    copy.labels = internedMap(copy.labels);
    copy.metadata = internedMap(copy.metadata);
    for (Endpoint &endpoint : copy.endpoints) {
        endpoint.name = m_strings.intern(endpoint.name);
        endpoint.protocol = m_strings.intern(endpoint.protocol);
        endpoint.host = m_strings.intern(endpoint.host);
        endpoint.path = m_strings.intern(endpoint.path);
    }
    return copy;
}

void Directory::upsert(const QString &ns, const Instance &instance, quint64 revision, Batch *batch)
{
    const InstanceRef ref{ns, instance.key.service.service, instance.key.instanceId};
    Namespace &space = m_namespaces[ns];
    Service &service = space.services[ref.service];
    const auto found = service.find(ref.instanceId);
    if (found != service.end()) {
        if (revision != 0 && found->revision >= revision) {
            return; // a duplicate or older news
        }
        const ChangedFields fields = difference(found->instance, instance);
        // Most events are renewals: update what changed in place, and intern
        // (copy) only changed texts. Identity changes take the whole instance.
        Instance &stored = found->instance;
        if (fields & (IdentityChanged | EndpointsChanged)) {
            stored = interned(instance);
        } else if (fields) {
            if (fields & ZoneChanged) {
                stored.zone = m_strings.intern(instance.zone);
            }
            if (fields & LabelsChanged) {
                stored.labels = internedMap(instance.labels);
            }
            if (fields & MetadataChanged) {
                stored.metadata = internedMap(instance.metadata);
            }
            stored.leaseTtlSeconds = instance.leaseTtlSeconds;
            stored.registeredAtUnix = instance.registeredAtUnix;
            stored.lastHeartbeatUnix = instance.lastHeartbeatUnix;
        }
        found->revision = revision;
        if (fields & (HeartbeatChanged | LeaseChanged | RegisteredChanged)) {
            found->expired = false;
        }
        if (fields) {
            auto pending = batch->find(ref);
            if (pending == batch->end()) {
                batch->insert(ref, {true, fields});
            } else {
                pending->fields |= fields;
            }
        }
        return;
    }
    service.insert(ref.instanceId, Record{interned(instance), revision, false});
    ++space.size;
    ++m_size;
    auto pending = batch->find(ref);
    if (pending == batch->end()) {
        batch->insert(ref, {false, {}});
    } else {
        // Removed and back within one batch: to a viewer it changed.
        pending->fields = ChangedFields(0xff);
    }
}

void Directory::remove(const InstanceRef &ref, quint64 revision, Batch *batch)
{
    const auto ns = m_namespaces.find(ref.namespaceName);
    if (ns == m_namespaces.end()) {
        return;
    }
    const auto service = ns->services.find(ref.service);
    if (service == ns->services.end()) {
        return;
    }
    const auto found = service->find(ref.instanceId);
    if (found == service->end() || (revision != 0 && found->revision >= revision)) {
        return; // unknown (filtered streams send those) or older news
    }
    service->erase(found);
    if (service->isEmpty()) {
        ns->services.erase(service);
    }
    --ns->size;
    --m_size;
    auto pending = batch->find(ref);
    if (pending == batch->end()) {
        batch->insert(ref, {true, {}});
    } else if (!pending->existedBefore) {
        batch->erase(pending); // added and removed within the batch: nothing to show
    } else {
        pending->fields = {};
    }
}

void Directory::applySnapshot(const QString &namespaceName, quint64 revision,
                              const QList<Instance> &instances)
{
    const bool wasEmpty = size(namespaceName) == 0;
    Batch batch;
    if (wasEmpty) {
        m_namespaces.remove(namespaceName);
    } else {
        // Whatever the snapshot lacks is gone.
        QSet<InstanceRef> kept;
        kept.reserve(instances.size());
        for (const Instance &instance : instances) {
            kept.insert({namespaceName, instance.key.service.service, instance.key.instanceId});
        }
        QList<InstanceRef> gone;
        const Namespace &space = m_namespaces[namespaceName];
        for (auto service = space.services.cbegin(); service != space.services.cend(); ++service) {
            for (auto it = service->cbegin(); it != service->cend(); ++it) {
                InstanceRef ref{namespaceName, service.key(), it.key()};
                if (!kept.contains(ref)) {
                    gone.append(std::move(ref));
                }
            }
        }
        for (const InstanceRef &ref : std::as_const(gone)) {
            remove(ref, 0, &batch);
        }
    }
    for (const Instance &instance : instances) {
        // A snapshot is the truth at its revision, even when that is older than what we had.
        InstanceRef ref{namespaceName, instance.key.service.service, instance.key.instanceId};
        if (Record *existing = record(ref)) {
            existing->revision = 0;
        }
        upsert(namespaceName, instance, revision, &batch);
    }
    Namespace &space = m_namespaces[namespaceName];
    space.revision = revision;
    if (wasEmpty) {
        Q_EMIT namespaceReset(namespaceName);
    } else {
        emitBatch(batch);
    }
    Q_EMIT revisionChanged(namespaceName, revision);
}

void Directory::applyEvents(const QList<WatchEvent> &events)
{
    Batch batch;
    QHash<QString, quint64> revisions;
    for (const WatchEvent &event : events) {
        if (event.type == WatchEvent::Type::Upsert && event.instance) {
            upsert(event.namespaceName, *event.instance, event.revision, &batch);
        } else if (event.type == WatchEvent::Type::Delete) {
            remove({event.namespaceName, event.service.service, event.instanceId}, event.revision,
                   &batch);
        } else {
            continue;
        }
        quint64 &revision = revisions[event.namespaceName];
        revision = qMax(revision, event.revision);
    }
    emitBatch(batch);
    for (auto it = revisions.cbegin(); it != revisions.cend(); ++it) {
        Namespace &space = m_namespaces[it.key()];
        if (it.value() > space.revision) {
            space.revision = it.value();
            Q_EMIT revisionChanged(it.key(), it.value());
        }
    }
}

void Directory::emitBatch(const Batch &batch)
{
    QList<InstanceRef> removed;
    QList<InstanceRef> added;
    QList<Change> changed;
    for (auto it = batch.cbegin(); it != batch.cend(); ++it) {
        const bool existsNow = record(it.key()) != nullptr;
        if (it->existedBefore && !existsNow) {
            removed.append(it.key());
        } else if (!it->existedBefore && existsNow) {
            added.append(it.key());
        } else if (existsNow && it->fields) {
            changed.append({it.key(), it->fields});
        }
    }
    if (!removed.isEmpty()) {
        Q_EMIT instancesRemoved(removed);
    }
    if (!added.isEmpty()) {
        Q_EMIT instancesAdded(added);
    }
    if (!changed.isEmpty()) {
        Q_EMIT instancesChanged(changed);
    }
}

void Directory::removeNamespace(const QString &namespaceName)
{
    const auto found = m_namespaces.find(namespaceName);
    if (found == m_namespaces.end()) {
        return;
    }
    m_size -= found->size;
    m_namespaces.erase(found);
    Q_EMIT namespaceReset(namespaceName);
}

quint64 Directory::revision(const QString &namespaceName) const
{
    return m_namespaces.value(namespaceName).revision;
}

qsizetype Directory::size(const QString &namespaceName) const
{
    const auto found = m_namespaces.constFind(namespaceName);
    return found == m_namespaces.cend() ? 0 : found->size;
}

QStringList Directory::namespaces() const
{
    return sortedKeys(m_namespaces.keys());
}

QStringList Directory::services(const QString &namespaceName) const
{
    const auto found = m_namespaces.constFind(namespaceName);
    return found == m_namespaces.cend() ? QStringList() : sortedKeys(found->services.keys());
}

QStringList Directory::instanceIds(const QString &namespaceName, const QString &service) const
{
    const auto found = m_namespaces.constFind(namespaceName);
    if (found == m_namespaces.cend()) {
        return {};
    }
    return sortedKeys(found->services.value(service).keys());
}

const Instance *Directory::find(const InstanceRef &ref) const
{
    const Record *found = const_cast<Directory *>(this)->record(ref);
    return found ? &found->instance : nullptr;
}

quint64 Directory::changeRevision(const InstanceRef &ref) const
{
    const Record *found = const_cast<Directory *>(this)->record(ref);
    return found ? found->revision : 0;
}

QList<Instance> Directory::instances(const QString &namespaceName) const
{
    QList<std::pair<QByteArray, const Instance *>> sorted;
    const auto found = m_namespaces.constFind(namespaceName);
    if (found == m_namespaces.cend()) {
        return {};
    }
    sorted.reserve(found->size);
    for (auto service = found->services.cbegin(); service != found->services.cend(); ++service) {
        for (auto it = service->cbegin(); it != service->cend(); ++it) {
            sorted.append({(service.key() + QLatin1Char('/') + it.key()).toUtf8(), &it->instance});
        }
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<Instance> result;
    result.reserve(sorted.size());
    for (const auto &entry : std::as_const(sorted)) {
        result.append(*entry.second);
    }
    return result;
}

qint64 Directory::serverNowUnix() const
{
    return (QDateTime::currentMSecsSinceEpoch() + m_clockOffsetMs) / 1000;
}

bool Directory::isExpired(const InstanceRef &ref) const
{
    const Record *found = const_cast<Directory *>(this)->record(ref);
    return found && found->expired;
}

void Directory::checkLeases()
{
    const qint64 now = serverNowUnix();
    QList<InstanceRef> expired;
    for (auto ns = m_namespaces.begin(); ns != m_namespaces.end(); ++ns) {
        for (auto service = ns->services.begin(); service != ns->services.end(); ++service) {
            for (auto it = service->begin(); it != service->end(); ++it) {
                if (!it->expired && !it->instance.isAlive(now)) {
                    it->expired = true;
                    expired.append({ns.key(), service.key(), it.key()});
                }
            }
        }
    }
    if (!expired.isEmpty()) {
        Q_EMIT leasesExpired(expired);
    }
}

} // namespace stellmap
