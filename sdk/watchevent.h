#pragma once

#include "instance.h"
#include "instancerecord.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace stellmap {

/*!
 * One change from the watch stream (GET /api/v1/registry/watch).
 *
 * A snapshot carries the full matching set; an upsert the new state of one
 * instance; a delete only the key. A delete may name an instance the client
 * never had (it stopped matching the filter): ignore it.
 */
struct WatchEvent
{
    enum class Type
    {
        Snapshot,
        Upsert,
        Delete
    };

    Type type = Type::Upsert;
    //! The server's revision (Raft index): increasing on a stream, not contiguous.
    quint64 revision = 0;
    QString namespaceName;
    //! For a snapshot only \c service.service (the filter's service) may be set.
    ServiceName service;
    QString instanceId;
    //! Upsert only (null otherwise).
    InstanceRecord instance;
    //! Snapshot only.
    QList<InstanceRecord> instances;

    /*!
     * Decodes one dispatched SSE event. \a eventName is the `event:` field
     * (the payload's "type" wins when present), \a lastEventId the `id:` text,
     * used when the payload's revision is 0 or absent.
     *
     * Returns std::nullopt without an error for events that carry no change
     * (ping, heartbeat, keepalive); with \a error set for an undecodable
     * payload or an unknown type.
     */
    static std::optional<WatchEvent> fromSse(const QString &eventName, const QByteArray &data,
                                             const QString &lastEventId, QString *error);

    //! An upsert of \a instance (its key names the event).
    static WatchEvent upsertOf(quint64 revision, const Instance &instance);
    static WatchEvent upsertOf(quint64 revision, const InstanceRecord &instance);
    //! A delete as the server sends it: structured parts parsed from \a service.
    static WatchEvent deleteOf(quint64 revision, const QString &namespaceName,
                               const QString &service, const QString &instanceId);

    //! The payload exactly as the server writes it (one line, no newline).
    QByteArray toJson() const;
    static QString typeName(Type type);
};

} // namespace stellmap
