#include "instancerecordbuilder.h"

#include "instancerecord_p.h"
#include "textpool.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace stellmap {

InstanceRecordBuilder::InstanceRecordBuilder(TextPool *pool)
    : m_pool(pool)
{
    m_labels.reserve(8);
    m_metadata.reserve(8);
    m_endpoints.reserve(4);
    m_bytes.reserve(256);
}

InstanceRecordBuilder::~InstanceRecordBuilder()
{
    clear();
    for (const SharedText *text : m_slots) {
        SharedText::release(text);
    }
    if (m_lastIdentity) {
        m_lastIdentity->deref();
    }
}

const SharedText *InstanceRecordBuilder::intern(QByteArrayView utf8, int slot)
{
    if (utf8.isEmpty()) {
        return nullptr;
    }
    if (slot >= SlotCount) {
        return m_pool->intern(utf8);
    }
    const SharedText *&last = m_slots[slot];
    if (!last || last->utf8() != utf8) {
        SharedText::release(last);
        last = m_pool->intern(utf8); // the slot's reference
    }
    last->ref();
    return last;
}

void InstanceRecordBuilder::setIdentity(InstanceRecord::IdentityPart part, QByteArrayView utf8)
{
    // The identity is interned as a whole by take(); until then its parts are bytes.
    m_identity[int(part)].assign(utf8.data(), size_t(utf8.size()));
}

void InstanceRecordBuilder::setZone(QByteArrayView utf8)
{
    SharedText::release(m_zone);
    m_zone = intern(utf8, ZoneSlot);
}

const SharedIdentity *InstanceRecordBuilder::takeIdentity()
{
    QByteArrayView parts[SharedIdentity::PartCount];
    for (int i = 0; i < SharedIdentity::PartCount; ++i) {
        parts[i] = QByteArrayView(m_identity[i].data(), qsizetype(m_identity[i].size()));
    }
    // Records of one service often follow each other: a byte comparison then does.
    bool same = m_lastIdentity != nullptr;
    for (int i = 0; same && i < SharedIdentity::PartCount; ++i) {
        same = SharedText::utf8(m_lastIdentity->parts[i]) == parts[i];
    }
    if (!same) {
        if (m_lastIdentity) {
            m_lastIdentity->deref();
        }
        m_lastIdentity = m_pool->internIdentity(parts);
    }
    for (std::string &part : m_identity) {
        part.clear();
    }
    if (m_lastIdentity) {
        m_lastIdentity->ref.ref();
    }
    return m_lastIdentity;
}

TextSpan InstanceRecordBuilder::appendBytes(QByteArrayView utf8)
{
    const TextSpan span{quint32(m_bytes.size()), quint32(utf8.size())};
    m_bytes.append(utf8.data(), size_t(utf8.size()));
    return span;
}

void InstanceRecordBuilder::setInstanceId(QByteArrayView utf8)
{
    m_instanceId = appendBytes(utf8);
}

// Slots: the zone, then by position 16 label keys and values, 8 metadata
// keys, and the name, protocol and path of 5 endpoints.
namespace {
constexpr int LabelSlots = 8;
constexpr int MetadataSlots = 40;
constexpr int EndpointSlots = 48;
} // namespace

void InstanceRecordBuilder::addLabel(QByteArrayView key, QByteArrayView value)
{
    const int at = int(m_labels.size());
    m_labels.push_back({intern(key, at < 16 ? LabelSlots + 2 * at : SlotCount),
                        intern(value, at < 16 ? LabelSlots + 2 * at + 1 : SlotCount)});
}

void InstanceRecordBuilder::addMetadata(QByteArrayView key, QByteArrayView value)
{
    const int at = int(m_metadata.size());
    m_metadata.push_back(
        {intern(key, at < 8 ? MetadataSlots + at : SlotCount), appendBytes(value)});
}

