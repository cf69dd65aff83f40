#include "directory.h"

#include <QDateTime>
#include <QMetaMethod>

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

Directory::Directory(QObject *parent)
    : QObject(parent)
{
    m_leaseTimer.setInterval(1000);
    connect(&m_leaseTimer, &QTimer::timeout, this, &Directory::checkLeases);
    m_leaseTimer.start();
}

Directory::~Directory() = default;

const Directory::Entry *Directory::entry(const InstanceRef &ref) const
{
    const auto ns = m_namespaces.find(ref.namespaceName);
    if (ns == m_namespaces.end()) {
        return nullptr;
    }
    const QByteArray service = ref.service.toUtf8();
    const QByteArray id = ref.instanceId.toUtf8();
    return ns->second.entries.find(InstanceIndex::keyOf(service, id));
}

Directory::ChangedFields Directory::difference(const InstanceRecord &before,
                                               const InstanceRecord &after)
{
    ChangedFields fields;
    if (!before.sameZone(after)) {
        fields |= ZoneChanged;
    }
    if (!before.sameLabels(after)) {
        fields |= LabelsChanged;
    }
    if (!before.sameMetadata(after)) {
        fields |= MetadataChanged;
    }
    if (!before.sameEndpoints(after)) {
        fields |= EndpointsChanged;
    }
    if (before.leaseTtlSeconds() != after.leaseTtlSeconds()) {
        fields |= LeaseChanged;
    }
    if (before.lastHeartbeatUnix() != after.lastHeartbeatUnix()) {
        fields |= HeartbeatChanged;
    }
    if (before.registeredAtUnix() != after.registeredAtUnix()) {
        fields |= RegisteredChanged;
    }
    if (!before.sameIdentity(after)) {
        fields |= IdentityChanged;
    }
    return fields;
}

std::optional<Directory::Batch> Directory::newBatch() const
{
    // Preparing the signals costs a QString triple per change: only for listeners.
    static const QMetaMethod changeSignals[] = {
        QMetaMethod::fromSignal(&Directory::instancesRemoved),
        QMetaMethod::fromSignal(&Directory::instancesAdded),
        QMetaMethod::fromSignal(&Directory::instancesChanged),
    };
    for (const QMetaMethod &signal : changeSignals) {
        if (isSignalConnected(signal)) {
            return Batch();
        }
    }
    return std::nullopt;
}

void Directory::track(Batch *batch, const QString &ns, const InstanceRecord &record,
                      bool existedBefore, bool existsNow, ChangedFields fields)
{
    if (!batch) {
        return;
    }
    const InstanceRef ref{ns, record.service(), record.instanceId()};
    auto pending = batch->find(ref);
    if (pending == batch->end()) {
        batch->insert(ref, {existedBefore, existsNow, fields});
        return;
    }
    if (existsNow && !pending->existsNow) {
        // Removed and back within one batch: to a viewer it changed.
        pending->fields = ChangedFields(0xff);
    } else {
        pending->fields |= fields;
    }
    pending->existsNow = existsNow;
}

void Directory::upsert(const QString &ns, Namespace &space, const InstanceIndex::Key &key,
                       const InstanceRecord &record, quint64 revision, Batch *batch)
{
    Entry *found = space.entries.find(key);
    if (found) {
        if (revision != 0 && found->revision >= revision) {
            return; // a duplicate or older news
        }
        const ChangedFields fields = difference(found->record, record);
        found->setRecord(record); // shared with the event, not copied
        found->revision = revision;
        if (fields & (HeartbeatChanged | LeaseChanged | RegisteredChanged)) {
            found->expired = false;
        }
        if (fields) {
            track(batch, ns, record, true, true, fields);
        }
        return;
    }
    space.entries.insert(key, record).first->revision = revision;
    ++m_size;
    track(batch, ns, record, false, true, {});
}

void Directory::remove(const QString &ns, Namespace &space, const InstanceIndex::Key &key,
                       quint64 revision, Batch *batch)
{
    Entry *found = space.entries.find(key);
    if (!found || (revision != 0 && found->revision >= revision)) {
        return; // unknown (filtered streams send those) or older news
    }
    const InstanceRecord record = found->record;
    space.entries.erase(found);
    --m_size;
    if (batch) {
        const InstanceRef ref{ns, record.service(), record.instanceId()};
        const auto pending = batch->find(ref);
        if (pending == batch->end()) {
            batch->insert(ref, {true, false, {}});
        } else if (!pending->existedBefore) {
            batch->erase(pending); // added and removed within the batch: nothing to show
        } else {
            pending->existsNow = false;
            pending->fields = {};
        }
    }
}

void Directory::applySnapshot(const QString &namespaceName, quint64 revision,
                              const QList<Instance> &instances)
{
    QList<InstanceRecord> records;
    records.reserve(instances.size());
    for (const Instance &instance : instances) {
        records.append(InstanceRecord::fromInstance(instance, &m_texts));
    }
    m_texts.prune();
    applySnapshot(namespaceName, revision, records);
}

