#include "instanceindex.h"

#include <QHashFunctions>

#include <bit>

namespace stellmap {

InstanceIndex::Key InstanceIndex::keyOf(QByteArrayView service, QByteArrayView instanceId)
{
    return {service, instanceId, qHashMulti(0, service, instanceId)};
}

bool InstanceIndex::matches(const Slot &slot, const Key &key)
{
    // The id first: it is in the record's own bytes, the service behind a pointer.
    return slot.hash == key.hash && slot.entry.record.instanceIdUtf8() == key.instanceId &&
           slot.entry.record.serviceUtf8() == key.service;
}

InstanceIndex::Entry *InstanceIndex::find(const Key &key)
{
    if (m_slots.empty()) {
        return nullptr;
    }
    for (size_t i = key.hash & mask();; i = (i + 1) & mask()) {
        Slot &slot = m_slots[i];
        if (!slot.entry.record) {
            return nullptr;
        }
        if (matches(slot, key)) {
            return &slot.entry;
        }
    }
}

void InstanceIndex::prefetch(const Key &key) const
{
    if (!m_slots.empty()) {
        __builtin_prefetch(&m_slots[key.hash & mask()]);
    }
}

void InstanceIndex::prefetchRecord(const Key &key) const
{
    if (const Entry *entry = find(key)) {
        entry->record.prefetch();
    }
}

std::pair<InstanceIndex::Entry *, bool> InstanceIndex::insert(const Key &key,
                                                              const InstanceRecord &record)
{
    // At most three quarters full: probes stay short.
    if (size_t(m_size + 1) * 4 > m_slots.size() * 3) {
        grow();
    }
    for (size_t i = key.hash & mask();; i = (i + 1) & mask()) {
        Slot &slot = m_slots[i];
        if (!slot.entry.record) {
            slot.hash = key.hash;
            slot.entry.setRecord(record);
            ++m_size;
            return {&slot.entry, true};
        }
        if (matches(slot, key)) {
            return {&slot.entry, false};
        }
    }
}

void InstanceIndex::erase(Entry *entry)
{
    // Linear probing without tombstones: later slots of the same run move back.
    auto *slot = reinterpret_cast<Slot *>(reinterpret_cast<char *>(entry) - offsetof(Slot, entry));
    size_t hole = size_t(slot - m_slots.data());
    m_slots[hole] = Slot();
    --m_size;
    for (size_t next = (hole + 1) & mask(); m_slots[next].entry.record;
         next = (next + 1) & mask()) {
        const size_t home = m_slots[next].hash & mask();
        // Move it back unless its home lies after the hole (cyclically) up to itself.
        const bool stays =
            hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
        if (!stays) {
            m_slots[hole] = std::move(m_slots[next]);
            m_slots[next] = Slot();
            hole = next;
        }
    }
}

void InstanceIndex::clear()
{
    m_slots.clear();
    m_size = 0;
}

void InstanceIndex::reserve(qsizetype count)
{
    const size_t wanted = std::bit_ceil(size_t(count) * 4 / 3 + 1);
    if (wanted <= m_slots.size()) {
        return;
    }
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.resize(qMax<size_t>(wanted, 16));
    m_size = 0;
    for (Slot &slot : old) {
        if (slot.entry.record) {
            for (size_t i = slot.hash & mask();; i = (i + 1) & mask()) {
                if (!m_slots[i].entry.record) {
                    m_slots[i] = std::move(slot);
                    ++m_size;
                    break;
                }
            }
        }
    }
}

void InstanceIndex::grow()
{
    reserve(qMax<qsizetype>(16, m_size * 2));
}

} // namespace stellmap