void InstanceRecordBuilder::addEndpoint(QByteArrayView name, QByteArrayView protocol,
                                        QByteArrayView host, qint32 port, QByteArrayView path,
                                        qint32 weight)
{
    // An instance's endpoints usually share one host: store it once.
    const auto same =
        std::find_if(m_endpoints.cbegin(), m_endpoints.cend(), [&](const EndpointEntry &e) {
            return QByteArrayView(m_bytes.data() + e.host.offset, e.host.size) == host;
        });
    const TextSpan hostSpan = same != m_endpoints.cend() ? same->host : appendBytes(host);
    const int at = int(m_endpoints.size());
    const int slot = at < 5 ? EndpointSlots + 3 * at : SlotCount;
    m_endpoints.push_back({intern(name, slot), intern(protocol, slot + 1), intern(path, slot + 2),
                           hostSpan, port, weight});
}

template<typename Entry>
void InstanceRecordBuilder::sortUnique(std::vector<Entry> &entries)
{
    const auto before = [](const Entry &a, const Entry &b) {
        return SharedText::utf8(a.key) < SharedText::utf8(b.key);
    };
    bool strictlySorted = true;
    for (size_t i = 1; i < entries.size(); ++i) {
        if (!before(entries[i - 1], entries[i])) {
            strictlySorted = false;
            break;
        }
    }
    if (strictlySorted) {
        return; // the server's order, nothing repeated: the usual case
    }
    std::stable_sort(entries.begin(), entries.end(), before);
    // Equal keys are now adjacent in arrival order: keep the last of each run.
    std::vector<Entry> unique;
    unique.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i + 1 < entries.size() && SharedText::equal(entries[i].key, entries[i + 1].key)) {
            SharedText::release(entries[i].key);
            if constexpr (std::is_same_v<Entry, LabelEntry>) {
                SharedText::release(entries[i].value);
            }
            continue;
        }
        unique.push_back(entries[i]);
    }
    entries.swap(unique);
}

InstanceRecord InstanceRecordBuilder::take()
{
    sortUnique(m_labels);
    sortUnique(m_metadata);
    using Data = InstanceRecord::Data;
    const size_t size = Data::allocationSize(quint32(m_labels.size()), quint32(m_metadata.size()),
                                             quint32(m_endpoints.size()), quint32(m_bytes.size()));
    Data *d = new (::operator new(size)) Data;
    d->labelCount = quint32(m_labels.size());
    d->metadataCount = quint32(m_metadata.size());
    d->endpointCount = quint32(m_endpoints.size());
    d->byteCount = quint32(m_bytes.size());
    d->leaseTtlSeconds = m_leaseTtlSeconds;
    d->registeredAtUnix = m_registeredAtUnix;
    d->lastHeartbeatUnix = m_lastHeartbeatUnix;
    // The references move from the builder into the record.
    d->identity = takeIdentity();
    d->zone = std::exchange(m_zone, nullptr);
    d->instanceId = m_instanceId;
    std::uninitialized_copy(m_labels.begin(), m_labels.end(), d->labels());
    std::uninitialized_copy(m_metadata.begin(), m_metadata.end(), d->metadata());
    std::uninitialized_copy(m_endpoints.begin(), m_endpoints.end(), d->endpoints());
    if (!m_bytes.empty()) {
        std::memcpy(d->bytes(), m_bytes.data(), m_bytes.size());
    }
    m_labels.clear();
    m_metadata.clear();
    m_endpoints.clear();
    clear();
    return InstanceRecord(d);
}

void InstanceRecordBuilder::clearLabels()
{
    for (const LabelEntry &label : m_labels) {
        SharedText::release(label.key);
        SharedText::release(label.value);
    }
    m_labels.clear();
}

void InstanceRecordBuilder::clearMetadata()
{
    for (const MetadataEntry &entry : m_metadata) {
        SharedText::release(entry.key);
    }
    m_metadata.clear();
}

void InstanceRecordBuilder::clearEndpoints()
{
    for (const EndpointEntry &endpoint : m_endpoints) {
        SharedText::release(endpoint.name);
        SharedText::release(endpoint.protocol);
        SharedText::release(endpoint.path);
    }
    m_endpoints.clear();
}

void InstanceRecordBuilder::clear()
{
    SharedText::release(std::exchange(m_zone, nullptr));
    for (std::string &part : m_identity) {
        part.clear();
    }
    clearLabels();
    clearMetadata();
    clearEndpoints();
    m_bytes.clear();
    m_instanceId = {};
    m_leaseTtlSeconds = 0;
    m_registeredAtUnix = 0;
    m_lastHeartbeatUnix = 0;
}

} // namespace stellmap