void Directory::applySnapshot(const QString &namespaceName, quint64 revision,
                              const QList<InstanceRecord> &instances)
{
    const bool wasEmpty = size(namespaceName) == 0;
    Namespace &space = m_namespaces[namespaceName];
    if (wasEmpty) {
        // The first data: no differences to work out, the view rebuilds.
        space.entries.clear();
        space.entries.reserve(instances.size());
        for (const InstanceRecord &record : instances) {
            const auto [entry, inserted] =
                space.entries.insert(InstanceIndex::keyOf(record), record);
            if (inserted) {
                ++m_size;
            } else {
                entry->setRecord(record); // the same key twice: the later one stands
            }
            entry->revision = revision;
        }
        space.revision = revision;
        Q_EMIT namespaceReset(namespaceName);
        Q_EMIT revisionChanged(namespaceName, revision);
        return;
    }
    std::optional<Batch> batch = newBatch();
    Batch *tracked = batch ? &*batch : nullptr;
    // Whatever the snapshot lacks is gone.
    InstanceIndex kept;
    kept.reserve(instances.size());
    for (const InstanceRecord &record : instances) {
        kept.insert(InstanceIndex::keyOf(record), record);
    }
    QList<InstanceRecord> gone;
    space.entries.forEach([&](const Entry &entry) {
        if (!kept.find(InstanceIndex::keyOf(entry.record))) {
            gone.append(entry.record);
        }
    });
    kept.clear();
    for (const InstanceRecord &record : std::as_const(gone)) {
        remove(namespaceName, space, InstanceIndex::keyOf(record), 0, tracked);
    }
    for (const InstanceRecord &record : instances) {
        // A snapshot is the truth at its revision, even when that is older than what we had.
        if (Entry *existing = space.entries.find(InstanceIndex::keyOf(record))) {
            existing->revision = 0;
        }
        upsert(namespaceName, space, InstanceIndex::keyOf(record), record, revision, tracked);
    }
    space.revision = revision;
    if (batch) {
        emitBatch(*batch);
    }
    Q_EMIT revisionChanged(namespaceName, revision);
}

