#pragma once

#include "endpoint.h"
#include "instancekey.h"
#include "jsonwriter.h"
#include "leasetimes.h"

#include <QDateTime>
#include <QList>

class QJsonObject;

namespace stellmap {

/*!
 * A registered service instance as the server returns it from query and
 * watch. Times are the server's Unix seconds.
 */
struct Instance
{
    InstanceKey key;
    QString zone;
    StringMap labels;
    StringMap metadata;
    QList<Endpoint> endpoints;
    qint64 leaseTtlSeconds = 0;
    qint64 registeredAtUnix = 0;
    qint64 lastHeartbeatUnix = 0;

    LeaseTimes leaseTimes() const { return {leaseTtlSeconds, registeredAtUnix, lastHeartbeatUnix}; }
    //! The TTL in force: the stored one, or 30 s when it is not positive.
    qint64 effectiveLeaseTtl() const;
    //! The last heartbeat, or the registration time when there was none.
    qint64 leaseStartUnix() const;
    //! Server time at which the lease runs out; 0 when no time is known.
    qint64 expiresAtUnix() const;
    QDateTime expiresAt() const;
    //! The server's rule: alive while now <= lease start + TTL (seconds).
    bool isAlive(qint64 nowUnix) const;

    //! Lenient: absent members stay empty, mistyped ones are ignored.
    static Instance fromJson(const QJsonObject &object);
    //! Exact: the members, order and omissions of the server's answer.
    void writeJson(JsonWriter &writer) const;
    QByteArray toJson() const;

    friend bool operator==(const Instance &, const Instance &) = default;
};

} // namespace stellmap
