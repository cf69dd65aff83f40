#pragma once

#include "servicename.h"
#include "validationerror.h"

#include <QString>

namespace stellmap {

class JsonWriter;

//! What identifies an instance: (namespace, service, instanceId).
struct InstanceKey
{
    QString namespaceName;
    ServiceName service;
    QString instanceId;

    /*!
     * Trims namespace and instance id and normalizes the service identity
     * like the server; does not check that the three are present.
     */
    ValidationError normalize();
    //! "namespace, service and instanceId are required" when one is blank.
    ValidationError checkRequired() const;

    /*!
     * False when a part contains '/': the server stores and answers queries
     * for such an instance but never emits a watch event for it.
     */
    bool isWatchable() const;
    //! A user-facing warning when !isWatchable(), else empty.
    QString watchabilityWarning() const;

    //! Writes namespace, service, the structured parts (when set) and instanceId.
    void writeJsonMembers(JsonWriter &writer) const;

    friend bool operator==(const InstanceKey &, const InstanceKey &) = default;
};

} // namespace stellmap
