#include "instancerecordbuilder.h"

#include "instancerecord_p.h"
#include "textpool.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace stellmap {

static_assert(int(InstanceRecordBuilder::Zone) + 1 == int(InstanceRecord::Data::TextCount));

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
}

void InstanceRecordBuilder::setText(TextField field, QByteArrayView utf8)
{
    SharedText::release(m_texts[field]);
    m_texts[field] = m_pool->intern(utf8);
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

void InstanceRecordBuilder::addLabel(QByteArrayView key, QByteArrayView value)
{
    m_labels.push_back({m_pool->intern(key), m_pool->intern(value)});
}

void InstanceRecordBuilder::addMetadata(QByteArrayView key, QByteArrayView value)
{
    m_metadata.push_back({m_pool->intern(key), appendBytes(value)});
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
    m_endpoints.push_back({m_pool->intern(name), m_pool->intern(protocol), m_pool->intern(path),
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
    std::copy(std::begin(m_texts), std::end(m_texts), d->texts);
    std::fill(std::begin(m_texts), std::end(m_texts), nullptr);
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
    for (const SharedText *&text : m_texts) {
        SharedText::release(text);
        text = nullptr;
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
