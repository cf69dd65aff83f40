#pragma once

// Layout of an InstanceRecord's allocation; shared by the record and its builder.

#include "instancerecord.h"
#include "sharedtext.h"

#include <QAtomicInt>

#include <string>

namespace stellmap {

//! Inline UTF-8 bytes of a record: [offset, offset + size) of its byte area.
struct TextSpan
{
    quint32 offset = 0;
    quint32 size = 0;
};

struct LabelEntry
{
    const SharedText *key = nullptr;
    const SharedText *value = nullptr;
};

struct MetadataEntry
{
    const SharedText *key = nullptr;
    TextSpan value;
};

struct EndpointEntry
{
    const SharedText *name = nullptr;
    const SharedText *protocol = nullptr;
    const SharedText *path = nullptr;
    TextSpan host;
    qint32 port = 0;
    qint32 weight = 0;
};

/*!
 * Where an instance lives: namespace, service and the service's five parts,
 * interned as one (a TextPool hands out one per distinct identity), so a
 * record holds one reference for all seven.
 */
struct SharedIdentity
{
    static constexpr int PartCount = 7;

    mutable QAtomicInt ref{1};
    //! A reference each; nullptr for an empty part.
    const SharedText *parts[PartCount] = {};
    //! The pool's lookup key: the parts' bytes, each after its length.
    std::string key;

    void deref() const
    {
        if (!ref.deref()) {
            for (const SharedText *part : parts) {
                SharedText::release(part);
            }
            delete this;
        }
    }
};

/*!
 * The header; the label, metadata and endpoint arrays and then the inline
 * bytes follow it in the same allocation.
 */
struct InstanceRecord::Data
{
    using IdentityPart = InstanceRecord::IdentityPart;

    QAtomicInt ref{1};
    quint32 labelCount = 0;
    quint32 metadataCount = 0;
    quint32 endpointCount = 0;
    quint32 byteCount = 0;
    qint64 leaseTtlSeconds = 0;
    qint64 registeredAtUnix = 0;
    qint64 lastHeartbeatUnix = 0;
    //! Namespace .. Role (a reference); nullptr when all are empty.
    const SharedIdentity *identity = nullptr;
    const SharedText *zone = nullptr;
    TextSpan instanceId;

    const SharedText *part(IdentityPart which) const
    {
        return identity ? identity->parts[int(which)] : nullptr;
    }

    LabelEntry *labels() { return reinterpret_cast<LabelEntry *>(this + 1); }
    const LabelEntry *labels() const { return reinterpret_cast<const LabelEntry *>(this + 1); }
    const MetadataEntry *metadata() const
    {
        return reinterpret_cast<const MetadataEntry *>(labels() + labelCount);
    }
    MetadataEntry *metadata() { return reinterpret_cast<MetadataEntry *>(labels() + labelCount); }
    const EndpointEntry *endpoints() const
    {
        return reinterpret_cast<const EndpointEntry *>(metadata() + metadataCount);
    }
    EndpointEntry *endpoints()
    {
        return reinterpret_cast<EndpointEntry *>(metadata() + metadataCount);
    }
    const char *bytes() const
    {
        return reinterpret_cast<const char *>(endpoints() + endpointCount);
    }
    char *bytes() { return reinterpret_cast<char *>(endpoints() + endpointCount); }
    QByteArrayView view(TextSpan span) const { return {bytes() + span.offset, span.size}; }

    static size_t allocationSize(quint32 labels, quint32 metadata, quint32 endpoints, quint32 bytes)
    {
        return sizeof(Data) + labels * sizeof(LabelEntry) + metadata * sizeof(MetadataEntry) +
               endpoints * sizeof(EndpointEntry) + bytes;
    }
    size_t allocationSize() const
    {
        return allocationSize(labelCount, metadataCount, endpointCount, byteCount);
    }
    //! Releases the shared texts and frees the allocation.
    void destroy();
};

static_assert(sizeof(InstanceRecord::Data) % alignof(LabelEntry) == 0);
static_assert(sizeof(LabelEntry) % alignof(MetadataEntry) == 0);
static_assert(sizeof(MetadataEntry) % alignof(EndpointEntry) == 0);

} // namespace stellmap
