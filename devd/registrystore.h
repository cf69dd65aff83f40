#pragma once

#include "heartbeatrequest.h"
#include "instance.h"
#include "registerrequest.h"
#include "registrychange.h"
#include "statefile.h"

#include <QObject>

#include <map>
#include <memory>
#include <optional>

namespace stellmap {

/*!
 * The replicated state of stellmap-devd: instances keyed exactly like the
 * server's state machine ("/registry/<ns>/<service>/<id>", byte order) and
 * the applied index that serves as revision.
 *
 * Every change takes the next index, like a Raft log entry. With a state file
 * the change is on disk before the caller acknowledges it.
 */
class RegistryStore : public QObject
{
    Q_OBJECT

public:
    using Items = StateFile::Items;

    explicit RegistryStore(QObject *parent = nullptr);
    ~RegistryStore() override;

    //! Attaches a state file and loads it; false with a message when it is unusable.
    bool openStateFile(const QString &path, QString *error);
    //! True when a state file held at least one change.
    bool restored() const { return m_restored; }

    quint64 appliedIndex() const { return m_appliedIndex; }
    //! The highest term of a leader entry so far (kept in the state file).
    quint64 term() const { return m_term; }
    const Items &items() const { return m_items; }
    const Instance *find(const QByteArray &key) const;

    //! Applies a change; returns its revision, or 0 with \a error when it could not be stored.
    quint64 put(const QByteArray &key, const Instance &value, QString *error);
    quint64 remove(const QByteArray &key, QString *error);
    /*!
     * An entry that changes no instance: a new leader's empty entry (with its
     * \a term) or a membership change (term 0).
     */
    quint64 appendNoop(quint64 term, QString *error);

    //! Stores a normalized register request as the server does (lease starts now).
    quint64 registerInstance(const RegisterRequest &request, qint64 nowUnix, QString *error);
    /*!
     * Renews the lease of an existing instance (found even when expired but
     * not yet cleaned up); a positive TTL replaces the stored one. Returns 0
     * without an error when there is no such instance.
     */
    quint64 renewLease(const HeartbeatRequest &request, qint64 nowUnix, QString *error);

    /*!
     * One round of the leader's lease cleanup: scans up to \a limit keys from
     * \a cursor (where this node's last round stopped; empty: the start),
     * deletes the expired ones among them and moves the cursor on. Returns
     * how many were deleted.
     */
    int cleanupExpired(qint64 nowUnix, int limit, QByteArray *cursor);

    static QByteArray key(const QString &namespaceName, const QString &service,
                          const QString &instanceId);
    static QByteArray key(const InstanceKey &key);
    //! "/registry/<namespace>/"
    static QByteArray namespacePrefix(const QString &namespaceName);
    /*!
     * Splits a key into its three parts; false when it does not have exactly
     * three non-blank parts (a name with '/'), which never makes a watch event.
     */
    static bool parseKey(const QByteArray &key, QString *namespaceName, QString *service,
                         QString *instanceId);

Q_SIGNALS:
    //! Emitted after each applied change, in revision order.
    void changeApplied(const stellmap::RegistryChange &change);

private:
    quint64 apply(RegistryChange change, QString *error);

    Items m_items;
    quint64 m_appliedIndex = 0;
    quint64 m_term = 0;
    std::unique_ptr<StateFile> m_stateFile;
    bool m_restored = false;
};

} // namespace stellmap
