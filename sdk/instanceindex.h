#pragma once

#include "instancerecord.h"

#include <QByteArrayView>

#include <limits>
#include <vector>

namespace stellmap {

/*!
 * The Directory's index of one namespace: (service, instanceId) → instance,
 * an open-addressing table whose slots hold the record itself, so a lookup
 * touches one slot and the record instead of a bucket, a node and the
 * record. A 100k-instance namespace takes an event storm largely in cache
 * misses: fewer of them is what makes it fast. Entry pointers stay valid
 * until the next insert() or erase().
 */
class InstanceIndex
{
public:
    struct Entry
    {
        InstanceRecord record;
        //! Revision of the last change applied.
        quint64 revision = 0;
        //! When the lease runs out (the server's Unix seconds): checked every
        //! second for every instance, without reading the records.
        qint64 leaseEndUnix = 0;
        //! Its lease ran out by the server's clock (reported once).
        bool expired = false;

        void setRecord(const InstanceRecord &newRecord)
        {
            record = newRecord;
            const LeaseTimes lease = newRecord.leaseTimes();
            leaseEndUnix =
                lease.startUnix() > 0 ? lease.expiresAtUnix() : std::numeric_limits<qint64>::max();
        }
        //! LeaseTimes::isAlive() of the record.
        bool isAlive(qint64 nowUnix) const { return nowUnix <= 0 || nowUnix <= leaseEndUnix; }
    };
    //! What an instance is found by, with its hash.
    struct Key
    {
        QByteArrayView service;
        QByteArrayView instanceId;
        size_t hash = 0;
    };

    static Key keyOf(QByteArrayView service, QByteArrayView instanceId);
    static Key keyOf(const InstanceRecord &record)
    {
        return keyOf(record.serviceUtf8(), record.instanceIdUtf8());
    }

    Entry *find(const Key &key);
    const Entry *find(const Key &key) const { return const_cast<InstanceIndex *>(this)->find(key); }
    //! The entry of \a key, inserted with \a record when absent (second: true).
    std::pair<Entry *, bool> insert(const Key &key, const InstanceRecord &record);
    void erase(Entry *entry);
    void clear();
    void reserve(qsizetype count);
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    //! Hints that \a key will be looked up soon (events are applied in batches).
    void prefetch(const Key &key) const;
    //! Hints that the record of \a key will be read soon (its slot should be in cache).
    void prefetchRecord(const Key &key) const;

    template<typename Visit>
    void forEach(Visit &&visit)
    {
        for (Slot &slot : m_slots) {
            if (slot.entry.record) {
                visit(slot.entry);
            }
        }
    }
    template<typename Visit>
    void forEach(Visit &&visit) const
    {
        for (const Slot &slot : m_slots) {
            if (slot.entry.record) {
                visit(slot.entry);
            }
        }
    }

private:
    struct Slot
    {
        size_t hash = 0;
        Entry entry; // empty while entry.record is null
    };
    static bool matches(const Slot &slot, const Key &key);
    void grow();
    size_t mask() const { return m_slots.size() - 1; }

    std::vector<Slot> m_slots;
    qsizetype m_size = 0;
};

} // namespace stellmap
