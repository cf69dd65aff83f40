#include "watchhub.h"

#include "registrystore.h"
#include "watchstream.h"

namespace stellmap {

WatchHub::WatchHub(RegistryStore *store, int historySize, QObject *parent)
    : QObject(parent)
    , m_historySize(qMax(1, historySize))
{
    connect(store, &RegistryStore::changeApplied, this, &WatchHub::publish);
}

WatchHub::Subscription WatchHub::subscribe(WatchStream *stream, quint64 since)
{
    m_streams.append(stream);
    stream->setSubscribed(true);
    Subscription subscription;
    if (since == 0 || m_history.empty()) {
        return subscription;
    }
    const quint64 oldest = m_history.front()->revision;
    const quint64 latest = m_history.back()->revision;
    if (since > latest) {
        subscription.exact = true;
        return subscription;
    }
    if (since + 1 < oldest) {
        return subscription;
    }
    subscription.exact = true;
    for (const HubEventPtr &event : m_history) {
        if (event->revision > since) {
            subscription.replay.append(event);
        }
    }
    return subscription;
}

void WatchHub::unsubscribe(WatchStream *stream)
{
    if (m_streams.removeOne(stream)) {
        stream->setSubscribed(false);
    }
}

void WatchHub::publish(const RegistryChange &change)
{
    if (change.op == RegistryChange::Op::Noop) {
        return;
    }
    auto event = std::make_shared<HubEvent>();
    if (!RegistryStore::parseKey(change.key, &event->namespaceName, &event->service,
                                 &event->instanceId)) {
        return; // a name with '/': stored, but the server never emits it
    }
    event->revision = change.revision;
    event->isDelete = change.op == RegistryChange::Op::Delete;
    if (!event->isDelete) {
        event->value = change.value;
    }
    HubEventPtr shared = std::move(event);
    m_history.push_back(shared);
    while (int(m_history.size()) > m_historySize) {
        m_history.pop_front();
    }
    // A stream may end (and unsubscribe) while it is offered an event.
    const QList<WatchStream *> streams = m_streams;
    for (WatchStream *stream : streams) {
        if (stream->isSubscribed() && !stream->offer(shared)) {
            unsubscribe(stream);
            stream->drop();
        }
    }
}

} // namespace stellmap
