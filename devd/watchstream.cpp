#include "watchstream.h"

#include "httpconnection.h"
#include "servicename.h"
#include "watchevent.h"

#include <QDateTime>

namespace stellmap {

WatchStream::WatchStream(HttpConnection *connection, ResolvedQuery query, int keepaliveMs,
                         WatchHub *hub)
    : QObject(connection)
    , m_connection(connection)
    , m_query(std::move(query))
    , m_hub(hub)
{
    m_keepalive.setInterval(keepaliveMs);
    connect(&m_keepalive, &QTimer::timeout, this, [this] {
        if (!m_finished) {
            m_connection->writeToStream(QByteArrayLiteral(": keepalive\n\n"));
        }
    });
    connect(connection, &HttpConnection::drained, this, &WatchStream::processBacklog);
    connect(connection, &HttpConnection::closed, this, [this] {
        m_finished = true;
        m_keepalive.stop();
        m_hub->unsubscribe(this);
    });
}

WatchStream::~WatchStream()
{
    m_hub->unsubscribe(this);
}

void WatchStream::writeSnapshot(quint64 revision, const QList<Instance> &instances)
{
    WatchEvent event;
    event.type = WatchEvent::Type::Snapshot;
    event.revision = revision;
    event.namespaceName = m_query.namespaceName;
    event.service.service = m_query.service;
    event.instances.reserve(instances.size());
    for (const Instance &instance : instances) {
        event.instances.append(InstanceRecord::fromInstance(instance));
    }
    writeEvent(revision, QStringLiteral("snapshot"), event.toJson());
    m_currentRevision = revision;
}

void WatchStream::replay(const QList<HubEventPtr> &events, quint64 since)
{
    m_currentRevision = since;
    for (const HubEventPtr &event : events) {
        process(event);
    }
}

void WatchStream::startLive()
{
    m_live = true;
    m_keepalive.start();
    processBacklog();
}

bool WatchStream::isBlocked() const
{
    return m_connection->bytesPending() > 0;
}

bool WatchStream::offer(const HubEventPtr &event)
{
    if (m_finished) {
        return true;
    }
    if (m_live && m_backlog.empty() && !isBlocked()) {
        process(event);
        return true;
    }
    if (int(m_backlog.size()) >= MaxBacklog) {
        return false;
    }
    m_backlog.push_back(event);
    return true;
}

void WatchStream::drop()
{
    m_dropped = true;
    m_keepalive.stop(); // the server's loop ends with the backlog
    processBacklog();
}

void WatchStream::processBacklog()
{
    if (!m_live || m_finished) {
        return;
    }
    while (!m_backlog.empty() && !isBlocked()) {
        const HubEventPtr event = m_backlog.front();
        m_backlog.pop_front();
        process(event);
    }
    if (m_dropped && m_backlog.empty()) {
        finish();
    }
}

void WatchStream::process(const HubEventPtr &event)
{
    // The server's registryWatchEventDTO: other namespaces and services are
    // skipped; a change whose instance no longer matches becomes a delete.
    if (event->revision <= m_currentRevision || event->namespaceName != m_query.namespaceName ||
        !m_query.matchesService(event->service)) {
        return;
    }
    std::optional<Instance> visible;
    if (!event->isDelete) {
        visible = m_query.view(event->value, QDateTime::currentSecsSinceEpoch());
    }
    const auto payload = [&] {
        WatchEvent out = WatchEvent::deleteOf(event->revision, event->namespaceName, event->service,
                                              event->instanceId);
        if (visible) {
            out.type = WatchEvent::Type::Upsert;
            out.service = visible->key.service;
            out.service.service = event->service;
            out.instance = InstanceRecord::fromInstance(*visible);
        }
        return out.toJson();
    };
    // With a thousand watchers an event is written hundreds of times: the same
    // payload is made once (an endpoint filter changes the instance, so not then).
    QByteArray json;
    if (!visible) {
        if (event->deletePayload.isEmpty()) {
            event->deletePayload = payload();
        }
        json = event->deletePayload;
    } else if (m_query.endpoint.isEmpty()) {
        if (event->upsertPayload.isEmpty()) {
            event->upsertPayload = payload();
        }
        json = event->upsertPayload;
    } else {
        json = payload();
    }
    writeEvent(event->revision, visible ? QStringLiteral("upsert") : QStringLiteral("delete"),
               json);
    m_currentRevision = event->revision;
}

void WatchStream::writeEvent(quint64 revision, const QString &type, const QByteArray &json)
{
    m_connection->writeToStream(QByteArrayLiteral("id: ") + QByteArray::number(revision) +
                                QByteArrayLiteral("\nevent: ") + type.toLatin1() +
                                QByteArrayLiteral("\ndata: ") + json + QByteArrayLiteral("\n\n"));
}

void WatchStream::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_keepalive.stop();
    m_hub->unsubscribe(this);
    m_connection->endStream();
    deleteLater();
}

} // namespace stellmap
