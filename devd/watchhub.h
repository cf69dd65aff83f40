#pragma once

#include "instance.h"
#include "registrychange.h"

#include <QList>
#include <QObject>

#include <deque>
#include <memory>

namespace stellmap {

class RegistryStore;
class WatchStream;

//! A change as the watch machinery sees it: its key parts and, for a put, the value.
struct HubEvent
{
    quint64 revision = 0;
    bool isDelete = false;
    QString namespaceName;
    QString service;
    QString instanceId;
    Instance value;
    //! The payloads written for it, made once for all watchers that see the same
    //! (an upsert as queries without an endpoint filter see it; a delete).
    mutable QByteArray upsertPayload;
    mutable QByteArray deletePayload;
};

using HubEventPtr = std::shared_ptr<const HubEvent>;

/*!
 * Fans applied changes out to watch streams and keeps the last N events of
 * all namespaces for resumption, with the server's rules: a resume is exact
 * when the revision is at or above the oldest kept event's revision - 1 (or
 * above the newest), and a watcher whose backlog exceeds 128 events is
 * dropped rather than slowing writers.
 */
class WatchHub : public QObject
{
    Q_OBJECT

public:
    WatchHub(RegistryStore *store, int historySize, QObject *parent = nullptr);

    struct Subscription
    {
        QList<HubEventPtr> replay;
        bool exact = false;
    };

    //! Registers \a stream for live events and returns what it missed since \a since.
    Subscription subscribe(WatchStream *stream, quint64 since);
    void unsubscribe(WatchStream *stream);
    int streamCount() const { return int(m_streams.size()); }

private:
    void publish(const RegistryChange &change);

    std::deque<HubEventPtr> m_history;
    int m_historySize;
    QList<WatchStream *> m_streams;
};

} // namespace stellmap