void Directory::applyEvents(const QList<WatchEvent> &events)
{
    std::optional<Batch> batch = newBatch();
    Batch *tracked = batch ? &*batch : nullptr;
    // Each change's place is worked out a few events ahead and its memory
    // prefetched: in a large namespace most of the time goes to cache misses,
    // which then overlap instead of adding up.
    struct Step
    {
        Namespace *space = nullptr;
        InstanceIndex::Key key;
        //! A delete's key, as UTF-8 (the key views it).
        QByteArray service;
        QByteArray id;
    };
    constexpr qsizetype Ahead = 8;
    const qsizetype count = events.size();
    std::vector<Step> steps(static_cast<size_t>(count));
    const QString *lastName = nullptr;
    Namespace *lastSpace = nullptr;
    const auto prepare = [&](qsizetype i) {
        const WatchEvent &event = events.at(i);
        Step &step = steps[size_t(i)];
        if (!lastName || *lastName != event.namespaceName) {
            lastName = &event.namespaceName;
            lastSpace = &m_namespaces[event.namespaceName];
        }
        if (event.type == WatchEvent::Type::Upsert && event.instance) {
            step.key = InstanceIndex::keyOf(event.instance);
        } else if (event.type == WatchEvent::Type::Delete) {
            step.service = event.service.service.toUtf8();
            step.id = event.instanceId.toUtf8();
            step.key = InstanceIndex::keyOf(step.service, step.id);
        } else {
            return;
        }
        step.space = lastSpace;
        step.space->entries.prefetch(step.key);
    };
    for (qsizetype i = 0; i < qMin(Ahead, count); ++i) {
        prepare(i);
    }
    QHash<QString, quint64> revisions;
    quint64 *revision = nullptr;
    const QString *revisionName = nullptr;
    for (qsizetype i = 0; i < count; ++i) {
        if (i + Ahead < count) {
            prepare(i + Ahead);
        }
        if (i + Ahead / 2 < count && steps[size_t(i + Ahead / 2)].space) {
            const Step &soon = steps[size_t(i + Ahead / 2)];
            soon.space->entries.prefetchRecord(soon.key);
        }
        const Step &step = steps[size_t(i)];
        if (!step.space) {
            continue;
        }
        const WatchEvent &event = events.at(i);
        if (event.type == WatchEvent::Type::Upsert) {
            upsert(event.namespaceName, *step.space, step.key, event.instance, event.revision,
                   tracked);
        } else {
            remove(event.namespaceName, *step.space, step.key, event.revision, tracked);
        }
        if (!revisionName || *revisionName != event.namespaceName) {
            revisionName = &event.namespaceName;
            revision = &revisions[event.namespaceName];
        }
        *revision = qMax(*revision, event.revision);
    }
    if (batch) {
        emitBatch(*batch);
    }
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
        if (it->existedBefore && !it->existsNow) {
            removed.append(it.key());
        } else if (!it->existedBefore && it->existsNow) {
            added.append(it.key());
        } else if (it->existsNow && it->fields) {
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
    m_size -= found->second.entries.size();
    m_namespaces.erase(found);
    Q_EMIT namespaceReset(namespaceName);
}

quint64 Directory::revision(const QString &namespaceName) const
{
    const auto found = m_namespaces.find(namespaceName);
    return found == m_namespaces.end() ? 0 : found->second.revision;
}

qsizetype Directory::size(const QString &namespaceName) const
{
    const auto found = m_namespaces.find(namespaceName);
    return found == m_namespaces.end() ? 0 : found->second.entries.size();
}

QStringList Directory::namespaces() const
{
    QStringList names;
    for (const auto &entry : m_namespaces) {
        names.append(entry.first);
    }
    return names;
}

QStringList Directory::services(const QString &namespaceName) const
{
    QSet<QString> services;
    const auto found = m_namespaces.find(namespaceName);
    if (found != m_namespaces.end()) {
        found->second.entries.forEach(
            [&services](const Entry &entry) { services.insert(entry.record.service()); });
    }
    QStringList sorted(services.cbegin(), services.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

QStringList Directory::instanceIds(const QString &namespaceName, const QString &service) const
{
    QStringList ids;
    const auto found = m_namespaces.find(namespaceName);
    if (found == m_namespaces.end()) {
        return ids;
    }
    const QByteArray utf8 = service.toUtf8();
    found->second.entries.forEach([&](const Entry &entry) {
        if (entry.record.serviceUtf8() == QByteArrayView(utf8)) {
            ids.append(entry.record.instanceId());
        }
    });
    std::sort(ids.begin(), ids.end());
    return ids;
}

InstanceRecord Directory::find(const InstanceRef &ref) const
{
    const Entry *found = entry(ref);
    return found ? found->record : InstanceRecord();
}

quint64 Directory::changeRevision(const InstanceRef &ref) const
{
    const Entry *found = entry(ref);
    return found ? found->revision : 0;
}

QList<InstanceRecord> Directory::unorderedRecords(const QString &namespaceName) const
{
    QList<InstanceRecord> records;
    const auto found = m_namespaces.find(namespaceName);
    if (found != m_namespaces.end()) {
        records.reserve(found->second.entries.size());
        found->second.entries.forEach(
            [&records](const Entry &entry) { records.append(entry.record); });
    }
    return records;
}

QList<InstanceRecord> Directory::records(const QString &namespaceName) const
{
    // The server's order: the bytes of "service/instanceId".
    QList<std::pair<QByteArray, InstanceRecord>> sorted;
    for (const InstanceRecord &record : unorderedRecords(namespaceName)) {
        QByteArray key = record.serviceUtf8().toByteArray();
        key += '/';
        key += record.instanceIdUtf8();
        sorted.append({std::move(key), record});
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<InstanceRecord> result;
    result.reserve(sorted.size());
    for (const auto &entry : std::as_const(sorted)) {
        result.append(entry.second);
    }
    return result;
}

QList<Instance> Directory::instances(const QString &namespaceName) const
{
    QList<Instance> result;
    const QList<InstanceRecord> sorted = records(namespaceName);
    result.reserve(sorted.size());
    for (const InstanceRecord &record : sorted) {
        result.append(record.toInstance());
    }
    return result;
}

qint64 Directory::serverNowUnix() const
{
    return (QDateTime::currentMSecsSinceEpoch() + m_clockOffsetMs) / 1000;
}

bool Directory::isExpired(const InstanceRef &ref) const
{
    const Entry *found = entry(ref);
    return found && found->expired;
}

void Directory::setLive(const QString &namespaceName, bool live)
{
    if (live) {
        m_staleSince.remove(namespaceName);
    } else if (!m_staleSince.contains(namespaceName)) {
        m_staleSince.insert(namespaceName, serverNowUnix());
    }
}

qint64 Directory::leaseNowUnix(const QString &namespaceName) const
{
    return m_staleSince.value(namespaceName, serverNowUnix());
}

void Directory::checkLeases()
{
    QList<InstanceRef> expired;
    for (auto &named : m_namespaces) {
        const QString &name = named.first; // not a structured binding: the lambda uses it
        Namespace &space = named.second;
        const qint64 now = leaseNowUnix(name);
        space.entries.forEach([&](Entry &entry) {
            if (!entry.expired && !entry.isAlive(now)) {
                entry.expired = true;
                expired.append({name, entry.record.service(), entry.record.instanceId()});
            }
        });
    }
    if (!expired.isEmpty()) {
        Q_EMIT leasesExpired(expired);
    }
}

} // namespace stellmap
