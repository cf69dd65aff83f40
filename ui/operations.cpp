#include "operations.h"

#include "deregisterrequest.h"
#include "heartbeatrequest.h"
#include "stellmapclient.h"
#include "workspace.h"
#include "writereply.h"

#include <algorithm>
#include <limits>
#include <memory>

using namespace stellmap;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

//! The server URL as it may be recorded: no user info, query or fragment.
QString recordableServer(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

} // namespace

Operations::Operations(Workspace *workspace, const Profile &profile, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_profile(profile)
{
    m_profile.token.clear(); // not needed here; keeps it out of every copy
    Directory *directory = workspace->directory();
    connect(directory, &Directory::instancesRemoved, this, &Operations::onRemoved);
    connect(directory, &Directory::instancesAdded, this, &Operations::onAdded);
    connect(directory, &Directory::namespaceReset, this, &Operations::onNamespaceReset);
    connect(directory, &Directory::instancesChanged, this, &Operations::onChanged);
    connect(&m_drainWatch, &QTimer::timeout, this, &Operations::expireDrains);
}

Operations::~Operations()
{
    // Every write ends in one recorded(): those still on the way are said to be unknown.
    const auto pending = std::exchange(m_pending, {});
    for (const Pending &write : pending) {
        Result result;
        result.action = write.action;
        result.ref = write.ref;
        result.code = QStringLiteral("aborted");
        result.message =
            QStringLiteral("the window closed before the answer came; it may have been applied");
        result.maybeApplied = true;
        Q_EMIT recorded(result);
    }
}

void Operations::refuse(const QString &action, const InstanceRef &ref, const QString &code,
                        const QString &message)
{
    Result result;
    result.action = action;
    result.ref = ref;
    result.code = code;
    result.message = message;
    Q_EMIT recorded(result);
}

bool Operations::refusedAsReadOnly(const QString &action, const InstanceRef &ref)
{
    if (m_profile.readOnly) {
        refuse(action, ref, QStringLiteral("read_only"),
               QStringLiteral("profile \"%1\" is read-only: nothing was sent").arg(m_profile.name));
    }
    return m_profile.readOnly;
}

void Operations::track(WriteReply *reply, const QString &action, const InstanceRef &ref,
                       const std::function<void(const Result &)> &done)
{
    m_pending.insert(reply, {action, ref});
    const auto finish = [this, reply, done](Result result) {
        if (!m_pending.remove(reply)) {
            return; // already recorded
        }
        if (done) {
            done(result);
        }
        Q_EMIT recorded(result);
    };
    connect(reply, &StellMapReply::finished, this, [reply, action, ref, finish] {
        Result result;
        result.action = action;
        result.ref = ref;
        result.code = reply->error() == ClientError::NoError ? QStringLiteral("ok") : reply->code();
        result.message =
            reply->error() == ClientError::NoError ? reply->serverMessage() : reply->errorString();
        result.requestId = reply->requestId();
        result.server = recordableServer(reply->server());
        result.maybeApplied = reply->maybeApplied();
        reply->deleteLater();
        finish(result);
    });
    // Someone stopped waiting and deleted the reply first: the write may still land.
    connect(reply, &QObject::destroyed, this, [action, ref, finish] {
        Result result;
        result.action = action;
        result.ref = ref;
        result.code = QStringLiteral("aborted");
        result.message = QStringLiteral("stopped waiting for the answer; it may have been applied");
        result.maybeApplied = true;
        finish(result);
    });
}

WriteReply *Operations::registerInstance(const RegisterRequest &request, const QString &action)
{
    const InstanceRef ref = InstanceRef::of(request.key);
    if (refusedAsReadOnly(action, ref)) {
        return nullptr;
    }
    RegisterRequest checked = request;
    if (const ValidationError error = checked.normalize()) {
        refuse(action, ref, QStringLiteral("validation"), error.toString());
        return nullptr;
    }
    WriteReply *reply = m_workspace->client()->registerInstance(checked);
    track(reply, action, InstanceRef::of(checked.key), {});
    return reply;
}

void Operations::heartbeat(const QList<InstanceRef> &refs)
{
    for (const InstanceRef &ref : refs) {
        sendHeartbeat(ref, QStringLiteral("heartbeat"));
    }
}

void Operations::sendHeartbeat(const InstanceRef &ref, const QString &action)
{
    if (refusedAsReadOnly(action, ref)) {
        return;
    }
    HeartbeatRequest request;
    request.key = ref.key();
    track(m_workspace->client()->heartbeat(request), action, ref, [this, ref](const Result &r) {
        auto it = m_keepAlive.find(ref);
        if (it == m_keepAlive.end()) {
            return;
        }
        it->inFlight = false;
        if (r.code == QLatin1String("not_found")) {
            // The registry no longer has it: renewing cannot bring it back.
            setKeepAlive(ref, false);
            Q_EMIT keepAliveStopped(ref, QStringLiteral("%1 is no longer registered (not_found): "
                                                        "keep-alive stopped")
                                             .arg(ref.instanceId));
        }
    });
}

void Operations::setKeepAlive(const InstanceRef &ref, bool on)
{
    if (on == m_keepAlive.contains(ref)) {
        return;
    }
    if (!on) {
        delete m_keepAlive.take(ref).timer;
        Q_EMIT noteChanged(ref);
        return;
    }
    if (refusedAsReadOnly(QStringLiteral("keep-alive"), ref)) {
        return;
    }
    int interval = m_keepAliveIntervalMs;
    if (interval <= 0) {
        const InstanceRecord instance = m_workspace->directory()->find(ref);
        const qint64 ttl = instance ? instance.leaseTimes().effectiveTtl() : DefaultLeaseTtlSeconds;
        interval =
            int(qBound<qint64>(1000, ttl * 1000 / 3, qint64(std::numeric_limits<int>::max())));
    }
    auto *timer = new QTimer(this);
    timer->setInterval(interval);
    m_keepAlive.insert(ref, {timer, false});
    const auto beat = [this, ref] {
        auto it = m_keepAlive.find(ref);
        if (it != m_keepAlive.end() && !it->inFlight) {
            it->inFlight = true; // a slow answer never piles up renewals
            sendHeartbeat(ref, QStringLiteral("keep-alive"));
        }
    };
    connect(timer, &QTimer::timeout, this, beat);
    timer->start();
    beat();
    Q_EMIT noteChanged(ref);
}

void Operations::drain(const QList<InstanceRef> &refs)
{
    for (const InstanceRef &ref : refs) {
        if (refusedAsReadOnly(QStringLiteral("deregister"), ref)) {
            continue;
        }
        setKeepAlive(ref, false); // renewing what is being drained would fight it
        setDrainState(ref, DrainState::Draining);
        DeregisterRequest request;
        request.key = ref.key();
        track(m_workspace->client()->deregisterInstance(request), QStringLiteral("deregister"), ref,
              [this, ref](const Result &result) {
                  if (!result.ok() && !result.maybeApplied) {
                      setDrainState(ref, DrainState::None); // it surely did not happen
                  } else if (result.ok() && drainState(ref) == DrainState::Draining &&
                             !m_workspace->directory()->find(ref)) {
                      markDrained(ref); // the delete event came first, or it was never shown
                  }
              });
    }
}

void Operations::softDrain(const QList<InstanceRef> &refs)
{
    relabel(refs, QStringLiteral("soft-drain"), true);
}

void Operations::undrain(const QList<InstanceRef> &refs)
{
    // A service's instances: only those that carry the label are meant.
    QList<InstanceRef> drained;
    for (const InstanceRef &ref : refs) {
        const InstanceRecord instance = m_workspace->directory()->find(ref);
        if (instance && instance.labelUtf8(drainLabel().toUtf8())) {
            drained.append(ref);
        }
    }
    relabel(drained.isEmpty() ? refs.mid(0, 1) : drained, QStringLiteral("undrain"), false);
}

void Operations::relabel(const QList<InstanceRef> &refs, const QString &action, bool drained)
{
    for (const InstanceRef &ref : refs) {
        const InstanceRecord instance = m_workspace->directory()->find(ref);
        if (!instance) {
            refuse(action, ref, QStringLiteral("not_found"),
                   QStringLiteral("%1 is not in the live view: nothing to re-register")
                       .arg(ref.instanceId));
            continue;
        }
        // Re-registered from what the stream shows now, so only the label changes.
        RegisterRequest request = RegisterRequest::fromInstance(instance.toInstance());
        if (drained) {
            request.labels.insert(drainLabel(), QStringLiteral("true"));
        } else if (request.labels.remove(drainLabel()) == 0) {
            refuse(action, ref, QStringLiteral("unchanged"),
                   QStringLiteral("%1 has no drain label").arg(ref.instanceId));
            continue;
        }
        if (registerInstance(request, action) && drainState(ref) != DrainState::None) {
            setDrainState(ref, DrainState::None); // a soft drain replaces the failed hard one
        }
    }
}

Operations::DrainState Operations::drainState(const InstanceRef &ref) const
{
    return m_drains.value(ref).state;
}

QString Operations::note(const InstanceRef &ref) const
{
    QStringList parts;
    switch (drainState(ref)) {
    case DrainState::Draining:
        parts.append(QStringLiteral("draining"));
        break;
    case DrainState::Returned:
        parts.append(QStringLiteral("drain did not stick: re-registered"));
        break;
    case DrainState::None:
    case DrainState::Drained:
        break;
    }
    if (m_keepAlive.contains(ref)) {
        parts.append(QStringLiteral("kept alive"));
    }
    return parts.join(QStringLiteral(" · "));
}

void Operations::setDrainState(const InstanceRef &ref, DrainState state)
{
    if (state == DrainState::None) {
        if (!m_drains.remove(ref)) {
            return;
        }
    } else {
        Drain &drain = m_drains[ref];
        drain.state = state;
        drain.drainedAtMs =
            state == DrainState::Drained || state == DrainState::Returned ? nowMs() : 0;
    }
    Q_EMIT noteChanged(ref);
}

void Operations::markDrained(const InstanceRef &ref)
{
    setDrainState(ref, DrainState::Drained);
    if (!m_drainWatch.isActive()) {
        m_drainWatch.start(qBound(10, m_reRegisterWindowMs / 2, 1000));
    }
}

void Operations::onRemoved(const QList<InstanceRef> &refs)
{
    if (m_drains.isEmpty()) {
        return;
    }
    for (const InstanceRef &ref : refs) {
        if (drainState(ref) == DrainState::Draining) {
            markDrained(ref);
        }
    }
}

void Operations::onAdded(const QList<InstanceRef> &refs)
{
    if (m_drains.isEmpty()) {
        return;
    }
    for (const InstanceRef &ref : refs) {
        const Drain drain = m_drains.value(ref);
        if (drain.state == DrainState::Drained &&
            nowMs() - drain.drainedAtMs <= m_reRegisterWindowMs) {
            setDrainState(ref, DrainState::Returned);
            Q_EMIT drainDidNotStick(ref);
        }
    }
}

void Operations::onChanged(const QList<Directory::Change> &changes)
{
    if (m_drains.isEmpty()) {
        return;
    }
    for (const Directory::Change &change : changes) {
        // Deleted and registered again within one batch (or across a resync) shows
        // up as a change of its registration time: it came back.
        if (change.fields.testFlag(Directory::RegisteredChanged) &&
            drainState(change.ref) == DrainState::Draining) {
            markDrained(change.ref);
            onAdded({change.ref});
        }
    }
}

void Operations::onNamespaceReset(const QString &namespaceName)
{
    // A fresh snapshot replaced the namespace: compare what is shown now.
    QList<InstanceRef> gone;
    QList<InstanceRef> present;
    for (auto it = m_drains.cbegin(); it != m_drains.cend(); ++it) {
        if (it.key().namespaceName == namespaceName) {
            (m_workspace->directory()->find(it.key()) ? present : gone).append(it.key());
        }
    }
    onRemoved(gone);
    onAdded(present);
}

void Operations::expireDrains()
{
    const qint64 now = nowMs();
    QList<InstanceRef> done;
    for (auto it = m_drains.cbegin(); it != m_drains.cend(); ++it) {
        // The warning stays as long as the comeback window, then the row is plain again.
        const bool over = now - it->drainedAtMs > m_reRegisterWindowMs;
        if ((it->state == DrainState::Drained || it->state == DrainState::Returned) && over) {
            done.append(it.key());
        }
    }
    for (const InstanceRef &ref : done) {
        setDrainState(ref, DrainState::None);
    }
    const bool watching = std::any_of(m_drains.cbegin(), m_drains.cend(), [](const Drain &d) {
        return d.state == DrainState::Drained || d.state == DrainState::Returned;
    });
    if (!watching) {
        m_drainWatch.stop();
    }
}
