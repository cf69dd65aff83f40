#pragma once

#include "endpoint.h"
#include "instancekey.h"
#include "jsonwriter.h"
#include "validationerror.h"

namespace stellmap {

struct Instance;

/*!
 * Body of POST /api/v1/registry/register: creates or replaces an instance.
 */
struct RegisterRequest
{
    InstanceKey key;
    QString zone;
    StringMap labels;
    StringMap metadata;
    QList<Endpoint> endpoints;
    //! 0 lets the server apply its default of 30 s.
    qint64 leaseTtlSeconds = 0;

    //! A request that registers \a instance again as it is (for duplicating or re-labelling).
    static RegisterRequest fromInstance(const Instance &instance);

    /*!
     * Applies the server's normalisation in the server's order and returns its
     * message for the first rule broken: service identity, lease TTL,
     * endpoints, then the required identity.
     */
    ValidationError normalize();
    //! The body as sent: empty optional members are left out.
    QByteArray toJson() const;
};

} // namespace stellmap
