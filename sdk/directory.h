#pragma once

#include "instance.h"
#include "instanceindex.h"
#include "instancerecord.h"
#include "textpool.h"
#include "watchevent.h"

#include <QFlags>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <optional>

namespace stellmap {

//! Names one instance in a Directory: (namespace, service, instanceId).
struct InstanceRef
{
    QString namespaceName;
    QString service;
    QString instanceId;

    static InstanceRef of(const InstanceKey &key);
    //! The identity to send in a request (normalize() fills the structured parts).
    InstanceKey key() const;

    friend bool operator==(const InstanceRef &, const InstanceRef &) = default;
};

size_t qHash(const InstanceRef &ref, size_t seed = 0);

/*!
 * The local copy of watched namespaces: namespace → service → instance, fed
 * by snapshots and watch events (see WatchSession), read by models.
 *
 * Events apply in order; a duplicate or an event older than what is stored
 * for that instance is ignored, as is a delete of an unknown instance (a
 * filtered stream sends those). Each applySnapshot()/applyEvents() call
 * ends with at most one signal of each kind, carrying the net effect of the
 * whole batch: removed first, then added, then changed. A model that applies
 * them in that order stays equal to the directory.
 *
 * Lease expiry is tracked locally with the server's clock: an instance past
 * lastHeartbeat + TTL is reported once through leasesExpired() and stays
 * until the server deletes it (or renews it).
 *
 * Instances are kept as the InstanceRecords the watch stream decoded
 * (shared, not copied); the change signals are only prepared when something
 * is connected to them.
 */
class Directory : public QObject
{
    Q_OBJECT

public:
    enum ChangedField
    {
        ZoneChanged = 0x1,
        LabelsChanged = 0x2,
        MetadataChanged = 0x4,
        EndpointsChanged = 0x8,
        //! The lease TTL.
        LeaseChanged = 0x10,
        //! lastHeartbeatUnix (a renewal).
        HeartbeatChanged = 0x20,
        //! registeredAtUnix (registered again).
        RegisteredChanged = 0x40,
        //! The structured parts of the service name.
        IdentityChanged = 0x80,
    };
    Q_DECLARE_FLAGS(ChangedFields, ChangedField)
    Q_FLAG(ChangedFields)

    struct Change
    {
        InstanceRef ref;
        ChangedFields fields;
    };

    explicit Directory(QObject *parent = nullptr);
    ~Directory() override;

    /*!
     * Makes \a namespaceName hold exactly \a instances at \a revision (a
     * fresh stream's snapshot, or a resync: the revision may go back). A
     * namespace that held nothing emits namespaceReset(); otherwise the
     * difference is emitted as removed / added / changed.
     */
    void applySnapshot(const QString &namespaceName, quint64 revision,
                       const QList<InstanceRecord> &instances);
    //! Convenience for instances not from a stream.
    void applySnapshot(const QString &namespaceName, quint64 revision,
                       const QList<Instance> &instances);
    //! Applies upserts and deletes in order (snapshots go to applySnapshot()).
    void applyEvents(const QList<WatchEvent> &events);
    //! Forgets a namespace (no longer watched); emits namespaceReset().
    void removeNamespace(const QString &namespaceName);

    //! The newest revision applied to \a namespaceName; 0 when none.
    quint64 revision(const QString &namespaceName) const;
    qsizetype size() const { return m_size; }
    qsizetype size(const QString &namespaceName) const;
    //! Sorted.
    QStringList namespaces() const;
    //! Sorted.
    QStringList services(const QString &namespaceName) const;
    //! Sorted.
    QStringList instanceIds(const QString &namespaceName, const QString &service) const;
    //! The instance \a ref names; a null record when unknown.
    InstanceRecord find(const InstanceRef &ref) const;
    //! Revision of the last change of \a ref; 0 when unknown.
    quint64 changeRevision(const InstanceRef &ref) const;
    /*!
     * Every instance of \a namespaceName in the server's query order (UTF-8
     * byte order of service/instanceId).
     */
    QList<Instance> instances(const QString &namespaceName) const;
    //! Like instances(), without converting the records.
    QList<InstanceRecord> records(const QString &namespaceName) const;
    //! Every instance of \a namespaceName in no particular order (cheap: shared records).
    QList<InstanceRecord> unorderedRecords(const QString &namespaceName) const;

    //! Server clock minus local clock (see StellMapClient::serverClockOffsetMs()).
    void setServerClockOffsetMs(qint64 offsetMs) { m_clockOffsetMs = offsetMs; }
    qint64 serverClockOffsetMs() const { return m_clockOffsetMs; }
    qint64 serverNowUnix() const;
    //! True once the lease of \a ref ran out (by the server's clock) and no renewal came.
    bool isExpired(const InstanceRef &ref) const;
    /*!
     * Whether \a namespaceName's stream is live. A stale copy misses
     * renewals, so while it is not live its leases are judged as of the moment
     * it stopped being live: nothing expires just because the connection is down.
     */
    void setLive(const QString &namespaceName, bool live);
    //! The server time at which leases of \a namespaceName are judged (see setLive()).
    qint64 leaseNowUnix(const QString &namespaceName) const;
    //! Checks leases now (also done every second).
    void checkLeases();

Q_SIGNALS:
    //! \a namespaceName was replaced or forgotten as a whole: rebuild its view.
    void namespaceReset(const QString &namespaceName);
    void instancesRemoved(const QList<stellmap::InstanceRef> &refs);
    void instancesAdded(const QList<stellmap::InstanceRef> &refs);
    void instancesChanged(const QList<stellmap::Directory::Change> &changes);
    //! These leases ran out by the server's clock (each reported once).
    void leasesExpired(const QList<stellmap::InstanceRef> &refs);
    void revisionChanged(const QString &namespaceName, quint64 revision);

private:
    using Entry = InstanceIndex::Entry;
    struct Namespace
    {
        InstanceIndex entries;
        quint64 revision = 0;
    };
    //! Net effect on one instance within a batch.
    struct Pending
    {
        bool existedBefore = false;
        bool existsNow = false;
        ChangedFields fields;
    };
    //! Only kept while something listens to the change signals.
    using Batch = QHash<InstanceRef, Pending>;

    const Entry *entry(const InstanceRef &ref) const;
    void upsert(const QString &ns, Namespace &space, const InstanceIndex::Key &key,
                const InstanceRecord &record, quint64 revision, Batch *batch);
    void remove(const QString &ns, Namespace &space, const InstanceIndex::Key &key,
                quint64 revision, Batch *batch);
    static void track(Batch *batch, const QString &ns, const InstanceRecord &record,
                      bool existedBefore, bool existsNow, ChangedFields fields);
    //! A batch to fill when something listens to the change signals, else nullptr.
    std::optional<Batch> newBatch() const;
    void emitBatch(const Batch &batch);
    static ChangedFields difference(const InstanceRecord &before, const InstanceRecord &after);

    std::map<QString, Namespace> m_namespaces;
    qsizetype m_size = 0;
    qint64 m_clockOffsetMs = 0;
    QTimer m_leaseTimer;
    //! Texts of instances given as Instance values.
    TextPool m_texts;
    //! Namespaces that are not live, and the server time they stopped being live.
    QHash<QString, qint64> m_staleSince;
};

} // namespace stellmap

Q_DECLARE_OPERATORS_FOR_FLAGS(stellmap::Directory::ChangedFields)
