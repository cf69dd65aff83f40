#pragma once

#include "instancekey.h"
#include "validationerror.h"

namespace stellmap {

/*!
 * Body of POST /api/v1/registry/deregister. Deregistering an unknown
 * instance still succeeds on the server (and still emits a delete event).
 */
struct DeregisterRequest
{
    InstanceKey key;

    //! The server's identity rules; returns its message for the first one broken.
    ValidationError normalize();
    QByteArray toJson() const;
};

} // namespace stellmap
