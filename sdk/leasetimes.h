#pragma once

#include <QtGlobal>

namespace stellmap {

//! Lease TTL the server applies when none (or 0) is given.
inline constexpr qint64 DefaultLeaseTtlSeconds = 30;

/*!
 * The server's lease arithmetic over an instance's three times (Unix
 * seconds by the server's clock), shared by Instance and InstanceRecord.
 */
struct LeaseTimes
{
    qint64 ttlSeconds = 0;
    qint64 registeredAtUnix = 0;
    qint64 lastHeartbeatUnix = 0;

    //! The TTL in force: the stored one, or 30 s when it is not positive.
    constexpr qint64 effectiveTtl() const
    {
        return ttlSeconds > 0 ? ttlSeconds : DefaultLeaseTtlSeconds;
    }
    //! The last heartbeat, or the registration time when there was none.
    constexpr qint64 startUnix() const
    {
        return lastHeartbeatUnix > 0 ? lastHeartbeatUnix : registeredAtUnix;
    }
    //! When the lease runs out; 0 when no time is known.
    constexpr qint64 expiresAtUnix() const
    {
        const qint64 start = startUnix();
        // Wraps around like Go's int64 sum (a huge TTL then reads as expired),
        // without signed-overflow undefined behaviour.
        return start > 0 ? qint64(quint64(start) + quint64(effectiveTtl())) : 0;
    }
    //! The server's rule: alive while now <= lease start + TTL (seconds).
    constexpr bool isAlive(qint64 nowUnix) const
    {
        return nowUnix <= 0 || startUnix() <= 0 || nowUnix <= expiresAtUnix();
    }
};

} // namespace stellmap
