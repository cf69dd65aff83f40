#pragma once

#include "directory.h"
#include "profile.h"
#include "registerrequest.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

class Workspace;

namespace stellmap {
class WriteReply;
}

/*!
 * The write side of the browser for one profile: register, heartbeat (once
 * or kept alive), hard drain (deregister) verified from the live stream, and
 * soft drain (a `drain=true` label that the agent's heartbeats keep).
 *
 * Nothing is sent in a read-only profile. Every write that was tried ends in
 * exactly one recorded() signal (for the audit log and the status bar).
 */
class Operations : public QObject
{
    Q_OBJECT

public:
    //! What a hard drain has come to, as seen on the stream.
    enum class DrainState
    {
        None,
        //! Deregister sent or accepted; the delete event has not arrived yet.
        Draining,
        //! The delete event arrived; watched for a comeback for reRegisterWindowMs().
        Drained,
        //! Registered again within the window: the drain did not stick.
        Returned,
    };
    Q_ENUM(DrainState)

    //! One write and how it ended.
    struct Result
    {
        QString action;
        stellmap::InstanceRef ref;
        //! "ok", or the client's or server's error code.
        QString code;
        QString message;
        QString requestId;
        QString server;
        bool maybeApplied = false;

        bool ok() const { return code == QLatin1String("ok"); }
    };

    //! The label a soft drain sets.
    static QString drainLabel() { return QStringLiteral("drain"); }

    Operations(Workspace *workspace, const Profile &profile, QObject *parent = nullptr);
    ~Operations() override;

    const Profile &profile() const { return m_profile; }
    bool isReadOnly() const { return m_profile.readOnly; }

    /*!
     * Registers \a request (already checked by the caller's form). The reply
     * belongs to the client; Operations records it when it finishes. nullptr
     * in a read-only profile.
     */
    stellmap::WriteReply *registerInstance(const stellmap::RegisterRequest &request,
                                           const QString &action = QStringLiteral("register"));
    //! One renewal of each instance.
    void heartbeat(const QList<stellmap::InstanceRef> &refs);
    /*!
     * Renews \a ref every third of its lease until switched off, the
     * profile closes, or the server answers not_found (keepAliveStopped()).
     */
    void setKeepAlive(const stellmap::InstanceRef &ref, bool on);
    bool isKeptAlive(const stellmap::InstanceRef &ref) const { return m_keepAlive.contains(ref); }
    //! Hard drain: deregisters each; drainState() follows the stream.
    void drain(const QList<stellmap::InstanceRef> &refs);
    //! Registers each again as it is, plus `drain=true`.
    void softDrain(const QList<stellmap::InstanceRef> &refs);
    //! Registers each again as it is, without the `drain` label.
    void undrain(const QList<stellmap::InstanceRef> &refs);

    DrainState drainState(const stellmap::InstanceRef &ref) const;
    //! What the tree shows beside the health: "draining", "kept alive", ...
    QString note(const stellmap::InstanceRef &ref) const;
    //! How long a drained instance is watched for a comeback (default 60 s).
    void setReRegisterWindowMs(int ms) { m_reRegisterWindowMs = ms; }
    int reRegisterWindowMs() const { return m_reRegisterWindowMs; }
    //! Keep-alive period for tests; 0 = a third of the lease (at least 1 s).
    void setKeepAliveIntervalMs(int ms) { m_keepAliveIntervalMs = ms; }

Q_SIGNALS:
    //! A write ended (once per write that was sent or refused by validation).
    void recorded(const Operations::Result &result);
    //! note() or drainState() of \a ref changed.
    void noteChanged(const stellmap::InstanceRef &ref);
    //! \a ref came back within the window after its drain was seen: its agent re-registered it.
    void drainDidNotStick(const stellmap::InstanceRef &ref);
    //! Keep-alive of \a ref ended by itself (not_found), with the reason.
    void keepAliveStopped(const stellmap::InstanceRef &ref, const QString &reason);

private:
    struct Drain
    {
        DrainState state = DrainState::None;
        qint64 drainedAtMs = 0;
    };
    struct KeepAlive
    {
        QTimer *timer = nullptr;
        bool inFlight = false;
    };

    //! Records \a reply when it finishes, then calls \a done (may be empty).
    void track(stellmap::WriteReply *reply, const QString &action, const stellmap::InstanceRef &ref,
               const std::function<void(const Result &)> &done);
    void refuse(const QString &action, const stellmap::InstanceRef &ref, const QString &code,
                const QString &message);
    //! True (and recorded) when the profile is read-only.
    bool refusedAsReadOnly(const QString &action, const stellmap::InstanceRef &ref);
    void relabel(const QList<stellmap::InstanceRef> &refs, const QString &action, bool drained);
    void sendHeartbeat(const stellmap::InstanceRef &ref, const QString &action);
    void onRemoved(const QList<stellmap::InstanceRef> &refs);
    void onAdded(const QList<stellmap::InstanceRef> &refs);
    void onNamespaceReset(const QString &namespaceName);
    void onChanged(const QList<stellmap::Directory::Change> &changes);
    void markDrained(const stellmap::InstanceRef &ref);
    void setDrainState(const stellmap::InstanceRef &ref, DrainState state);
    void expireDrains();

    Workspace *m_workspace;
    Profile m_profile;
    QHash<stellmap::InstanceRef, Drain> m_drains;
    QHash<stellmap::InstanceRef, KeepAlive> m_keepAlive;
    struct Pending
    {
        QString action;
        stellmap::InstanceRef ref;
    };
    //! Writes sent and not yet recorded.
    QHash<const stellmap::WriteReply *, Pending> m_pending;
    QTimer m_drainWatch;
    int m_reRegisterWindowMs = 60000;
    int m_keepAliveIntervalMs = 0;
};
