#pragma once

#include "queryfilter.h"
#include "watchhub.h"

#include <QObject>
#include <QTimer>

#include <deque>

namespace stellmap {

class HttpConnection;

/*!
 * One watcher's Server-Sent-Events stream, written as the server writes it:
 * `id: R`, `event: T`, `data: {...}` and a blank line per event, a
 * `: keepalive` comment every keepalive period.
 *
 * Live events are written at once while the client keeps up; while its
 * socket is full they wait in a backlog, and a backlog over 128 events gets
 * the watcher dropped (its stream ends after the backlog), as the server does.
 */
class WatchStream : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxBacklog = 128;

    WatchStream(HttpConnection *connection, ResolvedQuery query, int keepaliveMs, WatchHub *hub);
    ~WatchStream() override;

    void writeSnapshot(quint64 revision, const QList<Instance> &instances);
    void replay(const QList<HubEventPtr> &events, quint64 since);
    //! Starts the live phase: keepalives and live events from now on.
    void startLive();

    //! A live event; false when the backlog is full and the watcher must be dropped.
    bool offer(const HubEventPtr &event);
    //! The hub dropped this watcher: write what is queued, then end the stream.
    void drop();

    void setSubscribed(bool subscribed) { m_subscribed = subscribed; }
    bool isSubscribed() const { return m_subscribed; }

private:
    bool isBlocked() const;
    void process(const HubEventPtr &event);
    void processBacklog();
    void writeEvent(quint64 revision, const QString &type, const QByteArray &json);
    void finish();

    HttpConnection *m_connection;
    ResolvedQuery m_query;
    WatchHub *m_hub;
    QTimer m_keepalive;
    std::deque<HubEventPtr> m_backlog;
    quint64 m_currentRevision = 0;
    bool m_subscribed = false;
    bool m_live = false;
    bool m_dropped = false;
    bool m_finished = false;
};

} // namespace stellmap
