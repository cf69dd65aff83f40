#pragma once

#include "instancerecord_p.h"

#include <QByteArrayView>

#include <string>
#include <vector>

namespace stellmap {

class TextPool;

/*!
 * Assembles an InstanceRecord from UTF-8 pieces (a JSON decoder's strings,
 * an Instance's texts) without building QStrings: repeated texts are taken
 * from the pool, the others copied once into the record. Reusable: take()
 * leaves it empty for the next record.
 */
class InstanceRecordBuilder
{
public:
    explicit InstanceRecordBuilder(TextPool *pool);
    ~InstanceRecordBuilder();
    InstanceRecordBuilder(const InstanceRecordBuilder &) = delete;
    InstanceRecordBuilder &operator=(const InstanceRecordBuilder &) = delete;

    //! Sets a part of the identity; a second call replaces the first.
    void setIdentity(InstanceRecord::IdentityPart part, QByteArrayView utf8);
    void setZone(QByteArrayView utf8);
    void setInstanceId(QByteArrayView utf8);
    void addLabel(QByteArrayView key, QByteArrayView value);
    void addMetadata(QByteArrayView key, QByteArrayView value);
    void addEndpoint(QByteArrayView name, QByteArrayView protocol, QByteArrayView host, qint32 port,
                     QByteArrayView path, qint32 weight);
    //! Forgets the labels added so far (a JSON member given twice: the last one counts).
    void clearLabels();
    void clearMetadata();
    void clearEndpoints();
    void setLeaseTtlSeconds(qint64 seconds) { m_leaseTtlSeconds = seconds; }
    void setRegisteredAtUnix(qint64 unix) { m_registeredAtUnix = unix; }
    void setLastHeartbeatUnix(qint64 unix) { m_lastHeartbeatUnix = unix; }

    //! The record of everything set since the last take() or clear().
    InstanceRecord take();
    void clear();

private:
    TextSpan appendBytes(QByteArrayView utf8);
    /*!
     * The pooled text for \a utf8, looked up first in the slot's memory of
     * the previous record: consecutive records mostly repeat the same label
     * keys, zones and services, and a byte comparison is cheaper than a hash.
     */
    const SharedText *intern(QByteArrayView utf8, int slot);
    //! The pooled identity of the parts set, with a reference for the record; clears them.
    const SharedIdentity *takeIdentity();
    //! Sorts entries by key bytes; a repeated key keeps its last entry.
    template<typename Entry>
    static void sortUnique(std::vector<Entry> &entries);

    TextPool *m_pool;
    //! The last text seen in each slot (a reference each).
    static constexpr int SlotCount = 64;
    static constexpr int ZoneSlot = 0;
    const SharedText *m_slots[SlotCount] = {};
    std::string m_identity[SharedIdentity::PartCount];
    const SharedText *m_zone = nullptr;
    //! The identity of the last record (a reference), for the next one to share.
    const SharedIdentity *m_lastIdentity = nullptr;
    std::string m_bytes;
    TextSpan m_instanceId;
    std::vector<LabelEntry> m_labels;
    std::vector<MetadataEntry> m_metadata;
    std::vector<EndpointEntry> m_endpoints;
    qint64 m_leaseTtlSeconds = 0;
    qint64 m_registeredAtUnix = 0;
    qint64 m_lastHeartbeatUnix = 0;
};

} // namespace stellmap
