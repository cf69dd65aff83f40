#include "instancekey.h"

#include "gotext.h"
#include "jsonwriter.h"

namespace stellmap {

ValidationError InstanceKey::normalize()
{
    namespaceName = GoText::trimSpace(namespaceName);
    instanceId = GoText::trimSpace(instanceId);
    return service.normalize();
}

ValidationError InstanceKey::checkRequired() const
{
    if (namespaceName.isEmpty() || service.service.isEmpty() || instanceId.isEmpty()) {
        QString field = namespaceName.isEmpty()     ? QStringLiteral("namespace")
                        : service.service.isEmpty() ? QStringLiteral("service")
                                                    : QStringLiteral("instanceId");
        return {field, QStringLiteral("namespace, service and instanceId are required")};
    }
    return {};
}

bool InstanceKey::isWatchable() const
{
    const QLatin1Char slash('/');
    return !namespaceName.contains(slash) && !service.service.contains(slash) &&
           !instanceId.contains(slash);
}

QString InstanceKey::watchabilityWarning() const
{
    if (isWatchable()) {
        return QString();
    }
    return QStringLiteral("a namespace, service or instance id containing '/' is stored and can be "
                          "queried, but the server never sends watch events for it: live views "
                          "will not show it");
}

void InstanceKey::writeJsonMembers(JsonWriter &writer) const
{
    writer.member(QLatin1String("namespace"), namespaceName)
        .member(QLatin1String("service"), service.service)
        .optionalMember(QLatin1String("organization"), service.organization)
        .optionalMember(QLatin1String("businessDomain"), service.businessDomain)
        .optionalMember(QLatin1String("capabilityDomain"), service.capabilityDomain)
        .optionalMember(QLatin1String("application"), service.application)
        .optionalMember(QLatin1String("role"), service.role)
        .member(QLatin1String("instanceId"), instanceId);
}

} // namespace stellmap
