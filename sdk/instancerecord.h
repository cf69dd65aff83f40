#pragma once

#include "instance.h"
#include "leasetimes.h"

#include <QByteArrayView>

#include <optional>
#include <utility>

namespace stellmap {

class JsonWriter;
class TextPool;

/*!
 * An instance as the Directory and the watch stream keep it: one immutable,
 * implicitly shared allocation of a few hundred bytes instead of the two
 * dozen QStrings, two QMaps and a list of an Instance. Texts that repeat
 * across instances (namespace, service and its parts, zone, label keys and
 * values, metadata keys, endpoint names, protocols and paths) are
 * SharedTexts from a TextPool; the others (instance id, metadata values,
 * hosts) are stored inline as UTF-8.
 *
 * Labels and metadata are kept in UTF-8 byte order of their keys (the
 * server's JSON order); a key given twice keeps its last value. Copying is
 * one reference count; a null record stands for "no instance".
 *
 * Build one with fromInstance() or an InstanceRecordBuilder; toInstance()
 * gives the full value type back.
 */
class InstanceRecord
{
public:
    InstanceRecord() noexcept = default;
    InstanceRecord(const InstanceRecord &other) noexcept;
    InstanceRecord(InstanceRecord &&other) noexcept
        : d(std::exchange(other.d, nullptr))
    {}
    InstanceRecord &operator=(const InstanceRecord &other) noexcept;
    InstanceRecord &operator=(InstanceRecord &&other) noexcept;
    ~InstanceRecord();

    //! \a instance as a record; repeated texts come from \a pool when given.
    static InstanceRecord fromInstance(const Instance &instance, TextPool *pool = nullptr);
    Instance toInstance() const;

    bool isNull() const { return !d; }
    //! The same shared record, not merely an equal one.
    bool isSameObject(const InstanceRecord &other) const { return d == other.d; }
    explicit operator bool() const { return d != nullptr; }

    QString namespaceName() const;
    QString service() const;
    //! The service name and its structured parts.
    ServiceName serviceName() const;
    QString instanceId() const;
    InstanceKey key() const;
    QString zone() const;
    //! The identity texts, in the order of the server's JSON members.
    enum class IdentityPart
    {
        Namespace,
        Service,
        Organization,
        BusinessDomain,
        CapabilityDomain,
        Application,
        Role
    };
    QByteArrayView identityUtf8(IdentityPart part) const;
    QString identityText(IdentityPart part) const;
    QByteArrayView namespaceUtf8() const;
    QByteArrayView serviceUtf8() const;
    QByteArrayView instanceIdUtf8() const;
    QByteArrayView zoneUtf8() const;

    int labelCount() const;
    QByteArrayView labelKeyUtf8(int i) const;
    QByteArrayView labelValueUtf8(int i) const;
    QString labelKey(int i) const;
    QString labelValue(int i) const;
    //! The value of label \a key; std::nullopt when the instance has no such label.
    std::optional<QByteArrayView> labelUtf8(QByteArrayView key) const;
    StringMap labels() const;

    int metadataCount() const;
    QByteArrayView metadataKeyUtf8(int i) const;
    QByteArrayView metadataValueUtf8(int i) const;
    StringMap metadata() const;

    int endpointCount() const;
    Endpoint endpoint(int i) const;
    QByteArrayView endpointHostUtf8(int i) const;
    QList<Endpoint> endpoints() const;

    qint64 leaseTtlSeconds() const;
    qint64 registeredAtUnix() const;
    qint64 lastHeartbeatUnix() const;
    LeaseTimes leaseTimes() const;
    qint64 expiresAtUnix() const { return leaseTimes().expiresAtUnix(); }
    bool isAlive(qint64 nowUnix) const { return leaseTimes().isAlive(nowUnix); }

    //! Exactly as Instance::writeJson() writes the same instance.
    void writeJson(JsonWriter &writer) const;
    QByteArray toJson() const;

    //! Namespace, service, its parts and instance id are equal.
    bool sameIdentity(const InstanceRecord &other) const;
    bool sameZone(const InstanceRecord &other) const;
    bool sameLabels(const InstanceRecord &other) const;
    bool sameMetadata(const InstanceRecord &other) const;
    bool sameEndpoints(const InstanceRecord &other) const;
    friend bool operator==(const InstanceRecord &a, const InstanceRecord &b);

    //! Hints that the record will be read soon (a cache prefetch; no effect otherwise).
    void prefetch() const
    {
        if (d) {
            __builtin_prefetch(d);
            __builtin_prefetch(reinterpret_cast<const char *>(d) + 64);
        }
    }
    //! Size of the record's own allocation (shared texts not included).
    qsizetype allocatedBytes() const;

    struct Data;

private:
    friend class InstanceRecordBuilder;
    explicit InstanceRecord(Data *data)
        : d(data)
    {}

    Data *d = nullptr;
};

} // namespace stellmap
