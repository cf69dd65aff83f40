#pragma once

#include "instancekey.h"
#include "validationerror.h"

namespace stellmap {

/*!
 * Body of POST /api/v1/registry/heartbeat: renews a lease, optionally with a
 * new TTL (0 keeps the stored one).
 */
struct HeartbeatRequest
{
    InstanceKey key;
    qint64 leaseTtlSeconds = 0;

    //! Identity rules first, then the TTL, as the server checks them.
    ValidationError normalize();
    QByteArray toJson() const;
};

} // namespace stellmap
